"""Councils that review items before a declassification or destruction decision
(Law 2018 Art. 22.4, Art. 23.4; models/councils.py).

- Setting one up is part of the act it prepares: the person who will decide
  (`declassify` or `destroy` in the rulebook, for the highest level among the items, on
  the date) establishes it by a numbered decision.
- It is chaired by a leadership representative (a leader or deputy) of the body — the
  classifying body for declassification, the storing body for destruction — and has at
  least one other member; representatives of related bodies outside the installation may
  sit on it. The destruction area adds its own condition (the direct custodian is a member).
- Its minutes (biên bản họp) record when it met, its conclusion and whether it recommends
  the act; the conclusion may describe secret content, so the ledger keeps only its hash.
- The decision then belongs to the act, which closes the council."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, rank
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.org.models import Role
from bmnn.records.models import Council, CouncilKind, CouncilMember, CouncilRole, CouncilStatus, SecretItem
from bmnn.records.services.permissions import is_register_keeper
from bmnn.rulebook import authority
from bmnn.rulebook.citations import cite

ACT_OF = {CouncilKind.DECLASSIFICATION: "declassify", CouncilKind.DESTRUCTION: "destroy"}
ARTICLE_OF = {CouncilKind.DECLASSIFICATION: "Điều 22 khoản 4", CouncilKind.DESTRUCTION: "Điều 23 khoản 4"}
LEADERSHIP = (Role.LEADER, Role.DEPUTY)


def basis(kind: str, on: dt.date) -> str:
    return cite(on, "LAW_2018", ARTICLE_OF[kind], "Luật BVBMNN 2018")


@dataclass(frozen=True)
class MemberInput:
    """One seat: a person of the installation, or a named representative of an outside body."""
    role: str = CouncilRole.MEMBER
    person: object | None = None
    external_name: str = ""
    external_body: str = ""
    capacity: str = ""


def highest_level(items) -> str:
    return max((i.level for i in items), key=rank)


def _check_members(kind: str, unit, members: list[MemberInput], on: dt.date) -> None:
    chairs = [m for m in members if m.role == CouncilRole.CHAIR]
    if len(chairs) != 1:
        raise ValidationError({"members": _("Hội đồng phải có đúng một Chủ tịch hội đồng.")})
    if len(members) < 2:
        raise ValidationError({"members": _("Hội đồng phải có Chủ tịch và ít nhất một thành viên khác.")})
    for m in members:
        if m.person is None and not nfc(m.external_name).strip():
            raise ValidationError({"members": _("Mỗi thành viên là một người trong hệ thống hoặc ghi rõ họ tên "
                                                "người đại diện cơ quan liên quan.")})
    people = [m.person.pk for m in members if m.person is not None]
    if len(people) != len(set(people)):
        raise ValidationError({"members": _("Một người chỉ giữ một vị trí trong hội đồng.")})
    chair = chairs[0].person
    if chair is None or not selectors.holds_role(chair, LEADERSHIP, [unit.pk], on):
        raise Refused(
            _("Chủ tịch hội đồng phải là đại diện lãnh đạo (người đứng đầu hoặc cấp phó) của %(unit)s.")
            % {"unit": unit.name}, rule=f"councils.{kind}.chair", basis=basis(kind, on), field="members")


def establish_council(actor, *, kind: str, unit, items, members: list[MemberInput], reference: str,
                      on: dt.date) -> Council:
    """Set up a council for `items` of `unit`: the decision to establish it is the act's
    decider's (authority for the highest level), the chair its leadership."""
    reference = nfc(reference or "").strip()
    if kind not in CouncilKind.values:
        raise ValidationError({"kind": _("Loại hội đồng không hợp lệ.")})
    if not reference:
        raise ValidationError({"reference": _("Cần ghi số quyết định thành lập hội đồng.")})
    items = list(items)
    if not items:
        raise ValidationError({"items": _("Cần chọn ít nhất một tài liệu, vật chứa bí mật nhà nước để hội đồng xem "
                                          "xét.")})
    with transaction.atomic():
        items = [get_visible_or_404(SecretItem.objects.select_related("holding_unit"), actor, pk=i.pk)
                 for i in items]
        level = highest_level(items)
        decision = authority.authorize(actor, ACT_OF[kind], level, unit, on=on).require()
        _check_members(kind, unit, members, on)
        council = Council.objects.create(kind=kind, unit=unit, level=level, established_by=actor,
                                         established_on=on, reference=reference, authority_basis=decision.basis)
        council.items.set(items)
        CouncilMember.objects.bulk_create([
            CouncilMember(council=council, person=m.person, external_name=nfc(m.external_name).strip(),
                          external_body=nfc(m.external_body).strip(), role=m.role, capacity=nfc(m.capacity).strip())
            for m in members])
        ledger.record_event(
            "records.council.establish", actor=actor, unit=unit, obj=council,
            description=f"Thành lập {CouncilKind(kind).label.lower()} ({reference}) xem xét {len(items)} tài liệu "
                        f"(cao nhất {Level(level).label})",
            payload={"kind": kind, "items": [i.pk for i in items], "level": level, "reference": reference,
                     "members": [m.person.pk if m.person else m.external_name for m in members], "on": on,
                     "rule": decision.rule, "basis": decision.basis})
    return council


