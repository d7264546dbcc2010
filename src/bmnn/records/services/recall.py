"""Recall (thu hồi) and departures of custodians (legal-rules.md §4.12, rules F8, F9).

Recall (F9, Decree 26/2020 Art. 4.4; Law 2018 Art. 25.4):

1. `decide_recall`: the head of the body managing the secret (the rulebook's act
   `recall`, on the decision date) marks the item "TÀI LIỆU THU HỒI" with a return date
   not before the decision. One line per holder of a copy outside the holding unit's own
   storage: each custodian person, each other unit (sub-units included: their storage is
   not the holding unit's).
2. `return_line`: the holder's copies come back into the holding unit's storage; the
   holding unit's văn thư or cán bộ bảo mật receives them and signs with password or TOTP
   (the delivery receipt's signature, reused). When every line is back the recall is done.
3. `flag_overdue` (a `bmnn tick` step): a line still out after its return date is flagged
   once, with its ledger event; `queues` lists what is waiting or late.

Electronic documents (ItemKind.ELECTRONIC) are recalled the same way: each holder's copy
in the system is a Copy with its custodian, and "returning" it withdraws it from the
holder (custody back to the holding unit), confirmed by the keeper's signature; the
ledger names it a withdrawal (rút bản điện tử) — Decree 63/2026 adds electronic recall (◐).

Departures (F8, Law 2018 Art. 25.4, 26.2.d):

1. `record_departure`: the person's head or cán bộ bảo mật records that they leave,
   move, retire or died (kind, effective date). The departure lists every copy they hold.
2. `hand_over`: each copy goes to a named receiver — the receiver is the one who signs
   (password or TOTP): either kept by the receiver (who must be cleared to receive that
   level there), or put into the unit's storage by its văn thư / cán bộ bảo mật.
3. `record_commitment`: the departing person's written commitment to protect the secrets
   they managed (reference, date). For a death the head records instead the recall of
   what the person held (biên bản thu hồi: reference, date), under the act `recall`.
4. `departure_guard` (registered in org.guards): an account is not locked, a post not
   ended, while the person holds copies, or has held copies since their last departure
   whose commitment is recorded.

Every act checks its input, visibility (hidden = 404) and authority, then writes its
change and ledger event in one transaction. Reasons go to the ledger only as hashes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import get_visible_or_404, today
from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label, rank
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.org.models import Person, Role, Tenure, Unit
from bmnn.records.models import (Copy, CopyStatus, CustodyRecord, Departure, DepartureKind, Handover,
                                 HandoverDestination, ItemKind, ItemStatus, Recall, RecallLine, RecallStatus,
                                 SecretItem)
from bmnn.records.models.recall import RECALL_STAMP
from bmnn.records.services import custody, tick
from bmnn.records.services.delivery import _verify_signature as verify_signature
from bmnn.rulebook import authority, loader
from bmnn.rulebook.citations import carried_over, cite

ACT = "recall"
RECALLABLE = (ItemStatus.ISSUED, ItemStatus.RECEIVED)
# Copies a person answers for until handed over: a missing copy is an incident, not a handover.
HELD = (CopyStatus.HELD, CopyStatus.OUT, CopyStatus.IN_TRANSIT)
KEEPERS = (Role.CLERK, Role.SECURITY_OFFICER)
RECORDERS = (Role.LEADER, Role.SECURITY_OFFICER)


# --- Citations, from the regime's own text table ---------------------------------------------

def _cite(on: dt.date, text_code: str, article: str) -> str:
    citation = cite(on, text_code, article)
    # Under the 2026 regime the 2018 texts apply on until the new ones are read (◐).
    if carried_over(on) and text_code in ("LAW_2018", "DECREE_26_2020"):
        citation += " (áp dụng tiếp; ◐ chưa xác minh theo Luật 2025, Nghị định 63/2026)"
    return citation


def stamp_basis(on: dt.date) -> str:
    """Rule F9: items stamped "Tài liệu thu hồi" are returned by the date on them."""
    return _cite(on, "DECREE_26_2020", "Điều 4 khoản 4")


def departure_basis(on: dt.date) -> str:
    """Rule F8: the head organises the recall when a custodian leaves; the custodian hands over
    and commits to protect what they managed."""
    return _cite(on, "LAW_2018", "Điều 25 khoản 4, Điều 26 khoản 2 điểm d")


# --- Recall ------------------------------------------------------------------------------------

def _outside(item: SecretItem):
    """Copies not in the holding unit's own storage (and not destroyed)."""
    return (Copy.objects.filter(item=item).exclude(status=CopyStatus.DESTROYED)
            .exclude(custodian_unit_id=item.holding_unit_id).order_by("origin", "number"))


