"""Pages for the protection period and the level of an item: the extension form (gia hạn
thời hạn bảo vệ) and the adjustment form (điều chỉnh độ mật). The services decide; a
refusal re-renders the form with what was typed, its rule and basis (status 403). An
item the person may not know of is the same 404 page as everywhere."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import get_visible_or_404, today
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org.forms import NFCCharField, ServiceForm, VNDateField, apply_service_error
from bmnn.records.models import SecretItem, SecretListEntry
from bmnn.records.services import periods as service


class _DecisionForm(ServiceForm):
    decision_reference = NFCCharField(max_length=120, label=_lazy("Số, ký hiệu quyết định"))
    decided_on = VNDateField(label=_lazy("Ngày quyết định"))


class ExtensionForm(_DecisionForm):
    years = forms.IntegerField(min_value=0, max_value=30, initial=0, label=_lazy("Gia hạn thêm (năm)"))
    months = forms.IntegerField(min_value=0, max_value=11, initial=0, label=_lazy("và (tháng)"))
    reason = NFCCharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                          label=_lazy("Lý do (việc giải mật sẽ gây nguy hại đến lợi ích quốc gia, dân tộc)"))

    field_order = ["years", "months", "reason", "decision_reference", "decided_on"]


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, entry):
        return f"{entry.secret_list.code} – {_('mục')} {entry.number} ({entry.get_level_display()}): " \
               f"{entry.content[:120]}"


class AdjustmentForm(_DecisionForm):
    to_level = forms.ChoiceField(choices=Level.choices, label=_lazy("Độ mật mới"))
    # Not required here: the service refuses a missing entry with its legal basis.
    list_entry = EntryChoiceField(queryset=SecretListEntry.objects.none(), required=False,
                                  label=_lazy("Căn cứ mục trong danh mục bí mật nhà nước"),
                                  empty_label=_lazy("— Chọn mục danh mục —"))
    reason = NFCCharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label=_lazy("Lý do"))
    summary_consent = forms.BooleanField(required=False, label=_lazy(
        "Tôi (người quyết định) đồng ý giữ trích yếu khi nâng lên Tuyệt mật (nếu quy định cho phép)"))
    remove_summary = forms.BooleanField(required=False, label=_lazy(
        "Xóa trích yếu cùng với quyết định (khi độ mật mới không được ghi trích yếu)"))

    field_order = ["to_level", "list_entry", "reason", "decision_reference", "decided_on", "summary_consent",
                   "remove_summary"]

    def __init__(self, *args, item: SecretItem, on, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_entry"].queryset = (SecretListEntry.objects.valid_on(on)
                                              .filter(secret_list__in=_lists_valid_on(on))
                                              .select_related("secret_list"))
        if not item.summary:
            del self.fields["summary_consent"], self.fields["remove_summary"]


def _lists_valid_on(on):
    from bmnn.records.models import SecretList

    return SecretList.objects.valid_on(on)


def _visible_item(request, pk: int) -> SecretItem | None:
    try:
        return get_visible_or_404(SecretItem.objects.select_related("holding_unit", "list_entry__secret_list"),
                                  request.user, pk=pk)
    except Http404:
        return None


def _not_found(request):
    # The same page as the item page's: "does not exist" and "not yours to know" look alike.
    return render(request, "records/item_not_found.html", status=404)


def _run(request, form, act, item, done: str):
    """Call the service with the form's data; None when it was refused or invalid."""
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    on = data.pop("decided_on")
    try:
        act(request.user, item, on=on, **data)
    except (Refused, ValidationError) as error:
        if isinstance(error, ValidationError) and hasattr(error, "error_dict") and "on" in error.error_dict:
            error = ValidationError({"decided_on": error.error_dict["on"]})
        apply_service_error(form, error)
        return None
    messages.success(request, done)
    return redirect("records:item_detail", pk=item.pk)


@login_required
def extend(request, item_pk: int):
    item = _visible_item(request, item_pk)
    if item is None:
        return _not_found(request)
    on = today()
    form = ExtensionForm(request.POST or None, initial={"decided_on": on, "years": 0, "months": 0})
    if request.method == "POST":
        done = _run(request, form, service.extend, item, _("Đã ghi quyết định gia hạn thời hạn bảo vệ; thông báo "
                                                           "cho các nơi đang giữ tài liệu đã được lập."))
        if done:
            return done
    return render(request, "records/periods_extend.html", {
        "item": item, "form": form, "window": _window(item, on),
    }, status=403 if form.refusal else 200)


def _window(item, on):
    try:
        return service.extension_window(item, on)
    except Refused:
        return None


@login_required
def adjust(request, item_pk: int):
    item = _visible_item(request, item_pk)
    if item is None:
        return _not_found(request)
    on = today()
    form = AdjustmentForm(request.POST or None, item=item, on=on, initial={"decided_on": on})
    if request.method == "POST":
        done = _run(request, form, service.adjust, item, _("Đã ghi quyết định điều chỉnh độ mật; thông báo cho các "
                                                           "nơi đang giữ tài liệu đã được lập."))
        if done:
            return done
    return render(request, "records/periods_adjust.html", {
        "item": item, "form": form, "expires_on": service.expiry_of(item),
    }, status=403 if form.refusal else 200)


def urlpatterns():
    from django.urls import path

    return [
        path("<int:item_pk>/gia-han/", extend, name="period_extend"),
        path("<int:item_pk>/dieu-chinh-do-mat/", adjust, name="period_adjust"),
    ]
