"""Labels for codes shown on the organisation pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level

register = template.Library()

STATUS_LABELS = {
    "active": _("Đang có hiệu lực"),
    "pending": _("Chưa có hiệu lực – chờ cam kết"),
    "future": _("Chưa đến ngày hiệu lực"),
    "expired": _("Hết hạn"),
    "revoked": _("Đã chấm dứt"),
}


@register.filter
def act_label(code: str) -> str:
    from bmnn.org.forms import act_names

    return act_names().get(code, code)


@register.filter
def authority_class_label(code: str) -> str:
    """The rulebook's name for an authority class code; the code itself if unknown."""
    from bmnn.rulebook import loader

    return dict(loader.class_choices()).get(code, code) if code else ""


@register.filter
def level_label(code: str) -> str:
    try:
        return Level(code).label
    except ValueError:
        return code


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def vn_date(value) -> str:
    """dd/mm/yyyy, or an empty string for no date (open-ended validity)."""
    return value.strftime("%d/%m/%Y") if value else ""
