"""Meetings with secret content (hội nghị, hội thảo, cuộc họp có nội dung BMNN), rule E1.

The law (Law 2018 Arts. 17–18, Decree 26/2020 Art. 6; legal-rules.md §4.8):
- the use of the secret content is approved by the Art. 15 authority for its level
  (act `meeting_domestic`); with a foreign element, IN WRITING by the Art. 16.1
  authority (act `meeting_foreign`). An approval given by someone outside the
  installation (a Minister, the Prime Minister) is recorded by its written reference,
  and the authority class named in it must be one the rulebook lists for the level;
- only proper attendees: people of the installation assigned to access the level, or
  people from outside sent by their body (letter reference); for Tuyệt mật each
  attendee's security check is recorded (the rulebook's `meeting_attendee_check`);
- a closed meeting room at headquarters, or off-site with the police security check;
- equipment checked by the police before installation, or supplied by cơ yếu;
- a protection plan (Tuyệt mật: guards and a contingency plan); the device rule for
  the level comes from the rulebook (`meeting_devices_<level>`): none for Tuyệt mật
  and Tối mật, the chair's instructions for Mật (then they must be written down);
- for 2 days or more, the room is sealed after each day (one seal per meeting day);
- every copy handed out is recovered afterwards: the meeting cannot be closed until
  each is recovered or its loss recorded (which opens an Incident).

Who does what: the approval needs the authority (rulebook, on the act's date); every
other step is done by an organiser — a person of the organising unit (or a unit above
it) assigned to access the meeting's level there. Handing out and recovering move the
copy's custody (services/custody.py) with a ledger event in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import cleared_for, get_visible_or_404, today
from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label, rank
from bmnn.core.text import nfc
from bmnn.org.models import AccessAssignment, Unit
from bmnn.records.models import (
    ApprovalSource, Copy, CopyStatus, EquipmentKind, HandoutStatus, Incident, IncidentKind, Meeting, MeetingAttendee,
    MeetingHandout, MeetingKind, MeetingSeal, MeetingStatus, SecretItem, VenueKind,
)
from bmnn.records.services import custody
from bmnn.records.services.queues import QUEUE_LIMIT, Queue, _bounded
from bmnn.rulebook import authority, loader

CANDIDATE_LIMIT = 500


# --- Rules from the rulebook ------------------------------------------------------------------

def _regime(on: dt.date):
    regime = loader.regime_on(on)
    if regime is None:
        raise Refused(_("Không có quy định về bảo vệ bí mật nhà nước nào được nạp cho ngày %(on)s.")
                      % {"on": format_date(on)}, rule="rulebook:no_regime")
    return regime


def act_code(meeting: Meeting) -> str:
    return "meeting_foreign" if meeting.foreign_element else "meeting_domestic"


def _act(meeting: Meeting, on: dt.date):
    return _regime(on).act(act_code(meeting))


def requirement(key: str, on: dt.date):
    return _regime(on).requirements[key]


def device_rule(level: str, on: dt.date):
    """The rulebook's rule on devices in the room for a level (value: forbidden | chair_decides)."""
    return requirement(f"meeting_devices_{level.lower()}", on)


def _refuse(key: str, on: dt.date, message: str, field: str | None = None) -> Refused:
    rule = requirement(key, on)
    return Refused(message, rule=rule.id, basis=rule.citation, field=field)


def _refuse_act(meeting: Meeting, on: dt.date, rule: str, message: str, field: str | None = None) -> Refused:
    act = _act(meeting, on)
    return Refused(message, rule=rule, basis=act.citation, field=field)


def needs_attendee_check(meeting: Meeting, on: dt.date) -> bool:
    value = requirement("meeting_attendee_check", on).value
    return value == "all_levels" or (value == "tuyet_mat" and meeting.level == Level.TUYET_MAT)


def needs_guards(meeting: Meeting) -> bool:
    return meeting.level == Level.TUYET_MAT


def seal_days(meeting: Meeting, on: dt.date | None = None) -> list[dt.date]:
    """The days after which the room must be sealed (all meeting days, for 2 days or more),
    up to the day the meeting ended and, when `on` is given, up to `on`."""
    if not meeting.multi_day:
        return []
    last = min(meeting.end_date, meeting.ended_on or meeting.end_date)
    if on is not None:
        last = min(last, on)
    return [meeting.start_date + dt.timedelta(days=i) for i in range((last - meeting.start_date).days + 1)]


def missing_seals(meeting: Meeting, on: dt.date | None = None) -> list[dt.date]:
    sealed = set(meeting.seals.values_list("day", flat=True))
    return [day for day in seal_days(meeting, on) if day not in sealed]


# --- Who -----------------------------------------------------------------------------------------

def is_organiser(person, meeting: Meeting, on: dt.date) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    own = Unit.objects.descendant_ids(person.unit_ids_on(on))
    return meeting.organising_unit_id in own and cleared_for(person, meeting.level, meeting.organising_unit_id, on)


def _require_organiser(person, meeting: Meeting, on: dt.date) -> None:
    if is_organiser(person, meeting, on):
        return
    raise _refuse_act(meeting, on, "meeting.organiser",
                      _("Chỉ người của %(unit)s được giao tiếp cận bí mật nhà nước độ %(level)s mới được tổ chức và "
                        "ghi hồ sơ hội nghị, hội thảo, cuộc họp này.")
                      % {"unit": meeting.organising_unit.name, "level": Level(meeting.level).label})


