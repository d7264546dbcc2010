"""Reproduction (sao, chụp) of a secret item: request, decision, execution.

Rules (legal-rules.md §9 C): C1 nothing is copied from an item whose decider wrote
"không được phép sao, chụp"; C2 the decision needs the authority for the item's
level on that date (positions, written delegations, no sub-delegation — all judged
by the rulebook); C3 the person who makes the copies holds an active access
assignment; C4 every execution is a line of the reproduction register and the
copies are numbered "bản sao số"; C5 no more copies than approved, spoiled copies
destroyed at once; C6 copies inherit level and protection — they are copies of the
same item, so they carry its level and period by construction; C7 place and device
recorded.

Spoiled copies are recorded as a count (in the reproduction row, the register line
and the ledger), not as Copy rows: a spoiled sheet never became a numbered copy, and
giving it a "bản sao số" would leave a gap-less series with destroyed holes in it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import cleared_for, get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label
from bmnn.core.text import nfc
from bmnn.records.models import (
    Copy, CopyOrigin, RegisterKind, Reproduction, ReproductionMethod, ReproductionStatus, SecretItem,
)
from bmnn.records.services import custody
from bmnn.records.services.registers import record_entry
from bmnn.rulebook import authority, loader
from bmnn.rulebook.citations import cite

ACT = "reproduce"


_cite = cite


def _status_refusal(reproduction: Reproduction, expected: str) -> Refused:
    return Refused(
        _("Yêu cầu sao, chụp này đang ở trạng thái «%(status)s», không phải «%(expected)s».")
        % {"status": reproduction.get_status_display(), "expected": ReproductionStatus(expected).label},
        rule="reproduction.state", basis=_cite(reproduction.requested_at.date(), "DECREE_26_2020", "Điều 3"))


def request_reproduction(requester, item: SecretItem, *, source_copy: Copy | None = None, method: str,
                         copies_requested: int, purpose: str, on: dt.date) -> Reproduction:
    """Ask to copy or photograph an item (or one of its copies) for a purpose.

    Refused at once when the item's decider did not allow reproduction (C1)."""
    purpose = nfc(purpose or "").strip()
    if method not in ReproductionMethod.values:
        raise ValidationError({"method": _("Hình thức sao, chụp «%(method)s» không hợp lệ.") % {"method": method}})
    if not copies_requested or copies_requested < 1:
        raise ValidationError({"copies_requested": _("Số bản đề nghị sao, chụp phải từ 1 trở lên.")})
    if not purpose:
        raise ValidationError({"purpose": _("Cần ghi mục đích sao, chụp.")})
    with transaction.atomic():
        # A requester who may not know of the item gets the same answer as for no item.
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), requester, pk=item.pk)
        if source_copy is not None and source_copy.item_id != item.pk:
            raise ValidationError({"source_copy": _("Bản được chọn không thuộc tài liệu này.")})
        if not item.reproduction_allowed:
            raise Refused(
                _("Tài liệu %(reference)s được người quyết định độ mật ghi «không được phép sao, chụp», nên không "
                  "thể đề nghị sao, chụp.") % {"reference": item.reference},
                rule="C1", basis=_cite(on, "LAW_2018", "Điều 10 khoản 2"))
        reproduction = Reproduction.objects.create(
            item=item, source_copy=source_copy, method=method, copies_requested=copies_requested, purpose=purpose,
            requested_by=requester, requested_at=timezone.now())
        ledger.record_event(
            "records.reproduction.request", actor=requester, unit=item.holding_unit, obj=reproduction,
            description=f"Đề nghị {ReproductionMethod(method).label.lower()} {copies_requested} bản "
                        f"{label(item.level)} {item.reference}",
            payload={"item": item.pk, "source_copy": source_copy.pk if source_copy else None, "method": method,
                     "copies_requested": copies_requested, "purpose": ledger.secret_hash(purpose), "on": on})
    return reproduction


def decide_reproduction(decider, reproduction: Reproduction, *, approve: bool, reason: str = "",
                        on: dt.date) -> Reproduction:
    """Allow or refuse a request. Either answer needs the authority for the item's level
    on that date (C2); a refusal states its reason."""
    reason = nfc(reason or "").strip()
    with transaction.atomic():
        reproduction = (Reproduction.objects.select_for_update(of=("self",))
                        .select_related("item", "item__holding_unit").get(pk=reproduction.pk))
        item = reproduction.item
        if reproduction.status != ReproductionStatus.REQUESTED:
            raise _status_refusal(reproduction, ReproductionStatus.REQUESTED)
        decision = authority.authorize(decider, ACT, item.level, item.holding_unit, on=on).require()
        if not approve and not reason:
            raise ValidationError({"reason": _("Không cho phép sao, chụp phải nêu rõ lý do.")})
        reproduction.status = ReproductionStatus.APPROVED if approve else ReproductionStatus.REFUSED
        reproduction.decided_by, reproduction.decided_on, reproduction.decision_reason = decider, on, reason
        reproduction.authority_basis = decision.basis
        reproduction.delegation_id = decision.delegation_id
        reproduction.save(update_fields=["status", "decided_by", "decided_on", "decision_reason", "authority_basis",
                                         "delegation"])
        verb = "Cho phép" if approve else "Không cho phép"
        ledger.record_event(
            "records.reproduction.decide", actor=decider, unit=item.holding_unit, obj=reproduction,
            description=f"{verb} sao, chụp {reproduction.copies_requested} bản {label(item.level)} {item.reference}",
            payload={"approve": approve, "reason": reason, "on": on, "rule": decision.rule, "basis": decision.basis,
                     "via": decision.via, "delegation": decision.delegation_id, "position": decision.position_id})
    return reproduction


