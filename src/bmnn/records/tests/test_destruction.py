"""Destruction (tiêu hủy), Law 2018 Art. 23 (rules F6, F7): the storing unit's list of copies,
a council chaired by its leadership with the direct custodian a member, the authority's
decision (Tuyệt mật/Tối mật copy authorities only), the destruction record signed by every
member; emergency destruction by the custodian with its immediate written report."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (
    CopyStatus, CouncilRole, CouncilStatus, CustodyRecord, DestructionStatus, ItemStatus, RegisterEntry, SecretItem,
)
from bmnn.records.services import custody, tick
from bmnn.records.services import destruction as service
from bmnn.records.services.councils import MemberInput
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 5, 4)
IN_2025 = dt.date(2025, 10, 1)
PASSWORD = "Mat-khau-thu-2026"  # PersonFactory's password


@pytest.fixture
def clerk(police):
    return person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def deputy(police):
    return person_in(police, title="Phó Giám đốc", role=Role.DEPUTY, clearance=Level.TOI_MAT,
                     full_name="Trần Văn Phó")


@pytest.fixture
def secretary(police):
    return person_in(police, title="Cán bộ", clearance=Level.TOI_MAT, full_name="Đỗ Thị Thư")


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def item(clerk, police):
    return issued_item(clerk, police, level=Level.TOI_MAT, copies=2, on=dt.date(2026, 4, 10))


def seats(deputy, secretary, clerk, *, external=True):
    members = [MemberInput(role=CouncilRole.CHAIR, person=deputy),
               MemberInput(role=CouncilRole.SECRETARY, person=secretary)]
    if clerk is not None:
        members.append(MemberInput(person=clerk, capacity="Văn thư"))
    if external:
        members.append(MemberInput(external_name="Ngô Văn Ngoài", external_body="Sở Nội vụ"))
    return members


def propose(clerk, police, item, copies=None, on=ON):
    return service.propose_destruction(clerk, unit=police, copies=copies or list(item.copies.all()),
                                       grounds="Hết giá trị sử dụng, đã có bản lưu trữ", on=on)


def reported(director, deputy, secretary, clerk, police, item, on=ON, **kw):
    destruction = propose(clerk, police, item, on=on, **kw)
    service.establish_council(director, destruction, members=seats(deputy, secretary, clerk),
                              reference="05/QĐ-HĐTH", on=on)
    service.record_minutes(deputy, destruction, met_on=on, minutes_reference="01/BB-HĐTH",
                           conclusion="Đề nghị tiêu hủy toàn bộ", recommends=True, on=on)
    destruction.refresh_from_db()
    return destruction


def decided(director, deputy, secretary, clerk, police, item, on=ON):
    destruction = reported(director, deputy, secretary, clerk, police, item, on=on)
    return service.decide_destruction(director, destruction, decision_reference="07/QĐ-CAT", method="shred", on=on)


def drawn_up(director, deputy, secretary, clerk, police, item, on=ON):
    destruction = decided(director, deputy, secretary, clerk, police, item, on=on)
    service.draw_up_record(secretary, destruction, reference="02/BB-TH", carried_out_on=on, place="Phòng văn thư",
                           method="shred", sequence="Kiểm đếm, đối chiếu danh sách, nghiền từng bản",
                           executors=[clerk], on=on)
    return destruction


def sign_all(destruction, people, on=ON):
    destruction.refresh_from_db()
    for person in people:
        service.sign_record(person, destruction, password=PASSWORD, on=on)
    outsider = destruction.council.members.get(person__isnull=True)
    service.record_paper_signature(people[1], destruction, member=outsider, on=on)


def events(action):
    return LedgerEvent.objects.filter(action=action)


# --- The happy path -----------------------------------------------------------------------

def test_routine_destruction_end_to_end(director, deputy, secretary, clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    assert destruction.status == DestructionStatus.DECIDED
    assert destruction.council.status == CouncilStatus.CLOSED
    sign_all(destruction, [deputy, secretary, clerk])
    record = service.complete_record(secretary, destruction, on=ON)
    destruction.refresh_from_db()
    assert record.completed_at and destruction.status == DestructionStatus.DONE
    assert set(item.copies.values_list("status", flat=True)) == {CopyStatus.DESTROYED}
    item.refresh_from_db()
    assert item.status == ItemStatus.DESTROYED
    # Custody history closed with the act: no open period, the last one named for it.
    copy = item.copies.first()
    assert not CustodyRecord.objects.filter(copy=copy, until__isnull=True).exists()
    assert CustodyRecord.objects.filter(copy=copy).order_by("-since", "-pk").first().act == "destruction"
    for action in ("propose", "council", "decide", "record", "sign", "sign_paper", "complete"):
        assert events(f"records.destruction.{action}").exists(), action
    # Secret text never reaches the ledger.
    text = "".join(e.payload + e.description for e in LedgerEvent.objects.all())
    assert "Hết giá trị sử dụng" not in text and "Nội dung thử nghiệm" not in text
    assert "nghiền từng bản" not in text


def test_item_metadata_is_kept_as_a_destroyed_record(director, deputy, secretary, clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    sign_all(destruction, [deputy, secretary, clerk])
    service.complete_record(secretary, destruction, on=ON)
    kept = SecretItem.objects.visible_to(clerk).get(pk=item.pk)
    assert kept.status == ItemStatus.DESTROYED and kept.reference == item.reference
    assert kept.summary == "Nội dung thử nghiệm" and kept.copies.count() == 2
    assert RegisterEntry.objects.filter(item=item).exists()  # its register lines stay


def test_an_item_with_a_copy_left_elsewhere_is_not_destroyed(director, deputy, secretary, clerk, police, pa03, item):
    far = item.copies.get(number=2)
    custody.move_copy(far, to_unit=pa03, act="test")
    destruction = propose(clerk, police, item, copies=[item.copies.get(number=1)])
    service.establish_council(director, destruction, members=seats(deputy, secretary, clerk), reference="05/QĐ",
                              on=ON)
    service.record_minutes(deputy, destruction, met_on=ON, minutes_reference="01/BB", conclusion="Đề nghị",
                           recommends=True, on=ON)
    service.decide_destruction(director, destruction, decision_reference="07/QĐ", method="burn", on=ON)
    service.draw_up_record(secretary, destruction, reference="02/BB", carried_out_on=ON, place="Sân sau",
                           method="burn", sequence="Đốt", executors=[clerk], on=ON)
    sign_all(destruction, [deputy, secretary, clerk])
    service.complete_record(secretary, destruction, on=ON)
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED
    assert item.copies.get(number=2).status == CopyStatus.HELD


# --- Authority -----------------------------------------------------------------------------

@pytest.mark.parametrize("on", [IN_2025, ON], ids=["regime-2018", "regime-2026"])
def test_destruction_of_a_toi_mat_item_by_a_head_of_division_is_refused(pa03, division_head, on):
    keeper = person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT)
    item = issued_item(keeper, pa03, level=Level.TOI_MAT, copies=1, on=on)
    destruction = propose(keeper, pa03, item, on=on)
    with pytest.raises(Refused) as refusal:
        service.decide_destruction(division_head, destruction, decision_reference="1/QĐ", method="burn", on=on)
    assert "Điều 23 khoản 3" in refusal.value.basis and refusal.value.rule.endswith("destroy")
    with pytest.raises(Refused) as refusal:
        service.establish_council(division_head, destruction, members=[], reference="1/QĐ", on=on)
    assert "Điều 23 khoản 3" in refusal.value.basis
    destruction.refresh_from_db()
    assert destruction.status == DestructionStatus.PROPOSED and destruction.council is None


def test_decision_without_a_reported_council_is_refused(director, deputy, secretary, clerk, police, item):
    destruction = propose(clerk, police, item)
    with pytest.raises(Refused) as refusal:
        service.decide_destruction(director, destruction, decision_reference="07/QĐ", method="shred", on=ON)
    assert refusal.value.rule == "councils.destruction.minutes_first" and "Điều 23 khoản 4" in refusal.value.basis
    service.establish_council(director, destruction, members=seats(deputy, secretary, clerk), reference="05/QĐ",
                              on=ON)
    with pytest.raises(Refused) as refusal:
        service.decide_destruction(director, destruction, decision_reference="07/QĐ", method="shred", on=ON)
    assert refusal.value.rule == "councils.destruction.minutes_first"
    assert not events("records.destruction.decide").exists()


def test_council_without_the_direct_custodian_is_refused(director, deputy, secretary, clerk, police, item):
    destruction = propose(clerk, police, item)
    with pytest.raises(Refused) as refusal:
        service.establish_council(director, destruction, members=seats(deputy, secretary, None), reference="05/QĐ",
                                  on=ON)
    assert refusal.value.rule == "destruction.custodian_member" and "Điều 23 khoản 4" in refusal.value.basis
    assert not events("records.council.establish").exists()


def test_the_person_holding_a_copy_is_its_direct_custodian(director, deputy, secretary, clerk, police, item):
    holder = person_in(police, title="Cán bộ", clearance=Level.TOI_MAT, full_name="Vũ Văn Giữ")
    copy = item.copies.get(number=1)
    custody.move_copy(copy, to_person=holder, act="test")
    destruction = propose(clerk, police, item, copies=[copy])
    with pytest.raises(Refused):  # the clerk does not hold this one: the holder does
        service.establish_council(director, destruction, members=seats(deputy, secretary, clerk), reference="05/QĐ",
                                  on=ON)
    council = service.establish_council(director, destruction, members=seats(deputy, secretary, holder),
                                        reference="05/QĐ", on=ON)
    assert council.members.filter(person=holder).exists()


def test_refusing_to_destroy_needs_a_reason_and_closes_the_council(director, deputy, secretary, clerk, police, item):
    destruction = reported(director, deputy, secretary, clerk, police, item)
    with pytest.raises(ValidationError) as error:
        service.decide_destruction(director, destruction, approve=False, decision_reference="08/QĐ", on=ON)
    assert "reason" in error.value.message_dict
    done = service.decide_destruction(director, destruction, approve=False, decision_reference="08/QĐ",
                                      reason="Còn giá trị tham khảo", on=ON)
    assert done.status == DestructionStatus.REJECTED and done.council.status == CouncilStatus.CLOSED
    assert set(item.copies.values_list("status", flat=True)) == {CopyStatus.HELD}


def test_the_method_must_be_one_of_the_rulebook(director, deputy, secretary, clerk, police, item):
    destruction = reported(director, deputy, secretary, clerk, police, item)
    with pytest.raises(ValidationError) as error:
        service.decide_destruction(director, destruction, decision_reference="07/QĐ", method="bury", on=ON)
    assert "method" in error.value.message_dict
    assert [code for code, _ in service.method_choices(ON)] == ["burn", "shred", "physical"]
    assert [code for code, _ in service.method_choices(IN_2025)] == ["burn", "shred", "physical"]


# --- Copies that cannot be destroyed -----------------------------------------------------------

@pytest.mark.parametrize("state", [CopyStatus.OUT, CopyStatus.IN_TRANSIT, CopyStatus.MISSING])
def test_a_copy_out_in_transit_or_missing_cannot_be_listed(clerk, police, item, state):
    copy = item.copies.get(number=1)
    custody.set_status(copy, state)
    with pytest.raises(Refused) as refusal:
        propose(clerk, police, item, copies=[copy])
    assert refusal.value.rule == "destruction.copy_state"


def test_a_copy_taken_out_after_the_decision_is_not_destroyed(director, deputy, secretary, clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    sign_all(destruction, [deputy, secretary, clerk])
    custody.set_status(item.copies.get(number=2), CopyStatus.OUT)
    with pytest.raises(Refused) as refusal:
        service.complete_record(secretary, destruction, on=ON)
    assert refusal.value.rule == "destruction.copy_state"
    assert item.copies.filter(status=CopyStatus.DESTROYED).count() == 0


def test_copies_held_by_another_unit_are_theirs_to_destroy(clerk, police, pa03, item):
    copy = item.copies.get(number=1)
    custody.move_copy(copy, to_unit=UnitFactory(code="KHAC"), act="test")
    with pytest.raises(Refused) as refusal:
        propose(clerk, police, item, copies=[copy])
    assert refusal.value.rule == "destruction.own_copies"


def test_a_copy_is_on_one_open_list_only(clerk, police, item):
    propose(clerk, police, item)
    with pytest.raises(Refused) as refusal:
        propose(clerk, police, item)
    assert refusal.value.rule == "destruction.already_listed"


def test_listing_needs_grounds_and_copies(clerk, police, item):
    with pytest.raises(ValidationError) as error:
        service.propose_destruction(clerk, unit=police, copies=[], grounds=" ", on=ON)
    assert {"copies", "grounds"} <= set(error.value.message_dict)


def test_someone_who_keeps_no_register_of_the_unit_cannot_list(police, item):
    staff = person_in(police, title="Cán bộ", clearance=Level.TOI_MAT)
    with pytest.raises(Refused) as refusal:
        propose(staff, police, item)
    assert refusal.value.rule == "registers.keeper_only"


def test_hidden_item_is_404_for_every_step(clerk, police, item):
    stranger = person_in(UnitFactory(code="X"), clearance=Level.MAT)
    with pytest.raises(Http404):
        propose(stranger, police, item)
    destruction = propose(clerk, police, item)
    with pytest.raises(Http404):
        service.get_destruction_or_404(stranger, destruction.pk)
    with pytest.raises(Http404):
        service.decide_destruction(stranger, destruction, decision_reference="1", method="burn", on=ON)


# --- The record and its signatures ----------------------------------------------------------

def test_record_without_every_members_signature_cannot_be_completed(director, deputy, secretary, clerk, police,
                                                                    item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    service.sign_record(deputy, destruction, password=PASSWORD, on=ON)
    service.sign_record(secretary, destruction, password=PASSWORD, on=ON)
    with pytest.raises(Refused) as refusal:
        service.complete_record(secretary, destruction, on=ON)
    assert refusal.value.rule == "destruction.all_signatures"
    assert "Phạm Thu Trang" in refusal.value.message and "Ngô Văn Ngoài" in refusal.value.message
    assert "Điều 13 khoản 4 điểm d Thông tư 07/2020/TT-BKHĐT" in refusal.value.basis
    assert set(item.copies.values_list("status", flat=True)) == {CopyStatus.HELD}


def test_wrong_password_signature_is_refused_and_nothing_recorded(director, deputy, secretary, clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    with pytest.raises(Refused) as refusal:
        service.sign_record(deputy, destruction, password="sai-mat-khau", on=ON)
    assert refusal.value.rule == "destruction.signature" and refusal.value.field == "password"
    assert not destruction.record.signatures.exists() and not events("records.destruction.sign").exists()


def test_signature_with_the_current_totp_code(director, deputy, secretary, clerk, police, item):
    from bmnn.accounts import services as accounts
    from bmnn.accounts import totp

    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    secret, _codes = accounts.enrol_totp(deputy)
    signature = service.sign_record(deputy, destruction, password=None,
                                    code=totp.now_code(secret, accounts.clock.now()), on=ON)
    assert signature.method == "totp"


def test_a_non_member_cannot_sign_and_a_member_signs_once(director, deputy, secretary, clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    with pytest.raises(Refused) as refusal:
        service.sign_record(director, destruction, password=PASSWORD, on=ON)
    assert refusal.value.rule == "destruction.signature_member"
    service.sign_record(clerk, destruction, password=PASSWORD, on=ON)
    with pytest.raises(Refused) as refusal:
        service.sign_record(clerk, destruction, password=PASSWORD, on=ON)
    assert refusal.value.rule == "destruction.signature_once"


def test_only_the_secretary_records_an_outside_members_paper_signature(director, deputy, secretary, clerk, police,
                                                                       item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    outsider = destruction.council.members.get(person__isnull=True)
    with pytest.raises(Refused) as refusal:
        service.record_paper_signature(clerk, destruction, member=outsider, on=ON)
    assert refusal.value.rule == "destruction.paper_signature"
    inside = destruction.council.members.get(person=clerk)
    with pytest.raises(ValidationError):
        service.record_paper_signature(secretary, destruction, member=inside, on=ON)
    assert service.record_paper_signature(secretary, destruction, member=outsider, on=ON).method == "paper"


def test_the_record_follows_the_decided_method_and_date(director, deputy, secretary, clerk, police, item):
    destruction = decided(director, deputy, secretary, clerk, police, item)
    fields = dict(reference="02/BB", carried_out_on=ON, place="Phòng văn thư", method="burn", sequence="Đốt",
                  executors=[clerk], on=ON)
    with pytest.raises(Refused) as refusal:
        service.draw_up_record(secretary, destruction, **fields)
    assert refusal.value.rule == "destruction.method_as_decided"
    with pytest.raises(ValidationError) as error:
        service.draw_up_record(secretary, destruction, **{**fields, "method": "shred",
                                                          "carried_out_on": ON - dt.timedelta(days=1)})
    assert "carried_out_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        service.draw_up_record(secretary, destruction, **{**fields, "method": "shred", "place": "",
                                                          "executors": []})
    assert {"place", "executors"} <= set(error.value.message_dict)


# --- Emergency destruction ------------------------------------------------------------------

@pytest.fixture
def holder(police):
    return person_in(police, title="Cán bộ", clearance=Level.TOI_MAT, full_name="Vũ Văn Giữ")


@pytest.fixture
def held(item, holder):
    copy = item.copies.get(number=1)
    custody.move_copy(copy, to_person=holder, act="test")
    return copy


def emergency(person, copy, **kw):
    fields = dict(reason="Có nguy cơ bị chiếm đoạt khi bị tấn công", method="burn", destroyed_on=ON,
                  place="Trên đường công tác", destroyed_at_time=dt.time(14, 30), on=ON)
    fields.update(kw)
    return service.emergency_destroy(person, copy, **fields)


def test_emergency_destruction_by_the_holder_with_its_report(holder, held, item, director, police):
    record = emergency(holder, held)
    held.refresh_from_db()
    assert held.status == CopyStatus.DESTROYED and record.report_due_on == ON
    assert record.head == director and "Điều 23 khoản 3 điểm c" in record.deadline_basis
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED  # copy 2 is still held
    event = events("records.destruction.emergency").get()
    assert "nguy cơ bị chiếm đoạt" not in event.payload
    done = service.report_emergency(holder, record, reference="01/BC", sent_on=ON, sent_to=director, on=ON)
    assert done.reported and not done.report_late and done.report_sent_to == director
    assert events("records.destruction.emergency_report").exists()
    with pytest.raises(Refused):
        service.report_emergency(holder, record, reference="02/BC", sent_on=ON, sent_to=director, on=ON)


def test_the_report_goes_to_the_nearest_head(item, pa03, division_head):
    officer = person_in(pa03, title="Cán bộ", clearance=Level.TOI_MAT)
    copy = item.copies.get(number=2)
    custody.move_copy(copy, to_person=officer, act="test")
    assert emergency(officer, copy).head == division_head


def test_emergency_destruction_by_someone_who_does_not_hold_the_copy_is_refused(clerk, held):
    with pytest.raises(Refused) as refusal:
        emergency(clerk, held)
    assert refusal.value.rule == "destruction.emergency_custodian"
    assert "Điều 23 khoản 3 điểm c" in refusal.value.basis
    held.refresh_from_db()
    assert held.status == CopyStatus.HELD


def test_the_clerk_may_destroy_a_copy_in_the_units_storage_in_an_emergency(clerk, item):
    copy = item.copies.get(number=2)
    assert emergency(clerk, copy).custodian == clerk


def test_emergency_destruction_of_the_last_copy_destroys_the_item(holder, item):
    for copy in item.copies.all():
        custody.move_copy(copy, to_person=holder, act="test")
        emergency(holder, copy)
    item.refresh_from_db()
    assert item.status == ItemStatus.DESTROYED


def test_an_emergency_on_a_copy_in_transit_is_refused(holder, held):
    custody.set_status(held, CopyStatus.IN_TRANSIT)
    with pytest.raises(Refused) as refusal:
        emergency(holder, held)
    assert refusal.value.rule == "destruction.copy_state"


def test_an_emergency_needs_reason_place_and_method(holder, held):
    with pytest.raises(ValidationError) as error:
        emergency(holder, held, reason="", place="", method="")
    assert {"reason", "place", "method"} <= set(error.value.message_dict)


def test_a_late_report_is_flagged_once_by_tick(holder, held, director):
    record = emergency(holder, held)
    assert service.flag_emergency_reports(ON) == 0  # due the same day
    later = ON + dt.timedelta(days=1)
    assert [o.changed for o in tick.run(later, only=["destruction.emergency_report_overdue"])] == [1]
    assert [o.changed for o in tick.run(later, only=["destruction.emergency_report_overdue"])] == [0]
    assert service.flag_emergency_reports(later + dt.timedelta(days=3)) == 0
    assert events("records.destruction.emergency_overdue").count() == 1
    record.refresh_from_db()
    assert record.overdue_flagged_on == later
    sent = service.report_emergency(holder, record, reference="01/BC", sent_on=later, sent_to=director, on=later)
    assert sent.report_late


def test_unreported_emergency_waits_for_the_custodian_and_the_head(holder, held, director, clerk):
    record = emergency(holder, held)
    for person in (holder, director):
        queue = {q.key: q for q in service.queues(person, ON)}["destruction_emergency_reports"]
        assert [r.pk for r in queue.rows] == [record.pk]
    assert {q.key: q for q in service.queues(clerk, ON)}["destruction_emergency_reports"].count == 0
    service.report_emergency(holder, record, reference="01/BC", sent_on=ON, sent_to=director, on=ON)
    assert {q.key: q for q in service.queues(holder, ON)}["destruction_emergency_reports"].count == 0


def test_queues_for_the_authority_and_the_members(director, deputy, secretary, clerk, police, item, division_head):
    destruction = propose(clerk, police, item)
    assert [d.pk for d in {q.key: q for q in service.queues(director, ON)}["destruction_to_decide"].rows] == [
        destruction.pk]
    assert {q.key: q for q in service.queues(deputy, ON)}["destruction_to_decide"].count == 0
    service.establish_council(director, destruction, members=seats(deputy, secretary, clerk), reference="05/QĐ",
                              on=ON)
    service.record_minutes(deputy, destruction, met_on=ON, minutes_reference="01/BB", conclusion="Đề nghị",
                           recommends=True, on=ON)
    service.decide_destruction(director, destruction, decision_reference="07/QĐ", method="shred", on=ON)
    assert {q.key: q for q in service.queues(clerk, ON)}["destruction_to_sign"].count == 1
    assert {q.key: q for q in service.queues(director, ON)}["destruction_to_sign"].count == 0


def test_decision_event_names_the_basis(director, deputy, secretary, clerk, police, item):
    decided(director, deputy, secretary, clerk, police, item)
    payload = json.loads(events("records.destruction.decide").get().payload)
    assert payload["approve"] and "Điều 23 khoản 3" in payload["basis"]
