"""`bmnn scan-import REPORT.json --unit CODE --as USERNAME [--network-mode MODE]`.

Imports a report written by `bmnn scan` into the register of computers, as the named
person (the act is theirs: it is checked and recorded in the ledger under their name).
`bmnn scan-import` is this command (cli.py maps the hyphenated name)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bmnn.core.errors import Refused


class Command(BaseCommand):
    help = "Nhập báo cáo quét máy tính (bmnn.scan/1) vào sổ theo dõi máy tính."

    def add_arguments(self, parser):
        parser.add_argument("report", help="Tệp báo cáo do «bmnn scan --output» tạo ra.")
        parser.add_argument("--unit", required=True,
                            help="Đơn vị quản lý máy: mã (KBNN-KVXII), mã đơn vị cấp trên/mã (CAT/PA03) hoặc số id.")
        parser.add_argument("--as", dest="username", required=True,
                            help="Tên đăng nhập của người nhập (cán bộ bảo mật, lãnh đạo hoặc cán bộ kiểm tra).")
        parser.add_argument("--network-mode", choices=["internet", "independent_lan", "isolated"], default="",
                            help="Chế độ kết nối đơn vị khai báo cho máy (không bắt buộc).")

    def handle(self, *args, report, unit, username, network_mode, **options):
        from bmnn.computers import services
        from bmnn.org.models import Person

        actor = Person.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        target = find_unit(unit)
        path = Path(report)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror or exc}") from exc
        try:
            result = services.import_report(actor, data, unit=target, source_name=path.name,
                                            network_mode=network_mode)
        except Refused as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        scan = result.report
        if not result.created:
            self.stdout.write(f"Báo cáo này đã được nhập lúc {scan.imported_at:%d/%m/%Y %H:%M} (mã băm "
                              f"{scan.report_sha256[:16]}…); không nhập lại.")
            return
        self.stdout.write(f"Đã nhập kết quả quét máy {result.computer.hostname} ({target.name}): "
                          f"{scan.get_verdict_display()}, {scan.marked_count} tệp có dấu độ mật, "
                          f"{scan.review_count} tệp cần xem lại.")
        if result.violation is not None:
            self.stdout.write(f"VI PHẠM: {result.violation.get_kind_display()} "
                              f"({result.violation.file_count} tệp, độ mật cao nhất "
                              f"{result.violation.get_level_display()}).")


def find_unit(text: str):
    """A unit by id, code, or parent-code/code; today's unit when a code was reused."""
    from bmnn.core.access import today
    from bmnn.org.models import Unit

    text = text.strip()
    if text.isdigit():
        unit = Unit.objects.filter(pk=int(text)).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị id {text}.")
        return unit
    parent_code, _, code = text.rpartition("/")
    units = Unit.objects.filter(code=code).valid_on(today()).select_related("parent")
    if parent_code:
        units = units.filter(parent__code=parent_code)
    units = list(units[:10])
    if not units:
        raise CommandError(f"Không có đơn vị mã «{text}» đang hoạt động.")
    if len(units) > 1:
        choices = ", ".join(f"{u.parent.code}/{u.code}" if u.parent_id else f"{u.pk}" for u in units)
        raise CommandError(f"Mã «{text}» trùng ở nhiều đơn vị; ghi rõ: {choices}.")
    return units[0]
