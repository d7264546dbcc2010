"""Departures (rule F8, Law 2018 Art. 25.4, 26.2.d): a custodian who leaves, moves, retires
or dies hands over every copy to a named receiver who signs, and their commitment (for a
death, the head's recall record) is recorded; until then their account is not locked and
their post not ended (org.guards)."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org import services as org
from bmnn.org.models import Role, Tenure
from bmnn.org.tests.factories import PersonFactory, PositionFactory, TenureFactory, UnitFactory, person_in
from bmnn.records.models import (CopyStatus, Departure, DepartureKind, Handover, HandoverDestination)
from bmnn.records.services import custody, recall as svc
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-thu-2026"
ON = dt.date(2026, 4, 20)


@pytest.fixture
def admin():
    return PersonFactory(is_system_admin=True, full_name="Quản Trị Viên")


@pytest.fixture
def head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def officer(pa03):
    return person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TOI_MAT,
                     full_name="Vũ Bảo Mật")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def leaver(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def colleague(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Đỗ Thị Nhận")


@pytest.fixture
def copies(clerk, leaver, pa03):
    """Two copies of a Tối mật item in the leaver's own custody."""
    item = issued_item(clerk, pa03, level=Level.TOI_MAT, copies=3)
    held = [item.copies.get(number=n) for n in (1, 2)]
    for copy in held:
        custody.move_copy(copy, to_person=leaver, act="test")
    return held


def depart(actor, person, **overrides):
    fields = dict(kind=DepartureKind.TRANSFER, effective_on=ON + dt.timedelta(days=10), on=ON)
    fields.update(overrides)
    return svc.record_departure(actor, person, **fields)


def hand(receiver, departure, copy, destination=HandoverDestination.PERSON, **kw):
    kw.setdefault("password", PASSWORD)
    return svc.hand_over(receiver, departure, copy, destination=destination, on=ON, **kw)


def commit(actor, departure, **kw):
    kw.setdefault("reference", "05/CK-PA03")
    kw.setdefault("signed_on", ON)
    return svc.record_commitment(actor, departure, on=ON, **kw)


def tenure_of(person):
    return Tenure.objects.get(person=person)


# --- The guard -----------------------------------------------------------------------------------

def test_a_departing_custodian_with_copies_cannot_be_deactivated(admin, leaver, copies):
    with pytest.raises(Refused) as refusal:
        org.deactivate_person(admin, leaver, reason="Chuyển công tác")
    assert refusal.value.rule == "F8"
    assert "Điều 25 khoản 4" in refusal.value.basis and "Điều 26 khoản 2 điểm d" in refusal.value.basis
    assert "chưa bàn giao" in refusal.value.message
    leaver.refresh_from_db()
    assert leaver.is_active and not LedgerEvent.objects.filter(action="org.person.deactivate").exists()


def test_a_departing_custodian_with_copies_cannot_be_moved_out_of_their_post(admin, leaver, copies):
    with pytest.raises(Refused) as refusal:
        org.end_tenure(admin, tenure_of(leaver), valid_to=ON)
    assert refusal.value.rule == "F8"
    assert tenure_of(leaver).valid_to is None


def test_ending_one_post_while_keeping_another_in_the_same_unit_is_no_departure(admin, leaver, copies, pa03):
    TenureFactory(person=leaver, position=PositionFactory(unit=pa03, title="Phó Trưởng phòng"),
                  valid_from=dt.date(2026, 1, 1))
    old = Tenure.objects.filter(person=leaver).order_by("valid_from").first()
    org.end_tenure(admin, old, valid_to=ON)
    old.refresh_from_db()
    assert old.valid_to == ON


