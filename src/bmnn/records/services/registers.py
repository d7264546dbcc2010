"""Registers (sổ đăng ký): numbering, cancelling a mistaken line, closing a volume,
and reading a register the way its keepers may.

Numbers run per (unit, register kind, calendar year), across volumes: restarting
at 1 each year, allocated inside the caller's transaction from RegisterCounter,
unique by a database constraint, gapless because a rolled-back act rolls its
number back too, and never reused: a mistaken line is cancelled with its reason
and stays visible.

Serialisation: on SQLite every transaction is BEGIN IMMEDIATE (settings), so the
database's one write lock is held from the start. On PostgreSQL the act's ledger
event takes a transaction-scoped advisory lock on the ledger head, held until
commit; `record_entry` takes that same lock *before* the counter row (SELECT … FOR
UPDATE), so every act takes the two locks in the same order whichever it writes
first — the ledger event or the register line — and two acts can never deadlock
on them.

Reading: a line whose item the reader may not see keeps its number, date and
cancellation visible (the series must be seen to be gapless) but shows "—" for
everything else, and never matches a filter on content (level, reference)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.ledger import record_event
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.records.models import Register, RegisterCounter, RegisterEntry, RegisterKind, SecretItem

CANCEL_ACTION = "records.register.cancel_entry"
CLERICAL_BASIS = "Điều 12 Luật BVBMNN 2018; Thông tư 24/2020/TT-BCA (Mẫu 12, 14, 15, 16)"
YEAR_END_BASIS = "Thông tư 24/2020/TT-BCA (Mẫu 14, 15: bìa và trang đầu sổ theo năm); Nghị định 30/2020/NĐ-CP Phụ lục IV"


def _parent_name(unit) -> str:
    return unit.parent.name if unit.parent_id else ""


def _closed_refusal(kind: str, year: int) -> Refused:
    return Refused(
        _("%(register)s năm %(year)s đã khóa sổ cuối năm; không ghi thêm được dòng nào vào sổ năm đó.")
        % {"register": RegisterKind(kind).label, "year": year},
        rule="registers.closed_for_year", basis=YEAR_END_BASIS)


def open_volume(actor, unit, kind: str, year: int, on: dt.date) -> Register:
    """The open volume of this register for the year, opening volume 1 (or the next
    volume after a closed one) when there is none. A year whose last volume is
    closed at year end accepts nothing more (see close_register).
    Call it with the series locked (record_entry does)."""
    latest = Register.objects.filter(unit=unit, kind=kind, year=year).order_by("-volume").first()
    if latest is not None and not latest.is_closed:
        return latest
    if latest is not None and latest.closed_for_year:
        raise _closed_refusal(kind, year)
    register = Register.objects.create(
        unit=unit, kind=kind, year=year, volume=(latest.volume + 1) if latest else 1,
        parent_body_name=_parent_name(unit), body_name=unit.name, opened_on=on, opened_by=actor)
    record_event("records.register.open", actor=actor, unit=unit, obj=register,
                 description=f"Mở {RegisterKind(kind).label} năm {year} quyển {register.volume}",
                 payload={"kind": kind, "year": year, "volume": register.volume})
    return register


def _lock_series() -> None:
    """PostgreSQL: take the ledger head's advisory lock now (see the module docstring).
    It is re-entrant within the transaction and released at commit or rollback."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ledger.ADVISORY_LOCK_KEY])


