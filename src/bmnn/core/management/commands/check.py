"""`bmnn check`: is this machine connected, was it, or is it alone or on an independent LAN?

The facts and the judgement are the scanner's (`bmnn.scanner.facts.collect` and
`verdict`), so `bmnn check`, `bmnn serve`'s warning and a scan report always agree.
No traffic is sent: `collect()` is called without a probe.

Exit code by verdict, so a script or an inspector's checklist can act on it:
0 isolated, 1 independent_lan, 2 connected, 3 was_connected, 4 unknown.

Note: this replaces Django's own `check` command (system checks) under the name
`bmnn check`; Django's remains available as `bmnn check --django`."""

import json
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bmnn.scanner import facts

EXIT_CODES = {"isolated": 0, "independent_lan": 1, "connected": 2, "was_connected": 3, "unknown": 4}
EXIT_CODES_TEXT = ("0 không kết nối mạng (isolated), 1 chỉ mạng nội bộ (independent_lan), "
                   "2 đang kết nối (connected), 3 đã từng kết nối (was_connected), 4 chưa xác định (unknown)")


def verdict_label(value: str) -> str:
    """The Vietnamese name of a verdict: the one the register of computers shows (one list, not two)."""
    from bmnn.computers.models import Verdict

    return str(Verdict(value).label) if value in Verdict.values else value


class Command(BaseCommand):
    help = ("Kiểm tra máy có đang hoặc đã từng kết nối ra ngoài mạng LAN độc lập hay không, không gửi gói tin "
            f"nào. Mã thoát: {EXIT_CODES_TEXT}.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true",
                            help="In kết quả dạng JSON: verdict, evidence và machine (thông tin máy của bộ quét).")
        parser.add_argument("--django", action="store_true",
                            help="Chạy kiểm tra hệ thống của Django thay vì kiểm tra mạng.")

    def handle(self, *args, **options):
        if options["django"]:
            from django.core.management.commands.check import Command as DjangoCheck

            call_command(DjangoCheck(), stdout=self.stdout, stderr=self.stderr)
            return
        machine = facts.collect()  # no probe: nothing is sent
        answer = facts.verdict(machine)
        value = answer["value"]
        if options["json"]:
            report = {"verdict": value, "evidence": answer["evidence"], "machine": machine}
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write(render_text(machine, answer))
        sys.exit(EXIT_CODES.get(value, EXIT_CODES["unknown"]))


def render_text(machine: dict, answer: dict) -> str:
    value = answer["value"]
    lines = [
        "Kiểm tra kết nối mạng của máy (không gửi gói tin nào ra mạng)",
        f"KẾT LUẬN: {verdict_label(value)} [{value}]",
        "",
        "Căn cứ:",
        *[f"  - {line}" for line in answer["evidence"]],
    ]
    if machine.get("errors"):
        lines += ["", "Không đọc được:", *[f"  - {line}" for line in machine["errors"]]]
    lines += ["", f"Mã thoát / exit code: {EXIT_CODES.get(value, EXIT_CODES['unknown'])} ({EXIT_CODES_TEXT})",
              "Chi tiết thông tin máy: bmnn check --json"]
    return "\n".join(lines)