def test_after_every_handover_and_the_commitment_they_can_be_deactivated_and_moved(
        admin, head, clerk, colleague, leaver, copies):
    departure = depart(head, leaver)
    hand(colleague, departure, copies[0])
    hand(clerk, departure, copies[1], destination=HandoverDestination.STORAGE, storage_place="Tủ sắt 2")
    with pytest.raises(Refused) as refusal:  # handed over, but no commitment yet
        org.deactivate_person(admin, leaver)
    assert "cam kết" in refusal.value.message
    commit(head, departure)
    departure.refresh_from_db()
    assert departure.completed_on == ON
    org.end_tenure(admin, tenure_of(leaver), valid_to=ON + dt.timedelta(days=9))
    org.deactivate_person(admin, leaver, reason="Chuyển công tác")
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert LedgerEvent.objects.filter(action="records.departure.complete").count() == 1


def test_a_person_who_never_held_a_copy_is_not_held_back(admin, colleague):
    org.deactivate_person(admin, colleague, reason="Nghỉ hưu")
    colleague.refresh_from_db()
    assert not colleague.is_active


def test_a_copy_received_after_the_departure_needs_a_new_departure(admin, head, clerk, colleague, leaver, copies):
    departure = depart(head, leaver)
    for copy in copies:
        hand(colleague, departure, copy)
    commit(head, departure)
    custody.move_copy(copies[0], to_person=leaver, act="test")  # given back to them later
    custody.move_copy(copies[0], to_person=colleague, act="test")
    with pytest.raises(Refused):
        org.deactivate_person(admin, leaver)


# --- Recording the departure ---------------------------------------------------------------------

def test_the_head_records_a_departure_which_lists_every_copy_held(head, leaver, copies):
    departure = depart(head, leaver, kind=DepartureKind.RETIREMENT)
    assert departure.unit == copies[0].item.holding_unit and departure.completed_on is None
    event = LedgerEvent.objects.get(action="records.departure.record")
    assert sorted(json.loads(event.payload)["copies"]) == sorted(c.pk for c in copies)
    shown, hidden = svc.departure_copies(head, departure, ON)
    assert [c.number for c in shown] == [1, 2] and not hidden


def test_the_security_officer_may_record_a_departure(officer, leaver, copies):
    assert depart(officer, leaver).recorded_by == officer


def test_a_colleague_may_not_record_a_departure(colleague, leaver, copies):
    with pytest.raises(Refused) as refusal:
        depart(colleague, leaver)
    assert refusal.value.rule == "F8.recorder" and not Departure.objects.exists()


def test_the_kind_of_departure_must_be_valid(head, leaver):
    with pytest.raises(ValidationError) as error:
        depart(head, leaver, kind="holiday")
    assert "kind" in error.value.error_dict


def test_a_second_departure_while_one_is_open_is_refused(head, leaver, copies):
    depart(head, leaver)
    with pytest.raises(Refused) as refusal:
        depart(head, leaver)
    assert refusal.value.rule == "F8.open"


# --- Handover --------------------------------------------------------------------------------------

def test_a_handover_is_signed_by_its_receiver_and_moves_custody(head, colleague, leaver, copies):
    departure = depart(head, leaver)
    handover = hand(colleague, departure, copies[0])
    assert handover.receiver == colleague and handover.confirmed_with == "password"
    copies[0].refresh_from_db()
    assert copies[0].custodian_person == colleague and copies[0].status == CopyStatus.HELD
    assert copies[0].custody.order_by("-since").first().act == "handover"
    assert LedgerEvent.objects.filter(action="records.departure.handover").count() == 1


def test_a_handover_receipt_with_a_wrong_password_is_refused(head, colleague, leaver, copies):
    departure = depart(head, leaver)
    before = LedgerEvent.objects.count()
    with pytest.raises(Refused) as refusal:
        hand(colleague, departure, copies[0], password="sai-mat-khau")
    assert refusal.value.rule == "records.receipt.signature"
    assert not Handover.objects.exists() and LedgerEvent.objects.count() == before
    copies[0].refresh_from_db()
    assert copies[0].custodian_person == leaver


