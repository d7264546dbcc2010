"""Delivery (giao) and receipt (nhận) of secret items between units, and registering
items that arrive from bodies outside the installation.

The path of a delivery (legal-rules.md §4.2, rules B1, B3, B7):

1. `deliver`: only an item already in an outgoing register (rule B1) leaves; the
   envelope follows the level (letter A/B/C, an inner sealed envelope for Tuyệt
   mật, "Chỉ người có tên mới được bóc bì" for a named person only); the handover
   book (sổ chuyển giao) of the sending unit gets a line. The copies become
   IN_TRANSIT but **stay in the sending unit's custody until the receiver signs**:
   the sender remains answerable for them (its stock-take still lists them), and the
   receiving unit learns nothing of the item beyond the envelope's outer markings.
2. `confirm_receipt`: the receiver counts copies, pages and attachments and signs
   with their password or current TOTP code (the Receipt row is the signed receipt).
   Counts that differ from the delivery are recorded (mismatch) and block
   registration (Decree 26 Art. 4.3): `resolve_mismatch`, then `register_received`.
   Counts that match register the item in the receiving unit's incoming register and
   move the copies to the receiving unit's storage, or to the named person.
3. A named-person-only envelope is registered from its outer markings (reference,
   level, sender: no summary or content fields) and routed unopened to the named
   person. Simple rule for "Hỏa tốc": when the envelope is express and the named
   person is absent (said so by the receiver, or holding no post that day), it goes
   to the receiving unit's leader (a deputy when there is no leader).
   A sealed named-only envelope cannot be opened by the clerk who signs for it, so
   only the number of envelopes (copies) is reconciled then; pages and attachments
   are recorded as counted but not compared.
4. `register_arrival`: an item from an outside body is recorded (status RECEIVED),
   its copies created and the incoming register line written in one act.
5. To a body or person outside the installation (a granted provision): `deliver` with
   `to_external` (the addressee as written on the envelope) instead of `to_unit`. The
   outside receiver has no account, so they sign the paper (handover book or receipt
   slip) and the sending unit's keeper records it (`record_external_receipt`): the
   counts must match, and the copies then leave the unit's answerability (PROVIDED).

Every act checks its authority, then writes its change and ledger event in one
transaction. The ledger never receives a summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label
from bmnn.core.text import nfc
from bmnn.org.models import Role, Tenure, Unit
from bmnn.records.models import (Copy, CopyStatus, Delivery, DeliveryStatus, ItemStatus, Receipt, RegisterEntry,
                                 RegisterKind, SecretItem)
from bmnn.records.services import custody, registers
from bmnn.records.services.permissions import require_register_keeper
from bmnn.rulebook import authority, loader
from bmnn.rulebook.citations import carried_over, cite, texts_on

NAMED_ONLY_MARK = "Chỉ người có tên mới được bóc bì"
EXPRESS_MARK = "Hỏa tốc"


# --- Bases, from the rulebook's texts where the regime has them -------------------------------

def _cite(on: dt.date, article: str, text: str = "DECREE_26_2020", fallback: str = "Nghị định 26/2020/NĐ-CP") -> str:
    citation = cite(on, text, article, fallback)
    # Under the 2026 regime Decree 26/2020 applies on until Decree 63/2026 is read (◐).
    if carried_over(on) and text == "DECREE_26_2020":
        citation += f"; {texts_on(on)['DECREE_63_2026'].citation} (◐ chưa xác minh)"
    return citation


def outgoing_basis(on: dt.date) -> str:
    """Rule B1: an item is registered as outgoing before it is delivered."""
    return _cite(on, "Điều 4 khoản 1 điểm a")


def reconcile_basis(on: dt.date) -> str:
    """Rule B7: quantities reconciled before registering and signing."""
    return _cite(on, "Điều 4 khoản 3")


def incoming_basis(on: dt.date) -> str:
    """Rule B3: registered in the incoming register after receipt; named-only envelopes unopened."""
    return _cite(on, "Điều 4 khoản 2")


def signature_basis(on: dt.date) -> str:
    """The receiver signs the handover (Law Art. 13)."""
    return _cite(on, "Điều 13", text="LAW_2018", fallback="Luật BVBMNN 2018")


# --- The envelope ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Envelope:
    letter: str
    inner: bool  # a second, sealed inner envelope (Tuyệt mật)
    basis: str


def envelope_for(level: str, on: dt.date) -> Envelope:
    """The envelope the level requires on that date, from the rulebook's level data."""
    regime = loader.regime_on(on)
    if regime is None or level not in regime.levels:
        raise Refused(_("Không có quy định về bì cho độ mật này vào ngày giao."), rule="rulebook:no_regime")
    rule = regime.levels[level]
    return Envelope(letter=rule.envelope_letter, inner=rule.envelope_count >= 2,
                    basis=rule.envelope.citation if rule.envelope else "")


