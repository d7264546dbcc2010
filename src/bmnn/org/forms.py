"""Forms of the organisation pages. They only collect and clean input; the acts
are the services'. `apply_service_error` puts a service's refusal or validation
error on the form, so the page re-renders with what the user typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bmnn.core import text
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org import selectors
from bmnn.org.models import Person, Position, Role, Unit, UnitKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class VNDateField(forms.DateField):
    """dd/mm/yyyy in and out, whatever the interface language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={
            "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "class": "date"}))
        kwargs.setdefault("error_messages", {"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")})
        super().__init__(**kwargs)


class NFCCharField(forms.CharField):
    def to_python(self, value):
        return text.nfc(super().to_python(value))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.username})"


def unit_label(unit) -> str:
    """"Phòng An ninh chính trị nội bộ (PA03 – CAT)": the parent's code tells apart
    divisions that share a name from one body to the next."""
    code = f"{unit.code} – {unit.parent.code}" if unit.parent_id else unit.code
    if unit.valid_to is None:
        return f"{unit.name} ({code})"
    return f"{unit.name} ({code}) – " + _("đến %(date)s") % {"date": format(unit.valid_to, "%d/%m/%Y")}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


def people():
    return selectors.vi_ordered(Person.objects.filter(is_active=True))


def units():
    return selectors.vi_ordered(Unit.objects.select_related("parent"))


def apply_service_error(form: forms.Form, error: Exception) -> None:
    """Show a service's Refused (with its basis and rule) or ValidationError on the form."""
    if isinstance(error, Refused):
        message = error.message + (f" ({_('Căn cứ')}: {error.basis})" if error.basis else "")
        field = error.field if error.field in form.fields else None
        form.add_error(field, ValidationError(message, code=error.rule or "refused"))
        form.refusal = error
        return
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return
    raise error


class ServiceForm(forms.Form):
    refusal: Refused | None = None


# --- Units ------------------------------------------------------------------------------

