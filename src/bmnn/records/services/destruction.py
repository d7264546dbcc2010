"""Destruction (tiêu hủy) of copies of secret items: Law 2018 Art. 23, legal-rules.md §4.11,
rules F6 (routine destruction) and F7 (emergency destruction).

Routine destruction (ground a: no longer needed, destroying does no harm):

1. `propose_destruction` — the storing unit's registry (văn thư, cán bộ bảo mật or its
   leader) lists the copies it holds that it proposes to destroy: one line per copy.
   Copies only: an item's copies held by other units or persons are theirs to destroy
   through their own council. A copy out, in transit, missing or already destroyed
   cannot be listed.
2. `establish_council` — the authority (rulebook act `destroy`: the Tuyệt mật and Tối
   mật copy authorities of Art. 11.1–11.2; a Mật-only authority cannot) sets up the
   destruction council through `councils.establish_council`; this act adds the law's
   own condition: the direct custodian of every copy listed sits on it (Art. 23.4).
   The direct custodian is the person holding the copy, or — for a copy in a unit's
   storage — a registry clerk or state-secret officer of that unit (or of a unit above
   it, who keeps its storage).
3. `record_minutes` — the council's minutes (councils.record_minutes).
4. `decide_destruction` — the authority decides (reference, date, method from the
   rulebook's `destruction_methods`), only after the council reported; the decision
   closes the council in the same transaction. A refusal to destroy states its reason.
5. `draw_up_record`, `sign_record`, `record_paper_signature`, `complete_record` — the
   destruction record (biên bản tiêu hủy, TT 07/2020 Art. 13.4.d): when, where, method
   and sequence, who destroyed, every copy destroyed; signed by every council member
   (members of the installation with their password or TOTP code, as a receipt is
   signed; outside representatives' paper signatures recorded by the secretary).
   Completing it destroys the copies (custody closed with the act) and, when no copy of
   an item remains, the item: its metadata stays for ever as a destroyed record.

Emergency destruction (ground b: not destroying at once would cause harm): the
custodian holding a copy destroys it and records it (`emergency_destroy`), then reports
in writing to the head at once (`report_emergency`; deadline `emergency_destruction_report`,
0 days). An unreported one waits in the custodian's and the head's queues; `bmnn tick`
flags it once when the report is late.

Summaries, grounds, reasons and sequences may speak of content: they never go into the
ledger except as hashes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.core.levels import label
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.org.models import Role, Tenure, Unit
from bmnn.records.models import (
    Copy, CopyStatus, Council, CouncilKind, CouncilMember, CouncilRole, CustodyRecord, Destruction, DestructionLine,
    DestructionRecord, DestructionSignature, DestructionStatus, EmergencyDestruction, ItemStatus, SecretItem,
    SignatureMethod,
)
from bmnn.records.services import councils, tick
from bmnn.records.services.councils import highest_level
from bmnn.records.services.permissions import is_register_keeper, require_register_keeper
from bmnn.rulebook import authority, loader
from bmnn.rulebook.citations import cite

ACT = "destroy"
KIND = CouncilKind.DESTRUCTION
CUSTODIAN_ROLES = (Role.CLERK, Role.SECURITY_OFFICER)
OPEN = (DestructionStatus.PROPOSED, DestructionStatus.DECIDED)
# Emergency destruction is for the copy in the holder's hands, at home or carried out.
EMERGENCY_STATES = (CopyStatus.HELD, CopyStatus.OUT)


# --- Bases, from the regime's own texts --------------------------------------------------------

def _cite(on: dt.date, article: str, text_code: str = "LAW_2018") -> str:
    return cite(on, text_code, article)


def grounds_basis(on: dt.date) -> str:
    """What may be destroyed and how: Art. 23.1–23.2."""
    return _cite(on, "Điều 23 khoản 1, khoản 2")


def council_basis(on: dt.date) -> str:
    return councils.basis(KIND, on)


def record_basis(on: dt.date) -> str:
    return f"{_cite(on, 'Điều 23 khoản 4')}; {_cite(on, 'Điều 13 khoản 4 điểm d', 'CIRCULAR_07_2020')}"


def emergency_basis(on: dt.date) -> str:
    regime = loader.regime_on(on)
    deadline = regime.deadlines.get("emergency_destruction_report") if regime else None
    return deadline.citation if deadline else _cite(on, "Điều 23 khoản 3 điểm c")


# --- Methods, from the rulebook --------------------------------------------------------------

def method_choices(on: dt.date) -> list[tuple[str, str]]:
    regime = loader.regime_on(on)
    return [(m.code, m.name) for m in regime.destruction_methods.values()] if regime else []


def method_name(code: str, on: dt.date) -> str:
    return dict(method_choices(on)).get(code, code)


def _require_method(method: str, on: dt.date, errors: dict, field: str = "method") -> None:
    if not method:
        errors[field] = _("Chọn phương pháp tiêu hủy.")
    elif method not in dict(method_choices(on)):
        errors[field] = _("Phương pháp tiêu hủy «%(method)s» không có trong quy định áp dụng ngày %(on)s.") % {
            "method": method, "on": f"{on:%d/%m/%Y}"}


# --- Who holds a copy ----------------------------------------------------------------------

def is_direct_custodian(person, copy: Copy, on: dt.date) -> bool:
    """The person holding the copy; for a copy in a unit's storage, its registry clerk or
    state-secret officer (in that unit or a unit above it, who keeps its storage)."""
    if person is None or not getattr(person, "is_authenticated", False):
        return False
    if copy.custodian_person_id:
        return copy.custodian_person_id == person.pk
    return selectors.holds_role(person, CUSTODIAN_ROLES, [copy.custodian_unit_id], on)


def _held_in(copy: Copy, units: set[int], on: dt.date) -> bool:
    """Whether the copy is in the storage of these units or with one of their people."""
    if copy.custodian_unit_id:
        return copy.custodian_unit_id in units
    return bool(copy.custodian_person.unit_ids_on(on) & units)


def _numbers(copies) -> str:
    return ", ".join(f"{c.item.reference} bản {'sao ' if c.origin == 'reproduction' else ''}số {c.number:02d}"
                     for c in copies)


def _state_refusal(copies, on: dt.date) -> Refused:
    return Refused(
        _("Không tiêu hủy được %(copies)s: bản đang mang ra ngoài, đang chuyển giao, không xuất trình được hoặc đã "
          "tiêu hủy (%(states)s). Chỉ tiêu hủy bản đang lưu giữ.")
        % {"copies": _numbers(copies), "states": ", ".join(sorted({c.get_status_display() for c in copies}))},
        rule="destruction.copy_state", basis=grounds_basis(on), field="copies")


# --- Visibility ----------------------------------------------------------------------------

def visible_destructions(person, on: dt.date | None = None):
    """Destructions whose every item the person may see: the list itself is secret."""
    visible = SecretItem.objects.visible_to(person, on).values("pk")
    hidden = DestructionLine.objects.exclude(item_id__in=visible).values("destruction_id")
    return Destruction.objects.exclude(pk__in=hidden).select_related("unit", "proposed_by", "decided_by", "council")


def get_destruction_or_404(person, pk: int, on: dt.date | None = None) -> Destruction:
    destruction = visible_destructions(person, on).filter(pk=pk).first()
    if destruction is None:
        raise Http404(_("Không tìm thấy."))
    return destruction


def visible_emergencies(person, on: dt.date | None = None):
    visible = SecretItem.objects.visible_to(person, on).values("pk")
    return EmergencyDestruction.objects.filter(item_id__in=visible).select_related(
        "item", "copy", "custodian", "unit", "head", "report_sent_to")


def get_emergency_or_404(person, pk: int, on: dt.date | None = None) -> EmergencyDestruction:
    emergency = visible_emergencies(person, on).filter(pk=pk).first()
    if emergency is None:
        raise Http404(_("Không tìm thấy."))
    return emergency


def _lock(destruction: Destruction, actor) -> Destruction:
    """The destruction, locked, after checking the actor may see every item on it."""
    destruction = (Destruction.objects.select_for_update(of=("self",)).select_related("unit", "council")
                   .get(pk=destruction.pk))
    for item_id in destruction.lines.values_list("item_id", flat=True).distinct():
        get_visible_or_404(SecretItem.objects.all(), actor, pk=item_id)
    return destruction


def _status_refusal(destruction: Destruction, expected: str, on: dt.date) -> Refused:
    return Refused(_("Hồ sơ tiêu hủy này đang ở trạng thái «%(status)s», không phải «%(expected)s».")
                   % {"status": destruction.get_status_display(), "expected": DestructionStatus(expected).label},
                   rule="destruction.state", basis=council_basis(on))


# --- 1. The list of copies proposed ------------------------------------------------------------

def candidate_copies(person, unit: Unit, on: dt.date, item: SecretItem | None = None):
    """Copies `unit` holds (its storage or its people) of items `person` may see, that may be
    listed: held, and on no open destruction list."""
    units = Unit.objects.descendant_ids([unit.pk])
    people = Tenure.objects.held_on(on).filter(position__unit_id__in=units).values("person_id")
    copies = (Copy.objects.filter(Q(custodian_unit_id__in=units) | Q(custodian_person_id__in=people),
                                  status=CopyStatus.HELD)
              .exclude(destruction_lines__destruction__status__in=OPEN)
              .filter(item__in=SecretItem.objects.visible_to(person, on).values("pk")))
    if item is not None:
        copies = copies.filter(item=item)
    return copies.select_related("item", "custodian_person", "custodian_unit").order_by("item_id", "origin", "number")


def propose_destruction(actor, *, unit: Unit, copies, grounds: str, on: dt.date) -> Destruction:
    """The storing unit's list of copies proposed for destruction (danh sách đề nghị tiêu hủy)."""
    grounds = nfc(grounds or "").strip()
    ids = sorted({c.pk if isinstance(c, Copy) else int(c) for c in copies or []})
    errors = {}
    if not ids:
        errors["copies"] = _("Chọn ít nhất một bản đề nghị tiêu hủy.")
    if not grounds:
        errors["grounds"] = _("Cần ghi lý do đề nghị tiêu hủy (không còn cần thiết lưu giữ, việc tiêu hủy không gây "
                              "nguy hại).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        found = list(Copy.objects.select_for_update(of=("self",)).filter(pk__in=ids)
                     .select_related("item", "custodian_person").order_by("item_id", "origin", "number"))
        if len(found) != len(ids):
            raise Http404(_("Không tìm thấy."))
        items = {}
        for copy in found:
            if copy.item_id not in items:
                # Hidden and absent look alike.
                items[copy.item_id] = get_visible_or_404(SecretItem.objects.all(), actor, pk=copy.item_id)
        require_register_keeper(actor, unit, on)
        units = set(Unit.objects.descendant_ids([unit.pk]))
        elsewhere = [c for c in found if not _held_in(c, units, on)]
        if elsewhere:
            raise Refused(
                _("%(copies)s không do %(unit)s lưu giữ. Mỗi cơ quan, đơn vị chỉ đề nghị tiêu hủy bản mình đang lưu "
                  "giữ; bản do nơi khác giữ thì nơi đó tiêu hủy qua hội đồng của mình.")
                % {"copies": _numbers(elsewhere), "unit": unit.name},
                rule="destruction.own_copies", basis=council_basis(on), field="copies")
        not_held = [c for c in found if c.status != CopyStatus.HELD]
        if not_held:
            raise _state_refusal(not_held, on)
        listed = list(DestructionLine.objects.filter(copy_id__in=ids, destruction__status__in=OPEN)
                      .select_related("copy", "copy__item", "destruction"))
        if listed:
            raise Refused(_("%(copies)s đã có trong danh sách đề nghị tiêu hủy #%(pk)s đang xử lý.")
                          % {"copies": _numbers([line.copy for line in listed]), "pk": listed[0].destruction_id},
                          rule="destruction.already_listed", basis=council_basis(on), field="copies")
        level = highest_level(items.values())
        destruction = Destruction.objects.create(unit=unit, level=level, proposed_by=actor, proposed_on=on,
                                                 grounds=grounds)
        DestructionLine.objects.bulk_create([DestructionLine(destruction=destruction, item_id=c.item_id, copy=c)
                                             for c in found])
        ledger.record_event(
            "records.destruction.propose", actor=actor, unit=unit, obj=destruction,
            description=f"Lập danh sách đề nghị tiêu hủy {len(found)} bản của {len(items)} tài liệu "
                        f"(cao nhất {label(level)}) tại {unit.name}",
            payload={"copies": [c.pk for c in found], "items": sorted(items), "level": level,
                     "references": sorted({i.reference for i in items.values()}),
                     "grounds": ledger.secret_hash(grounds), "on": on})
    return destruction


