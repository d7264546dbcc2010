"""Dates as people in Vietnam write them (dd/mm/yyyy), read and shown in one place.

Forms get the same formats from settings.DATE_INPUT_FORMATS; this module serves
code that reads a date outside a form (a page's ?on= parameter) or writes one into
a sentence."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

DISPLAY_FORMAT = "%d/%m/%Y"
# dd/mm/yyyy is what people type; ISO is what links and the API carry.
INPUT_FORMATS = (DISPLAY_FORMAT, "%Y-%m-%d")


def parse_date(value: str | None) -> dt.date | None:
    """dd/mm/yyyy or ISO; None when unreadable."""
    value = (value or "").strip()
    for fmt in INPUT_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def format_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, or an empty string for no date (open-ended validity)."""
    return value.strftime(DISPLAY_FORMAT) if value else ""


def on_date(request) -> tuple[dt.date, str]:
    """The date a page shows (?on=dd/mm/yyyy, today by default) and the text for its
    date field: what the user typed (kept when unreadable, with a message) or the date."""
    typed = request.GET.get("on", "").strip()
    chosen = parse_date(typed) if typed else None
    if typed and chosen is None:
        messages.error(request, _("Ngày “%(typed)s” không đúng dạng dd/mm/yyyy; đang hiển thị ngày hôm nay.")
                       % {"typed": typed})
    on = chosen or timezone.localdate()
    return on, typed or format_date(on)


def formal_date(value: dt.date) -> str:
    """The date as an administrative document writes it (Decree 30/2020, Appendix I):
    "ngày 05 tháng 01 năm 2026". Days below 10 and months 1 and 2 take a leading zero;
    other months do not ("ngày 29 tháng 6 năm 2026")."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
