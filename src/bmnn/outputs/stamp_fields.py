"""What a person may put in the query of a stamp image (/in/dau/<code>.png?…): the stamp's own fields
(dates dd/mm/yyyy, numbers in range, text of bounded length without control characters), the
resolution and the form version. Anything else, or anything unreadable, is a `BadStampQuery`
with a Vietnamese message (the view answers 400), never an exception further up."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.levels import Level, label
from bmnn.org.forms import NFCCharField

TEXT_MAX = 120
DPI_DEFAULT, DPI_MIN, DPI_MAX = 300, 72, 600
DATE_FIELDS = {"date": _lazy("Ngày"), "until": _lazy("Đến ngày"), "time": _lazy("Thời gian sao")}
NUMBER_FIELDS = {"copy_number": _lazy("Số bản"), "quantity": _lazy("Số lượng bản")}
TEXT_FIELDS = {"method": _lazy("Hình thức sao"), "recipients": _lazy("Nơi nhận"),
               "allowed_by": _lazy("Người cho phép sao")}
LEVEL_FIELD = "new_level"


class BadStampQuery(Exception):
    pass


def _no_control_characters(value: str) -> None:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value or ""):
        raise ValidationError(_("Không được có ký tự điều khiển (xuống dòng, tab…)."))


def _field(name: str) -> forms.Field:
    if name in DATE_FIELDS:
        return forms.DateField(required=False, label=DATE_FIELDS[name], input_formats=["%d/%m/%Y"],
                               error_messages={"invalid": _lazy("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")})
    if name in NUMBER_FIELDS:
        return forms.IntegerField(required=False, label=NUMBER_FIELDS[name], min_value=1, max_value=9999)
    if name == LEVEL_FIELD:
        return forms.ChoiceField(required=False, label=_lazy("Độ mật mới"), choices=Level.choices)
    return NFCCharField(required=False, label=TEXT_FIELDS.get(name, name), max_length=TEXT_MAX,
                        validators=[_no_control_characters])


def _form(names) -> forms.Form:
    fields = {name: _field(name) for name in names}
    fields["dpi"] = forms.IntegerField(required=False, label=_lazy("Độ phân giải (dpi)"), min_value=DPI_MIN,
                                       max_value=DPI_MAX)
    return type("StampQueryForm", (forms.Form,), fields)


def _message(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        parts.append(f"{form.fields[name].label}: {' '.join(errors)}")
    return _("Không vẽ được dấu: %(problems)s") % {"problems": "; ".join(parts)}


def clean(names, query, *, extra=("v",)) -> tuple[dict, int]:
    """(the stamp's fields ready to fill in, the dpi) from `query` (a QueryDict), or BadStampQuery."""
    unknown = sorted(set(query) - set(names) - {"dpi", *extra})
    if unknown:
        raise BadStampQuery(_("Không vẽ được dấu: tham số không dùng cho dấu này: %(names)s.")
                            % {"names": ", ".join(unknown)})
    if any(len(query.getlist(key)) > 1 for key in query):
        raise BadStampQuery(_("Không vẽ được dấu: mỗi tham số chỉ được ghi một lần."))
    form = _form(names)({key: query.get(key) for key in query})
    if not form.is_valid():
        raise BadStampQuery(_message(form))
    data = form.cleaned_data
    dpi = data.pop("dpi") or DPI_DEFAULT
    fields = {k: v for k, v in data.items() if v not in (None, "")}
    if LEVEL_FIELD in fields:
        fields[LEVEL_FIELD] = label(fields[LEVEL_FIELD]).upper()
    return fields, dpi
