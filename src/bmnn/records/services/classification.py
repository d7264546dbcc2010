"""Classification (xác định bí mật nhà nước và độ mật): the drafter proposes, a person
with the authority decides or sends it back (Decree 26/2020 Art. 2; Law 2018 Art. 10).

Every decision must rest on an entry of a list of state secrets valid on its date
that allows the level (rule A2: Law 2018 Art. 10.1; from 01/03/2026 classifying
outside the list is a prohibited act, Law 117/2025 Art. 5.1) — the rule and its
basis come from the regime in force, not from this code. The decision records the
decider's authority (position or delegation, rule A3). The protection period is
the level's base period from the rulebook; only an activity may have a shorter one,
set at classification; a place has none until it is released."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import cleared_for, get_visible_or_404, today
from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label, rank
from bmnn.core.text import nfc
from bmnn.org.models import Person, Tenure, Unit
from bmnn.org.services import ASSIGNMENT_BASIS
from bmnn.records.models import (ClassificationDecision, ClassificationOutcome, ItemKind, ItemStatus, Recipient,
                                 SecretItem, SecretListEntry, UnmarkedReport)
from bmnn.rulebook import authority, loader

PROPOSAL_BASIS = "Điều 2 khoản 1, khoản 2 Nghị định 26/2020/NĐ-CP"


# --- Checks that read the rulebook ---------------------------------------------------------------

def _regime(on: dt.date):
    regime = loader.regime_on(on)
    if regime is None:
        raise Refused(_("Không có quy định về bảo vệ bí mật nhà nước nào được nạp cho ngày %(on)s.")
                      % {"on": format_date(on)}, rule="rulebook:no_regime")
    return regime


def require_list_entry(entry: SecretListEntry | None, level: str, on: dt.date) -> None:
    """Rule A2, with the wording and basis of the regime in force on `on`."""
    requirement = _regime(on).requirements["list_entry_required"]
    if not requirement.value:
        return
    if entry is None:
        raise Refused(_("Phải căn cứ một mục trong danh mục bí mật nhà nước để xác định độ mật: %(rule)s")
                      % {"rule": requirement.description}, rule=requirement.id, basis=requirement.citation,
                      field="list_entry")
    if not (entry.is_valid_on(on) and entry.secret_list.is_valid_on(on)):
        raise Refused(_("Mục %(number)s của danh mục %(list)s không còn (hoặc chưa) hiệu lực ngày %(on)s: %(rule)s")
                      % {"number": entry.number, "list": entry.secret_list.code, "on": format_date(on),
                         "rule": requirement.description},
                      rule=requirement.id, basis=requirement.citation, field="list_entry")
    if rank(level) > rank(entry.level):
        raise Refused(_("Mục %(number)s của danh mục %(list)s chỉ cho phép xác định đến độ %(entry_level)s, không "
                        "thể xác định độ %(level)s.")
                      % {"number": entry.number, "list": entry.secret_list.code,
                         "entry_level": Level(entry.level).label, "level": Level(level).label},
                      rule=requirement.id, basis=requirement.citation, field="level")


def protection_until(level: str, kind: str, on: dt.date, shorter_until: dt.date | None = None
                     ) -> tuple[dt.date | None, bool]:
    """(end of protection, shortened?) for an item classified on `on`, from the rulebook."""
    regime = _regime(on)
    periods = regime.period_rules
    if kind == ItemKind.PLACE and periods.get("place") and periods["place"].values.get("ends") == "when_released":
        if shorter_until:
            rule = periods["place"]
            raise Refused(_("Thời hạn bảo vệ địa điểm kết thúc khi không còn sử dụng địa điểm đó; không ấn định "
                            "ngày khi xác định độ mật."), rule=rule.id, basis=rule.citation, field="shorter_period_until")
        return None, False
    years = regime.levels[level].period_years
    try:
        base = on.replace(year=on.year + years)
    except ValueError:  # 29/02 in a year that has none
        base = on.replace(year=on.year + years, day=28)
    if shorter_until is None:
        return base, False
    rule = periods["activity"]
    if kind != ItemKind.ACTIVITY or not rule.values.get("shorter_allowed"):
        raise Refused(_("Chỉ bí mật nhà nước về hoạt động mới được có thời hạn bảo vệ ngắn hơn thời hạn của độ mật."),
                      rule=rule.id, basis=rule.citation, field="shorter_period_until")
    if not on < shorter_until < base:
        raise ValidationError({"shorter_period_until": _(
            "Thời hạn bảo vệ ngắn hơn phải sau ngày xác định độ mật (%(on)s) và trước %(base)s.")
            % {"on": format_date(on), "base": format_date(base)}})
    return shorter_until, True


# --- Proposal --------------------------------------------------------------------------------------

def _require_drafter(person, unit, level: str, on: dt.date) -> None:
    if not Tenure.objects.held_on(on).filter(person=person, position__unit=unit).exists():
        raise Refused(_("%(person)s không giữ chức vụ nào ở %(unit)s nên không thể đề xuất độ mật cho tài liệu "
                        "của đơn vị này.") % {"person": person.full_name, "unit": unit.name},
                      rule="classification.drafter_in_unit", basis=PROPOSAL_BASIS)
    if not cleared_for(person, level, unit.pk, on):
        raise Refused(_("%(person)s chưa được giao tiếp cận bí mật nhà nước độ %(level)s của %(unit)s (hoặc chưa ký "
                        "cam kết), nên không thể soạn thảo, đề xuất tài liệu độ mật này.")
                      % {"person": person.full_name, "level": Level(level).label, "unit": unit.name},
                      rule="classification.drafter_assigned", basis=ASSIGNMENT_BASIS)


def _recipients(recipients) -> list[dict]:
    """Normalise [{unit|person|external_name, copies}] (objects or ids)."""
    result = []
    for i, raw in enumerate(recipients or [], 1):
        unit, person, external = raw.get("unit"), raw.get("person"), nfc(raw.get("external_name") or "").strip()
        if isinstance(unit, (int, str)) and unit != "":
            unit = Unit.objects.filter(pk=unit).first()
        if isinstance(person, (int, str)) and person != "":
            person = Person.objects.filter(pk=person).first()
        if sum(bool(x) for x in (unit, person, external)) != 1:
            raise ValidationError({"recipients": _("Nơi nhận %(i)s: ghi đúng một đơn vị, một người hoặc một nơi nhận "
                                                   "ngoài hệ thống.") % {"i": i}})
        try:
            copies = int(raw.get("copies") or 1)
        except (TypeError, ValueError):
            copies = 0
        if copies < 1:
            raise ValidationError({"recipients": _("Nơi nhận %(i)s: số bản phải từ 1 trở lên.") % {"i": i}})
        result.append({"unit": unit or None, "person": person or None, "external_name": external, "copies": copies})
    return result


def _clean_proposal(*, kind, level, document_type, copies_planned, pages, attachments, recipients):
    if level not in Level.values:
        raise ValidationError({"level": _("Độ mật «%(level)s» không hợp lệ.") % {"level": level}})
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Loại «%(kind)s» không hợp lệ.") % {"kind": kind}})
    if not document_type:
        raise ValidationError({"document_type": _("Cần ghi tên loại tài liệu, vật.")})
    if copies_planned < 1:
        raise ValidationError({"copies_planned": _("Số lượng bản phát hành phải từ 1 trở lên.")})
    if pages < 0 or attachments < 0:
        raise ValidationError({"pages": _("Số trang, số phụ lục không thể âm.")})
    if sum(r["copies"] for r in recipients) > copies_planned:
        raise ValidationError({"recipients": _("Tổng số bản gửi các nơi nhận vượt số lượng bản phát hành.")})


def propose(drafter, *, holding_unit, kind: str, document_type: str, level: str, list_entry, recipients,
            copies_planned: int, reproduction_allowed: bool, pages: int, attachments: int, summary: str,
            reference: str = "", issued_on: dt.date | None = None, shorter_period_until: dt.date | None = None,
            item: SecretItem | None = None, on: dt.date | None = None, _report: dict | None = None) -> SecretItem:
    """The drafter's proposal (tờ trình): level, recipients, copies, reproduction, list entry.

    With `item` (one the decider returned), the drafter revises it and proposes again.
    The drafter must hold a position in `holding_unit` and an active assignment
    covering the level. A Tuyệt mật summary is refused where the regime never
    allows it (2026); under 2018 it waits for the decider's consent."""
    on = on or today()
    document_type, reference, summary = nfc(document_type).strip(), nfc(reference).strip(), nfc(summary).strip()
    copies_planned, pages, attachments = int(copies_planned or 0), int(pages or 0), int(attachments or 0)
    recipients = _recipients(recipients)
    _clean_proposal(kind=kind, level=level, document_type=document_type, copies_planned=copies_planned, pages=pages,
                    attachments=attachments, recipients=recipients)
    with transaction.atomic():
        if item is not None:
            item = SecretItem.objects.select_for_update().get(pk=item.pk)
            if item.status != ItemStatus.RETURNED or item.drafter_id != drafter.pk:
                raise Refused(_("Chỉ người soạn thảo mới được sửa và đề xuất lại tài liệu đã bị trả lại."),
                              rule="classification.revise_own_returned", basis=PROPOSAL_BASIS)
        _require_drafter(drafter, holding_unit, level, on)
        rule = authority.summary_rule(level, on=on)
        if rule.policy == "never":
            rule.require(has_summary=bool(summary))
        if list_entry is not None:
            require_list_entry(list_entry, level, on)
        if shorter_period_until is not None:
            protection_until(level, kind, on, shorter_period_until)  # refuses early what decide would refuse
        fields = dict(reference=reference, issued_on=issued_on, kind=kind, document_type=document_type, level=level,
                      holding_unit=holding_unit, issuing_unit=holding_unit, list_entry=list_entry, drafter=drafter,
                      copies_planned=copies_planned, reproduction_allowed=bool(reproduction_allowed), pages=pages,
                      attachments=attachments, protection_until=shorter_period_until,
                      protection_shortened=shorter_period_until is not None, status=ItemStatus.PROPOSED,
                      return_reason="")
        if _report:
            fields["issuing_unit"] = None
            fields["issuing_body_external"] = _report["received_from"]
        revised = item is not None
        if revised:
            for key, value in fields.items():
                setattr(item, key, value)
            item.summary = summary
            item.save()
            item.recipients.all().delete()
        else:
            item = SecretItem(**fields)
            item.summary = summary
            item.save()
        Recipient.objects.bulk_create([Recipient(item=item, **r) for r in recipients])
        payload = {"reference": reference, "kind": kind, "document_type": document_type, "level": level,
                   "holding_unit": holding_unit.pk, "list_entry": getattr(list_entry, "pk", None),
                   "copies_planned": copies_planned, "reproduction_allowed": bool(reproduction_allowed),
                   "pages": pages, "attachments": attachments, "shorter_period_until": shorter_period_until,
                   "recipients": [{"unit": getattr(r["unit"], "pk", None), "person": getattr(r["person"], "pk", None),
                                   "external_name": r["external_name"], "copies": r["copies"]} for r in recipients],
                   "summary": ledger.secret_hash(summary) if summary else "", "revised": revised}
        if _report:
            report = UnmarkedReport.objects.create(item=item, **_report)
            payload |= {"reported_by": report.reported_by_id, "received_from": report.received_from,
                        "note": report.note}
            action, what = "records.item.report_unmarked", "Báo cáo thông tin chưa xác định độ mật, đề xuất"
        else:
            action, what = "records.item.propose", "Đề xuất lại" if revised else "Đề xuất"
        ledger.record_event(action, actor=(_report or {}).get("reported_by") or drafter, unit=holding_unit, obj=item,
                            description=f"{what} độ {label(level)} cho {document_type} {reference}".strip(),
                            payload=payload)
    return item


