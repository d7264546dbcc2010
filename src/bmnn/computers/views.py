"""Pages of the register of computers: import a report, the list and a computer's
page, a report's page, violations (filterable, printable) and closing one.

Everything is fetched through the visible set (computers.access): a computer, report
or violation the person may not see is 404 and absent from lists and counts. Marked
files are listed through selectors.files_for: above the viewer's clearance, a count."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bmnn.computers import selectors, services
from bmnn.computers.access import may_oversee
from bmnn.computers.forms import ImportForm, NetworkModeForm, ResolveForm
from bmnn.computers.models import Computer, Verdict, Violation, ViolationKind, ViolationStatus
from bmnn.computers.reportfile import MAX_REPORT_BYTES, InvalidReport
from bmnn.computers.rules import BASIS, RULE
from bmnn.core.access import clearance, get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org.forms import apply_service_error
from bmnn.org.models import Unit
from bmnn.org.selectors import vi_ordered

PAGE_SIZE = 50
VIOLATION_PAGE_SIZE = 200  # a printed list should rarely need a second page


def _filter_units(person):
    """The units the person's clearance covers: choosing another would always give nothing."""
    _levels, unit_ids = clearance(person)
    return vi_ordered(Unit.objects.filter(pk__in=unit_ids))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def computer_list(request):
    filters = selectors.ComputerFilters.from_params(request.GET)
    computers = selectors.find_computers(request.user, filters)
    page = Paginator(computers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "computers/computer_list.html", {
        "page": page, "count": page.paginator.count, "filters": filters, "units": _filter_units(request.user),
        "verdicts": Verdict.choices, "filter_query": _query_without_page(request),
        "open_violations": selectors.find_violations(
            request.user, selectors.ViolationFilters(status=ViolationStatus.OPEN)).count(),
    })


@login_required
def import_report(request):
    form = ImportForm(request.POST or None, request.FILES or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["report"]
        try:
            if upload.size > MAX_REPORT_BYTES:
                upload.close()
                raise InvalidReport(_("Tệp quá lớn để là một báo cáo quét (tối đa %(mb)s MB).")
                                    % {"mb": MAX_REPORT_BYTES // (1024 * 1024)})
            result = services.import_report(request.user, upload.read(), unit=form.cleaned_data["unit"],
                                            source_name=upload.name, network_mode=form.cleaned_data["network_mode"])
        except InvalidReport as error:
            form.add_error("report", error)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            return _after_import(request, result)
    return render(request, "computers/import.html", {"form": form}, status=403 if form.refusal else 200)


def _after_import(request, result):
    computer = result.computer
    if not result.created:
        messages.info(request, _("Báo cáo này đã được nhập lúc %(at)s (mã băm trùng); không nhập lại.")
                      % {"at": result.report.imported_at.strftime("%d/%m/%Y %H:%M")})
    else:
        messages.success(request, _("Đã nhập kết quả quét máy %(host)s.") % {"host": computer.hostname})
        if result.violation is not None:
            messages.error(request, _("Phát hiện vi phạm: %(kind)s.") % {"kind": result.violation.get_kind_display()})
    # Whoever may import sees the computer (the register is visible at any clearance);
    # files above the importer's clearance are counted there, not listed.
    return redirect("computers:computer_detail", pk=computer.pk)


@login_required
def computer_detail(request, pk: int):
    computer = services.open_computer(request.user, pk)
    report = computer.latest_report
    oversee = may_oversee(request.user, computer.unit)
    return render(request, "computers/computer_detail.html", {
        "computer": computer, "report": report, "facts": report.facts if report else {},
        "shown": selectors.files_for(request.user, report) if report else None,
        "reports": computer.reports.select_related("imported_by"),
        "violations": computer.violations.all(),
        "may_oversee": oversee,
        "mode_form": NetworkModeForm(initial={"network_mode": computer.network_mode}) if oversee else None,
    })


@login_required
@require_POST
def declare_network_mode(request, pk: int):
    computer = get_visible_or_404(Computer.objects.select_related("unit"), request.user, pk=pk)
    form = NetworkModeForm(request.POST)
    if form.is_valid():
        try:
            services.declare_network_mode(request.user, computer, form.cleaned_data["network_mode"])
        except (Refused, ValidationError) as error:
            messages.error(request, error.message if isinstance(error, Refused) else "; ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi chế độ kết nối đơn vị khai báo."))
    return redirect("computers:computer_detail", pk=computer.pk)


@login_required
def report_detail(request, pk: int):
    report = services.open_report(request.user, pk)
    return render(request, "computers/report_detail.html", {
        "report": report, "computer": report.computer, "facts": report.facts,
        "shown": selectors.files_for(request.user, report),
        "problems": selectors.problems_of(report),
    })


@login_required
def violation_list(request):
    filters = selectors.ViolationFilters.from_params(request.GET)
    for typed in filters.errors.values():
        messages.error(request, _("Ngày “%(typed)s” không đúng dạng dd/mm/yyyy; bộ lọc này bị bỏ qua.")
                       % {"typed": typed})
    violations = selectors.find_violations(request.user, filters)
    page = Paginator(violations, VIOLATION_PAGE_SIZE).get_page(request.GET.get("page"))
    units = _filter_units(request.user)
    return render(request, "computers/violation_list.html", {
        "page": page, "count": page.paginator.count, "filters": filters, "units": units,
        "unit_name": next((u.name for u in units if u.pk == filters.unit), ""),
        "levels": Level.choices, "statuses": ViolationStatus.choices, "kinds": ViolationKind.choices,
        "typed": {name: request.GET.get(name, "") for name in ("date_from", "date_to")},
        "filter_query": _query_without_page(request),
    })


@login_required
def violation_detail(request, pk: int):
    violation = get_visible_or_404(Violation.objects.select_related(
        "computer", "computer__unit", "report", "last_report", "resolved_by"), request.user, pk=pk)
    oversee = may_oversee(request.user, violation.computer.unit)
    form = ResolveForm(request.POST or None) if oversee and violation.status == ViolationStatus.OPEN else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.resolve_violation(request.user, violation, form.cleaned_data["note"])
            except (Refused, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Đã ghi kết quả xử lý vi phạm."))
                return redirect("computers:violation_detail", pk=violation.pk)
    return render(request, "computers/violation_detail.html", {
        "violation": violation, "computer": violation.computer, "form": form,
        "basis": BASIS[violation.kind], "rule": RULE[violation.kind],
        "shown": selectors.files_for(request.user, violation.last_report, stamped_only=True),
    }, status=403 if form is not None and form.refusal else 200)
