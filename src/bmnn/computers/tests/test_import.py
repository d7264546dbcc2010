"""Importing a scan report: what is stored, what is recognised, what is refused."""

import json

import pytest
from django.core.exceptions import ValidationError

from bmnn.computers import services
from bmnn.computers.models import Computer, MarkedFile, ScanReport, Violation
from bmnn.computers.reportfile import InvalidReport, machine_identity
from bmnn.computers.samples import finding, machine, make_report, rehash
from bmnn.core.errors import Refused
from bmnn.core.ledger_verify import verify_database
from bmnn.core.models import LedgerEvent

pytestmark = pytest.mark.django_db


def nothing_written():
    return (Computer.objects.count(), ScanReport.objects.count(), MarkedFile.objects.count(),
            Violation.objects.count(), LedgerEvent.objects.filter(action__startswith="computers.").count()) == \
        (0, 0, 0, 0, 0)


def test_import_registers_the_computer_with_its_latest_facts_verdict_and_files(officer, treasury):
    report = make_report(verdict="independent_lan", findings=[finding(level="TOI_MAT"), finding(tier="review",
                                                                                              level="MAT", score=0.6)])
    result = services.import_report(officer, json.dumps(report).encode(), unit=treasury, source_name="ketoan.json")
    assert result.created and result.violation is None
    computer = result.computer
    assert (computer.unit, computer.hostname, computer.machine_id) == (treasury, "KETOAN-01", report["machine"]
                                                                       ["machine_id"])
    assert computer.os == "Windows-10-10.0.19045-SP0"
    assert (computer.latest_verdict, computer.marked_count, computer.highest_level) == ("independent_lan", 1, "TOI_MAT")
    assert computer.latest_report == result.report and computer.last_scanned_at == result.report.finished_at
    scan = result.report
    assert (scan.report_sha256, scan.source_name, scan.imported_by) == (report["report_sha256"], "ketoan.json", officer)
    assert (scan.marked_count, scan.review_count, scan.verdict_evidence) == (1, 1, report["verdict"]["evidence"])
    assert scan.raw == report


def test_paths_and_stamp_lines_are_stored_only_encrypted(officer, treasury):
    result = services.import_report(officer, make_report(findings=[finding(path="D:\\Kế hoạch tác chiến.docx")]),
                                    unit=treasury)
    marked = MarkedFile.objects.select_related("report").get(report=result.report)
    assert marked.path == "D:\\Kế hoạch tác chiến.docx" and marked.evidence[0]["line"] == "MẬT"
    assert "tác chiến".encode() not in bytes(marked.secret)
    assert "tác chiến".encode() not in bytes(result.report.raw_encrypted)


def test_import_is_a_ledger_event_without_paths_or_stamp_lines(officer, treasury):
    services.import_report(officer, make_report(verdict="connected", findings=[finding(path="D:\\Bí danh X.docx")]),
                           unit=treasury)
    event = LedgerEvent.objects.get(action="computers.scan.import")
    assert event.actor_id == officer.pk and event.unit_id == treasury.pk
    payload = json.loads(event.payload)
    assert payload["hostname"] == "KETOAN-01" and payload["marked"] == 1 and payload["verdict"] == "connected"
    everything = " ".join(e.payload + e.description for e in LedgerEvent.objects.all())
    assert "Bí danh X" not in everything and "MẬT" not in everything
    assert LedgerEvent.objects.filter(action="computers.violation.open").count() == 1
    assert verify_database().ok


def test_reimport_of_the_same_report_is_recognised_and_writes_nothing(officer, treasury):
    report = make_report(verdict="connected", findings=[finding()])
    first = services.import_report(officer, report, unit=treasury)
    events = LedgerEvent.objects.count()
    again = services.import_report(officer, json.dumps(report, indent=2).encode(), unit=treasury)
    assert not again.created and again.report == first.report
    assert (ScanReport.objects.count(), Violation.objects.count(), LedgerEvent.objects.count()) == (1, 1, events)


def test_a_later_report_of_the_same_machine_updates_the_register(officer, treasury):
    services.import_report(officer, make_report(findings=[finding()]), unit=treasury)
    later = services.import_report(officer, make_report(finished_at="2026-11-22T09:00:00+07:00"), unit=treasury)
    computer = Computer.objects.get()
    assert computer.latest_report == later.report and computer.marked_count == 0 and computer.highest_level == ""
    assert computer.reports.count() == 2