@dataclass(frozen=True)
class EnvelopeFace:
    """One envelope as it must be written and stamped (Decree 26 Art. 4.1.b; legal-rules.md §2.3)."""

    kind: str  # "outer" (Tuyệt mật, like ordinary mail) | "inner" (Tuyệt mật, sealed) | "single" (Tối mật, Mật)
    sender: str
    addressee: str
    reference: str  # the item's number and symbol; "" on an outer envelope
    stamps: tuple[str, ...]  # stamp codes of the stamp forms, in stamping order
    marks: tuple[str, ...]  # the same marks as text, "Hỏa tốc" included (no stamp form of its own)
    sealed: bool = False  # sealed with the body's seal on the outside


def envelope_faces(delivery: Delivery) -> list[EnvelopeFace]:
    """The envelopes of a delivery, outermost first: outer markings only, never content."""
    item = delivery.item
    sender = delivery.from_unit.name if delivery.from_unit_id else delivery.from_external
    addressee = delivery.addressee
    if delivery.named_recipient_id:
        addressee = f"{delivery.named_recipient.full_name} – {addressee}"
    letter = (f"envelope_{delivery.envelope_mark}",), (delivery.envelope_mark,)
    express = (EXPRESS_MARK,) if delivery.express else ()
    named = (("named_only",), (NAMED_ONLY_MARK,)) if delivery.named_recipient_only else ((), ())
    if delivery.inner_envelope:
        return [EnvelopeFace("outer", sender, delivery.addressee, "", letter[0], letter[1] + express),
                EnvelopeFace("inner", sender, addressee, item.reference, (f"level_{item.level}", *named[0]),
                             (Level(item.level).label.upper(), *named[1]), sealed=True)]
    return [EnvelopeFace("single", sender, addressee, item.reference, letter[0] + named[0],
                         letter[1] + express + named[1])]


def envelope_sheet(delivery: Delivery) -> dict:
    """The marks to write on the outer (and inner) envelope, as the API gives them."""
    faces = envelope_faces(delivery)
    outer, inner = faces[0], (faces[1] if len(faces) > 1 else None)
    return {"outer": {"marks": list(outer.marks), "sender": outer.sender, "addressee": outer.addressee,
                      "reference": outer.reference},
            "inner": inner and {"marks": list(inner.marks), "sender": inner.sender, "addressee": inner.addressee,
                                "reference": inner.reference, "sealed": True},
            "copies": delivery.copies.count(), "pages": delivery.pages, "attachments": delivery.attachments}


# --- Deliver ---------------------------------------------------------------------------------

def outgoing_entry(item) -> RegisterEntry | None:
    return (RegisterEntry.objects.filter(item=item, kind=RegisterKind.OUTGOING, cancelled_on__isnull=True)
            .order_by("year", "number").first())


def _copies_of(item, copies) -> list[Copy]:
    ids = [c.pk if isinstance(c, Copy) else int(c) for c in copies]
    found = list(Copy.objects.select_for_update().filter(item=item, pk__in=ids).order_by("origin", "number"))
    if not ids or len(found) != len(set(ids)):
        raise ValidationError({"copies": _("Chọn ít nhất một bản của chính tài liệu này.")})
    return found


def _holds_post_in(person, unit, on) -> bool:
    return bool(person.unit_ids_on(on) & set(Unit.objects.descendant_ids([unit.pk])))


