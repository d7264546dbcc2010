"""API for reproduction (sao, chụp), on the same services as the pages: requests on
items the caller may know of (others are 404), decision and execution as actions.
A refusal is 403 with its rule and legal basis (core.api); invalid data 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.org.api import drf_error
from bmnn.records.models import Copy, Reproduction, ReproductionMethod, SecretItem
from bmnn.records.services import reproduction as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết tài liệu (như nhau).")


class ReproductionSerializer(serializers.ModelSerializer):
    # Plain text, not a model-choice enum: several records models have a "status" field.
    status = serializers.CharField(read_only=True, help_text="requested | approved | refused | done")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    method = serializers.CharField(read_only=True, help_text="sao_y | sao_luc | trich_sao | chup")
    item_reference = serializers.CharField(source="item.reference", read_only=True)
    level = serializers.CharField(source="item.level", read_only=True)
    copy_numbers = serializers.SerializerMethodField()

    class Meta:
        model = Reproduction
        fields = ["id", "item", "item_reference", "level", "source_copy", "method", "copies_requested", "purpose",
                  "requested_by", "requested_at", "status", "status_display", "decided_by", "decided_on",
                  "decision_reason", "authority_basis", "delegation", "executor", "place", "device", "copies_made",
                  "copies_spoiled", "register_entry", "copy_numbers"]
        read_only_fields = fields

    def get_copy_numbers(self, reproduction) -> list[int]:
        return [c.number for c in reproduction.copies.all()]


class RequestSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    source_copy = serializers.IntegerField(required=False, allow_null=True)
    method = serializers.ChoiceField(choices=ReproductionMethod.choices)
    copies_requested = serializers.IntegerField(min_value=1)
    purpose = serializers.CharField(max_length=500)


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ExecutionSerializer(serializers.Serializer):
    copies_made = serializers.IntegerField(min_value=1)
    copies_spoiled = serializers.IntegerField(min_value=0, default=0)
    place = serializers.CharField(max_length=200)
    device = serializers.CharField(max_length=200)


@extend_schema_view(
    list=extend_schema(summary="Đề nghị sao, chụp tài liệu mà người dùng được phép biết"),
    retrieve=extend_schema(summary="Một đề nghị sao, chụp", responses={200: ReproductionSerializer, 404: HIDDEN}),
)
class ReproductionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sao, chụp bí mật nhà nước."""

    serializer_class = ReproductionSerializer
    queryset = Reproduction.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_reproductions(self.request.user).prefetch_related("copies")

    def _run(self, act, *args, **kwargs):
        try:
            return act(*args, **kwargs)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(summary="Đề nghị sao, chụp (bị từ chối ngay khi tài liệu ghi «không được phép sao, chụp»)",
                   request=RequestSerializer, responses={201: ReproductionSerializer, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = RequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=fields.pop("item"))
        source = fields.pop("source_copy", None)
        source_copy = get_object_or_404(Copy, pk=source, item=item) if source else None
        reproduction = self._run(service.request_reproduction, request.user, item, source_copy=source_copy,
                                 on=today(), **fields)
        return Response(ReproductionSerializer(reproduction).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Quyết định cho phép hoặc không cho phép (thẩm quyền theo độ mật, kể cả ủy quyền)",
                   request=DecisionSerializer, responses={200: ReproductionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reproduction = self._run(service.decide_reproduction, request.user, self.get_object(), on=today(),
                                 **data.validated_data)
        return Response(ReproductionSerializer(reproduction).data)

    @extend_schema(summary="Ghi việc sao, chụp: bản sao số, sổ quản lý sao, chụp, bản hỏng hủy ngay",
                   request=ExecutionSerializer, responses={200: ReproductionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def execute(self, request, pk=None):
        data = ExecutionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reproduction = self.get_object()
        self._run(service.execute_reproduction, request.user, reproduction, on=today(), **data.validated_data)
        return Response(ReproductionSerializer(self.get_queryset().get(pk=reproduction.pk)).data)


def register(router) -> None:
    router.register("records/reproductions", ReproductionViewSet, basename="records-reproduction")
