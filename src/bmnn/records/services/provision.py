"""Provision and transfer (cung cấp, chuyển giao) of a state secret to another body or
person: in the country (Law 2018 Art. 15, rule D3) and abroad (Art. 16, rule D4).

The path:

1. `record_request`: the holding unit's keeper (văn thư, cán bộ bảo mật or leader)
   enters the written request as the law lists it. From an organisation: its name and
   representative (abroad also the representative's nationality, passport number and
   position); from an individual: full name, ID card / passport / police ID / military
   ID number, contact address and position (abroad: passport number and address). Always
   the secret (an item the unit holds), the purpose and the commitment to protect it; in
   the country the task directly related to the secret the requester is assigned; abroad
   the cooperation programme or official duty, the commitment not to pass it to third
   parties without consent, and the Vietnamese host body the request came through.
   A request lacking a commitment (or, abroad, the host body) is refused: the law lets
   no such request be decided.
2. A decision, by the authority for the level on the decision date (acts
   `provide_domestic` / `provide_foreign` of the rulebook), one of two ways:
   - `decide`: the decider holds that authority in the installation
     (`authority.authorize`; neither act may be delegated);
   - `record_outside_decision`: the authority sits outside the installation (the Prime
     Minister, a Minister…). The body's head or state-secret officer records the
     decision by its number, date, signer and the signer's capacity (an authority class
     of the rulebook); the capacity must hold the authority for the level under the
     regime in force on the decision's date. For a foreign Tuyệt mật request only the
     classes the regime names (the Prime Minister) are accepted, never an installation
     override (Art. 16).
   A refusal states its reasons (it is answered in writing).
3. `deliver`: a granted request goes out through the delivery act (envelope by level,
   handover-book line, rule B1) to the requester as an outside addressee; no more
   copies than granted.
4. `record_receipt`: the outside receiver signs paper; the keeper records it and the
   copies leave the unit's answerability (delivery.record_external_receipt).

Each act checks its input, the item's visibility (hidden = 404), the authority on the
act's date and the law's conditions, and writes its change with its ledger event in one
transaction. Purpose, duty and identity numbers reach the ledger only as hashes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import get_visible_or_404
from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.org.models import Role
from bmnn.records.models import (
    DecisionMode, IdentityDocument, ItemStatus, Provision, ProvisionScope, ProvisionStatus, RequesterKind, SecretItem,
)
from bmnn.records.services import delivery as delivery_service
from bmnn.records.services.permissions import is_register_keeper
from bmnn.rulebook import authority, loader
from bmnn.rulebook.citations import carried_over, cite, texts_on

# Who records an outside authority's decision: the body's head or its state-secret officer.
OUTSIDE_RECORDERS = (Role.LEADER, Role.SECURITY_OFFICER)
PROVIDABLE = (ItemStatus.ISSUED, ItemStatus.RECEIVED)


def act_for(scope: str) -> str:
    return "provide_foreign" if scope == ProvisionScope.FOREIGN else "provide_domestic"


def _cite(on: dt.date, article: str) -> str:
    """Law 2018 Arts. 15–16 from the regime's text table; under the 2026 regime the
    2025 law's corresponding articles are not read (UNVERIFIED), which the citation says."""
    citation = cite(on, "LAW_2018", article, "Luật BVBMNN 2018")
    if carried_over(on):
        citation += f"; {texts_on(on)['LAW_2025'].citation} (◐ chưa xác minh)"
    return citation


def _article(scope: str) -> str:
    return "Điều 16" if scope == ProvisionScope.FOREIGN else "Điều 15"


def _status_refusal(provision: Provision, *expected: str) -> Refused:
    return Refused(
        _("Đề nghị cung cấp, chuyển giao này đang ở trạng thái «%(status)s», không phải «%(expected)s».")
        % {"status": provision.get_status_display(),
           "expected": " / ".join(str(ProvisionStatus(e).label) for e in expected)},
        rule="provision.state", basis=_cite(provision.request_date, _article(provision.scope)))


# --- 1. The written request ---------------------------------------------------------------------