def open_recall(item) -> Recall | None:
    return Recall.objects.filter(item=item, status=RecallStatus.OPEN).first()


def may_decide(person, item, on: dt.date) -> bool:
    return (item.status in RECALLABLE and open_recall(item) is None
            and authority.authorize(person, ACT, item.level, item.holding_unit, on=on).allowed)


def decide_recall(head, item: SecretItem, *, reference: str, return_by: dt.date, reason: str = "",
                  on: dt.date) -> Recall:
    """Mark the item "TÀI LIỆU THU HỒI" with its return date; one line per holder outside storage."""
    reference, reason = nfc(reference or "").strip(), nfc(reason or "").strip()
    errors = {}
    if not reference:
        errors["reference"] = _("Cần ghi số, ký hiệu quyết định thu hồi.")
    if return_by is None:
        errors["return_by"] = _("Cần ghi hạn trả lại.")
    elif return_by < on:
        errors["return_by"] = _("Hạn trả lại (%(return_by)s) không được trước ngày quyết định thu hồi (%(on)s).") % {
            "return_by": format_date(return_by), "on": format_date(on)}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        get_visible_or_404(SecretItem.objects.all(), head, pk=item.pk)
        # Locked: two heads deciding at once must not open two recalls of one item.
        item = SecretItem.objects.select_for_update(of=("self",)).select_related("holding_unit").get(pk=item.pk)
        decision = authority.authorize(head, ACT, item.level, item.holding_unit, on=on).require()
        if item.status not in RECALLABLE:
            raise Refused(_("Tài liệu %(reference)s đang ở trạng thái «%(status)s»: chỉ thu hồi tài liệu đã phát "
                            "hành hoặc đã nhận.") % {"reference": item.label, "status": item.get_status_display()},
                          rule="F9.state", basis=stamp_basis(on))
        if open_recall(item) is not None:
            raise Refused(_("Tài liệu %(reference)s đang được thu hồi theo một quyết định chưa thu hồi đủ.")
                          % {"reference": item.label}, rule="F9.open", basis=stamp_basis(on))
        holders: dict[tuple[str, int], list[Copy]] = {}
        for copy in _outside(item):
            key = ("person", copy.custodian_person_id) if copy.custodian_person_id else ("unit", copy.custodian_unit_id)
            holders.setdefault(key, []).append(copy)
        if not holders:
            raise Refused(_("Mọi bản của %(reference)s đang ở nơi lưu giữ của %(unit)s; không có bản nào phải thu "
                            "hồi.") % {"reference": item.label, "unit": item.holding_unit.name},
                          rule="F9.nothing_out", basis=stamp_basis(on))
        recall = Recall.objects.create(item=item, reference=reference, decided_by=head, decided_on=on,
                                       return_by=return_by, reason=reason, authority_basis=decision.basis)
        for (kind, pk), copies in holders.items():
            line = RecallLine.objects.create(recall=recall, holder_person_id=pk if kind == "person" else None,
                                             holder_unit_id=pk if kind == "unit" else None)
            line.copies.set(copies)
        ledger.record_event(
            "records.recall.decide", actor=head, unit=item.holding_unit, obj=recall,
            description=f"Quyết định thu hồi {reference}: {label(item.level)} {item.reference} «{RECALL_STAMP}», "
                        f"trả lại trước ngày {return_by:%d/%m/%Y} ({len(holders)} nơi giữ)",
            payload={"item": item.pk, "reference": reference, "return_by": return_by, "on": on,
                     "reason": ledger.secret_hash(reason) if reason else "", "electronic": item.kind == ItemKind.ELECTRONIC,
                     "holders": [f"{k}:{pk}" for (k, pk) in holders],
                     "copies": sorted(c.pk for cs in holders.values() for c in cs),
                     "rule": decision.rule, "basis": decision.basis, "position": decision.position_id})
    return recall


