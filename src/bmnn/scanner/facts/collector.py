"""collect(): the `machine` object of the report, read without sending anything
unless the auditor asked for a probe."""

from __future__ import annotations

import platform
import sys

from . import common
from .base import empty_machine, note_error
from .probe import tcp_probe


def collect(probe: str | None = None) -> dict:
    machine = empty_machine()
    try:
        common.read_all(machine)
        _platform_facts(machine)
        if probe:
            machine["probe"] = tcp_probe(probe)
    except Exception as exc:  # noqa: BLE001 - each reader guards itself; this is for a bug between them
        note_error(machine, "collect", f"Lỗi khi thu thập thông tin máy: {type(exc).__name__}: {exc}")
    return machine


def _platform_facts(machine: dict) -> None:
    if sys.platform == "win32":
        from . import windows

        windows.collect_into(machine)
    elif sys.platform.startswith("linux"):
        from . import linux

        linux.collect_into(machine)
    else:
        for fact in ("default_routes", "dns_servers", "network_history"):
            note_error(machine, fact, f"Chưa hỗ trợ đọc {fact} trên {platform.system()}")