def may_decide(person, meeting: Meeting, on: dt.date) -> bool:
    return authority.authorize(person, act_code(meeting), meeting.level, meeting.organising_unit, on=on).allowed


def _require_state(meeting: Meeting, on: dt.date, *allowed: str) -> None:
    if meeting.status in allowed:
        return
    raise _refuse_act(meeting, on, "meeting.state",
                      _("Hội nghị, hội thảo, cuộc họp này đang ở trạng thái «%(status)s», không làm được việc này "
                        "(cần: %(expected)s).")
                      % {"status": meeting.get_status_display(),
                         "expected": ", ".join(str(MeetingStatus(s).label) for s in allowed)})


def _visible_locked(person, meeting: Meeting) -> Meeting:
    """The meeting if `person` may know of it (404 otherwise), locked for the act."""
    get_visible_or_404(Meeting.objects.all(), person, pk=meeting.pk)
    return Meeting.objects.select_for_update(of=("self",)).select_related("organising_unit").get(pk=meeting.pk)


def _text(value) -> str:
    return nfc(value or "").strip()


def _event(action: str, actor, meeting: Meeting, description: str, **payload) -> None:
    ledger.record_event(f"records.meeting.{action}", actor=actor, unit=meeting.organising_unit, obj=meeting,
                        description=description, payload=payload)


# --- Request and approval ---------------------------------------------------------------------

