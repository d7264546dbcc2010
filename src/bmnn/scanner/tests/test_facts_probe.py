"""The opt-in probe: one TCP connection attempt, against local sockets only."""

import socket

import pytest

from bmnn.scanner.facts.probe import parse_target, tcp_probe


@pytest.fixture
def listener():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def closed_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    return port


def test_probe_reaches_a_listening_port(listener):
    record = tcp_probe(f"127.0.0.1:{listener}")
    assert record["reachable"] is True and record["method"] == "tcp"
    assert record["host"] == f"127.0.0.1:{listener}"
    assert record["detail"].startswith(f"Kết nối TCP tới 127.0.0.1:{listener} thành công")


def test_probe_of_a_closed_port_is_unreachable(closed_port):
    record = tcp_probe(f"127.0.0.1:{closed_port}")
    assert record["reachable"] is False
    assert record["detail"].startswith(f"Không kết nối TCP được tới 127.0.0.1:{closed_port}")


def test_probe_uses_a_two_second_timeout(monkeypatch):
    seen = {}

    def fake_connect(address, timeout):
        seen.update(address=address, timeout=timeout)
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", fake_connect)
    record = tcp_probe("kiemtra.example")
    assert seen == {"address": ("kiemtra.example", 443), "timeout": 2.0}
    assert record["reachable"] is False and "timed out" in record["detail"]


@pytest.mark.parametrize(("target", "parsed"), [
    ("kiemtra.example", ("kiemtra.example", 443)),
    ("kiemtra.example:8443", ("kiemtra.example", 8443)),
    ("10.0.0.9", ("10.0.0.9", 443)),
    ("[2001:db8::1]:80", ("2001:db8::1", 80)),
    ("[2001:db8::1]", ("2001:db8::1", 443)),
    ("2001:db8::1", ("2001:db8::1", 443)),
])
def test_target_forms(target, parsed):
    assert parse_target(target) == parsed


@pytest.mark.parametrize("target", ["host:0", "host:70000", "host:abc", ":443", ""])
def test_bad_target_is_recorded_not_raised(target, monkeypatch):
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: pytest.fail("no connection for a bad target"))
    record = tcp_probe(target)
    assert record["reachable"] is False and record["detail"].startswith("Địa chỉ kiểm tra không hợp lệ")