def _clean_request(fields: dict, on: dt.date) -> dict:
    """NFC-normalised fields and per-field Vietnamese errors for what the law lists."""
    text_fields = ("request_reference", "organisation_name", "representative_name", "representative_nationality",
                   "representative_passport", "representative_position", "full_name", "id_number", "nationality",
                   "address", "position", "purpose", "related_duty", "host_body")
    data = {k: nfc(fields.get(k) or "").strip() for k in text_fields}
    data.update(scope=fields.get("scope") or "", requester_kind=fields.get("requester_kind") or "",
                id_document=fields.get("id_document") or "", request_date=fields.get("request_date"),
                copies_requested=fields.get("copies_requested") or 1,
                commitment_to_protect=bool(fields.get("commitment_to_protect")),
                commitment_no_third_party=bool(fields.get("commitment_no_third_party")))
    errors: dict[str, str] = {}
    foreign = data["scope"] == ProvisionScope.FOREIGN
    if data["scope"] not in ProvisionScope.values:
        errors["scope"] = _("Chọn cung cấp trong nước hay cho nước ngoài.")
    if data["requester_kind"] not in RequesterKind.values:
        errors["requester_kind"] = _("Chọn bên đề nghị là cơ quan, tổ chức hay cá nhân.")
    if data["request_date"] is None:
        errors["request_date"] = _("Ghi ngày của văn bản đề nghị.")
    elif data["request_date"] > on:
        errors["request_date"] = _("Ngày văn bản đề nghị không thể sau ngày ghi nhận.")
    if int(data["copies_requested"]) < 1:
        errors["copies_requested"] = _("Số bản đề nghị phải từ 1 trở lên.")
    if not data["purpose"]:
        errors["purpose"] = _("Văn bản đề nghị phải ghi mục đích sử dụng.")
    if not data["related_duty"]:
        errors["related_duty"] = (
            _("Ghi chương trình hợp tác quốc tế hoặc thi hành công vụ có liên quan đến bí mật nhà nước mà bên nước "
              "ngoài tham gia.") if foreign else
            _("Ghi nhiệm vụ liên quan trực tiếp đến bí mật nhà nước mà bên đề nghị được giao."))
    required: dict[str, str] = {}
    if data["requester_kind"] == RequesterKind.ORGANISATION:
        required = {"organisation_name": _("Ghi tên cơ quan, tổ chức đề nghị."),
                    "representative_name": _("Ghi người đại diện cơ quan, tổ chức.")}
        if foreign:
            required.update(representative_nationality=_("Ghi quốc tịch của người đại diện."),
                            representative_passport=_("Ghi số hộ chiếu của người đại diện."),
                            representative_position=_("Ghi chức vụ của người đại diện."))
    elif data["requester_kind"] == RequesterKind.INDIVIDUAL:
        required = {"full_name": _("Ghi họ và tên người đề nghị."),
                    "id_number": (_("Ghi số hộ chiếu.") if foreign else
                                  _("Ghi số căn cước công dân, hộ chiếu, chứng minh Công an nhân dân hoặc chứng "
                                    "minh quân đội nhân dân.")),
                    "address": _("Ghi địa chỉ.") if foreign else _("Ghi địa chỉ liên lạc.")}
        if foreign:
            data["id_document"] = IdentityDocument.PASSPORT  # Art. 16: a foreign individual gives a passport
        else:
            required["position"] = _("Ghi vị trí công tác.")
            if data["id_document"] not in IdentityDocument.values:
                errors["id_document"] = _("Chọn loại giấy tờ tùy thân.")
    errors.update({k: message for k, message in required.items() if not data[k]})
    if errors:
        raise ValidationError(errors)
    # Fields the other kind of requester fills stay empty, so the record says exactly what was asked.
    if data["requester_kind"] == RequesterKind.ORGANISATION:
        for k in ("full_name", "id_document", "id_number", "nationality", "address", "position"):
            data[k] = ""
    else:
        for k in ("organisation_name", "representative_name", "representative_nationality",
                  "representative_passport", "representative_position"):
            data[k] = ""
    if not foreign:
        data["host_body"], data["commitment_no_third_party"] = "", False
    return data


