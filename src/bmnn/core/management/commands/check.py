"""`bmnn check`: does this machine look connected beyond an independent LAN?

Sends no traffic: reads interfaces, routes, resolvers and the connection table
(bmnn.core.netcheck). Exit code 0 offline, 1 network only, 2 Internet likely,
so a script or an inspector's checklist can act on it.

Note: this replaces Django's own `check` command (system checks) under the name
`bmnn check`; Django's remains available as `bmnn check --django`."""

import dataclasses
import json
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bmnn.core import netcheck


class Command(BaseCommand):
    help = ("Kiểm tra máy có dấu hiệu kết nối ra ngoài mạng LAN độc lập hay không, không gửi gói tin nào. "
            "Mã thoát: 0 không kết nối, 1 chỉ có mạng, 2 có dấu hiệu Internet.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON (khóa tiếng Anh).")
        parser.add_argument("--django", action="store_true",
                            help="Chạy kiểm tra hệ thống của Django thay vì kiểm tra mạng.")

    def handle(self, *args, **options):
        if options["django"]:
            from django.core.management.commands.check import Command as DjangoCheck

            call_command(DjangoCheck(), stdout=self.stdout, stderr=self.stderr)
            return
        facts = netcheck.collect_facts()
        result = netcheck.assess(facts)
        if options["json"]:
            self.stdout.write(json.dumps(report(facts, result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(facts, result))
        sys.exit(result.exit_code)


def report(facts: netcheck.Facts, result: netcheck.Assessment) -> dict:
    return {
        "verdict": result.verdict,
        "verdict_text": result.text,
        "exit_code": result.exit_code,
        "traffic_sent": False,
        "reasons": result.reasons,
        "warnings": result.warnings,
        "evidence": {
            "platform": facts.platform,
            "interfaces": [dataclass_dict(i) for i in facts.interfaces],
            "default_routes": [dataclass_dict(r) for r in facts.default_routes],
            "dns_servers": [{"address": s, "kind": "public" if netcheck.is_global(s) else "local",
                             "label": netcheck.resolver_label(s)} for s in facts.dns_servers],
            "connections_to_global_addresses": [
                dataclass_dict(c) for c in facts.connections if netcheck.is_global(c.remote)],
            "connections_readable": facts.connections_readable,
            "os_connectivity": facts.os_connectivity,
            "history": [dataclass_dict(n) for n in facts.history],
            "notes": facts.notes,
        },
    }


def dataclass_dict(obj) -> dict:
    return dataclasses.asdict(obj)


def render_text(facts: netcheck.Facts, result: netcheck.Assessment) -> str:
    lines = [
        "Kiểm tra kết nối mạng của máy (không gửi gói tin nào ra mạng)",
        f"KẾT LUẬN: {result.text} [{result.verdict}]",
        "",
        "Căn cứ:",
        *[f"  - {r}" for r in result.reasons],
        "",
        "Card mạng:",
    ]
    for i in facts.interfaces:
        state = "đang bật" if i.is_up else "đang tắt"
        kind = netcheck.KIND_TEXT.get(i.kind, i.kind)
        lines.append(f"  {i.name:<16} {state:<9} {kind:<32} {', '.join(i.addresses) or '—'}")
    lines.append("Tuyến mặc định: " + ("; ".join(
        f"{r.family} qua {r.gateway or '(trực tiếp)'} ({r.interface})" for r in facts.default_routes) or "không có"))
    lines.append("Máy chủ DNS: " + (", ".join(
        f"{s} ({netcheck.resolver_label(s)})" for s in facts.dns_servers) or "không xác định"))
    global_connections = [c for c in facts.connections if netcheck.is_global(c.remote)]
    lines.append("Kết nối tới địa chỉ Internet: " + (", ".join(
        f"{c.remote}:{c.port} ({c.status})" for c in global_connections[:10]) or "không có"))
    if facts.os_connectivity:
        lines.append(f"Nhận định của hệ điều hành: {facts.os_connectivity['source']} = {facts.os_connectivity['value']}")
    lines.append("Mạng đã từng kết nối (lịch sử): " + ("; ".join(
        f"{n.name} ({netcheck.KIND_TEXT.get(n.kind, n.kind)}"
        + (f", lần cuối {n.last_connected.replace('T', ' ')}" if n.last_connected else "") + ")"
        for n in facts.history[:20]) or "không ghi nhận"))
    if result.warnings:
        lines += ["", "Lưu ý:", *[f"  - {w}" for w in result.warnings]]
    lines += ["", f"Mã thoát / exit code: {result.exit_code} (0 không kết nối, 1 chỉ có mạng, 2 có dấu hiệu Internet)"]
    return "\n".join(lines)
