"""Meetings with secret content (rule E1; Law 2018 Arts. 17–18, Decree 26/2020 Art. 6):
approval by the Art. 15 authority (foreign element: in writing, Art. 16.1), proper
attendees, venue and equipment checks, protection plan, device rule per level, a room
seal per day for 2 days or more, every handed-out copy recovered (or its loss
recorded) before the file is closed. Dates are passed explicitly."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (
    CopyStatus, CustodyRecord, HandoutStatus, IncidentKind, MeetingStatus, VenueKind,
)
from bmnn.records.services import meetings as svc
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ASKED = dt.date(2026, 4, 10)
DAY1, DAY2 = dt.date(2026, 4, 14), dt.date(2026, 4, 15)
AFTER = dt.date(2026, 4, 16)


@pytest.fixture
def officer(pa03):
    return person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT,
                     full_name="Ngô Thị Lan")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TUYET_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def minister(police):
    # An Art. 16.1 authority held inside the installation (for the test's sake).
    return person_in(police, title="Bộ trưởng", role=Role.LEADER, authority_class="minister_public_security",
                     clearance=Level.TUYET_MAT, full_name="Đỗ Văn Bộ")


def ask(officer, pa03, *, level=Level.TOI_MAT, start=DAY1, end=DAY2, foreign=False, **fields):
    values = dict(title="Hội nghị triển khai công tác bảo vệ BMNN", level=level, organising_unit=pa03,
                  start_date=start, end_date=end, chair="Đồng chí Giám đốc", foreign_element=foreign, on=ASKED)
    values.update(fields)
    return svc.request_meeting(officer, **values)


def prepare(meeting, officer, attendees, *, checked=False, venue=VenueKind.HQ_ROOM):
    for person in attendees:
        attendee = svc.add_attendee(officer, meeting, person=person, on=ASKED)
        if checked:
            svc.record_security_check(officer, attendee, reference="Biên bản kiểm tra của PA03", checked_on=ASKED,
                                      on=ASKED)
    svc.record_venue(officer, meeting, venue_kind=venue, venue_name="Phòng họp tầng 3",
                     police_check_reference="Công văn 12/PA03" if venue == VenueKind.OFF_SITE else "",
                     police_check_on=ASKED if venue == VenueKind.OFF_SITE else None, on=ASKED)
    svc.record_equipment(officer, meeting, equipment_kind="wired_checked", equipment_check_reference="BB 5/PA03",
                         on=ASKED)
    svc.record_protection_plan(officer, meeting, plan="Kiểm soát ra vào", guards="Tổ bảo vệ 3 người",
                               contingency="Phòng họp dự phòng tầng 2", device_instructions="Gửi điện thoại ở lễ tân",
                               on=ASKED)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def approved(officer, pa03, director, staff):
    meeting = ask(officer, pa03)
    svc.decide_meeting(director, meeting, approve=True, on=ASKED)
    return prepare(meeting, officer, [staff])


@pytest.fixture
def opened(approved, officer):
    return svc.open_meeting(officer, approved, on=DAY1)


# --- Request and approval --------------------------------------------------------------------

def test_request_records_the_meeting_and_its_ledger_event(officer, pa03):
    meeting = ask(officer, pa03)
    assert meeting.status == MeetingStatus.REQUESTED and meeting.days == 2
    event = LedgerEvent.objects.get(action="records.meeting.request", object_id=str(meeting.pk))
    assert "Tối mật" in event.description


def test_request_needs_a_title_a_chair_and_ordered_dates(officer, pa03):
    with pytest.raises(ValidationError) as error:
        ask(officer, pa03, title="", chair="", start=DAY2, end=DAY1)
    assert {"title", "chair", "end_date"} <= set(error.value.message_dict)


def test_request_by_someone_outside_the_organising_unit_is_refused(pa03):
    outsider = person_in(UnitFactory(), clearance=Level.TUYET_MAT)
    with pytest.raises(Refused) as refusal:
        ask(outsider, pa03)
    assert refusal.value.rule == "meeting.organiser" and refusal.value.basis == "Điều 17 Luật BVBMNN 2018"


def test_the_art15_authority_approves_and_the_basis_is_kept(officer, pa03, director):
    meeting = svc.decide_meeting(director, ask(officer, pa03), approve=True, on=ASKED)
    assert meeting.status == MeetingStatus.APPROVED and meeting.authority_basis
    assert LedgerEvent.objects.filter(action="records.meeting.decide", object_id=str(meeting.pk)).exists()


def test_approval_by_someone_without_authority_is_refused(officer, pa03, division_head):
    meeting = ask(officer, pa03)  # Tối mật: a head of division may approve Mật only
    with pytest.raises(Refused) as refusal:
        svc.decide_meeting(division_head, meeting, approve=True, on=ASKED)
    assert "meeting_domestic" in refusal.value.rule
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED


def test_tuyet_mat_approval_by_the_provincial_director_is_refused(officer, pa03, director):
    meeting = ask(officer, pa03, level=Level.TUYET_MAT)
    with pytest.raises(Refused):
        svc.decide_meeting(director, meeting, approve=True, on=ASKED)


def test_a_refusal_needs_its_reason(officer, pa03, director):
    with pytest.raises(ValidationError) as error:
        svc.decide_meeting(director, ask(officer, pa03), approve=False, on=ASKED)
    assert "reason" in error.value.message_dict


def test_an_outside_authority_approval_is_recorded_by_its_reference(officer, pa03):
    meeting = ask(officer, pa03, level=Level.TUYET_MAT)
    meeting = svc.record_external_approval(officer, meeting, approver_class="provincial_leader",
                                           approver_name="Chủ tịch UBND tỉnh", approval_reference="45/UBND-NC",
                                           decided_on=ASKED, on=ASKED)
    assert meeting.status == MeetingStatus.APPROVED and meeting.approval_reference == "45/UBND-NC"
    assert "Điều 17" in meeting.authority_basis


def test_an_outside_approval_by_a_class_without_the_authority_is_refused(officer, pa03):
    meeting = ask(officer, pa03, level=Level.TUYET_MAT)
    with pytest.raises(Refused) as refusal:
        svc.record_external_approval(officer, meeting, approver_class="provincial_department_head",
                                     approver_name="Giám đốc Sở", approval_reference="9/SNV", decided_on=ASKED,
                                     on=ASKED)
    assert refusal.value.field == "approver_class" and refusal.value.basis == "Điều 17 Luật BVBMNN 2018"


def test_foreign_element_meeting_approved_by_a_domestic_authority_is_refused(officer, pa03, director):
    meeting = ask(officer, pa03, foreign=True)
    with pytest.raises(Refused) as refusal:
        svc.decide_meeting(director, meeting, approve=True, approval_reference="1/CAT", on=ASKED)
    assert "meeting_foreign" in refusal.value.rule and refusal.value.basis.startswith("Điều 18")


def test_foreign_element_meeting_without_a_written_approval_is_refused(officer, pa03, minister):
    meeting = ask(officer, pa03, foreign=True)
    with pytest.raises(Refused) as refusal:
        svc.decide_meeting(minister, meeting, approve=True, on=ASKED)
    assert refusal.value.field == "approval_reference" and refusal.value.basis.startswith("Điều 18")
    meeting = svc.decide_meeting(minister, meeting, approve=True, approval_reference="88/BCA-A02", on=ASKED)
    assert meeting.status == MeetingStatus.APPROVED


def test_foreign_element_outside_approval_must_come_from_an_art16_authority(officer, pa03):
    meeting = ask(officer, pa03, foreign=True, level=Level.TUYET_MAT)
    with pytest.raises(Refused) as refusal:
        svc.record_external_approval(officer, meeting, approver_class="minister_public_security",
                                     approver_name="Bộ trưởng", approval_reference="7/BCA", decided_on=ASKED,
                                     on=ASKED)
    assert refusal.value.basis.startswith("Điều 18")  # Tuyệt mật with a foreign element: the Prime Minister
    meeting = svc.record_external_approval(officer, meeting, approver_class="prime_minister",
                                           approver_name="Thủ tướng Chính phủ", approval_reference="12/TTg-NC",
                                           decided_on=ASKED, on=ASKED)
    assert meeting.status == MeetingStatus.APPROVED


# --- Attendees, venue, equipment, plan --------------------------------------------------------

def test_an_attendee_without_an_assignment_to_the_level_is_refused(officer, pa03):
    meeting = ask(officer, pa03)
    low = person_in(pa03, clearance=Level.MAT)
    with pytest.raises(Refused) as refusal:
        svc.add_attendee(officer, meeting, person=low, on=ASKED)
    assert refusal.value.rule == "meeting.attendee_not_assigned"


def test_an_outside_attendee_needs_body_and_letter(officer, pa03):
    meeting = ask(officer, pa03)
    with pytest.raises(ValidationError) as error:
        svc.add_attendee(officer, meeting, external_name="Trần Văn B", on=ASKED)
    assert {"external_body", "introduction_reference"} <= set(error.value.message_dict)
    attendee = svc.add_attendee(officer, meeting, external_name="Trần Văn B", external_body="Sở Nội vụ",
                                introduction_reference="GGT 3/SNV", on=ASKED)
    assert str(attendee) == "Trần Văn B (Sở Nội vụ)"


def test_an_off_site_venue_without_the_police_check_is_refused(officer, pa03):
    meeting = ask(officer, pa03)
    with pytest.raises(Refused) as refusal:
        svc.record_venue(officer, meeting, venue_kind=VenueKind.OFF_SITE, venue_name="Khách sạn X", on=ASKED)
    assert refusal.value.rule == "2026:requirements.meeting_venue"
    assert refusal.value.basis == "Điều 6 Nghị định 26/2020/NĐ-CP"


def test_equipment_other_than_none_needs_its_check(officer, pa03):
    meeting = ask(officer, pa03)
    with pytest.raises(Refused) as refusal:
        svc.record_equipment(officer, meeting, equipment_kind="wired_checked", on=ASKED)
    assert refusal.value.rule.endswith("meeting_equipment")


def test_tuyet_mat_plan_needs_guards_and_contingency(officer, pa03):
    meeting = ask(officer, pa03, level=Level.TUYET_MAT)
    with pytest.raises(ValidationError) as error:
        svc.record_protection_plan(officer, meeting, plan="Kiểm soát ra vào", on=ASKED)
    assert {"guards", "contingency"} <= set(error.value.message_dict)


def test_mat_plan_needs_the_chairs_device_instructions(officer, pa03):
    meeting = ask(officer, pa03, level=Level.MAT)
    with pytest.raises(ValidationError) as error:
        svc.record_protection_plan(officer, meeting, plan="Kiểm soát ra vào", on=ASKED)
    assert "device_instructions" in error.value.message_dict


def test_the_device_rule_comes_from_the_rulebook_per_level():
    assert svc.device_rule(Level.TUYET_MAT, ASKED).value == "forbidden"
    assert svc.device_rule(Level.TOI_MAT, dt.date(2025, 6, 1)).value == "forbidden"
    assert svc.device_rule(Level.MAT, ASKED).value == "chair_decides"


# --- Opening ---------------------------------------------------------------------------------

def test_opening_needs_the_approval(officer, pa03, staff):
    meeting = prepare(ask(officer, pa03), officer, [staff])
    with pytest.raises(Refused) as refusal:
        svc.open_meeting(officer, meeting, on=DAY1)
    assert refusal.value.rule == "meeting.state"


def test_opening_outside_the_approved_dates_is_refused(approved, officer):
    with pytest.raises(Refused) as refusal:
        svc.open_meeting(officer, approved, on=ASKED)
    assert refusal.value.rule == "meeting.dates"


def test_opening_a_tuyet_mat_meeting_with_an_unchecked_attendee_is_refused(officer, pa03, staff):
    meeting = ask(officer, pa03, level=Level.TUYET_MAT)
    svc.record_external_approval(officer, meeting, approver_class="provincial_leader", approver_name="Chủ tịch",
                                 approval_reference="45/UBND-NC", decided_on=ASKED, on=ASKED)
    meeting = prepare(meeting, officer, [staff])
    with pytest.raises(Refused) as refusal:
        svc.open_meeting(officer, meeting, on=DAY1)
    assert refusal.value.rule.endswith("meeting_attendee_check") and "Bùi Văn Nam" in refusal.value.message
    svc.record_security_check(officer, meeting.attendees.get(), reference="BB kiểm tra", checked_on=ASKED, on=ASKED)
    assert svc.open_meeting(officer, meeting, on=DAY1).status == MeetingStatus.IN_PROGRESS


def test_opening_without_a_venue_is_refused(officer, pa03, director, staff):
    meeting = ask(officer, pa03)
    svc.decide_meeting(director, meeting, approve=True, on=ASKED)
    svc.add_attendee(officer, meeting, person=staff, on=ASKED)
    with pytest.raises(Refused) as refusal:
        svc.open_meeting(officer, meeting, on=DAY1)
    assert refusal.value.rule.endswith("meeting_venue")


def test_opening_records_the_day_and_the_ledger(opened):
    assert opened.status == MeetingStatus.IN_PROGRESS and opened.opened_on == DAY1
    assert LedgerEvent.objects.filter(action="records.meeting.open", object_id=str(opened.pk)).exists()


# --- Documents and seals ----------------------------------------------------------------------

@pytest.fixture
def item(clerk, pa03):
    return issued_item(clerk, pa03, level=Level.TOI_MAT, copies=2)


def test_handing_out_moves_custody_to_the_attendee_with_a_ledger_event(opened, officer, staff, item):
    copy = item.copies.get(number=1)
    handout = svc.hand_out(officer, opened, copy=copy, attendee=opened.attendees.get(), on=DAY1)
    copy.refresh_from_db()
    assert copy.custodian_person == staff and handout.from_unit_id == item.holding_unit_id
    record = CustodyRecord.objects.get(copy=copy, until__isnull=True)
    assert record.act == "meeting_handout" and record.ledger_seq == LedgerEvent.objects.get(
        action="records.meeting.handout").seq


def test_handing_out_a_higher_level_copy_is_refused(opened, officer, clerk, pa03):
    top = issued_item(clerk, pa03, level=Level.TUYET_MAT)
    with pytest.raises(Refused) as refusal:
        svc.hand_out(officer, opened, copy=top.copies.first(), attendee=opened.attendees.get(), on=DAY1)
    assert refusal.value.rule == "meeting.document_level"


def test_handing_out_the_same_copy_twice_is_refused(opened, officer, item):
    copy, attendee = item.copies.get(number=1), opened.attendees.get()
    svc.hand_out(officer, opened, copy=copy, attendee=attendee, on=DAY1)
    with pytest.raises(Refused):
        svc.hand_out(officer, opened, copy=copy, attendee=attendee, on=DAY1)


def test_handing_out_to_an_outsider_keeps_the_unit_answerable(opened, officer, item, pa03):
    outsider = svc.add_attendee(officer, opened, external_name="Trần Văn B", external_body="Sở Nội vụ",
                                introduction_reference="GGT 3/SNV", on=DAY1)
    copy = item.copies.get(number=2)
    svc.hand_out(officer, opened, copy=copy, attendee=outsider, on=DAY1)
    copy.refresh_from_db()
    assert copy.custodian_unit == pa03 and "Trần Văn B" in copy.storage_place


def test_recovery_returns_the_copy_where_it_came_from(opened, officer, item, pa03):
    copy = item.copies.get(number=1)
    handout = svc.hand_out(officer, opened, copy=copy, attendee=opened.attendees.get(), on=DAY1)
    svc.recover(officer, handout, on=DAY2)
    copy.refresh_from_db()
    handout.refresh_from_db()
    assert copy.custodian_unit == pa03 and copy.storage_place == "Tủ sắt 1"
    assert handout.status == HandoutStatus.RECOVERED and handout.recovered_on == DAY2


def test_sealing_a_day_not_yet_come_is_refused(opened, officer):
    with pytest.raises(ValidationError):
        svc.seal_room(officer, opened, day=DAY2, seal_reference="NP-01", on=DAY1)


def test_closing_with_an_unrecovered_copy_is_refused(opened, officer, item):
    svc.hand_out(officer, opened, copy=item.copies.get(number=1), attendee=opened.attendees.get(), on=DAY1)
    for day in (DAY1, DAY2):
        svc.seal_room(officer, opened, day=day, seal_reference=f"NP-{day.day}", on=DAY2)
    svc.end_meeting(officer, opened, on=DAY2)
    with pytest.raises(Refused) as refusal:
        svc.close_meeting(officer, opened, on=AFTER)
    assert refusal.value.rule.endswith("meeting_documents_recovered") and "Bùi Văn Nam" in refusal.value.message


def test_closing_a_multi_day_meeting_with_a_missing_seal_is_refused(opened, officer):
    svc.seal_room(officer, opened, day=DAY1, seal_reference="NP-01", on=DAY1)
    svc.end_meeting(officer, opened, on=DAY2)
    with pytest.raises(Refused) as refusal:
        svc.close_meeting(officer, opened, on=AFTER)
    assert refusal.value.rule.endswith("meeting_room_sealing") and "15/04/2026" in refusal.value.message
    svc.seal_room(officer, opened, day=DAY2, seal_reference="NP-02", on=AFTER)
    assert svc.close_meeting(officer, opened, on=AFTER).status == MeetingStatus.CLOSED


def test_a_lost_copy_opens_an_incident_and_lets_the_meeting_close(opened, officer, item):
    copy = item.copies.get(number=1)
    handout = svc.hand_out(officer, opened, copy=copy, attendee=opened.attendees.get(), on=DAY1)
    for day in (DAY1, DAY2):
        svc.seal_room(officer, opened, day=day, seal_reference=f"NP-{day.day}", on=DAY2)
    svc.end_meeting(officer, opened, on=DAY2)
    incident = svc.record_loss(officer, handout, description="Người tham dự báo mất khi ra về", on=DAY2)
    copy.refresh_from_db()
    assert incident.kind == IncidentKind.LOSS and incident.copy == copy and copy.status == CopyStatus.MISSING
    assert LedgerEvent.objects.filter(action="records.incident.open", object_id=str(incident.pk)).exists()
    assert svc.close_meeting(officer, opened, on=AFTER).status == MeetingStatus.CLOSED


def test_a_one_day_meeting_needs_no_seal(officer, pa03, director, staff):
    meeting = ask(officer, pa03, start=DAY1, end=DAY1)
    svc.decide_meeting(director, meeting, approve=True, on=ASKED)
    meeting = prepare(meeting, officer, [staff])
    svc.open_meeting(officer, meeting, on=DAY1)
    svc.end_meeting(officer, meeting, on=DAY1)
    assert svc.close_meeting(officer, meeting, on=DAY1).status == MeetingStatus.CLOSED


# --- Visibility ------------------------------------------------------------------------------

def test_a_meeting_is_hidden_from_people_outside_the_unit(approved):
    outsider = person_in(UnitFactory(), clearance=Level.TUYET_MAT)
    assert not svc.visible_meetings(outsider).exists()
    with pytest.raises(Http404):
        svc.open_meeting(outsider, approved, on=DAY1)


def test_an_attendee_from_another_unit_sees_the_meeting(approved, officer):
    guest = person_in(UnitFactory(), clearance=Level.TOI_MAT)
    assert not svc.visible_meetings(guest).exists()
    svc.add_attendee(officer, approved, person=guest, on=ASKED)
    assert list(svc.visible_meetings(guest)) == [approved]


def test_the_head_above_the_unit_sees_it(approved, director):
    assert list(svc.visible_meetings(director)) == [approved]


# --- Queues ----------------------------------------------------------------------------------

def test_queues_list_approvals_unrecovered_copies_and_seals_due(officer, pa03, director, staff, item):
    waiting = ask(officer, pa03)
    by_key = {q.key: q for q in svc.queues(director, ASKED)}
    assert by_key["meetings_to_approve"].rows == [waiting]
    svc.decide_meeting(director, waiting, approve=True, on=ASKED)
    meeting = prepare(waiting, officer, [staff])
    svc.open_meeting(officer, meeting, on=DAY1)
    by_key = {q.key: q for q in svc.queues(officer, DAY2)}
    assert by_key["meetings_seals_due"].rows[0].due_days == [DAY1, DAY2]
    svc.hand_out(officer, meeting, copy=item.copies.get(number=1), attendee=meeting.attendees.get(), on=DAY1)
    svc.end_meeting(officer, meeting, on=DAY2)
    by_key = {q.key: q for q in svc.queues(officer, AFTER)}
    assert by_key["meetings_unrecovered"].rows == [meeting]
    assert {q.key: q.count for q in svc.queues(director, AFTER)}["meetings_to_approve"] == 0
