"""Pages for written notices (thông báo) to the holders of an item: the list of the
notices the person may see (filters: status, act, overdue), one notice with its send
form (the classifying body's registry) and its acknowledge form (the holder). The
services decide; a refusal re-renders the form with its rule and basis (status 403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.errors import Refused
from bmnn.org.forms import NFCCharField, ServiceForm, VNDateField, apply_service_error
from bmnn.records.models import NoticeAct, NoticeStatus
from bmnn.records.services import notices as service
from bmnn.records.services.permissions import is_register_keeper

PAGE_SIZE = 50
ACKNOWLEDGEMENT = _lazy("Đã đóng dấu/ghi nhận trên bản")


class SendForm(ServiceForm):
    reference = NFCCharField(max_length=120, label=_lazy("Số, ký hiệu văn bản thông báo"))
    sent_on = VNDateField(label=_lazy("Ngày gửi"))


class AcknowledgeForm(ServiceForm):
    # Named as the service's argument, so its date errors land on this field.
    on = VNDateField(label=_lazy("Ngày xác nhận"))
    acknowledgement = NFCCharField(max_length=300, required=False, label=_lazy("Nội dung xác nhận"))


def filtered(notices, params, on):
    """The list's filters, shared with the API: status, act, overdue (due and past its date)."""
    status, act = params.get("status", ""), params.get("act", "")
    if status in NoticeStatus.values:
        notices = notices.filter(status=status)
    if act in NoticeAct.values:
        notices = notices.filter(act=act)
    if params.get("overdue") in ("1", "true"):
        notices = notices.filter(status=NoticeStatus.DUE, due_on__lt=on)
    return notices


def notice_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    return filtered(service.visible_notices(person, on), params, on).order_by("due_on", "pk")


@login_required
def notice_list(request):
    on = timezone.localdate()
    notices = notice_rows(request.user, request.GET, on)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = {k: request.GET.get(k, "") for k in ("status", "act", "overdue")}
    query = urlencode({k: v for k, v in chosen.items() if v})
    return render(request, "records/notice_list.html", {
        "page": page, **chosen, "statuses": NoticeStatus.choices, "acts": NoticeAct.choices, "today": on,
        "query_string": f"{query}&" if query else ""})


def _detail(request, notice, *, send_form=None, acknowledge_form=None, status=200):
    on = timezone.localdate()
    # A form is offered to whoever may use it; a refused attempt keeps its form to show why.
    offer_send = notice.status == NoticeStatus.DUE and (
        send_form is not None or is_register_keeper(request.user, notice.item.holding_unit, on))
    offer_acknowledge = notice.status == NoticeStatus.SENT and (
        acknowledge_form is not None or service.may_acknowledge(request.user, notice, on))
    return render(request, "records/notice_detail.html", {
        "notice": notice, "item": notice.item, "copies": notice.copies.order_by("origin", "number"),
        "offer_send": offer_send, "offer_acknowledge": offer_acknowledge, "today": on,
        "send_form": send_form or SendForm(initial={"sent_on": on}),
        "acknowledge_form": acknowledge_form or AcknowledgeForm(initial={"on": on,
                                                                         "acknowledgement": ACKNOWLEDGEMENT}),
    }, status=status)


def _notice(request, pk: int):
    return service.get_notice_or_404(request.user, pk, timezone.localdate())


@login_required
def notice_detail(request, pk: int):
    return _detail(request, _notice(request, pk))


def _act(request, pk: int, form_class, run, done: str, form_key: str):
    notice = _notice(request, pk)
    if request.method != "POST":
        return redirect("records:notice_detail", pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(notice, form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("records:notice_detail", pk=pk)
    return _detail(request, notice, **{form_key: form}, status=403 if form.refusal else 200)


@login_required
def notice_send(request, pk: int):
    return _act(request, pk, SendForm,
                lambda n, data: service.send_notice(request.user, n, **data),
                _("Đã ghi việc gửi thông báo."), "send_form")


@login_required
def notice_acknowledge(request, pk: int):
    return _act(request, pk, AcknowledgeForm,
                lambda n, data: service.acknowledge_notice(request.user, n, **data),
                _("Đã ghi xác nhận thông báo."), "acknowledge_form")


def urlpatterns():
    from django.urls import path

    return [
        path("thong-bao/", notice_list, name="notice_list"),
        path("thong-bao/<int:pk>/", notice_detail, name="notice_detail"),
        path("thong-bao/<int:pk>/gui/", notice_send, name="notice_send"),
        path("thong-bao/<int:pk>/xac-nhan/", notice_acknowledge, name="notice_acknowledge"),
    ]