def request_meeting(requester, *, title: str, kind: str = MeetingKind.MEETING, level: str, organising_unit: Unit,
                    start_date: dt.date, end_date: dt.date, chair: str, foreign_element: bool = False,
                    on: dt.date) -> Meeting:
    """Record a meeting and ask for the approval to use its secret content."""
    title, chair = _text(title), _text(chair)
    errors = {}
    if not title:
        errors["title"] = _("Cần ghi tên hội nghị, hội thảo, cuộc họp (không ghi nội dung bí mật).")
    if not chair:
        errors["chair"] = _("Cần ghi người chủ trì.")
    if level not in Level.values:
        errors["level"] = _("Độ mật không hợp lệ.")
    if kind not in MeetingKind.values:
        errors["kind"] = _("Loại không hợp lệ.")
    if not start_date:
        errors["start_date"] = _("Cần ghi ngày bắt đầu.")
    if not end_date:
        errors["end_date"] = _("Cần ghi ngày kết thúc.")
    elif start_date and end_date < start_date:
        errors["end_date"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    if organising_unit is None:
        errors["organising_unit"] = _("Cần chọn đơn vị tổ chức.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(title=title, kind=kind, level=level, organising_unit=organising_unit, start_date=start_date,
                      end_date=end_date, chair=chair, foreign_element=bool(foreign_element), requested_by=requester,
                      requested_at=timezone.now())
    with transaction.atomic():
        _require_organiser(requester, meeting, on)
        meeting.save()
        what = _("có yếu tố nước ngoài") if foreign_element else ""
        _event("request", requester, meeting,
               f"Đề nghị đồng ý sử dụng nội dung {label(level)} tại {MeetingKind(kind).label.lower()} «{title}» "
               f"{start_date:%d/%m/%Y}–{end_date:%d/%m/%Y}{(' ' + what) if what else ''}",
               level=level, kind=kind, start_date=start_date, end_date=end_date, foreign_element=bool(foreign_element),
               chair=chair, on=on)
    return meeting


def decide_meeting(decider, meeting: Meeting, *, approve: bool, reason: str = "", approval_reference: str = "",
                   on: dt.date) -> Meeting:
    """The authority's answer, in the system. With a foreign element the approval must be
    written: its reference is required (Art. 18)."""
    reason, approval_reference = _text(reason), _text(approval_reference)
    with transaction.atomic():
        meeting = _visible_locked(decider, meeting)
        _require_state(meeting, on, MeetingStatus.REQUESTED)
        act = _act(meeting, on)
        decision = authority.authorize(decider, act.code, meeting.level, meeting.organising_unit, on=on).require()
        if not approve and not reason:
            raise ValidationError({"reason": _("Không đồng ý phải nêu rõ lý do.")})
        if approve and meeting.foreign_element and not approval_reference:
            raise Refused(_("Hội nghị, hội thảo, cuộc họp có yếu tố nước ngoài chỉ được sử dụng nội dung bí mật nhà "
                            "nước khi có sự đồng ý bằng văn bản của người có thẩm quyền; cần ghi số, ký hiệu văn bản "
                            "đồng ý."), rule=act.id, basis=act.citation, field="approval_reference")
        meeting.status = MeetingStatus.APPROVED if approve else MeetingStatus.REFUSED
        meeting.approval_source = ApprovalSource.INTERNAL
        meeting.decided_by, meeting.decided_on, meeting.decision_reason = decider, on, reason
        meeting.authority_basis, meeting.approval_reference = decision.basis, approval_reference
        meeting.save(update_fields=["status", "approval_source", "decided_by", "decided_on", "decision_reason",
                                    "authority_basis", "approval_reference"])
        verb = "Đồng ý" if approve else "Không đồng ý"
        _event("decide", decider, meeting, f"{verb} sử dụng nội dung {label(meeting.level)} tại «{meeting.title}»",
               approve=approve, reason=reason, reference=approval_reference, on=on, rule=decision.rule,
               basis=decision.basis, via=decision.via, position=decision.position_id)
    return meeting


def external_authority_choices(meeting: Meeting, on: dt.date) -> list[tuple[str, str]]:
    """The authority classes the rulebook lets approve this meeting's content at its level."""
    regime = _regime(on)
    return [(cls.code, cls.name) for cls in regime.classes_for(act_code(meeting), meeting.level)]


def record_external_approval(recorder, meeting: Meeting, *, approver_class: str, approver_name: str,
                             approver_position: str = "", approval_reference: str, decided_on: dt.date,
                             on: dt.date) -> Meeting:
    """Record, by its written reference, an approval given by an authority outside the
    installation (a Minister, the Prime Minister, a provincial leader...). The authority
    named must be one the rulebook lists for the act and level on the approval's date."""
    approver_name, approver_position = _text(approver_name), _text(approver_position)
    approval_reference = _text(approval_reference)
    errors = {}
    if not approver_name:
        errors["approver_name"] = _("Cần ghi họ tên người đồng ý.")
    if not approval_reference:
        errors["approval_reference"] = _("Cần ghi số, ký hiệu văn bản đồng ý.")
    if not decided_on:
        errors["decided_on"] = _("Cần ghi ngày của văn bản đồng ý.")
    elif decided_on > on:
        errors["decided_on"] = _("Ngày văn bản đồng ý không được sau hôm nay.")
    if not approver_class:
        errors["approver_class"] = _("Cần chọn chức danh có thẩm quyền của người đồng ý.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _visible_locked(recorder, meeting)
        _require_state(meeting, on, MeetingStatus.REQUESTED)
        _require_organiser(recorder, meeting, on)
        regime = _regime(decided_on)
        act = regime.act(act_code(meeting))
        grant = regime.grant_for(act.code, meeting.level, approver_class)
        if grant is None:
            cls = regime.classes.get(approver_class)
            raise Refused(_("%(who)s không có thẩm quyền %(what)s theo %(citation)s.")
                          % {"who": cls.name if cls else approver_class,
                             "what": act.describe(regime.levels[meeting.level].name), "citation": act.citation},
                          rule=act.id, basis=act.citation, field="approver_class")
        meeting.status, meeting.approval_source = MeetingStatus.APPROVED, ApprovalSource.EXTERNAL
        meeting.decided_on, meeting.authority_basis = decided_on, grant.citation
        meeting.approver_name, meeting.approver_position = approver_name, approver_position
        meeting.approver_class, meeting.approval_reference = approver_class, approval_reference
        meeting.approval_recorded_by = recorder
        meeting.save(update_fields=["status", "approval_source", "decided_on", "authority_basis", "approver_name",
                                    "approver_position", "approver_class", "approval_reference",
                                    "approval_recorded_by"])
        _event("external_approval", recorder, meeting,
               f"Ghi văn bản đồng ý {approval_reference} của {approver_name} sử dụng nội dung "
               f"{label(meeting.level)} tại «{meeting.title}»",
               approver_class=approver_class, approver_name=approver_name, reference=approval_reference,
               decided_on=decided_on, rule=grant.id, basis=grant.citation, on=on)
    return meeting


# --- Preparation: attendees, venue, equipment, plan ---------------------------------------------

PREPARING = (MeetingStatus.REQUESTED, MeetingStatus.APPROVED)


def _assigned_to_level(person, level: str, on: dt.date) -> bool:
    return any(rank(a.max_level) >= rank(level) for a in AccessAssignment.objects.active(on).filter(person=person))


def add_attendee(organiser, meeting: Meeting, *, person=None, external_name: str = "", external_body: str = "",
                 external_position: str = "", introduction_reference: str = "", on: dt.date) -> MeetingAttendee:
    """Only proper attendees: a person of the installation must hold an active access
    assignment to the meeting's level; a person from outside is recorded with the body
    and the letter that sent them (their clearance is their body's to answer for)."""
    external_name, external_body = _text(external_name), _text(external_body)
    external_position, introduction_reference = _text(external_position), _text(introduction_reference)
    if person is None:
        errors = {}
        if not external_name:
            errors["external_name"] = _("Chọn người trong hệ thống hoặc ghi họ tên người ngoài hệ thống.")
        if not external_body:
            errors["external_body"] = _("Cần ghi cơ quan, tổ chức của người tham dự.")
        if not introduction_reference:
            errors["introduction_reference"] = _("Cần ghi văn bản cử người, giấy giới thiệu.")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, *PREPARING, MeetingStatus.IN_PROGRESS)
        _require_organiser(organiser, meeting, on)
        if person is not None:
            if meeting.attendees.filter(person=person).exists():
                raise ValidationError({"person": _("%(name)s đã có trong danh sách.") % {"name": person.full_name}})
            if not _assigned_to_level(person, meeting.level, on):
                raise _refuse_act(meeting, on, "meeting.attendee_not_assigned",
                                  _("%(name)s chưa được giao tiếp cận bí mật nhà nước độ %(level)s (quyết định còn "
                                    "hiệu lực và cam kết bảo vệ), nên không phải thành phần được tham dự.")
                                  % {"name": person.full_name, "level": Level(meeting.level).label}, field="person")
        attendee = MeetingAttendee.objects.create(
            meeting=meeting, person=person, external_name="" if person else external_name,
            external_body="" if person else external_body, external_position=external_position,
            introduction_reference=introduction_reference, added_by=organiser, added_on=on)
        _event("attendee_add", organiser, meeting, f"Thêm người tham dự {attendee} vào «{meeting.title}»",
               attendee=attendee.pk, person=person.pk if person else None, external=not person, on=on)
    return attendee


def remove_attendee(organiser, attendee: MeetingAttendee, *, on: dt.date) -> None:
    with transaction.atomic():
        meeting = _visible_locked(organiser, attendee.meeting)
        _require_state(meeting, on, *PREPARING)
        _require_organiser(organiser, meeting, on)
        attendee = MeetingAttendee.objects.get(pk=attendee.pk, meeting=meeting)
        if attendee.handouts.exists():
            raise _refuse_act(meeting, on, "meeting.attendee_has_handouts",
                              _("%(name)s đã nhận tài liệu, không bỏ khỏi danh sách được.") % {"name": attendee})
        name, pk = str(attendee), attendee.pk
        attendee.delete()
        _event("attendee_remove", organiser, meeting, f"Bỏ người tham dự {name} khỏi «{meeting.title}»",
               attendee=pk, on=on)


def record_security_check(organiser, attendee: MeetingAttendee, *, reference: str, checked_on: dt.date,
                          on: dt.date) -> MeetingAttendee:
    """The security check of one attendee (required for Tuyệt mật): who checked, the record."""
    reference = _text(reference)
    errors = {}
    if not reference:
        errors["reference"] = _("Cần ghi kết quả, biên bản kiểm tra an ninh (người, đơn vị kiểm tra).")
    if not checked_on:
        errors["checked_on"] = _("Cần ghi ngày kiểm tra.")
    elif checked_on > on:
        errors["checked_on"] = _("Ngày kiểm tra không được sau hôm nay.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _visible_locked(organiser, attendee.meeting)
        _require_state(meeting, on, *PREPARING, MeetingStatus.IN_PROGRESS)
        _require_organiser(organiser, meeting, on)
        attendee = MeetingAttendee.objects.select_for_update().get(pk=attendee.pk, meeting=meeting)
        attendee.security_check_reference, attendee.security_checked_on = reference, checked_on
        attendee.security_check_recorded_by = organiser
        attendee.save(update_fields=["security_check_reference", "security_checked_on", "security_check_recorded_by"])
        _event("security_check", organiser, meeting, f"Ghi kiểm tra an ninh người tham dự {attendee}",
               attendee=attendee.pk, checked_on=checked_on, reference=ledger.secret_hash(reference), on=on)
    return attendee


def record_venue(organiser, meeting: Meeting, *, venue_kind: str, venue_name: str, police_check_reference: str = "",
                 police_check_on: dt.date | None = None, on: dt.date) -> Meeting:
    venue_name, police_check_reference = _text(venue_name), _text(police_check_reference)
    errors = {}
    if venue_kind not in VenueKind.values:
        errors["venue_kind"] = _("Chọn phòng họp kín tại trụ sở hoặc địa điểm ngoài trụ sở.")
    if not venue_name:
        errors["venue_name"] = _("Cần ghi phòng họp, địa điểm.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, *PREPARING)
        _require_organiser(organiser, meeting, on)
        if venue_kind == VenueKind.OFF_SITE and not (police_check_reference and police_check_on):
            raise _refuse("meeting_venue", on,
                          _("Hội nghị, hội thảo, cuộc họp tổ chức ngoài trụ sở chỉ được dùng địa điểm đã được Bộ Công "
                            "an hoặc Công an tỉnh kiểm tra an ninh, an toàn: cần ghi văn bản và ngày kiểm tra."),
                          field="police_check_reference")
        if venue_kind == VenueKind.HQ_ROOM:
            police_check_reference, police_check_on = "", None
        meeting.venue_kind, meeting.venue_name = venue_kind, venue_name
        meeting.police_check_reference, meeting.police_check_on = police_check_reference, police_check_on
        meeting.save(update_fields=["venue_kind", "venue_name", "police_check_reference", "police_check_on"])
        _event("venue", organiser, meeting, f"Ghi địa điểm «{meeting.title}»: {VenueKind(venue_kind).label}",
               venue_kind=venue_kind, venue=ledger.secret_hash(venue_name), police_check=police_check_reference,
               police_check_on=police_check_on, on=on)
    return meeting


def record_equipment(organiser, meeting: Meeting, *, equipment_kind: str, equipment_check_reference: str = "",
                     equipment_note: str = "", on: dt.date) -> Meeting:
    equipment_check_reference, equipment_note = _text(equipment_check_reference), _text(equipment_note)
    if equipment_kind not in EquipmentKind.values:
        raise ValidationError({"equipment_kind": _("Chọn loại thiết bị sử dụng.")})
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, *PREPARING)
        _require_organiser(organiser, meeting, on)
        if equipment_kind != EquipmentKind.NONE and not equipment_check_reference:
            raise _refuse("meeting_equipment", on,
                          _("Thiết bị âm thanh, hình ảnh phải được Công an kiểm tra an ninh trước khi lắp đặt (hoặc do "
                            "Ban Cơ yếu Chính phủ trang bị): cần ghi văn bản kiểm tra hoặc trang bị."),
                          field="equipment_check_reference")
        meeting.equipment_kind, meeting.equipment_check_reference = equipment_kind, equipment_check_reference
        meeting.equipment_note = equipment_note
        meeting.save(update_fields=["equipment_kind", "equipment_check_reference", "equipment_note"])
        _event("equipment", organiser, meeting, f"Ghi thiết bị «{meeting.title}»: {EquipmentKind(equipment_kind).label}",
               equipment_kind=equipment_kind, reference=equipment_check_reference, on=on)
    return meeting


def record_protection_plan(organiser, meeting: Meeting, *, plan: str, guards: str = "", contingency: str = "",
                           device_instructions: str = "", on: dt.date) -> Meeting:
    """The protection plan; for Tuyệt mật also guards and a contingency plan; where the
    rulebook leaves devices to the chair (Mật), the chair's instructions in writing."""
    plan, guards, contingency = _text(plan), _text(guards), _text(contingency)
    device_instructions = _text(device_instructions)
    plan_rule = requirement("meeting_protection_plan", on)
    errors = {}
    if not plan:
        errors["plan"] = _("Cần có phương án bảo vệ (%(basis)s).") % {"basis": plan_rule.citation}
    if needs_guards(meeting):
        if not guards:
            errors["guards"] = _("Tuyệt mật: cần bố trí lực lượng bảo vệ (%(basis)s).") % {"basis": plan_rule.citation}
        if not contingency:
            errors["contingency"] = _("Tuyệt mật: cần có phương án dự phòng (%(basis)s).") % {
                "basis": plan_rule.citation}
    devices = device_rule(meeting.level, on)
    if devices.value == "chair_decides" and not device_instructions:
        errors["device_instructions"] = _("Độ %(level)s: cần ghi chỉ đạo của người chủ trì về thiết bị thu, phát, ghi "
                                          "âm, ghi hình (%(basis)s).") % {"level": Level(meeting.level).label,
                                                                         "basis": devices.citation}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, *PREPARING)
        _require_organiser(organiser, meeting, on)
        meeting.plan, meeting.guards, meeting.contingency = plan, guards, contingency
        meeting.device_instructions = device_instructions if devices.value == "chair_decides" else ""
        meeting.save(update_fields=["plan", "guards", "contingency", "device_instructions"])
        # The plan says how the meeting is guarded: kept out of the ledger, only its hash.
        _event("plan", organiser, meeting, f"Ghi phương án bảo vệ «{meeting.title}»",
               plan=ledger.secret_hash(plan), guards=ledger.secret_hash(guards),
               contingency=ledger.secret_hash(contingency), device_instructions=meeting.device_instructions, on=on)
    return meeting


# --- The meeting itself ----------------------------------------------------------------------

def unmet_conditions(meeting: Meeting, on: dt.date) -> list[Refused]:
    """What still stands between an approved meeting and its opening (rule E1), each a
    refusal with its rule and basis; the page lists them, open_meeting raises the first."""
    problems = []
    if meeting.status not in (MeetingStatus.APPROVED,):
        problems.append(_refuse_act(meeting, on, "meeting.not_approved",
                                    _("Chưa có sự đồng ý của người có thẩm quyền về việc sử dụng nội dung bí mật nhà "
                                      "nước.")))
    attendees = list(meeting.attendees.select_related("person"))
    if not attendees:
        problems.append(_refuse_act(meeting, on, "meeting.attendees", _("Chưa có danh sách người tham dự.")))
    if not meeting.venue_kind or (meeting.venue_kind == VenueKind.OFF_SITE and not meeting.police_check_reference):
        problems.append(_refuse("meeting_venue", on, _("Chưa ghi phòng họp kín tại trụ sở, hoặc địa điểm ngoài trụ "
                                                       "sở đã được Công an kiểm tra an ninh, an toàn.")))
    if not meeting.equipment_kind:
        problems.append(_refuse("meeting_equipment", on, _("Chưa ghi thiết bị sử dụng và việc kiểm tra thiết bị.")))
    if not meeting.plan or (needs_guards(meeting) and not (meeting.guards and meeting.contingency)):
        problems.append(_refuse("meeting_protection_plan", on, _("Chưa có phương án bảo vệ đầy đủ.")))
    devices = device_rule(meeting.level, on)
    if devices.value == "chair_decides" and not meeting.device_instructions:
        problems.append(_refuse(f"meeting_devices_{meeting.level.lower()}", on,
                                _("Chưa ghi chỉ đạo của người chủ trì về thiết bị thu, phát, ghi âm, ghi hình.")))
    if needs_attendee_check(meeting, on):
        unchecked = [str(a) for a in attendees if not a.security_checked_on]
        if unchecked:
            problems.append(_refuse("meeting_attendee_check", on,
                                    _("Chưa kiểm tra an ninh người tham dự: %(names)s.") % {
                                        "names": ", ".join(unchecked)}))
    return problems


def open_meeting(organiser, meeting: Meeting, *, on: dt.date) -> Meeting:
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, MeetingStatus.APPROVED)
        _require_organiser(organiser, meeting, on)
        if not meeting.start_date <= on <= meeting.end_date:
            raise _refuse_act(meeting, on, "meeting.dates",
                              _("Chỉ khai mạc trong thời gian đã được đồng ý (%(start)s–%(end)s).")
                              % {"start": format_date(meeting.start_date), "end": format_date(meeting.end_date)})
        problems = unmet_conditions(meeting, on)
        if problems:
            raise problems[0]
        meeting.status, meeting.opened_on, meeting.opened_by = MeetingStatus.IN_PROGRESS, on, organiser
        meeting.save(update_fields=["status", "opened_on", "opened_by"])
        _event("open", organiser, meeting, f"Khai mạc «{meeting.title}» ({label(meeting.level)})",
               attendees=meeting.attendees.count(), on=on)
    return meeting