def _require_conditions(data: dict, on: dt.date) -> None:
    """The law's conditions on the request itself (D3, D4): refused, not just invalid."""
    foreign = data["scope"] == ProvisionScope.FOREIGN
    basis = _cite(on, _article(data["scope"]))
    if not data["commitment_to_protect"]:
        raise Refused(_("Văn bản đề nghị không có cam kết bảo vệ bí mật nhà nước, nên không thể xem xét cung cấp, "
                        "chuyển giao."), rule="D4" if foreign else "D3", basis=basis, field="commitment_to_protect")
    if foreign and not data["commitment_no_third_party"]:
        raise Refused(_("Bên nước ngoài phải cam kết không cung cấp, chuyển giao cho bên thứ ba khi chưa có sự đồng "
                        "ý của bên Việt Nam."), rule="D4", basis=basis, field="commitment_no_third_party")
    if foreign and not data["host_body"]:
        raise Refused(_("Đề nghị của bên nước ngoài phải gửi qua cơ quan, tổ chức Việt Nam chủ trì chương trình hợp "
                        "tác hoặc công vụ: ghi cơ quan chủ trì đã chuyển đề nghị."),
                      rule="D4", basis=basis, field="host_body")


def may_record_request(person, item: SecretItem, on: dt.date) -> bool:
    """The holding unit's register keepers enter the requests it receives."""
    return item.status in PROVIDABLE and is_register_keeper(person, item.holding_unit, on)


def _require_keeper(person, item: SecretItem, on: dt.date, scope: str) -> None:
    if not is_register_keeper(person, item.holding_unit, on):
        raise Refused(_("Chỉ văn thư, cán bộ bảo mật hoặc lãnh đạo của %(unit)s mới ghi nhận đề nghị cung cấp, chuyển "
                        "giao bí mật nhà nước do đơn vị quản lý.") % {"unit": item.holding_unit.name},
                      rule="provision.keeper", basis=_cite(on, _article(scope)))


def record_request(recorder, item: SecretItem, *, on: dt.date, **fields) -> Provision:
    """Enter a written request to be provided the secret `item` holds."""
    data = _clean_request(fields, on)
    _require_conditions(data, on)
    with transaction.atomic():
        # Who may not know of the item gets the same answer as for no item.
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), recorder, pk=item.pk)
        _require_keeper(recorder, item, on, data["scope"])
        if item.status not in PROVIDABLE:
            raise Refused(_("Tài liệu %(reference)s chưa vào sổ đi hoặc sổ đến (trạng thái «%(status)s»), nên chưa "
                            "thể cung cấp, chuyển giao.") % {"reference": item.reference,
                                                             "status": item.get_status_display()},
                          rule="provision.state", basis=delivery_service.outgoing_basis(on))
        provision = Provision.objects.create(item=item, recorded_by=recorder, recorded_at=timezone.now(), **data)
        foreign = data["scope"] == ProvisionScope.FOREIGN
        ledger.record_event(
            "records.provision.request", actor=recorder, unit=item.holding_unit, obj=provision,
            description=f"Ghi đề nghị cung cấp, chuyển giao {label(item.level)} {item.reference} "
                        f"({'nước ngoài' if foreign else 'trong nước'}): {provision.requester}",
            payload={"item": item.pk, "scope": data["scope"], "requester_kind": data["requester_kind"],
                     "requester": provision.requester, "request_reference": data["request_reference"],
                     "request_date": data["request_date"], "copies_requested": int(data["copies_requested"]),
                     "purpose": ledger.secret_hash(data["purpose"]),
                     "related_duty": ledger.secret_hash(data["related_duty"]),
                     "identity": ledger.secret_hash(data["id_number"] or data["representative_passport"]),
                     "commitment_to_protect": True, "commitment_no_third_party": data["commitment_no_third_party"],
                     "host_body": data["host_body"], "on": on})
    return provision


# --- 2. The decision ----------------------------------------------------------------------------

def _locked(provision: Provision) -> Provision:
    return (Provision.objects.select_for_update(of=("self",)).select_related("item", "item__holding_unit")
            .get(pk=provision.pk))


def _reason(grant: bool, reason: str) -> str:
    reason = nfc(reason or "").strip()
    if not grant and not reason:
        # Art. 15/16: a refusal is answered in writing, with its reasons.
        raise ValidationError({"reason": _("Từ chối cung cấp, chuyển giao phải trả lời bằng văn bản và nêu rõ lý do.")})
    return reason


def _prime_minister_only(provision: Provision) -> bool:
    return provision.scope == ProvisionScope.FOREIGN and provision.item.level == Level.TUYET_MAT


