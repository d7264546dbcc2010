"""collect() on this machine: a schema-valid `machine`, no socket unless asked."""

import json
import socket
from pathlib import Path

import jsonschema
import psutil
import pytest

import bmnn.scanner
from bmnn.scanner.facts import collect, verdict

SCHEMA = json.loads((Path(bmnn.scanner.__file__).parent / "schema/scan-report-1.schema.json").read_text("utf-8"))


def validate_machine(machine):
    schema = {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": "#/$defs/machine"}
    jsonschema.Draft202012Validator(schema).validate(machine)


def validate_verdict(answer):
    jsonschema.Draft202012Validator(SCHEMA["properties"]["verdict"]).validate(answer)


@pytest.fixture
def no_sockets(monkeypatch):
    def refuse(*args, **kwargs):
        pytest.fail("collect() opened a socket without --probe")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_collect_on_this_machine_is_schema_valid_and_opens_no_socket(no_sockets):
    machine = collect()
    validate_machine(machine)
    assert machine["probe"] is None
    assert all(isinstance(e, str) for e in machine["errors"])


def test_verdict_on_this_machine_is_schema_valid():
    answer = verdict(collect())
    validate_verdict(answer)
    assert answer["evidence"]


def test_collect_with_probe_records_one_tcp_check():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        machine = collect(probe=f"127.0.0.1:{server.getsockname()[1]}")
    finally:
        server.close()
    validate_machine(machine)
    assert machine["probe"]["reachable"] is True and machine["probe"]["method"] == "tcp"
    assert verdict(machine)["value"] == "connected"  # the auditor's probe succeeded


def test_collect_never_raises_when_psutil_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise psutil.AccessDenied()

    for name in ("net_if_addrs", "net_connections", "users", "boot_time", "disk_partitions"):
        monkeypatch.setattr(psutil, name, broken)
    machine = collect()
    validate_machine(machine)
    assert {"interfaces", "public_connections", "users", "boot_time"} <= set(machine["unread_facts"])
    assert verdict(machine)["value"] in ("unknown", "connected", "was_connected")


def test_collect_survives_a_reader_bug(monkeypatch):
    from bmnn.scanner.facts import collector

    monkeypatch.setattr(collector, "_platform_facts", lambda machine: 1 / 0)
    machine = collect()
    validate_machine(machine)
    assert any("ZeroDivisionError" in e for e in machine["errors"])
