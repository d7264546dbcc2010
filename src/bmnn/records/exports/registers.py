"""Registers as exports: a volume's lines (register_detail.html), a year's series across volumes
(register_series.html), a unit's volumes (register_list.html) and the inventory (inventory.html).
Only a unit's register keepers see them (404 otherwise), and the exporting role must be held in
that unit or above. A line whose item the person may not see is masked as on the page: its
number, date and cancellation only."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from bmnn.core.dates import format_date
from bmnn.org.models import Unit
from bmnn.outputs.export.spec import DATE, LEVEL, NUMBER, Column, Filter, ListSpec, choice_label, page_url, register
from bmnn.records.exports.common import LEVEL_FILTER
from bmnn.records.models import RegisterKind
from bmnn.records.services import inventory as inventory_service
from bmnn.records.services import registers as service
from bmnn.records.views import registers as pages
from bmnn.records.views.stocktake import inventory_choice

HIDDEN = "—"


def _shown(value):
    """A line's content column: the value when the line is visible, "—" when masked."""
    return lambda line: (value(line) if line.visible else HIDDEN)


def _cancellation(line) -> str:
    entry = line.entry
    if entry.cancelled_on is None:
        return ""
    return _g("Hủy ngày %(on)s: %(reason)s") % {"on": format_date(entry.cancelled_on), "reason": entry.cancel_reason}


LINE_COLUMNS = (
    Column(_("Số"), lambda line: line.entry.number, NUMBER, width=7),
    Column(_("Ngày vào sổ"), lambda line: line.entry.entry_date, DATE),
    Column(_("Số, ký hiệu"), _shown(lambda line: line.item.label if line.item else HIDDEN), width=24),
    Column(_("Ngày văn bản"), _shown(lambda line: line.item.issued_on if line.item else None), DATE),
    Column(_("Tên loại và trích yếu"), _shown(lambda line: ": ".join(
        p for p in ((line.item.document_type if line.item else ""), line.summary) if p)), width=40),
    Column(_("Độ mật"), _shown(lambda line: line.item.level if line.item else ""), LEVEL, width=12),
    Column(_("Nơi gửi, nơi nhận"), _shown(lambda line: line.entry.counterpart or HIDDEN), width=28),
    Column(_("Số bản"), _shown(lambda line: line.entry.copies_count or None), NUMBER, width=8),
    Column(_("Ghi chú"), _shown(lambda line: line.entry.note), width=24),
    Column(_("Hủy dòng"), _cancellation, width=28),
)
LINE_FILTERS = (
    Filter("number_from", _("Từ số")), Filter("number_to", _("Đến số")),
    Filter("date_from", _("Từ ngày")), Filter("date_to", _("Đến ngày")), LEVEL_FILTER,
    Filter("status", _("Dòng"), lambda v: {service.STATUS_ACTIVE: _g("Còn hiệu lực"),
                                           service.STATUS_CANCELLED: _g("Đã hủy")}.get(v, v)),
    Filter("q", _("Số, ký hiệu hoặc tên loại")),
)


def _line_level(line):
    return line.item.level if line.visible and line.item else ""


def _lines(ctx, source):
    filters, _typed, _problems = pages.line_filters(ctx.params)
    return service.all_lines(ctx.person, source, filters, until=ctx.until)


# --- One volume ---------------------------------------------------------------------------------

def _volume(ctx):
    return pages.readable_register(ctx.person, ctx.get("register"), ctx.on)


register(ListSpec(
    code="register", name=_("Sổ đăng ký bí mật nhà nước (một quyển)"), sheet=_("Sổ đăng ký"),
    columns=LINE_COLUMNS, rows=lambda ctx: _lines(ctx, _volume(ctx)), level=_line_level,
    filters=LINE_FILTERS, params=("register",), role_in_unit=True,
    unit=lambda ctx: _volume(ctx).unit,
    title=lambda ctx: (lambda r: _g("%(register)s năm %(year)s, quyển %(volume)s") % {
        "register": r.get_kind_display(), "year": r.year, "volume": r.volume})(_volume(ctx)),
    page=lambda ctx: reverse("records:register_detail", args=[_volume(ctx).pk]),
))


# --- A year's series ----------------------------------------------------------------------------

def _series(ctx):
    return pages.readable_series(ctx.person, ctx.params, ctx.on)


