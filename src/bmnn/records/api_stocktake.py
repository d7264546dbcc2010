"""API for stock-takes (kiểm kê), loss incidents and the inventory (thống kê).

Stock-takes and incidents exist only for the unit's security officer and leaders
(404 otherwise); a line or incident about an item the caller may not know of carries
no reference (`hidden: true`). The inventory counts only visible items."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import today
from bmnn.core.dates import parse_date
from bmnn.core.levels import Level
from bmnn.org.api import drf_error
from bmnn.org.models import Person, Unit
from bmnn.records.models import Incident, SecretItem, StockTake, StockTakeLine
from bmnn.records.services import inventory as inventory_service
from bmnn.records.services import stocktake as service
from bmnn.records.services.stocktake import keeper_units

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không kiểm kê cho đơn vị này (như nhau).")


def _visible_item_ids(person, item_ids) -> set[int]:
    return set(SecretItem.objects.visible_to(person).filter(pk__in=set(item_ids)).values_list("pk", flat=True))


class StockTakeLineSerializer(serializers.ModelSerializer):
    copy_label = serializers.SerializerMethodField()
    hidden = serializers.SerializerMethodField()

    class Meta:
        model = StockTakeLine
        fields = ["id", "copy", "copy_label", "hidden", "presented", "note"]
        read_only_fields = fields

    def _hidden(self, line) -> bool:
        return line.copy.item_id not in self.context.get("visible", set())

    def get_hidden(self, line) -> bool:
        return self._hidden(line)

    def get_copy_label(self, line) -> str:
        return "" if self._hidden(line) else str(line.copy)


class StockTakeSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="open | signed")
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = StockTake
        fields = ["id", "unit", "unit_code", "as_of", "conducted_by", "members", "status", "started_at",
                  "signed_at", "signed_by"]
        read_only_fields = fields


class StockTakeDetailSerializer(StockTakeSerializer):
    """The schema of a stock-take with its lines; the viewset fills it (lines need the caller's view)."""

    lines = StockTakeLineSerializer(many=True, read_only=True)
    incidents = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta(StockTakeSerializer.Meta):
        fields = [*StockTakeSerializer.Meta.fields, "lines", "incidents"]
        read_only_fields = fields


class StartSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    as_of = serializers.DateField()
    members = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class MarkSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    presented = serializers.BooleanField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IncidentSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="loss | leak")
    hidden = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = ["id", "kind", "unit", "stock_take", "copy", "hidden", "description", "opened_by", "opened_at",
                  "reported_on", "reported_to", "closed_on"]
        read_only_fields = fields

    def get_hidden(self, incident) -> bool:
        return incident.item_id is not None and incident.item_id not in self.context.get("visible", set())

    def get_description(self, incident) -> str:
        return "" if self.get_hidden(incident) else incident.description


class ReportSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    reported_to = serializers.CharField(max_length=300)


def _run(act, *args, **kwargs):
    try:
        return act(*args, **kwargs)
    except DjangoValidationError as error:
        raise drf_error(error) from error