def report_unmarked(reporter, *, proposer=None, received_from: str = "", note: str = "", **proposal) -> SecretItem:
    """Received information that should be secret but came unmarked: the receiver reports
    it to the head, and the assigned person (`proposer`, by default the reporter) proposes
    its level. Recorded as an ordinary proposal plus who reported it and where it came from."""
    received_from, note = nfc(received_from).strip(), nfc(note).strip()
    if not received_from:
        raise ValidationError({"received_from": _("Cần ghi thông tin được nhận từ đâu.")})
    if not Tenure.objects.held_on(proposal.get("on") or today()).filter(person=reporter).exists():
        raise Refused(_("Người báo cáo phải đang giữ chức vụ trong cơ quan."), rule="classification.reporter",
                      basis=PROPOSAL_BASIS)
    return propose(proposer or reporter, _report={"reported_by": reporter, "received_from": received_from,
                                                  "note": note}, **proposal)


# --- Decision -------------------------------------------------------------------------------------

def _locked_proposal(decider, item) -> SecretItem:
    # Visible to the decider (404 otherwise), then locked: DISTINCT in the access filter
    # rules out FOR UPDATE on it.
    get_visible_or_404(SecretItem.objects.all(), decider, pk=item.pk)
    item = SecretItem.objects.select_for_update(of=("self",)).select_related(
        "list_entry__secret_list", "holding_unit").get(pk=item.pk)
    if item.status != ItemStatus.PROPOSED:
        raise Refused(_("Tài liệu này không ở trạng thái chờ quyết định độ mật (hiện: %(status)s).")
                      % {"status": item.get_status_display()}, rule="classification.not_proposed",
                      basis=PROPOSAL_BASIS)
    return item