# --- 2. The council ---------------------------------------------------------------------------

def _lines(destruction: Destruction):
    return destruction.lines.select_related("copy", "copy__item", "copy__custodian_person", "copy__custodian_unit",
                                            "item")


def missing_custodians(destruction: Destruction, people, on: dt.date) -> list[Copy]:
    """The copies whose direct custodian is not among `people`."""
    people = [p for p in people if p is not None]
    return [line.copy for line in _lines(destruction)
            if not any(is_direct_custodian(p, line.copy, on) for p in people)]


def establish_council(actor, destruction: Destruction, *, members: list[councils.MemberInput], reference: str,
                      on: dt.date) -> Council:
    """The authority sets up the destruction council, chaired by the storing body's
    leadership, with the direct custodian of every copy a member (Art. 23.4)."""
    with transaction.atomic():
        destruction = _lock(destruction, actor)
        if destruction.status != DestructionStatus.PROPOSED or destruction.council_id:
            raise Refused(_("Hồ sơ tiêu hủy này đã có hội đồng tiêu hủy hoặc đã có quyết định."),
                          rule="destruction.state", basis=council_basis(on))
        authority.authorize(actor, ACT, destruction.level, destruction.unit, on=on).require()
        missing = missing_custodians(destruction, [m.person for m in members], on)
        if missing:
            raise Refused(
                _("Người trực tiếp lưu giữ %(copies)s phải là thành viên hội đồng tiêu hủy (người đang giữ bản, "
                  "hoặc văn thư, cán bộ bảo mật của đơn vị lưu giữ).") % {"copies": _numbers(missing)},
                rule="destruction.custodian_member", basis=council_basis(on), field="members")
        items = SecretItem.objects.filter(pk__in=destruction.lines.values("item_id"))
        council = councils.establish_council(actor, kind=KIND, unit=destruction.unit, items=items, members=members,
                                             reference=reference, on=on)
        destruction.council = council
        destruction.save(update_fields=["council"])
        ledger.record_event(
            "records.destruction.council", actor=actor, unit=destruction.unit, obj=destruction,
            description=f"Hội đồng tiêu hủy {council.reference} xem xét hồ sơ tiêu hủy #{destruction.pk}",
            payload={"council": council.pk, "on": on})
    return council


