"""One file's examination: what is reported and what is quietly skipped."""

import os

from bmnn.scanner.examine import examine_file
from bmnn.scanner.model import Budget


def _examine(path):
    return examine_file(str(path), str(path), path.stat().st_size, Budget(), lambda extraction, name: None)


def test_content_of_no_known_type_under_a_document_name_is_reported_unreadable(tmp_path):
    disguised = tmp_path / "bao-cao.pdf"
    disguised.write_bytes(os.urandom(4096))
    result = _examine(disguised)
    assert [p["kind"] for p in result["problems"]] == ["unreadable"] and result["skipped"] == 0


def test_content_of_no_known_type_under_a_program_name_is_skipped(tmp_path):
    data = tmp_path / "cache.bin"
    data.write_bytes(os.urandom(4096))
    result = _examine(data)
    assert result["problems"] == [] and result["skipped"] == 1


def test_an_earlier_scan_report_is_skipped_not_taken_for_a_stamped_text(tmp_path):
    from bmnn.scanner import report

    earlier = tmp_path / "bmnn-scan-may-01.json"
    report.write({"schema": "bmnn.scan/1", "findings": [{"evidence": [{"line": "TỐI MẬT"}]}] * 200}, str(earlier))
    result = _examine(earlier)
    assert result["problems"] == [] and result["findings"] == [] and result["skipped"] == 1
