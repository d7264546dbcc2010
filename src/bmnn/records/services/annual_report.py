"""The figures of the annual report on state-secret protection (báo cáo công tác bảo vệ bí
mật nhà nước hằng năm; Decree 26/2020 Art. 8; legal-rules.md §7.1, rule G4): pure reads.

The report's year is not the calendar year: its data run from 15/12 of the previous year to
14/12 of the report year, both days included (`window`). Every figure is counted from the
records of the unit and the units below it, each act by its own date:

| figure | records | date |
|---|---|---|
| issued / received | outgoing / incoming register lines, not cancelled | `RegisterEntry.entry_date` |
| reproductions | reproductions done (their reproduction-register line) | the line's `entry_date` |
| deliveries | deliveries sent from the units (handover book) | `Delivery.sent_at` |
| carry-outs | requests allowed; returned; still out on 14/12 | `CarryOut.decided_on`, `returned_on` |
| extensions, adjustments | decisions of the units' heads | `decided_on` |
| declassifications | automatic (end of period, list removal), by decision, partial | `Declassification.decided_on` |
| destructions | copies listed in completed destruction records; emergency destructions | `carried_out_on`, `destroyed_on` |
| recalls | recall decisions on the units' items; completed; still open on 14/12 | `Recall.decided_on` |
| stock-takes | stock-takes and their lines; copies not produced (findings) | `StockTake.as_of` |
| incidents | loss and disclosure incidents, reported, closed | `Incident.opened_at` |
| registers | volumes in use during the window; volumes closed in it | `opened_on`, `closed_on` |

Who may make the report: the unit's leader, deputy or state-secret officer (in the unit or a
unit above it); to anyone else the report does not exist (404, as the registers). Only what
the maker may know of is counted (`SecretItem.objects.visible_to`): a level their clearance
does not reach is left out, and the report says so whether or not such items exist.

`as_of` is the moment the figures are taken: an act recorded after it is not counted, so a
printed report made again later (outputs.services.regenerate) gives the same figures. Acts
carry their recording time (`recorded_at`, `created_at`, `sent_at`…); follow-ups that carry
only a date (a carry-out returned, an incident reported or closed, a line cancelled, a
volume closed) are counted up to the day of `as_of`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import levels_at
from bmnn.core.levels import Level
from bmnn.org import selectors
from bmnn.org.models import Role, Tenure, Unit
from bmnn.records.models import (
    CarryOut, CarryOutStatus, Declassification, DeclassificationGround, Delivery, DestructionLine, DestructionStatus,
    EmergencyDestruction, Extension, Incident, IncidentKind, Recall, Register, RegisterEntry, RegisterKind,
    Reproduction, ReproductionStatus, SecretItem, StockTake, StockTakeLine, StockTakeStatus,
)
from bmnn.records.models.periods import Adjustment
from bmnn.rulebook import loader

MAKER_ROLES = (Role.LEADER, Role.DEPUTY, Role.SECURITY_OFFICER)
# Highest first: the order of the report's columns.
LEVELS = [Level.TUYET_MAT.value, Level.TOI_MAT.value, Level.MAT.value]


# --- The window -----------------------------------------------------------------------------

def window(year: int) -> tuple[dt.date, dt.date]:
    """15/12 of the previous year to 14/12 of `year`, both included."""
    return dt.date(year - 1, 12, 15), dt.date(year, 12, 14)


def report_year_of(day: dt.date) -> int:
    """The report year a day's acts count in: from 15/12 on, the next year's."""
    return day.year + 1 if (day.month, day.day) >= (12, 15) else day.year


def current_report_year(on: dt.date | None = None) -> int:
    return report_year_of(on or timezone.localdate())


# --- Who may make it ------------------------------------------------------------------------

def may_make(person, unit, on: dt.date | None = None) -> bool:
    return selectors.holds_role(person, MAKER_ROLES, [unit.pk], on or timezone.localdate())


def require_maker(person, unit, on: dt.date | None = None) -> None:
    """404 unless `person` leads the unit (or a unit above it) or is its state-secret officer."""
    if not may_make(person, unit, on):
        raise Http404(_("Không tìm thấy."))


def maker_units(person, on: dt.date | None = None) -> list[Unit]:
    """The units whose report `person` may make: their leader, deputy and officer posts and the units below."""
    on = on or timezone.localdate()
    if person is None or not getattr(person, "is_authenticated", False):
        return []
    roots = Tenure.objects.held_on(on).filter(person=person, position__role__in=MAKER_ROLES).values_list(
        "position__unit_id", flat=True)
    return list(selectors.vi_ordered(Unit.objects.filter(pk__in=Unit.objects.descendant_ids(set(roots)))))


def figures_levels(person, unit, on: dt.date | None = None) -> list[str]:
    """The levels counted in `person`'s report for `unit`: those their clearance reaches there, highest first."""
    cleared = levels_at(person, unit.pk, on or timezone.localdate())
    return [lv for lv in LEVELS if lv in cleared]


