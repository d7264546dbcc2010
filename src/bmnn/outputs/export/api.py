"""API of the list export: GET /api/outputs/exports/ (the lists and who may export them) and
GET /api/outputs/exports/<list>/?<the page's filters> (the XLSX file). Same act as the button:
404 for a list the caller may not see, 403 with `rule` and `basis` for a role not allowed."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from bmnn.org import selectors
from bmnn.outputs.export import act
from bmnn.outputs.export import spec as specs
from bmnn.outputs.export.views import xlsx_response

REFUSED = OpenApiResponse(description="Vai trò không được xuất danh sách này: `detail`, `rule` (quy tắc) và "
                                      "`basis` (căn cứ).")
HIDDEN = OpenApiResponse(description="Không có danh sách này, hoặc người dùng không được phép biết (như nhau).")


class ExportableListSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã danh sách, dùng trong đường dẫn xuất.")
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField(), help_text="Vai trò được xuất (org.Role).")
    rule_version = serializers.CharField()
    basis = serializers.CharField()
    verified = serializers.BooleanField()
    may_export = serializers.BooleanField(help_text="Người gọi giữ một vai trò được xuất (ở một đơn vị bất kỳ).")


class ExportViewSet(viewsets.ViewSet):
    lookup_field = "code"
    lookup_value_regex = "[a-z][a-z-]*"

    @extend_schema(summary="Các danh sách xuất được ra Excel, và ai được xuất",
                   responses=ExportableListSerializer(many=True))
    def list(self, request):
        on = timezone.localdate()
        rows = []
        for code in specs.codes():
            forms, entry = act.rule_for(code, on)
            roles = list(entry["roles"]) if entry is not None else []
            rows.append({"code": code, "name": str(specs.get(code).name), "roles": roles,
                         "rule_version": forms.version, "basis": entry.citation if entry else "",
                         "verified": bool(entry and entry.verified),
                         "may_export": bool(roles) and selectors.holds_role(request.user, roles, None, on)})
        return Response(ExportableListSerializer(rows, many=True).data)

    @extend_schema(
        summary="Xuất một danh sách ra tệp Excel (XLSX), đúng như trang danh sách hiển thị",
        description=("Tham số truy vấn là bộ lọc của trang danh sách (ví dụ `items`: q, level, unit, status, "
                     "issued_from, issued_to dạng dd/mm/yyyy…; `register`: register, number_from, date_from…; "
                     "`register-series`: unit, kind, year…); tham số khác bị bỏ qua. Mọi trang, không chỉ trang "
                     "hiện tại. Việc xuất được ghi vào nhật ký (outputs.export) cùng với bản ghi tệp đã xuất."),
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã danh sách")],
        responses={(200, act.CONTENT_TYPE): OpenApiTypes.BINARY, 403: REFUSED, 404: HIDDEN})
    def retrieve(self, request, code=None):
        printout, content = act.export_list(request.user, code, request.query_params)
        return xlsx_response(printout, content)


def register(router) -> None:
    router.register("outputs/exports", ExportViewSet, basename="outputs-export")
