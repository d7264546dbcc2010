"""Carrying secret items out of their storage place (mang ra khỏi nơi lưu giữ).

Rules (legal-rules.md §4.5, §9 D1–D2; Law 2018 Art. 14, Decree 26/2020 Art. 5):

1. `request_carry_out`: the carrier's written request with every field the law lists
   (name, position, unit; the item's type, summary and level; purpose; time and place
   of the trip; protection measures; abroad: the delegation head to report to). The
   carrier holds the copies, or they are in their unit's storage; the carrier is
   assigned to access the item's level there; each copy is in its place (HELD): a
   copy already out, in transit, missing or destroyed cannot be carried.
2. `decide_carry_out`: a domestic trip by the head (or an authorised deputy) of the
   body directly managing the secret — the rulebook's `carry_out_domestic`; abroad, by
   the authorities of Art. 14.2 (or their authorised deputy) — `carry_out_abroad`.
   Nobody decides their own request (the report goes to the person who allowed it).
   A refusal is written with reasons. Approval hands the copies to the carrier with
   status OUT (each move is a custody period) until they are returned.
3. `return_carry_out`: only the carrier returns; the report on how the secret was
   managed and used is addressed to the person who allowed the trip; the copies go
   back where they were kept, HELD.
4. `report_loss`: a loss or disclosure during the trip is reported at once; it opens
   an Incident per copy (or one for a disclosure without a copy), recorded as reported
   to the person who allowed it (and the delegation head abroad); lost copies become
   MISSING and are not returned.
5. `flag_overdue` (`bmnn tick`): a carry-out still out after its return date is
   flagged once, with its ledger event; it shows in the queues of the carrier, the
   person who allowed it and the unit's security officer and clerk.

Purpose, destination and report may speak of the content: the ledger keeps their
hashes only; the item's summary is never read here."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import cleared_for, get_visible_or_404
from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.org.models import Role, Tenure, Unit
from bmnn.records.models import (
    CarryOut, CarryOutCopy, CarryOutScope, CarryOutStatus, Copy, CopyStatus, Incident, IncidentKind, SecretItem,
)
from bmnn.records.services import custody, tick
from bmnn.records.services.queues import AUTHORITY_SCAN_LIMIT, QUEUE_LIMIT, Queue, _bounded, _visible_among
from bmnn.rulebook import authority
from bmnn.rulebook.citations import carried_over, cite

ACTS = {CarryOutScope.DOMESTIC: "carry_out_domestic", CarryOutScope.ABROAD: "carry_out_abroad"}
# Who watches the unit's carry-outs besides carrier and approver (overdue queue).
WATCH_ROLES = (Role.SECURITY_OFFICER, Role.CLERK)
# Copies that may still be with the carrier when the trip ends (not lost during it).
OUT_STATUSES = (CopyStatus.OUT,)


# --- Citations, built from the regime's own texts ------------------------------------------------

def _cite(on: dt.date, *parts: tuple[str, str]) -> str:
    """"Điều 14 Luật BVBMNN 2018; Điều 5 Nghị định 26/2020/NĐ-CP" from (text code, article)
    pairs; under the 2026 regime the 2018 texts apply on until Law 117/2025 and Decree
    63/2026 are read, and the citation says so."""
    cited = "; ".join(cite(on, code, article, code) for code, article in parts)
    if carried_over(on):
        cited += " (áp dụng tiếp, ◐ chưa xác minh theo Luật 117/2025, Nghị định 63/2026)"
    return cited


def request_basis(on: dt.date) -> str:
    """D1: the written request and its fields."""
    return _cite(on, ("LAW_2018", "Điều 14"), ("DECREE_26_2020", "Điều 5"))


def return_basis(on: dt.date) -> str:
    """D2: the return and the report to the person who allowed it."""
    return _cite(on, ("DECREE_26_2020", "Điều 5 khoản 1"))


def access_basis(on: dt.date) -> str:
    return _cite(on, ("LAW_2018", "Điều 26"), ("DECREE_26_2020", "Điều 7"))


def act_for(scope: str) -> str:
    return ACTS[CarryOutScope(scope)]


def _status_refusal(carry_out: CarryOut, expected: str, on: dt.date) -> Refused:
    return Refused(
        _("Đề nghị mang ra khỏi nơi lưu giữ này đang ở trạng thái «%(status)s», không phải «%(expected)s».")
        % {"status": carry_out.get_status_display(), "expected": CarryOutStatus(expected).label},
        rule="carryout.state", basis=request_basis(on))


# --- Who may do what ---------------------------------------------------------------------------

def carrier_positions(person, on: dt.date):
    """The posts the person holds on `on` (the position and unit of the request)."""
    return [t.position for t in Tenure.objects.held_on(on).filter(person=person)
            .select_related("position", "position__unit").order_by("pk")]


def _custody_units(position) -> set[int]:
    """The storage the carrier may take copies from: their unit and the units below it."""
    return Unit.objects.descendant_ids([position.unit_id])


def eligible_copies(person, item: SecretItem, position, *, statuses=(CopyStatus.HELD,)):
    """Copies of `item` the person holds, or kept in their unit's storage (or below it)."""
    return item.copies.filter(Q(custodian_person=person) | Q(custodian_unit_id__in=_custody_units(position)),
                              status__in=list(statuses)).order_by("origin", "number")