def _require_keeper(receiver, item: SecretItem, on: dt.date) -> None:
    """The holding unit's văn thư or cán bộ bảo mật, entitled to receive that level there."""
    if not selectors.holds_role(receiver, KEEPERS, [item.holding_unit_id], on):
        rule = loader.regime_on(on).act("receive").performed_by
        raise Refused(_("%(name)s không phải văn thư hoặc cán bộ bảo mật của %(unit)s, nên không được nhận lại "
                        "tài liệu thu hồi vào nơi lưu giữ của đơn vị.")
                      % {"name": receiver.full_name, "unit": item.holding_unit.name},
                      rule="F9.receiver", basis=f"{rule.citation}; {stamp_basis(on)}")
    authority.authorize(receiver, "receive", item.level, item.holding_unit, on=on).require()


def may_receive_return(person, recall: Recall, on: dt.date) -> bool:
    try:
        _require_keeper(person, recall.item, on)
    except Refused:
        return False
    return recall.status == RecallStatus.OPEN


def return_line(receiver, line: RecallLine, *, password: str | None = None, code: str | None = None,
                storage_place: str = "", on: dt.date) -> RecallLine:
    """The holder's copies come back into the holding unit's storage, signed for by its keeper."""
    storage_place = nfc(storage_place or "").strip()
    with transaction.atomic():
        line = (RecallLine.objects.select_for_update(of=("self",))
                .select_related("recall", "holder_person", "holder_unit").get(pk=line.pk))
        recall = Recall.objects.select_for_update().get(pk=line.recall_id)
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), receiver, pk=recall.item_id)
        _require_keeper(receiver, item, on)
        if line.returned_on is not None:
            raise Refused(_("%(holder)s đã trả lại ngày %(on)s.") % {"holder": line.holder_name,
                                                                    "on": format_date(line.returned_on)},
                          rule="F9.returned", basis=stamp_basis(on))
        if on < recall.decided_on:
            raise ValidationError({"returned_on": _("Ngày trả lại không được trước ngày quyết định thu hồi.")})
        copies = list(line.copies.select_for_update().exclude(status=CopyStatus.DESTROYED).order_by("number"))
        stuck = [c for c in copies if c.status not in (CopyStatus.HELD, CopyStatus.OUT)
                 and c.custodian_unit_id != item.holding_unit_id]
        if stuck:
            raise Refused(_("Bản số %(numbers)s đang ở trạng thái «%(status)s», chưa thể ghi trả lại.")
                          % {"numbers": ", ".join(f"{c.number:02d}" for c in stuck),
                             "status": stuck[0].get_status_display()},
                          rule="F9.copy_state", basis=stamp_basis(on))
        method = verify_signature(receiver, password, code, on)
        moved = []
        for copy in copies:
            if copy.custodian_unit_id == item.holding_unit_id and copy.status == CopyStatus.HELD:
                continue  # already back by another act
            custody.move_copy(copy, to_unit=item.holding_unit, storage_place=storage_place, act="recall",
                              status=CopyStatus.HELD)
            moved.append(copy.number)
        line.returned_on, line.received_by, line.confirmed_with = on, receiver, method
        line.confirmed_at, line.storage_place = timezone.now(), storage_place
        line.save(update_fields=["returned_on", "received_by", "confirmed_with", "confirmed_at", "storage_place"])
        electronic = item.kind == ItemKind.ELECTRONIC
        verb = "Rút bản điện tử" if electronic else "Nhận lại"
        late = on > recall.return_by
        ledger.record_event(
            "records.recall.return", actor=receiver, unit=item.holding_unit, obj=line,
            description=f"{verb} {label(item.level)} {item.reference} (thu hồi {recall.reference}) từ "
                        f"{line.holder_name}" + (" – quá hạn" if late else ""),
            payload={"recall": recall.pk, "item": item.pk, "holder_person": line.holder_person_id,
                     "holder_unit": line.holder_unit_id, "copies": moved, "method": method, "late": late,
                     "electronic": electronic, "storage_place": storage_place, "on": on})
        if not recall.lines.filter(returned_on__isnull=True).exists():
            recall.status, recall.completed_on = RecallStatus.DONE, on
            recall.save(update_fields=["status", "completed_on"])
            ledger.record_event(
                "records.recall.complete", actor=receiver, unit=item.holding_unit, obj=recall,
                description=f"Đã thu hồi đủ {item.reference} theo quyết định {recall.reference}",
                payload={"item": item.pk, "on": on})
    return line


