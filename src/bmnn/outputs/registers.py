"""What a printed register contains: its layout from the rulebook (rulebook/forms/registers-*.yaml) and
its lines as its keeper sees them at the moment of printing.

A layout names its columns by key; `FIELDS` maps each key to the function that fills the column from
a line. A line of an item the printer may not see keeps its number, date and cancellation and shows
"—" elsewhere (records.services.registers.lines); a cancelled line is printed, marked, never dropped.
Everything is read *as of* the printout's moment (`params["as_of"]`): lines recorded later are left
out and later cancellations are not shown, so the same printout can be made again identically
(outputs.services.regenerate)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterator

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bmnn.core.dates import format_date
from bmnn.core.levels import Level, rank
from bmnn.org.models import Person
from bmnn.records.models import Delivery, Receipt, Register, RegisterKind
from bmnn.records.services import registers as service
from bmnn.records.services.inventory import inventory
from bmnn.rulebook.forms import FormEntry, form_set
from bmnn.rulebook.loader import RegimeError

INVENTORY = "inventory"
KINDS = (*RegisterKind.values, INVENTORY)
HIDDEN = "—"
BATCH = 1000


@dataclass
class PrintLine:
    """One printed row: a register line (`entry`, `visible`, `summary`, `cancelled` as of the print),
    or an inventory row (`row`)."""

    entry: object = None
    visible: bool = True
    summary: str = ""
    cancelled: bool = False
    receipt: str = ""
    row: object = None
    position: int = 0  # the row's place in an inventory (1, 2, …)
    total_label: str = ""  # set on an inventory's closing rows ("Cộng Mật", "Tổng cộng")

    @property
    def item(self):
        return self.entry.item if self.visible and self.entry is not None else None


def _content(fn: Callable[[PrintLine], object]) -> Callable[[PrintLine], str]:
    """A column about the item: "—" on a line the printer may not see (as on screen)."""
    def cell(line: PrintLine) -> str:
        if not line.visible:
            return HIDDEN
        value = fn(line)
        return "" if value is None else str(value)
    return cell


def _cancellation(line: PrintLine) -> str:
    if not line.cancelled:
        return ""
    return _("ĐÃ HỦY ngày %(on)s: %(reason)s") % {"on": format_date(line.entry.cancelled_on),
                                                  "reason": line.entry.cancel_reason}


def _remarks(line: PrintLine) -> str:
    note = line.entry.note if line.visible else ""
    return "\n".join(part for part in (note, _cancellation(line)) if part)


def _type_and_summary(line: PrintLine) -> str:
    kind = line.item.document_type if line.item else ""
    return f"{kind}: {line.summary}" if kind and line.summary else kind or line.summary


def _level(line: PrintLine) -> str:
    return str(Level(line.item.level).label) if line.item else ""


def _issuing_body(line: PrintLine) -> str:
    item = line.item
    if item is None:
        return ""
    return item.issuing_body_external or (item.issuing_unit.name if item.issuing_unit_id else "")


def _tally(direction: str, what: str) -> Callable[[PrintLine], str]:
    return lambda line: str(getattr(getattr(line.row, direction), what))


def _inventory_level(line: PrintLine) -> str:
    return line.total_label or str(Level(line.row.level).label)


# Column key → function(line) → the cell's text. A layout file may use only these keys (check_layout).
FIELDS: dict[str, Callable[[PrintLine], str]] = {
    # register lines
    "number": lambda line: str(line.entry.number),
    "entry_date": lambda line: format_date(line.entry.entry_date),
    "reference": _content(lambda line: line.item.reference if line.item else ""),
    "issued_on": _content(lambda line: format_date(line.item.issued_on) if line.item else ""),
    "document_type": _content(lambda line: line.item.document_type if line.item else ""),
    "summary": _content(lambda line: line.summary),
    "type_and_summary": _content(_type_and_summary),
    "level": _content(_level),
    "issuing_body": _content(_issuing_body),
    "counterpart": _content(lambda line: line.entry.counterpart),
    "copies": _content(lambda line: line.entry.copies_count or ""),
    "note": _content(lambda line: line.entry.note),
    "cancellation": _cancellation,
    "remarks": _remarks,
    "receipt": _content(lambda line: line.receipt),
    "signature": lambda line: "",  # signed by hand on the printed page
    # inventory rows
    "row_number": lambda line: str(line.position) if line.position else "",
    "date": lambda line: format_date(line.row.date) if line.row.date else "",
    "inventory_level": _inventory_level,
    "incoming_entries": _tally("incoming", "entries"),
    "incoming_copies": _tally("incoming", "copies"),
    "outgoing_entries": _tally("outgoing", "entries"),
    "outgoing_copies": _tally("outgoing", "copies"),
    "blank": lambda line: "",
}
# Keys whose text stays on a struck-out (cancelled) line without the strike: they say why.
UNSTRUCK = frozenset({"number", "entry_date", "remarks", "cancellation", "signature", "receipt"})


def check_layout(entry: FormEntry, source: str) -> None:
    """Refuse a layout whose columns name a field bmnn does not know (a typo in a new form file)."""
    unknown = [c["key"] for c in entry["columns"] if c["key"] not in FIELDS]
    if unknown:
        raise RegimeError([_("%(source)s: entries.%(code)s.columns: bmnn không biết trường %(keys)s; các trường "
                             "dùng được: %(known)s.") % {"source": source, "code": entry.code,
                                                        "keys": ", ".join(f"“{k}”" for k in unknown),
                                                        "known": ", ".join(sorted(FIELDS))}])


def layout(kind: str, version: str) -> FormEntry:
    forms = form_set("registers", version)
    entry = forms.entry(kind)
    check_layout(entry, forms.source)
    return entry


# --- What is printed ----------------------------------------------------------------------------

@dataclass
class Cover:
    """The cover and first page (TT 24 Mẫu 14/15 notes (1)–(6); rule B4), of what is printed."""

    parent_body: str
    body: str
    title: str
    year: int | None = None
    volume: int | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    first_number: int | None = None
    last_number: int | None = None
    period: tuple[dt.date, dt.date] | None = None  # an inventory's window


@dataclass
class Section:
    """One bound book: a cover, then the table (a volume; a series prints one per volume)."""

    cover: Cover
    lines: list[PrintLine] = field(default_factory=list)
    running_head: str = ""  # the line above the table on each page


@dataclass
class RegisterPrint:
    layout: FormEntry
    form_version: str
    sections: list[Section]
    level: str = ""  # the highest level among the lines the printer sees

    @property
    def columns(self) -> list[dict]:
        return list(self.layout["columns"])

    def cells(self, line: PrintLine) -> list[str]:
        return [FIELDS[column["key"]](line) for column in self.columns]


def as_of(params: dict) -> dt.datetime:
    moment = parse_datetime(params["as_of"])
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _lines_of(person, volume: Register, moment: dt.datetime) -> Iterator[PrintLine]:
    filters = service.LineFilters(recorded_until=moment)
    cancelled = service.cancelled_as_of(volume.entries.filter(recorded_at__lte=moment), moment)
    after = None
    while True:
        page = service.lines(person, volume, filters, after=after, page_size=BATCH)
        receipts = _receipts(page.lines, moment) if volume.kind == RegisterKind.HANDOVER else {}
        for line in page.lines:
            yield PrintLine(line.entry, line.visible, line.summary, cancelled=line.entry.pk in cancelled,
                            receipt=receipts.get(line.entry.pk, ""))
        if not page.has_next:
            return
        after = page.last_number


def _receipts(lines, moment: dt.datetime) -> dict[int, str]:
    """Handover lines: who signed for the delivery in bmnn, by the time of the print."""
    entries = [line.entry.pk for line in lines if line.visible]
    signed = (Receipt.objects.filter(delivery__in=Delivery.objects.filter(handover_entry__in=entries),
                                     confirmed_at__lte=moment)
              .select_related("received_by", "delivery").order_by("confirmed_at", "pk"))
    out: dict[int, str] = {}
    for receipt in signed:
        text = _("%(name)s đã ký nhận ngày %(on)s") % {
            "name": receipt.received_by.full_name, "on": format_date(timezone.localdate(receipt.confirmed_at))}
        out.setdefault(receipt.delivery.handover_entry_id, text)
    return out


def _volume_section(person, volume: Register, entry: FormEntry, moment: dt.datetime) -> Section:
    lines = list(_lines_of(person, volume, moment))
    dates = [line.entry.entry_date for line in lines]
    cover = Cover(parent_body=volume.parent_body_name, body=volume.body_name, title=entry["title"],
                  year=volume.year, volume=volume.volume, first_date=min(dates, default=None),
                  last_date=max(dates, default=None), first_number=lines[0].entry.number if lines else None,
                  last_number=lines[-1].entry.number if lines else None)
    head = _("%(register)s năm %(year)s, quyển số %(volume)s") % {
        "register": entry.name, "year": volume.year, "volume": volume.volume}
    return Section(cover, lines, head)


def _highest(lines: list[PrintLine]) -> str:
    levels = [line.item.level for line in lines if line.item is not None]
    return max(levels, key=rank, default="")


def collect(params: dict) -> RegisterPrint:
    """Everything a register printout shows, from its parameters alone (see the module docstring)."""
    person = Person.objects.get(pk=params["person"])
    moment = as_of(params)
    kind = params["kind"]
    entry = layout(kind, params["form_version"])
    if kind == INVENTORY:
        return _inventory_print(person, params, entry, moment)
    if params.get("register"):
        volumes = [Register.objects.get(pk=params["register"])]
    else:
        volumes = list(Register.objects.filter(unit_id=params["unit"], kind=kind, year=params["year"])
                       .order_by("volume"))
    sections = [_volume_section(person, volume, entry, moment) for volume in volumes]
    # A series prints the volumes that had lines at the time (a volume opened later is not in it).
    sections = [s for s in sections if s.lines] or sections[:1]
    level = max((_highest(s.lines) for s in sections), key=rank, default="")
    return RegisterPrint(entry, params["form_version"], sections, level)


def _inventory_print(person, params: dict, entry: FormEntry, moment: dt.datetime) -> RegisterPrint:
    from bmnn.org.models import Unit

    unit = Unit.objects.select_related("parent").get(pk=params["unit"])
    date_from, date_to = dt.date.fromisoformat(params["date_from"]), dt.date.fromisoformat(params["date_to"])
    result = inventory(person, unit, date_from, date_to, as_of=moment)
    lines = [PrintLine(row=row, position=i) for i, row in enumerate(result.rows, start=1)]
    for level, label, incoming, outgoing in result.level_rows():
        total = _Totals(incoming, outgoing)
        lines.append(PrintLine(row=total, total_label=_("Cộng %(level)s") % {"level": label}))
    lines.append(PrintLine(row=_Totals(result.total["incoming"], result.total["outgoing"]),
                           total_label=_("Tổng cộng")))
    cover = Cover(parent_body=unit.parent.name if unit.parent_id else "", body=unit.name, title=entry["title"],
                  year=date_to.year if date_from.year == date_to.year else None, period=(date_from, date_to))
    head = _("%(name)s từ ngày %(from)s đến ngày %(to)s") % {
        "name": entry.name, "from": format_date(date_from), "to": format_date(date_to)}
    level = max(result.by_level, key=rank, default="")
    return RegisterPrint(entry, params["form_version"], [Section(cover, lines, head)], level)


@dataclass
class _Totals:
    incoming: object
    outgoing: object
    date: None = None


# --- Shared by the PDF and DOCX renderers --------------------------------------------------------

# Decree 30/2020 Phụ lục I margins (top/bottom 20–25, left 30–35, right 15–20 mm), the left one the binding edge.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_PT, HEAD_PT, MARK_PT = 10.5, 10.5, 9


@dataclass(frozen=True)
class CoverLine:
    text: str
    size: float
    bold: bool = False
    italic: bool = False
    space_before: float = 0  # points


def cover_lines(cover: Cover, level: str) -> list[CoverLine]:
    """The cover, top to bottom (both renderers draw these lines, centred)."""
    out = []
    if cover.parent_body:
        out.append(CoverLine(cover.parent_body.upper(), 13))
    out.append(CoverLine(cover.body.upper(), 13, bold=True))
    out.append(CoverLine(cover.title, 24, bold=True, space_before=110))
    if cover.period:
        start, end = cover.period
        out.append(CoverLine(_("Từ ngày %(from)s đến ngày %(to)s") % {"from": format_date(start),
                                                                       "to": format_date(end)}, 15, space_before=14))
    if cover.year:
        out.append(CoverLine(_("Năm %(year)s") % {"year": cover.year}, 16, bold=True, space_before=14))
    if cover.volume:
        out.append(CoverLine(_("Quyển số: %(volume)s") % {"volume": cover.volume}, 14, space_before=30))
        out.append(CoverLine(_("Bắt đầu ngày %(first)s, kết thúc ngày %(last)s") % {
            "first": format_date(cover.first_date) or "…", "last": format_date(cover.last_date) or "…"}, 14,
            space_before=8))
        out.append(CoverLine(_("Từ số %(first)s đến số %(last)s") % {
            "first": cover.first_number or "…", "last": cover.last_number or "…"}, 14, space_before=8))
    return out


def layout_note(printed: RegisterPrint) -> str:
    """Said at the foot of the cover when the layout is not the verified official one."""
    entry = printed.layout
    if entry.verified:
        return ""
    return _("Bố cục sổ: %(citation)s, phiên bản mẫu %(version)s của bmnn; các cột chưa được đối chiếu với bản "
             "mẫu chính thức.") % {"citation": entry.citation, "version": printed.form_version}


def page_label(page: int, pages: int) -> str:
    return _("Trang %(page)s/%(pages)s") % {"page": page, "pages": pages}


def numbered_heads(count: int) -> list[str]:
    return [f"({i})" for i in range(1, count + 1)]


def empty_text() -> str:
    return _("Không có dòng nào.")