def decide(decider, item: SecretItem, on: dt.date, *, summary_consent: bool = False) -> SecretItem:
    """The competent person decides the proposed level on `on` (status CLASSIFIED)."""
    if on is None or on > today():
        # The date starts the protection period: a decision cannot be dated ahead.
        raise ValidationError({"decided_on": _("Ngày quyết định không được sau ngày hôm nay.")})
    with transaction.atomic():
        item = _locked_proposal(decider, item)
        decision = authority.authorize(decider, "classify", item.level, item.holding_unit, on=on).require()
        require_list_entry(item.list_entry, item.level, on)
        summary = item.summary
        authority.summary_rule(item.level, on=on).require(has_summary=bool(summary), consent=summary_consent)
        shorter = item.protection_until if item.protection_shortened else None
        item.protection_until, item.protection_shortened = protection_until(item.level, item.kind, on, shorter)
        item.status, item.decided_by, item.classified_on, item.return_reason = (
            ItemStatus.CLASSIFIED, decider, on, "")
        item.save(update_fields=["status", "decided_by", "classified_on", "protection_until", "protection_shortened",
                                 "return_reason"])
        record = ClassificationDecision.objects.create(
            item=item, outcome=ClassificationOutcome.APPROVED, level=item.level, decided_by=decider, decided_on=on,
            authority_basis=decision.basis, via=decision.via, delegation_id=decision.delegation_id)
        ledger.record_event(
            "records.item.classify", actor=decider, unit=item.holding_unit, obj=item,
            description=f"Quyết định độ {label(item.level)} cho {item.document_type} {item.reference}".strip(),
            payload={"decision": record.pk, "level": item.level, "decided_on": on,
                     "list_entry": item.list_entry_id, "protection_until": item.protection_until,
                     "protection_shortened": item.protection_shortened, "authority": decision.as_dict(),
                     **({"summary_consent": True} if summary and summary_consent else {})})
    return item


def return_to_drafter(decider, item: SecretItem, reason: str, on: dt.date | None = None) -> SecretItem:
    """The decider sends the proposal back with a reason; the drafter may revise and propose again."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do trả lại.")})
    on = on or today()
    with transaction.atomic():
        item = _locked_proposal(decider, item)
        decision = authority.authorize(decider, "classify", item.level, item.holding_unit, on=on).require()
        item.status, item.return_reason = ItemStatus.RETURNED, reason
        item.save(update_fields=["status", "return_reason"])
        record = ClassificationDecision.objects.create(
            item=item, outcome=ClassificationOutcome.RETURNED, level=item.level, decided_by=decider, decided_on=on,
            reason=reason, authority_basis=decision.basis, via=decision.via, delegation_id=decision.delegation_id)
        ledger.record_event(
            "records.item.return", actor=decider, unit=item.holding_unit, obj=item,
            description=f"Trả lại đề xuất độ {label(item.level)} {item.reference}".strip(),
            payload={"decision": record.pk, "reason": reason, "decided_on": on})
    return item


def awaiting_decision(person):
    """Proposals visible to `person` that wait for a decision."""
    return SecretItem.objects.visible_to(person).filter(status=ItemStatus.PROPOSED).select_related("holding_unit")
