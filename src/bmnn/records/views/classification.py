"""Pages for lists of state secrets and for classification: the drafter's proposal
(kept on error, refusals shown with their basis), the decider's decide/return page
and the drafter's revision of a returned proposal. Every change goes through
records.services; items are fetched only through the visible queryset."""

from __future__ import annotations

import functools

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import get_visible_or_404, today
from bmnn.core.dates import on_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org.forms import ServiceForm, apply_service_error
from bmnn.org.models import Person, Tenure, Unit
from bmnn.records import services
from bmnn.records.models import ItemKind, ItemStatus, SecretItem, SecretListEntry
from bmnn.records.services.lists import entries_allowing, lists_on
from bmnn.rulebook import authority

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


# --- Lists ----------------------------------------------------------------------------------------

@login_required
def list_index(request):
    on, typed = on_date(request)
    return render(request, "records/lists.html", {"lists": lists_on(on), "on": on, "on_text": typed})


# --- Proposal -------------------------------------------------------------------------------------

class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, entry):
        return f"{entry.secret_list.code} – {_('mục')} {entry.number} ({Level(entry.level).label}): {entry.content}"


class ProposalForm(ServiceForm):
    holding_unit = forms.ModelChoiceField(label=_lazy("Đơn vị quản lý"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_lazy("Loại"), choices=ItemKind.choices)
    document_type = forms.CharField(label=_lazy("Tên loại"), max_length=100)
    reference = forms.CharField(label=_lazy("Số, ký hiệu (nếu đã có)"), max_length=120, required=False)
    issued_on = forms.DateField(label=_lazy("Ngày văn bản"), required=False, widget=DATE_WIDGET)
    level = forms.ChoiceField(label=_lazy("Độ mật đề xuất"), choices=Level.choices,
                              widget=forms.Select(attrs={"data-level-select": "1"}))
    list_entry = EntryChoiceField(label=_lazy("Căn cứ mục trong danh mục BMNN"), queryset=SecretListEntry.objects.none(),
                                  required=False)
    recipients = forms.CharField(
        label=_lazy("Nơi nhận"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("Mỗi dòng một nơi nhận: mã đơn vị hoặc tên nơi nhận ngoài hệ thống, dấu «:» rồi số bản "
                        "(ví dụ «PA03: 2»)."))
    copies_planned = forms.IntegerField(label=_lazy("Số lượng bản phát hành"), min_value=1, initial=1)
    reproduction_allowed = forms.BooleanField(label=_lazy("Được phép sao, chụp"), required=False)
    pages = forms.IntegerField(label=_lazy("Số trang"), min_value=0, initial=0)
    attachments = forms.IntegerField(label=_lazy("Số phụ lục, tài liệu kèm theo"), min_value=0, initial=0)
    shorter_period_until = forms.DateField(
        label=_lazy("Thời hạn bảo vệ ngắn hơn, đến ngày (chỉ với hoạt động)"), required=False, widget=DATE_WIDGET)
    summary = forms.CharField(label=_lazy("Trích yếu"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "data-summary-field": "1"}))

    def __init__(self, *args, person, on, **kwargs):
        super().__init__(*args, **kwargs)
        unit_ids = Tenure.objects.held_on(on).filter(person=person).values_list("position__unit_id", flat=True)
        self.fields["holding_unit"].queryset = Unit.objects.filter(pk__in=list(unit_ids)).order_by("sort_key")
        self.fields["list_entry"].queryset = entries_allowing(None, on)
        # Under the 2026 regime a Tuyệt mật summary is never stored: the static script hides
        # the field for that level; the service refuses it anyway.
        if authority.summary_rule(Level.TUYET_MAT, on=on).policy == "never":
            self.fields["summary"].widget.attrs["data-hidden-for-level"] = Level.TUYET_MAT
            self.fields["summary"].help_text = _("Không ghi trích yếu đối với tài liệu Tuyệt mật.")

    def clean_recipients(self):
        result = []
        for number, line in enumerate(self.cleaned_data["recipients"].splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            name, _sep, copies = line.rpartition(":") if ":" in line else (line, "", "1")
            name, copies = name.strip(), copies.strip() or "1"
            if not copies.isdigit() or int(copies) < 1:
                raise ValidationError(_("Dòng %(n)s: số bản phải là số từ 1 trở lên.") % {"n": number})
            unit = Unit.objects.filter(code__iexact=name).first() if name else None
            result.append({"unit": unit, "copies": int(copies)} if unit else
                          {"external_name": name, "copies": int(copies)})
        return result


class UnmarkedReportForm(ProposalForm):
    """Received information that should be secret but came unmarked (Decree 26/2020 Art. 2.2)."""

    received_from = forms.CharField(label=_lazy("Nhận từ (cơ quan, tổ chức, cá nhân)"), max_length=300)
    note = forms.CharField(label=_lazy("Ghi chú báo cáo"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    proposer = forms.ModelChoiceField(label=_lazy("Người được giao đề xuất độ mật"), queryset=Person.objects.none(),
                                      required=False, help_text=_lazy("Để trống nếu chính bạn đề xuất."))

    field_order = ["received_from", "note", "proposer"]

    def __init__(self, *args, person, on, **kwargs):
        super().__init__(*args, person=person, on=on, **kwargs)
        units = self.fields["holding_unit"].queryset
        self.fields["proposer"].queryset = Person.objects.filter(
            pk__in=Tenure.objects.held_on(on).filter(position__unit__in=units).values("person_id"),
            is_active=True).order_by("sort_key")


def _recipients_text(item) -> str:
    return "\n".join(f"{r.unit.code if r.unit else (r.person.full_name if r.person else r.external_name)}: {r.copies}"
                     for r in item.recipients.select_related("unit", "person"))


def _proposal_page(request, *, item=None, report=False):
    on = today()
    initial = {}
    if item is not None:
        initial = {f: getattr(item, f) for f in ("holding_unit", "kind", "document_type", "reference", "issued_on",
                                                 "level", "list_entry", "copies_planned", "reproduction_allowed",
                                                 "pages", "attachments")}
        initial |= {"summary": item.summary, "recipients": _recipients_text(item),
                    "shorter_period_until": item.protection_until if item.protection_shortened else None}
    form_class = UnmarkedReportForm if report else ProposalForm
    form = form_class(request.POST or None, person=request.user, on=on, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if report:
            act = functools.partial(services.report_unmarked, request.user, proposer=data["proposer"],
                                    received_from=data["received_from"], note=data["note"])
        else:
            act = functools.partial(services.propose, request.user, item=item)
        try:
            result = act(
                holding_unit=data["holding_unit"], kind=data["kind"],
                document_type=data["document_type"], level=data["level"], list_entry=data["list_entry"],
                recipients=data["recipients"], copies_planned=data["copies_planned"],
                reproduction_allowed=data["reproduction_allowed"], pages=data["pages"],
                attachments=data["attachments"], summary=data["summary"], reference=data["reference"],
                issued_on=data["issued_on"], shorter_period_until=data["shorter_period_until"])
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã gửi đề xuất độ mật cho người có thẩm quyền quyết định."))
            # A receiver who reported something above their own clearance does not see it afterwards.
            if SecretItem.objects.visible_to(request.user).filter(pk=result.pk).exists():
                return redirect("records:item_detail", pk=result.pk)
            return redirect("records:item_list")
    return render(request, "records/propose.html", {"form": form, "item": item, "report": report},
                  status=403 if form.refusal else 200)


@login_required
def propose(request):
    return _proposal_page(request)


@login_required
def report_unmarked(request):
    return _proposal_page(request, report=True)


@login_required
def revise(request, pk: int):
    try:
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=pk)
    except Http404:
        return render(request, "records/item_not_found.html", status=404)
    if item.status != ItemStatus.RETURNED or item.drafter_id != request.user.pk:
        messages.error(request, _("Chỉ người soạn thảo mới được sửa và đề xuất lại tài liệu đã bị trả lại."))
        return redirect("records:item_detail", pk=item.pk)
    return _proposal_page(request, item=item)


# --- Decision -------------------------------------------------------------------------------------

class DecideForm(ServiceForm):
    decided_on = forms.DateField(label=_lazy("Ngày quyết định"), widget=DATE_WIDGET)
    summary_consent = forms.BooleanField(
        label=_lazy("Đồng ý ghi trích yếu của tài liệu Tuyệt mật"), required=False)


class ReturnForm(ServiceForm):
    reason = forms.CharField(label=_lazy("Lý do trả lại"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


@login_required
def decide(request, pk: int):
    try:
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit", "list_entry__secret_list",
                                                                    "drafter"), request.user, pk=pk)
    except Http404:
        return render(request, "records/item_not_found.html", status=404)
    action = request.POST.get("action") if request.method == "POST" else None
    decide_form = DecideForm(request.POST if action == "decide" else None, initial={"decided_on": today()})
    return_form = ReturnForm(request.POST if action == "return" else None)
    form = decide_form if action == "decide" else return_form
    if action in ("decide", "return") and form.is_valid():
        try:
            if action == "decide":
                services.decide(request.user, item, form.cleaned_data["decided_on"],
                                summary_consent=form.cleaned_data["summary_consent"])
                messages.success(request, _("Đã quyết định độ mật."))
            else:
                services.return_to_drafter(request.user, item, form.cleaned_data["reason"])
                messages.success(request, _("Đã trả lại đề xuất cho người soạn thảo."))
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            return redirect("records:item_detail", pk=item.pk)
    consent_needed = authority.summary_rule(item.level, on=today()).policy == "with_classifier_consent"
    if not consent_needed:
        del decide_form.fields["summary_consent"]
    refused = decide_form.refusal or return_form.refusal
    return render(request, "records/decide.html", {
        "item": item, "decide_form": decide_form, "return_form": return_form,
        "recipients": item.recipients.select_related("unit", "person"),
        "proposed": item.status == ItemStatus.PROPOSED,
    }, status=403 if refused else 200)


def urlpatterns():
    from django.urls import path

    return [
        path("danh-muc/", list_index, name="lists"),
        path("de-xuat/", propose, name="propose"),
        path("bao-cao-chua-xac-dinh-do-mat/", report_unmarked, name="report_unmarked"),
        path("<int:pk>/de-xuat-lai/", revise, name="revise"),
        path("<int:pk>/quyet-dinh/", decide, name="decide"),
    ]

