"""Protection periods: extension (Law 2018 Art. 20, rules F1, F2) and adjustment of the level
(Art. 21, rule F4), with every date passed explicitly (frozen)."""

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
from bmnn.records.models import (Copy, ItemKind, ItemStatus, NoticeAct, NoticeStatus, RegisterKind, SecretItem,
                                 SecretList, SecretListEntry)
from bmnn.records.services import custody, notices, periods
from bmnn.records.tests.factories import SecretItemFactory
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 5, 4)  # under the 2026 regime
EXPIRY = ON + dt.timedelta(days=60)  # 03/07/2026
IN_2025 = dt.date(2025, 10, 1)  # under the 2018 regime


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TUYET_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def deputy(pa03):
    return person_in(pa03, title="Phó Trưởng phòng", role=Role.DEPUTY, authority_class="deputy",
                     clearance=Level.TUYET_MAT, full_name="Trần Minh Khoa")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def holder(police):
    """An officer of another unit holding copy 2."""
    other = UnitFactory(name="Phòng Tham mưu", code="PV01", parent=police)
    return person_in(other, clearance=Level.TOI_MAT, full_name="Lê Văn Giữ")


@pytest.fixture
def item(clerk, pa03, holder):
    """A Mật item of PA03 whose protection ends on EXPIRY; copy 2 is with `holder`."""
    item = issued_item(clerk, pa03, level=Level.MAT, copies=3, protection_until=EXPIRY,
                       classified_on=dt.date(2016, 7, 3))
    custody.move_copy(item.copies.get(number=2), to_person=holder, act="test")
    return item


@pytest.fixture
def entry():
    secret_list = SecretList.objects.create(code="DM-CA", title="Danh mục thử", decision_reference="1/QĐ-TTg",
                                            issued_on=dt.date(2020, 1, 1), valid_from=dt.date(2020, 1, 1))
    return SecretListEntry.objects.create(secret_list=secret_list, number="3", content="Kế hoạch bảo vệ",
                                          level=Level.TUYET_MAT, valid_from=dt.date(2020, 1, 1))


def extend(person, item, **overrides):
    fields = dict(years=5, months=0, reason="Giải mật sẽ gây nguy hại đến lợi ích quốc gia",
                  decision_reference="15/QĐ-PA03", on=ON)
    fields.update(overrides)
    return periods.extend(person, item, **fields)


def adjust(person, item, entry, **overrides):
    fields = dict(to_level=Level.TOI_MAT, list_entry=entry, reason="Theo danh mục mới",
                  decision_reference="16/QĐ-PA03", on=ON)
    fields.update(overrides)
    return periods.adjust(person, item, **fields)


# --- Extension ------------------------------------------------------------------------------------

def test_extension_decided_60_days_before_expiry_is_accepted(item, division_head):
    extension = extend(division_head, item, on=EXPIRY - dt.timedelta(days=60))
    item.refresh_from_db()
    assert item.protection_until == dt.date(2031, 7, 3) == extension.new_until
    assert extension.previous_until == EXPIRY and extension.years == 5 and extension.unit == item.holding_unit
    assert extension.authority_basis and extension.decided_by == division_head


def test_extension_decided_59_days_before_expiry_is_refused_citing_article_20(item, division_head):
    with pytest.raises(Refused) as refusal:
        extend(division_head, item, on=EXPIRY - dt.timedelta(days=59))
    assert refusal.value.rule == "2026:deadlines.extension_before_expiry"
    assert refusal.value.basis.startswith("Điều 20 khoản 2")
    assert "60 ngày" in refusal.value.message and refusal.value.field == "decided_on"
    item.refresh_from_db()
    assert item.protection_until == EXPIRY and not item.extensions.exists()
    assert not LedgerEvent.objects.filter(action="records.period.extend").exists()


def test_extension_after_the_expiry_is_refused(item, division_head):
    with pytest.raises(Refused) as refusal:
        extend(division_head, item, on=EXPIRY + dt.timedelta(days=1))
    assert refusal.value.rule == "2026:deadlines.extension_before_expiry"
    assert "đã hết" in refusal.value.message


def test_extension_longer_than_the_base_period_is_refused(item, division_head):
    with pytest.raises(Refused) as refusal:
        extend(division_head, item, years=10, months=1)
    assert refusal.value.rule == "2026:requirements.extension_max_is_base_period"
    assert refusal.value.basis.startswith("Điều 20 khoản 2") and "10 năm" in refusal.value.message
    assert not item.extensions.exists()