def may_decide(person, reproduction: Reproduction, on: dt.date) -> bool:
    """Whether `person` holds the authority to answer this request (the page offers the form only then)."""
    item = reproduction.item
    return authority.authorize(person, ACT, item.level, item.holding_unit, on=on).allowed


def may_execute(person, reproduction: Reproduction, on: dt.date) -> bool:
    try:
        _require_cleared_executor(person, reproduction.item, on)
    except Refused:
        return False
    return True


def _require_cleared_executor(executor, item: SecretItem, on: dt.date) -> None:
    """C3: the hands that make the copies belong to someone assigned to access this level here."""
    if cleared_for(executor, item.level, item.holding_unit_id, on):
        return
    rule = loader.regime_on(on).act(ACT).performed_by
    raise Refused(
        _("%(person)s chưa được giao tiếp cận bí mật nhà nước độ %(level)s của %(unit)s (quyết định giao tiếp cận "
          "còn hiệu lực và cam kết bảo vệ), nên không được thực hiện sao, chụp theo %(citation)s.")
        % {"person": executor.full_name, "level": Level(item.level).label, "unit": item.holding_unit.name,
           "citation": rule.citation},
        rule=rule.id, basis=rule.citation, field="executor")


def execute_reproduction(executor, reproduction: Reproduction, *, copies_made: int, copies_spoiled: int = 0,
                         place: str, device: str, on: dt.date) -> list[Copy]:
    """Make the approved copies: numbered "bản sao số" continuing the item's series, in the
    requester's custody, one line in the unit's reproduction register, spoiled ones destroyed."""
    place, device = nfc(place or "").strip(), nfc(device or "").strip()
    errors = {}
    if not place:
        errors["place"] = _("Cần ghi địa điểm sao, chụp.")
    if not device:
        errors["device"] = _("Cần ghi thiết bị sao, chụp (thiết bị không kết nối mạng).")
    if copies_made is None or copies_made < 1:
        errors["copies_made"] = _("Số bản đã sao, chụp phải từ 1 trở lên.")
    if copies_spoiled is None or copies_spoiled < 0:
        errors["copies_spoiled"] = _("Số bản hỏng không được âm.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        reproduction = Reproduction.objects.select_for_update(of=("self",)).select_related(
            "item", "item__holding_unit", "requested_by", "decided_by").get(pk=reproduction.pk)
        item = reproduction.item
        if reproduction.status != ReproductionStatus.APPROVED:
            raise _status_refusal(reproduction, ReproductionStatus.APPROVED)
        _require_cleared_executor(executor, item, on)
        if copies_made > reproduction.copies_requested:
            raise Refused(
                _("Chỉ được sao, chụp %(approved)s bản như đã cho phép, không được %(made)s bản.")
                % {"approved": reproduction.copies_requested, "made": copies_made},
                rule="C5", basis=_cite(on, "DECREE_26_2020", "Điều 3 khoản 3"), field="copies_made")
        method = ReproductionMethod(reproduction.method).label
        entry = record_entry(
            executor, unit=item.holding_unit, kind=RegisterKind.REPRODUCTION, entry_date=on, item=item,
            counterpart=reproduction.requested_by.full_name, copies_count=copies_made,
            note=f"{method}; cho phép: {reproduction.decided_by.full_name}"
                 + (f"; hỏng, đã hủy: {copies_spoiled}" if copies_spoiled else ""))
        copies = custody.create_copies(
            item, copies_made, origin=CopyOrigin.REPRODUCTION, reproduction=reproduction,
            custodian_person=reproduction.requested_by, act="reproduction")
        reproduction.status = ReproductionStatus.DONE
        reproduction.executor, reproduction.place, reproduction.device = executor, place, device
        reproduction.copies_made, reproduction.copies_spoiled = copies_made, copies_spoiled
        reproduction.register_entry = entry
        reproduction.save(update_fields=["status", "executor", "place", "device", "copies_made", "copies_spoiled",
                                         "register_entry"])
        numbers = [c.number for c in copies]
        ledger.record_event(
            "records.reproduction.execute", actor=executor, unit=item.holding_unit, obj=reproduction,
            description=f"{method} {copies_made} bản {label(item.level)} {item.reference} "
                        f"(bản sao số {numbers[0]}–{numbers[-1]}), sổ sao, chụp số {entry.number}/{entry.year}",
            payload={"item": item.pk, "method": reproduction.method, "copies_made": copies_made,
                     "copies_spoiled": copies_spoiled, "numbers": numbers, "copies": [c.pk for c in copies],
                     "custodian": reproduction.requested_by_id, "allowed_by": reproduction.decided_by_id,
                     "authority_basis": reproduction.authority_basis, "place": place, "device": device,
                     "register_entry": entry.pk, "on": on})
        if copies_spoiled:
            # Recorded as destroyed at once (C5), in the same transaction as the copying.
            ledger.record_event(
                "records.reproduction.spoiled_destroyed", actor=executor, unit=item.holding_unit, obj=reproduction,
                description=f"Hủy ngay {copies_spoiled} bản sao, chụp hỏng của {item.reference}",
                payload={"copies_spoiled": copies_spoiled, "on": on, "basis": _cite(on, "DECREE_26_2020",
                                                                                       "Điều 3 khoản 3")})
    return copies


def visible_reproductions(person):
    """Reproductions of items the person may know of."""
    return Reproduction.objects.filter(item__in=SecretItem.objects.visible_to(person).values("pk")).select_related(
        "item", "requested_by", "decided_by", "executor")