def _pm_refusal(regime, on: dt.date, who: str) -> Refused:
    act = regime.act("provide_foreign")
    names = ", ".join(c.name for c in regime.classes_for("provide_foreign", Level.TUYET_MAT)) or _("Thủ tướng Chính phủ")
    return Refused(_("Chỉ %(names)s quyết định cung cấp, chuyển giao bí mật nhà nước độ Tuyệt mật cho cơ quan, tổ "
                     "chức, cá nhân nước ngoài; %(who)s không có thẩm quyền này.") % {"names": names, "who": who},
                   rule="D4", basis=act.citation)


def _finish_decision(actor, provision: Provision, *, grant: bool, reason: str, on: dt.date, event_payload: dict,
                     description_by: str) -> Provision:
    item = provision.item
    provision.status = ProvisionStatus.GRANTED if grant else ProvisionStatus.REFUSED
    provision.decision_reason = reason
    provision.save(update_fields=["status", "decision_mode", "decided_by", "decided_on", "decision_reason",
                                  "authority_basis", "outside_reference", "outside_signer", "outside_capacity",
                                  "decision_recorded_by"])
    verb = "Đồng ý" if grant else "Từ chối"
    ledger.record_event(
        "records.provision.decide", actor=actor, unit=item.holding_unit, obj=provision,
        description=f"{verb} cung cấp, chuyển giao {label(item.level)} {item.reference} cho {provision.requester} "
                    f"({description_by})",
        payload={"grant": grant, "reason": ledger.secret_hash(reason) if reason else "", "on": on,
                 "mode": provision.decision_mode, "decided_on": provision.decided_on,
                 "authority_basis": provision.authority_basis, **event_payload})
    return provision


def decide(decider, provision: Provision, *, grant: bool, reason: str = "", on: dt.date) -> Provision:
    """The decider, holding in the installation the authority for the level on `on`,
    grants or refuses (with reasons)."""
    reason = _reason(grant, reason)
    with transaction.atomic():
        provision = _locked(provision)
        item = provision.item
        get_visible_or_404(SecretItem.objects.all(), decider, pk=item.pk)
        if provision.status != ProvisionStatus.REQUESTED:
            raise _status_refusal(provision, ProvisionStatus.REQUESTED)
        decision = authority.authorize(decider, act_for(provision.scope), item.level, item.holding_unit,
                                       on=on).require()
        regime = loader.regime_on(on)
        if _prime_minister_only(provision) and decision.via != "position":
            # An installation's own rule cannot give what Art. 16 reserves to the Prime Minister.
            raise _pm_refusal(regime, on, decider.full_name)
        provision.decision_mode = DecisionMode.IN_SYSTEM
        provision.decided_by, provision.decided_on = decider, on
        provision.authority_basis = decision.basis
        return _finish_decision(decider, provision, grant=grant, reason=reason, on=on,
                                event_payload={"rule": decision.rule, "via": decision.via,
                                               "position": decision.position_id, "override": decision.override_id},
                                description_by=decider.full_name)


def may_decide(person, provision: Provision, on: dt.date) -> bool:
    if provision.status != ProvisionStatus.REQUESTED:
        return False
    item = provision.item
    return authority.authorize(person, act_for(provision.scope), item.level, item.holding_unit, on=on).allowed


def may_record_decision(person, provision: Provision, on: dt.date) -> bool:
    return (provision.status == ProvisionStatus.REQUESTED
            and selectors.holds_role(person, OUTSIDE_RECORDERS, [provision.item.holding_unit_id], on))


def capacity_choices(scope: str, level: str, on: dt.date) -> list[tuple[str, str]]:
    """The capacities that may decide this request under the regime in force on `on`
    (the form's choices; the service checks the regime of the decision's own date)."""
    regime = loader.regime_on(on) or loader.regimes()[-1]
    return [(c.code, c.name) for c in regime.classes_for(act_for(scope), level)]