def deliver(actor, item, *, copies, to_unit=None, to_external: str = "", named_recipient=None,
            named_recipient_only: bool = False, express: bool = False, on: dt.date) -> Delivery:
    """Send copies of an issued item to a unit of the installation, or (`to_external`,
    for a granted provision) to a body or person outside it (rule B1, B7)."""
    to_external = nfc(to_external or "").strip()[:300]
    if (to_unit is None) == (not to_external):
        raise ValidationError({"to_unit": _("Chọn đơn vị nhận, hoặc ghi cơ quan, người nhận bên ngoài (không cả hai).")})
    if to_external and named_recipient is not None:
        raise ValidationError({"named_recipient": _("Người nhận có tên phải thuộc một đơn vị trong hệ thống; với "
                                                    "bên nhận ngoài, ghi tên người nhận vào nơi nhận.")})
    if named_recipient_only and named_recipient is None:
        raise ValidationError({"named_recipient": _("Bì «%(mark)s» phải ghi tên người nhận.")
                                                  % {"mark": NAMED_ONLY_MARK}})
    with transaction.atomic():
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), actor, pk=item.pk)
        from_unit = item.holding_unit
        if to_unit is not None and to_unit.pk == from_unit.pk:
            raise ValidationError({"to_unit": _("Đơn vị nhận phải khác đơn vị gửi.")})
        if named_recipient is not None and not _holds_post_in(named_recipient, to_unit, on):
            raise ValidationError({"named_recipient": _("%(name)s không giữ chức vụ nào tại %(unit)s.")
                                                      % {"name": named_recipient.full_name, "unit": to_unit.name}})
        authority.authorize(actor, "deliver", item.level, from_unit, on=on).require()
        if outgoing_entry(item) is None:
            raise Refused(
                _("Tài liệu %(reference)s chưa được vào Sổ đăng ký bí mật nhà nước đi (hoặc dòng sổ đã bị hủy), "
                  "nên chưa được giao: phải vào sổ đi trước khi giao.") % {"reference": item.reference},
                rule="records.B1", basis=outgoing_basis(on))
        chosen = _copies_of(item, copies)
        units = set(Unit.objects.descendant_ids([from_unit.pk]))
        not_held = [c for c in chosen if c.status != CopyStatus.HELD or c.custodian_unit_id not in units]
        if not_held:
            raise Refused(
                _("Bản số %(numbers)s không đang lưu giữ tại %(unit)s, nên không giao được.")
                % {"numbers": ", ".join(f"{c.number:02d}" for c in not_held), "unit": from_unit.name},
                rule="records.delivery.copies_held", basis=loader.regime_on(on).act("deliver").citation,
                field="copies")
        envelope = envelope_for(item.level, on)
        recipient_text = (to_unit.name if to_unit else to_external) + (
            f" ({named_recipient.full_name})" if named_recipient else "")
        handover = registers.record_entry(
            actor, unit=from_unit, kind=RegisterKind.HANDOVER, entry_date=on, item=item, counterpart=recipient_text,
            copies_count=len(chosen),
            note=" ".join([f"Bì {envelope.letter}", *(["(bì trong niêm phong)"] if envelope.inner else []),
                           *([f"«{NAMED_ONLY_MARK}»"] if named_recipient_only else []),
                           *([f"«{EXPRESS_MARK}»"] if express else [])]))
        delivery = Delivery.objects.create(
            item=item, from_unit=from_unit, to_unit=to_unit, to_external=to_external, named_recipient=named_recipient,
            named_recipient_only=named_recipient_only, envelope_mark=envelope.letter, inner_envelope=envelope.inner,
            express=express, pages=item.pages, attachments=item.attachments, handover_entry=handover,
            sent_by=actor, sent_at=timezone.now())
        delivery.copies.set(chosen)
        for copy in chosen:
            custody.set_status(copy, CopyStatus.IN_TRANSIT)
        ledger.record_event(
            "records.delivery.send", actor=actor, unit=from_unit, obj=delivery,
            description=f"Giao {label(item.level)} {item.reference} cho {recipient_text}",
            payload={"item": item.pk, "reference": item.reference, "copies": [c.number for c in chosen],
                     "to_unit": to_unit.pk if to_unit else None, "to_external": to_external,
                     "named_recipient": named_recipient.pk if named_recipient else None,
                     "named_recipient_only": named_recipient_only, "express": express,
                     "envelope": envelope.letter, "inner_envelope": envelope.inner,
                     "handover_entry": f"{handover.number}/{handover.year}", "on": on})
    return delivery


