"""Recall (thu hồi, rule F9): the head of the managing body marks an item "TÀI LIỆU THU HỒI"
with a return date; one line per holder outside the holding unit's storage; each return
received into storage by the unit's keeper, signed with password or TOTP; late returns
flagged once by `bmnn tick`; electronic documents withdrawn the same way."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from bmnn.accounts import services as accounts
from bmnn.accounts import totp
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (CopyStatus, ItemKind, ItemStatus, Recall, RecallLine, RecallStatus, Recipient,
                                 SecretItem)
from bmnn.records.services import custody, recall as svc, tick
from bmnn.records.services.issue import issue_item
from bmnn.records.tests.factories import SecretItemFactory
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-thu-2026"
ON = dt.date(2026, 4, 20)
RETURN_BY = dt.date(2026, 5, 5)


@pytest.fixture
def pa05(police):
    return UnitFactory(name="Phòng Cảnh sát kinh tế", code="PC03", parent=police)


@pytest.fixture
def head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")


def spread(item, staff, unit):
    """Copy 1 with a person, copy 2 in another unit's storage, copy 3 left in the holding unit's storage."""
    custody.move_copy(item.copies.get(number=1), to_person=staff, act="test")
    custody.move_copy(item.copies.get(number=2), to_unit=unit, act="test")
    return item


@pytest.fixture
def item(clerk, staff, pa03, pa05):
    return spread(issued_item(clerk, pa03, level=Level.TOI_MAT), staff, pa05)


def decide(head, item, **overrides):
    fields = dict(reference="12/QĐ-PA03", return_by=RETURN_BY, reason="Văn bản đã được thay thế", on=ON)
    fields.update(overrides)
    return svc.decide_recall(head, item, **fields)


def give_back(clerk, line, **kw):
    kw.setdefault("password", PASSWORD)
    kw.setdefault("on", ON + dt.timedelta(days=3))
    return svc.return_line(clerk, line, storage_place="Tủ sắt 1", **kw)


def events(action):
    return LedgerEvent.objects.filter(action=action)


# --- Decision ------------------------------------------------------------------------------------

def test_head_marks_the_item_recalled_with_one_line_per_holder_outside_storage(head, item, staff, pa05):
    recall = decide(head, item)
    assert recall.status == RecallStatus.OPEN and recall.return_by == RETURN_BY
    assert "Điều 25 khoản 4" in recall.authority_basis
    lines = {(line.holder_person_id, line.holder_unit_id): [c.number for c in line.copies.all()]
             for line in recall.lines.all()}
    assert lines == {(staff.pk, None): [1], (None, pa05.pk): [2]}  # copy 3 is in the unit's own storage
    event = events("records.recall.decide").get()
    assert "TÀI LIỆU THU HỒI" in event.description and "05/05/2026" in event.description
    assert "Văn bản đã được thay thế" not in event.payload  # the reason only as a hash
    assert json.loads(event.payload)["reason"].startswith("sha256:")


def test_a_person_who_is_not_head_may_not_decide_a_recall(clerk, item):
    with pytest.raises(Refused) as refusal:
        decide(clerk, item)
    assert refusal.value.rule == "2026:recall" and "Điều 25 khoản 4" in refusal.value.basis
    assert not Recall.objects.exists() and not events("records.recall.decide").exists()


def test_a_return_date_before_the_decision_date_is_refused(head, item):
    with pytest.raises(ValidationError) as error:
        decide(head, item, return_by=ON - dt.timedelta(days=1))
    assert "return_by" in error.value.error_dict
    assert not Recall.objects.exists()


def test_the_decision_reference_is_required(head, item):
    with pytest.raises(ValidationError) as error:
        decide(head, item, reference="  ")
    assert "reference" in error.value.error_dict


def test_an_item_not_yet_issued_cannot_be_recalled(head, pa03):
    item = SecretItemFactory(holding_unit=pa03, level=Level.MAT, status=ItemStatus.CLASSIFIED)
    with pytest.raises(Refused) as refusal:
        decide(head, item)
    assert refusal.value.rule == "F9.state" and "Điều 4 khoản 4" in refusal.value.basis


def test_a_second_recall_while_one_is_open_is_refused(head, item):
    decide(head, item)
    with pytest.raises(Refused) as refusal:
        decide(head, item, reference="13/QĐ-PA03")
    assert refusal.value.rule == "F9.open" and Recall.objects.count() == 1


def test_nothing_to_recall_when_every_copy_is_in_storage(head, clerk, pa03):
    item = issued_item(clerk, pa03, level=Level.MAT)
    with pytest.raises(Refused) as refusal:
        decide(head, item)
    assert refusal.value.rule == "F9.nothing_out"


def test_a_head_who_may_not_know_the_item_gets_not_found(head, clerk, pa03, pa05):
    item = issued_item(clerk, pa03, level=Level.TOI_MAT)
    custody.move_copy(item.copies.get(number=1), to_person=person_in(pa03, clearance=Level.TOI_MAT), act="test")
    other_head = person_in(pa05, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                           clearance=Level.TOI_MAT)
    with pytest.raises(Http404):
        decide(other_head, item)
    assert not Recall.objects.exists()


def test_the_2026_regime_cites_the_2018_texts_as_applied_on_unverified(head, item):
    recall = decide(head, item)
    assert "Luật BVBMNN 2018" in recall.authority_basis
    assert "◐" in svc.stamp_basis(ON) and "◐" not in svc.stamp_basis(dt.date(2025, 6, 1))


# --- Returns -------------------------------------------------------------------------------------

def test_the_keeper_receives_each_return_into_storage_and_the_recall_is_done_when_all_are_back(
        head, clerk, item, staff, pa03):
    recall = decide(head, item)
    person_line = recall.lines.get(holder_person=staff)
    line = give_back(clerk, person_line)
    assert line.returned_on == ON + dt.timedelta(days=3) and line.received_by == clerk
    assert line.confirmed_with == "password"
    copy = item.copies.get(number=1)
    assert copy.custodian_unit == pa03 and copy.custodian_person is None and copy.storage_place == "Tủ sắt 1"
    assert copy.custody.order_by("-since").first().act == "recall"
    recall.refresh_from_db()
    assert recall.status == RecallStatus.OPEN
    give_back(clerk, recall.lines.get(holder_unit__isnull=False))
    recall.refresh_from_db()
    assert recall.status == RecallStatus.DONE and recall.completed_on == ON + dt.timedelta(days=3)
    assert events("records.recall.return").count() == 2 and events("records.recall.complete").count() == 1
    assert all(c.custodian_unit == pa03 for c in item.copies.all())


def test_a_return_received_by_someone_not_entitled_is_refused(head, item, staff, pa03):
    recall = decide(head, item)
    colleague = person_in(pa03, clearance=Level.TOI_MAT, full_name="Đỗ Văn Khác")
    with pytest.raises(Refused) as refusal:
        give_back(colleague, recall.lines.first())
    assert refusal.value.rule == "F9.receiver" and "Điều 4 khoản 4" in refusal.value.basis
    assert not RecallLine.objects.filter(returned_on__isnull=False).exists()
    assert item.copies.get(number=1).custodian_person == staff


def test_a_keeper_without_access_to_the_level_is_refused(head, item, pa03):
    recall = decide(head, item)
    mat_clerk = person_in(pa03, title="Văn thư 2", role=Role.CLERK, clearance=Level.MAT)
    with pytest.raises((Refused, Http404)):
        give_back(mat_clerk, recall.lines.first())
    assert not RecallLine.objects.filter(returned_on__isnull=False).exists()


def test_a_return_signed_with_a_wrong_password_is_refused_and_nothing_is_written(head, clerk, item, staff):
    recall = decide(head, item)
    before = LedgerEvent.objects.count()
    with pytest.raises(Refused) as refusal:
        give_back(clerk, recall.lines.get(holder_person=staff), password="sai-mat-khau")
    assert refusal.value.rule == "records.receipt.signature"
    assert LedgerEvent.objects.count() == before
    assert item.copies.get(number=1).custodian_person == staff


def test_a_return_signed_with_the_current_totp_code(head, clerk, item, staff):
    secret, _codes = accounts.enrol_totp(clerk)
    recall = decide(head, item)
    line = give_back(clerk, recall.lines.get(holder_person=staff), password=None,
                     code=totp.now_code(secret, accounts.clock.now()))
    assert line.confirmed_with == "totp"


def test_a_line_cannot_be_returned_twice(head, clerk, item, staff):
    recall = decide(head, item)
    line = recall.lines.get(holder_person=staff)
    give_back(clerk, line)
    with pytest.raises(Refused) as refusal:
        give_back(clerk, line)
    assert refusal.value.rule == "F9.returned"


# --- Overdue -------------------------------------------------------------------------------------

def test_tick_run_twice_flags_each_late_return_once(head, clerk, item, staff):
    recall = decide(head, item)
    give_back(clerk, recall.lines.get(holder_person=staff))  # returned in time: never late
    late_day = RETURN_BY + dt.timedelta(days=1)
    assert tick.run(RETURN_BY, only=["recall.overdue"])[0].changed == 0  # the return date itself is not late
    first = tick.run(late_day, only=["recall.overdue"])
    second = tick.run(late_day + dt.timedelta(days=1), only=["recall.overdue"])
    assert first[0].changed == 1 and second[0].changed == 0
    line = recall.lines.get(holder_unit__isnull=False)
    assert line.overdue_flagged_on == late_day
    event = events("records.recall.overdue").get()
    assert event.actor_id is None and "Quá hạn trả lại" in event.description


def test_the_tick_step_is_registered_with_a_vietnamese_title():
    step = {s.key: s for s in tick.steps()}["recall.overdue"]
    assert "thu hồi" in step.title


# --- Electronic documents ------------------------------------------------------------------------

def test_an_electronic_document_is_recalled_by_withdrawing_each_holders_copy(head, clerk, staff, pa03):
    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT, kind=ItemKind.ELECTRONIC,
                             status=ItemStatus.CLASSIFIED, copies_planned=2)
    Recipient.objects.create(item=item, external_name="Nơi nhận thử", copies=2)
    item = issue_item(clerk, item, ON, storage_place="Máy chủ LAN độc lập").item
    custody.move_copy(item.copies.get(number=1), to_person=staff, act="test")
    recall = decide(head, item)
    assert json.loads(events("records.recall.decide").get().payload)["electronic"] is True
    give_back(clerk, recall.lines.get())
    event = events("records.recall.return").get()
    assert event.description.startswith("Rút bản điện tử") and json.loads(event.payload)["electronic"] is True
    assert item.copies.get(number=1).custodian_unit == pa03
    assert not SecretItem.objects.visible_to(staff, ON).filter(pk=item.pk, copies__custodian_person=staff).exists()


# --- Queues --------------------------------------------------------------------------------------

def test_queues_show_returns_to_receive_late_returns_and_ones_own_copies_to_return(head, clerk, item, staff):
    decide(head, item)
    late = RETURN_BY + dt.timedelta(days=2)
    by_key = {q.key: q for q in svc.queues(clerk, late)}
    assert by_key["recall_returns"].count == 2
    assert {q.key: q.count for q in svc.queues(head, late)}["recall_overdue"] == 2
    assert {q.key: q.count for q in svc.queues(head, ON)}["recall_overdue"] == 0
    mine = {q.key: q for q in svc.queues(staff, ON)}["recall_to_return"]
    assert mine.count == 1 and mine.rows[0].holder_person == staff
    assert all(q.key.startswith("recall_") for q in svc.queues(staff, ON))


def test_copy_status_is_held_after_return(head, clerk, item, staff):
    recall = decide(head, item)
    give_back(clerk, recall.lines.get(holder_person=staff))
    assert item.copies.get(number=1).status == CopyStatus.HELD
