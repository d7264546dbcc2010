"""The register's queries, shared by the pages and the API: every one starts from the
visible set (computers.access), so filters only ever narrow what a person may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from bmnn.computers.access import readable_levels
from bmnn.computers.models import (
    PROBLEM_LABELS, Computer, ScanReport, Tier, Verdict, Violation, ViolationKind, ViolationStatus,
)
from bmnn.core.dates import parse_date
from bmnn.core.levels import Level, rank
from bmnn.org.models import Unit
from bmnn.org.selectors import search_q, vi_ordered


def _get(params, name: str) -> str:
    return (params.get(name) or "").strip()


def _unit(params) -> int | None:
    value = _get(params, "unit")
    return int(value) if value.isdigit() and len(value) < 19 else None


@dataclass
class ComputerFilters:
    q: str = ""
    unit: int | None = None  # with its sub-units
    verdict: str = ""

    @classmethod
    def from_params(cls, params) -> ComputerFilters:
        verdict = _get(params, "verdict")
        return cls(q=_get(params, "q"), unit=_unit(params), verdict=verdict if verdict in Verdict.values else "")


def visible_computers(person):
    return Computer.objects.visible_to(person)


def find_computers(person, filters: ComputerFilters):
    computers = visible_computers(person).select_related("unit")
    if filters.q:
        computers = computers.filter(search_q(filters.q))
    if filters.unit:
        computers = computers.filter(unit_id__in=Unit.objects.descendant_ids([filters.unit]))
    if filters.verdict:
        computers = computers.filter(latest_verdict=filters.verdict)
    return vi_ordered(computers)


def visible_reports(person):
    return ScanReport.objects.filter(computer__in=visible_computers(person))


@dataclass
class ViolationFilters:
    unit: int | None = None
    level: str = ""
    status: str = ""
    kind: str = ""
    date_from: dt.date | None = None  # the day it was found, inclusive
    date_to: dt.date | None = None
    errors: dict = field(default_factory=dict)  # what was typed and could not be read, by parameter

    @classmethod
    def from_params(cls, params) -> ViolationFilters:
        filters = cls(unit=_unit(params))
        for name, choices in (("level", Level.values), ("status", ViolationStatus.values),
                              ("kind", ViolationKind.values)):
            if _get(params, name) in choices:
                setattr(filters, name, _get(params, name))
        for name in ("date_from", "date_to"):
            typed = _get(params, name)
            if typed:
                value = parse_date(typed)
                if value is None:
                    filters.errors[name] = typed
                setattr(filters, name, value)
        return filters


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def find_violations(person, filters: ViolationFilters):
    violations = Violation.objects.visible_to(person).select_related(
        "computer", "computer__unit", "resolved_by", "last_report")
    if filters.unit:
        violations = violations.filter(computer__unit_id__in=Unit.objects.descendant_ids([filters.unit]))
    if filters.level:
        violations = violations.filter(level=filters.level)
    if filters.status:
        violations = violations.filter(status=filters.status)
    if filters.kind:
        violations = violations.filter(kind=filters.kind)
    if filters.date_from:
        violations = violations.filter(opened_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        violations = violations.filter(opened_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return violations.order_by("-opened_at", "-pk")


def files_of(report: ScanReport):
    """A report's files, most secret first; each carries its report (for decryption)."""
    files = list(report.files.select_related("report"))
    return sorted(files, key=lambda f: (f.tier != "marked", -rank(f.level), f.position))


@dataclass
class HiddenFiles:
    """Files of one level above the viewer's clearance: only how many."""

    level: str
    count: int

    @property
    def label(self) -> str:
        return Level(self.level).label


@dataclass
class FilesShown:
    files: list  # MarkedFile within the viewer's clearance, or without a level
    hidden: list[HiddenFiles]  # the others, counted per level, most secret first

    def hidden_counts(self) -> dict[str, int]:
        return {group.level: group.count for group in self.hidden}


def files_for(person, report: ScanReport, *, stamped_only: bool = False) -> FilesShown:
    """A report's files as `person` may see them: a file's path and stamp lines only when
    its level is one of the person's clearance levels (a path can carry a document's
    title); files above it are counted per level and never decrypted. `stamped_only`:
    just the files of tier `marked` with a level (those that make a violation)."""
    readable = readable_levels(person, report.computer.unit_id)
    shown, hidden = [], {}
    for marked in files_of(report):
        if stamped_only and not (marked.tier == Tier.MARKED and marked.level):
            continue
        if not marked.level or marked.level in readable:
            shown.append(marked)
        else:
            hidden[marked.level] = hidden.get(marked.level, 0) + 1
    return FilesShown(shown, [HiddenFiles(level, n) for level, n in
                              sorted(hidden.items(), key=lambda item: -rank(item[0]))])


def problems_of(report: ScanReport) -> list[dict]:
    """The files the scanner could not read (encrypted, needing OCR, hostile…), from the
    stored report: their paths are as sensitive as the marked files'."""
    return [{**problem, "why": PROBLEM_LABELS.get(problem["kind"], problem["kind"])}
            for problem in report.raw["problems"]]
