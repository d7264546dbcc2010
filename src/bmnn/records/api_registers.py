"""API for registers, issuing and copies, on the same services and rules as the pages:
a unit's registers exist only for its keepers (404 otherwise); a line whose item the
caller may not see carries only its number, date and cancellation (`hidden: true`);
a refusal is 403 with its rule and legal basis (core.api)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import (OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field,
                                   extend_schema_view)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.core.dates import parse_date
from bmnn.core.levels import Level
from bmnn.records.models import Copy, Register, RegisterEntry, RegisterKind, SecretItem
from bmnn.records.services import registers as service
from bmnn.records.services.issue import issue_item
from bmnn.records.services.permissions import require_register_reader, units_kept_by

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không giữ sổ của đơn vị (như nhau).")


class RegisterSerializer(serializers.ModelSerializer):
    # Plain text rather than a model-choice enum: "kind" is also ItemKind's field name, and the schema's
    # enum names are settled in settings (ENUM_NAME_OVERRIDES), outside this module.
    kind = serializers.CharField(read_only=True, help_text="outgoing | incoming | handover | reproduction")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    is_closed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Register
        fields = ["id", "unit", "unit_code", "kind", "kind_display", "year", "volume", "parent_body_name",
                  "body_name", "opened_on", "closed_on", "closed_for_year", "is_closed"]


class RegisterCoverSerializer(RegisterSerializer):
    """With the cover data of the volume (rule B4), from index lookups only."""

    first_number = serializers.SerializerMethodField()
    last_number = serializers.SerializerMethodField()
    first_date = serializers.SerializerMethodField()
    last_date = serializers.SerializerMethodField()
    count = serializers.SerializerMethodField()

    class Meta(RegisterSerializer.Meta):
        fields = [*RegisterSerializer.Meta.fields, "first_number", "last_number", "first_date", "last_date", "count"]

    def _cover(self, register) -> service.Cover:
        cache = self.__dict__.setdefault("_covers", {})
        if register.pk not in cache:
            cache[register.pk] = service.cover_of(register)
        return cache[register.pk]

    def get_first_number(self, register) -> int | None:
        return self._cover(register).first_number

    def get_last_number(self, register) -> int | None:
        return self._cover(register).last_number

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_first_date(self, register):
        return self._cover(register).first_date

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_last_date(self, register):
        return self._cover(register).last_date

    def get_count(self, register) -> int:
        return self._cover(register).count


class LineSerializer(serializers.Serializer):
    """One register line; for a hidden item only number, date and cancellation are filled."""

    id = serializers.IntegerField(source="entry.pk")
    number = serializers.IntegerField(source="entry.number")
    entry_date = serializers.DateField(source="entry.entry_date")
    hidden = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()
    reference = serializers.SerializerMethodField()
    issued_on = serializers.SerializerMethodField()
    document_type = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()
    counterpart = serializers.SerializerMethodField()
    copies_count = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()
    cancelled_on = serializers.DateField(source="entry.cancelled_on", allow_null=True)
    cancel_reason = serializers.CharField(source="entry.cancel_reason")

    def get_hidden(self, line) -> bool:
        return not line.visible

    def _item(self, line, name):
        item = line.item
        return getattr(item, name) if item is not None else None

    def get_item(self, line) -> int | None:
        return self._item(line, "pk")

    def get_reference(self, line) -> str | None:
        return self._item(line, "reference")

    def get_issued_on(self, line) -> str | None:
        value = self._item(line, "issued_on")
        return value.isoformat() if value else None

    def get_document_type(self, line) -> str | None:
        return self._item(line, "document_type")

    def get_summary(self, line) -> str | None:
        # Rule B2: empty for a Tuyệt mật line when the regime of its date forbids a summary.
        return line.summary if line.visible else None

    def get_level(self, line) -> str | None:
        return self._item(line, "level")

    def get_counterpart(self, line) -> str | None:
        return line.entry.counterpart if line.visible else None

    def get_copies_count(self, line) -> int | None:
        return line.entry.copies_count if line.visible else None

    def get_note(self, line) -> str | None:
        return line.entry.note if line.visible else None


class LinePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(allow_null=True, help_text="Số dòng của quyển khi không lọc; null khi có lọc.")
    has_next = serializers.BooleanField()
    has_previous = serializers.BooleanField()
    first_number = serializers.IntegerField(allow_null=True)
    last_number = serializers.IntegerField(allow_null=True)
    results = LineSerializer(many=True, source="lines")


class EntryCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=300)


class RegisterCloseSerializer(serializers.Serializer):
    year_end = serializers.BooleanField(default=False, help_text="Khóa sổ cuối năm (từ 31/12): sổ của năm không "
                                                                 "nhận thêm dòng nào.")


class EntrySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="outgoing | incoming | handover | reproduction")

    class Meta:
        model = RegisterEntry
        fields = ["id", "register", "kind", "year", "number", "entry_date", "cancelled_on", "cancel_reason"]


class IssueRequestSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    storage_place = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CustodySerializer(serializers.Serializer):
    since = serializers.DateTimeField()
    until = serializers.DateTimeField(allow_null=True)
    custodian_person = serializers.IntegerField(source="custodian_person_id", allow_null=True)
    custodian_unit = serializers.IntegerField(source="custodian_unit_id", allow_null=True)
    storage_place = serializers.CharField()
    act = serializers.CharField()
    ledger_seq = serializers.IntegerField(allow_null=True)


class CopySerializer(serializers.ModelSerializer):
    custody = serializers.SerializerMethodField()

    class Meta:
        model = Copy
        fields = ["id", "item", "origin", "number", "status", "custodian_person", "custodian_unit", "storage_place",
                  "custody"]

    @extend_schema_field(CustodySerializer(many=True))
    def get_custody(self, copy) -> list[dict]:
        return CustodySerializer(copy.custody.order_by("since", "pk"), many=True).data


class IssuedSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    reference = serializers.CharField(source="item.reference")
    entry = serializers.IntegerField(source="entry.pk")
    register = serializers.IntegerField(source="entry.register_id")
    number = serializers.IntegerField(source="entry.number")
    year = serializers.IntegerField(source="entry.year")
    copies = CopySerializer(many=True)


def _line_filters(params) -> service.LineFilters:
    def number(key):
        value = params.get(key, "").strip()
        return int(value) if value.isdigit() else None

    level = params.get("level", "")
    status_value = params.get("status", "")
    return service.LineFilters(
        number_from=number("number_from"), number_to=number("number_to"),
        date_from=parse_date(params.get("date_from")), date_to=parse_date(params.get("date_to")),
        level=level if level in Level.values else "", q=params.get("q", "").strip(),
        status=status_value if status_value in (service.STATUS_ACTIVE, service.STATUS_CANCELLED) else "")


ENTRY_PARAMETERS = [
    OpenApiParameter("number_from", int, description="Từ số."),
    OpenApiParameter("number_to", int, description="Đến số."),
    OpenApiParameter("date_from", str, description="Từ ngày vào sổ (dd/mm/yyyy hoặc yyyy-mm-dd)."),
    OpenApiParameter("date_to", str, description="Đến ngày vào sổ."),
    OpenApiParameter("level", str, enum=Level.values,
                     description="Độ mật (chỉ khớp dòng của tài liệu người dùng được phép biết)."),
    OpenApiParameter("q", str, description="Tìm không dấu theo số, ký hiệu, tên loại (chỉ dòng được phép biết)."),
    OpenApiParameter("status", str, enum=[service.STATUS_ACTIVE, service.STATUS_CANCELLED],
                     description="Dòng còn hiệu lực hoặc đã hủy."),
    OpenApiParameter("after", int, description="Trang sau: các dòng có số lớn hơn."),
    OpenApiParameter("before", int, description="Trang trước: các dòng có số nhỏ hơn."),
]


@extend_schema_view(
    list=extend_schema(
        summary="Các quyển sổ đăng ký của đơn vị người dùng giữ sổ",
        parameters=[OpenApiParameter("unit", int), OpenApiParameter("year", int),
                    OpenApiParameter("kind", str, enum=RegisterKind.values)]),
    retrieve=extend_schema(summary="Bìa sổ: cơ quan chủ quản, cơ quan, năm, quyển, từ số/đến số, từ ngày/đến ngày",
                           responses={200: RegisterCoverSerializer, 404: HIDDEN}),
)
class RegisterViewSet(viewsets.ReadOnlyModelViewSet):
    """Sổ đăng ký bí mật nhà nước (đi, đến, chuyển giao, sao chụp), theo quyển."""

    serializer_class = RegisterSerializer
    queryset = Register.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        units = [u.pk for u in units_kept_by(self.request.user)]
        registers = Register.objects.filter(unit_id__in=units).select_related("unit")
        params = self.request.query_params
        if params.get("unit", "").isdigit():
            registers = registers.filter(unit_id=int(params["unit"]))
        if params.get("year", "").isdigit():
            registers = registers.filter(year=int(params["year"]))
        if params.get("kind") in RegisterKind.values:
            registers = registers.filter(kind=params["kind"])
        return registers.order_by("unit_id", "-year", "kind", "volume")

    def get_serializer_class(self):
        return RegisterCoverSerializer if self.action == "retrieve" else RegisterSerializer

    def get_object(self):
        try:
            register = Register.objects.select_related("unit").get(pk=int(self.kwargs["pk"]))
        except (Register.DoesNotExist, ValueError):
            raise Http404 from None
        require_register_reader(self.request.user, register.unit)
        return register

    @extend_schema(summary="Các dòng của quyển sổ, lọc và phân trang theo số (đọc được ghi vào nhật ký)",
                   parameters=ENTRY_PARAMETERS, responses={200: LinePageSerializer, 404: HIDDEN})
    @action(detail=True, methods=["get"])
    def entries(self, request, pk=None):
        register = self.get_object()
        params = request.query_params

        def number(key):
            value = params.get(key, "")
            return int(value) if value.isdigit() else None

        page = service.lines(request.user, register, _line_filters(params), after=number("after"),
                             before=number("before"))
        service.record_page_read(request.user, register, page, register.unit)
        return Response(LinePageSerializer(page).data)

    @extend_schema(summary="Khóa quyển sổ, hoặc khóa sổ cuối năm", request=RegisterCloseSerializer,
                   responses={200: RegisterCoverSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        register = self.get_object()
        data = RegisterCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        register = service.close_register(request.user, register, today(), year_end=data.validated_data["year_end"])
        return Response(RegisterCoverSerializer(register).data)


class RegisterEntryViewSet(viewsets.GenericViewSet):
    """Một dòng sổ: hủy dòng ghi nhầm (giữ số, vẫn hiển thị)."""

    serializer_class = EntrySerializer
    queryset = RegisterEntry.objects.none()
    lookup_value_regex = r"\d+"

    @extend_schema(summary="Hủy một dòng sổ ghi nhầm, có lý do", request=EntryCancelSerializer,
                   responses={200: EntrySerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        try:
            entry = RegisterEntry.objects.select_related("unit").get(pk=int(pk))
        except (RegisterEntry.DoesNotExist, ValueError):
            raise Http404 from None
        require_register_reader(request.user, entry.unit)
        data = EntryCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = service.cancel_entry(request.user, entry, data.validated_data["reason"], today())
        return Response(EntrySerializer(entry).data)


class IssueViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Vào sổ đi và phát hành một tài liệu đã được xác định độ mật."""

    serializer_class = IssueRequestSerializer
    queryset = SecretItem.objects.none()

    @extend_schema(summary="Cấp số sổ đi, tạo các bản số tại nơi lưu giữ của đơn vị", request=IssueRequestSerializer,
                   responses={201: IssuedSerializer, 403: REFUSED,
                              404: OpenApiResponse(description="Tài liệu không có hoặc không được phép biết.")})
    def create(self, request, *args, **kwargs):
        data = IssueRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=data.validated_data["item"])
        issued = issue_item(request.user, item, today(),
                            storage_place=data.validated_data.get("storage_place", ""))
        return Response(IssuedSerializer(issued).data, status=status.HTTP_201_CREATED)


@extend_schema_view(retrieve=extend_schema(summary="Một bản (bản số, bản sao số) và toàn bộ quá trình lưu giữ",
                                           responses={200: CopySerializer, 404: HIDDEN}))
class CopyViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CopySerializer
    queryset = Copy.objects.none()
    lookup_value_regex = r"\d+"

    def get_object(self):
        visible = SecretItem.objects.visible_to(self.request.user).values("pk")
        try:
            return Copy.objects.filter(Q(item_id__in=visible)).get(pk=int(self.kwargs["pk"]))
        except (Copy.DoesNotExist, ValueError):
            raise Http404 from None


def register(router) -> None:
    router.register("records/registers", RegisterViewSet, basename="records-register")
    router.register("records/register-entries", RegisterEntryViewSet, basename="records-register-entry")
    router.register("records/issues", IssueViewSet, basename="records-issue")
    router.register("records/copies", CopyViewSet, basename="records-copy")
