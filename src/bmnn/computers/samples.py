"""Sample scan reports built as dicts: the tests build their inputs with these, and the
demo loads two of them through the import service. They pass the `bmnn.scan/1` schema
and are hashed with the service's own `report_sha256`, so there is one definition of
the hash. Every name, path and address here is invented."""

from __future__ import annotations

import copy

from bmnn.computers.reportfile import report_sha256

SHA = "ab" * 32


def finding(path="D:\\Hồ sơ\\Kế hoạch 2026.docx", level="MAT", tier="marked", score=0.93, line=None, **extra):
    level_name = {"MAT": "MẬT", "TOI_MAT": "TỐI MẬT", "TUYET_MAT": "TUYỆT MẬT", None: "Bản sao số: 02"}[level]
    result = {
        "path": path, "level": level, "tier": tier, "score": score,
        "evidence": [{"line": line or level_name, "rule": "P1", "score": score, "level": level,
                      "container": "header", "part": "word/header1.xml", "page": None}],
        "size": 18234, "modified": "2026-10-02T08:15:00+07:00", "type": "docx", "sha256": SHA,
    }
    result.update(extra)
    return result


def machine(hostname="KETOAN-01", machine_id="4c4c4544-0042-3510-8052-b4c04f4e3232", **extra):
    result = {
        "hostname": hostname, "machine_id": machine_id,
        "os": {"system": "Windows", "release": "10", "version": "10.0.19045", "platform": "Windows-10-10.0.19045-SP0"},
        "users": ["ketoan"], "boot_time": "2026-11-20T07:30:00+07:00",
        "interfaces": [
            {"name": "Ethernet", "kind": "ethernet", "up": True, "addresses": ["192.168.1.23"],
             "mac": "3c:52:82:11:22:33", "description": "Realtek PCIe GbE"},
            {"name": "Loopback", "kind": "loopback", "up": True, "addresses": ["127.0.0.1"], "mac": None,
             "description": None},
        ],
        "default_routes": [{"interface": "Ethernet", "gateway": "192.168.1.1", "family": "ipv4"}],
        "dns_servers": ["192.168.1.1"],
        "public_connections": [],
        "os_connectivity": {"source": "NLM", "value": "LocalNetwork", "active_probe_disabled": False},
        "proxy": None,
        "network_history": [{"name": "Mạng 2", "kind": "wired", "first_connected": "2025-03-01T08:00:00",
                             "last_connected": "2026-11-20T07:31:00", "source": "registry"}],
        "usb_history": [{"device": "Kingston DataTraveler 3.0", "serial": "E0D55EA57", "first_connected":
                         "2026-05-04T09:12:00", "last_connected": "2026-10-30T14:00:00", "source": "registry"}],
        "removable_drives": [],
        "probe": None,
        "errors": [],
    }
    result.update(extra)
    return result


def make_report(*, verdict="isolated", findings=(), problems=(), finished_at="2026-11-20T09:00:00+07:00",
                evidence=None, machine_facts=None, **extra) -> dict:
    """A valid report; keyword arguments replace top-level members. The hash is computed last."""
    report = {
        "schema": "bmnn.scan/1",
        "scanner": {"name": "bmnn-scanner", "version": "0.1.0"},
        "machine": machine_facts or machine(),
        "verdict": {"value": verdict, "evidence": evidence if evidence is not None else
                    [f"verdict {verdict}: default route via Ethernet, DNS 192.168.1.1 (private)"]},
        "roots": ["C:\\", "D:\\"],
        "options": {"jobs": 2, "ocr": False, "full": False, "cache": None, "probe": None, "excluded": []},
        "started_at": "2026-11-20T08:40:00+07:00",
        "finished_at": finished_at,
        "completed": True,
        "stats": {"files_seen": 5120, "files_scanned": 4980, "files_from_cache": 0, "bytes_read": 734003200,
                  "by_type": {"docx": 1200, "pdf": 800, "xlsx": 300}, "skipped": 140, "errors": len(problems),
                  "seconds": 61.5},
        "findings": [copy.deepcopy(f) for f in findings],
        "problems": [copy.deepcopy(p) for p in problems],
    }
    report.update(extra)
    return rehash(report)


def rehash(report: dict) -> dict:
    report["report_sha256"] = report_sha256(report)
    return report