def handable_copies(person, meeting: Meeting, on: dt.date | None = None):
    """Copies the organiser may hand out: visible to them, held (in their own hands or the
    organising unit's storage), of a level no higher than the meeting's, not already out."""
    units = Unit.objects.descendant_ids([meeting.organising_unit_id])
    out = MeetingHandout.objects.filter(status=HandoutStatus.OUT).values("copy_id")
    levels = [lv for lv in Level.values if rank(lv) <= rank(meeting.level)]
    return (Copy.objects.filter(item__in=SecretItem.objects.visible_to(person, on).filter(level__in=levels)
                                .values("pk"), status=CopyStatus.HELD)
            .filter(Q(custodian_person=person) | Q(custodian_unit_id__in=units)).exclude(pk__in=out)
            .select_related("item").order_by("item_id", "origin", "number"))


def hand_out(organiser, meeting: Meeting, *, copy: Copy, attendee: MeetingAttendee, on: dt.date) -> MeetingHandout:
    """Hand one copy to one attendee: the copy passes into the attendee's custody (a person
    from outside cannot be a custodian: the organising unit stays answerable, the storage
    place naming the attendee)."""
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, MeetingStatus.IN_PROGRESS)
        _require_organiser(organiser, meeting, on)
        if attendee is None or attendee.meeting_id != meeting.pk:
            raise ValidationError({"attendee": _("Người nhận phải có trong danh sách người tham dự.")})
        attendee = MeetingAttendee.objects.select_related("person").get(pk=attendee.pk)
        # A copy of an item the organiser may not know of is, for them, no copy at all.
        get_visible_or_404(SecretItem.objects.all(), organiser, pk=copy.item_id)
        copy = Copy.objects.select_for_update(of=("self",)).select_related("item").get(pk=copy.pk)
        if rank(copy.item.level) > rank(meeting.level):
            raise _refuse_act(meeting, on, "meeting.document_level",
                              _("%(copy)s có độ %(item_level)s, cao hơn độ mật đã được đồng ý sử dụng tại hội nghị "
                                "(%(level)s).") % {"copy": copy, "item_level": Level(copy.item.level).label,
                                                   "level": Level(meeting.level).label}, field="copy")
        units = Unit.objects.descendant_ids([meeting.organising_unit_id])
        in_hand = copy.custodian_person_id == organiser.pk or copy.custodian_unit_id in units
        if copy.status != CopyStatus.HELD or not in_hand or MeetingHandout.objects.filter(
                copy=copy, status=HandoutStatus.OUT).exists():
            raise _refuse_act(meeting, on, "meeting.copy_not_available",
                              _("%(copy)s không do người phát hoặc đơn vị tổ chức đang lưu giữ (hoặc đang được phát, "
                                "chuyển giao), nên không phát được tại hội nghị.") % {"copy": copy}, field="copy")
        if needs_attendee_check(meeting, on) and not attendee.security_checked_on:
            raise _refuse("meeting_attendee_check", on,
                          _("%(name)s chưa được kiểm tra an ninh, không được nhận tài liệu.") % {"name": attendee},
                          field="attendee")
        handout = MeetingHandout.objects.create(
            meeting=meeting, copy=copy, attendee=attendee, handed_by=organiser, handed_on=on,
            from_person=copy.custodian_person, from_unit=copy.custodian_unit, from_storage_place=copy.storage_place)
        if attendee.person_id:
            record = custody.move_copy(copy, to_person=attendee.person, act="meeting_handout")
        else:
            place = f"Phát tại hội nghị #{meeting.pk} cho {attendee}"[:200]
            record = custody.move_copy(copy, to_unit=meeting.organising_unit, storage_place=place,
                                       act="meeting_handout")
        event = ledger.record_event(
            "records.meeting.handout", actor=organiser, unit=meeting.organising_unit, obj=meeting,
            description=f"Phát {copy} cho {attendee} tại «{meeting.title}»",
            payload={"handout": handout.pk, "copy": copy.pk, "item": copy.item_id, "attendee": attendee.pk,
                     "to_person": attendee.person_id, "on": on})
        record.ledger_seq = event.seq
        record.save(update_fields=["ledger_seq"])
    return handout


