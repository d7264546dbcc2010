"""Written notices a decision owes to the holders of an item (Law 2018 Arts. 20.4, 21,
22.3, 22.6): created with the decision, sent by the classifying body's registry within
the rulebook's deadline (15 days; "immediately" for removal from the list), acknowledged
by each holder, whose copies then carry the change.

Who the holders are: every person holding a copy, every other unit of the installation
holding one, and every unit, person or outside body named among the item's recipients. The classifying
body's own storage is not notified: it records the change with the decision itself.

What acknowledging changes depends on the decision (an adjustment re-marks the holder's
copies with the new level…): the area that issues the notice registers a handler with
`on_acknowledged(act)`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.errors import Refused
from bmnn.core.text import nfc
from bmnn.org.models import Unit
from bmnn.records.models import Copy, CopyStatus, Notice, NoticeAct, NoticeStatus, Recipient, SecretItem
from bmnn.records.services import tick
from bmnn.records.services.permissions import is_register_keeper, require_register_keeper, units_kept_by
from bmnn.records.services.queues import Queue, _bounded
from bmnn.rulebook import loader

LIVE_COPY = (CopyStatus.HELD, CopyStatus.OUT, CopyStatus.IN_TRANSIT)

_HANDLERS: dict[str, Callable] = {}


def on_acknowledged(act: str):
    """Register `fn(notice, actor, on)`, run in the acknowledging transaction."""

    def register(fn):
        _HANDLERS[act] = fn
        return fn

    return register


@dataclass
class Holder:
    unit: Unit | None = None
    person: object | None = None
    external: str = ""
    copies: list[Copy] = field(default_factory=list)


def holders_of(item: SecretItem) -> list[Holder]:
    """Who must be told of a decision on `item`, with the copies each holds."""
    by_person: dict[int, Holder] = {}
    by_unit: dict[int, Holder] = {}
    for copy in (Copy.objects.filter(item=item, status__in=LIVE_COPY)
                 .select_related("custodian_person", "custodian_unit").order_by("origin", "number")):
        if copy.custodian_person_id:
            by_person.setdefault(copy.custodian_person_id, Holder(person=copy.custodian_person)).copies.append(copy)
        elif copy.custodian_unit_id != item.holding_unit_id:
            by_unit.setdefault(copy.custodian_unit_id, Holder(unit=copy.custodian_unit)).copies.append(copy)
    # The recipients named in "Nơi nhận" are relevant parties even without a copy in the
    # system (an activity has none; an outside body's copy is not tracked here).
    outside = []
    for recipient in Recipient.objects.filter(item=item).select_related("unit", "person").order_by("pk"):
        if recipient.unit_id and recipient.unit_id != item.holding_unit_id:
            by_unit.setdefault(recipient.unit_id, Holder(unit=recipient.unit))
        elif recipient.person_id:
            by_person.setdefault(recipient.person_id, Holder(person=recipient.person))
        elif recipient.external_name and recipient.external_name not in {h.external for h in outside}:
            outside.append(Holder(external=recipient.external_name))
    return [*by_unit.values(), *by_person.values(), *outside]


def deadline(key: str, on: dt.date):
    """The rulebook's deadline `key` in force on `on` (Deadline rule: days, citation)."""
    regime = loader.regime_on(on)
    return regime.deadlines[key] if regime is not None else None


def issue_notices(actor, item: SecretItem, *, act: str, act_id: int, decided_on: dt.date,
                  deadline_key: str) -> list[Notice]:
    """Create the notices a decision owes, due `days` after it (0 = the same day). Call
    inside the decision's transaction; one ledger event records them all."""
    rule = deadline(deadline_key, decided_on)
    due_on = decided_on + dt.timedelta(days=rule.days if rule else 0)
    notices = []
    for holder in holders_of(item):
        notice = Notice.objects.create(
            item=item, act=act, act_id=act_id, decided_on=decided_on, recipient_unit=holder.unit,
            recipient_person=holder.person, recipient_external=holder.external, due_on=due_on,
            deadline_basis=rule.citation if rule else "")
        if holder.copies:
            notice.copies.set(holder.copies)
        notices.append(notice)
    if notices:
        ledger.record_event(
            "records.notice.issue", actor=actor, unit=item.holding_unit, obj=item,
            description=f"Lập {len(notices)} thông báo {NoticeAct(act).label.lower()} {item.label}, "
                        f"hạn gửi {due_on:%d/%m/%Y}",
            payload={"act": act, "act_id": act_id, "notices": [n.pk for n in notices], "due_on": due_on,
                     "basis": rule.citation if rule else ""})
    return notices