def may_request(person, item: SecretItem, on: dt.date) -> bool:
    """Whether the item page offers the request: some post of the person's has a copy at hand
    and the person is cleared for the level there."""
    if not getattr(person, "is_authenticated", False):
        return False
    return any(cleared_for(person, item.level, p.unit_id, on) and eligible_copies(person, item, p).exists()
               for p in carrier_positions(person, on))


def may_decide(person, carry_out: CarryOut, on: dt.date) -> bool:
    if carry_out.carrier_id == person.pk:
        return False
    return authority.authorize(person, act_for(carry_out.scope), carry_out.item.level, carry_out.unit,
                               on=on).allowed


def may_act_as_carrier(person, carry_out: CarryOut) -> bool:
    return carry_out.status == CarryOutStatus.APPROVED and carry_out.carrier_id == person.pk


# --- The request -------------------------------------------------------------------------------

def _clean_request(*, scope, purpose, destination, leaves_on, returns_by, protection_measures, delegation_head,
                   copies, on) -> dict:
    fields = {"purpose": nfc(purpose or "").strip(), "destination": nfc(destination or "").strip(),
              "protection_measures": nfc(protection_measures or "").strip(),
              "delegation_head": nfc(delegation_head or "").strip()}
    errors = {}
    if scope not in CarryOutScope.values:
        errors["scope"] = _("Chọn mang ra phục vụ công tác trong nước hay mang ra nước ngoài.")
    if not fields["purpose"]:
        errors["purpose"] = _("Cần ghi mục đích sử dụng tài liệu, vật chứa bí mật nhà nước.")
    if not fields["destination"]:
        errors["destination"] = _("Cần ghi địa điểm công tác.")
    if not fields["protection_measures"]:
        errors["protection_measures"] = _("Cần ghi biện pháp bảo vệ (ví dụ: cặp, hộp có khóa bảo đảm an toàn).")
    if leaves_on is None:
        errors["leaves_on"] = _("Cần ghi ngày mang đi.")
    elif leaves_on < on:
        errors["leaves_on"] = _("Ngày mang đi không được trước ngày đề nghị (%(on)s).") % {"on": format_date(on)}
    if returns_by is None:
        errors["returns_by"] = _("Cần ghi ngày nộp lại.")
    elif leaves_on is not None and returns_by < leaves_on:
        errors["returns_by"] = _("Ngày nộp lại không được trước ngày mang đi.")
    if scope == CarryOutScope.ABROAD and not fields["delegation_head"]:
        errors["delegation_head"] = _("Mang ra nước ngoài phải ghi trưởng đoàn công tác để người mang báo cáo.")
    if not copies:
        errors["copies"] = _("Chọn ít nhất một bản mang ra.")
    if errors:
        raise ValidationError(errors)
    return fields