def record_outside_decision(recorder, provision: Provision, *, grant: bool, reason: str = "", reference: str,
                            decided_on: dt.date, signer: str, capacity: str, on: dt.date) -> Provision:
    """Record a decision an authority outside the installation signed, by its number,
    date, signer and the signer's capacity; judged by the regime of the decision's date."""
    reference, signer = nfc(reference or "").strip(), nfc(signer or "").strip()
    errors = {}
    if not reference:
        errors["reference"] = _("Ghi số, ký hiệu văn bản quyết định.")
    if not signer:
        errors["signer"] = _("Ghi họ tên người ký quyết định.")
    if not capacity:
        errors["capacity"] = _("Chọn cương vị của người ký.")
    if decided_on is None:
        errors["decided_on"] = _("Ghi ngày ký quyết định.")
    elif decided_on > on:
        errors["decided_on"] = _("Ngày quyết định không thể sau ngày ghi nhận.")
    if errors:
        raise ValidationError(errors)
    reason = _reason(grant, reason)
    with transaction.atomic():
        provision = _locked(provision)
        item = provision.item
        get_visible_or_404(SecretItem.objects.all(), recorder, pk=item.pk)
        if not selectors.holds_role(recorder, OUTSIDE_RECORDERS, [item.holding_unit_id], on):
            raise Refused(_("Chỉ người đứng đầu hoặc cán bộ bảo mật của %(unit)s (hoặc cấp trên) mới ghi nhận quyết "
                            "định cung cấp, chuyển giao của cấp có thẩm quyền bên ngoài.")
                          % {"unit": item.holding_unit.name},
                          rule="provision.outside_recorder", basis=_cite(on, _article(provision.scope)))
        if provision.status != ProvisionStatus.REQUESTED:
            raise _status_refusal(provision, ProvisionStatus.REQUESTED)
        if decided_on < provision.request_date:
            raise ValidationError({"decided_on": _("Ngày quyết định không thể trước ngày văn bản đề nghị (%(date)s).")
                                   % {"date": format_date(provision.request_date)}})
        regime = loader.regime_on(decided_on)
        if regime is None:
            raise Refused(_("Không có quy định về bảo vệ bí mật nhà nước nào được nạp cho ngày %(on)s.")
                          % {"on": format_date(decided_on)}, rule="rulebook:no_regime", field="decided_on")
        cls = regime.classes.get(capacity)
        if cls is None:
            raise ValidationError({"capacity": _("Cương vị «%(code)s» không có trong danh mục thẩm quyền của %(regime)s.")
                                   % {"code": capacity, "regime": regime.name}})
        act = regime.act(act_for(provision.scope))
        grant_rule = regime.grant_for(act.code, item.level, capacity)
        if grant_rule is None:
            if _prime_minister_only(provision):
                raise _pm_refusal(regime, decided_on, f"{signer} ({cls.name})")
            raise Refused(_("%(capacity)s không có thẩm quyền %(what)s theo %(citation)s (quy định có hiệu lực ngày "
                            "%(date)s), nên quyết định %(reference)s không thể được ghi nhận.")
                          % {"capacity": cls.name, "what": act.describe(regime.levels[item.level].name),
                             "citation": act.citation, "date": format_date(decided_on), "reference": reference},
                          rule=act.id, basis=act.citation, field="capacity")
        provision.decision_mode = DecisionMode.RECORDED
        provision.decided_by, provision.decided_on = None, decided_on
        provision.outside_reference, provision.outside_signer = reference[:120], signer[:200]
        provision.outside_capacity = capacity
        provision.decision_recorded_by = recorder
        provision.authority_basis = grant_rule.citation
        return _finish_decision(recorder, provision, grant=grant, reason=reason, on=on,
                                event_payload={"rule": grant_rule.id, "reference": reference, "signer": signer,
                                               "capacity": capacity, "regime": regime.code},
                                description_by=f"quyết định {reference} của {cls.name}")


# --- 3. Delivery and 4. the receipt -------------------------------------------------------------

def may_deliver(person, provision: Provision, on: dt.date) -> bool:
    item = provision.item
    return (provision.status == ProvisionStatus.GRANTED
            and authority.authorize(person, "deliver", item.level, item.holding_unit, on=on).allowed)


