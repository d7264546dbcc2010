"""The annual report's figures (Decree 26/2020 Art. 8; rule G4): the window 15/12–14/12, each
figure counted from records made through the acts themselves (time frozen), only what the
maker may see, and only for the unit's leaders and state-secret officer."""

import datetime as dt

import pytest
from django.http import Http404

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import CarryOutScope, ReproductionMethod, RegisterEntry, RegisterKind
from bmnn.records.services import annual_report as report
from bmnn.records.services import carryout, custody, declass, destruction, periods, recall, stocktake
from bmnn.records.services.delivery import deliver
from bmnn.records.services.registers import cancel_entry, close_register
from bmnn.records.services.reproduction import decide_reproduction, execute_reproduction, request_reproduction
from bmnn.records.tests.annual import clerk, clock, division_head, officer  # noqa: F401 (fixtures)
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 5, 4)
AFTER = dt.date(2027, 1, 5)  # when the 2026 report is made, in most tests


def taken(person, unit, year=2026):
    return report.figures(person, unit, year)


def issue(clock, clerk, unit, day, level=Level.MAT, **kw):
    clock.on(day)
    return issued_item(clerk, unit, level=level, on=day, **kw)


# --- The window -----------------------------------------------------------------------------

def test_the_window_runs_from_15_12_of_the_previous_year_to_14_12_both_included():
    assert report.window(2026) == (dt.date(2025, 12, 15), dt.date(2026, 12, 14))
    assert report.report_year_of(dt.date(2026, 12, 14)) == 2026
    assert report.report_year_of(dt.date(2026, 12, 15)) == 2027
    assert report.report_year_of(dt.date(2026, 1, 1)) == 2026


def test_an_act_on_14_12_counts_in_that_year_and_one_on_15_12_in_the_next(clock, clerk, pa03, director):
    issue(clock, clerk, pa03, dt.date(2025, 12, 14))
    issue(clock, clerk, pa03, dt.date(2025, 12, 15))
    issue(clock, clerk, pa03, dt.date(2026, 12, 14), level=Level.TOI_MAT)
    issue(clock, clerk, pa03, dt.date(2026, 12, 15), level=Level.TUYET_MAT)
    clock.on(AFTER)
    in_2026 = taken(director, pa03).get("issued.entries")
    assert in_2026.counts == {Level.TUYET_MAT: 0, Level.TOI_MAT: 1, Level.MAT: 1} and in_2026.total == 2
    assert taken(director, pa03, 2027).get("issued.entries").counts[Level.TUYET_MAT] == 1
    assert taken(director, pa03, 2025).get("issued.entries").total == 1


# --- Each figure ----------------------------------------------------------------------------

def test_issued_and_received_by_level_in_items_and_copies_without_cancelled_lines(clock, clerk, pa03, police,
                                                                                   director):
    issue(clock, clerk, pa03, ON, level=Level.TOI_MAT, copies=3)
    issue(clock, clerk, pa03, ON, level=Level.MAT, copies=2)
    mistaken = issue(clock, clerk, pa03, ON, level=Level.MAT, copies=5)
    cancel_entry(clerk, RegisterEntry.objects.get(item=mistaken), "Ghi nhầm", ON)
    issue(clock, clerk, pa03, ON, level=Level.MAT, copies=4, kind=RegisterKind.INCOMING)
    clock.on(AFTER)
    figures = taken(director, police)  # the police and the units below it
    assert figures.get("issued.entries").counts == {Level.TUYET_MAT: 0, Level.TOI_MAT: 1, Level.MAT: 1}
    assert figures.get("issued.copies").counts == {Level.TUYET_MAT: 0, Level.TOI_MAT: 3, Level.MAT: 2}
    assert figures.get("received.entries").total == 1 and figures.get("received.copies").at(Level.MAT) == 4
    assert "Phòng An ninh chính trị nội bộ" in figures.unit_names


