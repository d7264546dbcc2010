"""`bmnn scan-import REPORT.json --unit CODE --as USERNAME`."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bmnn.cli import main
from bmnn.computers.models import ScanReport
from bmnn.computers.samples import finding, make_report

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("scan_import", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def report_file(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(make_report(verdict="connected", findings=[finding()]), ensure_ascii=False),
                    encoding="utf-8")
    return path


def test_command_imports_and_reports_the_violation(report_file, officer, treasury):
    out = run(str(report_file), "--unit", treasury.code, "--as", officer.username)
    assert "Đã nhập kết quả quét máy KETOAN-01" in out and "VI PHẠM" in out
    assert ScanReport.objects.get().source_name == "report.json"


def test_command_recognises_a_report_already_imported(report_file, officer, treasury):
    run(str(report_file), "--unit", treasury.code, "--as", officer.username)
    assert "không nhập lại" in run(str(report_file), "--unit", str(treasury.pk), "--as", officer.username)


def test_command_refusal_is_an_error_naming_the_basis(report_file, staff, treasury):
    with pytest.raises(CommandError) as error:
        run(str(report_file), "--unit", treasury.code, "--as", staff.username)
    assert "Điều 25" in str(error.value)


def test_command_with_a_missing_file_or_unknown_unit_says_so(tmp_path, officer, treasury):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run(str(tmp_path / "none.json"), "--unit", treasury.code, "--as", officer.username)
    with pytest.raises(CommandError, match="Không có đơn vị"):
        run(str(tmp_path / "none.json"), "--unit", "KHONG-CO", "--as", officer.username)


def test_command_names_a_division_by_its_parent_when_codes_repeat(report_file, officer, division):
    out = run(str(report_file), "--unit", f"{division.parent.code}/{division.code}", "--as", officer.username)
    assert division.name in out


def test_bmnn_scan_import_with_a_hyphen_runs_the_command(report_file, officer, treasury, capsys):
    main(["scan-import", str(report_file), "--unit", treasury.code, "--as", officer.username])
    assert "Đã nhập kết quả quét" in capsys.readouterr().out