def test_extension_as_long_as_the_base_period_is_accepted(item, division_head):
    assert extend(division_head, item, years=10).new_until == dt.date(2036, 7, 3)


def test_the_base_period_cap_follows_the_level(clerk, pa03, division_head):
    toi_mat = issued_item(clerk, pa03, level=Level.TOI_MAT, protection_until=EXPIRY)
    assert extend(division_head, toi_mat, years=20).new_until == dt.date(2046, 7, 3)


def test_several_extensions_are_allowed_each_from_the_new_expiry(item, division_head):
    extend(division_head, item, years=1)
    second = extend(division_head, item, years=2, months=6, decision_reference="20/QĐ-PA03",
                    on=dt.date(2026, 6, 1))
    assert second.previous_until == dt.date(2027, 7, 3) and second.new_until == dt.date(2030, 1, 3)
    assert item.extensions.count() == 2


def test_extension_by_a_deputy_is_refused(item, deputy):
    with pytest.raises(Refused) as refusal:
        extend(deputy, item)
    assert refusal.value.rule == "2026:extend" and "Điều 20 khoản 2" in refusal.value.basis


def test_the_head_of_the_body_above_may_extend(item, director):
    assert extend(director, item).decided_by == director


def test_extension_writes_the_ledger_without_the_reason(item, division_head):
    extension = extend(division_head, item)
    event = LedgerEvent.objects.get(action="records.period.extend")
    payload = json.loads(event.payload)
    assert payload["extension"] == extension.pk and payload["new_until"] == "2031-07-03"
    assert "nguy hại" not in str(event.payload) and "nguy hại" not in event.description


def test_extension_issues_notices_to_every_holder_due_in_15_days(item, division_head, holder):
    extension = extend(division_head, item)
    made = notices.notices_of(item, act=NoticeAct.EXTENSION, act_id=extension.pk)
    assert {n.recipient_name for n in made} == {"Lê Văn Giữ", "Nơi nhận thử"}
    assert {n.due_on for n in made} == {ON + dt.timedelta(days=15)}
    assert "Điều 20 khoản 4" in made[0].deadline_basis


def test_each_holders_acknowledgement_of_an_extension_is_tracked(item, division_head, holder, clerk):
    extension = extend(division_head, item)
    notice = notices.notices_of(item, act=NoticeAct.EXTENSION, act_id=extension.pk).get(recipient_person=holder)
    notices.send_notice(clerk, notice, reference="5/TB-PA03", sent_on=ON + dt.timedelta(days=3))
    notices.acknowledge_notice(holder, notice, on=ON + dt.timedelta(days=5), acknowledgement="Đã ghi trên bản 02")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ACKNOWLEDGED and notice.acknowledged_by == holder
    assert periods.history(item)["pending_extension_notices"] == 1  # the outside recipient


def test_extension_without_a_reason_or_a_decision_number_is_invalid(item, division_head):
    with pytest.raises(ValidationError) as error:
        extend(division_head, item, reason=" ", decision_reference="")
    assert set(error.value.message_dict) == {"reason", "decision_reference"}


def test_extension_of_no_length_is_invalid(item, division_head):
    with pytest.raises(ValidationError) as error:
        extend(division_head, item, years=0, months=0)
    assert "years" in error.value.message_dict


def test_extension_dated_in_the_future_is_invalid(item, division_head):
    with pytest.raises(ValidationError) as error:
        extend(division_head, item, on=dt.date.today() + dt.timedelta(days=1))
    assert "decided_on" in error.value.message_dict


def test_extension_of_a_place_is_refused_citing_article_19_3(clerk, pa03, division_head):
    place = SecretItemFactory(holding_unit=pa03, level=Level.MAT, kind=ItemKind.PLACE, protection_until=None)
    with pytest.raises(Refused) as refusal:
        extend(division_head, place)
    assert refusal.value.rule == "2026:protection_periods.place"
    assert refusal.value.basis.startswith("Điều 19 khoản 3")


def test_extension_of_an_item_classified_by_an_outside_body_is_refused(clerk, pa03, division_head):
    received = issued_item(clerk, pa03, level=Level.MAT, kind=RegisterKind.INCOMING, on=ON)
    received.protection_until = EXPIRY
    received.save()
    with pytest.raises(Refused) as refusal:
        extend(division_head, received)
    assert refusal.value.rule == "periods.classifying_body" and "Bộ Thử nghiệm" in refusal.value.message


