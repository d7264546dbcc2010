"""API for carrying items out of their storage place (mang ra khỏi nơi lưu giữ), on the same
services as the pages: carry-outs of items the caller may know of (others are 404), the
request, and decision, return and loss report as actions. A refusal is 403 with its rule and
legal basis (core.api); invalid data 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.org.api import drf_error
from bmnn.org.models import Position
from bmnn.records.models import CarryOut, CarryOutScope, CarryOutStatus, Copy, IncidentKind, SecretItem
from bmnn.records.services import carryout as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết tài liệu (như nhau).")


class CarryOutSerializer(serializers.ModelSerializer):
    # Plain text, not a model-choice enum: several records models have "status" and "scope" fields.
    status = serializers.CharField(read_only=True, help_text="requested | approved | refused | returned")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    scope = serializers.CharField(read_only=True, help_text="domestic | abroad")
    level = serializers.CharField(read_only=True, help_text="MAT | TOI_MAT | TUYET_MAT")
    item_reference = serializers.CharField(source="item.reference", read_only=True)
    item_type = serializers.SerializerMethodField()
    carrier_name = serializers.CharField(source="carrier.full_name", read_only=True)
    position_title = serializers.CharField(source="carrier_position.title", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    copies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    incidents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CarryOut
        fields = ["id", "item", "item_reference", "item_type", "level", "copies", "carrier", "carrier_name",
                  "carrier_position", "position_title", "unit", "scope", "purpose", "destination", "leaves_on",
                  "returns_by", "protection_measures", "delegation_head", "requested_on", "status",
                  "status_display", "decided_by", "decided_on", "decision_reason", "authority_basis", "delegation",
                  "returned_on", "report", "is_overdue", "overdue_flagged_on", "incidents"]
        read_only_fields = fields

    def get_item_type(self, carry_out) -> str:
        return carry_out.item.document_type or carry_out.item.get_kind_display()


class CarryOutRequestSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    copies = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    position = serializers.IntegerField(required=False, allow_null=True,
                                        help_text="Chức vụ của người mang; bỏ trống khi chỉ giữ một chức vụ.")
    scope = serializers.ChoiceField(choices=CarryOutScope.choices)
    purpose = serializers.CharField(max_length=1000, allow_blank=True)
    destination = serializers.CharField(max_length=300, allow_blank=True)
    leaves_on = serializers.DateField(allow_null=True)
    returns_by = serializers.DateField(allow_null=True)
    protection_measures = serializers.CharField(max_length=500, allow_blank=True)
    delegation_head = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CarryOutDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CarryOutReturnSerializer(serializers.Serializer):
    report = serializers.CharField(max_length=2000, allow_blank=True)


class CarryOutLossSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    copies = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    description = serializers.CharField(max_length=500, allow_blank=True)


class CarryOutIncidentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    copy = serializers.IntegerField(source="copy_id", allow_null=True)
    reported_on = serializers.DateField()
    reported_to = serializers.CharField()


@extend_schema_view(
    list=extend_schema(summary="Việc mang tài liệu ra khỏi nơi lưu giữ (tài liệu người dùng được phép biết)",
                       parameters=[OpenApiParameter("status", OpenApiTypes.STR, description="requested | approved | "
                                                    "refused | returned"),
                                   OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Chỉ quá hạn nộp lại")]),
    retrieve=extend_schema(summary="Một việc mang ra khỏi nơi lưu giữ",
                           responses={200: CarryOutSerializer, 404: HIDDEN}),
)
class CarryOutViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Mang tài liệu, vật chứa bí mật nhà nước ra khỏi nơi lưu giữ."""

    serializer_class = CarryOutSerializer
    queryset = CarryOut.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        carry_outs = service.visible_carry_outs(self.request.user, today()).prefetch_related("copies", "incidents")
        if self.action == "list":
            status_ = self.request.query_params.get("status", "")
            if status_ in CarryOutStatus.values:
                carry_outs = carry_outs.filter(status=status_)
            if self.request.query_params.get("overdue") in ("1", "true", "True"):
                carry_outs = carry_outs.filter(is_overdue=True)
        return carry_outs

    def _run(self, act, *args, **kwargs):
        try:
            return act(*args, **kwargs)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def _fresh(self, carry_out) -> Response:
        return Response(CarryOutSerializer(self.get_queryset().get(pk=carry_out.pk)).data)

    @extend_schema(summary="Văn bản xin phép mang ra khỏi nơi lưu giữ (người mang là người gửi)",
                   request=CarryOutRequestSerializer, responses={201: CarryOutSerializer, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = CarryOutRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=fields.pop("item"))
        copy_ids = fields.pop("copies")
        copies = list(Copy.objects.filter(pk__in=copy_ids))
        if len(copies) != len(set(copy_ids)):
            raise serializers.ValidationError({"copies": ["Có bản không tồn tại."]})
        position_id = fields.pop("position", None)
        position = Position.objects.filter(pk=position_id).select_related("unit").first() if position_id else None
        if position_id and position is None:
            raise serializers.ValidationError({"position": ["Chức vụ không tồn tại."]})
        carry_out = self._run(service.request_carry_out, request.user, item, copies=copies, position=position,
                              on=today(), **fields)
        return Response(CarryOutSerializer(self.get_queryset().get(pk=carry_out.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Cho phép hoặc không cho phép (trong nước: người đứng đầu hoặc cấp phó được ủy quyền; "
                           "nước ngoài: người có thẩm quyền tại Điều 14 khoản 2)",
                   request=CarryOutDecisionSerializer, responses={200: CarryOutSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = CarryOutDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        carry_out = self._run(service.decide_carry_out, request.user, self.get_object(), on=today(),
                              **data.validated_data)
        return self._fresh(carry_out)

    @extend_schema(summary="Người mang nộp lại và báo cáo người đã cho phép",
                   request=CarryOutReturnSerializer, responses={200: CarryOutSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = CarryOutReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        carry_out = self._run(service.return_carry_out, request.user, self.get_object(), on=today(),
                              **data.validated_data)
        return self._fresh(carry_out)

    @extend_schema(summary="Báo cáo ngay việc lộ, mất trong thời gian mang ra (mở vụ việc)",
                   request=CarryOutLossSerializer, responses={201: CarryOutIncidentSerializer(many=True), 403: REFUSED,
                                                      404: HIDDEN})
    @action(detail=True, methods=["post"], url_path="report-loss")
    def report_loss(self, request, pk=None):
        data = CarryOutLossSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        carry_out = self.get_object()
        copy_ids = fields.pop("copies")
        copies = list(Copy.objects.filter(pk__in=copy_ids))
        if len(copies) != len(set(copy_ids)):
            raise serializers.ValidationError({"copies": ["Có bản không tồn tại."]})
        incidents = self._run(service.report_loss, request.user, carry_out, copies=copies, on=today(), **fields)
        return Response(CarryOutIncidentSerializer(incidents, many=True).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("records/carry-outs", CarryOutViewSet, basename="records-carryout")
