"""What a list export is made of: the list's columns and the query that gives its rows.

A `ListSpec` is declared next to the list page it exports (records/exports.py,
computers/exports.py) and registered here under a short code ("items", "register", …). Its
`rows` reuse the page's own filtered, visibility-checked query, so the file holds exactly what
the person sees on the page, across every page of it; a list the person may not see at all
raises Http404 there, as the page does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from django.http import Http404

TEXT, DATE, DATETIME, NUMBER, LEVEL = "text", "date", "datetime", "number", "level"
KINDS = (TEXT, DATE, DATETIME, NUMBER, LEVEL)

# A list with more rows is refused: narrow the filters. An XLSX sheet holds ~1M rows; far fewer
# are readable, and the file is made in the request.
MAX_ROWS = 50_000


@dataclass(frozen=True)
class Column:
    header: str  # Vietnamese (a lazy string: the sheet is always made in Vietnamese)
    value: Callable[[Any], Any]
    kind: str = TEXT
    width: float | None = None  # characters; None: from the content

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(self.kind)


@dataclass(frozen=True)
class Filter:
    """A filter the page reads from its query string, and how the title block names it."""

    param: str
    label: str
    show: Callable[[str], str] | None = None  # value as typed → text (a choice's label, a unit's name)


@dataclass(frozen=True)
class ExportContext:
    """Who exports, with which filters (the page's query string), on which day and up to which moment.
    `until` is the second after the export's mark (the mark is in whole seconds): rows recorded from
    then on are left out, so a regeneration later holds the same rows."""

    person: Any
    params: Mapping[str, str]
    on: dt.date
    until: dt.datetime

    def get(self, name: str) -> str:
        return (self.params.get(name) or "").strip()

    def cut(self, queryset, timestamp_field: str):
        """Leave out rows recorded after the export (so it can be made again identically)."""
        return queryset.filter(**{f"{timestamp_field}__lt": self.until})


@dataclass(frozen=True)
class ListSpec:
    code: str
    name: str  # the list's name, in the title block and the ledger ("Sổ theo dõi máy tính")
    sheet: str  # sheet title (≤ 31 characters)
    columns: tuple[Column, ...]
    rows: Callable[[ExportContext], Iterable]
    level: Callable[[Any], str | None] | None = None  # a row's secrecy level, if the list shows one
    filters: tuple[Filter, ...] = ()
    unit: Callable[[ExportContext], Any] = lambda ctx: None  # the list's unit, when it is one unit's list
    title: Callable[[ExportContext], str] | None = None  # a more precise name ("… năm 2026, quyển 1")
    page: Callable[[ExportContext], str] | None = None  # URL of the list page (back after a refusal)
    footer: Callable[[list], list] | None = None  # a closing row (totals) from the rows
    role_in_unit: bool = False  # the exporting role must be held in the list's unit (or above): registers
    timestamped: bool = True  # False: the model has no creation time (docs/printing-export.md)
    params: tuple[str, ...] = field(default=())  # further query parameters the page reads (kept, not shown)

    def __post_init__(self):
        if len(str(self.sheet)) > 31:
            raise ValueError(f"sheet title too long: {self.sheet}")

    def title_for(self, ctx: ExportContext) -> str:
        return str(self.title(ctx)) if self.title else str(self.name)

    def kept_params(self, params: Mapping[str, str]) -> dict[str, str]:
        """The query parameters this list reads (no page number, no unknown keys), as strings."""
        names = {f.param for f in self.filters} | set(self.params)
        return {k: str(v).strip() for k, v in params.items() if k in names and str(v).strip()}

    def filters_applied(self, ctx: ExportContext) -> list[str]:
        shown = []
        for f in self.filters:
            value = ctx.get(f.param)
            if value:
                shown.append(f"{f.label}: {f.show(value) if f.show else value}")
        return shown


_LISTS: dict[str, ListSpec] = {}


def register(spec: ListSpec) -> ListSpec:
    _LISTS[spec.code] = spec
    return spec


def get(code: str) -> ListSpec:
    """The list `code`; an unknown code is a list that does not exist (404)."""
    try:
        return _LISTS[code]
    except KeyError:
        raise Http404(code) from None


def codes() -> list[str]:
    return sorted(_LISTS)


def page_url(url_name: str) -> Callable[[ExportContext], str]:
    """`page` for a list page at `url_name`: its URL with the filters of the export."""
    def url(ctx: ExportContext) -> str:
        from urllib.parse import urlencode

        from django.urls import reverse

        query = urlencode(ctx.params)
        return reverse(url_name) + (f"?{query}" if query else "")
    return url


def unit_label(value: str) -> str:
    """`show` for a filter on a unit id: the unit's name."""
    from bmnn.org.models import Unit

    unit = Unit.objects.filter(pk=int(value)).first() if str(value).isdigit() and len(str(value)) < 19 else None
    return unit.name if unit is not None else str(value)


def choice_label(choices) -> Callable[[str], str]:
    """`show` for a filter on a TextChoices field: the choice's label."""
    return lambda value: str(dict(choices.choices).get(value, value))