# --- Receive ---------------------------------------------------------------------------------

class CountMismatch(Refused):
    """The counts differ: the receipt is recorded (mismatch) and registration waits.
    Raised after the receipt is committed; `.receipt` is the recorded receipt."""

    def __init__(self, receipt: Receipt, message: str, basis: str):
        super().__init__(message, rule="records.B7", basis=basis)
        self.receipt = receipt


def deliveries_to_receive(person, on: dt.date):
    """The envelopes awaiting `person`'s receipt: sent to their units, or to them by name."""
    from django.db.models import Q

    units = Unit.objects.descendant_ids(person.unit_ids_on(on))
    return (Delivery.objects.filter(Q(to_unit_id__in=units) | Q(named_recipient=person))
            .filter(status__in=[DeliveryStatus.SENT, DeliveryStatus.MISMATCH, DeliveryStatus.RECEIVED])
            .select_related("item", "from_unit", "to_unit", "named_recipient"))


def visible_deliveries(person, on: dt.date):
    """Deliveries a person may look at: of items they may see (the sender's side), or
    addressed to their units or to them (the receiver's side, which sees only the
    envelope's outer markings until the item is registered)."""
    visible = SecretItem.objects.visible_to(person, on).values("pk")
    receiving = deliveries_to_receive(person, on).values("pk")
    from django.db.models import Q

    return (Delivery.objects.filter(Q(item__in=visible) | Q(pk__in=receiving))
            .select_related("item", "from_unit", "to_unit", "named_recipient", "handover_entry"))


def may_see_content(person, delivery: Delivery, on: dt.date) -> bool:
    return SecretItem.objects.visible_to(person, on).filter(pk=delivery.item_id).exists()


def may_receive(person, delivery: Delivery, on: dt.date) -> bool:
    """Whether `person` may sign this delivery's receipt (the page offers the form only then)."""
    try:
        _require_receiver(person, delivery, on)
    except Refused:
        return False
    return True


def _require_receiver(receiver, delivery: Delivery, on: dt.date) -> None:
    if delivery.to_unit_id is None:
        # Outside the installation: the receiver signs paper; the sender records it.
        raise Refused(_("Bên nhận %(name)s ở ngoài hệ thống: bên giao ghi biên nhận có chữ ký của bên nhận.")
                      % {"name": delivery.to_external}, rule="records.delivery.external_receipt",
                      basis=signature_basis(on))
    if delivery.named_recipient_id == receiver.pk:
        return
    if not _holds_post_in(receiver, delivery.to_unit, on):
        act = loader.regime_on(on).act("receive")
        raise Refused(_("%(name)s không thuộc %(unit)s và không phải người nhận có tên, nên không được ký nhận.")
                      % {"name": receiver.full_name, "unit": delivery.to_unit.name},
                      rule=act.performed_by.id, basis=act.performed_by.citation)
    authority.authorize(receiver, "receive", delivery.item.level, delivery.to_unit, on=on).require()


def _verify_signature(receiver, password, code, on) -> str:
    """The receiver's password or current TOTP code is their signature. Nothing is written on failure."""
    from bmnn.accounts.services import verify_second_factor

    if code:
        if verify_second_factor(receiver, code.strip()):
            return "totp"
    elif password:
        if check_password(password, receiver.password):
            return "password"
    raise Refused(_("Mật khẩu hoặc mã xác thực không đúng; việc ký nhận chưa được ghi nhận."),
                  rule="records.receipt.signature", basis=signature_basis(on),
                  field="code" if code else "password")