def record_minutes(actor, destruction: Destruction, *, met_on: dt.date, minutes_reference: str, conclusion: str,
                   recommends: bool, on: dt.date) -> Council:
    """The council's minutes (councils.record_minutes) for this destruction."""
    destruction = get_destruction_or_404(actor, destruction.pk, on)
    if destruction.council is None:
        raise Refused(_("Hồ sơ tiêu hủy này chưa có hội đồng tiêu hủy."), rule="destruction.council_first",
                      basis=council_basis(on))
    return councils.record_minutes(actor, destruction.council, met_on=met_on, minutes_reference=minutes_reference,
                                   conclusion=conclusion, recommends=recommends, on=on)


# --- 3. The decision -------------------------------------------------------------------------

def decide_destruction(actor, destruction: Destruction, *, approve: bool = True, decision_reference: str,
                       method: str = "", reason: str = "", on: dt.date) -> Destruction:
    """The authority's decision, once the council has reported; it closes the council."""
    decision_reference, reason, method = nfc(decision_reference or "").strip(), nfc(reason or "").strip(), method or ""
    errors = {}
    if not decision_reference:
        errors["decision_reference"] = _("Cần ghi số quyết định.")
    if approve:
        _require_method(method, on, errors)
    elif not reason:
        errors["reason"] = _("Không quyết định tiêu hủy phải nêu rõ lý do.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        destruction = _lock(destruction, actor)
        if destruction.status != DestructionStatus.PROPOSED:
            raise _status_refusal(destruction, DestructionStatus.PROPOSED, on)
        decision = authority.authorize(actor, ACT, destruction.level, destruction.unit, on=on).require()
        council = destruction.council
        if council is None:
            raise Refused(_("Chỉ quyết định tiêu hủy sau khi hội đồng tiêu hủy đã được thành lập, đã họp và có biên "
                            "bản."), rule=f"councils.{KIND}.minutes_first", basis=council_basis(on), field="council")
        council = Council.objects.select_for_update().get(pk=council.pk)
        for item in SecretItem.objects.filter(pk__in=destruction.lines.values("item_id")):
            councils.require_reported(council, KIND, item, on)
        councils.close(council)
        destruction.council = council
        destruction.status = DestructionStatus.DECIDED if approve else DestructionStatus.REJECTED
        destruction.decided_by, destruction.decided_on = actor, on
        destruction.decision_reference, destruction.method = decision_reference, method if approve else ""
        destruction.decision_reason, destruction.authority_basis = reason, decision.basis
        destruction.save(update_fields=["status", "decided_by", "decided_on", "decision_reference", "method",
                                        "decision_reason", "authority_basis"])
        ledger.record_event(
            "records.destruction.decide", actor=actor, unit=destruction.unit, obj=destruction,
            description=(f"Quyết định tiêu hủy {destruction.decision_reference}: {destruction.lines.count()} bản "
                         f"(cao nhất {label(destruction.level)}), {method_name(method, on).lower()}"
                         if approve else
                         f"Không quyết định tiêu hủy hồ sơ #{destruction.pk} ({decision_reference})"),
            payload={"approve": approve, "reference": decision_reference, "method": method,
                     "reason": ledger.secret_hash(reason) if reason else "", "council": council.pk, "on": on,
                     "rule": decision.rule, "basis": decision.basis, "position": decision.position_id})
    return destruction


def may_decide(person, destruction: Destruction, on: dt.date) -> bool:
    return authority.authorize(person, ACT, destruction.level, destruction.unit, on=on).allowed


# --- 4. The destruction record and its signatures ------------------------------------------

def may_draw_up(person, destruction: Destruction, on: dt.date) -> bool:
    """The council's chair or secretary, or the storing unit's registry."""
    council = destruction.council
    return council is not None and councils.may_record_minutes(person, council, on)


def draw_up_record(actor, destruction: Destruction, *, reference: str, carried_out_on: dt.date, place: str,
                   method: str, sequence: str, executors, on: dt.date) -> DestructionRecord:
    reference, place, sequence = (nfc(v or "").strip() for v in (reference, place, sequence))
    executors = [e for e in executors or [] if e is not None]
    errors = {}
    if not reference:
        errors["reference"] = _("Cần ghi số biên bản tiêu hủy.")
    if not place:
        errors["place"] = _("Cần ghi địa điểm tiêu hủy.")
    if not sequence:
        errors["sequence"] = _("Cần ghi trình tự tiêu hủy.")
    if not executors:
        errors["executors"] = _("Cần ghi người thực hiện tiêu hủy.")
    if carried_out_on is None:
        errors["carried_out_on"] = _("Cần ghi ngày tiêu hủy.")
    _require_method(method, on, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        destruction = _lock(destruction, actor)
        if destruction.status != DestructionStatus.DECIDED:
            raise _status_refusal(destruction, DestructionStatus.DECIDED, on)
        if DestructionRecord.objects.filter(destruction=destruction).exists():
            raise Refused(_("Hồ sơ tiêu hủy này đã có biên bản tiêu hủy."), rule="destruction.record_once",
                          basis=record_basis(on))
        if not may_draw_up(actor, destruction, on):
            raise Refused(_("Chỉ Chủ tịch, Thư ký hội đồng tiêu hủy hoặc văn thư, cán bộ bảo mật của %(unit)s mới lập "
                            "biên bản tiêu hủy.") % {"unit": destruction.unit.name},
                          rule="destruction.record_by", basis=record_basis(on))
        if carried_out_on < destruction.decided_on or carried_out_on > on:
            raise ValidationError({"carried_out_on": _(
                "Ngày tiêu hủy phải từ ngày quyết định (%(decided)s) đến hôm nay.") % {
                "decided": f"{destruction.decided_on:%d/%m/%Y}"}})
        if method != destruction.method:
            raise Refused(_("Phương pháp tiêu hủy phải đúng như quyết định %(reference)s (%(method)s).")
                          % {"reference": destruction.decision_reference,
                             "method": method_name(destruction.method, on).lower()},
                          rule="destruction.method_as_decided", basis=grounds_basis(on), field="method")
        seated = set(destruction.council.members.filter(person__isnull=False).values_list("person_id", flat=True))
        outsiders = [e for e in executors if e.pk not in seated]
        if outsiders:
            raise ValidationError({"executors": _("Người thực hiện tiêu hủy phải là thành viên hội đồng (%(names)s "
                                                  "không phải).") % {"names": ", ".join(e.full_name
                                                                                        for e in outsiders)}})
        record = DestructionRecord.objects.create(
            destruction=destruction, reference=reference, carried_out_on=carried_out_on, place=place, method=method,
            sequence=sequence, drawn_up_by=actor, drawn_up_at=timezone.now())
        record.executors.set(executors)
        ledger.record_event(
            "records.destruction.record", actor=actor, unit=destruction.unit, obj=record,
            description=f"Lập biên bản tiêu hủy {reference} (hồ sơ #{destruction.pk}), chờ các thành viên hội đồng ký",
            payload={"destruction": destruction.pk, "reference": reference, "carried_out_on": carried_out_on,
                     "place": place, "method": method, "sequence": ledger.secret_hash(sequence),
                     "executors": [e.pk for e in executors], "on": on})
    return record


def _open_record(destruction: Destruction, on: dt.date) -> DestructionRecord:
    record = DestructionRecord.objects.select_for_update(of=("self",)).filter(destruction=destruction).first()
    if record is None:
        raise Refused(_("Hồ sơ tiêu hủy này chưa có biên bản tiêu hủy."), rule="destruction.record_first",
                      basis=record_basis(on))
    if record.completed_at is not None:
        raise Refused(_("Biên bản tiêu hủy %(reference)s đã hoàn tất.") % {"reference": record.reference},
                      rule="destruction.record_complete", basis=record_basis(on))
    return record


def unsigned_members(record: DestructionRecord) -> list[CouncilMember]:
    signed = record.signatures.values("member_id")
    return list(record.destruction.council.members.exclude(pk__in=signed).select_related("person"))


def _sign(record: DestructionRecord, member: CouncilMember, method: str, actor) -> DestructionSignature:
    if record.signatures.filter(member=member).exists():
        raise Refused(_("%(name)s đã ký biên bản tiêu hủy này.") % {"name": member.name},
                      rule="destruction.signature_once", basis=record_basis(timezone.localdate()))
    return DestructionSignature.objects.create(record=record, member=member, method=method,
                                               signed_at=timezone.now(), recorded_by=actor)


def sign_record(actor, destruction: Destruction, *, password: str | None = None, code: str | None = None,
                on: dt.date) -> DestructionSignature:
    """A council member of the installation signs with their password or current TOTP code
    (the same verification as a signed receipt). Nothing is written on failure."""
    from bmnn.records.services.delivery import _verify_signature

    with transaction.atomic():
        destruction = _lock(destruction, actor)
        record = _open_record(destruction, on)
        member = destruction.council.members.filter(person=actor).first()
        if member is None:
            raise Refused(_("%(name)s không phải thành viên hội đồng tiêu hủy %(reference)s, nên không ký biên bản.")
                          % {"name": actor.full_name, "reference": destruction.council.reference},
                          rule="destruction.signature_member", basis=record_basis(on))
        try:
            method = _verify_signature(actor, password, code, on)
        except Refused as refusal:
            raise Refused(_("Mật khẩu hoặc mã xác thực không đúng; chữ ký trên biên bản tiêu hủy chưa được ghi "
                            "nhận."), rule="destruction.signature", basis=record_basis(on),
                          field=refusal.field) from None
        signature = _sign(record, member, method, actor)
        ledger.record_event(
            "records.destruction.sign", actor=actor, unit=destruction.unit, obj=record,
            description=f"{actor.full_name} ký biên bản tiêu hủy {record.reference}",
            payload={"destruction": destruction.pk, "member": member.pk, "method": method, "on": on})
    return signature


def may_record_paper_signatures(person, council: Council) -> bool:
    """The council's secretary; the chair when the council has none."""
    seats = {m.person_id: m.role for m in council.members.all() if m.person_id}
    role = CouncilRole.SECRETARY if CouncilRole.SECRETARY in seats.values() else CouncilRole.CHAIR
    return seats.get(person.pk) == role


def record_paper_signature(actor, destruction: Destruction, *, member: CouncilMember,
                           on: dt.date) -> DestructionSignature:
    """An outside representative signed the paper record; the secretary records it."""
    with transaction.atomic():
        destruction = _lock(destruction, actor)
        record = _open_record(destruction, on)
        council = destruction.council
        if member.council_id != council.pk:
            raise ValidationError({"member": _("Người này không phải thành viên hội đồng tiêu hủy này.")})
        if member.person_id:
            raise ValidationError({"member": _("%(name)s là người trong hệ thống, tự ký bằng mật khẩu hoặc mã xác "
                                               "thực.") % {"name": member.name}})
        if not may_record_paper_signatures(actor, council):
            raise Refused(_("Chỉ Thư ký hội đồng (Chủ tịch, khi hội đồng không có thư ký) ghi nhận chữ ký trên giấy "
                            "của đại diện cơ quan ngoài hệ thống."), rule="destruction.paper_signature",
                          basis=record_basis(on))
        signature = _sign(record, member, SignatureMethod.PAPER, actor)
        ledger.record_event(
            "records.destruction.sign_paper", actor=actor, unit=destruction.unit, obj=record,
            description=f"Ghi nhận chữ ký trên giấy của {member.name} ({member.external_body}) vào biên bản tiêu hủy "
                        f"{record.reference}",
            payload={"destruction": destruction.pk, "member": member.pk, "on": on})
    return signature


def _destroy_copies(copies, act: str, at) -> list[int]:
    """Copies become DESTROYED: the open custody period closes with the act (a last, closed
    period named for it). Items left with no other copy become DESTROYED records.
    Returns the ids of the items destroyed."""
    for copy in copies:
        CustodyRecord.objects.filter(copy=copy, until__isnull=True).update(until=at)
        CustodyRecord.objects.create(copy=copy, custodian_person=copy.custodian_person,
                                     custodian_unit=copy.custodian_unit, storage_place=copy.storage_place,
                                     since=at, until=at, act=act)
        copy.status = CopyStatus.DESTROYED
        copy.save(update_fields=["status"])
    item_ids = {c.item_id for c in copies}
    remaining = set(Copy.objects.filter(item_id__in=item_ids).exclude(status=CopyStatus.DESTROYED)
                    .values_list("item_id", flat=True))
    gone = sorted(item_ids - remaining)
    SecretItem.objects.filter(pk__in=gone).update(status=ItemStatus.DESTROYED)
    return gone


def complete_record(actor, destruction: Destruction, *, on: dt.date) -> DestructionRecord:
    """Every member has signed: the copies listed are destroyed, the file is done."""
    with transaction.atomic():
        destruction = _lock(destruction, actor)
        if destruction.status != DestructionStatus.DECIDED:
            raise _status_refusal(destruction, DestructionStatus.DECIDED, on)
        record = _open_record(destruction, on)
        if not may_draw_up(actor, destruction, on):
            raise Refused(_("Chỉ Chủ tịch, Thư ký hội đồng tiêu hủy hoặc văn thư, cán bộ bảo mật của %(unit)s mới hoàn "
                            "tất biên bản tiêu hủy.") % {"unit": destruction.unit.name},
                          rule="destruction.record_by", basis=record_basis(on))
        missing = unsigned_members(record)
        if missing:
            raise Refused(_("Biên bản tiêu hủy phải có chữ ký của tất cả thành viên hội đồng; còn thiếu: %(names)s.")
                          % {"names": ", ".join(m.name for m in missing)},
                          rule="destruction.all_signatures", basis=record_basis(on))
        copies = list(Copy.objects.select_for_update(of=("self",)).filter(pk__in=destruction.lines.values("copy_id"))
                      .select_related("item").order_by("item_id", "origin", "number"))
        not_held = [c for c in copies if c.status != CopyStatus.HELD]
        if not_held:
            raise _state_refusal(not_held, on)
        at = timezone.now()
        gone = _destroy_copies(copies, "destruction", at)
        record.completed_at, record.completed_by = at, actor
        record.save(update_fields=["completed_at", "completed_by"])
        destruction.status = DestructionStatus.DONE
        destruction.save(update_fields=["status"])
        ledger.record_event(
            "records.destruction.complete", actor=actor, unit=destruction.unit, obj=record,
            description=f"Hoàn tất biên bản tiêu hủy {record.reference}: đã tiêu hủy {len(copies)} bản "
                        f"({_numbers(copies)})",
            payload={"destruction": destruction.pk, "decision": destruction.decision_reference,
                     "copies": [c.pk for c in copies], "items_destroyed": gone,
                     "carried_out_on": record.carried_out_on, "method": record.method, "on": on})
    return record


# --- Emergency destruction ---------------------------------------------------------------

def _head_of(unit: Unit, exclude, on: dt.date):
    """The nearest leader (người đứng đầu) at or above `unit`, other than `exclude`."""
    for unit_id in Unit.objects.ancestor_ids(unit.pk):  # nearest first
        tenure = (Tenure.objects.held_on(on).filter(position__unit_id=unit_id, position__role=Role.LEADER)
                  .exclude(person=exclude).select_related("person").order_by("pk").first())
        if tenure is not None:
            return tenure.person
    return None


def _custodian_unit(actor, copy: Copy, on: dt.date) -> Unit:
    if copy.custodian_unit_id:
        return copy.custodian_unit
    own = actor.unit_ids_on(on)
    holding = set(Unit.objects.descendant_ids([copy.item.holding_unit_id]))
    chosen = sorted(own & holding) or sorted(own)
    return Unit.objects.get(pk=chosen[0]) if chosen else copy.item.holding_unit


def may_destroy_in_emergency(person, copy: Copy, on: dt.date) -> bool:
    return copy.status in EMERGENCY_STATES and is_direct_custodian(person, copy, on)


def emergency_destroy(actor, copy: Copy, *, reason: str, method: str, destroyed_on: dt.date, place: str,
                      destroyed_at_time: dt.time | None = None, on: dt.date) -> EmergencyDestruction:
    """The custodian holding the copy destroyed it at once (Art. 23.1.b, 23.3.c)."""
    reason, place = nfc(reason or "").strip(), nfc(place or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Cần ghi lý do phải tiêu hủy ngay (nếu không tiêu hủy ngay sẽ gây nguy hại gì).")
    if not place:
        errors["place"] = _("Cần ghi nơi tiêu hủy.")
    if destroyed_on is None:
        errors["destroyed_on"] = _("Cần ghi ngày tiêu hủy.")
    elif destroyed_on > on:
        errors["destroyed_on"] = _("Ngày tiêu hủy không được sau hôm nay.")
    _require_method(method, on, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        copy = (Copy.objects.select_for_update(of=("self",)).select_related("item", "custodian_unit",
                                                                            "custodian_person").get(pk=copy.pk))
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), actor, pk=copy.item_id)
        if not is_direct_custodian(actor, copy, on):
            rule = loader.regime_on(on).deadlines.get("emergency_destruction_report")
            raise Refused(_("%(name)s không phải người đang trực tiếp quản lý %(copy)s; chỉ người đang quản lý mới "
                            "được tự tiêu hủy trong trường hợp khẩn cấp.")
                          % {"name": actor.full_name, "copy": _numbers([copy])},
                          rule="destruction.emergency_custodian", basis=rule.citation if rule else emergency_basis(on))
        if copy.status not in EMERGENCY_STATES:
            raise _state_refusal([copy], on)
        unit = _custodian_unit(actor, copy, on)
        regime = loader.regime_on(on)
        deadline = regime.deadlines["emergency_destruction_report"]
        emergency = EmergencyDestruction.objects.create(
            item=item, copy=copy, custodian=actor, unit=unit, head=_head_of(unit, actor, on),
            destroyed_on=destroyed_on, destroyed_at_time=destroyed_at_time, place=place, method=method, reason=reason,
            recorded_at=timezone.now(), report_due_on=destroyed_on + dt.timedelta(days=deadline.days),
            deadline_basis=deadline.citation)
        gone = _destroy_copies([copy], "emergency_destruction", timezone.now())
        ledger.record_event(
            "records.destruction.emergency", actor=actor, unit=unit, obj=emergency,
            description=f"Tiêu hủy khẩn cấp {_numbers([copy])} ({label(item.level)}), "
                        f"{method_name(method, on).lower()}; chờ báo cáo bằng văn bản",
            payload={"copy": copy.pk, "item": item.pk, "destroyed_on": destroyed_on,
                     "time": destroyed_at_time.isoformat() if destroyed_at_time else None, "place": place,
                     "method": method, "reason": ledger.secret_hash(reason), "head": emergency.head_id,
                     "report_due_on": emergency.report_due_on, "item_destroyed": bool(gone), "on": on})
    return emergency


def may_report(person, emergency: EmergencyDestruction, on: dt.date) -> bool:
    return emergency.custodian_id == person.pk or is_register_keeper(person, emergency.unit, on)


def report_emergency(actor, emergency: EmergencyDestruction, *, reference: str, sent_on: dt.date, sent_to,
                     on: dt.date) -> EmergencyDestruction:
    """The written report to the head: to whom, its reference, its date."""
    reference = nfc(reference or "").strip()
    errors = {}
    if not reference:
        errors["reference"] = _("Cần ghi số văn bản báo cáo.")
    if sent_to is None:
        errors["sent_to"] = _("Chọn người đứng đầu nhận báo cáo.")
    if sent_on is None:
        errors["sent_on"] = _("Cần ghi ngày gửi báo cáo.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        emergency = (EmergencyDestruction.objects.select_for_update(of=("self",)).select_related("unit", "item")
                     .get(pk=emergency.pk))
        get_visible_or_404(SecretItem.objects.all(), actor, pk=emergency.item_id)
        if emergency.reported:
            raise Refused(_("Việc tiêu hủy khẩn cấp này đã có báo cáo (%(reference)s).")
                          % {"reference": emergency.report_reference},
                          rule="destruction.emergency_reported", basis=emergency_basis(on))
        if not may_report(actor, emergency, on):
            raise Refused(_("Chỉ người đã tiêu hủy hoặc văn thư, cán bộ bảo mật của %(unit)s ghi báo cáo.")
                          % {"unit": emergency.unit.name}, rule="destruction.emergency_report_by",
                          basis=emergency_basis(on))
        if sent_on < emergency.destroyed_on or sent_on > on:
            raise ValidationError({"sent_on": _("Ngày gửi báo cáo phải từ ngày tiêu hủy (%(date)s) đến hôm nay.")
                                   % {"date": f"{emergency.destroyed_on:%d/%m/%Y}"}})
        emergency.report_reference, emergency.report_sent_on = reference, sent_on
        emergency.report_sent_to, emergency.report_recorded_by = sent_to, actor
        emergency.report_late = sent_on > emergency.report_due_on
        emergency.save(update_fields=["report_reference", "report_sent_on", "report_sent_to", "report_recorded_by",
                                      "report_late"])
        ledger.record_event(
            "records.destruction.emergency_report", actor=actor, unit=emergency.unit, obj=emergency,
            description=f"Báo cáo {reference} gửi {sent_to.full_name} về việc tiêu hủy khẩn cấp "
                        f"{emergency.item.reference}" + (" (chậm)" if emergency.report_late else ""),
            payload={"reference": reference, "sent_on": sent_on, "sent_to": sent_to.pk,
                     "late": emergency.report_late, "due_on": emergency.report_due_on, "on": on})
    return emergency


def _unreported():
    return EmergencyDestruction.objects.filter(report_sent_on__isnull=True)


@tick.step("destruction.emergency_report_overdue", "Báo cáo tiêu hủy khẩn cấp quá hạn")
def flag_emergency_reports(on: dt.date, progress=None) -> int:
    """An emergency destruction whose report was not sent by its due date: flagged once."""
    due = _unreported().filter(report_due_on__lt=on, overdue_flagged_on__isnull=True)
    changed = 0
    for ids in tick.batches(due):
        with transaction.atomic():
            for emergency in (EmergencyDestruction.objects.select_for_update(of=("self",)).filter(
                    pk__in=ids, report_sent_on__isnull=True, overdue_flagged_on__isnull=True)
                    .select_related("item", "unit", "custodian")):
                emergency.overdue_flagged_on = on
                emergency.save(update_fields=["overdue_flagged_on"])
                ledger.record_event(
                    "records.destruction.emergency_overdue", actor=None, unit=emergency.unit, obj=emergency,
                    description=f"Quá hạn báo cáo tiêu hủy khẩn cấp {emergency.item.reference} "
                                f"(hạn {emergency.report_due_on:%d/%m/%Y}, {emergency.custodian.full_name})",
                    payload={"due_on": emergency.report_due_on, "basis": emergency.deadline_basis, "on": on})
                changed += 1
        if progress:
            progress(len(ids))
    return changed


# --- What waits for a person ---------------------------------------------------------------

def queues(person, on: dt.date) -> list:
    """destruction_to_decide: listed copies awaiting a council or a decision from an authority
    who may decide; destruction_to_sign: records awaiting the person's signature (or, for who
    draws it up, the record itself); destruction_emergency_reports: emergency destructions
    without their written report, for the custodian and the head."""
    from bmnn.records.services.queues import Queue, _authorized, _bounded

    if person is None or not getattr(person, "is_authenticated", False):
        return [Queue("destruction_to_decide"), Queue("destruction_to_sign"), Queue("destruction_emergency_reports")]
    visible = visible_destructions(person, on)
    to_decide = _authorized("destruction_to_decide", person,
                            visible.filter(status=DestructionStatus.PROPOSED).order_by("proposed_on", "pk"),
                            ACT, lambda d: d.level, lambda d: d.unit_id, on)
    seats = CouncilMember.objects.filter(person=person).values("council_id")
    signed = DestructionSignature.objects.filter(member__person=person).values("record_id")
    to_sign = _bounded("destruction_to_sign", visible.filter(
        status=DestructionStatus.DECIDED, council_id__in=seats).filter(
        Q(record__isnull=True) | ~Q(record__pk__in=signed)).order_by("decided_on", "pk"))
    reports = _bounded("destruction_emergency_reports", visible_emergencies(person, on).filter(
        report_sent_on__isnull=True).filter(Q(custodian=person) | Q(head=person)).order_by("report_due_on", "pk"))
    return [to_decide, to_sign, reports]

