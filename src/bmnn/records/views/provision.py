"""Pages for provision and transfer (cung cấp, chuyển giao): the list of requests on
items the person may know of, the request form on an item, and one request with the
forms for its decision (in the system, or recording an outside authority's decision),
its delivery and the outside receiver's paper receipt — each offered only to who may
use it. The services decide; a refusal re-renders the form with its rule and basis (403)."""

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
from bmnn.org.forms import NFCCharField, ServiceForm, VNDateField, apply_service_error
from bmnn.records.models import (CopyStatus, IdentityDocument, ProvisionScope, ProvisionStatus, RequesterKind,
                                 SecretItem)
from bmnn.records.services import provision as service
from bmnn.records.views.delivery import CopiesField
from bmnn.rulebook import loader

PAGE_SIZE = 50
GRANT_CHOICES = [("1", _lazy("Đồng ý cung cấp, chuyển giao")), ("0", _lazy("Từ chối (nêu rõ lý do)"))]


def _on():
    """The act's date; one place, so tests can freeze it."""
    return timezone.localdate()


def _text(label, max_length=300, *, textarea=False, **kwargs):
    widget = forms.Textarea(attrs={"rows": 2}) if textarea else None
    return NFCCharField(max_length=max_length, required=False, label=label, widget=widget, **kwargs)


class RequestForm(ServiceForm):
    """Every field the law lists; which are required depends on the scope and the kind of
    requester, so the service says what is missing (per field, in Vietnamese)."""

    scope = forms.ChoiceField(choices=ProvisionScope.choices, widget=forms.RadioSelect, label=_lazy("Bên đề nghị là"))
    requester_kind = forms.ChoiceField(choices=RequesterKind.choices, widget=forms.RadioSelect,
                                       label=_lazy("Đề nghị của"))
    request_reference = _text(_lazy("Số, ký hiệu văn bản đề nghị"), 120)
    request_date = VNDateField(label=_lazy("Ngày văn bản đề nghị"))
    organisation_name = _text(_lazy("Tên cơ quan, tổ chức"))
    representative_name = _text(_lazy("Người đại diện"), 200)
    representative_nationality = _text(_lazy("Quốc tịch người đại diện (nước ngoài)"), 100)
    representative_passport = _text(_lazy("Số hộ chiếu người đại diện (nước ngoài)"), 50)
    representative_position = _text(_lazy("Chức vụ người đại diện (nước ngoài)"), 200)
    full_name = _text(_lazy("Họ và tên (cá nhân)"), 200)
    id_document = forms.ChoiceField(choices=[("", "—"), *IdentityDocument.choices], required=False,
                                    label=_lazy("Loại giấy tờ (cá nhân Việt Nam)"))
    id_number = _text(_lazy("Số giấy tờ / số hộ chiếu"), 50)
    nationality = _text(_lazy("Quốc tịch (cá nhân nước ngoài)"), 100)
    address = _text(_lazy("Địa chỉ liên lạc"))
    position = _text(_lazy("Vị trí công tác"), 200)
    copies_requested = forms.IntegerField(min_value=1, max_value=999, initial=1, required=False,
                                          label=_lazy("Số bản đề nghị"))
    purpose = _text(_lazy("Mục đích sử dụng"), 500, textarea=True)
    related_duty = _text(_lazy("Nhiệm vụ liên quan trực tiếp được giao (trong nước) / chương trình hợp tác quốc tế, "
                               "công vụ (nước ngoài)"), 500, textarea=True)
    commitment_to_protect = forms.BooleanField(required=False, label=_lazy("Văn bản có cam kết bảo vệ bí mật nhà nước"))
    commitment_no_third_party = forms.BooleanField(
        required=False, label=_lazy("Có cam kết không cung cấp, chuyển giao cho bên thứ ba khi chưa được đồng ý "
                                    "(nước ngoài)"))
    host_body = _text(_lazy("Cơ quan, tổ chức Việt Nam chủ trì đã chuyển đề nghị (nước ngoài)"))


class DecisionForm(ServiceForm):
    grant = forms.TypedChoiceField(choices=GRANT_CHOICES, coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                   label=_lazy("Quyết định"))
    reason = _text(_lazy("Lý do (bắt buộc khi từ chối)"), 1000, textarea=True)


