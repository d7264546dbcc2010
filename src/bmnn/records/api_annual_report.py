"""API for the annual report (báo cáo công tác bảo vệ bí mật nhà nước năm): its figures as JSON, and
the report as a DOCX (or PDF) draft. Only the unit's leaders and state-secret officer may make it:
for anyone else the unit's report is 404, as on the page."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.levels import Level
from bmnn.org.api import drf_error
from bmnn.org.models import Unit
from bmnn.outputs.http import CONTENT_TYPES, attachment
from bmnn.records.services import annual_report as report
from bmnn.records.services import annual_report_document as document


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    by_level = serializers.DictField(child=serializers.IntegerField(), allow_null=True,
                                     help_text="Số theo độ mật (chỉ các độ mật được tính); null khi không theo độ mật")
    total = serializers.IntegerField()


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    figures = FigureSerializer(many=True)


class AnnualFiguresSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    as_of = serializers.DateTimeField()
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))
    hidden_levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices),
                                          help_text="Độ mật ngoài phạm vi tiếp cận của người lập: không được tính")
    units = serializers.ListField(child=serializers.CharField())
    groups = GroupSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


class AnnualPrintInput(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField()
    format = serializers.ChoiceField(choices=[("docx", "DOCX"), ("pdf", "PDF")], default="docx")
    recipient = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                      help_text="Kính gửi; mặc định theo loại cơ quan (Bộ Công an, Văn phòng Bộ, "
                                                "Công an tỉnh, đơn vị cấp trên)")
    place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True,
                                    help_text="Đóng dấu độ mật (chỉ độ mật người lập được tiếp cận); mặc định không")


def _unit(person, unit_id) -> Unit:
    unit = Unit.objects.filter(pk=unit_id if str(unit_id or "").isdigit() else 0).first()
    if unit is None:
        raise Http404
    report.require_maker(person, unit)
    return unit


def figures_json(figures: report.AnnualFigures) -> dict:
    return {"unit": figures.unit.pk, "year": figures.year, "date_from": figures.date_from,
            "date_to": figures.date_to, "as_of": figures.as_of, "levels": figures.levels,
            "hidden_levels": figures.hidden_levels, "units": figures.unit_names,
            "groups": [{"key": g.key, "title": g.title,
                        "figures": [{"key": f.key, "label": f.label, "by_level": f.counts, "total": f.total}
                                    for f in g.figures]} for g in figures.groups],
            "notes": document.data_note(figures)}


class AnnualReportViewSet(viewsets.ViewSet):
    """Báo cáo công tác bảo vệ bí mật nhà nước năm."""

    @extend_schema(
        summary="Số liệu báo cáo năm của một đơn vị (kỳ 15/12 năm trước – 14/12), chỉ tài liệu được phép biết",
        parameters=[OpenApiParameter("unit", int, required=True,
                                     description="Đơn vị (người dùng là lãnh đạo, cấp phó, cán bộ bảo mật)."),
                    OpenApiParameter("year", int, description="Năm báo cáo; mặc định năm báo cáo hiện tại.")],
        responses={200: AnnualFiguresSerializer, 404: OpenApiResponse(description="Không được lập báo cáo của "
                                                                                   "đơn vị này (như không có).")})
    def list(self, request):
        unit = _unit(request.user, request.query_params.get("unit"))
        year = request.query_params.get("year") or ""
        year = int(year) if year.isdigit() else report.current_report_year()
        return Response(figures_json(report.figures(request.user, unit, year)))

    @extend_schema(
        request=AnnualPrintInput,
        responses={(200, CONTENT_TYPES["docx"]): OpenApiTypes.BINARY, (200, CONTENT_TYPES["pdf"]): OpenApiTypes.BINARY,
                   403: OpenApiResponse(description="Bị từ chối: `detail`, `rule`, `basis`."),
                   404: OpenApiResponse(description="Không được lập báo cáo của đơn vị này (như không có).")},
        summary="Tải báo cáo năm (DOCX để sửa và trình ký, hoặc PDF); việc in được ghi vào nhật ký")
    @action(detail=False, methods=["post"], url_path="print")
    def print(self, request):
        data = AnnualPrintInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = _unit(request.user, values["unit"])
        try:
            printout, content = document.print_report(
                request.user, unit, values["year"], fmt=values["format"], recipient=values.get("recipient", ""),
                place=values.get("place"), level=values.get("level", ""))
        except DjangoValidationError as error:
            raise drf_error(error)
        return attachment(content, printout.filename, printout.fmt)


def register(router) -> None:
    router.register("records/annual-report", AnnualReportViewSet, basename="records-annual-report")
