"""API for register printouts, on the same services and rules as the pages: printing (the file comes
back, the act goes in the ledger), the list of a register's printouts, and printing one again with an
`X-Bmnn-Identical` header saying whether the file is byte-identical. Only the unit's register keepers
may print or see printouts; to anyone else the register and its printouts are 404."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import today
from bmnn.org.models import Unit
from bmnn.outputs import register_prints as service
from bmnn.outputs.http import CONTENT_TYPES, attachment
from bmnn.outputs.models import Printout
from bmnn.outputs.registers import KINDS
from bmnn.records.models import Register

FILE = {(200, CONTENT_TYPES["pdf"]): OpenApiTypes.BINARY, (200, CONTENT_TYPES["docx"]): OpenApiTypes.BINARY}
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không giữ sổ của đơn vị (như nhau).")
REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")


class PrintoutSerializer(serializers.ModelSerializer):
    form = serializers.CharField(read_only=True, help_text="register.<outgoing|incoming|handover|reproduction|"
                                                           "inventory>")
    fmt = serializers.CharField(read_only=True, help_text="pdf | docx")
    level = serializers.CharField(read_only=True, help_text="Độ mật cao nhất trong các dòng người in được xem.")

    class Meta:
        model = Printout
        fields = ["id", "form", "form_version", "fmt", "unit", "object_type", "object_id", "title", "filename",
                  "level", "printed_at", "printed_by", "printed_by_name", "sha256", "size", "pages"]


class PrintRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    format = serializers.ChoiceField(choices=list(service.FORMATS))
    register = serializers.IntegerField(required=False, help_text="Một quyển sổ (bỏ qua unit, year, volume).")
    unit = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                    help_text="Năm của sổ; mặc định năm nay.")
    volume = serializers.IntegerField(required=False, min_value=1, help_text="Chỉ một quyển của sổ năm.")
    date_from = serializers.DateField(required=False, help_text="Thống kê: từ ngày (mặc định 01/01 của năm).")
    date_to = serializers.DateField(required=False, help_text="Thống kê: đến ngày (mặc định 31/12 của năm).")


def _unit(pk) -> Unit:
    unit = Unit.objects.filter(pk=pk or 0).first()
    if unit is None:
        raise Http404
    return unit


def _download(printed):
    printout, content = printed
    return attachment(content, printout.filename, printout.fmt, {"X-Bmnn-Printout": str(printout.pk),
                                                                     "X-Bmnn-Sha256": printout.sha256})


class RegisterPrintViewSet(viewsets.GenericViewSet):
    """In sổ đăng ký, sổ theo năm, thống kê (PDF, DOCX); các bản đã in; in lại."""

    serializer_class = PrintoutSerializer
    queryset = Printout.objects.none()
    lookup_value_regex = r"\d+"

    @extend_schema(summary="Các bản in sổ của những đơn vị người dùng giữ sổ",
                   parameters=[OpenApiParameter("unit", int), OpenApiParameter("kind", str, enum=list(KINDS)),
                               OpenApiParameter("year", int), OpenApiParameter("register", int)],
                   responses={200: PrintoutSerializer(many=True)})
    def list(self, request):
        params = request.query_params
        if params.get("register", "").isdigit():
            register = Register.objects.select_related("unit").filter(pk=int(params["register"])).first()
            if register is None:
                raise Http404
            service.require_register_reader(request.user, register.unit)
            printouts = service.printouts_of_volume(register)
        else:
            unit = _unit(params["unit"]) if params.get("unit", "").isdigit() else None
            year = int(params["year"]) if params.get("year", "").isdigit() else None
            printouts = service.printouts_for(request.user, unit=unit, kind=params.get("kind", ""), year=year)
        return Response(PrintoutSerializer(printouts[:500], many=True).data)

    @extend_schema(summary="In sổ: một quyển, cả sổ của một năm (mọi quyển) hoặc thống kê; trả về tệp",
                   request=PrintRequestSerializer, responses={**FILE, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = PrintRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user, fmt, kind = request.user, v["format"], v["kind"]
        if v.get("register"):
            register = Register.objects.select_related("unit").filter(pk=v["register"]).first()
            if register is None:
                raise Http404
            return _download(service.print_volume(user, register, fmt))
        unit = _unit(v.get("unit"))
        year = v.get("year") or today().year
        if kind == service.INVENTORY:
            return _download(service.print_inventory(user, unit, v.get("date_from") or dt.date(year, 1, 1),
                                                     v.get("date_to") or dt.date(year, 12, 31), fmt))
        return _download(service.print_series(user, unit, kind, year, fmt, volume=v.get("volume")))

    @extend_schema(summary="Một bản in sổ (người in, thời điểm, định dạng, số trang, SHA-256)",
                   responses={200: PrintoutSerializer, 404: HIDDEN})
    def retrieve(self, request, pk=None):
        return Response(PrintoutSerializer(service.printout_for(request.user, pk)).data)

    @extend_schema(summary="In lại một bản in từ dữ liệu đã lưu; tiêu đề X-Bmnn-Identical: 1 nếu giống hệt",
                   request=None, responses={**FILE, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def reprint(self, request, pk=None):
        again = service.reprint(request.user, service.printout_for(request.user, pk))
        return attachment(again.content, again.printout.filename, again.printout.fmt,
                             {"X-Bmnn-Identical": "1" if again.identical else "0",
                              "X-Bmnn-Sha256": again.printout.sha256})


def register(router) -> None:
    router.register("outputs/register-prints", RegisterPrintViewSet, basename="outputs-register-print")