@tick.step("recall.overdue", "Đánh dấu tài liệu thu hồi quá hạn trả lại")
def flag_overdue(on: dt.date, progress=None) -> int:
    """Each line still out after its recall's return date is flagged once (rule F9)."""
    due = RecallLine.objects.filter(returned_on__isnull=True, overdue_flagged_on__isnull=True,
                                    recall__status=RecallStatus.OPEN, recall__return_by__lt=on)
    changed = 0
    for ids in tick.batches(due):
        with transaction.atomic():
            lines = (RecallLine.objects.select_for_update(of=("self",))
                     .filter(pk__in=ids, returned_on__isnull=True, overdue_flagged_on__isnull=True)
                     .select_related("recall", "recall__item", "recall__item__holding_unit", "holder_person",
                                     "holder_unit"))
            for line in lines:
                line.overdue_flagged_on = on
                line.save(update_fields=["overdue_flagged_on"])
                recall, item = line.recall, line.recall.item
                ledger.record_event(
                    "records.recall.overdue", actor=None, unit=item.holding_unit, obj=line,
                    description=f"Quá hạn trả lại {item.reference} (thu hồi {recall.reference}, hạn "
                                f"{recall.return_by:%d/%m/%Y}): {line.holder_name}",
                    payload={"recall": recall.pk, "item": item.pk, "return_by": recall.return_by, "on": on,
                             "basis": stamp_basis(on)})
                changed += 1
        if progress:
            progress(len(ids))
    return changed


def visible_recalls(person, on: dt.date | None = None):
    """Recalls of items the person may know of."""
    return (Recall.objects.filter(item__in=SecretItem.objects.visible_to(person, on or today()).values("pk"))
            .select_related("item", "item__holding_unit", "decided_by"))


def item_panel(person, item: SecretItem, on: dt.date) -> dict:
    """What the item page shows of recalls (the item is already visible to `person`)."""
    recalls = list(Recall.objects.filter(item=item).select_related("decided_by").order_by("-decided_on", "-pk"))
    current = next((r for r in recalls if r.status == RecallStatus.OPEN), None)
    return {"recalls": recalls, "current": current, "stamp": RECALL_STAMP,
            "overdue": current is not None and on > current.return_by,
            "may_decide": may_decide(person, item, on)}


# --- Departures ------------------------------------------------------------------------------------

def held_copies(person):
    """The copies `person` holds in their own custody and must hand over."""
    return Copy.objects.filter(custodian_person=person, status__in=HELD)


def open_departure(person) -> Departure | None:
    return Departure.objects.filter(person=person, completed_on__isnull=True).order_by("-recorded_at").first()