def test_reproductions_deliveries_and_carry_outs(clock, clerk, division_head, pa03, police, director):
    item = issue(clock, clerk, pa03, ON, level=Level.MAT, copies=3, reproduction_allowed=True)
    staff = person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")
    asked = request_reproduction(staff, item, method=ReproductionMethod.TRUE_COPY, copies_requested=2,
                                 purpose="Phục vụ họp", on=ON)
    decide_reproduction(division_head, asked, approve=True, on=ON)
    execute_reproduction(clerk, asked, copies_made=2, place="Phòng văn thư", device="Máy sao chụp", on=ON)
    other = UnitFactory(name="Phòng Tham mưu", code="PV01", parent=police)
    deliver(clerk, item, copies=[item.copies.get(origin="original", number=1)], to_unit=other, on=ON)
    carried = issue(clock, clerk, pa03, ON, level=Level.TOI_MAT)
    custody.move_copy(carried.copies.get(number=1), to_person=staff, act="test")
    back = carryout.request_carry_out(
        staff, carried, copies=[carried.copies.get(number=1)], scope=CarryOutScope.DOMESTIC, purpose="Hội nghị",
        destination="Hà Nội", leaves_on=ON, returns_by=ON + dt.timedelta(days=3),
        protection_measures="Cặp có khóa", on=ON)
    carryout.decide_carry_out(division_head, back, approve=True, on=ON)
    carryout.return_carry_out(staff, back, report="Đã sử dụng đúng mục đích", on=clock.on(ON + dt.timedelta(days=2)))
    still_out = carryout.request_carry_out(
        staff, carried, copies=[carried.copies.get(number=2)], scope=CarryOutScope.DOMESTIC, purpose="Hội nghị",
        destination="Huế", leaves_on=dt.date(2026, 12, 10), returns_by=dt.date(2026, 12, 20),
        protection_measures="Cặp có khóa", on=clock.on(dt.date(2026, 12, 9)))
    carryout.decide_carry_out(division_head, still_out, approve=True, on=dt.date(2026, 12, 9))
    clock.on(AFTER)
    figures = taken(director, police)
    assert figures.get("reproductions.done").at(Level.MAT) == 1 and figures.get("reproductions.copies").total == 2
    assert figures.get("deliveries.sent").total == 1 and figures.get("deliveries.external").total == 0
    assert figures.get("carryouts.allowed").at(Level.TOI_MAT) == 2
    assert figures.get("carryouts.returned").total == 1 and figures.get("carryouts.out").total == 1


def test_extensions_adjustments_and_automatic_declassification(clock, clerk, division_head, pa03, police,
                                                             director):
    expiry = ON + dt.timedelta(days=60)
    extended = issue(clock, clerk, pa03, ON, protection_until=expiry, classified_on=dt.date(2016, 7, 3))
    periods.extend(division_head, extended, years=5, reason="Còn giá trị", decision_reference="15/QĐ-PA03", on=ON)
    from bmnn.records.models import SecretList, SecretListEntry

    secret_list = SecretList.objects.create(code="DM-CA", title="Danh mục thử", decision_reference="1/QĐ-TTg",
                                            issued_on=dt.date(2020, 1, 1), valid_from=dt.date(2020, 1, 1))
    entry = SecretListEntry.objects.create(secret_list=secret_list, number="3", content="Kế hoạch",
                                           level=Level.TOI_MAT, valid_from=dt.date(2020, 1, 1))
    raised = issue(clock, clerk, pa03, ON)
    periods.adjust(division_head, raised, to_level=Level.TOI_MAT, list_entry=entry, reason="Theo danh mục",
                   decision_reference="16/QĐ-PA03", on=ON)
    ending = issue(clock, clerk, pa03, ON, protection_until=dt.date(2026, 6, 30), classified_on=dt.date(2016, 6, 30))
    clock.on(dt.date(2026, 7, 1))
    assert declass.declassify_expired(dt.date(2026, 7, 1)) == 1
    clock.on(AFTER)
    figures = taken(director, police)
    assert figures.get("extensions").at(Level.MAT) == 1
    assert figures.get("adjustments.raised").at(Level.MAT) == 1 and figures.get("adjustments.lowered").total == 0
    assert figures.get("declass.automatic").at(Level.MAT) == 1 and figures.get("declass.decision").total == 0
    assert ending.declassifications.exists()


def test_emergency_destruction_and_recalls(clock, clerk, division_head, pa03, police, director):
    item = issue(clock, clerk, pa03, ON, level=Level.TOI_MAT, copies=3)
    holder = person_in(pa03, clearance=Level.TOI_MAT, full_name="Vũ Văn Giữ")
    copy = item.copies.get(number=1)
    custody.move_copy(copy, to_person=holder, act="test")
    destruction.emergency_destroy(holder, copy, reason="Nguy cơ bị chiếm đoạt", method="burn", destroyed_on=ON,
                                  place="Trên đường công tác", on=ON)
    recalled = issue(clock, clerk, pa03, ON, level=Level.MAT)
    custody.move_copy(recalled.copies.get(number=1), to_person=holder, act="test")
    recall.decide_recall(division_head, recalled, reference="12/QĐ-PA03", return_by=ON + dt.timedelta(days=10),
                         reason="Đã thay thế", on=ON)
    clock.on(AFTER)
    figures = taken(director, police)
    assert figures.get("destruction.emergency").at(Level.TOI_MAT) == 1
    assert figures.get("destruction.emergency_unreported").total == 1
    assert figures.get("recalls.decided").at(Level.MAT) == 1 and figures.get("recalls.open").total == 1
    assert figures.get("recalls.completed").total == 0


