"""Pages for stock-takes (kiểm kê), the incidents they open, and the inventory
(thống kê) of a unit's registers.

Stock-takes and incidents are shown to the unit's security officer and leaders
(those who conduct them); the inventory to anyone in the unit, counting only what
they may know of. A line's item reference is shown only when the person may know
of the item: a stock-take must not reveal what the access filter hides."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.dates import parse_date
from bmnn.core.errors import Refused
from bmnn.org.forms import NFCCharField, ServiceForm, UnitChoiceField, VNDateField, apply_service_error
from bmnn.org.models import Person, Tenure, Unit
from bmnn.records.models import Incident, SecretItem, StockTake, StockTakeLine
from bmnn.records.services import inventory as inventory_service
from bmnn.records.services import stocktake as service
from bmnn.records.services.stocktake import keeper_units


class StartForm(ServiceForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_lazy("Đơn vị"))
    as_of = VNDateField(label=_lazy("Kiểm kê đến ngày"))
    members = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), required=False,
                                             label=_lazy("Thành viên tổ kiểm kê"))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        units = keeper_units(person)
        self.fields["unit"].queryset = units
        self.fields["members"].queryset = Person.objects.filter(
            is_active=True, tenures__in=Tenure.objects.held_on(timezone.localdate()).filter(
                position__unit__in=units)).distinct().order_by("sort_key")


class ReportForm(ServiceForm):
    reported_on = VNDateField(label=_lazy("Ngày báo cáo"))
    reported_to = NFCCharField(max_length=300, label=_lazy("Báo cáo tới (cơ quan, người nhận)"))


def stocktake_rows(person, params, on):
    """The list page's rows: also what its Excel export holds."""
    return StockTake.objects.filter(unit__in=keeper_units(person, on)).select_related(
        "unit", "conducted_by", "signed_by")


@login_required
def stocktake_list(request):
    units = keeper_units(request.user)
    form = StartForm(request.POST or None, person=request.user, initial={"as_of": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            stocktake = service.start_stocktake(request.user, form.cleaned_data["unit"], form.cleaned_data["as_of"],
                                                form.cleaned_data["members"])
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã lập danh sách kiểm kê."))
            return redirect("records:stocktake_detail", pk=stocktake.pk)
    stocktakes = stocktake_rows(request.user, request.GET, timezone.localdate())
    return render(request, "records/stocktake_list.html",
                  {"form": form, "stocktakes": stocktakes, "units": units},
                  status=403 if form.refusal else 200)


def _stocktake(request, pk: int) -> StockTake:
    return service.get_stocktake_or_404(request.user, pk)


def _lines(request, stocktake):
    return service.lines_seen_by(request.user, stocktake)


@login_required
def stocktake_detail(request, pk: int):
    stocktake = _stocktake(request, pk)
    refusal = None
    if request.method == "POST":
        try:
            service.sign_stocktake(request.user, stocktake, timezone.localdate())
        except Refused as error:
            refusal = error
        else:
            messages.success(request, _("Đã ký biên bản kiểm kê."))
            return redirect("records:stocktake_detail", pk=pk)
        stocktake.refresh_from_db()
    lines = _lines(request, stocktake)
    return render(request, "records/stocktake_detail.html", {
        "stocktake": stocktake, "lines": lines, "refusal": refusal,
        "unmarked": sum(1 for line in lines if line.presented is None),
        "incidents": stocktake.incidents.select_related("copy"),
    }, status=403 if refusal else 200)


@login_required
def stocktake_mark(request, pk: int, line_pk: int):
    """HTMX: mark one line and answer with the row (the whole page without HTMX)."""
    stocktake = _stocktake(request, pk)
    line = get_object_or_404(StockTakeLine, pk=line_pk, stock_take=stocktake)
    if request.method != "POST":
        return redirect("records:stocktake_detail", pk=pk)
    refusal = None
    try:
        line = service.mark_line(request.user, line, request.POST.get("presented") == "1",
                                 request.POST.get("note", ""))
    except Refused as error:
        refusal = error
    if request.headers.get("HX-Request") != "true":
        if refusal:
            messages.error(request, str(refusal))
        return redirect("records:stocktake_detail", pk=pk)
    stocktake.refresh_from_db()
    row = next(r for r in _lines(request, stocktake) if r.pk == line.pk)
    return render(request, "records/_stocktake_line.html", {"line": row, "stocktake": stocktake, "refusal": refusal})


def incident_rows(person, params, on, *, until=None):
    """The list page's rows, each knowing whether the person may see its item: also what its
    Excel export holds (`until`: only those opened before then)."""
    incidents = Incident.objects.filter(unit__in=keeper_units(person, on)).select_related(
        "unit", "copy", "copy__item", "stock_take")
    if until is not None:
        incidents = incidents.filter(opened_at__lt=until)
    visible = set(SecretItem.objects.visible_to(person).filter(
        pk__in=incidents.values("item_id")).values_list("pk", flat=True))
    incidents = list(incidents)
    for incident in incidents:
        incident.item_visible = incident.item_id in visible
    return incidents


@login_required
def incident_list(request):
    incidents = incident_rows(request.user, request.GET, timezone.localdate())
    return render(request, "records/incident_list.html", {
        "incidents": incidents, "form": ReportForm(initial={"reported_on": timezone.localdate()})})


@login_required
def incident_report(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk, unit__in=keeper_units(request.user))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.report_incident(request.user, incident, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi việc báo cáo vụ việc."))
            return redirect("records:incident_list")
    return render(request, "records/incident_report.html", {"incident": incident, "form": form},
                  status=403 if form.refusal else 200)


def inventory_choice(person, params, today):
    """(the units one may count, the unit counted, from, to) as the page reads them."""
    units = Unit.objects.filter(pk__in=person.unit_ids_on(today)).select_related("parent")
    unit = units.filter(pk=_digits(params.get("unit"))).first() or units.first()
    date_from = parse_date(params.get("from")) or today.replace(month=1, day=1)
    date_to = parse_date(params.get("to")) or today
    return units, unit, date_from, date_to


def _digits(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


@login_required
def inventory(request):
    units, unit, date_from, date_to = inventory_choice(request.user, request.GET, timezone.localdate())
    result = inventory_service.inventory(request.user, unit, date_from, date_to) if unit else None
    return render(request, "records/inventory.html", {"units": units, "unit": unit, "result": result,
                                                      "date_from": date_from, "date_to": date_to})


def urlpatterns():
    from django.urls import path

    return [
        path("kiem-ke/", stocktake_list, name="stocktake_list"),
        path("kiem-ke/<int:pk>/", stocktake_detail, name="stocktake_detail"),
        path("kiem-ke/<int:pk>/dong/<int:line_pk>/", stocktake_mark, name="stocktake_mark"),
        path("vu-viec/", incident_list, name="incident_list"),
        path("vu-viec/<int:pk>/bao-cao/", incident_report, name="incident_report"),
        path("thong-ke/", inventory, name="inventory"),
    ]