class UnitForm(ServiceForm):
    name = NFCCharField(label=_("Tên chính thức"), max_length=300)
    code = NFCCharField(label=_("Mã, ký hiệu viết tắt"), max_length=50, help_text=_("Ví dụ: PA03, CAT, KBNN-KV5"))
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    parent = UnitChoiceField(label=_("Đơn vị cấp trên"), queryset=Unit.objects.none(), required=False,
                             empty_label=_("— Không có (đơn vị gốc) —"))
    valid_from = VNDateField(label=_("Hiệu lực từ ngày"))
    founding_reference = NFCCharField(label=_("Văn bản thành lập"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units()


class UnitUpdateForm(UnitForm):
    closing_reference = NFCCharField(label=_("Văn bản giải thể, sáp nhập"), max_length=200, required=False)
    successor = UnitChoiceField(label=_("Đơn vị kế thừa"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units().exclude(pk__in=Unit.objects.descendant_ids([unit.pk]))
        if unit.valid_to is None:
            del self.fields["successor"], self.fields["closing_reference"]
        else:
            self.fields["successor"].queryset = units().exclude(pk=unit.pk)


class UnitCloseForm(ServiceForm):
    valid_to = VNDateField(label=_("Ngày cuối cùng đơn vị còn hoạt động"))
    successor = UnitChoiceField(label=_("Đơn vị kế thừa"), queryset=Unit.objects.none(), required=False,
                                empty_label=_("— Không có —"))
    closing_reference = NFCCharField(label=_("Văn bản giải thể, sáp nhập"), max_length=200, required=False)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = units().exclude(pk__in=Unit.objects.descendant_ids([unit.pk]))


class UnitMergeForm(ServiceForm):
    sources = UnitMultipleChoiceField(label=_("Các đơn vị được sáp nhập, hợp nhất"), queryset=Unit.objects.none(),
                                      widget=forms.SelectMultiple(attrs={"size": 10}))
    effective_on = VNDateField(label=_("Đơn vị mới hoạt động từ ngày"))
    name = NFCCharField(label=_("Tên đơn vị mới"), max_length=300)
    code = NFCCharField(label=_("Mã, ký hiệu viết tắt"), max_length=50)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    parent = UnitChoiceField(label=_("Đơn vị cấp trên"), queryset=Unit.objects.none(), required=False,
                             empty_label=_("— Không có (đơn vị gốc) —"))
    founding_reference = NFCCharField(label=_("Văn bản sắp xếp (nghị quyết, quyết định)"), max_length=200,
                                      required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = units().filter(valid_to__isnull=True)
        self.fields["parent"].queryset = units()


# --- Positions ------------------------------------------------------------------------------

def authority_class_choices() -> list[tuple[str, str]]:
    """The rulebook's authority classes (every regime, obsolete ones marked)."""
    from bmnn.rulebook import loader

    return [("", _("— Không có thẩm quyền riêng —")), *loader.class_choices()]


class PositionForm(ServiceForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    title = NFCCharField(label=_("Chức vụ"), max_length=200)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices, initial=Role.STAFF)
    authority_class = NFCCharField(label=_("Nhóm thẩm quyền"), max_length=60, required=False,
                                   help_text=_("Mã nhóm thẩm quyền trong bộ quy định, ví dụ provincial_department_head"))
    valid_from = VNDateField(label=_("Hiệu lực từ ngày"))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units()
        if editing:
            del self.fields["unit"]
        self.fields["authority_class"] = forms.ChoiceField(
            label=self.fields["authority_class"].label, choices=authority_class_choices(), required=False,
            help_text=_("Theo danh mục nhóm thẩm quyền của bộ quy định; quyết định thẩm quyền của chức vụ."))


class CloseForm(ServiceForm):
    valid_to = VNDateField(label=_("Ngày cuối cùng còn hiệu lực"))


# --- People ------------------------------------------------------------------------------------

class PersonForm(ServiceForm):
    username = NFCCharField(label=_("Tên đăng nhập"), max_length=80)
    full_name = NFCCharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = NFCCharField(label=_("Điện thoại"), max_length=30, required=False)
    is_system_admin = forms.BooleanField(label=_("Quản trị hệ thống"), required=False)


class PersonCreateForm(PersonForm):
    initial_password = forms.CharField(
        label=_("Mật khẩu ban đầu"), strip=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Cán bộ phải đổi mật khẩu này ở lần đăng nhập đầu tiên."))


class ReasonForm(ServiceForm):
    reason = NFCCharField(label=_("Lý do"), max_length=300, required=False)


class TenureForm(ServiceForm):
    person = PersonChoiceField(label=_("Cán bộ"), queryset=Person.objects.none())
    position = forms.ModelChoiceField(label=_("Chức vụ"), queryset=Position.objects.none())
    valid_from = VNDateField(label=_("Từ ngày"))
    valid_to = VNDateField(label=_("Đến ngày"), required=False)
    decision_reference = NFCCharField(label=_("Quyết định bổ nhiệm, phân công"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people()
        self.fields["position"].queryset = selectors.vi_ordered(
            Position.objects.filter(valid_to__isnull=True).select_related("unit"), "unit__sort_key", "sort_key")


# --- Delegations -------------------------------------------------------------------------------

def act_names() -> dict[str, str]:
    """Every act's name as the rulebook gives it (the newest regime's wording wins)."""
    from bmnn.rulebook import loader

    return {code: act.name for regime in loader.regimes() for code, act in regime.acts.items()}


def act_choices() -> list[tuple[str, str]]:
    """Acts that some loaded regime allows to be delegated; whether this delegation is
    valid on its date is for the rulebook's check_delegation to say."""
    from bmnn.rulebook import loader

    delegable = {code for regime in loader.regimes() for code, act in regime.acts.items()
                 if act.delegation is not None and act.delegation.allowed}
    return [(code, name) for code, name in act_names().items() if code in delegable]


class DelegationForm(ServiceForm):
    delegator = PersonChoiceField(label=_("Người ủy quyền"), queryset=Person.objects.none())
    delegate = PersonChoiceField(label=_("Người được ủy quyền (cấp phó)"), queryset=Person.objects.none())
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    acts = forms.MultipleChoiceField(label=_("Các việc được ủy quyền"), choices=(),
                                     widget=forms.CheckboxSelectMultiple)
    levels = forms.MultipleChoiceField(label=_("Độ mật"), choices=Level.choices, widget=forms.CheckboxSelectMultiple)
    reference = NFCCharField(label=_("Văn bản ủy quyền (số, ký hiệu)"), max_length=120)
    signed_on = VNDateField(label=_("Ngày ký văn bản"))
    valid_from = VNDateField(label=_("Hiệu lực từ ngày"))
    valid_to = VNDateField(label=_("Hiệu lực đến ngày"), required=False)
    scope_note = NFCCharField(label=_("Phạm vi, nội dung"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegator"].queryset = people()
        self.fields["delegate"].queryset = people()
        self.fields["unit"].queryset = units().filter(valid_to__isnull=True)
        self.fields["acts"].choices = act_choices()


class RevokeForm(ServiceForm):
    revoked_on = VNDateField(label=_("Không còn hiệu lực từ ngày"))
    reason = NFCCharField(label=_("Lý do"), max_length=300, required=False)


# --- Access assignments and commitments --------------------------------------------------------

class AssignmentForm(ServiceForm):
    person = PersonChoiceField(label=_("Cán bộ được giao tiếp cận"), queryset=Person.objects.none())
    max_level = forms.ChoiceField(label=_("Độ mật cao nhất được tiếp cận"), choices=Level.choices)
    units = UnitMultipleChoiceField(label=_("Đơn vị được tiếp cận (gồm cả đơn vị cấp dưới)"),
                                    queryset=Unit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8}))
    decision_reference = NFCCharField(label=_("Văn bản giao (số, ký hiệu)"), max_length=120)
    decided_by = PersonChoiceField(label=_("Người quyết định"), queryset=Person.objects.none())
    decided_on = VNDateField(label=_("Ngày quyết định"))
    valid_from = VNDateField(label=_("Hiệu lực từ ngày"))
    valid_to = VNDateField(label=_("Hiệu lực đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people()
        self.fields["decided_by"].queryset = people()
        self.fields["units"].queryset = units().filter(valid_to__isnull=True)


class CommitmentForm(ServiceForm):
    signed_on = VNDateField(label=_("Ngày ký cam kết"))
    reference = NFCCharField(label=_("Số, ký hiệu bản cam kết"), max_length=120, required=False)
    text_sha256 = forms.CharField(label=_("Mã băm SHA-256 của nội dung đã ký"), max_length=64, required=False,
                                  help_text=_("Không bắt buộc: 64 ký tự 0–9, a–f."))


class AssignmentRevokeForm(ServiceForm):
    revoked_on = VNDateField(label=_("Không còn hiệu lực từ ngày"))
    reason = NFCCharField(label=_("Lý do chấm dứt"), max_length=300)
