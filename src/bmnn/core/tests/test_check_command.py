"""`bmnn check`: the scanner's facts and verdict, printed in Vietnamese or as JSON, exit code by verdict."""

import io
import json

import pytest
from django.core.management import call_command

from bmnn.scanner import facts
from bmnn.scanner.facts.base import empty_machine

EVIDENCE = ["Căn cứ thứ nhất", "Căn cứ thứ hai"]


def run_check(*args):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


@pytest.fixture
def fake_facts(monkeypatch):
    """collect() returns a fixed machine and records how it was called; verdict() answers `state["value"]`."""
    machine = empty_machine()
    machine["hostname"] = "may-kiem-tra"
    state = {"value": "isolated", "calls": []}

    def collect(*args, **kwargs):
        state["calls"].append((args, kwargs))
        return machine

    def verdict(m):
        assert m is machine
        return {"value": state["value"], "evidence": list(EVIDENCE)}

    monkeypatch.setattr(facts, "collect", collect)
    monkeypatch.setattr(facts, "verdict", verdict)
    state["machine"] = machine
    return state


@pytest.mark.parametrize(("value", "code", "label"), [
    ("isolated", 0, "Không kết nối mạng"),
    ("independent_lan", 1, "Chỉ mạng nội bộ (có thể là LAN độc lập)"),
    ("connected", 2, "Đang kết nối Internet, mạng ngoài"),
    ("was_connected", 3, "Đã từng kết nối Internet, mạng ngoài"),
    ("unknown", 4, "Chưa xác định"),
])
def test_check_prints_the_verdict_with_its_evidence_and_exits_with_its_code(fake_facts, value, code, label):
    fake_facts["value"] = value
    exit_code, out = run_check()
    assert exit_code == code
    assert f"KẾT LUẬN: {label} [{value}]" in out
    assert "  - Căn cứ thứ nhất\n  - Căn cứ thứ hai" in out
    assert f"exit code: {code}" in out


def test_check_json_gives_verdict_evidence_and_the_scanners_machine_facts(fake_facts):
    fake_facts["value"] = "connected"
    exit_code, out = run_check("--json")
    report = json.loads(out)
    assert exit_code == 2
    assert set(report) == {"verdict", "evidence", "machine"}
    assert report["verdict"] == "connected" and report["evidence"] == EVIDENCE
    assert report["machine"] == fake_facts["machine"]


def test_check_sends_no_traffic_it_collects_without_a_probe(fake_facts):
    run_check()
    assert fake_facts["calls"] == [((), {})]


def test_check_lists_what_could_not_be_read(fake_facts):
    fake_facts["machine"]["errors"].append("Không đọc được bảng định tuyến: không đủ quyền")
    _, out = run_check()
    assert "Không đọc được:\n  - Không đọc được bảng định tuyến: không đủ quyền" in out


def test_check_on_this_machine_exits_with_one_of_the_five_codes():
    code, out = run_check()
    assert code in (0, 1, 2, 3, 4) and "KẾT LUẬN" in out


def test_check_django_runs_the_system_checks():
    out = io.StringIO()
    call_command("check", "--django", stdout=out)
    assert "System check" in out.getvalue()
