"""The shared pieces of the period acts: notices to holders and review councils."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import CouncilKind, CouncilRole, CouncilStatus, NoticeAct, NoticeStatus
from bmnn.records.services import councils, custody, notices, tick
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 5, 4)


@pytest.fixture
def clerk(police):
    return person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT)


@pytest.fixture
def item(clerk, police, pa03):
    item = issued_item(clerk, police, level=Level.TOI_MAT, copies=3)
    first, second = item.copies.order_by("number")[:2]
    custody.move_copy(first, to_unit=pa03, act="test")
    officer = person_in(pa03, title="Cán bộ", clearance=Level.TOI_MAT, full_name="Lê Văn Giữ")
    custody.move_copy(second, to_person=officer, act="test")
    return item


def test_holders_are_other_units_persons_and_outside_recipients(item, pa03):
    holders = notices.holders_of(item)
    assert [h.unit for h in holders if h.unit] == [pa03]
    assert [h.person.full_name for h in holders if h.person] == ["Lê Văn Giữ"]
    assert [h.external for h in holders if h.external] == ["Nơi nhận thử"]


def test_notices_are_due_the_rulebook_days_after_the_decision(item, director):
    made = notices.issue_notices(director, item, act=NoticeAct.EXTENSION, act_id=1, decided_on=ON,
                                 deadline_key="extension_notice")
    assert len(made) == 3
    assert {n.due_on for n in made} == {ON + dt.timedelta(days=15)}
    assert "Điều 20 khoản 4" in made[0].deadline_basis
    assert LedgerEvent.objects.filter(action="records.notice.issue").count() == 1


def test_a_notice_sent_after_its_due_date_is_recorded_as_late(item, director, clerk):
    notice = notices.issue_notices(director, item, act=NoticeAct.EXTENSION, act_id=1, decided_on=ON,
                                   deadline_key="extension_notice")[0]
    sent = notices.send_notice(clerk, notice, reference="12/TB-CAT", sent_on=ON + dt.timedelta(days=16))
    assert sent.status == NoticeStatus.SENT and sent.sent_late


def test_only_the_classifying_bodys_registry_sends_notices(item, director, pa03):
    notice = notices.issue_notices(director, item, act=NoticeAct.EXTENSION, act_id=1, decided_on=ON,
                                   deadline_key="extension_notice")[0]
    outsider = person_in(pa03, title="Cán bộ", clearance=Level.TOI_MAT)
    with pytest.raises(Refused):
        notices.send_notice(outsider, notice, reference="12/TB-CAT", sent_on=ON)


def test_the_holder_acknowledges_and_the_handler_runs(item, director, clerk):
    seen = []
    notices.on_acknowledged("recall")(lambda notice, actor, on: seen.append(notice.pk))
    notice = [n for n in notices.issue_notices(director, item, act=NoticeAct.RECALL, act_id=1, decided_on=ON,
                                               deadline_key="extension_notice") if n.recipient_person_id][0]
    notices.send_notice(clerk, notice, reference="13/TB-CAT", sent_on=ON)
    with pytest.raises(Refused):
        notices.acknowledge_notice(clerk, notice, on=ON)
    done = notices.acknowledge_notice(notice.recipient_person, notice, on=ON, acknowledgement="Đã đóng dấu")
    assert done.status == NoticeStatus.ACKNOWLEDGED and seen == [notice.pk]


def test_acknowledging_an_unsent_notice_is_refused(item, director):
    notice = [n for n in notices.issue_notices(director, item, act=NoticeAct.EXTENSION, act_id=1, decided_on=ON,
                                               deadline_key="extension_notice") if n.recipient_person_id][0]
    with pytest.raises(Refused):
        notices.acknowledge_notice(notice.recipient_person, notice, on=ON)


def test_tick_flags_an_unsent_overdue_notice_once(item, director):
    notices.issue_notices(director, item, act=NoticeAct.EXTENSION, act_id=1, decided_on=ON,
                          deadline_key="extension_notice")
    later = ON + dt.timedelta(days=16)
    assert notices.flag_overdue(ON + dt.timedelta(days=15)) == 0
    assert notices.flag_overdue(later) == 3
    assert notices.flag_overdue(later) == 0
    assert [o.changed for o in tick.run(later, only=["notices.overdue"])] == [0]
    assert LedgerEvent.objects.filter(action="records.notice.overdue").count() == 3


@pytest.fixture
def deputy(police):
    return person_in(police, title="Phó Giám đốc", role=Role.DEPUTY, clearance=Level.TOI_MAT,
                     full_name="Trần Văn Phó")


def seats(chair, *others):
    return [councils.MemberInput(role=CouncilRole.CHAIR, person=chair),
            *[councils.MemberInput(person=p) for p in others],
            councils.MemberInput(external_name="Đại diện Sở Nội vụ", external_body="Sở Nội vụ")]


def test_the_decider_establishes_a_council_chaired_by_leadership(item, director, deputy, clerk, police):
    council = councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                         members=seats(deputy, clerk), reference="05/QĐ-HĐTH", on=ON)
    assert council.level == Level.TOI_MAT and council.members.count() == 3
    assert LedgerEvent.objects.filter(action="records.council.establish").count() == 1


def test_a_council_not_chaired_by_leadership_is_refused(item, director, clerk, police):
    with pytest.raises(Refused) as refused:
        councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                   members=seats(clerk, director), reference="05/QĐ-HĐTH", on=ON)
    assert "Điều 23 khoản 4" in refused.value.basis


def test_a_council_set_up_by_someone_without_the_authority_is_refused(item, deputy, clerk, police):
    with pytest.raises(Refused):
        councils.establish_council(clerk, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                   members=seats(deputy, clerk), reference="05/QĐ-HĐTH", on=ON)


def test_a_council_needs_a_chair_and_another_member(item, director, deputy, police):
    with pytest.raises(ValidationError):
        councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                   members=[councils.MemberInput(role=CouncilRole.CHAIR, person=deputy)],
                                   reference="05/QĐ-HĐTH", on=ON)


def test_minutes_by_the_chair_then_the_act_may_rely_on_them(item, director, deputy, clerk, police):
    council = councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                         members=seats(deputy, clerk), reference="05/QĐ-HĐTH", on=ON)
    with pytest.raises(Refused):
        councils.require_reported(council, CouncilKind.DESTRUCTION, item, ON)
    councils.record_minutes(deputy, council, met_on=ON, minutes_reference="01/BB-HĐTH",
                            conclusion="Đề nghị tiêu hủy", recommends=True, on=ON)
    council.refresh_from_db()
    assert council.status == CouncilStatus.REPORTED
    councils.require_reported(council, CouncilKind.DESTRUCTION, item, ON)
    event = LedgerEvent.objects.get(action="records.council.minutes")
    assert "Đề nghị tiêu hủy" not in event.payload


def test_minutes_by_a_member_who_is_not_chair_or_secretary_are_refused(item, director, deputy, police):
    member = person_in(UnitFactory(code="PX"), title="Cán bộ", clearance=Level.TOI_MAT, covers=[police])
    council = councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                         members=seats(deputy, member), reference="05/QĐ-HĐTH", on=ON)
    with pytest.raises(Refused):
        councils.record_minutes(member, council, met_on=ON, minutes_reference="01/BB", conclusion="x",
                                recommends=True, on=ON)


def test_a_council_is_hidden_from_whoever_may_not_see_its_items(item, director, deputy, clerk, police):
    council = councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                         members=seats(deputy, clerk), reference="05/QĐ-HĐTH", on=ON)
    stranger = person_in(UnitFactory(code="KB"), title="Cán bộ", clearance=Level.MAT)
    assert councils.get_council_or_404(director, council.pk, ON) == council
    from django.http import Http404
    with pytest.raises(Http404):
        councils.get_council_or_404(stranger, council.pk, ON)