def test_an_older_report_imported_late_does_not_replace_the_latest(officer, treasury):
    latest = services.import_report(officer, make_report(finished_at="2026-11-22T09:00:00+07:00"), unit=treasury)
    services.import_report(officer, make_report(finished_at="2026-10-01T09:00:00+07:00", findings=[finding()]),
                           unit=treasury)
    computer = Computer.objects.get()
    assert computer.latest_report == latest.report and computer.marked_count == 0


def test_a_file_above_the_importers_clearance_does_not_hide_the_computer_from_him(officer, treasury):
    services.import_report(officer, make_report(findings=[finding(level="TUYET_MAT")]), unit=treasury)
    assert Computer.objects.visible_to(officer).count() == 1  # cleared to Tối mật only


def test_machine_without_an_os_id_is_known_by_host_name_and_first_hardware_address():
    facts = machine(machine_id=None)
    assert machine_identity(facts) == "KETOAN-01|3c:52:82:11:22:33"


def test_a_report_whose_hash_does_not_match_is_refused_as_altered(officer, treasury):
    report = make_report(verdict="connected", findings=[finding()])
    report["verdict"]["value"] = "isolated"  # edited after the scan, hash left as it was
    with pytest.raises(Refused) as refused:
        services.import_report(officer, report, unit=treasury)
    assert refused.value.rule == "computers.report_tampered" and "bị sửa" in refused.value.message
    assert nothing_written()


def test_a_file_that_is_not_json_is_refused_in_vietnamese(officer, treasury):
    with pytest.raises(InvalidReport) as error:
        services.import_report(officer, b"\x89PNG not a report", unit=treasury)
    assert "không đọc được nội dung JSON" in error.value.messages[0]
    assert nothing_written()


def test_a_report_that_breaks_the_schema_is_refused_naming_where(officer, treasury):
    report = make_report(findings=[finding()])
    report["findings"][0]["level"] = "SECRET"
    with pytest.raises(InvalidReport) as error:
        services.import_report(officer, rehash(report), unit=treasury)
    assert "findings/0/level" in error.value.messages[0] and "lược đồ" in error.value.messages[0]
    assert nothing_written()


def test_a_report_missing_a_member_is_refused_naming_it(officer, treasury):
    report = make_report()
    del report["machine"]["hostname"]
    with pytest.raises(InvalidReport) as error:
        services.import_report(officer, rehash(report), unit=treasury)
    assert "thiếu trường hostname" in error.value.messages[0]


def test_another_schema_is_refused(officer, treasury):
    with pytest.raises(InvalidReport) as error:
        services.import_report(officer, {"schema": "other/1"}, unit=treasury)
    assert "bmnn.scan/1" in error.value.messages[0]


def test_staff_without_an_officer_or_leader_post_may_not_import(staff, treasury):
    with pytest.raises(Refused) as refused:
        services.import_report(staff, make_report(), unit=treasury)
    assert refused.value.rule == "computers.oversight_only" and refused.value.basis
    assert nothing_written()


def test_the_officer_of_another_body_may_not_import_for_this_one(stranger, treasury):
    with pytest.raises(Refused):
        services.import_report(stranger, make_report(), unit=treasury)


def test_the_officer_of_a_body_imports_for_its_division(officer, division):
    assert services.import_report(officer, make_report(), unit=division).created


def test_a_police_inspector_covering_the_unit_may_import(inspector, treasury):
    assert services.import_report(inspector, make_report(), unit=treasury).created


def test_a_police_inspector_not_covering_the_unit_may_not_import(inspector, stranger):
    other = stranger.tenures.get().position.unit
    with pytest.raises(Refused):
        services.import_report(inspector, make_report(), unit=other)


def test_a_recognised_report_is_not_revealed_to_who_may_not_import(officer, stranger, treasury):
    report = make_report()
    services.import_report(officer, report, unit=treasury)
    with pytest.raises(Refused):
        services.import_report(stranger, report, unit=treasury)


def test_an_unknown_network_mode_is_refused(officer, treasury):
    with pytest.raises(ValidationError):
        services.import_report(officer, make_report(), unit=treasury, network_mode="wifi")
    assert nothing_written()


def test_the_same_report_committed_by_a_concurrent_import_is_recognised(officer, treasury, monkeypatch):
    report = make_report(verdict="connected", findings=[finding()])
    first = services.import_report(officer, report, unit=treasury)
    real, calls = services._imported, []

    def lookup(digest):  # the first look-up misses it, as if the other import had not committed yet
        calls.append(digest)
        return real(digest) if len(calls) > 1 else None

    monkeypatch.setattr(services, "_imported", lookup)
    again = services.import_report(officer, report, unit=treasury)
    assert len(calls) == 2 and not again.created and again.report == first.report
    assert ScanReport.objects.count() == 1 and Violation.objects.count() == 1
