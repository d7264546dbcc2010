"""Carrying out of the storage place (mang ra khỏi nơi lưu giữ), legal-rules.md §4.5, D1–D2:
the written request with every field, decided by the head or an authorised deputy (domestic)
or an Art. 14.2 authority (abroad), copies out until the carrier returns them with a report to
the person who allowed it, a loss during the trip opening an incident, overdue returns flagged
once by `bmnn tick`. Dates are passed explicitly."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role, UnitKind
from bmnn.org.tests.factories import AccessAssignmentFactory, CommitmentFactory, DelegationFactory, UnitFactory, \
    person_in
from bmnn.records.models import CarryOutScope, CarryOutStatus, CopyStatus, CustodyRecord, Incident, IncidentKind
from bmnn.records.services import carryout as svc
from bmnn.records.services import custody, tick
from bmnn.records.tests.factories import AccessGrantFactory
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 4, 10)
IN_2025 = dt.date(2025, 10, 1)


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def deputy_head(pa03):
    return person_in(pa03, title="Phó Trưởng phòng", role=Role.DEPUTY, authority_class="deputy",
                     clearance=Level.TOI_MAT, full_name="Trần Minh Khoa")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def carrier(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def item(clerk, pa03):
    return issued_item(clerk, pa03, level=Level.TOI_MAT, on=ON)


def ask(carrier, item, copies=None, **overrides):
    fields = dict(copies=copies if copies is not None else [item.copies.get(number=1)],
                  scope=CarryOutScope.DOMESTIC, purpose="Báo cáo tại hội nghị của Bộ",
                  destination="Hà Nội", leaves_on=ON, returns_by=ON + dt.timedelta(days=3),
                  protection_measures="Cặp tài liệu có khóa số, luôn mang theo người", on=ON)
    fields.update(overrides)
    return svc.request_carry_out(carrier, item, **fields)


def events(action):
    return LedgerEvent.objects.filter(action=action)


# --- The request -------------------------------------------------------------------------------

def test_request_records_every_field_and_keeps_purpose_out_of_the_ledger(carrier, item, pa03):
    carry_out = ask(carrier, item)
    assert carry_out.status == CarryOutStatus.REQUESTED
    assert carry_out.carrier == carrier and carry_out.unit == pa03 and carry_out.carrier_position.unit == pa03
    assert carry_out.level == Level.TOI_MAT and list(carry_out.copies.all()) == [item.copies.get(number=1)]
    assert carry_out.destination == "Hà Nội" and carry_out.protection_measures.startswith("Cặp")
    event = events("records.carryout.request").get()
    assert "hội nghị" not in event.payload and "Hà Nội" not in event.payload and "Hà Nội" not in event.description
    assert "Nội dung thử nghiệm" not in event.payload + event.description  # the item's summary
    assert json.loads(event.payload)["purpose"].startswith("sha256:")


@pytest.mark.parametrize("missing", ["purpose", "destination", "protection_measures"])
def test_request_missing_a_required_field_is_invalid(carrier, item, missing):
    with pytest.raises(ValidationError) as error:
        ask(carrier, item, **{missing: "  "})
    assert missing in error.value.message_dict
    assert not events("records.carryout.request").exists()


def test_request_without_dates_or_copies_is_invalid(carrier, item):
    with pytest.raises(ValidationError) as error:
        ask(carrier, item, leaves_on=None, returns_by=None, copies=[])
    assert {"leaves_on", "returns_by", "copies"} <= set(error.value.message_dict)


def test_return_date_before_departure_is_invalid(carrier, item):
    with pytest.raises(ValidationError) as error:
        ask(carrier, item, leaves_on=ON + dt.timedelta(days=5), returns_by=ON + dt.timedelta(days=1))
    assert "returns_by" in error.value.message_dict


def test_abroad_request_must_name_the_delegation_head(carrier, item):
    with pytest.raises(ValidationError) as error:
        ask(carrier, item, scope=CarryOutScope.ABROAD, delegation_head="")
    assert "delegation_head" in error.value.message_dict


def test_carrier_not_cleared_for_the_level_in_their_unit_is_refused(clerk, pa03, police):
    # Cleared for Tối mật only for the work of PA05, for Mật in their own PA03: a Tối mật item of
    # PA05 kept in PA03's storage is visible to them, but they may not carry it out from PA03.
    pa05 = UnitFactory(code="PA05", kind=UnitKind.DIVISION, parent=police)
    pa05_clerk = person_in(pa05, role=Role.CLERK, clearance=Level.TOI_MAT)
    item = issued_item(pa05_clerk, pa05, level=Level.TOI_MAT, on=ON)
    copy = item.copies.get(number=1)
    custody.move_copy(copy, to_unit=pa03, storage_place="Tủ PA03", act="test")
    carrier = person_in(pa03, clearance=Level.MAT)
    CommitmentFactory(assignment=AccessAssignmentFactory(person=carrier, max_level=Level.TOI_MAT, units=[pa05]))
    with pytest.raises(Refused) as refusal:
        ask(carrier, item, copies=[copy])
    assert refusal.value.rule == "carryout.carrier_cleared"
    assert "Điều 26 Luật BVBMNN 2018" in refusal.value.basis


def test_a_copy_already_out_cannot_be_carried(carrier, item, division_head, clerk):
    svc.decide_carry_out(division_head, ask(carrier, item), approve=True, on=ON)
    with pytest.raises(Refused) as refusal:
        ask(clerk, item)
    assert refusal.value.rule == "carryout.copy_state"
    assert refusal.value.basis == "Điều 14 Luật BVBMNN 2018; Điều 5 Nghị định 26/2020/NĐ-CP (áp dụng tiếp, ◐ chưa " \
                                  "xác minh theo Luật 117/2025, Nghị định 63/2026)"


@pytest.mark.parametrize("status", [CopyStatus.IN_TRANSIT, CopyStatus.MISSING, CopyStatus.DESTROYED])
def test_a_copy_in_transit_missing_or_destroyed_cannot_be_carried(carrier, item, status):
    copy = item.copies.get(number=1)
    custody.set_status(copy, status)
    with pytest.raises(Refused) as refusal:
        ask(carrier, item, copies=[copy])
    assert refusal.value.rule == "carryout.copy_state"


def test_a_copy_kept_by_another_unit_cannot_be_carried(item, police):
    other = UnitFactory(code="PX01", kind=UnitKind.DIVISION, parent=police)
    outsider = person_in(other, clearance=Level.TOI_MAT, covers=[other, item.holding_unit])
    AccessGrantFactory(item=item, person=outsider)  # may know of it, but PA03's copies are not theirs
    with pytest.raises(Refused) as refusal:
        ask(outsider, item)
    assert refusal.value.rule == "carryout.custody"


def test_a_person_who_may_not_know_the_item_gets_404(item, police):
    stranger = person_in(UnitFactory(code="PX02", parent=police), clearance=Level.TOI_MAT)
    with pytest.raises(Http404):
        ask(stranger, item)


# --- The decision ------------------------------------------------------------------------------

def test_head_of_the_managing_unit_allows_a_domestic_trip_and_the_copies_go_out(carrier, item, division_head):
    copy = item.copies.get(number=1)
    carry_out = svc.decide_carry_out(division_head, ask(carrier, item), approve=True, on=ON)
    assert carry_out.status == CarryOutStatus.APPROVED and carry_out.decided_by == division_head
    assert "Điều 14 khoản 1" in carry_out.authority_basis
    copy.refresh_from_db()
    assert copy.status == CopyStatus.OUT and copy.custodian_person == carrier and copy.custodian_unit is None
    assert CustodyRecord.objects.filter(copy=copy, act="carry_out", until__isnull=True).exists()
    payload = json.loads(events("records.carryout.decide").get().payload)
    assert payload["approve"] is True and payload["act"] == "carry_out_domestic"


@pytest.mark.parametrize("on", [IN_2025, ON], ids=["regime-2018", "regime-2026"])
def test_domestic_trip_decided_by_a_non_head_is_refused_citing_article_14_1(carrier, clerk, pa03, deputy_head, on):
    item = issued_item(clerk, pa03, level=Level.MAT, on=on)
    carry_out = ask(carrier, item, leaves_on=on, returns_by=on + dt.timedelta(days=2), on=on)
    with pytest.raises(Refused) as refusal:
        svc.decide_carry_out(deputy_head, carry_out, approve=True, on=on)
    assert refusal.value.rule == f"{on.year if on.year == 2026 else 2018}:carry_out_domestic"
    assert refusal.value.basis == "Điều 14 khoản 1 Luật BVBMNN 2018"
    carry_out.refresh_from_db()
    assert carry_out.status == CarryOutStatus.REQUESTED
    assert item.copies.get(number=1).status == CopyStatus.HELD


def test_deputy_with_a_written_delegation_may_allow_a_domestic_trip(carrier, item, division_head, deputy_head, pa03):
    delegation = DelegationFactory(delegator=division_head, delegate=deputy_head, unit=pa03,
                                   acts=["carry_out_domestic"], levels=[Level.TOI_MAT, Level.MAT])
    carry_out = svc.decide_carry_out(deputy_head, ask(carrier, item), approve=True, on=ON)
    assert carry_out.status == CarryOutStatus.APPROVED and carry_out.delegation == delegation


def test_the_carrier_cannot_allow_their_own_trip(item, division_head):
    carry_out = ask(division_head, item)
    with pytest.raises(Refused) as refusal:
        svc.decide_carry_out(division_head, carry_out, approve=True, on=ON)
    assert refusal.value.rule == "carryout.self_decision"


def test_refusal_is_written_with_reasons_and_leaves_the_copies_in_place(carrier, item, division_head):
    carry_out = ask(carrier, item)
    with pytest.raises(ValidationError) as error:
        svc.decide_carry_out(division_head, carry_out, approve=False, reason=" ", on=ON)
    assert "reason" in error.value.message_dict
    refused = svc.decide_carry_out(division_head, carry_out, approve=False, reason="Mang bản trích là đủ", on=ON)
    assert refused.status == CarryOutStatus.REFUSED and refused.decision_reason == "Mang bản trích là đủ"
    assert item.copies.get(number=1).status == CopyStatus.HELD


def test_a_decided_request_cannot_be_decided_again(carrier, item, division_head):
    carry_out = svc.decide_carry_out(division_head, ask(carrier, item), approve=False, reason="Không cần", on=ON)
    with pytest.raises(Refused) as refusal:
        svc.decide_carry_out(division_head, carry_out, approve=True, on=ON)
    assert refusal.value.rule == "carryout.state"


def test_approval_after_the_return_date_is_refused(carrier, item, division_head):
    carry_out = ask(carrier, item)
    with pytest.raises(Refused) as refusal:
        svc.decide_carry_out(division_head, carry_out, approve=True, on=ON + dt.timedelta(days=4))
    assert refusal.value.rule == "carryout.dates"


@pytest.fixture
def province():
    return UnitFactory(name="Ủy ban nhân dân tỉnh Sơn Hà", code="UBND", kind=UnitKind.PROVINCIAL_DEPARTMENT)


@pytest.fixture
def finance(province):
    return UnitFactory(name="Sở Tài chính", code="STC", kind=UnitKind.PROVINCIAL_DEPARTMENT, parent=province)


@pytest.fixture
def abroad(finance):
    clerk = person_in(finance, title="Văn thư", role=Role.CLERK, clearance=Level.MAT)
    item = issued_item(clerk, finance, level=Level.MAT, on=ON)
    traveller = person_in(finance, clearance=Level.MAT, full_name="Đặng Văn Đi")
    return ask(traveller, item, scope=CarryOutScope.ABROAD, destination="Viên Chăn, Lào",
               delegation_head="Phó Chủ tịch UBND tỉnh Hoàng Văn Trưởng")


def test_abroad_decided_by_a_provincial_department_head_is_refused_citing_article_14_2(abroad, finance):
    director = person_in(finance, title="Giám đốc Sở", role=Role.LEADER,
                         authority_class="provincial_department_head", clearance=Level.MAT)
    with pytest.raises(Refused) as refusal:
        svc.decide_carry_out(director, abroad, approve=True, on=ON)
    assert refusal.value.rule == "2026:carry_out_abroad"
    assert refusal.value.basis == "Điều 14 khoản 2 Luật BVBMNN 2018"
    abroad.refresh_from_db()
    assert abroad.status == CarryOutStatus.REQUESTED


def test_abroad_allowed_by_the_provincial_chairman(abroad, province, finance):
    chairman = person_in(province, title="Chủ tịch UBND tỉnh", role=Role.LEADER, authority_class="provincial_leader",
                         clearance=Level.MAT, covers=[province])
    carry_out = svc.decide_carry_out(chairman, abroad, approve=True, on=ON)
    assert carry_out.status == CarryOutStatus.APPROVED and "Điều 14 khoản 2" in carry_out.authority_basis
    assert carry_out.delegation_head.startswith("Phó Chủ tịch")


# --- Return, loss ------------------------------------------------------------------------------

@pytest.fixture
def out(carrier, item, division_head):
    return svc.decide_carry_out(division_head, ask(carrier, item), approve=True, on=ON)


def test_return_closes_with_the_report_to_the_person_who_allowed_it(out, carrier, item, division_head, pa03):
    carry_out = svc.return_carry_out(carrier, out, report="Giữ trong cặp khóa, chỉ sử dụng tại hội nghị",
                                     on=ON + dt.timedelta(days=2))
    assert carry_out.status == CarryOutStatus.RETURNED and carry_out.returned_on == ON + dt.timedelta(days=2)
    copy = item.copies.get(number=1)
    assert copy.status == CopyStatus.HELD and copy.custodian_unit == pa03 and copy.storage_place == "Tủ sắt 1"
    assert list(CustodyRecord.objects.filter(copy=copy).values_list("act", flat=True))[-2:] == [
        "carry_out", "carry_out_return"]
    event = events("records.carryout.return").get()
    assert division_head.full_name in event.description and "hội nghị" not in event.payload
    assert json.loads(event.payload)["report_to"] == division_head.pk


def test_return_by_someone_else_is_refused(out, clerk):
    with pytest.raises(Refused) as refusal:
        svc.return_carry_out(clerk, out, report="Đã nộp", on=ON)
    assert refusal.value.rule == "carryout.carrier_only" and "Điều 5 khoản 1" in refusal.value.basis
    out.refresh_from_db()
    assert out.status == CarryOutStatus.APPROVED


def test_return_without_a_report_is_invalid(out, carrier):
    with pytest.raises(ValidationError) as error:
        svc.return_carry_out(carrier, out, report="", on=ON)
    assert "report" in error.value.message_dict


def test_a_request_not_approved_cannot_be_returned(carrier, item):
    with pytest.raises(Refused) as refusal:
        svc.return_carry_out(carrier, ask(carrier, item), report="x", on=ON)
    assert refusal.value.rule == "carryout.state"


def test_loss_during_the_trip_opens_an_incident_reported_at_once(out, carrier, item, division_head):
    copy = item.copies.get(number=1)
    [incident] = svc.report_loss(carrier, out, kind=IncidentKind.LOSS, copies=[copy],
                                 description="Mất cặp tài liệu tại nhà ga", on=ON + dt.timedelta(days=1))
    assert incident.kind == IncidentKind.LOSS and incident.copy == copy and incident.unit == out.unit
    assert incident.reported_on == ON + dt.timedelta(days=1) and division_head.full_name in incident.reported_to
    assert list(out.incidents.all()) == [incident]
    copy.refresh_from_db()
    assert copy.status == CopyStatus.MISSING
    assert events("records.incident.open").count() == 1 and events("records.carryout.report_loss").count() == 1
    # The return then closes the trip without the lost copy.
    svc.return_carry_out(carrier, out, report="Đã báo cáo việc mất", on=ON + dt.timedelta(days=2))
    copy.refresh_from_db()
    assert copy.status == CopyStatus.MISSING
    assert json.loads(events("records.carryout.return").get().payload)["not_returned"] == [copy.pk]


def test_disclosure_without_a_copy_opens_one_incident(out, carrier):
    [incident] = svc.report_loss(carrier, out, kind=IncidentKind.LEAK, description="Bị chụp trộm một trang", on=ON)
    assert incident.kind == IncidentKind.LEAK and incident.copy is None


def test_loss_reported_by_someone_else_is_refused(out, clerk, item):
    with pytest.raises(Refused):
        svc.report_loss(clerk, out, kind=IncidentKind.LOSS, copies=[item.copies.get(number=1)],
                        description="Mất", on=ON)
    assert not Incident.objects.exists()


# --- Overdue -----------------------------------------------------------------------------------

def test_overdue_tick_run_twice_flags_once(out):
    late = out.returns_by + dt.timedelta(days=1)
    assert svc.flag_overdue(out.returns_by) == 0  # due that day, not yet late
    assert svc.flag_overdue(late) == 1
    assert svc.flag_overdue(late) == 0
    assert svc.flag_overdue(late + dt.timedelta(days=1)) == 0
    out.refresh_from_db()
    assert out.overdue_flagged_on == late
    assert events("records.carryout.overdue").count() == 1
    assert events("records.carryout.overdue").get().actor_id is None


def test_overdue_step_is_registered_with_tick(out):
    assert "carryout.overdue" in [s.key for s in tick.steps()]
    outcomes = tick.run(out.returns_by + dt.timedelta(days=1), only=["carryout.overdue"])
    assert [o.changed for o in outcomes] == [1]


def test_a_returned_carry_out_is_never_overdue(out, carrier):
    svc.return_carry_out(carrier, out, report="Đã sử dụng đúng mục đích", on=ON)
    assert svc.flag_overdue(out.returns_by + dt.timedelta(days=10)) == 0


def _queue(person, key, on):
    return next(q for q in svc.queues(person, on) if q.key == key)


def test_overdue_shows_for_carrier_approver_and_the_units_clerk(out, carrier, division_head, clerk, pa03):
    late = out.returns_by + dt.timedelta(days=1)
    for person in (carrier, division_head, clerk):
        assert [r.pk for r in _queue(person, "carryout_overdue", late).rows] == [out.pk]
    staff = person_in(pa03, clearance=Level.TOI_MAT)
    assert _queue(staff, "carryout_overdue", late).count == 0
    assert _queue(carrier, "carryout_to_return", ON).count == 1
    assert _queue(carrier, "carryout_to_return", late).count == 0


def test_requests_wait_in_the_queue_of_who_may_decide(carrier, item, division_head, deputy_head):
    carry_out = ask(carrier, item)
    assert [r.pk for r in _queue(division_head, "carryout_to_decide", ON).rows] == [carry_out.pk]
    assert _queue(deputy_head, "carryout_to_decide", ON).count == 0
    assert _queue(carrier, "carryout_to_decide", ON).count == 0
