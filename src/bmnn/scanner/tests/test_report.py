"""The report's canonical form and hash, its order, and its all-or-nothing writing."""

import hashlib
import json
import os

import pytest

from bmnn.scanner import report


def _sample():
    return {"schema": "bmnn.scan/1", "b": [1, 2], "a": {"đường dẫn": "D:\\Tài liệu\\mật.docx", "x": 0.5}}


def test_the_canonical_form_sorts_keys_keeps_unicode_and_has_no_whitespace():
    assert report.canonical(_sample()) == (
        '{"a":{"x":0.5,"đường dẫn":"D:\\\\Tài liệu\\\\mật.docx"},"b":[1,2],"schema":"bmnn.scan/1"}').encode()


def test_the_hash_leaves_itself_out():
    sealed = report.seal(_sample())
    assert sealed["report_sha256"] == hashlib.sha256(report.canonical(_sample())).hexdigest()
    assert report.canonical(sealed) == report.canonical(_sample())


def test_a_changed_report_no_longer_verifies():
    sealed = report.seal(_sample())
    assert report.verify(sealed)
    sealed["a"]["x"] = 0.6
    assert not report.verify(sealed)


def test_the_written_file_is_indented_and_still_verifies(tmp_path):
    path = tmp_path / "out" / "r.json"
    report.write(report.seal(_sample()), str(path))
    text = path.read_text("utf-8")
    assert "\n  " in text and "Tài liệu" in text
    assert report.verify(json.loads(text))
    assert [p.name for p in path.parent.iterdir()] == ["r.json"]


def test_a_failed_write_leaves_the_previous_report_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    path.write_text("previous")

    def broken_dump(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(report.json, "dump", broken_dump)
    with pytest.raises(OSError):
        report.write(report.seal(_sample()), str(path))
    assert path.read_text() == "previous" and os.listdir(tmp_path) == ["r.json"]


def test_findings_go_highest_level_first_then_by_path_with_other_marks_last():
    findings = [{"path": p, "level": lv} for p, lv in
                [("b", "MAT"), ("a", None), ("c", "TUYET_MAT"), ("a", "MAT"), ("d", "TOI_MAT")]]
    assert [(f["path"], f["level"]) for f in sorted(findings, key=report.finding_order)] == [
        ("c", "TUYET_MAT"), ("d", "TOI_MAT"), ("a", "MAT"), ("b", "MAT"), ("a", None)]


def test_times_are_iso_8601_utc():
    assert report.iso_ns(0) == "1970-01-01T00:00:00Z"
    assert report.iso().endswith("Z")


def test_the_schema_ships_with_the_package():
    assert report.schema()["$id"] == "bmnn.scan/1"