def _open_handout(organiser, handout: MeetingHandout, on: dt.date) -> tuple[Meeting, MeetingHandout]:
    meeting = _visible_locked(organiser, handout.meeting)
    _require_state(meeting, on, MeetingStatus.IN_PROGRESS, MeetingStatus.ENDED)
    _require_organiser(organiser, meeting, on)
    handout = (MeetingHandout.objects.select_for_update(of=("self",))
               .select_related("copy", "copy__item", "attendee", "attendee__person").get(pk=handout.pk, meeting=meeting))
    if handout.status != HandoutStatus.OUT:
        raise _refuse_act(meeting, on, "meeting.handout_state",
                          _("%(copy)s đã được ghi «%(status)s».") % {"copy": handout.copy,
                                                                     "status": handout.get_status_display()})
    return meeting, handout


def recover(organiser, handout: MeetingHandout, *, on: dt.date) -> MeetingHandout:
    """Take a handed-out copy back: it returns to the custodian it came from."""
    with transaction.atomic():
        meeting, handout = _open_handout(organiser, handout, on)
        copy = Copy.objects.select_for_update(of=("self",)).get(pk=handout.copy_id)
        if handout.from_person_id:
            record = custody.move_copy(copy, to_person=handout.from_person, act="meeting_recovery")
        else:
            record = custody.move_copy(copy, to_unit=handout.from_unit, storage_place=handout.from_storage_place,
                                       act="meeting_recovery")
        handout.status, handout.recovered_by, handout.recovered_on = HandoutStatus.RECOVERED, organiser, on
        handout.save(update_fields=["status", "recovered_by", "recovered_on"])
        event = ledger.record_event(
            "records.meeting.recover", actor=organiser, unit=meeting.organising_unit, obj=meeting,
            description=f"Thu hồi {copy} từ {handout.attendee} sau «{meeting.title}»",
            payload={"handout": handout.pk, "copy": copy.pk, "item": copy.item_id, "on": on})
        record.ledger_seq = event.seq
        record.save(update_fields=["ledger_seq"])
    return handout