def _require_carryable(carrier, item: SecretItem, position, copies: list[Copy], on: dt.date) -> None:
    """Every copy is at hand (the carrier's or in their unit's storage) and in its place."""
    for copy in copies:
        if copy.item_id != item.pk:
            raise ValidationError({"copies": _("Bản được chọn không thuộc tài liệu này.")})
        if copy.status != CopyStatus.HELD:
            raise Refused(
                _("%(copy)s đang ở trạng thái «%(status)s»: chỉ mang ra được bản đang lưu giữ tại nơi lưu giữ.")
                % {"copy": copy, "status": copy.get_status_display()},
                rule="carryout.copy_state", basis=request_basis(on), field="copies")
        if copy.custodian_person_id != carrier.pk and copy.custodian_unit_id not in _custody_units(position):
            raise Refused(
                _("%(copy)s không do %(person)s giữ, cũng không ở nơi lưu giữ của %(unit)s: người mang chỉ đề nghị "
                  "mang ra bản mình đang giữ hoặc bản của đơn vị mình.")
                % {"copy": copy, "person": carrier.full_name, "unit": position.unit.name},
                rule="carryout.custody", basis=request_basis(on), field="copies")


def _require_cleared(carrier, level: str, unit, on: dt.date) -> None:
    if not cleared_for(carrier, level, unit.pk, on):
        raise Refused(
            _("%(person)s chưa được giao tiếp cận bí mật nhà nước độ %(level)s tại %(unit)s (quyết định giao tiếp cận "
              "còn hiệu lực và cam kết bảo vệ), nên không được mang tài liệu này ra khỏi nơi lưu giữ.")
            % {"person": carrier.full_name, "level": Level(level).label, "unit": unit.name},
            rule="carryout.carrier_cleared", basis=access_basis(on))


def request_carry_out(carrier, item: SecretItem, *, copies, scope: str, purpose: str, destination: str,
                      leaves_on: dt.date | None, returns_by: dt.date | None, protection_measures: str,
                      delegation_head: str = "", position=None, on: dt.date) -> CarryOut:
    """The carrier's written request to take copies of `item` out of the storage place."""
    copies = list(copies or [])
    fields = _clean_request(scope=scope, purpose=purpose, destination=destination, leaves_on=leaves_on,
                            returns_by=returns_by, protection_measures=protection_measures,
                            delegation_head=delegation_head, copies=copies, on=on)
    if scope == CarryOutScope.DOMESTIC:
        fields["delegation_head"] = ""
    with transaction.atomic():
        # Someone who may not know of the item gets the same answer as for no item.
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), carrier, pk=item.pk)
        held = carrier_positions(carrier, on)
        if position is None:
            position = held[0] if len(held) == 1 else None
            if position is None:
                raise ValidationError({"position": _("Chọn chức vụ, đơn vị công tác của người mang.") if held else
                                       _("%(person)s không giữ chức vụ nào vào ngày %(on)s.")
                                       % {"person": carrier.full_name, "on": format_date(on)}})
        elif position.pk not in {p.pk for p in held}:
            raise ValidationError({"position": _("%(person)s không giữ chức vụ này vào ngày %(on)s.")
                                   % {"person": carrier.full_name, "on": format_date(on)}})
        copies = list(Copy.objects.select_for_update(of=("self",)).filter(pk__in=[c.pk for c in copies])
                      .select_related("item").order_by("origin", "number"))
        _require_cleared(carrier, item.level, position.unit, on)
        _require_carryable(carrier, item, position, copies, on)
        carry_out = CarryOut.objects.create(
            item=item, level=item.level, carrier=carrier, carrier_position=position, unit=position.unit,
            scope=scope, leaves_on=leaves_on, returns_by=returns_by, requested_at=timezone.now(),
            requested_on=on, **fields)
        CarryOutCopy.objects.bulk_create([CarryOutCopy(carry_out=carry_out, copy=c) for c in copies])
        with translation.override(None):
            where = str(CarryOutScope(scope).label).lower()
        ledger.record_event(
            "records.carryout.request", actor=carrier, unit=position.unit, obj=carry_out,
            description=f"Đề nghị mang {len(copies)} bản {label(item.level)} {item.reference} ra khỏi nơi lưu giữ "
                        f"({where}), từ {leaves_on:%d/%m/%Y} đến {returns_by:%d/%m/%Y}",
            payload={"item": item.pk, "copies": [c.pk for c in copies], "scope": scope, "level": item.level,
                     "position": position.pk, "leaves_on": leaves_on, "returns_by": returns_by,
                     "purpose": ledger.secret_hash(fields["purpose"]),
                     "destination": ledger.secret_hash(fields["destination"]),
                     "protection_measures": ledger.secret_hash(fields["protection_measures"]),
                     "delegation_head": fields["delegation_head"], "on": on})
    return carry_out