def test_stocktake_findings_become_loss_incidents_in_the_report(clock, clerk, pa03, police, director):
    item = issue(clock, clerk, pa03, ON, level=Level.MAT, copies=2)
    unit_officer = person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    take = stocktake.start_stocktake(unit_officer, pa03, clock.on(dt.date(2026, 11, 30)))
    lines = list(take.lines.order_by("copy__number"))
    stocktake.mark_line(unit_officer, lines[0], presented=True)
    stocktake.mark_line(unit_officer, lines[1], presented=False, note="Không tìm thấy")
    stocktake.sign_stocktake(unit_officer, take, dt.date(2026, 11, 30))
    incident = item.copies.get(number=2)
    stocktake.report_incident(unit_officer, take.incidents.get(), reported_on=dt.date(2026, 12, 1),
                              reported_to="Công an tỉnh")
    clock.on(AFTER)
    figures = taken(director, police)
    assert figures.get("stocktakes.held").total == 1 and figures.get("stocktakes.checked").at(Level.MAT) == 2
    assert figures.get("stocktakes.missing").at(Level.MAT) == 1
    assert figures.get("incidents.loss").at(Level.MAT) == 1 and figures.get("incidents.stocktake").total == 1
    assert figures.get("incidents.reported").total == 1 and figures.get("incidents.unreported").total == 0
    assert figures.get("incidents.leak").total == 0 and incident.status == "missing"


def test_register_volumes_in_use_and_closed_in_the_window(clock, clerk, pa03, director):
    issue(clock, clerk, pa03, dt.date(2025, 12, 20))
    last_year = RegisterEntry.objects.get().register
    close_register(clerk, last_year, clock.on(dt.date(2025, 12, 31)))
    issue(clock, clerk, pa03, ON)
    clock.on(AFTER)
    figures = taken(director, pa03)
    assert figures.get("registers.outgoing").total == 2 and figures.get("registers.outgoing.closed").total == 1
    assert figures.get("registers.incoming").total == 0


# --- Who sees what --------------------------------------------------------------------------

def test_a_level_beyond_the_makers_clearance_is_not_counted_and_is_named(clock, clerk, pa03, police, officer,
                                                                        director):
    issue(clock, clerk, pa03, ON, level=Level.TUYET_MAT, copies=2)
    issue(clock, clerk, pa03, ON, level=Level.TOI_MAT)
    issue(clock, clerk, pa03, ON, level=Level.MAT)
    clock.on(AFTER)
    limited = taken(officer, police)
    assert limited.levels == [Level.MAT] and limited.hidden_levels == [Level.TUYET_MAT, Level.TOI_MAT]
    assert limited.get("issued.entries").counts == {Level.MAT: 1} and limited.get("issued.copies").total == 3
    assert taken(director, police).get("issued.entries").total == 3


def test_acts_recorded_after_the_moment_the_figures_are_taken_are_not_counted(clock, clerk, pa03, director):
    issue(clock, clerk, pa03, ON)
    moment = clock.now
    clock.on(ON, hour=11)
    issued_item(clerk, pa03, level=Level.MAT, on=ON)  # same date, recorded two hours later
    assert report.figures(director, pa03, 2026, as_of=moment).get("issued.entries").total == 1
    assert report.figures(director, pa03, 2026).get("issued.entries").total == 2


@pytest.mark.parametrize("role", [Role.LEADER, Role.DEPUTY, Role.SECURITY_OFFICER])
def test_the_units_leaders_and_state_secret_officer_may_make_it(pa03, role):
    person = person_in(pa03, role=role, clearance=Level.MAT)
    report.require_maker(person, pa03)
    assert pa03 in report.maker_units(person)


@pytest.mark.parametrize("role", [Role.CLERK, Role.STAFF])
def test_anyone_else_gets_404(pa03, role, police):
    person = person_in(pa03, role=role, clearance=Level.TUYET_MAT)
    with pytest.raises(Http404):
        report.require_maker(person, pa03)
    with pytest.raises(Http404):
        report.require_maker(person_in(UnitFactory(), role=Role.LEADER, clearance=Level.TUYET_MAT), pa03)
    assert report.maker_units(person) == []


def test_the_head_of_a_unit_above_makes_the_report_of_a_unit_below(director, pa03, police):
    report.require_maker(director, pa03)
    assert [u.code for u in report.maker_units(director)] == sorted([police.code, pa03.code], key=lambda c: c != "CAT")