def record_loss(organiser, handout: MeetingHandout, *, description: str, on: dt.date) -> Incident:
    """A copy that cannot be recovered: it is missing and an incident (mất BMNN) is opened,
    to be reported at once like any other (stock-take incidents, same model)."""
    description = _text(description)
    if not description:
        raise ValidationError({"description": _("Cần ghi tóm tắt sự việc (không ghi nội dung bí mật).")})
    with transaction.atomic():
        meeting, handout = _open_handout(organiser, handout, on)
        copy = handout.copy
        custody.set_status(copy, CopyStatus.MISSING)
        incident = Incident.objects.create(
            kind=IncidentKind.LOSS, unit=meeting.organising_unit, item=copy.item, copy=copy, opened_by=organiser,
            opened_at=timezone.now(),
            description=(f"Không thu hồi được {copy} phát cho {handout.attendee} tại hội nghị #{meeting.pk}: "
                         f"{description}")[:500])
        handout.status, handout.incident = HandoutStatus.LOST, incident
        handout.save(update_fields=["status", "incident"])
        ledger.record_event("records.incident.open", actor=organiser, unit=meeting.organising_unit, obj=incident,
                            description=f"Mở vụ việc mất {copy}",
                            payload={"kind": IncidentKind.LOSS, "copy": copy.pk, "item": copy.item_id,
                                     "meeting": meeting.pk})
        _event("loss", organiser, meeting, f"Ghi không thu hồi được {copy} sau «{meeting.title}»",
               handout=handout.pk, copy=copy.pk, incident=incident.pk, note=ledger.secret_hash(description),
               on=on)
    return incident