def _leader_of(unit, on):
    tenures = (Tenure.objects.held_on(on).filter(position__unit=unit, position__role__in=[Role.LEADER, Role.DEPUTY])
               .select_related("person", "position"))
    ranked = sorted(tenures, key=lambda t: 0 if t.position.role == Role.LEADER else 1)
    return ranked[0].person if ranked else None


def _route(delivery: Delivery, on: dt.date, recipient_absent: bool):
    """Where the copies go on registration: (person or None, routing note)."""
    named = delivery.named_recipient
    if named is None:
        return None, ""
    absent = recipient_absent or not _holds_post_in(named, delivery.to_unit, on)
    if delivery.named_recipient_only and delivery.express and absent:
        leader = _leader_of(delivery.to_unit, on)
        if leader is None:
            raise Refused(_("Bì «%(express)s» gửi %(name)s, người này vắng mặt và %(unit)s không có lãnh đạo "
                            "nào để chuyển.") % {"express": EXPRESS_MARK, "name": named.full_name,
                                                 "unit": delivery.to_unit.name},
                          rule="records.B3", basis=incoming_basis(on))
        return leader, (f"Bì «{EXPRESS_MARK}», người có tên ({named.full_name}) vắng mặt: chuyển lãnh đạo "
                        f"{leader.full_name}, không bóc bì")
    if delivery.named_recipient_only:
        return named, f"Vào sổ theo dấu hiệu ngoài bì; chuyển ngay cho {named.full_name}, không bóc bì"
    return named, f"Chuyển {named.full_name}"


def _register(actor, delivery: Delivery, receipt: Receipt, on: dt.date, recipient_absent: bool = False):
    """Incoming register line and custody to the receiving unit (or person): rule B3."""
    item = delivery.item
    person, note = _route(delivery, on, recipient_absent)
    sender = delivery.from_unit.name if delivery.from_unit_id else delivery.from_external
    entry = registers.record_entry(actor, unit=delivery.to_unit, kind=RegisterKind.INCOMING, entry_date=on,
                                   item=item, counterpart=sender, copies_count=delivery.copies.count(), note=note)
    moved = []
    for copy in delivery.copies.select_for_update().order_by("number"):
        if person is not None:
            custody.move_copy(copy, to_person=person, act="receipt", status=CopyStatus.HELD)
        else:
            custody.move_copy(copy, to_unit=delivery.to_unit, act="receipt", status=CopyStatus.HELD)
        moved.append(copy.number)
    receipt.incoming_entry = entry
    receipt.save(update_fields=["incoming_entry"])
    delivery.status = DeliveryStatus.REGISTERED
    delivery.save(update_fields=["status"])
    # Outer markings only: reference, level, sender — never the summary or content fields.
    ledger.record_event(
        "records.delivery.register", actor=actor, unit=delivery.to_unit, obj=delivery,
        description=f"Vào sổ đến số {entry.number}/{entry.year}: {label(item.level)} {item.reference} từ {sender}",
        payload={"item": item.pk, "reference": item.reference, "level": item.level, "sender": sender,
                 "incoming_entry": f"{entry.number}/{entry.year}", "copies": moved,
                 "custodian_person": person.pk if person else None,
                 "named_recipient_only": delivery.named_recipient_only, "on": on})
    return entry


def _differences(delivery: Delivery, counted: dict, sealed: bool) -> list[str]:
    expected = {"copies": delivery.copies.count(), "pages": delivery.pages, "attachments": delivery.attachments}
    names = {"copies": _("số bản"), "pages": _("số trang"), "attachments": _("số phụ lục, tài liệu kèm theo")}
    keys = ["copies"] if sealed else ["copies", "pages", "attachments"]
    return [_("%(what)s: giao %(expected)d, đếm được %(counted)d")
            % {"what": names[k], "expected": expected[k], "counted": counted[k]}
            for k in keys if expected[k] != counted[k]]


