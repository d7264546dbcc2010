"""Pages for delivery and receipt: the deliver form on an item, the deliveries waiting
for the person's receipt, one delivery (outer markings, envelope, receipts) with the
receipt, mismatch and registration forms, the envelope sheet, and the arrival of an
item from an outside body. The services decide; a refusal re-renders the form with
what the user typed, its rule and basis (status 403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org.forms import (NFCCharField, PersonChoiceField, ServiceForm, UnitChoiceField, VNDateField,
                            apply_service_error, people, units)
from bmnn.org.models import Unit
from bmnn.records.models import CopyStatus, Delivery, DeliveryStatus, SecretItem
from bmnn.records.services import delivery as service


class CopiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("Bản số %(n)s") % {"n": f"{obj.number:02d}"}


class DeliverForm(ServiceForm):
    copies = CopiesField(queryset=None, widget=forms.CheckboxSelectMultiple, label=_lazy("Các bản giao"))
    to_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_lazy("Đơn vị nhận"))
    named_recipient = PersonChoiceField(queryset=None, required=False, label=_lazy("Người nhận có tên"),
                                        empty_label=_lazy("— Không ghi tên —"))
    named_recipient_only = forms.BooleanField(required=False, label=_lazy("Chỉ người có tên mới được bóc bì"))
    express = forms.BooleanField(required=False, label=_lazy("Hỏa tốc"))

    def __init__(self, *args, item: SecretItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].queryset = item.copies.filter(status=CopyStatus.HELD).order_by("origin", "number")
        self.fields["to_unit"].queryset = units().exclude(pk=item.holding_unit_id).filter(valid_to__isnull=True)
        self.fields["named_recipient"].queryset = people()


class ReceiptForm(ServiceForm):
    counted_copies = forms.IntegerField(min_value=0, max_value=9999, label=_lazy("Số bản đếm được"))
    counted_pages = forms.IntegerField(min_value=0, max_value=99999, label=_lazy("Số trang đếm được"))
    counted_attachments = forms.IntegerField(min_value=0, max_value=9999,
                                             label=_lazy("Số phụ lục, tài liệu kèm theo đếm được"))
    password = forms.CharField(required=False, strip=False, label=_lazy("Mật khẩu của người nhận"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(required=False, max_length=12, label=_lazy("Hoặc mã xác thực hiện tại (TOTP)"),
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))
    recipient_absent = forms.BooleanField(required=False, label=_lazy("Người có tên vắng mặt"))

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("code"):
            raise ValidationError(_("Ký nhận bằng mật khẩu hoặc mã xác thực hiện tại."))
        return data


class ResolveForm(ServiceForm):
    resolution = NFCCharField(max_length=500, label=_lazy("Kết quả đối chiếu, xử lý sai lệch"),
                              widget=forms.Textarea(attrs={"rows": 3}))


class ArrivalForm(ServiceForm):
    from_external = NFCCharField(max_length=300, label=_lazy("Cơ quan gửi (ngoài hệ thống)"))
    reference = NFCCharField(max_length=120, label=_lazy("Số, ký hiệu"))
    issued_on = VNDateField(label=_lazy("Ngày văn bản"))
    level = forms.ChoiceField(choices=Level.choices, label=_lazy("Độ mật"))
    document_type = NFCCharField(max_length=100, required=False, label=_lazy("Tên loại"))
    copies = forms.IntegerField(min_value=1, max_value=999, initial=1, label=_lazy("Số bản"))
    pages = forms.IntegerField(min_value=0, max_value=99999, initial=0, label=_lazy("Số trang"))
    attachments = forms.IntegerField(min_value=0, max_value=9999, initial=0, label=_lazy("Số phụ lục"))
    named_recipient = PersonChoiceField(queryset=None, required=False, label=_lazy("Người nhận có tên"),
                                        empty_label=_lazy("— Không ghi tên —"))
    named_recipient_only = forms.BooleanField(required=False, label=_lazy("Chỉ người có tên mới được bóc bì"))
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_lazy("Đơn vị nhận"))

    def __init__(self, *args, person, on, **kwargs):
        super().__init__(*args, **kwargs)
        mine = units().filter(pk__in=person.unit_ids_on(on))
        self.fields["unit"].queryset = mine
        if mine.count() == 1:
            self.fields["unit"].initial = mine.first().pk
        self.fields["named_recipient"].queryset = people()


def _on():
    return timezone.localdate()


def _delivery(request, pk: int) -> Delivery:
    delivery = service.visible_deliveries(request.user, _on()).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    return delivery


def _render_detail(request, delivery, *, receipt_form=None, resolve_form=None, refusal=None, status=200):
    on = _on()
    receipts = delivery.receipts.select_related("received_by", "resolved_by", "incoming_entry")
    return render(request, "records/delivery_detail.html", {
        "delivery": delivery, "item": delivery.item, "sheet": service.envelope_sheet(delivery),
        "copies": delivery.copies.order_by("origin", "number"), "receipts": receipts,
        "content_visible": service.may_see_content(request.user, delivery, on),
        "may_receive": delivery.status == DeliveryStatus.SENT and service.may_receive(request.user, delivery, on),
        "receipt_form": receipt_form or ReceiptForm(),
        "resolve_form": resolve_form or ResolveForm(),
        "mismatch_receipt": receipts.filter(mismatch=True, resolved_at__isnull=True).first(),
        "refusal": refusal,
    }, status=status)


@login_required
def deliver(request, item_pk: int):
    item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), request.user, pk=item_pk)
    form = DeliverForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            delivery = service.deliver(request.user, item, on=_on(), **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã giao và ghi sổ chuyển giao số %(n)s.")
                             % {"n": f"{delivery.handover_entry.number}/{delivery.handover_entry.year}"})
            return redirect("records:delivery_detail", pk=delivery.pk)
    return render(request, "records/delivery_form.html",
                  {"item": item, "form": form, "outgoing": service.outgoing_entry(item)},
                  status=403 if form.refusal else 200)


def to_receive_rows(person, params, on):
    """The list page's rows: also what its Excel export holds."""
    return service.deliveries_to_receive(person, on).order_by("sent_at", "pk")


