""""What needs action" (Việc cần làm), beyond the classification and delivery queues of
queues.py: every lifecycle area's own queues for one person, and a summary per unit for
the people who keep that unit's registers (its leader, deputies, security officer, clerk).

Each area module exposes `queues(person, on) -> list[Queue]` (what waits for that person,
from what they may see) and a row template `records/queue_rows/<key>.html`. The per-unit
summary counts, for each unit the person keeps, what is due or overdue there; every count
that concerns items counts only items the person may see (existence stays hidden)."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Callable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bmnn.records.models import ItemStatus, Notice, NoticeStatus, SecretItem
from bmnn.records.services.permissions import units_kept_by
from bmnn.records.services.queues import Queue
from bmnn.rulebook import loader

# The lifecycle areas, in the order their sections appear.
AREA_MODULES = [
    "bmnn.records.services.periods",
    "bmnn.records.services.declass",
    "bmnn.records.services.notices",
    "bmnn.records.services.carryout",
    "bmnn.records.services.provision",
    "bmnn.records.services.recall",
    "bmnn.records.services.destruction",
    "bmnn.records.services.meetings",
]

# Section titles and the line shown when a queue is empty, by queue key.
TITLES: dict[str, tuple[str, str]] = {
    "periods_expiring": (_("Tài liệu sắp hết thời hạn bảo vệ (xem xét gia hạn)"),
                         _("Không có tài liệu nào sắp hết thời hạn bảo vệ.")),
    "declass_to_decide": (_("Hội đồng giải mật đã có biên bản, chờ bạn quyết định"),
                          _("Không có hội đồng giải mật nào chờ bạn quyết định.")),
    "notices_to_send": (_("Thông báo phải gửi cho nơi đang giữ tài liệu"), _("Không có thông báo nào chờ gửi.")),
    "notices_to_acknowledge": (_("Thông báo chờ bạn xác nhận, ghi nhận trên bản"),
                               _("Không có thông báo nào chờ xác nhận.")),
    "carryout_to_decide": (_("Đề nghị mang tài liệu ra khỏi nơi lưu giữ chờ bạn quyết định"),
                           _("Không có đề nghị nào chờ bạn.")),
    "carryout_to_return": (_("Tài liệu đang mang ra ngoài, phải nộp lại và báo cáo"),
                           _("Không có tài liệu nào đang mang ra.")),
    "carryout_overdue": (_("Mang ra quá hạn chưa nộp lại"), _("Không có việc mang ra nào quá hạn.")),
    "provision_decisions": (_("Đề nghị cung cấp, chuyển giao chờ quyết định"), _("Không có đề nghị nào chờ.")),
    "provision_deliveries": (_("Đã quyết định cung cấp, chờ giao"), _("Không có việc giao nào chờ.")),
    "provision_receipts": (_("Đã giao cho nơi ngoài hệ thống, chờ ghi giấy biên nhận"),
                           _("Không có biên nhận nào chờ ghi.")),
    "recall_returns": (_("Tài liệu thu hồi chờ nộp lại"), _("Không có tài liệu thu hồi nào chờ nộp lại.")),
    "recall_overdue": (_("Thu hồi quá hạn"), _("Không có thu hồi nào quá hạn.")),
    "recall_to_return": (_("Tài liệu thu hồi bạn phải nộp lại"), _("Bạn không phải nộp lại tài liệu nào.")),
    "recall_departures": (_("Cán bộ nghỉ việc, chuyển công tác chờ bàn giao, cam kết"),
                          _("Không có trường hợp nào chờ bàn giao.")),
    "destruction_to_decide": (_("Hồ sơ tiêu hủy chờ hội đồng, quyết định"), _("Không có hồ sơ tiêu hủy nào chờ.")),
    "destruction_to_sign": (_("Biên bản tiêu hủy chờ bạn ký"), _("Không có biên bản nào chờ bạn ký.")),
    "destruction_emergency_reports": (_("Tiêu hủy khẩn cấp chưa báo cáo người đứng đầu"),
                                      _("Không có báo cáo nào còn thiếu.")),
    "meetings_to_approve": (_("Hội nghị, cuộc họp chờ bạn đồng ý sử dụng nội dung BMNN"),
                            _("Không có hội nghị nào chờ bạn.")),
    "meetings_unrecovered": (_("Hội nghị đã kết thúc, tài liệu chưa thu hồi đủ"),
                             _("Không có tài liệu nào chưa thu hồi.")),
    "meetings_seals_due": (_("Phòng họp chưa niêm phong cuối ngày"), _("Không có phòng họp nào chờ niêm phong.")),
}


@dataclass
class Section:
    queue: Queue
    title: str
    empty: str

    @property
    def row_template(self) -> str:
        return f"records/queue_rows/{self.queue.key}.html"


def area_queues(person, on: dt.date) -> list[Section]:
    sections = []
    for module in AREA_MODULES:
        for queue in importlib.import_module(module).queues(person, on):
            title, empty = TITLES.get(queue.key, (queue.key, ""))
            sections.append(Section(queue=queue, title=str(title), empty=str(empty)))
    return sections


# --- Per unit -------------------------------------------------------------------------------

LIVE = (ItemStatus.CLASSIFIED, ItemStatus.ISSUED, ItemStatus.RECEIVED)


def _days(key: str, on: dt.date, default: int) -> int:
    regime = loader.regime_on(on)
    rule = regime.deadlines.get(key) if regime else None
    return rule.days if rule else default


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    count: Callable  # count(unit_ids, visible_items, on) -> int
    urgent: bool = False


def _expiring(units, visible, on):
    horizon = on + dt.timedelta(days=_days("expiry_alert", on, 60))
    return SecretItem.objects.filter(holding_unit_id__in=units, status__in=LIVE, protection_until__gte=on,
                                     protection_until__lte=horizon, pk__in=visible).count()


def _extension_window(units, visible, on):
    # The last day to decide an extension is 60 days before expiry: warn while there is still time.
    before = _days("extension_before_expiry", on, 60)
    alert = _days("expiry_alert", on, 60)
    first, last = on + dt.timedelta(days=before), on + dt.timedelta(days=before + alert)
    return SecretItem.objects.filter(holding_unit_id__in=units, status__in=LIVE, protection_until__gte=first,
                                     protection_until__lte=last, pk__in=visible).count()


def _notices(units, visible, on, **filters):
    return Notice.objects.filter(item__holding_unit_id__in=units, item__in=visible, **filters).count()


def _carryouts_overdue(units, visible, on):
    from bmnn.records.models.carryout import CarryOut, CarryOutStatus

    return CarryOut.objects.filter(unit_id__in=units, status=CarryOutStatus.APPROVED, returns_by__lt=on,
                                   item__in=visible).count()


def _recalls_overdue(units, visible, on):
    from bmnn.records.models.recall import RecallLine

    return RecallLine.objects.filter(recall__item__holding_unit_id__in=units, recall__item__in=visible,
                                     returned_on__isnull=True, recall__return_by__lt=on).count()


def _departures(units, visible, on):
    from bmnn.records.models.recall import Departure

    return Departure.objects.filter(unit_id__in=units, completed_on__isnull=True).count()


def _emergency_reports(units, visible, on):
    from bmnn.records.models.destruction import EmergencyDestruction

    return EmergencyDestruction.objects.filter(unit_id__in=units, report_sent_on__isnull=True,
                                               item__in=visible).count()


def _unrecovered(units, visible, on):
    from bmnn.records.models.meetings import HandoutStatus, MeetingHandout

    return MeetingHandout.objects.filter(meeting__organising_unit_id__in=units, status=HandoutStatus.OUT,
                                         meeting__end_date__lt=on, copy__item__in=visible).count()


MEASURES = [
    Measure("expiring", _("Hết thời hạn bảo vệ trong 60 ngày"), _expiring, urgent=True),
    Measure("extension_window", _("Sắp hết hạn quyết định gia hạn (hết hạn bảo vệ sau 60–120 ngày)"),
            _extension_window),
    Measure("notices_due", _("Thông báo chưa gửi"), lambda u, v, on: _notices(u, v, on, status=NoticeStatus.DUE)),
    Measure("notices_overdue", _("Thông báo quá hạn chưa gửi"),
            lambda u, v, on: _notices(u, v, on, status=NoticeStatus.DUE, due_on__lt=on), urgent=True),
    Measure("acknowledgements", _("Thông báo đã gửi, chờ nơi nhận xác nhận"),
            lambda u, v, on: _notices(u, v, on, status=NoticeStatus.SENT)),
    Measure("carryouts_overdue", _("Mang ra quá hạn chưa nộp lại"), _carryouts_overdue, urgent=True),
    Measure("recalls_overdue", _("Thu hồi quá hạn chưa nộp lại"), _recalls_overdue, urgent=True),
    Measure("departures", _("Cán bộ nghỉ việc, chuyển công tác chưa bàn giao xong"), _departures),
    Measure("emergency_reports", _("Tiêu hủy khẩn cấp chưa báo cáo"), _emergency_reports, urgent=True),
    Measure("unrecovered", _("Tài liệu hội nghị chưa thu hồi"), _unrecovered, urgent=True),
]


@dataclass
class UnitSummary:
    unit: object
    counts: list[tuple[Measure, int]]

    @property
    def total(self) -> int:
        return sum(n for _m, n in self.counts)


def unit_summaries(person, on: dt.date) -> list[UnitSummary]:
    """For each unit whose registers the person keeps (and the units below it, counted
    with it), how many things are due or overdue — only what the person may see."""
    kept = units_kept_by(person, on)
    if not kept:
        return []
    from bmnn.org.models import Unit

    visible = SecretItem.objects.visible_to(person, on).values("pk")
    summaries = []
    for unit in kept:
        if unit.parent_id in {u.pk for u in kept}:
            continue  # counted with the unit above it
        units = list(Unit.objects.descendant_ids({unit.pk}))
        summaries.append(UnitSummary(unit=unit, counts=[(m, m.count(units, visible, on)) for m in MEASURES]))
    return summaries
