"""Forms of the rulebook pages. They collect and clean input; the services act.
Date fields, people and units are chosen as on the organisation pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.forms import (NFCCharField, PersonChoiceField, ServiceForm, UnitChoiceField, VNDateField,
                            apply_service_error, people, units)
from bmnn.org.models import Person, Unit
from bmnn.rulebook import loader
from bmnn.rulebook.authority import act_choices
from bmnn.rulebook.models import OverrideEffect

__all__ = ["OverrideForm", "RevokeForm", "TryForm", "apply_service_error"]


def decision_act_choices() -> list[tuple[str, str]]:
    """Acts somebody decides (overrides change who decides; staff acts have no classes)."""
    return [(code, name) for code, name in act_choices()
            if any(r.acts[code].kind == "decision" for r in loader.regimes())]


class OverrideForm(ServiceForm):
    act = forms.ChoiceField(label=_("Việc"), choices=())
    level = forms.ChoiceField(label=_("Độ mật"), choices=Level.choices)
    authority_class = forms.ChoiceField(label=_("Nhóm thẩm quyền"), choices=())
    effect = forms.ChoiceField(label=_("Quy định"), choices=OverrideEffect.choices, widget=forms.RadioSelect,
                               help_text=_("“Không cho phép” thắng mọi thẩm quyền theo luật; “Cho phép” bổ sung "
                                           "thẩm quyền theo quy chế của cơ quan."))
    reference = NFCCharField(label=_("Căn cứ (số, ký hiệu quy chế hoặc văn bản của cơ quan)"), max_length=200)
    reason = NFCCharField(label=_("Lý do"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    valid_from = VNDateField(label=_("Hiệu lực từ ngày"))
    valid_to = VNDateField(label=_("Hiệu lực đến ngày"), required=False,
                           help_text=_("Để trống nếu áp dụng đến khi bãi bỏ."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = decision_act_choices()
        self.fields["authority_class"].choices = loader.class_choices()


class RevokeForm(ServiceForm):
    revoked_on = VNDateField(label=_("Bãi bỏ từ ngày"), help_text=_("Từ ngày này quy định riêng không còn áp dụng."))
    reason = NFCCharField(label=_("Lý do bãi bỏ"), max_length=500, required=False,
                          widget=forms.Textarea(attrs={"rows": 2}))


class TryForm(ServiceForm):
    """Thử thẩm quyền: what authorize() answers for a person, act, level, unit and date."""

    person = PersonChoiceField(label=_("Cán bộ"), queryset=Person.objects.none())
    act = forms.ChoiceField(label=_("Việc"), choices=())
    level = forms.ChoiceField(label=_("Độ mật"), choices=Level.choices)
    unit = UnitChoiceField(label=_("Đơn vị quản lý bí mật"), queryset=Unit.objects.none())
    on = VNDateField(label=_("Vào ngày"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people()
        self.fields["unit"].queryset = units()
        self.fields["act"].choices = act_choices()
