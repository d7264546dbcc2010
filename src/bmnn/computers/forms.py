"""Forms of the computer pages: they collect input; the acts are services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bmnn.computers.access import overseeable_units
from bmnn.computers.models import NetworkMode
from bmnn.org.forms import NFCCharField, ServiceForm, UnitChoiceField
from bmnn.org.models import Unit

MODE_CHOICES = [("", _("— Không khai báo / giữ như cũ —")), *NetworkMode.choices]


class ImportForm(ServiceForm):
    report = forms.FileField(label=_("Tệp kết quả quét (report.json)"),
                             help_text=_("Tệp do lệnh «bmnn scan --output report.json» tạo ra trên máy được quét."))
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Máy tính thuộc đơn vị"))
    network_mode = forms.ChoiceField(choices=MODE_CHOICES, required=False,
                                     label=_("Chế độ kết nối đơn vị khai báo cho máy này"))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = overseeable_units(person)


class NetworkModeForm(ServiceForm):
    network_mode = forms.ChoiceField(choices=[("", _("— Không khai báo —")), *NetworkMode.choices], required=False,
                                     label=_("Chế độ kết nối đơn vị khai báo"))


class ResolveForm(ServiceForm):
    note = NFCCharField(label=_("Kết quả xử lý"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                        help_text=_("Đã làm gì, ai làm, khi nào (ví dụ: đã xóa tệp, ngắt kết nối, lập biên bản)."))
