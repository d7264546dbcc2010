"""Pages for recall (thu hồi) and departures of custodians: the recall decision from the
item page, a recall with its per-holder lines and their return forms, the departures list,
a person's departure page (record it, hand over each copy, record the commitment). The
services decide; a refusal re-renders the form with its rule and basis (status 403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.org.forms import NFCCharField, ServiceForm, VNDateField, apply_service_error
from bmnn.org.models import Person, Unit
from bmnn.records.models import (Copy, DepartureKind, HandoverDestination, RecallLine, RecallStatus, SecretItem)
from bmnn.records.models.recall import RECALL_STAMP
from bmnn.records.services import recall as service

PAGE_SIZE = 50


class SignedForm(ServiceForm):
    """The receiver signs with their password or current TOTP code (as for a delivery receipt)."""

    password = forms.CharField(required=False, strip=False, label=_lazy("Mật khẩu của người nhận"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(required=False, max_length=12, label=_lazy("Hoặc mã xác thực hiện tại (TOTP)"),
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("code"):
            raise ValidationError(_("Ký nhận bằng mật khẩu hoặc mã xác thực hiện tại."))
        return data


class RecallForm(ServiceForm):
    reference = NFCCharField(max_length=120, label=_lazy("Số, ký hiệu quyết định thu hồi"))
    return_by = VNDateField(label=_lazy("Hạn trả lại"))
    reason = NFCCharField(max_length=500, required=False, label=_lazy("Lý do thu hồi"),
                          widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(SignedForm):
    storage_place = NFCCharField(max_length=200, required=False, label=_lazy("Nơi lưu giữ (tủ, kho)"))
    line = forms.IntegerField(widget=forms.HiddenInput)


class DepartureForm(ServiceForm):
    kind = forms.ChoiceField(choices=DepartureKind.choices, label=_lazy("Lý do"))
    effective_on = VNDateField(label=_lazy("Ngày có hiệu lực"))
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_lazy("Đơn vị"),
                                  empty_label=_lazy("Đơn vị đang công tác"))
    note = NFCCharField(max_length=500, required=False, label=_lazy("Ghi chú"))

    def __init__(self, *args, person: Person, on, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=person.unit_ids_on(on))


class HandoverForm(SignedForm):
    copy = forms.IntegerField(widget=forms.HiddenInput)
    destination = forms.ChoiceField(choices=HandoverDestination.choices, initial=HandoverDestination.PERSON,
                                    label=_lazy("Nơi nhận"))
    storage_place = NFCCharField(max_length=200, required=False, label=_lazy("Nơi lưu giữ (khi nhập kho)"))


class CommitmentForm(ServiceForm):
    reference = NFCCharField(max_length=120, label=_lazy("Số, ký hiệu văn bản"))
    signed_on = VNDateField(label=_lazy("Ngày ký"))


def _on():
    return timezone.localdate()


# --- Recall ----------------------------------------------------------------------------------------

def recall_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    recalls = service.visible_recalls(person, on)
    if params.get("status", "") in RecallStatus.values:
        recalls = recalls.filter(status=params.get("status"))
    return recalls


@login_required
def recall_list(request):
    recalls = recall_rows(request.user, request.GET, _on())
    status = request.GET.get("status", "")
    page = Paginator(recalls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/recall_list.html",
                  {"page": page, "status": status, "statuses": RecallStatus.choices, "today": _on()})


@login_required
def recall_create(request, item_pk: int):
    item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), request.user, pk=item_pk)
    form = RecallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recall = service.decide_recall(request.user, item, on=_on(), **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi quyết định thu hồi."))
            return redirect("records:recall_detail", pk=recall.pk)
    return render(request, "records/recall_form.html", {"item": item, "form": form, "stamp": RECALL_STAMP},
                  status=403 if form.refusal else 200)


def _visible_recall(request, pk: int):
    return get_object_or_404(service.visible_recalls(request.user, _on()), pk=pk)


def _recall_page(request, recall, *, return_form=None, status=200):
    on = _on()
    lines = recall.lines.select_related("holder_person", "holder_unit", "received_by").prefetch_related("copies")
    # The line just submitted keeps what was typed (never the password); the others get a blank form.
    typed = return_form.data.get("line") if return_form is not None else None
    rows = [(line, return_form if typed == str(line.pk) else ReturnForm()) for line in lines]
    return render(request, "records/recall_detail.html", {
        "recall": recall, "item": recall.item, "rows": rows, "stamp": RECALL_STAMP, "today": on,
        "overdue": recall.status == RecallStatus.OPEN and on > recall.return_by,
        "may_receive": return_form is not None or service.may_receive_return(request.user, recall, on),
        "return_form": return_form,
    }, status=status)


@login_required
def recall_detail(request, pk: int):
    return _recall_page(request, _visible_recall(request, pk))


@login_required
def recall_return(request, pk: int):
    recall = _visible_recall(request, pk)
    if request.method != "POST":
        return redirect("records:recall_detail", pk=pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        line = get_object_or_404(RecallLine, pk=data.pop("line"), recall=recall)
        try:
            service.return_line(request.user, line, on=_on(), **data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ký nhận lại tài liệu thu hồi vào nơi lưu giữ."))
            return redirect("records:recall_detail", pk=pk)
    return _recall_page(request, recall, return_form=form, status=403 if form.refusal else 200)


# --- Departures ------------------------------------------------------------------------------------

def departure_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    departures = service.visible_departures(person, on)
    if params.get("open") == "1":
        departures = departures.filter(completed_on__isnull=True)
    return departures


@login_required
def departure_list(request):
    departures = departure_rows(request.user, request.GET, _on())
    open_only = request.GET.get("open") == "1"
    page = Paginator(departures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/recall_departure_list.html", {"page": page, "open_only": open_only})


@login_required
def departure_for_person(request, person_pk: int):
    """From the org person page: the open departure, or the form to record one."""
    on = _on()
    person = get_object_or_404(Person, pk=person_pk)
    current = service.open_departure(person)
    if current is not None and service.visible_departures(request.user, on).filter(pk=current.pk).exists():
        return redirect("records:departure_detail", pk=current.pk)
    form = DepartureForm(request.POST or None, person=person, on=on,
                         initial={"effective_on": on, "kind": DepartureKind.TRANSFER})
    if request.method == "POST" and form.is_valid():
        try:
            departure = service.record_departure(request.user, person, on=on, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận; bàn giao từng bản và ghi nhận cam kết."))
            return redirect("records:departure_detail", pk=departure.pk)
    history = service.visible_departures(request.user, on).filter(person=person)
    return render(request, "records/recall_departure_form.html",
                  {"person": person, "form": form, "history": history,
                   "may_record": any(service.may_record(request.user, u, on) for u in
                                     Unit.objects.filter(pk__in=person.unit_ids_on(on)))},
                  status=403 if form.refusal else 200)


def _visible_departure(request, pk: int):
    return get_object_or_404(service.visible_departures(request.user, _on()), pk=pk)


def _departure_page(request, departure, *, handover_form=None, commitment_form=None, status=200):
    on = _on()
    shown, hidden = service.departure_copies(request.user, departure, on)
    typed = handover_form.data.get("copy") if handover_form is not None else None
    rows = [(copy, service.may_receive_handover(request.user, departure, copy, on),
             handover_form if typed == str(copy.pk) else HandoverForm()) for copy in shown]
    is_open = departure.completed_on is None
    death = departure.kind == DepartureKind.DEATH
    may_commit = commitment_form is not None or service.may_record_commitment(request.user, departure, on)
    return render(request, "records/recall_departure_detail.html", {
        "departure": departure, "rows": rows, "hidden": hidden, "is_open": is_open, "death": death,
        "handovers": departure.handovers.select_related("copy", "copy__item", "receiver").filter(
            copy__item__in=SecretItem.objects.visible_to(request.user, on).values("pk")),
        "handover_form": handover_form,
        "commitment_form": commitment_form or CommitmentForm(initial={"signed_on": on}), "may_commit": may_commit,
    }, status=status)


@login_required
def departure_detail(request, pk: int):
    return _departure_page(request, _visible_departure(request, pk))


@login_required
def departure_handover(request, pk: int):
    departure = _visible_departure(request, pk)
    if request.method != "POST":
        return redirect("records:departure_detail", pk=pk)
    form = HandoverForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        copy = get_object_or_404(Copy, pk=data.pop("copy"))
        try:
            service.hand_over(request.user, departure, copy, on=_on(), **data)
        except Http404:
            raise
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ký nhận bàn giao %(copy)s.") % {"copy": copy})
            return redirect("records:departure_detail", pk=pk)
    return _departure_page(request, departure, handover_form=form, status=403 if form.refusal else 200)


@login_required
def departure_commitment(request, pk: int):
    departure = _visible_departure(request, pk)
    if request.method != "POST":
        return redirect("records:departure_detail", pk=pk)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            service.record_commitment(request.user, departure, on=_on(), **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận."))
            return redirect("records:departure_detail", pk=pk)
    return _departure_page(request, departure, commitment_form=form, status=403 if form.refusal else 200)


def urlpatterns():
    from django.urls import path

    return [
        path("thu-hoi/", recall_list, name="recall_list"),
        path("thu-hoi/<int:pk>/", recall_detail, name="recall_detail"),
        path("thu-hoi/<int:pk>/tra-lai/", recall_return, name="recall_return"),
        path("<int:item_pk>/thu-hoi/", recall_create, name="recall_create"),
        path("thoi-viec/", departure_list, name="departure_list"),
        path("thoi-viec/can-bo/<int:person_pk>/", departure_for_person, name="departure_for_person"),
        path("thoi-viec/<int:pk>/", departure_detail, name="departure_detail"),
        path("thoi-viec/<int:pk>/ban-giao/", departure_handover, name="departure_handover"),
        path("thoi-viec/<int:pk>/cam-ket/", departure_commitment, name="departure_commitment"),
    ]
