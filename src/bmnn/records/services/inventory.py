"""Inventory (thống kê, Law 2018 Art. 12.1; rule B9): items received and issued by a
unit over any period, by date and by level, computed from the registers themselves.

Counted from the incoming and outgoing register lines, cancelled lines excluded, and
only lines about items the person may know of: a hidden item is absent from the
counts as from the lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from bmnn.core.levels import Level
from bmnn.records.models import RegisterEntry, RegisterKind, SecretItem
from bmnn.records.services.registers import cancelled_as_of

KINDS = (RegisterKind.INCOMING.value, RegisterKind.OUTGOING.value)


@dataclass
class Tally:
    entries: int = 0
    copies: int = 0


@dataclass
class InventoryRow:
    date: dt.date
    level: str
    incoming: Tally = field(default_factory=Tally)
    outgoing: Tally = field(default_factory=Tally)

    @property
    def level_label(self) -> str:
        return Level(self.level).label


@dataclass
class Inventory:
    unit: object
    date_from: dt.date
    date_to: dt.date
    rows: list[InventoryRow]
    by_level: dict[str, dict[str, Tally]]  # level -> {"incoming": Tally, "outgoing": Tally}
    total: dict[str, Tally]

    def level_rows(self):
        """(level, label, incoming, outgoing) from the highest level down, for pages and the API."""
        for level in reversed(Level.values):
            if level in self.by_level:
                yield level, Level(level).label, self.by_level[level]["incoming"], self.by_level[level]["outgoing"]


def inventory(person, unit, date_from: dt.date, date_to: dt.date, *, as_of: dt.datetime | None = None) -> Inventory:
    """`as_of`: count the lines as they stood at that moment (recorded by then, cancelled by then), so a
    printed inventory can be made again identically later."""
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    visible = SecretItem.objects.visible_to(person).values("pk")
    lines = RegisterEntry.objects.filter(unit=unit, kind__in=KINDS, entry_date__range=(date_from, date_to),
                                         item__in=visible)
    if as_of is None:
        lines = lines.filter(cancelled_on__isnull=True)
    else:
        lines = lines.filter(recorded_at__lte=as_of)
        lines = lines.exclude(pk__in=cancelled_as_of(lines, as_of))
    grouped = (lines
               .values("entry_date", "item__level", "kind")
               .annotate(entries=Count("pk"), copies=Sum("copies_count"))
               .order_by("entry_date", "item__level", "kind"))
    rows: dict[tuple, InventoryRow] = {}
    by_level: dict[str, dict[str, Tally]] = {}
    total = {kind: Tally() for kind in KINDS}
    for group in grouped:
        level, kind = group["item__level"], group["kind"]
        key = (group["entry_date"], level)
        row = rows.setdefault(key, InventoryRow(date=group["entry_date"], level=level))
        tally = Tally(group["entries"], group["copies"] or 0)
        setattr(row, kind, tally)
        per_level = by_level.setdefault(level, {k: Tally() for k in KINDS})[kind]
        for target in (per_level, total[kind]):
            target.entries += tally.entries
            target.copies += tally.copies
    return Inventory(unit=unit, date_from=date_from, date_to=date_to, rows=list(rows.values()), by_level=by_level,
                     total=total)
