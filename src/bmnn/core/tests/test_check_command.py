"""`bmnn check` runs here, prints a Vietnamese report or JSON with English keys, and exits with the verdict."""

import io
import json

import pytest
from django.core.management import call_command

from bmnn.core import netcheck


def run_check(*args):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


def test_check_prints_a_vietnamese_verdict_and_exits_with_its_code():
    code, out = run_check()
    assert "KẾT LUẬN" in out and "Card mạng" in out
    assert code in (0, 1, 2)
    assert any(f"[{v}]" in out for v in netcheck.EXIT_CODES)


def test_check_json_has_english_keys_and_says_no_traffic_was_sent():
    code, out = run_check("--json")
    report = json.loads(out)
    assert report["traffic_sent"] is False
    assert report["exit_code"] == code == netcheck.EXIT_CODES[report["verdict"]]
    assert {"interfaces", "default_routes", "dns_servers", "connections_to_global_addresses"} <= set(report["evidence"])


def test_check_exit_code_follows_the_verdict(monkeypatch):
    monkeypatch.setattr(netcheck, "collect_facts", lambda: netcheck.Facts(
        interfaces=[netcheck.Interface("eth0", True, ["10.1.2.3"])],
        connections=[netcheck.Connection("1.1.1.1", 443, "ESTABLISHED")]))
    code, out = run_check()
    assert code == 2 and "Internet" in out


def test_check_django_runs_the_system_checks():
    out = io.StringIO()
    call_command("check", "--django", stdout=out)
    assert "System check" in out.getvalue()