def test_extension_of_a_declassified_item_is_refused(item, division_head):
    SecretItem.objects.filter(pk=item.pk).update(status=ItemStatus.DECLASSIFIED)
    with pytest.raises(Refused) as refusal:
        extend(division_head, item)
    assert refusal.value.rule == "periods.state"


def test_expiry_without_a_stored_period_comes_from_the_rulebook(pa03, division_head):
    item = SecretItemFactory(holding_unit=pa03, level=Level.MAT, classified_on=dt.date(2020, 9, 1),
                             protection_until=None)
    assert periods.expiry_of(item) == dt.date(2030, 9, 1)
    assert extend(division_head, item, on=IN_2025).previous_until == dt.date(2030, 9, 1)


def test_extension_under_the_2018_regime_cites_the_2018_law(pa03, division_head):
    item = SecretItemFactory(holding_unit=pa03, level=Level.MAT, protection_until=dt.date(2025, 11, 29))
    with pytest.raises(Refused) as refusal:
        extend(division_head, item, on=IN_2025)
    assert refusal.value.rule == "2018:deadlines.extension_before_expiry"
    assert refusal.value.basis == "Điều 20 khoản 2 Luật BVBMNN 2018"
    assert extend(division_head, item, on=dt.date(2025, 9, 30)).new_until == dt.date(2030, 11, 29)


def test_extension_of_a_hidden_item_is_404(item):
    outsider = person_in(UnitFactory(), title="Trưởng phòng", role=Role.LEADER,
                         authority_class="police_division_head", clearance=Level.TUYET_MAT)
    with pytest.raises(Http404):
        extend(outsider, item)


def test_an_activity_with_a_shorter_period_is_extended_by_the_same_rules(clerk, pa03, division_head):
    activity = SecretItemFactory(holding_unit=pa03, level=Level.MAT, kind=ItemKind.ACTIVITY,
                                 protection_until=EXPIRY, protection_shortened=True)
    with pytest.raises(Refused):
        extend(division_head, activity, on=EXPIRY - dt.timedelta(days=59))
    assert extend(division_head, activity, years=1).new_until == dt.date(2027, 7, 3)


# --- Adjustment ------------------------------------------------------------------------------------

def test_adjustment_by_the_head_raises_the_level_and_recomputes_the_period(item, division_head, entry):
    adjustment = adjust(division_head, item, entry)
    item.refresh_from_db()
    assert item.level == Level.TOI_MAT and item.list_entry == entry
    assert (adjustment.from_level, adjustment.to_level) == (Level.MAT, Level.TOI_MAT)
    # Counted from the adjustment decision: Tối mật, 20 years from 04/05/2026.
    assert item.protection_until == dt.date(2046, 5, 4) == adjustment.new_until
    assert adjustment.previous_until == EXPIRY and "Điều 19 khoản 1" in adjustment.period_basis


def test_lowering_the_level_recomputes_the_period_for_the_lower_level(clerk, pa03, division_head, entry):
    item = issued_item(clerk, pa03, level=Level.TOI_MAT, protection_until=dt.date(2040, 1, 1))
    adjust(division_head, item, entry, to_level=Level.MAT)
    item.refresh_from_db()
    assert item.level == Level.MAT and item.protection_until == dt.date(2036, 5, 4)


def test_adjustment_by_a_non_head_is_refused(item, deputy, entry):
    with pytest.raises(Refused) as refusal:
        adjust(deputy, item, entry)
    assert refusal.value.rule == "2026:adjust" and "Điều 21" in refusal.value.basis
    item.refresh_from_db()
    assert item.level == Level.MAT and not item.adjustments.exists()


def test_a_written_delegation_does_not_help_where_the_regime_forbids_delegating(item, deputy, division_head,
                                                                              entry, pa03):
    from bmnn.org.tests.factories import DelegationFactory

    DelegationFactory(delegator=division_head, delegate=deputy, unit=pa03, acts=["adjust"],
                      levels=[Level.MAT, Level.TOI_MAT])
    with pytest.raises(Refused) as refusal:
        adjust(deputy, item, entry)
    assert refusal.value.rule == "2026:adjust.delegation"


def test_adjustment_without_a_list_entry_is_refused(item, division_head):
    with pytest.raises(Refused) as refusal:
        adjust(division_head, item, None)
    assert refusal.value.rule == "periods.adjust_list_entry" and refusal.value.field == "list_entry"
    assert "Điều 21" in refusal.value.basis


