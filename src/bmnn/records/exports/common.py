"""Columns and filters several records lists share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.outputs.export.spec import LEVEL, Column, Filter, choice_label, unit_label


def item_columns(item=lambda row: row.item) -> tuple[Column, ...]:
    """The item a row is about, as the list pages show it: its label and its level."""
    return (Column(_("Tài liệu"), lambda row: item(row).label, width=36),
            Column(_("Độ mật"), lambda row: item(row).level, LEVEL, width=12))


def status_filter(choices) -> Filter:
    return Filter("status", _("Trạng thái"), choice_label(choices))


LEVEL_FILTER = Filter("level", _("Độ mật"), choice_label(Level))
UNIT_FILTER = Filter("unit", _("Đơn vị"), unit_label)
