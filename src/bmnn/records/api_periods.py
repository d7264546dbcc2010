"""API for extensions of the protection period (gia hạn) and adjustments of the level
(điều chỉnh độ mật), on the same services as the pages: decisions on items the caller may
know of (others are 404), created by POST. A refusal is 403 with its rule and legal basis
(core.api); invalid data 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.core.levels import Level
from bmnn.org.api import drf_error
from bmnn.records.models import Adjustment, Extension, SecretItem, SecretListEntry
from bmnn.records.services import periods as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết tài liệu (như nhau).")
ITEM_FILTER = OpenApiParameter("item", int, description="Chỉ các quyết định về tài liệu này")

_DECISION_FIELDS = ["id", "item", "item_reference", "unit", "decision_reference", "decided_by", "decided_on",
                    "reason", "authority_basis", "via", "delegation", "created_at"]


class ExtensionSerializer(serializers.ModelSerializer):
    item_reference = serializers.CharField(source="item.reference", read_only=True)
    level = serializers.CharField(read_only=True, help_text="MAT | TOI_MAT | TUYET_MAT")

    class Meta:
        model = Extension
        fields = [*_DECISION_FIELDS, "level", "years", "months", "previous_until", "new_until"]
        read_only_fields = fields


class AdjustmentSerializer(serializers.ModelSerializer):
    item_reference = serializers.CharField(source="item.reference", read_only=True)
    from_level = serializers.CharField(read_only=True, help_text="MAT | TOI_MAT | TUYET_MAT")
    to_level = serializers.CharField(read_only=True, help_text="MAT | TOI_MAT | TUYET_MAT")

    class Meta:
        model = Adjustment
        fields = [*_DECISION_FIELDS, "from_level", "to_level", "list_entry", "previous_until", "new_until",
                  "period_basis", "summary_removed"]
        read_only_fields = fields


class _DecisionInput(serializers.Serializer):
    item = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000)
    decision_reference = serializers.CharField(max_length=120)
    decided_on = serializers.DateField(required=False, help_text="Mặc định: hôm nay")


class ExtensionInput(_DecisionInput):
    years = serializers.IntegerField(min_value=0, max_value=30)
    months = serializers.IntegerField(min_value=0, max_value=11, default=0)


class AdjustmentInput(_DecisionInput):
    to_level = serializers.ChoiceField(choices=Level.choices)
    list_entry = serializers.IntegerField(required=False, allow_null=True)
    summary_consent = serializers.BooleanField(default=False)
    remove_summary = serializers.BooleanField(default=False)


class _DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = r"\d+"
    input_class: type[serializers.Serializer]
    act = None

    def visible(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def get_queryset(self):
        decisions = self.visible()
        item = self.request.query_params.get("item", "")
        return decisions.filter(item_id=int(item)) if item.isdigit() else decisions

    def prepare(self, fields: dict) -> dict:
        return fields

    def create(self, request):
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=fields.pop("item"))
        on = fields.pop("decided_on", None) or today()
        try:
            decision = type(self).act(request.user, item, on=on, **self.prepare(fields))
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Các quyết định gia hạn thời hạn bảo vệ (tài liệu người dùng được phép biết)",
                       parameters=[ITEM_FILTER]),
    retrieve=extend_schema(summary="Một quyết định gia hạn", responses={200: ExtensionSerializer, 404: HIDDEN}),
    create=extend_schema(
        summary="Gia hạn thời hạn bảo vệ (người đứng đầu cơ quan xác định độ mật; chậm nhất 60 ngày trước khi hết "
                "hạn; mỗi lần không quá thời hạn của độ mật)",
        request=ExtensionInput, responses={201: ExtensionSerializer, 400: OpenApiResponse(description="Dữ liệu sai"),
                                           403: REFUSED, 404: HIDDEN}),
)
class ExtensionViewSet(_DecisionViewSet):
    """Gia hạn thời hạn bảo vệ bí mật nhà nước."""

    serializer_class = ExtensionSerializer
    queryset = Extension.objects.none()  # for the schema; get_queryset is what runs
    input_class = ExtensionInput
    act = staticmethod(service.extend)

    def visible(self):
        return service.visible_extensions(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Các quyết định điều chỉnh độ mật (tài liệu người dùng được phép biết)",
                       parameters=[ITEM_FILTER]),
    retrieve=extend_schema(summary="Một quyết định điều chỉnh độ mật",
                           responses={200: AdjustmentSerializer, 404: HIDDEN}),
    create=extend_schema(
        summary="Điều chỉnh độ mật (người đứng đầu cơ quan xác định độ mật, căn cứ mục danh mục)",
        request=AdjustmentInput, responses={201: AdjustmentSerializer,
                                            400: OpenApiResponse(description="Dữ liệu sai"), 403: REFUSED,
                                            404: HIDDEN}),
)
class AdjustmentViewSet(_DecisionViewSet):
    """Điều chỉnh độ mật."""

    serializer_class = AdjustmentSerializer
    queryset = Adjustment.objects.none()
    input_class = AdjustmentInput
    act = staticmethod(service.adjust)

    def visible(self):
        return service.visible_adjustments(self.request.user)

    def prepare(self, fields: dict) -> dict:
        entry = fields.get("list_entry")
        if entry is not None:
            found = SecretListEntry.objects.select_related("secret_list").filter(pk=entry).first()
            if found is None:
                raise serializers.ValidationError({"list_entry": ["Không có mục danh mục này."]})
            fields["list_entry"] = found
        else:
            fields["list_entry"] = None
        return fields


def register(router) -> None:
    router.register("records/extensions", ExtensionViewSet, basename="records-extension")
    router.register("records/adjustments", AdjustmentViewSet, basename="records-adjustment")