def test_adjustment_citing_an_entry_below_the_new_level_is_refused(item, division_head, entry):
    entry.level = Level.MAT
    entry.save()
    with pytest.raises(Refused) as refusal:
        adjust(division_head, item, entry)
    assert refusal.value.rule == "periods.adjust_list_entry" and "chỉ cho phép đến độ Mật" in refusal.value.message


def test_adjustment_citing_an_entry_no_longer_in_force_is_refused(item, division_head, entry):
    entry.valid_to = dt.date(2026, 1, 1)
    entry.save()
    with pytest.raises(Refused) as refusal:
        adjust(division_head, item, entry)
    assert "không còn (hoặc chưa) hiệu lực" in refusal.value.message


def test_adjustment_to_the_same_level_is_refused(item, division_head, entry):
    with pytest.raises(Refused) as refusal:
        adjust(division_head, item, entry, to_level=Level.MAT)
    assert refusal.value.rule == "periods.adjust_same_level"


def test_raising_to_tuyet_mat_with_a_summary_is_refused_under_the_2026_regime(item, director, entry):
    with pytest.raises(Refused) as refusal:
        adjust(director, item, entry, to_level=Level.TUYET_MAT)
    assert refusal.value.rule == "2026:requirements.tuyet_mat_summary" and refusal.value.field == "remove_summary"
    item.refresh_from_db()
    assert item.level == Level.MAT and item.summary


def test_raising_to_tuyet_mat_removing_the_summary_is_accepted(item, director, entry):
    adjustment = adjust(director, item, entry, to_level=Level.TUYET_MAT, remove_summary=True)
    item.refresh_from_db()
    assert item.level == Level.TUYET_MAT and item.summary == "" and adjustment.summary_removed


def test_raising_to_tuyet_mat_with_a_summary_under_2018_needs_the_deciders_consent(pa03, director, entry):
    item = SecretItemFactory(holding_unit=pa03, level=Level.MAT, protection_until=dt.date(2030, 1, 1))
    with pytest.raises(Refused) as refusal:
        adjust(director, item, entry, to_level=Level.TUYET_MAT, on=IN_2025)
    assert refusal.value.rule == "2018:requirements.tuyet_mat_summary"
    adjust(director, item, entry, to_level=Level.TUYET_MAT, on=IN_2025, summary_consent=True)
    item.refresh_from_db()
    assert item.level == Level.TUYET_MAT and item.summary == "Nội dung thử nghiệm"


def test_adjustment_without_reason_number_or_valid_level_is_invalid(item, division_head, entry):
    with pytest.raises(ValidationError) as error:
        adjust(division_head, item, entry, to_level="SECRET", reason="", decision_reference="")
    assert set(error.value.message_dict) == {"to_level", "reason", "decision_reference"}


def test_adjustment_of_a_hidden_item_is_404(item, entry):
    outsider = person_in(UnitFactory(), title="Trưởng phòng", role=Role.LEADER,
                         authority_class="police_division_head", clearance=Level.TUYET_MAT)
    with pytest.raises(Http404):
        adjust(outsider, item, entry)


def test_adjustment_remarks_the_classifying_bodys_own_copies_at_once(item, division_head, entry, holder):
    adjust(division_head, item, entry)
    marks = dict(Copy.objects.filter(item=item).values_list("number", "marked_level"))
    assert marks == {1: None, 2: Level.MAT, 3: None}  # copy 2 is with the holder, still stamped Mật


def test_adjustment_issues_notices_within_15_days(item, division_head, entry, holder):
    adjustment = adjust(division_head, item, entry)
    made = notices.notices_of(item, act=NoticeAct.ADJUSTMENT, act_id=adjustment.pk)
    assert made.count() == 2 and {n.due_on for n in made} == {ON + dt.timedelta(days=15)}
    assert "Điều 21" in made[0].deadline_basis
    event = LedgerEvent.objects.get(action="records.period.adjust")
    assert json.loads(event.payload)["to_level"] == Level.TOI_MAT and "Theo danh mục mới" not in event.payload


def acknowledge(clerk, holder, item, adjustment, on=ON + dt.timedelta(days=5)):
    notice = notices.notices_of(item, act=NoticeAct.ADJUSTMENT, act_id=adjustment.pk).get(recipient_person=holder)
    notices.send_notice(clerk, notice, reference=f"{adjustment.pk}/TB-PA03", sent_on=adjustment.decided_on)
    return notices.acknowledge_notice(holder, notice, on=on)