def may_record_minutes(person, council: Council, on: dt.date) -> bool:
    seats = {m.person_id: m.role for m in council.members.all() if m.person_id}
    return seats.get(person.pk) in (CouncilRole.CHAIR, CouncilRole.SECRETARY) or is_register_keeper(
        person, council.unit, on)


def record_minutes(actor, council: Council, *, met_on: dt.date, minutes_reference: str, conclusion: str,
                   recommends: bool, on: dt.date) -> Council:
    """The minutes of the council's meeting: by its chair or secretary, or the body's registry."""
    minutes_reference, conclusion = nfc(minutes_reference or "").strip(), nfc(conclusion or "").strip()
    errors = {}
    if not minutes_reference:
        errors["minutes_reference"] = _("Cần ghi số biên bản họp hội đồng.")
    if not conclusion:
        errors["conclusion"] = _("Cần ghi kết luận của hội đồng.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        council = Council.objects.select_for_update(of=("self",)).select_related("unit").get(pk=council.pk)
        if council.status != CouncilStatus.ESTABLISHED:
            raise Refused(_("Hội đồng này đã có biên bản họp hoặc đã có quyết định."),
                          rule="councils.state", basis=basis(council.kind, on))
        if met_on < council.established_on:
            raise ValidationError({"met_on": _("Ngày họp không được trước ngày thành lập hội đồng (%(date)s).")
                                   % {"date": f"{council.established_on:%d/%m/%Y}"}})
        if not may_record_minutes(actor, council, on):
            raise Refused(_("Chỉ Chủ tịch, Thư ký hội đồng hoặc văn thư, cán bộ bảo mật của %(unit)s mới ghi biên "
                            "bản họp hội đồng.") % {"unit": council.unit.name},
                          rule="councils.minutes", basis=basis(council.kind, on))
        council.status, council.met_on, council.minutes_reference = CouncilStatus.REPORTED, met_on, minutes_reference
        council.conclusion, council.recommends, council.minutes_recorded_by = conclusion, recommends, actor
        council.save(update_fields=["status", "met_on", "minutes_reference", "conclusion", "recommends",
                                    "minutes_recorded_by"])
        ledger.record_event(
            "records.council.minutes", actor=actor, unit=council.unit, obj=council,
            description=f"Biên bản họp {council.get_kind_display().lower()} {council.reference}: "
                        + ("đề nghị thực hiện" if recommends else "không đề nghị"),
            payload={"met_on": met_on, "minutes_reference": minutes_reference, "recommends": recommends,
                     "conclusion": ledger.secret_hash(conclusion), "on": on})
    return council


def require_reported(council: Council, kind: str, item: SecretItem, on: dt.date) -> None:
    """For the act's decision: the council is of this kind, reviewed this item and has its minutes."""
    if council.kind != kind or not council.items.filter(pk=item.pk).exists():
        raise ValidationError({"council": _("Hội đồng được chọn không xem xét tài liệu này.")})
    if council.status != CouncilStatus.REPORTED:
        raise Refused(_("Chỉ quyết định sau khi hội đồng đã họp và có biên bản (hội đồng %(reference)s: "
                        "«%(status)s»).") % {"reference": council.reference, "status": council.get_status_display()},
                      rule=f"councils.{kind}.minutes_first", basis=basis(kind, on), field="council")


def close(council: Council) -> None:
    """The act's decision closes the council (inside the act's transaction)."""
    council.status = CouncilStatus.CLOSED
    council.save(update_fields=["status"])


def visible_councils(person, on: dt.date | None = None):
    """Councils whose every item the person may see: a council's list of items is itself secret."""
    visible = SecretItem.objects.visible_to(person, on).values("pk")
    hidden = Council.items.through.objects.exclude(secretitem_id__in=visible).values("council_id")
    return Council.objects.exclude(pk__in=hidden).select_related("unit", "established_by")


def get_council_or_404(person, pk: int, on: dt.date | None = None) -> Council:
    council = visible_councils(person, on).filter(pk=pk).first()
    if council is None:
        raise Http404(_("Không tìm thấy."))
    return council