class OutsideDecisionForm(DecisionForm):
    reference = _text(_lazy("Số, ký hiệu văn bản quyết định"), 120)
    decided_on = VNDateField(label=_lazy("Ngày quyết định"))
    signer = _text(_lazy("Người ký"), 200)
    # Every capacity of the catalogue: one without the authority is refused with its basis.
    capacity = forms.ChoiceField(choices=(), label=_lazy("Cương vị người ký"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].choices = [("", "—"), *loader.class_choices()]


class DeliverForm(ServiceForm):
    copies = CopiesField(queryset=None, widget=forms.CheckboxSelectMultiple, label=_lazy("Các bản giao"))
    express = forms.BooleanField(required=False, label=_lazy("Hỏa tốc"))

    def __init__(self, *args, item: SecretItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].queryset = item.copies.filter(status=CopyStatus.HELD).order_by("origin", "number")


class ReceiptForm(ServiceForm):
    signed_by = _text(_lazy("Người đã ký nhận (bên nhận)"), 200)
    signed_on = VNDateField(label=_lazy("Ngày ký nhận"))
    counted_copies = forms.IntegerField(min_value=0, max_value=999, label=_lazy("Số bản ghi trong biên nhận"))
    paper_reference = _text(_lazy("Biên nhận giấy (sổ chuyển giao, trang / số biên nhận)"), 120)


def provision_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    provisions = service.visible_provisions(person, on)
    if params.get("status", "") in ProvisionStatus.values:
        provisions = provisions.filter(status=params.get("status"))
    return provisions


@login_required
def provision_list(request):
    provisions = provision_rows(request.user, request.GET, _on())
    status = request.GET.get("status", "")
    page = Paginator(provisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/provision_list.html",
                  {"page": page, "status": status, "statuses": ProvisionStatus.choices})


@login_required
def provision_request(request, item_pk: int):
    item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), request.user, pk=item_pk)
    form = RequestForm(request.POST or None, initial={"scope": ProvisionScope.DOMESTIC,
                                                      "requester_kind": RequesterKind.ORGANISATION})
    if request.method == "POST" and form.is_valid():
        try:
            provision = service.record_request(request.user, item, on=_on(), **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận đề nghị cung cấp, chuyển giao."))
            return redirect("records:provision_detail", pk=provision.pk)
    return render(request, "records/provision_request.html", {"item": item, "form": form},
                  status=403 if form.refusal else 200)


def _visible(request, pk: int):
    return get_object_or_404(service.visible_provisions(request.user, _on()), pk=pk)


FORMS = ("decision_form", "outside_form", "deliver_form", "receipt_form")


def _detail(request, provision, *, status=200, **forms_given):
    on, user = _on(), request.user
    # A form is offered to whoever may use it; a refused attempt keeps its form to show why.
    offer = {
        "offer_decision": "decision_form" in forms_given or service.may_decide(user, provision, on),
        "offer_outside": "outside_form" in forms_given or service.may_record_decision(user, provision, on),
        "offer_delivery": "deliver_form" in forms_given or service.may_deliver(user, provision, on),
        "offer_receipt": "receipt_form" in forms_given or service.may_record_receipt(user, provision, on),
    }
    item = provision.item
    return render(request, "records/provision_detail.html", {
        **offer, "provision": provision, "item": item,
        "capacity_name": _capacity_name(provision),
        "decision_form": forms_given.get("decision_form") or DecisionForm(),
        "outside_form": forms_given.get("outside_form") or OutsideDecisionForm(),
        "deliver_form": forms_given.get("deliver_form") or DeliverForm(item=item),
        "receipt_form": forms_given.get("receipt_form") or ReceiptForm(
            initial={"counted_copies": provision.delivery.copies.count() if provision.delivery_id else None}),
    }, status=status)


def _capacity_name(provision) -> str:
    if not provision.outside_capacity:
        return ""
    return dict(loader.class_choices()).get(provision.outside_capacity, provision.outside_capacity)


@login_required
def provision_detail(request, pk: int):
    return _detail(request, _visible(request, pk))


def _act(request, pk: int, form_key: str, make_form, run, done: str):
    provision = _visible(request, pk)
    if request.method != "POST":
        return redirect("records:provision_detail", pk=pk)
    form = make_form(provision)
    if form.is_valid():
        try:
            run(provision, form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("records:provision_detail", pk=pk)
    return _detail(request, provision, status=403 if form.refusal else 200, **{form_key: form})


@login_required
def provision_decide(request, pk: int):
    return _act(request, pk, "decision_form", lambda p: DecisionForm(request.POST),
                lambda p, data: service.decide(request.user, p, on=_on(), **data),
                _("Đã ghi quyết định cung cấp, chuyển giao."))


@login_required
def provision_record_decision(request, pk: int):
    return _act(request, pk, "outside_form", lambda p: OutsideDecisionForm(request.POST),
                lambda p, data: service.record_outside_decision(request.user, p, on=_on(), **data),
                _("Đã ghi nhận quyết định của cấp có thẩm quyền."))


@login_required
def provision_deliver(request, pk: int):
    return _act(request, pk, "deliver_form", lambda p: DeliverForm(request.POST, item=p.item),
                lambda p, data: service.deliver(request.user, p, on=_on(), **data),
                _("Đã giao và ghi sổ chuyển giao."))


@login_required
def provision_receipt(request, pk: int):
    return _act(request, pk, "receipt_form", lambda p: ReceiptForm(request.POST),
                lambda p, data: service.record_receipt(request.user, p, on=_on(), **data),
                _("Đã ghi biên nhận của bên nhận."))


def urlpatterns():
    from django.urls import path

    return [
        path("cung-cap/", provision_list, name="provision_list"),
        path("cung-cap/<int:pk>/", provision_detail, name="provision_detail"),
        path("cung-cap/<int:pk>/quyet-dinh/", provision_decide, name="provision_decide"),
        path("cung-cap/<int:pk>/ghi-quyet-dinh/", provision_record_decision, name="provision_record_decision"),
        path("cung-cap/<int:pk>/giao/", provision_deliver, name="provision_deliver"),
        path("cung-cap/<int:pk>/bien-nhan/", provision_receipt, name="provision_receipt"),
        path("<int:item_pk>/cung-cap/", provision_request, name="provision_request"),
    ]
