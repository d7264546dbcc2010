"""Searching and filtering the items a person may know of.

Everything starts from `visible_items` (the access filter), so a filter can only
narrow what the person already sees: hidden items are absent from results and
counts. Reference and document type are matched diacritic-insensitively on the
folded `search_text` ("bao cao" finds "Báo cáo"); level, holding unit (with its
sub-units), status and date ranges are plain indexed column filters.

The summary (trích yếu) is stored only encrypted, so the database cannot search
it. A summary search decrypts, in memory, at most SUMMARY_SCAN_LIMIT of the items
already left by the other filters (newest first) and says when it stopped there:
narrow the other filters to search further back. Decrypted text is never logged
or stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bmnn.core import text
from bmnn.core.dates import parse_date
from bmnn.core.levels import Level
from bmnn.org.models import Unit
from bmnn.records.models import ItemStatus
from bmnn.records.services.items import visible_items

# How many items one summary search decrypts at most (≈ a few ms each with AES-GCM
# plus the row fetch): bounded so a careless search cannot walk a million rows.
SUMMARY_SCAN_LIMIT = 2_000


@dataclass
class ItemFilters:
    q: str = ""
    level: str = ""
    unit: int | None = None
    status: str = ""
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None
    classified_from: dt.date | None = None
    classified_to: dt.date | None = None
    summary: str = ""
    # Inputs that could not be read (e.g. a date not in dd/mm/yyyy), by parameter name.
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_params(cls, params) -> "ItemFilters":
        """Read the filters from a GET QueryDict (or any mapping); unknown values are ignored."""
        get = lambda name: (params.get(name) or "").strip()  # noqa: E731
        filters = cls(q=get("q"), summary=get("summary"))
        if get("level") in Level.values:
            filters.level = get("level")
        if get("status") in ItemStatus.values:
            filters.status = get("status")
        if get("unit").isdigit():
            filters.unit = int(get("unit"))
        for name in ("issued_from", "issued_to", "classified_from", "classified_to"):
            raw = get(name)
            if raw:
                value = parse_date(raw)
                if value is None:
                    filters.errors[name] = raw
                setattr(filters, name, value)
        return filters

    @property
    def active(self) -> bool:
        return any([self.q, self.level, self.unit, self.status, self.issued_from, self.issued_to,
                    self.classified_from, self.classified_to, self.summary])


def search_items(person, filters: ItemFilters):
    """The visible items matching every filter except the summary (a queryset, newest first)."""
    items = visible_items(person, query=filters.q or None, level=filters.level or None)
    if filters.unit:
        items = items.filter(holding_unit_id__in=Unit.objects.descendant_ids([filters.unit]))
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.issued_from:
        items = items.filter(issued_on__gte=filters.issued_from)
    if filters.issued_to:
        items = items.filter(issued_on__lte=filters.issued_to)
    if filters.classified_from:
        items = items.filter(classified_on__gte=filters.classified_from)
    if filters.classified_to:
        items = items.filter(classified_on__lte=filters.classified_to)
    return items


@dataclass
class SummarySearch:
    items: list
    scanned: int
    truncated: bool  # True when SUMMARY_SCAN_LIMIT was reached before the end


def search_summaries(items, phrase: str, *, limit: int = SUMMARY_SCAN_LIMIT) -> SummarySearch:
    """Keep the items (already visible and filtered) whose decrypted summary contains
    every word of `phrase`, diacritic-insensitively; decrypt at most `limit` items."""
    words = text.fold(phrase).split()
    batch = list(items[: limit + 1])
    truncated = len(batch) > limit
    batch = batch[:limit]
    found = [item for item in batch
             if item.summary_encrypted and all(w in text.fold(item.summary) for w in words)]
    return SummarySearch(items=found, scanned=len(batch), truncated=truncated)


def find_items(person, filters: ItemFilters):
    """What a list page shows: a queryset, or (with a summary phrase) a bounded list
    plus the SummarySearch telling how far it looked."""
    items = search_items(person, filters)
    if filters.summary:
        result = search_summaries(items, filters.summary)
        return result.items, result
    return items, None