def deliver(actor, provision: Provision, *, copies, express: bool = False, on: dt.date):
    """Send the granted copies to the requester through the delivery act (envelope,
    handover book, outgoing register first)."""
    with transaction.atomic():
        provision = _locked(provision)
        get_visible_or_404(SecretItem.objects.all(), actor, pk=provision.item_id)
        if provision.status != ProvisionStatus.GRANTED:
            raise _status_refusal(provision, ProvisionStatus.GRANTED)
        copies = list(copies or [])
        if len(copies) > provision.copies_requested:
            raise Refused(_("Chỉ được giao %(granted)s bản như đã quyết định cung cấp, không được %(chosen)s bản.")
                          % {"granted": provision.copies_requested, "chosen": len(copies)},
                          rule="D4" if provision.scope == ProvisionScope.FOREIGN else "D3",
                          basis=_cite(on, _article(provision.scope)), field="copies")
        sent = delivery_service.deliver(actor, provision.item, copies=copies, to_external=provision.addressee,
                                        express=express, on=on)
        provision.delivery, provision.status = sent, ProvisionStatus.DELIVERED
        provision.save(update_fields=["delivery", "status"])
        ledger.record_event(
            "records.provision.deliver", actor=actor, unit=provision.item.holding_unit, obj=provision,
            description=f"Giao {label(provision.item.level)} {provision.item.reference} theo quyết định cung cấp "
                        f"cho {provision.requester}",
            payload={"delivery": sent.pk, "copies": sorted(c.number for c in sent.copies.all()), "on": on})
    return sent


def may_record_receipt(person, provision: Provision, on: dt.date) -> bool:
    return (provision.status == ProvisionStatus.DELIVERED
            and is_register_keeper(person, provision.item.holding_unit, on))


def record_receipt(actor, provision: Provision, *, signed_by: str, signed_on: dt.date, counted_copies: int,
                   paper_reference: str = "", on: dt.date):
    with transaction.atomic():
        provision = _locked(provision)
        get_visible_or_404(SecretItem.objects.all(), actor, pk=provision.item_id)
        if provision.status != ProvisionStatus.DELIVERED:
            raise _status_refusal(provision, ProvisionStatus.DELIVERED)
        receipt = delivery_service.record_external_receipt(
            actor, provision.delivery, signed_by=signed_by, signed_on=signed_on, counted_copies=counted_copies,
            paper_reference=paper_reference, on=on)
        provision.status = ProvisionStatus.RECEIVED
        provision.save(update_fields=["status"])
        ledger.record_event(
            "records.provision.received", actor=actor, unit=provision.item.holding_unit, obj=provision,
            description=f"{provision.requester} đã ký nhận {label(provision.item.level)} {provision.item.reference}",
            payload={"delivery": provision.delivery_id, "receipt": receipt.pk, "on": on})
    return receipt


# --- Reading ------------------------------------------------------------------------------------

def visible_provisions(person, on: dt.date | None = None):
    """Provisions of items the person may know of."""
    return Provision.objects.filter(item__in=SecretItem.objects.visible_to(person, on).values("pk")).select_related(
        "item", "item__holding_unit", "recorded_by", "decided_by", "decision_recorded_by", "delivery")


def queues(person, on: dt.date) -> list:
    """What waits for `person`: requests they may decide (or, as head or state-secret
    officer, record an outside decision for), granted requests to deliver, deliveries
    whose paper receipt is to be recorded."""
    from bmnn.records.services.queues import AUTHORITY_SCAN_LIMIT, QUEUE_LIMIT, Queue

    if not getattr(person, "is_authenticated", False) or not person.unit_ids_on(on):
        return [Queue("provision_decisions"), Queue("provision_deliveries"), Queue("provision_receipts")]
    visible = visible_provisions(person, on).order_by("recorded_at", "pk")

    def keep(key, rows, test):
        fetched = list(rows[: AUTHORITY_SCAN_LIMIT + 1])
        answers: dict = {}
        kept = []
        for row in fetched[:AUTHORITY_SCAN_LIMIT]:
            pair = (row.scope, row.item.level, row.item.holding_unit_id)
            if pair not in answers:
                answers[pair] = test(row)
            if answers[pair]:
                kept.append(row)
        more = len(fetched) > AUTHORITY_SCAN_LIMIT or len(kept) > QUEUE_LIMIT
        return Queue(key=key, rows=kept[:QUEUE_LIMIT], count=len(kept), more=more)

    return [
        keep("provision_decisions", visible.filter(status=ProvisionStatus.REQUESTED),
             lambda p: may_decide(person, p, on) or may_record_decision(person, p, on)),
        keep("provision_deliveries", visible.filter(status=ProvisionStatus.GRANTED),
             lambda p: may_deliver(person, p, on)),
        keep("provision_receipts", visible.filter(status=ProvisionStatus.DELIVERED),
             lambda p: may_record_receipt(person, p, on)),
    ]