def _require_recorder(actor, unit: Unit, on: dt.date, what: str) -> None:
    if not selectors.holds_role(actor, RECORDERS, [unit.pk], on):
        raise Refused(_("Chỉ người đứng đầu hoặc cán bộ bảo mật của %(unit)s mới được %(what)s.")
                      % {"unit": unit.name, "what": what}, rule="F8.recorder", basis=departure_basis(on))


def may_record(person, unit: Unit, on: dt.date) -> bool:
    return selectors.holds_role(person, RECORDERS, [unit.pk], on)


def _departure_unit(person, unit, on: dt.date) -> Unit:
    ids = person.unit_ids_on(on)
    if unit is not None:
        if unit.pk not in ids:
            raise ValidationError({"unit": _("%(name)s không giữ chức vụ nào tại %(unit)s vào ngày %(on)s.")
                                           % {"name": person.full_name, "unit": unit.name, "on": format_date(on)}})
        return unit
    if len(ids) != 1:
        raise ValidationError({"unit": _("Chọn đơn vị (cán bộ giữ chức vụ ở không đúng một đơn vị vào ngày ghi "
                                         "nhận).")})
    return Unit.objects.get(pk=next(iter(ids)))


def record_departure(actor, person: Person, *, kind: str, effective_on: dt.date, unit: Unit | None = None,
                     note: str = "", on: dt.date) -> Departure:
    """The head or cán bộ bảo mật records that `person` leaves, moves, retires or died."""
    note = nfc(note or "").strip()
    errors = {}
    if kind not in DepartureKind.values:
        errors["kind"] = _("Chọn lý do: thôi việc, chuyển công tác, nghỉ hưu, từ trần…")
    if effective_on is None:
        errors["effective_on"] = _("Cần ghi ngày có hiệu lực.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        unit = _departure_unit(person, unit, on)
        _require_recorder(actor, unit, on, _("ghi nhận cán bộ thôi việc, chuyển công tác, nghỉ hưu, từ trần"))
        if open_departure(person) is not None:
            raise Refused(_("Việc thôi quản lý bí mật nhà nước của %(name)s đã được ghi nhận và chưa hoàn tất.")
                          % {"name": person.full_name}, rule="F8.open", basis=departure_basis(on))
        departure = Departure.objects.create(person=person, unit=unit, kind=kind, effective_on=effective_on,
                                             note=note, recorded_by=actor, recorded_at=timezone.now())
        copies = list(held_copies(person).values_list("pk", flat=True))
        ledger.record_event(
            "records.departure.record", actor=actor, unit=unit, obj=departure,
            description=f"{person.full_name}: {DepartureKind(kind).label.lower()} từ ngày {effective_on:%d/%m/%Y}; "
                        f"{len(copies)} bản phải bàn giao",
            payload={"person": person.pk, "kind": kind, "effective_on": effective_on, "copies": copies,
                     "note": ledger.secret_hash(note) if note else "", "on": on})
    return departure


def _complete_if_done(actor, departure: Departure, on: dt.date) -> None:
    if departure.completed_on is None and departure.commitment_recorded and not held_copies(
            departure.person_id).exists():
        departure.completed_on = on
        departure.save(update_fields=["completed_on"])
        ledger.record_event(
            "records.departure.complete", actor=actor, unit=departure.unit, obj=departure,
            description=f"Hoàn tất bàn giao bí mật nhà nước của {departure.person.full_name}",
            payload={"person": departure.person_id, "on": on})


def _require_open(departure: Departure, on: dt.date) -> None:
    if departure.completed_on is not None:
        raise Refused(_("Việc bàn giao của %(name)s đã hoàn tất ngày %(on)s.")
                      % {"name": departure.person.full_name, "on": format_date(departure.completed_on)},
                      rule="F8.closed", basis=departure_basis(on))


def _require_handover_receiver(receiver, departure: Departure, item: SecretItem, destination: str,
                               on: dt.date) -> None:
    if receiver.pk == departure.person_id:
        raise Refused(_("Người thôi quản lý không tự nhận bàn giao của chính mình."), rule="F8.receiver",
                      basis=departure_basis(on))
    if destination == HandoverDestination.STORAGE and not selectors.holds_role(receiver, KEEPERS,
                                                                              [departure.unit_id], on):
        raise Refused(_("Chỉ văn thư hoặc cán bộ bảo mật của %(unit)s mới nhận bàn giao vào nơi lưu giữ của đơn vị.")
                      % {"unit": departure.unit.name}, rule="F8.receiver", basis=departure_basis(on))
    authority.authorize(receiver, "receive", item.level, departure.unit, on=on).require()


def may_receive_handover(person, departure: Departure, copy: Copy, on: dt.date) -> bool:
    for destination in HandoverDestination.values:
        try:
            _require_handover_receiver(person, departure, copy.item, destination, on)
            return True
        except Refused:
            continue
    return False


def hand_over(receiver, departure: Departure, copy: Copy, *, destination: str, storage_place: str = "",
              password: str | None = None, code: str | None = None, on: dt.date) -> Handover:
    """One copy of the departing custodian goes to the receiver, who signs (password or TOTP)."""
    storage_place = nfc(storage_place or "").strip()
    if destination not in HandoverDestination.values:
        raise ValidationError({"destination": _("Chọn nơi nhận: người nhận giữ, hoặc nơi lưu giữ của đơn vị.")})
    with transaction.atomic():
        departure = (Departure.objects.select_for_update(of=("self",)).select_related("person", "unit")
                     .get(pk=departure.pk))
        copy = Copy.objects.select_for_update().get(pk=copy.pk)
        # The receiver must be someone who may know the item: otherwise it does not exist for them.
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), receiver, pk=copy.item_id)
        _require_open(departure, on)
        if copy.custodian_person_id != departure.person_id:
            raise Refused(_("%(copy)s không do %(name)s giữ.") % {"copy": copy, "name": departure.person.full_name},
                          rule="F8.not_held", basis=departure_basis(on), field="copy")
        if copy.status != CopyStatus.HELD:
            raise Refused(_("%(copy)s đang ở trạng thái «%(status)s»: phải đưa về (trả lại) trước khi bàn giao.")
                          % {"copy": copy, "status": copy.get_status_display()}, rule="F8.copy_state",
                          basis=departure_basis(on), field="copy")
        _require_handover_receiver(receiver, departure, item, destination, on)
        method = verify_signature(receiver, password, code, on)
        if destination == HandoverDestination.PERSON:
            custody.move_copy(copy, to_person=receiver, act="handover", status=CopyStatus.HELD)
        else:
            custody.move_copy(copy, to_unit=departure.unit, storage_place=storage_place, act="handover",
                              status=CopyStatus.HELD)
        handover = Handover.objects.create(departure=departure, copy=copy, receiver=receiver, destination=destination,
                                           storage_place=storage_place, handed_on=on, confirmed_with=method,
                                           confirmed_at=timezone.now())
        where = receiver.full_name if destination == HandoverDestination.PERSON else (
            f"nơi lưu giữ {departure.unit.name}" + (f" – {storage_place}" if storage_place else ""))
        ledger.record_event(
            "records.departure.handover", actor=receiver, unit=departure.unit, obj=handover,
            description=f"{departure.person.full_name} bàn giao {copy} ({label(item.level)}) cho {where}; "
                        f"{receiver.full_name} ký nhận",
            payload={"departure": departure.pk, "copy": copy.pk, "item": item.pk, "number": copy.number,
                     "destination": destination, "receiver": receiver.pk, "method": method,
                     "storage_place": storage_place, "on": on})
        _complete_if_done(receiver, departure, on)
    return handover