def head_of(unit, on: dt.date):
    """The tenure of the unit's head (its leader) on `on`, or None: the report's signer."""
    return (Tenure.objects.held_on(on).filter(position__unit=unit, position__role=Role.LEADER)
            .select_related("person", "position").order_by("valid_from", "pk").first())


# --- The figures ----------------------------------------------------------------------------

@dataclass
class Figure:
    """One line of the report's tables: a count per level (those the maker may see), or a
    single number for what has no level (stock-takes held, register volumes)."""

    key: str
    label: str
    counts: dict[str, int] | None = None
    value: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.value if self.counts is not None else self.value

    def at(self, level: str) -> int:
        return (self.counts or {}).get(level, 0)


@dataclass
class Group:
    key: str
    title: str
    figures: list[Figure]


@dataclass
class AnnualFigures:
    unit: Unit
    year: int
    date_from: dt.date
    date_to: dt.date
    as_of: dt.datetime
    levels: list[str]  # counted, highest first
    hidden_levels: list[str]  # beyond the maker's clearance at the unit: not counted
    unit_names: list[str]
    groups: list[Group] = field(default_factory=list)

    def get(self, key: str) -> Figure:
        for group in self.groups:
            for figure in group.figures:
                if figure.key == key:
                    return figure
        raise KeyError(key)

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)

    @property
    def regime(self):
        return loader.regime_on(self.date_to)

    @property
    def complete(self) -> bool:
        """Whether the window has ended when the figures were taken."""
        return timezone.localtime(self.as_of).date() > self.date_to


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class _Counter:
    """The queries of one report: the units, the window, the cut-off and the visible items."""

    def __init__(self, person, unit, year: int, as_of: dt.datetime):
        self.date_from, self.date_to = window(year)
        self.as_of = as_of
        self.as_of_day = timezone.localtime(as_of).date()
        self.units = Unit.objects.descendant_ids([unit.pk])
        self.visible = SecretItem.objects.visible_to(person, on=self.as_of_day).values("pk")
        self.levels = figures_levels(person, unit, self.as_of_day)
        # Datetime bounds of the window in local time, cut at as_of.
        self.start, self.end = _aware(self.date_from), min(_aware(self.date_to + dt.timedelta(days=1)), as_of)
        # Acts are taken over the whole window (cut by their recording time); follow-ups that
        # carry only a date, up to the window's end or the day of as_of if earlier.
        self.days = (self.date_from, self.date_to)
        self.to_day = min(self.date_to, self.as_of_day)
        self.follow = (self.date_from, self.to_day)

    def per_level(self, queryset, level_field: str, total: str | None = None) -> dict[str, int]:
        """Rows (or the sum of `total`) per level, only the counted levels."""
        aggregate = Sum(total) if total else Count("pk")
        rows = queryset.values(level_field).annotate(n=aggregate).order_by(level_field)
        found = {row[level_field]: row["n"] or 0 for row in rows}
        return {lv: found.get(lv, 0) for lv in self.levels}

    def figure(self, key, label, queryset, level_field="item__level", total=None) -> Figure:
        return Figure(key, str(label), counts=self.per_level(queryset, level_field, total))

    # -- the areas --

    def registers(self, kind: str):
        lines = RegisterEntry.objects.filter(
            unit_id__in=self.units, kind=kind, entry_date__range=self.days, recorded_at__lte=self.as_of,
            item__in=self.visible).exclude(cancelled_on__lte=self.as_of_day)
        return lines

    def documents(self) -> Group:
        outgoing, incoming = self.registers(RegisterKind.OUTGOING), self.registers(RegisterKind.INCOMING)
        return Group("documents", _("Tài liệu, vật chứa bí mật nhà nước phát hành, tiếp nhận"), [
            self.figure("issued.entries", _lazy("Phát hành (vào Sổ đăng ký bí mật nhà nước đi): số tài liệu"),
                        outgoing),
            self.figure("issued.copies", _lazy("Phát hành: số bản"), outgoing, total="copies_count"),
            self.figure("received.entries", _lazy("Tiếp nhận (vào Sổ đăng ký bí mật nhà nước đến): số tài liệu"),
                        incoming),
            self.figure("received.copies", _lazy("Tiếp nhận: số bản"), incoming, total="copies_count"),
        ])

    def handling(self) -> Group:
        reproductions = Reproduction.objects.filter(
            status=ReproductionStatus.DONE, register_entry__unit_id__in=self.units,
            register_entry__entry_date__range=self.days, register_entry__recorded_at__lte=self.as_of,
            item__in=self.visible)
        deliveries = Delivery.objects.filter(from_unit_id__in=self.units, sent_at__gte=self.start,
                                             sent_at__lt=self.end, item__in=self.visible)
        allowed = CarryOut.objects.filter(
            unit_id__in=self.units, status__in=[CarryOutStatus.APPROVED, CarryOutStatus.RETURNED],
            requested_at__lte=self.as_of, item__in=self.visible)
        return Group("handling", _("Sao, chụp; giao, nhận; mang ra khỏi nơi lưu giữ"), [
            self.figure("reproductions.done", _lazy("Sao, chụp đã thực hiện: số lượt"), reproductions),
            self.figure("reproductions.copies", _lazy("Sao, chụp: số bản sao, bản chụp"), reproductions,
                        total="copies_made"),
            self.figure("deliveries.sent", _lazy("Giao tài liệu (Sổ chuyển giao): số lượt"), deliveries),
            self.figure("deliveries.external",
                        _lazy("trong đó cung cấp, chuyển giao cho cơ quan, tổ chức, cá nhân ngoài hệ thống"),
                        deliveries.exclude(to_external="")),
            self.figure("carryouts.allowed", _lazy("Mang ra khỏi nơi lưu giữ được cho phép: số lượt"),
                        allowed.filter(decided_on__range=self.follow), level_field="level"),
            self.figure("carryouts.returned", _lazy("Mang ra: đã nộp lại"),
                        allowed.filter(returned_on__range=self.follow), level_field="level"),
            self.figure("carryouts.out", _lazy("Mang ra: chưa nộp lại đến cuối kỳ"),
                        allowed.filter(decided_on__lte=self.to_day)
                        .filter(Q(returned_on__isnull=True) | Q(returned_on__gt=self.to_day)), level_field="level"),
        ])

    def periods(self) -> Group:
        decided = {"unit_id__in": self.units, "decided_on__range": self.days, "created_at__lte": self.as_of,
                   "item__in": self.visible}
        adjustments = Adjustment.objects.filter(**decided)
        declass = Declassification.objects.filter(**decided)
        raised = [a.pk for a in adjustments.only("pk", "from_level", "to_level") if a.raised]
        return Group("periods", _("Gia hạn, điều chỉnh độ mật, giải mật"), [
            self.figure("extensions", _lazy("Gia hạn thời hạn bảo vệ"), Extension.objects.filter(**decided),
                        level_field="level"),
            self.figure("adjustments.raised", _lazy("Điều chỉnh tăng độ mật (theo độ mật trước khi điều chỉnh)"),
                        adjustments.filter(pk__in=raised), level_field="from_level"),
            self.figure("adjustments.lowered", _lazy("Điều chỉnh giảm độ mật (theo độ mật trước khi điều chỉnh)"),
                        adjustments.exclude(pk__in=raised), level_field="from_level"),
            self.figure("declass.automatic",
                        _lazy("Giải mật tự động (hết thời hạn bảo vệ; không còn thuộc danh mục)"),
                        declass.filter(ground__in=[DeclassificationGround.EXPIRED,
                                                   DeclassificationGround.LIST_REMOVAL]), level_field="level"),
            self.figure("declass.decision", _lazy("Giải mật toàn bộ theo quyết định (có Hội đồng giải mật)"),
                        declass.filter(ground=DeclassificationGround.DECISION, partial=False), level_field="level"),
            self.figure("declass.partial", _lazy("Giải mật một phần theo quyết định"),
                        declass.filter(partial=True), level_field="level"),
        ])

    def destruction(self) -> Group:
        destroyed = DestructionLine.objects.filter(
            destruction__unit_id__in=self.units, destruction__status=DestructionStatus.DONE,
            destruction__record__carried_out_on__range=self.days,
            destruction__record__completed_at__lte=self.as_of, item__in=self.visible)
        emergency = EmergencyDestruction.objects.filter(unit_id__in=self.units, destroyed_on__range=self.days,
                                                        recorded_at__lte=self.as_of, item__in=self.visible)
        recalls = Recall.objects.filter(item__holding_unit_id__in=self.units, created_at__lte=self.as_of,
                                        item__in=self.visible)
        return Group("destruction", _("Tiêu hủy, thu hồi"), [
            Figure("destruction.records", str(_lazy("Biên bản tiêu hủy đã hoàn tất (số cuộc tiêu hủy)")),
                   value=destroyed.values("destruction_id").distinct().count()),
            self.figure("destruction.copies", _lazy("Số bản đã tiêu hủy (theo biên bản tiêu hủy)"), destroyed),
            self.figure("destruction.emergency", _lazy("Tiêu hủy khẩn cấp: số bản"), emergency),
            self.figure("destruction.emergency_unreported",
                        _lazy("trong đó chưa báo cáo người đứng đầu đến cuối kỳ"),
                        emergency.filter(Q(report_sent_on__isnull=True) | Q(report_sent_on__gt=self.to_day))),
            self.figure("recalls.decided", _lazy("Quyết định thu hồi tài liệu"),
                        recalls.filter(decided_on__range=self.days)),
            self.figure("recalls.completed", _lazy("Thu hồi đủ trong kỳ"), recalls.filter(completed_on__range=self.follow)),
            self.figure("recalls.open", _lazy("Thu hồi chưa xong đến cuối kỳ"),
                        recalls.filter(decided_on__lte=self.date_to)
                        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=self.to_day))),
        ])

    def stocktakes(self) -> Group:
        takes = StockTake.objects.filter(unit_id__in=self.units, as_of__range=self.days,
                                         started_at__lte=self.as_of)
        signed = takes.filter(status=StockTakeStatus.SIGNED, signed_at__lte=self.as_of)
        lines = StockTakeLine.objects.filter(stock_take__in=signed, copy__item__in=self.visible)
        return Group("stocktakes", _("Kiểm kê"), [
            Figure("stocktakes.held", str(_lazy("Cuộc kiểm kê đã ký biên bản")), value=signed.count()),
            Figure("stocktakes.open", str(_lazy("Cuộc kiểm kê chưa ký biên bản")),
                   value=takes.count() - signed.count()),
            self.figure("stocktakes.checked", _lazy("Số bản đã kiểm kê"), lines, level_field="copy__item__level"),
            self.figure("stocktakes.missing", _lazy("Số bản không xuất trình được (phát hiện qua kiểm kê)"),
                        lines.filter(presented=False), level_field="copy__item__level"),
        ])

    def incidents(self) -> Group:
        incidents = Incident.objects.filter(unit_id__in=self.units, opened_at__gte=self.start, opened_at__lt=self.end,
                                            item__in=self.visible)
        reported = incidents.filter(reported_on__lte=self.to_day)
        return Group("incidents", _("Vụ việc lộ, mất bí mật nhà nước"), [
            self.figure("incidents.loss", _lazy("Vụ việc mất"), incidents.filter(kind=IncidentKind.LOSS)),
            self.figure("incidents.leak", _lazy("Vụ việc lộ"), incidents.filter(kind=IncidentKind.LEAK)),
            self.figure("incidents.stocktake", _lazy("trong đó phát hiện qua kiểm kê"),
                        incidents.filter(stock_take__isnull=False)),
            self.figure("incidents.reported", _lazy("Đã báo cáo cấp có thẩm quyền"), reported),
            self.figure("incidents.unreported", _lazy("Chưa báo cáo đến cuối kỳ"), incidents.exclude(pk__in=reported)),
            self.figure("incidents.closed", _lazy("Đã xử lý xong, kết thúc"),
                        incidents.filter(closed_on__lte=self.to_day)),
        ])

    def register_volumes(self) -> Group:
        volumes = Register.objects.filter(unit_id__in=self.units, opened_on__lte=self.to_day).exclude(
            closed_on__lt=self.date_from)
        in_use = dict(volumes.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
        closed = dict(volumes.filter(closed_on__range=self.follow).values("kind").annotate(n=Count("pk"))
                      .values_list("kind", "n"))
        figures = []
        for kind in RegisterKind:
            figures.append(Figure(f"registers.{kind.value}", str(kind.label), value=in_use.get(kind.value, 0)))
            figures.append(Figure(f"registers.{kind.value}.closed", str(_lazy("trong đó đã khóa trong kỳ")),
                                  value=closed.get(kind.value, 0)))
        return Group("registers", _("Sổ sách quản lý bí mật nhà nước (số quyển sử dụng trong kỳ)"), figures)


def figures(person, unit, year: int, *, as_of: dt.datetime | None = None) -> AnnualFigures:
    """Every figure of `unit`'s report for `year`, as `person` may see them, as of `as_of` (now)."""
    as_of = as_of or timezone.now()
    counter = _Counter(person, unit, year, as_of)
    all_levels = [lv for lv in LEVELS]
    names = list(selectors.vi_ordered(Unit.objects.filter(pk__in=counter.units - {unit.pk})).values_list("name",
                                                                                                       flat=True))
    result = AnnualFigures(unit=unit, year=year, date_from=counter.date_from, date_to=counter.date_to, as_of=as_of,
                           levels=counter.levels, hidden_levels=[lv for lv in all_levels if lv not in counter.levels],
                           unit_names=[unit.name, *names])
    result.groups = [counter.documents(), counter.handling(), counter.periods(), counter.destruction(),
                     counter.stocktakes(), counter.incidents(), counter.register_volumes()]
    return result