# --- The decision ------------------------------------------------------------------------------

def _locked(carry_out: CarryOut) -> CarryOut:
    return (CarryOut.objects.select_for_update(of=("self",))
            .select_related("item", "item__holding_unit", "unit", "carrier", "decided_by").get(pk=carry_out.pk))


def decide_carry_out(decider, carry_out: CarryOut, *, approve: bool, reason: str = "", on: dt.date) -> CarryOut:
    """Allow or refuse. The authority depends on the trip (domestic: head or authorised deputy of
    the body managing the secret; abroad: Art. 14.2); a refusal states its reasons. Approval hands
    the copies to the carrier (OUT) until they are returned."""
    reason = nfc(reason or "").strip()
    with transaction.atomic():
        carry_out = _locked(carry_out)
        get_visible_or_404(SecretItem.objects.all(), decider, pk=carry_out.item_id)
        item = carry_out.item
        if carry_out.status != CarryOutStatus.REQUESTED:
            raise _status_refusal(carry_out, CarryOutStatus.REQUESTED, on)
        if carry_out.carrier_id == decider.pk:
            raise Refused(_("Người mang không tự cho phép mình mang tài liệu ra khỏi nơi lưu giữ: người có thẩm quyền "
                            "khác quyết định, và người mang báo cáo lại người đã cho phép."),
                          rule="carryout.self_decision", basis=request_basis(on))
        decision = authority.authorize(decider, act_for(carry_out.scope), item.level, carry_out.unit, on=on).require()
        if not approve and not reason:
            raise ValidationError({"reason": _("Không cho phép mang ra khỏi nơi lưu giữ phải nêu rõ lý do.")})
        lines = list(carry_out.lines.select_related("copy", "copy__item"))
        if approve:
            if on > carry_out.returns_by:
                raise Refused(_("Ngày nộp lại (%(day)s) đã qua; người mang phải lập đề nghị mới.")
                              % {"day": format_date(carry_out.returns_by)},
                              rule="carryout.dates", basis=request_basis(on))
            _require_cleared(carry_out.carrier, item.level, carry_out.unit, on)
            copies = list(Copy.objects.select_for_update(of=("self",)).filter(pk__in=[line.copy_id for line in lines]))
            _require_carryable(carry_out.carrier, item, carry_out.carrier_position, copies, on)
            by_pk = {c.pk: c for c in copies}
            for line in lines:
                copy = by_pk[line.copy_id]
                line.from_person, line.from_unit = copy.custodian_person, copy.custodian_unit
                line.from_storage_place = copy.storage_place
                line.save(update_fields=["from_person", "from_unit", "from_storage_place"])
                custody.move_copy(copy, to_person=carry_out.carrier, act="carry_out", status=CopyStatus.OUT)
        carry_out.status = CarryOutStatus.APPROVED if approve else CarryOutStatus.REFUSED
        carry_out.decided_by, carry_out.decided_on, carry_out.decision_reason = decider, on, reason
        carry_out.authority_basis, carry_out.delegation_id = decision.basis, decision.delegation_id
        carry_out.save(update_fields=["status", "decided_by", "decided_on", "decision_reason", "authority_basis",
                                      "delegation"])
        verb = "Cho phép" if approve else "Không cho phép"
        ledger.record_event(
            "records.carryout.decide", actor=decider, unit=carry_out.unit, obj=carry_out,
            description=f"{verb} {carry_out.carrier.full_name} mang {len(lines)} bản {label(item.level)} "
                        f"{item.reference} ra khỏi nơi lưu giữ"
                        + (" (ra nước ngoài)" if carry_out.scope == CarryOutScope.ABROAD else ""),
            payload={"approve": approve, "reason": reason, "on": on, "act": act_for(carry_out.scope),
                     "rule": decision.rule, "basis": decision.basis, "via": decision.via,
                     "delegation": decision.delegation_id, "position": decision.position_id,
                     "copies": [line.copy_id for line in lines]})
    return carry_out