def seal_room(organiser, meeting: Meeting, *, day: dt.date, seal_reference: str, witnesses: str = "",
              on: dt.date) -> MeetingSeal:
    """Niêm phong phòng họp after one day of a meeting of 2 days or more."""
    seal_reference, witnesses = _text(seal_reference), _text(witnesses)
    errors = {}
    if not seal_reference:
        errors["seal_reference"] = _("Cần ghi số niêm phong hoặc biên bản niêm phong.")
    if not day:
        errors["day"] = _("Cần ghi ngày họp được niêm phong.")
    elif day > on:
        errors["day"] = _("Không niêm phong trước cho ngày chưa đến.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, MeetingStatus.IN_PROGRESS, MeetingStatus.ENDED)
        _require_organiser(organiser, meeting, on)
        if day not in seal_days(meeting):
            raise ValidationError({"day": _("Ngày %(day)s không phải một ngày của hội nghị kéo dài từ 2 ngày trở lên.")
                                   % {"day": format_date(day)}})
        if meeting.seals.filter(day=day).exists():
            raise ValidationError({"day": _("Đã ghi niêm phong phòng họp ngày %(day)s.") % {"day": format_date(day)}})
        seal = MeetingSeal.objects.create(meeting=meeting, day=day, seal_reference=seal_reference,
                                          witnesses=witnesses, sealed_by=organiser, sealed_at=timezone.now())
        _event("seal", organiser, meeting, f"Niêm phong phòng họp «{meeting.title}» ngày {day:%d/%m/%Y}",
               day=day, seal=seal_reference, on=on)
    return seal


def end_meeting(organiser, meeting: Meeting, *, on: dt.date) -> Meeting:
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, MeetingStatus.IN_PROGRESS)
        _require_organiser(organiser, meeting, on)
        if on < meeting.opened_on:
            raise ValidationError(_("Ngày bế mạc không được trước ngày khai mạc."))
        meeting.status, meeting.ended_on = MeetingStatus.ENDED, on
        meeting.save(update_fields=["status", "ended_on"])
        out = meeting.handouts.filter(status=HandoutStatus.OUT).count()
        _event("end", organiser, meeting, f"Bế mạc «{meeting.title}»: {out} bản chưa thu hồi", out=out, on=on)
    return meeting


