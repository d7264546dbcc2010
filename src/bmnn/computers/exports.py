"""The register of computers and its violations (computers/computer_list.html,
violation_list.html) as exports, from the pages' own selectors: a computer or violation the
person may not see is never in the file."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bmnn.computers import selectors
from bmnn.computers.models import Verdict, ViolationKind, ViolationStatus
from bmnn.core.levels import Level
from bmnn.outputs.export.spec import (DATE, DATETIME, LEVEL, NUMBER, Column, Filter, ListSpec, choice_label, page_url,
                                      register, unit_label)


def _computers(ctx):
    rows = selectors.find_computers(ctx.person, selectors.ComputerFilters.from_params(ctx.params))
    return ctx.cut(rows, "created_at")


def _violations(ctx):
    rows = selectors.find_violations(ctx.person, selectors.ViolationFilters.from_params(ctx.params))
    return ctx.cut(rows, "report__imported_at")  # the import that opened it, not the scan's own time


UNIT = Filter("unit", _("Đơn vị"), unit_label)

register(ListSpec(
    code="computers", name=_("Sổ theo dõi máy tính"), sheet=_("Máy tính"),
    columns=(
        Column(_("Tên máy"), lambda c: c.hostname, width=24),
        Column(_("Đơn vị"), lambda c: c.unit.name, width=30),
        Column(_("Hệ điều hành"), lambda c: c.os, width=24),
        Column(_("Kết luận kết nối"), lambda c: c.get_latest_verdict_display(), width=24),
        Column(_("Tệp có dấu độ mật"), lambda c: c.marked_count, NUMBER, width=12),
        Column(_("Độ mật cao nhất"), lambda c: c.highest_level, LEVEL, width=12),
        Column(_("Quét lần cuối"), lambda c: c.last_scanned_at, DATETIME),
    ),
    rows=_computers, level=lambda c: c.highest_level,
    filters=(Filter("q", _("Tên máy hoặc hệ điều hành")), UNIT,
             Filter("verdict", _("Kết luận kết nối"), choice_label(Verdict))),
    page=page_url("computers:computer_list"),
))

register(ListSpec(
    code="violations", name=_("Vi phạm: lưu tài liệu mật trên máy tính kết nối mạng"), sheet=_("Vi phạm"),
    columns=(
        Column(_("Ngày phát hiện"), lambda v: v.opened_at, DATE),
        Column(_("Đơn vị"), lambda v: v.computer.unit.name, width=30),
        Column(_("Máy tính"), lambda v: v.computer.hostname, width=24),
        Column(_("Loại vi phạm"), lambda v: v.get_kind_display(), width=30),
        Column(_("Độ mật cao nhất"), lambda v: v.level, LEVEL, width=12),
        Column(_("Số tệp"), lambda v: v.file_count, NUMBER, width=8),
        Column(_("Trạng thái"), lambda v: v.get_status_display(), width=14),
        Column(_("Thời điểm xử lý"), lambda v: v.resolved_at, DATETIME),
    ),
    rows=_violations, level=lambda v: v.level,
    filters=(UNIT, Filter("level", _("Độ mật"), choice_label(Level)),
             Filter("status", _("Trạng thái"), choice_label(ViolationStatus)),
             Filter("kind", _("Loại vi phạm"), choice_label(ViolationKind)),
             Filter("date_from", _("Phát hiện từ ngày")), Filter("date_to", _("Phát hiện đến ngày"))),
    page=page_url("computers:violation_list"),
))
