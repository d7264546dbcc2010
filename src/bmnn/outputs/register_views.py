"""Pages for printing registers: the "In sổ (PDF)" / "In sổ (DOCX)" buttons post here (printing is an
act, recorded in the ledger), and "In lại" makes a past printout again and says whether it is the same
file. Only the unit's register keepers may print; to anyone else the register is 404, as its pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bmnn.core.access import today
from bmnn.core.dates import parse_date
from bmnn.core.errors import Refused
from bmnn.org.models import Unit
from bmnn.outputs import register_prints as service
from bmnn.outputs.http import attachment
from bmnn.records.models import Register


def _int(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _download(printed):
    printout, content = printed
    return attachment(content, printout.filename, printout.fmt)


def _refused(request, refusal: Refused):
    return render(request, "outputs/register_print_refused.html", {"refusal": refusal}, status=400)


@login_required
@require_POST
def print_volume(request, pk: int):
    register = get_object_or_404(Register.objects.select_related("unit"), pk=pk)
    try:
        return _download(service.print_volume(request.user, register, request.POST.get("format", "")))
    except Refused as refusal:
        return _refused(request, refusal)


@login_required
@require_POST
def print_series(request):
    unit = get_object_or_404(Unit, pk=_int(request.POST.get("unit")) or 0)
    year = _int(request.POST.get("year")) or today().year
    try:
        return _download(service.print_series(request.user, unit, request.POST.get("kind", ""), year,
                                              request.POST.get("format", "")))
    except Refused as refusal:
        return _refused(request, refusal)


@login_required
@require_POST
def print_inventory(request):
    unit = get_object_or_404(Unit, pk=_int(request.POST.get("unit")) or 0)
    on = today()
    date_from = parse_date(request.POST.get("from")) or on.replace(month=1, day=1)
    date_to = parse_date(request.POST.get("to")) or on
    try:
        return _download(service.print_inventory(request.user, unit, date_from, date_to,
                                                 request.POST.get("format", "")))
    except Refused as refusal:
        return _refused(request, refusal)


@login_required
@require_POST
def reprint(request, pk: int):
    """Make the printout again. Without `download`: a page saying whether the file is identical;
    with it: the file itself. Each is a reprint in the ledger."""
    printout = service.printout_for(request.user, pk)
    try:
        again = service.reprint(request.user, printout)
    except Refused as refusal:
        return _refused(request, refusal)
    if request.POST.get("download"):
        return attachment(again.content, printout.filename, printout.fmt,
                             {"X-Bmnn-Identical": "1" if again.identical else "0"})
    return render(request, "outputs/register_reprint.html", {
        "printout": printout, "identical": again.identical, "size": len(again.content),
        "message": _("Tệp in lại giống hệt bản đã in (cùng SHA-256).") if again.identical else
        _("Tệp in lại KHÁC bản đã in: dữ liệu dùng để in (dòng sổ, quyền xem của người in) đã thay đổi từ đó.")})


def urlpatterns():
    from django.urls import path

    return [
        path("so/<int:pk>/in/", print_volume, name="register_print"),
        path("so/dong/in/", print_series, name="register_series_print"),
        path("thong-ke/in/", print_inventory, name="inventory_print"),
        path("so/ban-in/<int:pk>/in-lai/", reprint, name="register_reprint"),
    ]