# --- During and after the trip -----------------------------------------------------------------

def _require_carrier(actor, carry_out: CarryOut, what: str, on: dt.date) -> None:
    if carry_out.carrier_id != actor.pk:
        raise Refused(_("Chỉ người mang (%(carrier)s) mới %(what)s.") % {"carrier": carry_out.carrier.full_name,
                                                                       "what": what},
                      rule="carryout.carrier_only", basis=return_basis(on))


def return_carry_out(carrier, carry_out: CarryOut, *, report: str, on: dt.date) -> CarryOut:
    """The carrier hands the copies back and reports to the person who allowed the trip."""
    report = nfc(report or "").strip()
    with transaction.atomic():
        carry_out = _locked(carry_out)
        get_visible_or_404(SecretItem.objects.all(), carrier, pk=carry_out.item_id)
        if carry_out.status != CarryOutStatus.APPROVED:
            raise _status_refusal(carry_out, CarryOutStatus.APPROVED, on)
        _require_carrier(carrier, carry_out, _("nộp lại và báo cáo việc mang tài liệu ra khỏi nơi lưu giữ"), on)
        if not report:
            raise ValidationError({"report": _("Cần báo cáo người đã cho phép về việc quản lý, sử dụng bí mật nhà "
                                               "nước trong thời gian mang ra.")})
        returned, lost = [], []
        for line in carry_out.lines.select_related("copy"):
            copy = Copy.objects.select_for_update(of=("self",)).get(pk=line.copy_id)
            if copy.status != CopyStatus.OUT:
                lost.append(copy.pk)  # reported lost during the trip: it stays MISSING
                continue
            if line.from_person_id:
                custody.move_copy(copy, to_person=line.from_person, act="carry_out_return", status=CopyStatus.HELD)
            else:
                custody.move_copy(copy, to_unit=line.from_unit, storage_place=line.from_storage_place,
                                  act="carry_out_return", status=CopyStatus.HELD)
            returned.append(copy.pk)
        carry_out.status, carry_out.returned_on, carry_out.report = CarryOutStatus.RETURNED, on, report
        carry_out.save(update_fields=["status", "returned_on", "report"])
        late = (on - carry_out.returns_by).days if on > carry_out.returns_by else 0
        ledger.record_event(
            "records.carryout.return", actor=carrier, unit=carry_out.unit, obj=carry_out,
            description=f"{carrier.full_name} nộp lại {len(returned)} bản {carry_out.item.reference} mang ra khỏi nơi "
                        f"lưu giữ và báo cáo {carry_out.decided_by.full_name}"
                        + (f" (chậm {late} ngày)" if late else ""),
            payload={"on": on, "returned": returned, "not_returned": lost, "late_days": late,
                     "report_to": carry_out.decided_by_id, "report": ledger.secret_hash(report)})
    return carry_out


