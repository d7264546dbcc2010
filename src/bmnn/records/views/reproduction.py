"""Pages for reproduction (sao, chụp): the list of requests on items the person may
know of, the request form on an item, and one request with its decision and
execution forms. The services decide; a refusal re-renders the form with its rule
and basis (status 403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.org.forms import NFCCharField, ServiceForm, apply_service_error
from bmnn.records.models import Copy, CopyStatus, ReproductionMethod, ReproductionStatus, SecretItem
from bmnn.records.services import reproduction as service

PAGE_SIZE = 50


class RequestForm(ServiceForm):
    source_copy = forms.ModelChoiceField(queryset=Copy.objects.none(), required=False,
                                         label=_lazy("Sao, chụp từ bản"), empty_label=_lazy("Bản gốc / bất kỳ"))
    method = forms.ChoiceField(choices=ReproductionMethod.choices, label=_lazy("Hình thức"))
    copies_requested = forms.IntegerField(min_value=1, max_value=999, label=_lazy("Số bản đề nghị"))
    purpose = NFCCharField(max_length=500, label=_lazy("Mục đích"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, item: SecretItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_copy"].queryset = item.copies.exclude(
            status__in=[CopyStatus.DESTROYED, CopyStatus.MISSING])


class DecisionForm(ServiceForm):
    approve = forms.TypedChoiceField(choices=[("1", _lazy("Cho phép")), ("0", _lazy("Không cho phép"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, label=_lazy("Quyết định"))
    reason = NFCCharField(max_length=500, required=False, label=_lazy("Lý do (bắt buộc khi không cho phép)"))


class ExecutionForm(ServiceForm):
    copies_made = forms.IntegerField(min_value=1, max_value=999, label=_lazy("Số bản đã sao, chụp"))
    copies_spoiled = forms.IntegerField(min_value=0, max_value=999, initial=0, label=_lazy("Số bản hỏng (hủy ngay)"))
    place = NFCCharField(max_length=200, label=_lazy("Địa điểm sao, chụp"))
    device = NFCCharField(max_length=200, label=_lazy("Thiết bị (không kết nối mạng)"))


def _visible_item(request, pk: int) -> SecretItem:
    return get_visible_or_404(SecretItem.objects.select_related("holding_unit"), request.user, pk=pk)


def reproduction_rows(person, params, on=None):
    """The list page's rows (all pages): also what its Excel export holds."""
    reproductions = service.visible_reproductions(person)
    if params.get("status", "") in ReproductionStatus.values:
        reproductions = reproductions.filter(status=params.get("status"))
    return reproductions


@login_required
def reproduction_list(request):
    reproductions = reproduction_rows(request.user, request.GET)
    status = request.GET.get("status", "")
    page = Paginator(reproductions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/reproduction_list.html",
                  {"page": page, "status": status, "statuses": ReproductionStatus.choices})


@login_required
def reproduction_request(request, item_pk: int):
    item = _visible_item(request, item_pk)
    form = RequestForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            reproduction = service.request_reproduction(request.user, item, on=timezone.localdate(),
                                                        **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị sao, chụp."))
            return redirect("records:reproduction_detail", pk=reproduction.pk)
    return render(request, "records/reproduction_request.html", {"item": item, "form": form},
                  status=403 if form.refusal else 200)


def _detail(request, reproduction, *, decision_form=None, execution_form=None, status=200):
    on = timezone.localdate()
    # A form is offered to whoever may use it; a refused attempt keeps its form to show why.
    offer = {
        "offer_decision": (reproduction.status == ReproductionStatus.REQUESTED
                           and (decision_form is not None or service.may_decide(request.user, reproduction, on))),
        "offer_execution": (reproduction.status == ReproductionStatus.APPROVED
                            and (execution_form is not None or service.may_execute(request.user, reproduction, on))),
    }
    return render(request, "records/reproduction_detail.html", {
        **offer, "reproduction": reproduction, "item": reproduction.item,
        "copies": reproduction.copies.all() if reproduction.status == ReproductionStatus.DONE else [],
        "decision_form": decision_form or DecisionForm(),
        "execution_form": execution_form or ExecutionForm(initial={"copies_made": reproduction.copies_requested,
                                                                   "copies_spoiled": 0}),
    }, status=status)


def _visible_reproduction(request, pk: int):
    return get_object_or_404(service.visible_reproductions(request.user), pk=pk)


@login_required
def reproduction_detail(request, pk: int):
    return _detail(request, _visible_reproduction(request, pk))


def _act(request, pk: int, form_class, run, done: str, form_key: str):
    reproduction = _visible_reproduction(request, pk)
    if request.method != "POST":
        return redirect("records:reproduction_detail", pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(reproduction, form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("records:reproduction_detail", pk=pk)
    return _detail(request, reproduction, **{form_key: form}, status=403 if form.refusal else 200)


@login_required
def reproduction_decide(request, pk: int):
    return _act(request, pk, DecisionForm,
                lambda r, data: service.decide_reproduction(request.user, r, on=timezone.localdate(), **data),
                _("Đã ghi quyết định sao, chụp."), "decision_form")


@login_required
def reproduction_execute(request, pk: int):
    return _act(request, pk, ExecutionForm,
                lambda r, data: service.execute_reproduction(request.user, r, on=timezone.localdate(), **data),
                _("Đã ghi việc sao, chụp và vào sổ quản lý sao, chụp."), "execution_form")


def urlpatterns():
    from django.urls import path

    return [
        path("sao-chup/", reproduction_list, name="reproduction_list"),
        path("sao-chup/<int:pk>/", reproduction_detail, name="reproduction_detail"),
        path("sao-chup/<int:pk>/quyet-dinh/", reproduction_decide, name="reproduction_decide"),
        path("sao-chup/<int:pk>/thuc-hien/", reproduction_execute, name="reproduction_execute"),
        path("<int:item_pk>/sao-chup/", reproduction_request, name="reproduction_request"),
    ]