register(ListSpec(
    code="register-series", name=_("Sổ đăng ký bí mật nhà nước (cả năm)"), sheet=_("Sổ đăng ký cả năm"),
    columns=LINE_COLUMNS, rows=lambda ctx: _lines(ctx, _series(ctx)[1]), level=_line_level,
    filters=LINE_FILTERS, params=("unit", "kind", "year"), role_in_unit=True,
    unit=lambda ctx: _series(ctx)[0],
    title=lambda ctx: (lambda s: _g("%(register)s năm %(year)s") % {
        "register": RegisterKind(s.kind).label, "year": s.year})(_series(ctx)[1]),
    page=page_url("records:register_entries"),
))


# --- A unit's volumes ---------------------------------------------------------------------------

def _unit_kept(ctx) -> Unit:
    from django.shortcuts import get_object_or_404

    from bmnn.records.services.permissions import require_register_reader

    unit = get_object_or_404(Unit, pk=int(ctx.get("unit")) if ctx.get("unit").isdigit() else 0)
    require_register_reader(ctx.person, unit, ctx.on)
    return unit


def _volumes(ctx):
    year = ctx.get("year")
    return [service.cover_of(r) for r in service.registers_of(
        _unit_kept(ctx), year=int(year) if year.isdigit() else None, kind=ctx.get("kind"))]


def _state(cover) -> str:
    r = cover.register
    return (_g("Đã khóa sổ cuối năm") if r.closed_for_year else _g("Đã khóa quyển") if r.is_closed
            else _g("Đang ghi"))


register(ListSpec(
    code="registers", name=_("Các quyển sổ đăng ký của đơn vị"), sheet=_("Các quyển sổ"),
    columns=(
        Column(_("Loại sổ"), lambda c: c.register.get_kind_display(), width=36),
        Column(_("Năm"), lambda c: c.register.year, NUMBER, width=8),
        Column(_("Quyển số"), lambda c: c.register.volume, NUMBER, width=9),
        Column(_("Từ số"), lambda c: c.first_number, NUMBER, width=8),
        Column(_("Đến số"), lambda c: c.last_number, NUMBER, width=8),
        Column(_("Từ ngày"), lambda c: c.first_date, DATE),
        Column(_("Đến ngày"), lambda c: c.last_date, DATE),
        Column(_("Tình trạng"), _state, width=22),
    ),
    rows=_volumes, filters=(Filter("year", _("Năm")), Filter("kind", _("Loại sổ"), choice_label(RegisterKind))),
    params=("unit",), role_in_unit=True, unit=_unit_kept, timestamped=False,
    page=lambda ctx: reverse("records:register_list", args=[_unit_kept(ctx).pk]) + "?" + urlencode(
        {k: v for k, v in ctx.params.items() if k != "unit"}),
))


# --- Inventory (thống kê) -----------------------------------------------------------------------

def _inventory(ctx):
    _units, unit, date_from, date_to = inventory_choice(ctx.person, ctx.params, ctx.on)
    return unit, date_from, date_to


def _inventory_rows(ctx):
    unit, date_from, date_to = _inventory(ctx)
    if unit is None:
        return []
    return inventory_service.inventory(ctx.person, unit, date_from, date_to, as_of=ctx.until).rows


def _inventory_title(ctx) -> str:
    _unit, date_from, date_to = _inventory(ctx)
    return _g("Thống kê tài liệu, vật chứa bí mật nhà nước đến, đi từ %(from)s đến %(to)s") % {
        "from": format_date(date_from), "to": format_date(date_to)}


def _total(rows) -> list:
    def add(side, what):
        return sum(getattr(getattr(r, side), what) for r in rows)
    return [_g("Cộng"), "", add("incoming", "entries"), add("incoming", "copies"), add("outgoing", "entries"),
            add("outgoing", "copies")]


register(ListSpec(
    code="inventory", name=_("Thống kê tài liệu, vật chứa bí mật nhà nước đến, đi"), sheet=_("Thống kê"),
    columns=(
        Column(_("Ngày"), lambda r: r.date, DATE),
        Column(_("Độ mật"), lambda r: r.level, LEVEL, width=12),
        Column(_("Đến (tài liệu)"), lambda r: r.incoming.entries, NUMBER, width=14),
        Column(_("Đến (bản)"), lambda r: r.incoming.copies, NUMBER, width=12),
        Column(_("Đi (tài liệu)"), lambda r: r.outgoing.entries, NUMBER, width=14),
        Column(_("Đi (bản)"), lambda r: r.outgoing.copies, NUMBER, width=12),
    ),
    rows=_inventory_rows, level=lambda r: r.level, footer=_total, params=("unit", "from", "to"),
    role_in_unit=True, unit=lambda ctx: _inventory(ctx)[0],
    title=_inventory_title,
    page=page_url("records:inventory"),
))