def confirm_receipt(receiver, delivery: Delivery, *, counted_copies: int, counted_pages: int,
                    counted_attachments: int, password: str | None = None, code: str | None = None,
                    recipient_absent: bool = False, on: dt.date) -> Receipt:
    """The receiver's signed receipt. Matching counts register the item at once;
    a mismatch is recorded and raises CountMismatch (after committing the receipt)."""
    counted = {"copies": int(counted_copies), "pages": int(counted_pages), "attachments": int(counted_attachments)}
    if min(counted.values()) < 0:
        raise ValidationError({"counted_copies": _("Số đếm được không thể âm.")})
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(of=("self",)).select_related("item", "from_unit", "to_unit",
                                                                       "named_recipient").get(pk=delivery.pk))
        _require_receiver(receiver, delivery, on)
        if delivery.status != DeliveryStatus.SENT:
            raise Refused(_("Lần giao này đã được ký nhận (%(status)s).") % {"status": delivery.get_status_display()},
                          rule="records.receipt.once", basis=reconcile_basis(on))
        method = _verify_signature(receiver, password, code, on)
        sealed = delivery.named_recipient_only and delivery.named_recipient_id != receiver.pk
        differences = _differences(delivery, counted, sealed)
        receipt = Receipt.objects.create(
            delivery=delivery, received_by=receiver, counted_copies=counted["copies"],
            counted_pages=counted["pages"], counted_attachments=counted["attachments"], confirmed_with=method,
            confirmed_at=timezone.now(), mismatch=bool(differences), mismatch_note="; ".join(differences)[:500])
        item = delivery.item
        ledger.record_event(
            "records.delivery.receipt", actor=receiver, unit=delivery.to_unit, obj=receipt,
            description=(f"Ký nhận {label(item.level)} {item.reference}"
                         + (" – sai lệch số lượng, chưa vào sổ" if differences else "")),
            payload={"delivery": delivery.pk, "counted": counted, "method": method, "mismatch": bool(differences),
                     "differences": differences, "sealed": sealed, "on": on})
        if differences:
            delivery.status = DeliveryStatus.MISMATCH
            delivery.save(update_fields=["status"])
        else:
            _register(receiver, delivery, receipt, on, recipient_absent)
    if differences:
        raise CountMismatch(receipt, _(
            "Số lượng không khớp (%(differences)s). Biên nhận đã được ghi lại với sai lệch; tài liệu chưa được vào "
            "sổ đến cho đến khi bên giao và bên nhận đối chiếu, xử lý xong.") % {"differences": "; ".join(differences)},
            basis=reconcile_basis(on))
    return receipt


