"""The annual report page (báo cáo công tác bảo vệ bí mật nhà nước năm): the figures on screen
for a unit and a report year, and the report as a DOCX (or PDF) draft to edit and sign.

Only the unit's leaders and state-secret officer see it: for anyone else a unit's report does not
exist (404). Downloading is the print act (a POST: a Printout row and a ledger event)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org.forms import NFCCharField, ServiceForm, apply_service_error
from bmnn.org.models import Unit
from bmnn.outputs.http import attachment
from bmnn.records.services import annual_report as report
from bmnn.records.services import annual_report_document as document


class PrintForm(ServiceForm):
    recipient = NFCCharField(max_length=300, required=False, label=_lazy("Kính gửi"),
                             help_text=_lazy("Chọn gợi ý hoặc ghi cơ quan nhận báo cáo."))
    place = NFCCharField(max_length=100, required=False, label=_lazy("Địa danh (ghi trước ngày, tháng, năm)"))
    level = forms.ChoiceField(required=False, label=_lazy("Độ mật của báo cáo"))
    fmt = forms.ChoiceField(choices=[("docx", "DOCX"), ("pdf", "PDF")], initial="docx", required=False)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _lazy("Không đóng dấu độ mật (số liệu chỉ là số lượng)")),
                                        *[(lv, Level(lv).label) for lv in levels]]


def _year(value, default: int) -> int:
    return int(value) if str(value or "").isdigit() and 2000 <= int(value) <= default + 1 else default


def _unit(request, units: list[Unit]):
    """The unit asked for (404 when the person may not make its report) or their first one."""
    asked = request.GET.get("unit") or request.POST.get("unit")
    if not asked:
        return units[0] if units else None
    unit = Unit.objects.filter(pk=int(asked) if str(asked).isdigit() else 0).first()
    if unit is None:
        raise Http404
    report.require_maker(request.user, unit)
    return unit


def _context(request, unit, year: int, form: PrintForm | None = None) -> dict:
    figures = report.figures(request.user, unit, year)
    default, options = document.recipient_choices(unit)
    form = form or PrintForm(levels=figures.levels,
                             initial={"recipient": default, "place": document.default_place(unit), "fmt": "docx"})
    return {"unit": unit, "year": year, "figures": figures, "form": form, "recipients": options,
            "level_labels": [Level(lv).label for lv in figures.levels], "notes": document.data_note(figures),
            "sentences": document.sentences(figures),
            "years": list(range(report.current_report_year() + 1, report.current_report_year() - 5, -1))}


@login_required
def annual_report(request):
    units = report.maker_units(request.user)
    unit = _unit(request, units)
    if unit is None:
        return render(request, "records/annual_report.html", {"units": []})
    year = _year(request.GET.get("year"), report.current_report_year())
    return render(request, "records/annual_report.html", {"units": units, **_context(request, unit, year)})


@login_required
@require_POST
def annual_report_download(request):
    units = report.maker_units(request.user)
    unit = _unit(request, units)
    if unit is None:
        raise Http404
    year = _year(request.POST.get("year"), report.current_report_year())
    form = PrintForm(request.POST, levels=report.figures_levels(request.user, unit, timezone.localdate()))
    if form.is_valid():
        data = form.cleaned_data
        try:
            printout, content = document.print_report(
                request.user, unit, year, fmt=data["fmt"] or "docx", recipient=data["recipient"],
                place=data["place"], level=data["level"])
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            return attachment(content, printout.filename, printout.fmt)
    return render(request, "records/annual_report.html", {"units": units, **_context(request, unit, year, form)},
                  status=403 if form.refusal else 400)


def urlpatterns():
    from django.urls import path

    return [
        path("bao-cao-nam/", annual_report, name="annual_report"),
        path("bao-cao-nam/tai/", annual_report_download, name="annual_report_download"),
    ]