def _highest_level(departure: Departure) -> str:
    levels = list(Handover.objects.filter(departure=departure).values_list("copy__item__level", flat=True))
    return max(levels, key=rank) if levels else Level.MAT


def record_commitment(actor, departure: Departure, *, reference: str, signed_on: dt.date, on: dt.date) -> Departure:
    """The departing person's commitment (Art. 26.2.d) — for a death, the head's recall record."""
    reference = nfc(reference or "").strip()
    errors = {}
    if not reference:
        errors["reference"] = _("Cần ghi số, ký hiệu văn bản.")
    if signed_on is None:
        errors["signed_on"] = _("Cần ghi ngày ký.")
    elif signed_on > on:
        errors["signed_on"] = _("Ngày ký không được sau ngày ghi nhận.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        departure = (Departure.objects.select_for_update(of=("self",)).select_related("person", "unit")
                     .get(pk=departure.pk))
        _require_open(departure, on)
        death = departure.kind == DepartureKind.DEATH
        if death:
            # Nobody can sign for the deceased: the head organises the recall and records it (Art. 25.4).
            authority.authorize(actor, ACT, _highest_level(departure), departure.unit, on=on).require()
        else:
            _require_recorder(actor, departure.unit, on, _("ghi nhận cam kết bảo vệ bí mật nhà nước"))
        if departure.commitment_recorded:
            raise Refused(_("Đã ghi nhận văn bản %(reference)s cho việc này.") % {
                "reference": departure.commitment_reference}, rule="F8.commitment_once", basis=departure_basis(on))
        departure.commitment_reference, departure.commitment_signed_on = reference, signed_on
        departure.commitment_recorded_by, departure.commitment_recorded_at = actor, timezone.now()
        departure.save(update_fields=["commitment_reference", "commitment_signed_on", "commitment_recorded_by",
                                      "commitment_recorded_at"])
        what = "biên bản thu hồi (cán bộ từ trần)" if death else "cam kết bảo vệ bí mật nhà nước đã quản lý"
        ledger.record_event(
            "records.departure.commitment", actor=actor, unit=departure.unit, obj=departure,
            description=f"Ghi nhận {what} của {departure.person.full_name}: {reference}, ngày {signed_on:%d/%m/%Y}",
            payload={"person": departure.person_id, "reference": reference, "signed_on": signed_on, "death": death,
                     "on": on, "basis": departure_basis(on)})
        _complete_if_done(actor, departure, on)
    return departure