def record_external_receipt(actor, delivery: Delivery, *, signed_by: str, signed_on: dt.date, counted_copies: int,
                            paper_reference: str = "", on: dt.date):
    """The sending unit's keeper records the receipt an outside receiver signed on paper
    (Law Art. 13: the receiver signs; Decree 26 Art. 4.3: counts reconciled first). The
    copies then leave the unit: status PROVIDED, custody history closed with the addressee."""
    from bmnn.records.models import ExternalReceipt

    signed_by, paper_reference = nfc(signed_by or "").strip(), nfc(paper_reference or "").strip()
    errors = {}
    if not signed_by:
        errors["signed_by"] = _("Ghi họ tên người đã ký nhận.")
    if signed_on is None:
        errors["signed_on"] = _("Ghi ngày ký nhận.")
    elif signed_on > on:
        errors["signed_on"] = _("Ngày ký nhận không thể sau ngày ghi.")
    if counted_copies is None or int(counted_copies) < 0:
        errors["counted_copies"] = _("Số bản đã ký nhận không thể âm.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(of=("self",))
                    .select_related("item", "from_unit", "handover_entry").get(pk=delivery.pk))
        if delivery.to_unit_id is not None:
            raise Refused(_("Lần giao này đến một đơn vị trong hệ thống: người nhận ký nhận trên hệ thống."),
                          rule="records.delivery.external_receipt", basis=signature_basis(on))
        require_register_keeper(actor, delivery.from_unit, on)
        if delivery.status != DeliveryStatus.SENT:
            raise Refused(_("Lần giao này đã được ký nhận (%(status)s).") % {"status": delivery.get_status_display()},
                          rule="records.receipt.once", basis=reconcile_basis(on))
        sent_on = (delivery.handover_entry.entry_date if delivery.handover_entry_id
                   else timezone.localtime(delivery.sent_at).date())
        if signed_on < sent_on:
            raise ValidationError({"signed_on": _("Ngày ký nhận không thể trước ngày giao.")})
        sent = delivery.copies.count()
        if int(counted_copies) != sent:
            raise Refused(_("Biên nhận ghi %(counted)d bản, đã giao %(sent)d bản: đối chiếu với bên nhận trước khi "
                            "ghi biên nhận.") % {"counted": int(counted_copies), "sent": sent},
                          rule="records.B7", basis=reconcile_basis(on), field="counted_copies")
        receipt = ExternalReceipt.objects.create(
            delivery=delivery, signed_by=signed_by[:200], signed_on=signed_on, counted_copies=sent,
            paper_reference=paper_reference[:120], recorded_by=actor, recorded_at=timezone.now())
        numbers = []
        for copy in delivery.copies.select_for_update().order_by("origin", "number"):
            custody.move_copy(copy, to_unit=delivery.from_unit, storage_place=f"Đã giao: {delivery.to_external}"[:200],
                              act="provision", status=CopyStatus.PROVIDED)
            numbers.append(copy.number)
        delivery.status = DeliveryStatus.HANDED_OVER
        delivery.save(update_fields=["status"])
        item = delivery.item
        ledger.record_event(
            "records.delivery.external_receipt", actor=actor, unit=delivery.from_unit, obj=delivery,
            description=f"Ghi biên nhận của {delivery.to_external}: {label(item.level)} {item.reference}, {sent} bản",
            payload={"delivery": delivery.pk, "signed_by": signed_by, "signed_on": signed_on, "copies": numbers,
                     "paper_reference": paper_reference, "on": on})
    return receipt


def _keeper_of_either(actor, delivery: Delivery, on: dt.date) -> None:
    units = [u for u in (delivery.from_unit, delivery.to_unit) if u is not None]
    for unit in units:
        try:
            require_register_keeper(actor, unit, on)
            return
        except Refused as refusal:
            last = refusal
    raise last


def resolve_mismatch(actor, receipt: Receipt, resolution: str, on: dt.date) -> Receipt:
    """The sender's or receiver's keeper records how the gap was settled; the delivery
    then awaits registration (`register_received`)."""
    resolution = nfc(resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Ghi rõ cách đã đối chiếu, xử lý sai lệch.")})
    with transaction.atomic():
        receipt = Receipt.objects.select_for_update(of=("self",)).select_related(
            "delivery", "delivery__from_unit", "delivery__to_unit", "delivery__item").get(pk=receipt.pk)
        delivery = receipt.delivery
        _keeper_of_either(actor, delivery, on)
        if not receipt.mismatch or receipt.resolved_at is not None or delivery.status != DeliveryStatus.MISMATCH:
            raise Refused(_("Biên nhận này không có sai lệch nào đang chờ xử lý."), rule="records.B7",
                          basis=reconcile_basis(on))
        receipt.resolved_by, receipt.resolved_at, receipt.resolution = actor, timezone.now(), resolution[:500]
        receipt.save(update_fields=["resolved_by", "resolved_at", "resolution"])
        delivery.status = DeliveryStatus.RECEIVED
        delivery.save(update_fields=["status"])
        ledger.record_event(
            "records.delivery.resolve_mismatch", actor=actor, unit=delivery.to_unit, obj=receipt,
            description=f"Xử lý sai lệch khi nhận {delivery.item.reference}",
            payload={"delivery": delivery.pk, "resolution": resolution, "on": on})
    return receipt


def register_received(actor, delivery: Delivery, *, recipient_absent: bool = False, on: dt.date) -> RegisterEntry:
    """After a mismatch is resolved: the receiving unit's keeper (or the named person) registers it."""
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(of=("self",)).select_related("item", "from_unit", "to_unit",
                                                                       "named_recipient").get(pk=delivery.pk))
        if delivery.named_recipient_id != actor.pk:
            require_register_keeper(actor, delivery.to_unit, on)
        if delivery.status != DeliveryStatus.RECEIVED:
            raise Refused(_("Chỉ vào sổ đến sau khi đã ký nhận và xử lý xong sai lệch."), rule="records.B7",
                          basis=reconcile_basis(on))
        receipt = delivery.receipts.select_for_update().order_by("-confirmed_at").first()
        return _register(actor, delivery, receipt, on, recipient_absent)


