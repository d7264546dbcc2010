"""Declassification (giải mật): automatic at the end of the period (bmnn tick), on removal
from the list, and by the head's decision after a council. Dates are passed explicitly."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import PersonFactory, person_in
from bmnn.records.models import (
    CouncilKind, CouncilRole, CouncilStatus, Declassification, DeclassificationGround, ItemKind, ItemStatus,
    NoticeAct, SecretList, SecretListEntry,
)
from bmnn.records.services import councils, declass, tick
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 5, 4)


@pytest.fixture
def clerk(police):
    return person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT)


@pytest.fixture
def deputy(police):
    return person_in(police, title="Phó Giám đốc", role=Role.DEPUTY, clearance=Level.TUYET_MAT,
                     full_name="Trần Văn Phó")


@pytest.fixture
def holder(pa03):
    return person_in(pa03, title="Cán bộ", clearance=Level.TOI_MAT, full_name="Lê Văn Giữ")


def expiring(clerk, police, until, **fields):
    return issued_item(clerk, police, level=Level.MAT, copies=2, protection_until=until, **fields)


# --- (a) end of the protection period ----------------------------------------------------------

def test_tick_run_twice_declassifies_once(clerk, police):
    item = expiring(clerk, police, ON - dt.timedelta(days=1))
    out = StringIO()
    call_command("tick", "--on", ON.strftime("%d/%m/%Y"), "--no-progress", stdout=out)
    assert "Tự động giải mật tài liệu hết thời hạn bảo vệ: 1" in out.getvalue()
    second = StringIO()
    call_command("tick", "--on", ON.strftime("%d/%m/%Y"), "--no-progress", stdout=second)
    assert "Tự động giải mật tài liệu hết thời hạn bảo vệ: 0" in second.getvalue()
    item.refresh_from_db()
    assert item.status == ItemStatus.DECLASSIFIED
    row = Declassification.objects.get(item=item)
    assert row.ground == DeclassificationGround.EXPIRED and row.effective_on == ON
    assert "Điều 22 khoản 2" in row.basis
    assert LedgerEvent.objects.filter(action="records.declass.expired").count() == 1


def test_an_item_whose_period_ends_on_the_day_is_not_yet_declassified(clerk, police):
    item = expiring(clerk, police, ON)
    assert declass.declassify_expired(ON) == 0
    assert declass.declassify_expired(ON + dt.timedelta(days=1)) == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.DECLASSIFIED


def test_an_extended_item_is_not_declassified(clerk, police):
    # An extension moves protection_until forward: the old date no longer declassifies it.
    item = expiring(clerk, police, ON + dt.timedelta(days=365 * 10))
    assert declass.declassify_expired(ON) == 0
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and not Declassification.objects.exists()


def test_expiry_keeps_the_copies_and_creates_no_notice(clerk, police):
    item = expiring(clerk, police, ON - dt.timedelta(days=3))
    declass.declassify_expired(ON)
    assert item.copies.count() == 2
    assert not item.notices.exists()


def test_places_and_proposals_are_not_touched_by_the_tick(clerk, police):
    place = expiring(clerk, police, None, kind=ItemKind.PLACE)
    proposal = expiring(clerk, police, ON - dt.timedelta(days=3))
    proposal.status = ItemStatus.PROPOSED
    proposal.save()
    assert declass.declassify_expired(ON) == 0
    place.refresh_from_db()
    assert place.status == ItemStatus.ISSUED


def test_expiry_runs_in_batches(clerk, police, monkeypatch):
    monkeypatch.setattr(tick, "BATCH", 2)
    items = [expiring(clerk, police, ON - dt.timedelta(days=n + 1)) for n in range(5)]
    seen = []
    assert declass.declassify_expired(ON, progress=seen.append) == 5
    assert seen == [2, 2, 1]
    assert {i.pk for i in items} == set(Declassification.objects.values_list("item_id", flat=True))


# --- (c) removal from the list -----------------------------------------------------------------

@pytest.fixture
def entry():
    secret_list = SecretList.objects.create(code="DM-CA", title="Danh mục thử", decision_reference="1/QĐ-TTg",
                                            issued_on=dt.date(2020, 1, 1), valid_from=dt.date(2020, 1, 1))
    return SecretListEntry.objects.create(secret_list=secret_list, number="3", content="Kế hoạch thử",
                                          level=Level.TOI_MAT, valid_from=dt.date(2020, 1, 1))


@pytest.fixture
def admin():
    return PersonFactory(is_system_admin=True)


def test_list_removal_declassifies_and_creates_same_day_notices(clerk, police, pa03, holder, entry, admin):
    item = expiring(clerk, police, ON + dt.timedelta(days=3000), list_entry=entry)
    from bmnn.records.services import custody
    custody.move_copy(item.copies.first(), to_person=holder, act="test")
    rows = declass.remove_list_entry(admin, entry, on=ON, reason="QĐ 9/QĐ-TTg sửa danh mục")
    assert len(rows) == 1 and rows[0].ground == DeclassificationGround.LIST_REMOVAL
    item.refresh_from_db()
    assert item.status == ItemStatus.DECLASSIFIED
    entry.refresh_from_db()
    assert entry.valid_to == ON - dt.timedelta(days=1)
    made = item.notices.all()
    assert made and {n.act for n in made} == {NoticeAct.LIST_REMOVAL}
    assert {n.due_on for n in made} == {ON}
    assert LedgerEvent.objects.filter(action="records.declass.list_removal").count() == 1


def test_list_removal_needs_its_reason(entry, admin):
    with pytest.raises(ValidationError):
        declass.remove_list_entry(admin, entry, on=ON, reason="")


def test_list_removal_by_someone_not_the_administrator_is_refused(entry, director):
    with pytest.raises(Refused):
        declass.remove_list_entry(director, entry, on=ON, reason="QĐ 9/QĐ-TTg")


def test_an_entry_already_removed_cannot_be_removed_again(entry, admin):
    declass.remove_list_entry(admin, entry, on=ON, reason="QĐ 9/QĐ-TTg")
    with pytest.raises(Refused):
        declass.remove_list_entry(admin, entry, on=ON, reason="QĐ 9/QĐ-TTg")


def test_tick_declassifies_items_of_an_entry_dropped_by_reloading_the_list(clerk, police, entry):
    item = expiring(clerk, police, ON + dt.timedelta(days=3000), list_entry=entry)
    entry.valid_to = ON - dt.timedelta(days=2)
    entry.save()
    assert declass.declassify_removed_from_list(ON) == 1
    assert declass.declassify_removed_from_list(ON) == 0
    item.refresh_from_db()
    assert item.status == ItemStatus.DECLASSIFIED
    assert Declassification.objects.get(item=item).effective_on == ON - dt.timedelta(days=1)


# --- (b) by decision after a council -------------------------------------------------------------

def seats(chair, *others):
    return [councils.MemberInput(role=CouncilRole.CHAIR, person=chair),
            *[councils.MemberInput(person=p) for p in others]]


@pytest.fixture
def item(clerk, police, pa03, holder):
    from bmnn.records.services import custody

    item = issued_item(clerk, police, level=Level.TOI_MAT, copies=2, protection_until=dt.date(2046, 1, 5))
    custody.move_copy(item.copies.first(), to_person=holder, act="test")
    return item


@pytest.fixture
def council(item, director, deputy, clerk, police):
    return councils.establish_council(director, kind=CouncilKind.DECLASSIFICATION, unit=police, items=[item],
                                      members=seats(deputy, clerk), reference="07/QĐ-HĐGM", on=ON)


def reported(council, deputy):
    return councils.record_minutes(deputy, council, met_on=ON + dt.timedelta(days=2), minutes_reference="01/BB-HĐGM",
                                   conclusion="Đề nghị giải mật toàn bộ", recommends=True, on=ON + dt.timedelta(days=2))


DAY = ON + dt.timedelta(days=5)


def test_the_head_declassifies_after_the_council_reports(item, council, deputy, director):
    reported(council, deputy)
    row = declass.decide_declassification(director, item, council=council, reference="12/QĐ-CAT",
                                          other_papers="Tờ trình 3/TTr-PA03", on=DAY)
    item.refresh_from_db()
    council.refresh_from_db()
    assert item.status == ItemStatus.DECLASSIFIED and row.stamp == f"GIẢI MẬT – Từ: {DAY:%d/%m/%Y}"
    assert council.status == CouncilStatus.CLOSED
    notices = item.notices.filter(act=NoticeAct.DECLASSIFICATION)
    assert notices and {n.due_on for n in notices} == {DAY + dt.timedelta(days=15)}
    assert [p[1] for p in declass.dossier(row)] == ["07/QĐ-HĐGM", item.reference, "01/BB-HĐGM", "12/QĐ-CAT",
                                                   "Tờ trình 3/TTr-PA03"]


def test_a_decision_without_a_reported_council_is_refused(item, council, director):
    with pytest.raises(Refused) as refused:
        declass.decide_declassification(director, item, council=council, reference="12/QĐ-CAT", on=DAY)
    assert refused.value.rule == "councils.declassification.minutes_first"
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED


def test_a_decision_with_no_council_at_all_is_invalid(item, director):
    with pytest.raises(ValidationError) as invalid:
        declass.decide_declassification(director, item, council=None, reference="12/QĐ-CAT", on=DAY)
    assert "council" in invalid.value.message_dict


def test_a_decision_by_someone_who_is_not_the_head_is_refused(item, council, deputy):
    reported(council, deputy)
    with pytest.raises(Refused) as refused:
        declass.decide_declassification(deputy, item, council=council, reference="12/QĐ-CAT", on=DAY)
    assert "Điều 22 khoản 4" in refused.value.basis


def test_a_decision_by_someone_who_may_not_know_the_item_is_404(item, council, deputy):
    from django.http import Http404

    reported(council, deputy)
    with pytest.raises(Http404):
        declass.decide_declassification(PersonFactory(), item, council=council, reference="12/QĐ-CAT", on=DAY)


def test_partial_without_released_content_is_refused(item, council, deputy, director):
    reported(council, deputy)
    with pytest.raises(ValidationError) as invalid:
        declass.decide_declassification(director, item, council=council, partial=True, reference="12/QĐ-CAT",
                                        on=DAY)
    assert "released_content" in invalid.value.message_dict


def test_partial_keeps_the_item_secret_and_keeps_the_content_out_of_the_ledger(item, council, deputy, director):
    reported(council, deputy)
    row = declass.decide_declassification(director, item, council=council, partial=True,
                                          released_content="Phụ lục II: số liệu tổng hợp", reference="12/QĐ-CAT",
                                          on=DAY)
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and row.partial and row.stamp == ""
    event = LedgerEvent.objects.get(action="records.declass.decide")
    assert "Phụ lục II" not in event.description and "Phụ lục II" not in event.payload


def test_a_decision_before_the_council_met_is_invalid(item, council, deputy, director):
    reported(council, deputy)
    with pytest.raises(ValidationError):
        declass.decide_declassification(director, item, council=council, reference="12/QĐ-CAT", on=ON)


def test_a_declassified_item_cannot_be_declassified_again(item, council, deputy, director):
    reported(council, deputy)
    item.status = ItemStatus.DECLASSIFIED
    item.save()
    with pytest.raises(Refused) as refused:
        declass.decide_declassification(director, item, council=council, reference="12/QĐ-CAT", on=DAY)
    assert refused.value.rule == "declass.already_declassified"


def test_require_still_secret_refuses_extension_of_a_declassified_item(clerk, police):
    item = expiring(clerk, police, ON - dt.timedelta(days=1))
    declass.declassify_expired(ON)
    item.refresh_from_db()
    with pytest.raises(Refused) as refused:
        declass.require_still_secret(item, ON, "gia hạn thời hạn bảo vệ")
    assert "từ ngày 04/05/2026" in str(refused.value)


def test_a_council_of_several_items_stays_open_until_each_is_decided(item, clerk, police, deputy, director):
    other = issued_item(clerk, police, level=Level.MAT, copies=1)
    council = councils.establish_council(director, kind=CouncilKind.DECLASSIFICATION, unit=police,
                                         items=[item, other], members=seats(deputy, clerk), reference="08/QĐ-HĐGM",
                                         on=ON)
    reported(council, deputy)
    declass.decide_declassification(director, item, council=council, reference="12/QĐ-CAT", on=DAY)
    council.refresh_from_db()
    assert council.status == CouncilStatus.REPORTED
    declass.decide_declassification(director, other, council=council, reference="13/QĐ-CAT", on=DAY)
    council.refresh_from_db()
    assert council.status == CouncilStatus.CLOSED


def test_queue_lists_reported_councils_for_the_head_only(item, council, deputy, director):
    reported(council, deputy)
    [queue] = declass.queues(director, DAY)
    assert queue.key == "declass_to_decide" and queue.rows == [council]
    assert declass.queues(deputy, DAY)[0].count == 0