def may_record_commitment(person, departure: Departure, on: dt.date) -> bool:
    if departure.completed_on is not None or departure.commitment_recorded:
        return False
    if departure.kind == DepartureKind.DEATH:
        return authority.authorize(person, ACT, _highest_level(departure), departure.unit, on=on).allowed
    return may_record(person, departure.unit, on)


def departure_guard(person, *, on: dt.date, tenure=None) -> None:
    """org.guards: refuse locking the account or ending the post while the person still holds
    copies, or has held copies since their last departure whose commitment is recorded. Ending
    one post while keeping another in the same unit is no departure (the copies stay there)."""
    if tenure is not None and Tenure.objects.held_on(on + dt.timedelta(days=1)).filter(
            person=person, position__unit_id=tenure.position.unit_id).exclude(pk=tenure.pk).exists():
        return
    what = _("khóa tài khoản") if tenure is None else _("ghi nhận thôi giữ chức vụ")
    if held_copies(person).exists():
        raise Refused(_("%(name)s đang giữ tài liệu, vật chứa bí mật nhà nước chưa bàn giao, nên chưa thể %(what)s. "
                        "Khi cán bộ thôi việc, chuyển công tác, nghỉ hưu, từ trần, người đứng đầu tổ chức thu hồi và "
                        "người thôi quản lý phải bàn giao, cam kết bảo vệ bí mật đã quản lý: ghi nhận việc thôi "
                        "quản lý (trang «Thôi việc, chuyển công tác»), bàn giao từng bản và ghi nhận cam kết trước.")
                      % {"name": person.full_name, "what": what}, rule="F8", basis=departure_basis(on))
    last = CustodyRecord.objects.filter(custodian_person=person).aggregate(last=Max("since"))["last"]
    if last is None:
        return  # never held a copy: nothing to hand over or commit to
    if not Departure.objects.filter(person=person, commitment_signed_on__isnull=False,
                                    recorded_at__gte=last).exists():
        raise Refused(_("%(name)s đã từng giữ tài liệu, vật chứa bí mật nhà nước nhưng chưa ghi nhận cam kết bảo vệ "
                        "bí mật nhà nước đã quản lý khi thôi quản lý, nên chưa thể %(what)s.")
                      % {"name": person.full_name, "what": what}, rule="F8", basis=departure_basis(on))


