"""Pages for carrying items out of their storage place (mang ra khỏi nơi lưu giữ): the list
(status, overdue), the request from an item, and one carry-out with the decision, return and
loss-report forms, each offered only to whoever may use it. The services decide; a refusal
re-renders the form with what was typed, its rule and basis (status 403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import get_visible_or_404, today
from bmnn.core.errors import Refused
from bmnn.org.forms import NFCCharField, ServiceForm, VNDateField, apply_service_error
from bmnn.org.models import Unit
from bmnn.records.models import CarryOutScope, CarryOutStatus, Copy, CopyStatus, IncidentKind, SecretItem
from bmnn.records.services import carryout as service

PAGE_SIZE = 50


class PositionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} – {obj.unit.name}"


class RequestForm(ServiceForm):
    # Required by the service only when the person holds more than one post.
    position = PositionChoiceField(queryset=None, required=False,
                                   label=_lazy("Chức vụ, đơn vị công tác của người mang"))
    copies = forms.ModelMultipleChoiceField(queryset=Copy.objects.none(), widget=forms.CheckboxSelectMultiple,
                                            label=_lazy("Các bản mang ra"))
    scope = forms.ChoiceField(choices=CarryOutScope.choices, widget=forms.RadioSelect, label=_lazy("Phạm vi"),
                              initial=CarryOutScope.DOMESTIC)
    purpose = NFCCharField(max_length=1000, label=_lazy("Mục đích sử dụng"),
                           widget=forms.Textarea(attrs={"rows": 3}))
    destination = NFCCharField(max_length=300, label=_lazy("Địa điểm công tác"))
    leaves_on = VNDateField(label=_lazy("Mang đi từ ngày"))
    returns_by = VNDateField(label=_lazy("Nộp lại chậm nhất ngày"))
    protection_measures = NFCCharField(max_length=500, label=_lazy("Biện pháp bảo vệ"),
                                       help_text=_lazy("Ví dụ: cặp, hộp có khóa bảo đảm an toàn; luôn mang theo người."))
    delegation_head = NFCCharField(max_length=200, required=False, label=_lazy("Trưởng đoàn công tác"),
                                   help_text=_lazy("Bắt buộc khi mang ra nước ngoài: người mang báo cáo trưởng đoàn."))

    def __init__(self, *args, person, item: SecretItem, on, **kwargs):
        super().__init__(*args, **kwargs)
        positions = service.carrier_positions(person, on)
        from bmnn.org.models import Position

        self.fields["position"].queryset = Position.objects.filter(pk__in=[p.pk for p in positions]).select_related(
            "unit")
        if len(positions) == 1:
            self.fields["position"].initial = positions[0].pk
            self.fields["position"].widget = forms.HiddenInput()
        units = Unit.objects.descendant_ids({p.unit_id for p in positions})
        self.fields["copies"].queryset = item.copies.filter(
            Q(custodian_person=person) | Q(custodian_unit_id__in=units), status=CopyStatus.HELD).order_by(
            "origin", "number")


class DecisionForm(ServiceForm):
    approve = forms.TypedChoiceField(choices=[("1", _lazy("Cho phép")), ("0", _lazy("Không cho phép"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, label=_lazy("Quyết định"))
    reason = NFCCharField(max_length=500, required=False, label=_lazy("Lý do (bắt buộc khi không cho phép)"))


class ReturnForm(ServiceForm):
    report = NFCCharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                          label=_lazy("Báo cáo người đã cho phép về việc quản lý, sử dụng bí mật nhà nước"))


class LossForm(ServiceForm):
    kind = forms.ChoiceField(choices=IncidentKind.choices, widget=forms.RadioSelect, label=_lazy("Sự việc"))
    copies = forms.ModelMultipleChoiceField(queryset=Copy.objects.none(), widget=forms.CheckboxSelectMultiple,
                                            required=False, label=_lazy("Bản bị mất, bị lộ"))
    description = NFCCharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                               label=_lazy("Mô tả sự việc (thời gian, địa điểm, hoàn cảnh)"))

    def __init__(self, *args, carry_out, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].queryset = carry_out.copies.filter(status=CopyStatus.OUT)


def carryout_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    carry_outs = service.visible_carry_outs(person, on)
    if params.get("status", "") in CarryOutStatus.values:
        carry_outs = carry_outs.filter(status=params.get("status"))
    if params.get("overdue") == "1":
        carry_outs = carry_outs.filter(is_overdue=True)
    return carry_outs


@login_required
def carryout_list(request):
    carry_outs = carryout_rows(request.user, request.GET, today())
    status = request.GET.get("status", "")
    late = request.GET.get("overdue") == "1"
    page = Paginator(carry_outs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = f"status={status}&" + ("overdue=1&" if late else "")
    return render(request, "records/carryout_list.html",
                  {"page": page, "status": status, "overdue": late, "statuses": CarryOutStatus.choices,
                   "query_string": query})


@login_required
def carryout_request(request, item_pk: int):
    on = today()
    item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), request.user, pk=item_pk)
    form = RequestForm(request.POST or None, person=request.user, item=item, on=on)
    if request.method == "POST" and form.is_valid():
        try:
            carry_out = service.request_carry_out(request.user, item, on=on, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị mang tài liệu ra khỏi nơi lưu giữ."))
            return redirect("records:carryout_detail", pk=carry_out.pk)
    return render(request, "records/carryout_request.html",
                  {"item": item, "form": form, "positions": service.carrier_positions(request.user, on)},
                  status=403 if form.refusal else 200)


def _visible_carry_out(request, pk: int):
    return get_object_or_404(service.visible_carry_outs(request.user, today()), pk=pk)


def _detail(request, carry_out, *, decision_form=None, return_form=None, loss_form=None, status=200):
    on = today()
    person = request.user
    requested = carry_out.status == CarryOutStatus.REQUESTED
    is_carrier = service.may_act_as_carrier(person, carry_out)
    # A form is offered to whoever may use it; a refused attempt keeps its form to show why.
    return render(request, "records/carryout_detail.html", {
        "carry_out": carry_out, "item": carry_out.item,
        "lines": carry_out.lines.select_related("copy", "copy__custodian_person", "copy__custodian_unit"),
        "incidents": carry_out.incidents.select_related("copy"),
        "offer_decision": requested and (decision_form is not None or service.may_decide(person, carry_out, on)),
        "offer_return": is_carrier or return_form is not None,
        "offer_loss": is_carrier or loss_form is not None,
        "decision_form": decision_form or DecisionForm(),
        "return_form": return_form or ReturnForm(),
        "loss_form": loss_form or LossForm(carry_out=carry_out),
    }, status=status)


@login_required
def carryout_detail(request, pk: int):
    return _detail(request, _visible_carry_out(request, pk))


def _act(request, pk: int, make_form, run, done: str, form_key: str):
    carry_out = _visible_carry_out(request, pk)
    if request.method != "POST":
        return redirect("records:carryout_detail", pk=pk)
    form = make_form(carry_out)
    if form.is_valid():
        try:
            run(carry_out, form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("records:carryout_detail", pk=pk)
    return _detail(request, carry_out, **{form_key: form}, status=403 if form.refusal else 200)


@login_required
def carryout_decide(request, pk: int):
    return _act(request, pk, lambda c: DecisionForm(request.POST),
                lambda c, data: service.decide_carry_out(request.user, c, on=today(), **data),
                _("Đã ghi quyết định."), "decision_form")


@login_required
def carryout_return(request, pk: int):
    return _act(request, pk, lambda c: ReturnForm(request.POST),
                lambda c, data: service.return_carry_out(request.user, c, on=today(), **data),
                _("Đã ghi việc nộp lại và báo cáo."), "return_form")


@login_required
def carryout_report_loss(request, pk: int):
    return _act(request, pk, lambda c: LossForm(request.POST, carry_out=c),
                lambda c, data: service.report_loss(request.user, c, on=today(), **data),
                _("Đã ghi báo cáo lộ, mất bí mật nhà nước và mở vụ việc."), "loss_form")


def urlpatterns():
    from django.urls import path

    return [
        path("mang-ra/", carryout_list, name="carryout_list"),
        path("mang-ra/<int:pk>/", carryout_detail, name="carryout_detail"),
        path("mang-ra/<int:pk>/quyet-dinh/", carryout_decide, name="carryout_decide"),
        path("mang-ra/<int:pk>/nop-lai/", carryout_return, name="carryout_return"),
        path("mang-ra/<int:pk>/bao-cao-lo-mat/", carryout_report_loss, name="carryout_report_loss"),
        path("<int:item_pk>/mang-ra/", carryout_request, name="carryout_request"),
    ]
