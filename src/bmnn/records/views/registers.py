"""Pages for registers, issuing and copies.

A unit's registers exist only for their keepers (văn thư, state-secret officer,
leaders of the unit or above): to anyone else they are 404. Inside a register, a
line whose item the reader may not see shows its number, date and cancellation
only, with "—" for the rest (see services.registers). Acts go through the
services; a refusal re-renders the form with what was typed and the rule."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bmnn.core.access import get_visible_or_404, today
from bmnn.core.dates import format_date, parse_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org.models import Unit
from bmnn.records.models import Copy, Register, RegisterEntry, RegisterKind, SecretItem
from bmnn.records.services import registers as service
from bmnn.records.services.issue import issue_item
from bmnn.records.services.permissions import require_register_reader, units_kept_by


@login_required
def register_index(request):
    return render(request, "records/register_index.html", {"units": units_kept_by(request.user)})


@login_required
def register_list(request, unit_id: int):
    unit = get_object_or_404(Unit, pk=unit_id)
    require_register_reader(request.user, unit)
    year = request.GET.get("year", "")
    kind = request.GET.get("kind", "")
    volumes = list(service.registers_of(unit, year=int(year) if year.isdigit() else None, kind=kind))
    years = (Register.objects.filter(unit=unit).order_by("-year").values_list("year", flat=True).distinct())
    return render(request, "records/register_list.html", {
        "unit": unit, "covers": [service.cover_of(r) for r in volumes], "year": year, "kind": kind,
        "years": list(years), "kinds": RegisterKind.choices,
    })


def _readable_register(request, pk: int) -> Register:
    return readable_register(request.user, pk)


def _int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def line_filters(params) -> tuple[service.LineFilters, dict, list[str]]:
    """The filters, what was typed (kept as typed), and messages about unreadable dates."""
    typed = {key: params.get(key, "").strip() for key in
             ("number_from", "number_to", "date_from", "date_to", "level", "q", "status")}
    problems = []
    dates = {}
    for key in ("date_from", "date_to"):
        dates[key] = parse_date(typed[key]) if typed[key] else None
        if typed[key] and dates[key] is None:
            problems.append(_("Ngày “%(typed)s” không đúng dạng dd/mm/yyyy; bỏ qua điều kiện này.")
                            % {"typed": typed[key]})
    filters = service.LineFilters(
        number_from=_int(typed["number_from"]), number_to=_int(typed["number_to"]), **dates,
        level=typed["level"] if typed["level"] in Level.values else "", q=typed["q"],
        status=typed["status"] if typed["status"] in (service.STATUS_ACTIVE, service.STATUS_CANCELLED) else "")
    return filters, typed, problems


@login_required
def register_detail(request, pk: int):
    register = _readable_register(request, pk)
    filters, typed, problems = line_filters(request.GET)
    for problem in problems:
        messages.error(request, problem)
    cover = service.cover_of(register)
    page = service.lines(request.user, register, filters, after=_int(request.GET.get("after", "")),
                         before=_int(request.GET.get("before", "")), cover=cover)
    service.record_page_read(request.user, register, page, register.unit)
    query = urlencode({k: v for k, v in typed.items() if v})
    return render(request, "records/register_detail.html", {
        "register": register, "cover": cover, "page": page, "count": page.count, "typed": typed,
        "filter_query": query,
        "levels": Level.choices, "may_keep": True, "last_page_before": (cover.last_number or 0) + 1,
        "statuses": [(service.STATUS_ACTIVE, _("Còn hiệu lực")), (service.STATUS_CANCELLED, _("Đã hủy"))],
    })


def readable_series(person, params, on=None) -> tuple[Unit, service.Series]:
    """The unit and series ?unit=&kind=&year= name (default this year's outgoing register);
    404 unless the person keeps the unit's registers."""
    unit = get_object_or_404(Unit, pk=_int(params.get("unit", "")) or 0)
    require_register_reader(person, unit, on)
    kind = params.get("kind", "")
    kind = kind if kind in RegisterKind.values else RegisterKind.OUTGOING
    year = _int(params.get("year", "")) or (on or today()).year
    return unit, service.Series(unit.pk, kind, year)


def readable_register(person, pk, on=None) -> Register:
    """The volume `pk`; 404 unless the person keeps its unit's registers."""
    register = get_object_or_404(Register.objects.select_related("unit", "opened_by", "closed_by"),
                                 pk=_int(str(pk)) or 0)
    require_register_reader(person, register.unit, on)
    return register


@login_required
def register_entries(request):
    """A year's register of one kind for one unit, across volumes, with the same filters
    (?unit=&kind=&year=, default this year's outgoing register)."""
    unit, series = readable_series(request.user, request.GET)
    kind, year = series.kind, series.year
    volumes = list(service.registers_of(unit, year=year, kind=kind))
    filters, typed, problems = line_filters(request.GET)
    for problem in problems:
        messages.error(request, problem)
    page = service.lines(request.user, series, filters, after=_int(request.GET.get("after", "")),
                         before=_int(request.GET.get("before", "")))
    service.record_page_read(request.user, series, page, unit)
    query = urlencode({"unit": unit.pk, "kind": kind, "year": year, **{k: v for k, v in typed.items() if v}})
    return render(request, "records/register_series.html", {
        "unit": unit, "kind": kind, "kind_label": RegisterKind(kind).label, "year": year, "page": page,
        "count": page.count, "typed": typed, "filter_query": query, "levels": Level.choices,
        "last_page_before": series.count() + 1, "volumes": volumes,
        "hidden_fields": [("unit", unit.pk), ("kind", kind), ("year", year)],
        "closed_for_year": any(v.closed_for_year for v in volumes),
        "statuses": [(service.STATUS_ACTIVE, _("Còn hiệu lực")), (service.STATUS_CANCELLED, _("Đã hủy"))],
    })


def _refused(request, template: str, context: dict, refusal: Refused):
    return render(request, template, {**context, "refusal": refusal}, status=200)


@login_required
@require_http_methods(["GET", "POST"])
def entry_cancel(request, pk: int):
    entry = get_object_or_404(RegisterEntry.objects.select_related("register", "unit", "item"), pk=pk)
    require_register_reader(request.user, entry.unit)
    visible = entry.item_id is None or SecretItem.objects.visible_to(request.user).filter(pk=entry.item_id).exists()
    context = {"entry": entry, "visible": visible, "reason": request.POST.get("reason", "")}
    if request.method == "POST":
        try:
            service.cancel_entry(request.user, entry, request.POST.get("reason", ""), today())
        except Refused as refusal:
            return _refused(request, "records/register_entry_cancel.html", context, refusal)
        messages.success(request, _("Đã hủy dòng số %(number)s; số này vẫn giữ trong sổ.") % {"number": entry.number})
        return redirect("records:register_detail", entry.register_id)
    return render(request, "records/register_entry_cancel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register_close(request, pk: int):
    register = _readable_register(request, pk)
    context = {"register": register, "cover": service.cover_of(register), "today": format_date(today())}
    if request.method == "POST":
        year_end = bool(request.POST.get("year_end"))
        try:
            service.close_register(request.user, register, today(), year_end=year_end)
        except Refused as refusal:
            return _refused(request, "records/register_close.html", {**context, "year_end": year_end}, refusal)
        messages.success(request, _("Đã khóa sổ cuối năm.") if year_end else _("Đã khóa quyển sổ."))
        return redirect("records:register_detail", register.pk)
    return render(request, "records/register_close.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def issue(request, pk: int):
    item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), request.user, pk=pk)
    context = {"item": item, "recipients": list(item.recipients.select_related("unit", "person")),
               "storage_place": request.POST.get("storage_place", "")}
    if request.method == "POST":
        try:
            issued = issue_item(request.user, item, today(), storage_place=request.POST.get("storage_place", ""))
        except Refused as refusal:
            return _refused(request, "records/register_issue.html", context, refusal)
        messages.success(request, _("Đã vào sổ đi số %(number)s, số ký hiệu %(reference)s, %(copies)s bản.")
                         % {"number": issued.entry.number, "reference": issued.item.reference,
                            "copies": len(issued.copies)})
        return redirect("records:register_detail", issued.entry.register_id)
    return render(request, "records/register_issue.html", context)


@login_required
def copy_detail(request, pk: int):
    copy = get_object_or_404(Copy.objects.select_related("item"), pk=pk)
    try:
        get_visible_or_404(SecretItem.objects.all(), request.user, pk=copy.item_id)
    except Http404:
        return render(request, "records/item_not_found.html", status=404)
    history = copy.custody.select_related("custodian_person", "custodian_unit").order_by("since", "pk")
    return render(request, "records/register_copy.html", {"copy": copy, "history": history})