def _next_number(unit, kind: str, year: int) -> int:
    counter, _created = RegisterCounter.objects.select_for_update().get_or_create(unit=unit, kind=kind, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def record_entry(actor, *, unit, kind: str, entry_date: dt.date, item=None, counterpart: str = "",
                 copies_count: int = 0, note: str = "") -> RegisterEntry:
    """Write the next numbered line. Runs inside the calling act's transaction: the
    act records its own ledger event, which names the entry. A refusal (closed
    year) raises before anything is written; the caller's rollback takes back the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_entry must run inside the act's transaction")
    _lock_series()
    register = open_volume(actor, unit, kind, entry_date.year, entry_date)
    number = _next_number(unit, kind, entry_date.year)
    return RegisterEntry.objects.create(
        register=register, unit=unit, kind=kind, year=entry_date.year, number=number, entry_date=entry_date,
        item=item, counterpart=nfc(counterpart)[:300], copies_count=copies_count, note=nfc(note)[:500],
        recorded_by=actor)


@transaction.atomic
def cancel_entry(actor, entry: RegisterEntry, reason: str, on: dt.date) -> RegisterEntry:
    """A mistaken line is cancelled, never deleted: its number stays used and visible."""
    from bmnn.records.services.permissions import require_register_keeper

    require_register_keeper(actor, entry.unit, on)
    reason = nfc(reason or "").strip()
    if not reason:
        raise Refused(_("Hủy một dòng sổ phải ghi rõ lý do; dòng bị hủy vẫn giữ số và vẫn hiển thị trong sổ."),
                      rule="registers.cancel_reason", basis=CLERICAL_BASIS, field="reason")
    entry = RegisterEntry.objects.select_for_update().select_related("register").get(pk=entry.pk)
    if entry.cancelled_on is not None:
        raise Refused(_("Dòng số %(number)s đã được hủy ngày %(on)s.")
                      % {"number": entry.number, "on": format_date(entry.cancelled_on)},
                      rule="registers.already_cancelled", basis=CLERICAL_BASIS)
    if entry.register.closed_for_year:
        raise _closed_refusal(entry.kind, entry.year)
    entry.cancelled_on, entry.cancelled_by, entry.cancel_reason = on, actor, reason[:300]
    entry.save(update_fields=["cancelled_on", "cancelled_by", "cancel_reason"])
    record_event(CANCEL_ACTION, actor=actor, unit=entry.unit, obj=entry,
                 description=f"Hủy dòng số {entry.number}/{entry.year} ({RegisterKind(entry.kind).label})",
                 payload={"number": entry.number, "year": entry.year, "kind": entry.kind,
                          "register": entry.register_id, "reason": entry.cancel_reason})
    return entry


@transaction.atomic
def close_register(actor, register: Register, on: dt.date, *, year_end: bool = True) -> Register:
    """Close a volume. At year end the year's register accepts nothing more (and no
    earlier than 31/12 of that year, so a slip cannot stop a year's registration);
    otherwise the next entry opens a new volume."""
    from bmnn.records.services.permissions import require_register_keeper

    require_register_keeper(actor, register.unit, on)
    _lock_series()
    register = Register.objects.select_for_update().get(pk=register.pk)
    if register.is_closed:
        raise Refused(_("Quyển %(volume)s của %(register)s năm %(year)s đã khóa ngày %(on)s.")
                      % {"volume": register.volume, "register": register.get_kind_display(), "year": register.year,
                         "on": format_date(register.closed_on)},
                      rule="registers.closed", basis=CLERICAL_BASIS)
    if year_end and on < dt.date(register.year, 12, 31):
        raise Refused(_("Chỉ khóa sổ cuối năm từ ngày 31/12/%(year)s; trước đó chỉ khóa quyển (sổ năm %(year)s "
                        "tiếp tục ở quyển sau).") % {"year": register.year},
                      rule="registers.year_end_early", basis=YEAR_END_BASIS)
    register.closed_on, register.closed_by, register.closed_for_year = on, actor, year_end
    register.save(update_fields=["closed_on", "closed_by", "closed_for_year"])
    cover = cover_of(register)
    record_event("records.register.close", actor=actor, unit=register.unit, obj=register,
                 description=(f"Khóa {'sổ cuối năm' if year_end else 'quyển'}: {register.get_kind_display()} năm "
                              f"{register.year} quyển {register.volume}"),
                 payload={"year_end": year_end, "first_number": cover.first_number,
                          "last_number": cover.last_number, "entries": cover.count})
    return register


# --- Reading ------------------------------------------------------------------------------

@dataclass
class Cover:
    """The cover and first page of a volume (TT 24 Mẫu 14/15; rule B4)."""

    register: Register
    first_number: int | None = None
    last_number: int | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None

    @property
    def count(self) -> int:
        # Numbers are gapless within a volume, so the count is arithmetic, not COUNT(*).
        return 0 if self.first_number is None else self.last_number - self.first_number + 1


def cover_of(register: Register) -> Cover:
    """First/last number and date from four index lookups (never a scan of the volume)."""
    entries = RegisterEntry.objects.filter(register=register)
    first = entries.order_by("number").values_list("number", flat=True).first()
    if first is None:
        return Cover(register)
    return Cover(register,
                 first_number=first,
                 last_number=entries.order_by("-number").values_list("number", flat=True).first(),
                 first_date=entries.order_by("entry_date").values_list("entry_date", flat=True).first(),
                 last_date=entries.order_by("-entry_date").values_list("entry_date", flat=True).first())


def registers_of(unit, *, year: int | None = None, kind: str | None = None):
    registers = Register.objects.filter(unit=unit).select_related("unit", "closed_by")
    if year:
        registers = registers.filter(year=year)
    if kind in RegisterKind.values:
        registers = registers.filter(kind=kind)
    return registers.order_by("-year", "kind", "volume")


STATUS_ACTIVE, STATUS_CANCELLED = "active", "cancelled"


@dataclass
class LineFilters:
    number_from: int | None = None
    number_to: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    level: str = ""
    q: str = ""
    status: str = ""  # "" (all) | active | cancelled
    # Only lines recorded up to this moment (a printout's time: printing it again later gives the same lines).
    recorded_until: dt.datetime | None = None

    @property
    def on_content(self) -> bool:
        """Filters on what a hidden line does not show."""
        return bool(self.level or self.q)


@dataclass
class Line:
    entry: RegisterEntry
    visible: bool
    summary: str = ""

    @property
    def item(self):
        return self.entry.item if self.visible else None

    @property
    def cancelled(self) -> bool:
        return self.entry.cancelled_on is not None


@dataclass
class LinePage:
    lines: list[Line]
    has_next: bool
    has_previous: bool
    count: int | None  # exact for an unfiltered volume; None when filtered (not counted)
    first_number: int | None = None
    last_number: int | None = None
    filters: LineFilters = field(default_factory=LineFilters)


PAGE_SIZE = 50


@dataclass(frozen=True)
class Series:
    """A year's register of one kind for one unit, across its volumes: numbering runs
    per series, so its lines come in number order from one unique index."""

    unit_id: int
    kind: str
    year: int

    def entries(self):
        return RegisterEntry.objects.filter(unit_id=self.unit_id, kind=self.kind, year=self.year)

    def count(self) -> int:
        # Gapless numbering: the number of lines is the last number given.
        return (RegisterCounter.objects.filter(unit_id=self.unit_id, kind=self.kind, year=self.year)
                .values_list("last_number", flat=True).first() or 0)


def _base(source):
    return source.entries() if isinstance(source, Series) else RegisterEntry.objects.filter(register=source)


def _filtered(person, source, filters: LineFilters):
    entries = _base(source)
    if filters.recorded_until is not None:
        entries = entries.filter(recorded_at__lte=filters.recorded_until)
    if filters.number_from:
        entries = entries.filter(number__gte=filters.number_from)
    if filters.number_to:
        entries = entries.filter(number__lte=filters.number_to)
    if filters.date_from:
        entries = entries.filter(entry_date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(entry_date__lte=filters.date_to)
    if filters.status == STATUS_CANCELLED:
        entries = entries.filter(cancelled_on__isnull=False)
    elif filters.status == STATUS_ACTIVE:
        entries = entries.filter(cancelled_on__isnull=True)
    if filters.on_content:
        if filters.level in Level.values:
            entries = entries.filter(item__level=filters.level)
        if filters.q:
            entries = entries.filter(selectors.search_q(filters.q, "item__search_text"))
        # Only lines the reader may see can match a filter on content: a hidden line that
        # matched would tell its level or reference. Correlated on the line's item (an index
        # lookup per candidate), the access filter written once in SecretItem's queryset.
        visible = SecretItem.objects.visible_to(person).filter(pk=OuterRef("item_id"))
        entries = entries.filter(Exists(visible))
    return entries


def lines(person, source: Register | Series, filters: LineFilters | None = None, *, after: int | None = None,
          before: int | None = None, page_size: int = PAGE_SIZE, cover: Cover | None = None) -> LinePage:
    """One page of a volume's (or a year's series') lines in number order, keyset-paginated
    (`after`/`before` a number), so the thousandth page costs what the first does. Items
    the reader may not see are masked (Line.visible False)."""
    filters = filters or LineFilters()
    entries = _filtered(person, source, filters)
    if before is not None:
        rows = list(entries.filter(number__lt=before).order_by("-number")
                    .select_related("item", "recorded_by", "cancelled_by")[:page_size + 1])
        has_previous, has_next = len(rows) > page_size, True
        rows = list(reversed(rows[:page_size]))
    else:
        if after is not None:
            entries = entries.filter(number__gt=after)
        rows = list(entries.order_by("number").select_related("item", "recorded_by", "cancelled_by")[:page_size + 1])
        has_next, has_previous = len(rows) > page_size, after is not None
        rows = rows[:page_size]
    item_ids = {row.item_id for row in rows if row.item_id}
    seen = set(SecretItem.objects.visible_to(person).filter(pk__in=item_ids).values_list("pk", flat=True)) \
        if item_ids else set()
    page_lines = [_line(row, row.item_id is None or row.item_id in seen) for row in rows]
    unfiltered = filters == LineFilters()
    count = None
    if unfiltered:
        count = source.count() if isinstance(source, Series) else (cover or cover_of(source)).count
    return LinePage(page_lines, has_next=has_next and bool(rows), has_previous=has_previous and bool(rows),
                    count=count, first_number=rows[0].number if rows else None,
                    last_number=rows[-1].number if rows else None, filters=filters)


def all_lines(person, source: Register | Series, filters: LineFilters | None = None, *, until=None,
              batch: int = 2000):
    """Every line of a volume or series matching `filters`, in number order, masked as on the
    page (a list export); `until`: only lines recorded before then. Read in batches by number."""
    entries = _filtered(person, source, filters or LineFilters())
    if until is not None:
        entries = entries.filter(recorded_at__lt=until)
    after = None
    while True:
        chunk = entries if after is None else entries.filter(number__gt=after)
        rows = list(chunk.order_by("number").select_related("item", "recorded_by", "cancelled_by")[:batch])
        if not rows:
            return
        item_ids = {row.item_id for row in rows if row.item_id}
        seen = set(SecretItem.objects.visible_to(person).filter(pk__in=item_ids).values_list("pk", flat=True))
        yield from (_line(row, row.item_id is None or row.item_id in seen) for row in rows)
        after = rows[-1].number


def _line(entry: RegisterEntry, visible: bool) -> Line:
    return Line(entry, visible, summary=line_summary(entry) if visible else "")


def line_summary(entry: RegisterEntry) -> str:
    """The summary (trích yếu) the line carries: none for a Tuyệt mật item when the
    regime in force on the line's date forbids it (rule B2; 2026: never)."""
    return item_summary(entry.item, entry.entry_date)


def item_summary(item, on: dt.date) -> str:
    """The summary a register line or a printed document of `on` may carry (rule B2)."""
    from bmnn.rulebook import authority

    if item is None or not item.summary_encrypted:
        return ""
    if item.level == Level.TUYET_MAT:
        try:
            rule = authority.summary_rule(item.level, on)
        except Refused:
            return ""
        # Under 2018 a stored Tuyệt mật summary exists only with the classifier's consent.
        if not rule.allows(consent=True):
            return ""
    return item.summary


def cancelled_as_of(entries, as_of: dt.datetime) -> set[int]:
    """The ids of those of `entries` whose cancellation was recorded at or before `as_of`: the time of
    its ledger event (a cancellation's own date has no time of day); a line cancelled later reads as
    not cancelled, so a register printed at `as_of` can be printed again identically."""
    cancelled = dict(entries.filter(cancelled_on__isnull=False).values_list("pk", "cancelled_on"))
    if not cancelled:
        return set()
    events = dict(LedgerEvent.objects.filter(
        action=CANCEL_ACTION, object_type=RegisterEntry._meta.label_lower,
        object_id__in=[str(pk) for pk in cancelled]).values_list("object_id", "at_us"))
    limit = int(as_of.timestamp() * 1_000_000)
    # Without its event (lines imported from elsewhere), the cancellation's date decides.
    return {pk for pk, on in cancelled.items()
            if (events[str(pk)] <= limit if str(pk) in events else on <= timezone.localdate(as_of))}


def record_page_read(person, source: Register | Series, page: LinePage, unit) -> None:
    """A page of a register shows references and summaries: the read goes in the ledger."""
    span = f"số {page.first_number}–{page.last_number}" if page.lines else "trống"
    if isinstance(source, Series):
        ledger.record_read(person, None, action="records.register.read", unit=unit, object_type="records.register",
                           object_id=f"{unit.code}:{source.kind}:{source.year}",
                           description=f"Xem {RegisterKind(source.kind).label} năm {source.year} ({span})")
        return
    ledger.record_read(person, source, action="records.register.read", unit=unit,
                       description=(f"Xem {source.get_kind_display()} năm {source.year} quyển "
                                    f"{source.volume} ({span})"))