def _locked(notice: Notice) -> Notice:
    return (Notice.objects.select_for_update(of=("self",))
            .select_related("item", "item__holding_unit", "recipient_unit", "recipient_person").get(pk=notice.pk))


def _state_refusal(notice: Notice, expected: str) -> Refused:
    return Refused(_("Thông báo này đang ở trạng thái «%(status)s», không phải «%(expected)s».")
                   % {"status": notice.get_status_display(), "expected": NoticeStatus(expected).label},
                   rule="notices.state", basis=notice.deadline_basis)


def send_notice(actor, notice: Notice, *, reference: str, sent_on: dt.date) -> Notice:
    """The registry of the classifying body sends the written notice (its number recorded).
    Late is allowed — the notice must still go — but recorded as late."""
    reference = nfc(reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Cần ghi số, ký hiệu văn bản thông báo.")})
    with transaction.atomic():
        notice = _locked(notice)
        if notice.status != NoticeStatus.DUE:
            raise _state_refusal(notice, NoticeStatus.DUE)
        require_register_keeper(actor, notice.item.holding_unit, sent_on)
        if sent_on < notice.decided_on:
            raise ValidationError({"sent_on": _("Ngày gửi không được trước ngày quyết định (%(date)s).")
                                   % {"date": f"{notice.decided_on:%d/%m/%Y}"}})
        notice.status, notice.reference, notice.sent_on, notice.sent_by = NoticeStatus.SENT, reference, sent_on, actor
        notice.sent_late = sent_on > notice.due_on
        notice.save(update_fields=["status", "reference", "sent_on", "sent_by", "sent_late"])
        ledger.record_event(
            "records.notice.send", actor=actor, unit=notice.item.holding_unit, obj=notice,
            description=f"Gửi thông báo {reference} ({notice.get_act_display().lower()} {notice.item.label}) "
                        f"tới {notice.recipient_name}" + (" — quá hạn" if notice.sent_late else ""),
            payload={"item": notice.item_id, "act": notice.act, "reference": reference, "sent_on": sent_on,
                     "due_on": notice.due_on, "late": notice.sent_late, "basis": notice.deadline_basis})
    return notice


def may_acknowledge(person, notice: Notice, on: dt.date) -> bool:
    if notice.recipient_person_id:
        return notice.recipient_person_id == person.pk
    unit = notice.recipient_unit if notice.recipient_unit_id else notice.item.holding_unit
    # An outside body's acknowledgement arrives on paper; the sending registry records it.
    return is_register_keeper(person, unit, on)


def acknowledge_notice(actor, notice: Notice, *, on: dt.date, acknowledgement: str = "") -> Notice:
    """The holder confirms the notice and that the change is stamped or recorded on their copies."""
    acknowledgement = nfc(acknowledgement or "").strip()
    with transaction.atomic():
        notice = _locked(notice)
        if notice.status != NoticeStatus.SENT:
            raise _state_refusal(notice, NoticeStatus.SENT)
        if not may_acknowledge(actor, notice, on):
            raise Refused(_("Chỉ người nhận thông báo (hoặc văn thư, cán bộ bảo mật, lãnh đạo của đơn vị nhận) mới "
                            "xác nhận thông báo này và ghi nhận trên bản mình giữ."),
                          rule="notices.acknowledge_by_holder", basis=notice.deadline_basis)
        if on < notice.sent_on:
            raise ValidationError({"on": _("Ngày xác nhận không được trước ngày gửi (%(date)s).")
                                   % {"date": f"{notice.sent_on:%d/%m/%Y}"}})
        notice.status, notice.acknowledged_on, notice.acknowledged_by = NoticeStatus.ACKNOWLEDGED, on, actor
        notice.acknowledgement = acknowledgement
        notice.save(update_fields=["status", "acknowledged_on", "acknowledged_by", "acknowledgement"])
        handler = _HANDLERS.get(notice.act)
        if handler:
            handler(notice, actor, on)
        ledger.record_event(
            "records.notice.acknowledge", actor=actor, unit=notice.recipient_unit or notice.item.holding_unit,
            obj=notice, description=f"{notice.recipient_name} xác nhận thông báo {notice.reference} "
                                    f"({notice.get_act_display().lower()} {notice.item.label})",
            payload={"item": notice.item_id, "act": notice.act, "on": on,
                     "copies": list(notice.copies.values_list("pk", flat=True))})
    return notice


def notices_of(item: SecretItem, act: str | None = None, act_id: int | None = None):
    qs = Notice.objects.filter(item=item).select_related("recipient_unit", "recipient_person", "sent_by",
                                                         "acknowledged_by")
    if act:
        qs = qs.filter(act=act)
    if act_id is not None:
        qs = qs.filter(act_id=act_id)
    return qs


def visible_notices(person, on: dt.date):
    """Notices of items the person may see, or addressed to them or to a unit whose registers they keep."""
    kept = [u.pk for u in units_kept_by(person, on)]
    visible_items = SecretItem.objects.visible_to(person, on).values("pk")
    return (Notice.objects.filter(Q(item__in=visible_items) | Q(recipient_person=person)
                                  | Q(recipient_unit_id__in=kept))
            .select_related("item", "item__holding_unit", "recipient_unit", "recipient_person"))


def get_notice_or_404(person, pk: int, on: dt.date) -> Notice:
    notice = visible_notices(person, on).filter(pk=pk).first()
    if notice is None:
        raise Http404(_("Không tìm thấy."))
    return notice


def queues(person, on: dt.date) -> list[Queue]:
    """Notices to send (the registry of the classifying body), to acknowledge (the holder)."""
    kept = [u.pk for u in units_kept_by(person, on)]
    to_send = Notice.objects.filter(status=NoticeStatus.DUE, item__holding_unit_id__in=kept)
    to_ack = Notice.objects.filter(status=NoticeStatus.SENT).filter(
        Q(recipient_person=person) | Q(recipient_unit_id__in=kept)
        | Q(recipient_person__isnull=True, recipient_unit__isnull=True, item__holding_unit_id__in=kept))
    related = ("item", "recipient_unit", "recipient_person")
    return [_bounded("notices_to_send", to_send.select_related(*related).order_by("due_on", "pk")),
            _bounded("notices_to_acknowledge", to_ack.select_related(*related).order_by("sent_on", "pk"))]


@tick.step("notices.overdue", "Đánh dấu thông báo quá hạn chưa gửi", order=50)
def flag_overdue(on: dt.date, progress=None) -> int:
    """A notice not sent by its due date is flagged once, with its ledger event."""
    late = Notice.objects.filter(status=NoticeStatus.DUE, due_on__lt=on, overdue_flagged_on__isnull=True)
    changed = 0
    for ids in tick.batches(late):
        with transaction.atomic():
            for notice in Notice.objects.filter(pk__in=ids, overdue_flagged_on__isnull=True).select_related(
                    "item", "item__holding_unit", "recipient_unit", "recipient_person"):
                notice.overdue_flagged_on = on
                notice.save(update_fields=["overdue_flagged_on"])
                ledger.record_event(
                    "records.notice.overdue", unit=notice.item.holding_unit, obj=notice,
                    description=f"Quá hạn gửi thông báo {notice.get_act_display().lower()} {notice.item.label} "
                                f"tới {notice.recipient_name} (hạn {notice.due_on:%d/%m/%Y})",
                    payload={"item": notice.item_id, "due_on": notice.due_on, "on": on,
                             "basis": notice.deadline_basis})
                changed += 1
        if progress:
            progress(len(ids))
    return changed


def pending_by_act(item: SecretItem) -> dict[str, int]:
    """How many notices of each act are not yet acknowledged (the item page's summary)."""
    counts: dict[str, int] = defaultdict(int)
    for act in Notice.objects.filter(item=item).exclude(status=NoticeStatus.ACKNOWLEDGED).values_list("act",
                                                                                                        flat=True):
        counts[act] += 1
    return dict(counts)