def test_acknowledgement_remarks_the_holders_copy(item, division_head, entry, holder, clerk):
    adjustment = adjust(division_head, item, entry)
    acknowledge(clerk, holder, item, adjustment)
    copy = Copy.objects.get(item=item, number=2)
    assert copy.marked_level is None  # now carries the item's level, Tối mật
    event = LedgerEvent.objects.get(action="records.copy.remark")
    payload = json.loads(event.payload)
    assert payload["copies"] == [copy.pk] and payload["to_level"] == Level.TOI_MAT


def test_an_earlier_adjustments_late_acknowledgement_never_restores_an_older_marking(
        item, division_head, entry, holder, clerk):
    first = adjust(division_head, item, entry)
    second = adjust(division_head, item, entry, to_level=Level.TUYET_MAT, remove_summary=True,
                    decision_reference="17/QĐ-PA03", on=ON + dt.timedelta(days=1))
    acknowledge(clerk, holder, item, second)
    acknowledge(clerk, holder, item, first)
    assert Copy.objects.get(item=item, number=2).marked_level is None


def test_acknowledging_an_earlier_adjustment_first_marks_its_level(item, division_head, entry, holder, clerk):
    first = adjust(division_head, item, entry)
    adjust(division_head, item, entry, to_level=Level.TUYET_MAT, remove_summary=True,
           decision_reference="17/QĐ-PA03", on=ON + dt.timedelta(days=1))
    acknowledge(clerk, holder, item, first)
    assert Copy.objects.get(item=item, number=2).marked_level == Level.TOI_MAT


def test_visibility_follows_the_new_level(item, division_head, entry, pa03):
    cleared_for_mat = person_in(pa03, clearance=Level.MAT)
    assert SecretItem.objects.visible_to(cleared_for_mat, ON).filter(pk=item.pk).exists()
    adjust(division_head, item, entry)
    assert not SecretItem.objects.visible_to(cleared_for_mat, ON).filter(pk=item.pk).exists()


def test_adjusting_a_place_keeps_it_without_a_period(clerk, pa03, division_head, entry):
    place = SecretItemFactory(holding_unit=pa03, level=Level.MAT, kind=ItemKind.PLACE, protection_until=None)
    adjustment = adjust(division_head, place, entry)
    place.refresh_from_db()
    assert place.protection_until is None and adjustment.new_until is None
    assert "Điều 19 khoản 3" in adjustment.period_basis


def test_a_shorter_activity_period_is_kept_when_still_shorter(clerk, pa03, division_head, entry):
    activity = SecretItemFactory(holding_unit=pa03, level=Level.MAT, kind=ItemKind.ACTIVITY,
                                 protection_until=EXPIRY, protection_shortened=True)
    adjust(division_head, activity, entry)
    activity.refresh_from_db()
    assert activity.protection_until == EXPIRY


def test_item_history_lists_extensions_and_adjustments(item, division_head, entry):
    extend(division_head, item)
    adjust(division_head, item, entry, on=ON + dt.timedelta(days=1))
    shown = periods.history(item)
    assert [e.decision_reference for e in shown["extensions"]] == ["15/QĐ-PA03"]
    assert shown["latest_adjustment"].to_level == Level.TOI_MAT
    assert [c.number for c in shown["unmarked_copies"]] == [2]


# --- What needs action --------------------------------------------------------------------------------

def test_expiring_items_wait_for_the_heads_who_may_extend_and_the_security_officer(item, division_head, pa03,
                                                                                   deputy, clerk):
    officer = person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.MAT)
    on = EXPIRY - dt.timedelta(days=100)
    [queue] = periods.queues(division_head, on)
    assert queue.key == "periods_expiring" and [r.item for r in queue.rows] == [item]
    row = queue.rows[0]
    assert row.may_extend and row.extendable and row.last_day == EXPIRY - dt.timedelta(days=60)
    assert [r.item for r in periods.queues(officer, on)[0].rows] == [item]
    assert not periods.queues(officer, on)[0].rows[0].may_extend
    assert periods.queues(deputy, on)[0].count == 0


def test_an_item_within_60_days_stays_in_the_queue_as_no_longer_extendable(item, division_head):
    [queue] = periods.queues(division_head, EXPIRY - dt.timedelta(days=30))
    assert queue.count == 1 and not queue.rows[0].extendable


def test_items_far_from_expiry_or_hidden_are_not_in_the_queue(item, division_head):
    assert periods.queues(division_head, EXPIRY - dt.timedelta(days=121))[0].count == 0
    outsider = person_in(UnitFactory(), title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER,
                         clearance=Level.TUYET_MAT)
    assert periods.queues(outsider, EXPIRY - dt.timedelta(days=100))[0].count == 0