def test_only_a_keeper_receives_into_the_units_storage(head, colleague, leaver, copies):
    departure = depart(head, leaver)
    with pytest.raises(Refused) as refusal:
        hand(colleague, departure, copies[0], destination=HandoverDestination.STORAGE)
    assert refusal.value.rule == "F8.receiver"


def test_the_departing_person_cannot_receive_their_own_copies(head, leaver, copies):
    departure = depart(head, leaver)
    with pytest.raises(Refused) as refusal:
        hand(leaver, departure, copies[0])
    assert refusal.value.rule == "F8.receiver"


def test_a_receiver_without_access_to_the_level_is_refused(head, leaver, copies, pa03):
    departure = depart(head, leaver)
    mat_only = person_in(pa03, clearance=Level.MAT)
    with pytest.raises((Refused, Http404)):
        hand(mat_only, departure, copies[0])
    assert not Handover.objects.exists()


def test_a_copy_the_departing_person_does_not_hold_cannot_be_handed_over(head, clerk, colleague, leaver, copies):
    departure = depart(head, leaver)
    in_storage = copies[0].item.copies.get(number=3)
    with pytest.raises(Refused) as refusal:
        hand(colleague, departure, in_storage)
    assert refusal.value.rule == "F8.not_held"


def test_a_hidden_item_cannot_be_handed_over_it_is_not_found(head, leaver, police):
    other = UnitFactory(name="Phòng Tham mưu", code="PV01", parent=police)
    item = issued_item(person_in(other, role=Role.CLERK, clearance=Level.TOI_MAT), other, level=Level.TOI_MAT)
    copy = item.copies.get(number=1)
    custody.move_copy(copy, to_person=leaver, act="test")
    departure = depart(head, leaver)
    outsider = person_in(other.parent, clearance=Level.MAT)
    with pytest.raises(Http404):
        hand(outsider, departure, copy)


# --- Commitment ------------------------------------------------------------------------------------

def test_the_commitment_needs_a_reference_and_a_date_not_in_the_future(head, leaver, copies):
    departure = depart(head, leaver)
    with pytest.raises(ValidationError) as error:
        commit(head, departure, reference="", signed_on=ON + dt.timedelta(days=1))
    assert {"reference", "signed_on"} <= set(error.value.error_dict)


def test_a_colleague_may_not_record_the_commitment(head, colleague, leaver, copies):
    departure = depart(head, leaver)
    with pytest.raises(Refused) as refusal:
        commit(colleague, departure)
    assert refusal.value.rule == "F8.recorder"


def test_for_a_death_only_the_head_records_the_recall(head, officer, colleague, leaver, copies):
    departure = depart(officer, leaver, kind=DepartureKind.DEATH)
    for copy in copies:
        hand(colleague, departure, copy)
    with pytest.raises(Refused) as refusal:
        commit(officer, departure, reference="01/BB-TH")
    assert "Điều 25 khoản 4" in refusal.value.basis
    commit(head, departure, reference="01/BB-TH")
    departure.refresh_from_db()
    assert departure.completed_on == ON and departure.commitment_recorded_by == head
    event = LedgerEvent.objects.get(action="records.departure.commitment")
    assert "biên bản thu hồi" in event.description


def test_a_completed_departure_takes_no_more_acts(head, colleague, leaver, copies):
    departure = depart(head, leaver)
    for copy in copies:
        hand(colleague, departure, copy)
    commit(head, departure)
    with pytest.raises(Refused) as refusal:
        commit(head, departure)
    assert refusal.value.rule == "F8.closed"


def test_queues_show_open_departures_to_their_recorders_and_to_the_person(head, colleague, leaver, copies):
    depart(head, leaver)
    assert {q.key: q.count for q in svc.queues(head, ON)}["recall_departures"] == 1
    assert {q.key: q.count for q in svc.queues(leaver, ON)}["recall_departures"] == 1
    assert {q.key: q.count for q in svc.queues(colleague, ON)}["recall_departures"] == 0