def report_loss(carrier, carry_out: CarryOut, *, kind: str, copies=(), description: str, on: dt.date) -> list:
    """A loss or disclosure during the trip, reported at once: one Incident per copy concerned
    (one without a copy for a disclosure of content), recorded as reported that day to the person
    who allowed the trip (and to the delegation head abroad). Lost copies become MISSING."""
    description = nfc(description or "").strip()
    errors = {}
    if kind not in IncidentKind.values:
        errors["kind"] = _("Chọn lộ hay mất bí mật nhà nước.")
    if not description:
        errors["description"] = _("Cần mô tả sự việc (thời gian, địa điểm, hoàn cảnh).")
    copies = list(copies or [])
    if kind == IncidentKind.LOSS and not copies:
        errors["copies"] = _("Chọn bản bị mất.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        carry_out = _locked(carry_out)
        get_visible_or_404(SecretItem.objects.all(), carrier, pk=carry_out.item_id)
        if carry_out.status != CarryOutStatus.APPROVED:
            raise _status_refusal(carry_out, CarryOutStatus.APPROVED, on)
        _require_carrier(carrier, carry_out, _("báo cáo lộ, mất bí mật nhà nước trong chuyến công tác này"), on)
        carried = {line.copy_id for line in carry_out.lines.all()}
        chosen = list(Copy.objects.select_for_update(of=("self",)).filter(pk__in=[c.pk for c in copies]))
        if any(c.pk not in carried or c.status != CopyStatus.OUT for c in chosen) or len(chosen) != len(copies):
            raise ValidationError({"copies": _("Chỉ chọn bản đang được mang ra trong chuyến công tác này.")})
        reported_to = carry_out.decided_by.full_name + (
            f"; trưởng đoàn công tác {carry_out.delegation_head}" if carry_out.delegation_head else "")
        incidents = []
        for copy in chosen or [None]:
            if copy is not None and kind == IncidentKind.LOSS:
                custody.set_status(copy, CopyStatus.MISSING)
            incident = Incident.objects.create(
                kind=kind, unit=carry_out.unit, item=carry_out.item, copy=copy, opened_by=carrier,
                opened_at=timezone.now(), description=description[:500], reported_on=on, reported_to=reported_to)
            with translation.override(None):
                what = str(IncidentKind(kind).label).lower()
            ledger.record_event(
                "records.incident.open", actor=carrier, unit=carry_out.unit, obj=incident,
                description=f"Mở vụ việc {what} {copy or carry_out.item} khi mang ra khỏi nơi lưu giữ",
                payload={"kind": kind, "copy": copy.pk if copy else None, "item": carry_out.item_id,
                         "carry_out": carry_out.pk, "description": ledger.secret_hash(description)})
            incidents.append(incident)
        carry_out.incidents.add(*incidents)
        ledger.record_event(
            "records.carryout.report_loss", actor=carrier, unit=carry_out.unit, obj=carry_out,
            description=f"Báo cáo ngay vụ việc lộ, mất khi mang {carry_out.item.reference} ra khỏi nơi lưu giữ: "
                        f"{len(incidents)} vụ việc",
            payload={"on": on, "kind": kind, "incidents": [i.pk for i in incidents],
                     "copies": [c.pk for c in chosen], "reported_to": carry_out.decided_by_id,
                     "delegation_head": carry_out.delegation_head})
    return incidents


# --- Time: overdue returns ---------------------------------------------------------------------

def overdue(on: dt.date):
    """Carry-outs still out after their return date."""
    return CarryOut.objects.filter(status=CarryOutStatus.APPROVED, returns_by__lt=on)


@tick.step("carryout.overdue", "Đánh dấu tài liệu mang ra khỏi nơi lưu giữ quá hạn nộp lại")
def flag_overdue(on: dt.date, progress=None) -> int:
    """Flag, once, each carry-out not returned by its date; a flagged one is not picked up again."""
    changed = 0
    for ids in tick.batches(overdue(on).filter(overdue_flagged_on__isnull=True)):
        with transaction.atomic():
            rows = list(CarryOut.objects.select_for_update(of=("self",))
                        .filter(pk__in=ids, status=CarryOutStatus.APPROVED, overdue_flagged_on__isnull=True)
                        .select_related("item", "unit", "carrier"))
            for carry_out in rows:
                carry_out.overdue_flagged_on = on
                carry_out.save(update_fields=["overdue_flagged_on"])
                ledger.record_event(
                    "records.carryout.overdue", actor=None, unit=carry_out.unit, obj=carry_out,
                    description=f"Quá hạn nộp lại: {carry_out.carrier.full_name} mang {carry_out.item.reference} ra "
                                f"khỏi nơi lưu giữ, hạn nộp lại {carry_out.returns_by:%d/%m/%Y}",
                    payload={"on": on, "returns_by": carry_out.returns_by, "carrier": carry_out.carrier_id,
                             "decided_by": carry_out.decided_by_id})
            changed += len(rows)
        if progress:
            progress(len(ids))
    return changed


# --- Reading -----------------------------------------------------------------------------------

def visible_carry_outs(person, on: dt.date | None = None):
    """Carry-outs of items the person may know of, each with `is_overdue` for the date `on`."""
    on = on or timezone.localdate()
    carry_outs = CarryOut.objects.filter(item__in=SecretItem.objects.visible_to(person, on).values("pk"))
    return with_overdue(carry_outs, on).select_related("item", "carrier", "unit", "decided_by", "carrier_position")


def with_overdue(queryset, on: dt.date):
    return queryset.annotate(is_overdue=Case(
        When(status=CarryOutStatus.APPROVED, returns_by__lt=on, then=Value(True)),
        default=Value(False), output_field=BooleanField()))


def _visible(person, on: dt.date, queryset):
    visible = SecretItem.objects.visible_to(person, on)
    ids = _visible_among(visible, queryset.order_by("pk").values_list("item_id", flat=True))
    return with_overdue(queryset.filter(item_id__in=ids), on).select_related(
        "item", "carrier", "unit", "decided_by")


def queues(person, on: dt.date) -> list[Queue]:
    """What waits for this person: requests they may decide; their own trips to close (return
    and report); carry-outs overdue where they are the carrier, the person who allowed it, or the
    unit's security officer or clerk. Only items the person may see."""
    if not getattr(person, "is_authenticated", False) or not person.unit_ids_on(on):
        return [Queue("carryout_to_decide"), Queue("carryout_to_return"), Queue("carryout_overdue")]
    requested = _visible(person, on, CarryOut.objects.filter(status=CarryOutStatus.REQUESTED)
                         .exclude(carrier=person)).order_by("requested_at", "pk")
    fetched = list(requested[:AUTHORITY_SCAN_LIMIT + 1])
    answers, kept = {}, []
    for row in fetched[:AUTHORITY_SCAN_LIMIT]:  # one authorize() per (act, level, unit)
        key = (row.scope, row.item.level, row.unit_id)
        if key not in answers:
            answers[key] = authority.authorize(person, act_for(row.scope), row.item.level, row.unit_id,
                                               on=on).allowed
        if answers[key]:
            kept.append(row)
    to_decide = Queue("carryout_to_decide", rows=kept[:QUEUE_LIMIT], count=len(kept),
                      more=len(fetched) > AUTHORITY_SCAN_LIMIT or len(kept) > QUEUE_LIMIT)
    to_return = _bounded("carryout_to_return", _visible(person, on, CarryOut.objects.filter(
        status=CarryOutStatus.APPROVED, carrier=person, returns_by__gte=on)).order_by("returns_by", "pk"))
    watched = Unit.objects.descendant_ids(
        set(Tenure.objects.held_on(on).filter(person=person, position__role__in=WATCH_ROLES)
            .values_list("position__unit_id", flat=True)))
    late = overdue(on).filter(Q(carrier=person) | Q(decided_by=person) | Q(unit_id__in=watched))
    overdue_queue = _bounded("carryout_overdue", _visible(person, on, late).order_by("returns_by", "pk"))
    return [to_decide, to_return, overdue_queue]


def is_watcher(person, carry_out: CarryOut, on: dt.date) -> bool:
    """The unit's security officer or clerk (they chase an overdue return)."""
    return selectors.holds_role(person, WATCH_ROLES, [carry_out.unit_id], on)
