"""Registers (sổ đăng ký): numbering, cancelling a mistaken line, closing a volume.

Numbers run per (unit, register kind, calendar year), across volumes: restarting
at 1 each year, allocated inside the caller's transaction from RegisterCounter
(locked with SELECT … FOR UPDATE on PostgreSQL; SQLite transactions already
hold the write lock, settings use IMMEDIATE), unique by a database constraint,
gapless because a rolled-back act rolls its number back too, and never reused:
a mistaken line is cancelled with its reason and stays visible."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from bmnn.core.errors import Refused
from bmnn.core.ledger import record_event
from bmnn.records.models import Register, RegisterCounter, RegisterEntry, RegisterKind

CLERICAL_BASIS = "Điều 12 Luật BVBMNN 2018; Thông tư 24/2020/TT-BCA (Mẫu 12, 14, 15, 16)"


def _parent_name(unit) -> str:
    return unit.parent.name if unit.parent_id else ""


def open_volume(actor, unit, kind: str, year: int, on: dt.date) -> Register:
    """The open volume of this register for the year, opening volume 1 (or the next
    volume after a closed one) when there is none. A year whose last volume is
    closed at year end accepts nothing more (see close_register)."""
    latest = Register.objects.filter(unit=unit, kind=kind, year=year).order_by("-volume").first()
    if latest is not None and not latest.is_closed:
        return latest
    if latest is not None and latest.closed_for_year:
        raise Refused(
            _("Sổ %(register)s năm %(year)s đã khóa cuối năm; không ghi thêm được.")
            % {"register": RegisterKind(kind).label, "year": year},
            rule="registers.closed", basis=CLERICAL_BASIS)
    register = Register.objects.create(
        unit=unit, kind=kind, year=year, volume=(latest.volume + 1) if latest else 1,
        parent_body_name=_parent_name(unit), body_name=unit.name, opened_on=on, opened_by=actor)
    record_event("records.register.open", actor=actor, unit=unit, obj=register,
                 description=f"Mở {RegisterKind(kind).label} năm {year} quyển {register.volume}",
                 payload={"kind": kind, "year": year, "volume": register.volume})
    return register


def _next_number(unit, kind: str, year: int) -> int:
    counter, _created = RegisterCounter.objects.select_for_update().get_or_create(unit=unit, kind=kind, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def record_entry(actor, *, unit, kind: str, entry_date: dt.date, item=None, counterpart: str = "",
                 copies_count: int = 0, note: str = "") -> RegisterEntry:
    """Write the next numbered line. Runs inside the calling act's transaction: the
    act records its own ledger event, which names the entry."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_entry must run inside the act's transaction")
    register = open_volume(actor, unit, kind, entry_date.year, entry_date)
    number = _next_number(unit, kind, entry_date.year)
    return RegisterEntry.objects.create(
        register=register, unit=unit, kind=kind, year=entry_date.year, number=number, entry_date=entry_date,
        item=item, counterpart=counterpart, copies_count=copies_count, note=note, recorded_by=actor)


@transaction.atomic
def cancel_entry(actor, entry: RegisterEntry, reason: str, on: dt.date) -> RegisterEntry:
    """A mistaken line is cancelled, never deleted: its number stays used and visible."""
    from bmnn.records.services.permissions import require_register_keeper

    require_register_keeper(actor, entry.unit, on)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Hủy một dòng sổ phải ghi rõ lý do."), rule="registers.cancel_reason", basis=CLERICAL_BASIS)
    entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.cancelled_on is not None:
        raise Refused(_("Dòng số %(number)s đã được hủy trước đó.") % {"number": entry.number},
                      rule="registers.already_cancelled", basis=CLERICAL_BASIS)
    entry.cancelled_on, entry.cancelled_by, entry.cancel_reason = on, actor, reason
    entry.save(update_fields=["cancelled_on", "cancelled_by", "cancel_reason"])
    record_event("records.register.cancel_entry", actor=actor, unit=entry.unit, obj=entry,
                 description=f"Hủy dòng số {entry.number}/{entry.year} ({RegisterKind(entry.kind).label})",
                 payload={"number": entry.number, "year": entry.year, "kind": entry.kind, "reason": reason})
    return entry


@transaction.atomic
def close_register(actor, register: Register, on: dt.date, *, year_end: bool = True) -> Register:
    """Close a volume. At year end the year's register accepts nothing more;
    otherwise the next entry opens a new volume."""
    from bmnn.records.services.permissions import require_register_keeper

    require_register_keeper(actor, register.unit, on)
    register = Register.objects.select_for_update().get(pk=register.pk)
    if register.is_closed:
        raise Refused(_("Quyển sổ này đã khóa."), rule="registers.closed", basis=CLERICAL_BASIS)
    register.closed_on, register.closed_by, register.closed_for_year = on, actor, year_end
    register.save(update_fields=["closed_on", "closed_by", "closed_for_year"])
    record_event("records.register.close", actor=actor, unit=register.unit, obj=register,
                 description=f"Khóa {register.get_kind_display()} năm {register.year} quyển {register.volume}",
                 payload={"year_end": year_end})
    return register
