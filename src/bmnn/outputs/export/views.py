"""The "Xuất Excel" button of every list page: GET /xuat/<list>/?<the page's filters>.

The file, or (role not allowed) back to the list page with the refusal naming the rule and its
basis; a list the person may not see is 404, as the page is."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from bmnn.core.errors import Refused
from bmnn.outputs.export import act
from bmnn.outputs.export import spec as specs


def attachment(content: bytes, content_type: str, filename: str, display_name: str = "") -> HttpResponse:
    """A download: an ASCII filename for old clients and the Vietnamese one as filename*."""
    response = HttpResponse(content, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "bmnn"
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(display_name or filename)}")
    response["Cache-Control"] = "no-store"  # an uncontrolled copy: no cache keeps one
    return response


def display_name(printout) -> str:
    return f"{printout.title} {timezone.localtime(printout.printed_at):%d-%m-%Y %H%M}.xlsx".replace("/", "-")


def xlsx_response(printout, content: bytes) -> HttpResponse:
    return attachment(content, act.CONTENT_TYPE, printout.filename, display_name(printout))


@login_required
@require_GET
def export(request, code: str):
    try:
        printout, content = act.export_list(request.user, code, request.GET)
    except Refused as refusal:
        messages.error(request, str(refusal))
        spec = specs.get(code)
        ctx = specs.ExportContext(request.user, spec.kept_params(request.GET), timezone.localdate(), timezone.now())
        return redirect(spec.page(ctx) if spec.page else "/")
    return xlsx_response(printout, content)