def visible_departures(person, on: dt.date | None = None):
    """Departures in the person's units (and below), their own, or all for the administrator.
    A departure is not a secret; the copies it lists are shown only where visible."""
    on = on or today()
    departures = Departure.objects.select_related("person", "unit", "recorded_by", "commitment_recorded_by")
    if selectors.is_admin(person):
        return departures
    units = Unit.objects.descendant_ids(person.unit_ids_on(on))
    return departures.filter(Q(unit_id__in=units) | Q(person=person))


def departure_copies(viewer, departure: Departure, on: dt.date) -> tuple[list[Copy], bool]:
    """The copies still to hand over that `viewer` may know of, and whether others exist."""
    held = held_copies(departure.person_id).select_related("item", "item__holding_unit").order_by(
        "item_id", "origin", "number")
    visible = set(SecretItem.objects.visible_to(viewer, on).filter(
        pk__in=held.values("item_id")).values_list("pk", flat=True))
    shown = [c for c in held if c.item_id in visible]
    return shown, len(shown) < held.count()


# --- What needs action -------------------------------------------------------------------------------

def queues(person, on: dt.date) -> list:
    """Returns to receive (keepers of the holding unit), late returns (its head, deputy and cán bộ
    bảo mật), the person's own copies to return, and departures waiting (recorders, the person)."""
    from bmnn.records.services.queues import CANDIDATE_LIMIT, Queue, _bounded

    if person is None or not getattr(person, "is_authenticated", False):
        return []
    visible = SecretItem.objects.visible_to(person, on)
    open_lines = RecallLine.objects.filter(returned_on__isnull=True, recall__status=RecallStatus.OPEN)

    def among_visible(lines):
        ids = list(lines.order_by("recall__return_by", "pk").values_list("recall__item_id", flat=True)
                   [:CANDIDATE_LIMIT])
        return (lines.filter(recall__item_id__in=visible.filter(pk__in=ids).values("pk"))
                .select_related("recall", "recall__item", "holder_person", "holder_unit")
                .order_by("recall__return_by", "pk"))

    def units_with(roles):
        ids = Tenure.objects.held_on(on).filter(person=person, position__role__in=roles).values_list(
            "position__unit_id", flat=True)
        return Unit.objects.descendant_ids(set(ids))

    keeper_units = units_with(KEEPERS)
    overseer_units = units_with((Role.LEADER, Role.DEPUTY, Role.SECURITY_OFFICER))
    to_receive = (_bounded("recall_returns", among_visible(open_lines.filter(
        recall__item__holding_unit_id__in=keeper_units))) if keeper_units else Queue("recall_returns"))
    overdue = (_bounded("recall_overdue", among_visible(open_lines.filter(
        recall__item__holding_unit_id__in=overseer_units, recall__return_by__lt=on)))
        if overseer_units else Queue("recall_overdue"))
    mine = _bounded("recall_to_return", among_visible(open_lines.filter(holder_person=person)))
    recorder_units = units_with(RECORDERS)
    departures = _bounded("recall_departures", Departure.objects.filter(completed_on__isnull=True).filter(
        Q(unit_id__in=recorder_units) | Q(person=person)).select_related("person", "unit").order_by("recorded_at",
                                                                                                   "pk"))
    return [to_receive, overdue, mine, departures]
