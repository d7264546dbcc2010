"""API for declassification (giải mật), on the same services as the pages: the
declassifications of items the caller may know of (others are 404), the head's decision
(create) and the administrator's removal of a list entry (action). A refusal is 403 with
its rule and legal basis (core.api); invalid data 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.org.api import drf_error
from bmnn.records.models import Declassification, SecretItem, SecretListEntry
from bmnn.records.services import councils
from bmnn.records.services import declass as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết tài liệu (như nhau).")


class DeclassificationSerializer(serializers.ModelSerializer):
    ground = serializers.CharField(read_only=True, help_text="expired | decision | list_removal")
    ground_display = serializers.CharField(source="get_ground_display", read_only=True)
    item_reference = serializers.CharField(source="item.reference", read_only=True)
    stamp = serializers.CharField(read_only=True, help_text="«GIẢI MẬT – Từ: dd/mm/yyyy»; rỗng khi giải mật một phần")

    class Meta:
        model = Declassification
        fields = ["id", "item", "item_reference", "ground", "ground_display", "partial", "released_content", "level",
                  "unit", "council", "reference", "decided_by", "decided_on", "authority_basis", "list_entry",
                  "reason", "basis", "effective_on", "other_papers", "stamp"]
        read_only_fields = fields


class DeclassDecisionSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    council = serializers.IntegerField(help_text="Hội đồng giải mật đã họp và có biên bản")
    partial = serializers.BooleanField(default=False)
    released_content = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    reference = serializers.CharField(max_length=120)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    other_papers = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ListEntryRemovalSerializer(serializers.Serializer):
    entry = serializers.IntegerField(help_text="Mục trong danh mục BMNN")
    reason = serializers.CharField(max_length=500)


@extend_schema_view(
    list=extend_schema(summary="Giải mật tài liệu mà người dùng được phép biết"),
    retrieve=extend_schema(summary="Một lần giải mật", responses={200: DeclassificationSerializer, 404: HIDDEN}),
)
class DeclassificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Giải mật bí mật nhà nước."""

    serializer_class = DeclassificationSerializer
    queryset = Declassification.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_declassifications(self.request.user, today())

    def _run(self, act, *args, **kwargs):
        try:
            return act(*args, **kwargs)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(summary="Quyết định giải mật (người đứng đầu, sau khi Hội đồng giải mật có biên bản)",
                   request=DeclassDecisionSerializer, responses={201: DeclassificationSerializer, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = DeclassDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        on = today()
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=fields.pop("item"))
        council = get_object_or_404(councils.visible_councils(request.user, on), pk=fields.pop("council"))
        row = self._run(service.decide_declassification, request.user, item, council=council, on=on, **fields)
        return Response(DeclassificationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Đưa một mục ra khỏi danh mục: giải mật mọi tài liệu theo mục đó, thông báo ngay "
                           "(quản trị hệ thống)",
                   request=ListEntryRemovalSerializer, responses={200: DeclassificationSerializer(many=True), 403: REFUSED})
    @action(detail=False, methods=["post"], url_path="remove-list-entry")
    def remove_list_entry(self, request):
        data = ListEntryRemovalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = get_object_or_404(SecretListEntry, pk=data.validated_data["entry"])
        rows = self._run(service.remove_list_entry, request.user, entry, on=today(),
                         reason=data.validated_data["reason"])
        return Response(DeclassificationSerializer(rows, many=True).data)


def register(router) -> None:
    router.register("records/declassifications", DeclassificationViewSet, basename="records-declassification")