@login_required
def to_receive(request):
    on = _on()
    deliveries = to_receive_rows(request.user, request.GET, on)
    return render(request, "records/delivery_list.html", {"deliveries": deliveries})


@login_required
def delivery_detail(request, pk: int):
    return _render_detail(request, _delivery(request, pk))


@login_required
def confirm_receipt(request, pk: int):
    delivery = _delivery(request, pk)
    if request.method != "POST":
        return redirect("records:delivery_detail", pk=pk)
    form = ReceiptForm(request.POST)
    if form.is_valid():
        try:
            receipt = service.confirm_receipt(request.user, delivery, on=_on(), **form.cleaned_data)
        except service.CountMismatch as mismatch:
            apply_service_error(form, mismatch)
            return _render_detail(request, _delivery(request, pk), receipt_form=form, status=409)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            entry = receipt.incoming_entry
            messages.success(request, _("Đã ký nhận và vào sổ đến số %(n)s.") % {"n": f"{entry.number}/{entry.year}"})
            return redirect("records:delivery_detail", pk=pk)
    # The password is never sent back; the counts and the rest are kept.
    return _render_detail(request, delivery, receipt_form=form, status=403 if form.refusal else 200)


@login_required
def resolve_mismatch(request, pk: int):
    delivery = _delivery(request, pk)
    receipt = delivery.receipts.filter(mismatch=True, resolved_at__isnull=True).first()
    if request.method != "POST" or receipt is None:
        return redirect("records:delivery_detail", pk=pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            service.resolve_mismatch(request.user, receipt, form.cleaned_data["resolution"], on=_on())
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả xử lý sai lệch; tài liệu có thể vào sổ đến."))
            return redirect("records:delivery_detail", pk=pk)
    return _render_detail(request, delivery, resolve_form=form, status=403 if form.refusal else 200)


@login_required
def register_received(request, pk: int):
    delivery = _delivery(request, pk)
    if request.method != "POST":
        return redirect("records:delivery_detail", pk=pk)
    try:
        entry = service.register_received(request.user, delivery, on=_on(),
                                          recipient_absent=bool(request.POST.get("recipient_absent")))
    except Refused as refusal:
        return _render_detail(request, delivery, refusal=refusal, status=403)
    messages.success(request, _("Đã vào sổ đến số %(n)s.") % {"n": f"{entry.number}/{entry.year}"})
    return redirect("records:delivery_detail", pk=pk)


@login_required
def envelope(request, pk: int):
    from bmnn.outputs.stamp_catalogue import info

    delivery = _delivery(request, pk)
    sent_on = timezone.localdate(delivery.sent_at)
    faces = [(face, [info(code, sent_on) for code in face.stamps]) for face in service.envelope_faces(delivery)]
    return render(request, "records/delivery_envelope.html",
                  {"delivery": delivery, "sheet": service.envelope_sheet(delivery), "faces": faces})


@login_required
def arrival(request):
    on = _on()
    form = ArrivalForm(request.POST or None, person=request.user, on=on)
    if request.method == "POST" and form.is_valid():
        try:
            item = service.register_arrival(request.user, on=on, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã vào sổ đến tài liệu %(reference)s.") % {"reference": item.reference})
            if SecretItem.objects.visible_to(request.user, on).filter(pk=item.pk).exists():
                return redirect("records:item_detail", pk=item.pk)
            return redirect("records:delivery_to_receive")
    return render(request, "records/delivery_arrival.html", {"form": form}, status=403 if form.refusal else 200)


def urlpatterns():
    from django.urls import path

    return [
        path("<int:item_pk>/giao/", deliver, name="deliver"),
        path("giao/can-nhan/", to_receive, name="delivery_to_receive"),
        path("giao/den-tu-ngoai/", arrival, name="delivery_arrival"),
        path("giao/<int:pk>/", delivery_detail, name="delivery_detail"),
        path("giao/<int:pk>/ky-nhan/", confirm_receipt, name="delivery_confirm_receipt"),
        path("giao/<int:pk>/xu-ly-sai-lech/", resolve_mismatch, name="delivery_resolve_mismatch"),
        path("giao/<int:pk>/vao-so-den/", register_received, name="delivery_register"),
        path("giao/<int:pk>/bi/", envelope, name="delivery_envelope"),
    ]