# --- Arrival from outside the installation ---------------------------------------------------

def _clerk_unit(clerk, unit, on):
    if unit is not None:
        return unit
    ids = clerk.unit_ids_on(on)
    if len(ids) != 1:
        raise ValidationError({"unit": _("Chọn đơn vị nhận (người nhập giữ chức vụ ở không đúng một đơn vị).")})
    return Unit.objects.get(pk=next(iter(ids)))


def register_arrival(clerk, *, from_external: str, reference: str, issued_on: dt.date, level: str,
                     document_type: str = "", copies: int, pages: int, attachments: int, named_recipient=None,
                     named_recipient_only: bool = False, unit=None, on: dt.date) -> SecretItem:
    """An item from a body outside the installation: recorded (RECEIVED), its copies
    created and the incoming register line written, in one act (rule B3). A named-only
    envelope keeps only its outer markings (no document type, no summary)."""
    from_external, reference, document_type = nfc(from_external or ""), nfc(reference or ""), nfc(document_type or "")
    errors = {}
    if not from_external:
        errors["from_external"] = _("Ghi cơ quan gửi.")
    if not reference:
        errors["reference"] = _("Cần có số, ký hiệu.")
    if level not in Level.values:
        errors["level"] = _("Độ mật «%(level)s» không hợp lệ.") % {"level": level}
    if int(copies) < 1:
        errors["copies"] = _("Ít nhất một bản.")
    if named_recipient_only and named_recipient is None:
        errors["named_recipient"] = _("Bì «%(mark)s» phải ghi tên người nhận.") % {"mark": NAMED_ONLY_MARK}
    if errors:
        raise ValidationError(errors)
    unit = _clerk_unit(clerk, unit, on)
    with transaction.atomic():
        authority.authorize(clerk, "receive", level, unit, on=on).require()
        require_register_keeper(clerk, unit, on)
        if named_recipient is not None and not _holds_post_in(named_recipient, unit, on):
            raise ValidationError({"named_recipient": _("%(name)s không giữ chức vụ nào tại %(unit)s.")
                                                      % {"name": named_recipient.full_name, "unit": unit.name}})
        item = SecretItem.objects.create(
            reference=reference, issued_on=issued_on, document_type="" if named_recipient_only else document_type,
            level=level, status=ItemStatus.RECEIVED, holding_unit=unit, issuing_body_external=from_external,
            copies_planned=int(copies), pages=int(pages), attachments=int(attachments))
        if named_recipient is not None:
            made = custody.create_copies(item, int(copies), custodian_person=named_recipient, act="arrival")
            note = (f"Vào sổ theo dấu hiệu ngoài bì; chuyển ngay cho {named_recipient.full_name}, không bóc bì"
                    if named_recipient_only else f"Chuyển {named_recipient.full_name}")
        else:
            made = custody.create_copies(item, int(copies), custodian_unit=unit, act="arrival")
            note = ""
        entry = registers.record_entry(clerk, unit=unit, kind=RegisterKind.INCOMING, entry_date=on, item=item,
                                       counterpart=from_external, copies_count=len(made), note=note)
        ledger.record_event(
            "records.delivery.arrival", actor=clerk, unit=unit, obj=item,
            description=f"Vào sổ đến số {entry.number}/{entry.year}: {label(level)} {reference} từ {from_external}",
            payload={"reference": reference, "issued_on": issued_on, "level": level, "sender": from_external,
                     "document_type": item.document_type, "copies": len(made), "pages": int(pages),
                     "attachments": int(attachments), "incoming_entry": f"{entry.number}/{entry.year}",
                     "named_recipient": named_recipient.pk if named_recipient else None,
                     "named_recipient_only": named_recipient_only, "on": on})
    return item