@extend_schema_view(
    list=extend_schema(summary="Các lần kiểm kê của đơn vị mà người dùng là cán bộ bảo mật hoặc lãnh đạo"),
    retrieve=extend_schema(summary="Một lần kiểm kê, với các dòng", responses={200: StockTakeDetailSerializer,
                                                                               404: HIDDEN}),
)
class StockTakeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Kiểm kê tài liệu, vật chứa bí mật nhà nước."""

    serializer_class = StockTakeSerializer
    queryset = StockTake.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return StockTake.objects.filter(unit__in=keeper_units(self.request.user)).select_related("unit")

    def _detail(self, stocktake):
        lines = list(stocktake.lines.select_related("copy", "copy__item").order_by("pk"))
        visible = _visible_item_ids(self.request.user, (line.copy.item_id for line in lines))
        data = StockTakeSerializer(stocktake).data
        data["lines"] = StockTakeLineSerializer(lines, many=True, context={"visible": visible}).data
        data["incidents"] = list(stocktake.incidents.values_list("pk", flat=True))
        return data

    def retrieve(self, request, *args, **kwargs):
        return Response(self._detail(self.get_object()))

    @extend_schema(summary="Lập danh sách kiểm kê: mọi bản mà sổ sách ghi đơn vị đang giữ",
                   request=StartSerializer, responses={201: StockTakeDetailSerializer, 403: REFUSED})
    def create(self, request):
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_object_or_404(Unit, pk=data.validated_data["unit"])
        members = list(Person.objects.filter(pk__in=data.validated_data["members"]))
        stocktake = _run(service.start_stocktake, request.user, unit, data.validated_data["as_of"], members)
        return Response(self._detail(stocktake), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Đánh dấu một bản: có hoặc không xuất trình được", request=MarkSerializer,
                   responses={200: StockTakeDetailSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def mark(self, request, pk=None):
        stocktake = self.get_object()
        data = MarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line = get_object_or_404(StockTakeLine, pk=data.validated_data["line"], stock_take=stocktake)
        _run(service.mark_line, request.user, line, data.validated_data["presented"], data.validated_data["note"])
        return Response(self._detail(stocktake))

    @extend_schema(summary="Ký biên bản kiểm kê: bản không xuất trình được mở vụ việc mất phải báo cáo",
                   request=None, responses={200: StockTakeDetailSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        stocktake = _run(service.sign_stocktake, request.user, self.get_object(), today())
        return Response(self._detail(stocktake))


@extend_schema_view(
    list=extend_schema(summary="Vụ việc lộ, mất của đơn vị (reported_on trống: chưa báo cáo)"),
    retrieve=extend_schema(summary="Một vụ việc", responses={200: IncidentSerializer, 404: HIDDEN}),
)
class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Vụ việc lộ, mất bí mật nhà nước."""

    serializer_class = IncidentSerializer
    queryset = Incident.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Incident.objects.filter(unit__in=keeper_units(self.request.user))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        context["visible"] = _visible_item_ids(self.request.user,
                                               self.get_queryset().exclude(item=None).values_list("item_id",
                                                                                                  flat=True))
        return context

    @extend_schema(summary="Ghi việc báo cáo vụ việc (ngày, nơi nhận báo cáo)", request=ReportSerializer,
                   responses={200: IncidentSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = _run(service.report_incident, request.user, self.get_object(), **data.validated_data)
        return Response(self.get_serializer(incident).data)


class TallySerializer(serializers.Serializer):
    entries = serializers.IntegerField()
    copies = serializers.IntegerField()


class InventoryTotalSerializer(serializers.Serializer):
    incoming = TallySerializer()
    outgoing = TallySerializer()


class InventoryLevelSerializer(InventoryTotalSerializer):
    level = serializers.ChoiceField(choices=Level.choices)


class InventoryRowSerializer(InventoryLevelSerializer):
    date = serializers.DateField()


class InventorySerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    by_level = InventoryLevelSerializer(many=True)
    total = InventoryTotalSerializer()
    rows = InventoryRowSerializer(many=True)


class InventoryViewSet(viewsets.ViewSet):
    """Thống kê bí mật nhà nước đến, đi."""

    @extend_schema(
        summary="Thống kê tài liệu đến, đi của một đơn vị theo ngày và độ mật (chỉ tài liệu được phép biết)",
        parameters=[OpenApiParameter("unit", int, required=True, description="Đơn vị (người dùng giữ chức vụ ở đó)."),
                    OpenApiParameter("from", str, description="Từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định 01/01."),
                    OpenApiParameter("to", str, description="Đến ngày; mặc định hôm nay.")],
        responses={200: InventorySerializer, 404: OpenApiResponse(description="Người dùng không thuộc đơn vị.")})
    def list(self, request):
        on = today()
        unit_id = request.query_params.get("unit") or ""
        if not unit_id.isdigit() or int(unit_id) not in request.user.unit_ids_on(on):
            raise Http404
        unit = Unit.objects.get(pk=int(unit_id))
        date_from = parse_date(request.query_params.get("from")) or on.replace(month=1, day=1)
        date_to = parse_date(request.query_params.get("to")) or on
        result = inventory_service.inventory(request.user, unit, date_from, date_to)

        def tallies(incoming, outgoing):
            return {"incoming": vars(incoming), "outgoing": vars(outgoing)}

        return Response({
            "unit": unit.pk, "date_from": result.date_from, "date_to": result.date_to,
            "by_level": [{"level": level, **tallies(i, o)} for level, _label, i, o in result.level_rows()],
            "total": tallies(result.total["incoming"], result.total["outgoing"]),
            "rows": [{"date": r.date, "level": r.level, **tallies(r.incoming, r.outgoing)} for r in result.rows],
        })


def register(router) -> None:
    router.register("records/stocktakes", StockTakeViewSet, basename="records-stocktake")
    router.register("records/incidents", IncidentViewSet, basename="records-incident")
    router.register("records/inventory", InventoryViewSet, basename="records-inventory")
