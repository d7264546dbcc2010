"""Read-only API for secret items, on the same visible queryset as the pages:
pagination counts only what the caller may see; a hidden item is 404."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from bmnn.core.levels import Level
from bmnn.records import services
from bmnn.records.models import ItemStatus, SecretItem
from bmnn.records.services.search import ItemFilters, search_items


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class SecretItemSerializer(serializers.ModelSerializer):
    holding_unit = UnitRefSerializer(read_only=True)
    issuing_unit = UnitRefSerializer(read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = SecretItem
        fields = ["id", "reference", "issued_on", "kind", "document_type", "level", "level_display",
                  "holding_unit", "issuing_unit", "classified_on"]


class SecretItemDetailSerializer(SecretItemSerializer):
    class Meta(SecretItemSerializer.Meta):
        # The summary is secret content: only on detail, whose read is recorded in the ledger.
        fields = [*SecretItemSerializer.Meta.fields, "summary"]


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách tài liệu, vật chứa BMNN mà người dùng được phép biết",
        description="Chỉ gồm tài liệu thuộc phạm vi được giao tiếp cận và được biết; `count` chỉ đếm những tài liệu "
                    "đó. Không có trích yếu (xem chi tiết).",
        parameters=[
            OpenApiParameter("q", str, description="Tìm không dấu theo số, ký hiệu và tên loại (\"bao cao\")."),
            OpenApiParameter("level", str, enum=Level.values, description="Lọc theo độ mật."),
            OpenApiParameter("unit", int, description="Đơn vị quản lý (gồm đơn vị cấp dưới)."),
            OpenApiParameter("status", str, enum=ItemStatus.values, description="Trạng thái."),
            *[OpenApiParameter(name, str, description="Ngày, dd/mm/yyyy hoặc yyyy-mm-dd.")
              for name in ("issued_from", "issued_to", "classified_from", "classified_to")],
        ]),
    retrieve=extend_schema(
        summary="Chi tiết một tài liệu (lượt xem được ghi vào nhật ký)",
        responses={200: SecretItemDetailSerializer,
                   404: OpenApiResponse(description="Không có, hoặc người dùng không được phép biết (như nhau).")}),
)
class SecretItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Tài liệu, vật chứa BMNN (chỉ đọc)."""

    serializer_class = SecretItemSerializer
    queryset = SecretItem.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        # The same filters as the item list page (records.services.search), except the
        # summary, which is searched only on the page (bounded, in memory).
        return search_items(self.request.user, ItemFilters.from_params(self.request.query_params))

    def retrieve(self, request, *args, **kwargs):
        item = services.open_item(request.user, kwargs["pk"])
        return Response(SecretItemDetailSerializer(item).data)

    def get_serializer_class(self):
        return SecretItemDetailSerializer if self.action == "retrieve" else SecretItemSerializer


def register(router) -> None:
    """Registers the records viewsets on the API router."""
    router.register("records/items", SecretItemViewSet, basename="records-item")
    from bmnn.records import api_delivery

    api_delivery.register(router)
    from bmnn.records import api_classification

    api_classification.register(router)
    from bmnn.records import api_reproduction, api_stocktake

    api_reproduction.register(router)
    api_stocktake.register(router)
    from bmnn.records import api_notices_councils

    api_notices_councils.register(router)
    from bmnn.records import api_meetings

    api_meetings.register(router)
    from bmnn.records import api_destruction

    api_destruction.register(router)
    from bmnn.records import api_registers

    api_registers.register(router)
    from bmnn.outputs import api_registers as register_prints

    register_prints.register(router)
    from bmnn.records import api_carryout

    api_carryout.register(router)
    from bmnn.records import api_queues

    api_queues.register(router)
    from bmnn.records import api_provision

    api_provision.register(router)
    from bmnn.records import api_recall

    api_recall.register(router)
    from bmnn.records import api_periods

    api_periods.register(router)
    from bmnn.records import api_declass

    api_declass.register(router)
    from bmnn.records import api_annual_report

    api_annual_report.register(router)
