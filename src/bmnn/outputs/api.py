"""API for printing documents. POST prints (an act: Printout row + ledger event) and answers with the
file; an object the caller may not see is 404, a refusal 403 with its rule and basis (core.api)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets

from bmnn.outputs.documents.printing import FORMATS, print_document
from bmnn.outputs.http import attachment


class DocumentPrintInput(serializers.Serializer):
    kind = serializers.CharField(max_length=60, help_text="Loại văn bản (xem `bmnn print document --list`), "
                                                          "ví dụ `extension-decision`; loại không có: 404")
    id = serializers.IntegerField(help_text="Mã đối tượng (quyết định, biên bản, yêu cầu…)")
    format = serializers.ChoiceField(choices=[(f.value, f.label) for f in FORMATS], default="pdf")


class DocumentPrintViewSet(viewsets.ViewSet):
    @extend_schema(
        request=DocumentPrintInput,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                   (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): OpenApiTypes.BINARY,
                   403: OpenApiResponse(description="Bị từ chối: `detail`, `rule`, `basis`."),
                   404: OpenApiResponse(description="Không có, hoặc người dùng không được phép biết (như nhau).")},
        summary="In một văn bản (PDF/DOCX) theo thể thức Nghị định 30/2020")
    def create(self, request):
        data = DocumentPrintInput(data=request.data)
        data.is_valid(raise_exception=True)
        printout, content = print_document(request.user, data.validated_data["kind"], data.validated_data["id"],
                                           data.validated_data["format"])
        return attachment(content, printout.filename, printout.fmt)


def register(router) -> None:
    router.register("outputs/documents", DocumentPrintViewSet, basename="outputs-document")