def close_meeting(organiser, meeting: Meeting, *, on: dt.date) -> Meeting:
    """Close the file: every handed-out copy recovered or its loss recorded, and for 2 days
    or more a room seal for each day."""
    with transaction.atomic():
        meeting = _visible_locked(organiser, meeting)
        _require_state(meeting, on, MeetingStatus.ENDED)
        _require_organiser(organiser, meeting, on)
        out = list(meeting.handouts.filter(status=HandoutStatus.OUT).select_related("copy", "copy__item", "attendee"))
        if out:
            raise _refuse("meeting_documents_recovered", on,
                          _("Chưa thu hồi: %(copies)s. Thu hồi, hoặc ghi không thu hồi được (mở vụ việc mất) trước "
                            "khi kết thúc hồ sơ.") % {"copies": "; ".join(f"{h.copy} ({h.attendee})" for h in out)})
        missing = missing_seals(meeting)
        if missing:
            raise _refuse("meeting_room_sealing", on,
                          _("Chưa ghi niêm phong phòng họp các ngày: %(days)s.")
                          % {"days": ", ".join(format_date(d) for d in missing)})
        meeting.status, meeting.closed_on, meeting.closed_by = MeetingStatus.CLOSED, on, organiser
        meeting.save(update_fields=["status", "closed_on", "closed_by"])
        handouts = meeting.handouts.all()
        _event("close", organiser, meeting, f"Kết thúc hồ sơ «{meeting.title}»",
               recovered=handouts.filter(status=HandoutStatus.RECOVERED).count(),
               lost=handouts.filter(status=HandoutStatus.LOST).count(), on=on)
    return meeting


# --- Reading ---------------------------------------------------------------------------------

def visible_meetings(person, on: dt.date | None = None):
    return Meeting.objects.visible_to(person, on).select_related("organising_unit", "requested_by", "decided_by")


def meetings_with_item(person, item: SecretItem):
    """Hand-outs of this item's copies at meetings the person may know of (item page)."""
    return (MeetingHandout.objects.filter(copy__item=item, meeting__in=Meeting.objects.visible_to(person).values("pk"))
            .select_related("meeting", "copy", "attendee", "attendee__person").order_by("-handed_on", "-pk"))


# --- What needs action ---------------------------------------------------------------------------

def queues(person, on: dt.date | None = None) -> list[Queue]:
    """- meetings_to_approve: requested meetings the person has the authority to approve;
    - meetings_unrecovered: ended meetings of units the person organises for, with copies
      still out;
    - meetings_seals_due: meetings of 2 days or more whose room seal for a day up to today
      is not recorded."""
    on = on or today()
    visible = Meeting.objects.visible_to(person, on)
    waiting = list(visible.filter(status=MeetingStatus.REQUESTED).exclude(requested_by=person)
                   .select_related("organising_unit").order_by("start_date", "pk")[:CANDIDATE_LIMIT + 1])
    answers: dict[tuple, bool] = {}
    kept = []
    for meeting in waiting[:CANDIDATE_LIMIT]:
        key = (act_code(meeting), meeting.level, meeting.organising_unit_id)
        if key not in answers:
            answers[key] = authority.authorize(person, key[0], key[1], meeting.organising_unit, on=on).allowed
        if answers[key]:
            kept.append(meeting)
    to_approve = Queue("meetings_to_approve", rows=kept[:QUEUE_LIMIT], count=len(kept),
                       more=len(waiting) > CANDIDATE_LIMIT or len(kept) > QUEUE_LIMIT)

    own = Unit.objects.descendant_ids(person.unit_ids_on(on)) if getattr(person, "is_authenticated", False) else set()
    mine = visible.filter(organising_unit_id__in=own)
    unrecovered = _bounded("meetings_unrecovered", mine.filter(
        status=MeetingStatus.ENDED, pk__in=MeetingHandout.objects.filter(status=HandoutStatus.OUT)
        .values("meeting_id")).select_related("organising_unit").order_by("ended_on", "pk"))

    due = []
    candidates = list(mine.filter(status__in=[MeetingStatus.IN_PROGRESS, MeetingStatus.ENDED],
                                  end_date__gt=F("start_date")).prefetch_related("seals")
                      .select_related("organising_unit").order_by("start_date", "pk")[:CANDIDATE_LIMIT])
    for meeting in candidates:
        sealed = {s.day for s in meeting.seals.all()}
        days = [d for d in seal_days(meeting, on) if d not in sealed]
        if days:
            meeting.due_days = days
            due.append(meeting)
    seals = Queue("meetings_seals_due", rows=due[:QUEUE_LIMIT], count=len(due), more=len(due) > QUEUE_LIMIT)
    return [to_approve, unrecovered, seals]
