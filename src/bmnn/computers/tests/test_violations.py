"""Violations: marked files on a machine that is or was connected; closing one."""

import pytest
from django.core.exceptions import ValidationError

from bmnn.computers import services
from bmnn.computers.models import Violation, ViolationKind, ViolationStatus
from bmnn.computers.rules import BASIS
from bmnn.computers.samples import finding, make_report
from bmnn.core.errors import Refused
from bmnn.core.models import LedgerEvent

pytestmark = pytest.mark.django_db


def imported(officer, unit, **report):
    return services.import_report(officer, make_report(**report), unit=unit)


def test_marked_files_on_a_connected_machine_open_a_violation(officer, treasury):
    result = imported(officer, treasury, verdict="connected",
                      findings=[finding(level="MAT"), finding(level="TOI_MAT"), finding(level="MAT")])
    violation = result.violation
    assert violation.kind == ViolationKind.MARKED_ON_CONNECTED
    assert (violation.level, violation.file_count, violation.status) == ("TOI_MAT", 3, ViolationStatus.OPEN)
    assert violation.report == violation.last_report == result.report
    event = LedgerEvent.objects.get(action="computers.violation.open")
    assert event.object_id == str(violation.pk) and event.unit_id == treasury.pk


def test_marked_files_on_a_machine_that_was_connected_open_a_violation(officer, treasury):
    violation = imported(officer, treasury, verdict="was_connected", findings=[finding()]).violation
    assert violation.kind == ViolationKind.MARKED_ON_WAS_CONNECTED
    assert "29/2018" in BASIS[violation.kind] and "đã hoặc đang kết nối" in BASIS[violation.kind]


@pytest.mark.parametrize("verdict", ["isolated", "independent_lan", "unknown"])
def test_marked_files_on_a_machine_not_connected_open_no_violation(officer, treasury, verdict):
    assert imported(officer, treasury, verdict=verdict, findings=[finding(level="TUYET_MAT")]).violation is None
    assert not Violation.objects.exists()


def test_review_only_files_open_no_violation(officer, treasury):
    result = imported(officer, treasury, verdict="connected",
                      findings=[finding(tier="review", score=0.6), finding(level=None, score=0.9)])
    assert result.violation is None and result.report.marked_count == 0


def test_a_machine_the_unit_declares_on_the_internet_counts_as_connected(officer, treasury):
    result = services.import_report(officer, make_report(verdict="isolated", findings=[finding()]), unit=treasury,
                                    network_mode="internet")
    assert result.violation.kind == ViolationKind.MARKED_ON_CONNECTED


def test_a_new_report_still_showing_the_violation_refreshes_the_open_one(officer, treasury):
    first = imported(officer, treasury, verdict="connected", findings=[finding()]).violation
    second = imported(officer, treasury, verdict="connected", finished_at="2026-11-22T09:00:00+07:00",
                      findings=[finding(), finding(level="TUYET_MAT")])
    assert second.violation.pk == first.pk and Violation.objects.count() == 1
    first.refresh_from_db()
    assert (first.last_report, first.level, first.file_count) == (second.report, "TUYET_MAT", 2)
    assert LedgerEvent.objects.filter(action="computers.violation.seen").count() == 1


def test_resolving_closes_the_violation_with_its_note_and_an_event(officer, treasury):
    violation = imported(officer, treasury, verdict="connected", findings=[finding()]).violation
    services.resolve_violation(officer, violation, "Đã xóa tệp, ngắt kết nối Internet của máy.")
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.RESOLVED and violation.resolved_by == officer
    assert violation.resolution_note.startswith("Đã xóa tệp") and violation.resolved_at
    event = LedgerEvent.objects.get(action="computers.violation.resolve")
    assert "Đã xóa tệp" not in event.payload


def test_a_resolved_violation_cannot_be_resolved_again(officer, treasury):
    violation = imported(officer, treasury, verdict="connected", findings=[finding()]).violation
    services.resolve_violation(officer, violation, "Đã xử lý.")
    with pytest.raises(Refused) as refused:
        services.resolve_violation(officer, violation, "Lần nữa.")
    assert refused.value.rule == "computers.violation_closed"


def test_resolving_needs_a_note(officer, treasury):
    violation = imported(officer, treasury, verdict="connected", findings=[finding()]).violation
    with pytest.raises(ValidationError):
        services.resolve_violation(officer, violation, "  ")
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN


def test_staff_may_not_resolve(officer, staff, treasury):
    violation = imported(officer, treasury, verdict="connected", findings=[finding()]).violation
    with pytest.raises(Refused):
        services.resolve_violation(staff, violation, "Đã xử lý.")


def test_after_resolving_a_new_report_opens_a_new_violation(officer, treasury):
    first = imported(officer, treasury, verdict="connected", findings=[finding()]).violation
    services.resolve_violation(officer, first, "Đã xóa.")
    second = imported(officer, treasury, verdict="connected", finished_at="2026-11-23T09:00:00+07:00",
                      findings=[finding()]).violation
    assert second.pk != first.pk and second.status == ViolationStatus.OPEN


def test_declaring_the_network_mode_is_recorded(officer, treasury):
    computer = imported(officer, treasury).computer
    services.declare_network_mode(officer, computer, "independent_lan")
    computer.refresh_from_db()
    assert computer.network_mode == "independent_lan"
    assert LedgerEvent.objects.filter(action="computers.computer.network_mode").exists()


def test_staff_may_not_declare_the_network_mode(officer, staff, treasury):
    computer = imported(officer, treasury).computer
    with pytest.raises(Refused):
        services.declare_network_mode(staff, computer, "isolated")
