"""`bmnn export <list> --user USERNAME [--unit CODE] [--kind K --year N [--volume V]] [--output PATH]
[key=value …]`: export a list as the person would from its page (same filters, same visibility,
same rule on who may export, same Printout row and ledger event). `bmnn export --list` names the
lists. Examples:

    bmnn export items --user vanthu level=TOI_MAT issued_from=01/01/2026
    bmnn export register-series --user vanthu --unit KBNN-KV2 --kind outgoing --year 2026
    bmnn export register --user vanthu --unit KBNN-KV2 --kind outgoing --year 2026 --volume 1"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.core.ledger_verify import format_int
from bmnn.org.models import Unit
from bmnn.outputs.commands import person_named
from bmnn.outputs.export import act
from bmnn.outputs.export import spec as specs


class Command(BaseCommand):
    help = ("Xuất một danh sách ra tệp Excel (XLSX) đúng như người dùng thấy trên trang danh sách; việc xuất "
            "được ghi vào nhật ký. Bộ lọc viết dạng khóa=giá trị như trên địa chỉ trang (ví dụ level=MAT).")

    def add_arguments(self, parser):
        parser.add_argument("list", nargs="?", help="Mã danh sách (xem --list).")
        parser.add_argument("filters", nargs="*", metavar="khóa=giá_trị", help="Bộ lọc của trang danh sách.")
        parser.add_argument("--user", help="Tên đăng nhập của người xuất (quyền xem và vai trò của người này).")
        parser.add_argument("--unit", help="Mã đơn vị (bộ lọc đơn vị; sổ của đơn vị).")
        parser.add_argument("--kind", help="Loại sổ: outgoing, incoming, handover, reproduction.")
        parser.add_argument("--year", type=int, help="Năm của sổ.")
        parser.add_argument("--volume", type=int, help="Quyển số (danh sách register).")
        parser.add_argument("--output", "-o", help="Đường dẫn tệp ra; mặc định: tên tệp bmnn đặt, thư mục hiện tại.")
        parser.add_argument("--list", dest="show_lists", action="store_true", help="Liệt kê các danh sách rồi thoát.")

    def handle(self, *args, show_lists=False, **options):
        if show_lists or not options["list"]:
            for code in specs.codes():
                self.stdout.write(f"{code}\t{specs.get(code).name}")
            return
        if not options["user"]:
            raise CommandError("Cần --user: tên đăng nhập của người xuất.")
        person = person_named(options["user"])
        params = self._params(options)
        try:
            printout, content = act.export_list(person, options["list"], params)
        except Http404:
            raise CommandError(f"Không có danh sách «{options['list']}», hoặc {person.full_name} không được phép "
                               "xem danh sách này.") from None
        except Refused as refusal:
            raise CommandError(str(refusal)) from None
        path = Path(options["output"] or printout.filename)
        path.write_bytes(content)
        self.stdout.write(f"Đã xuất «{printout.title}» vào {path} ({format_int(printout.size)} byte, "
                          f"mã băm SHA-256 {printout.sha256[:16]}…, bản ghi số {printout.pk}).")

    def _params(self, options) -> dict[str, str]:
        params = {}
        for pair in options["filters"]:
            key, sep, value = pair.partition("=")
            if not sep or not key:
                raise CommandError(f"Bộ lọc «{pair}» phải viết dạng khóa=giá_trị.")
            params[key.strip()] = value.strip()
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {options['unit']}.")
            params["unit"] = str(unit.pk)
        for key in ("kind", "year"):
            if options[key]:
                params[key] = str(options[key])
        if options["volume"]:
            params["register"] = str(self._volume(unit, options))
        return params

    def _volume(self, unit, options) -> int:
        from bmnn.records.models import Register

        if unit is None or not options["kind"] or not options["year"]:
            raise CommandError("Cần --unit, --kind và --year để chọn một quyển sổ.")
        register = Register.objects.filter(unit=unit, kind=options["kind"], year=options["year"],
                                           volume=options["volume"]).first()
        if register is None:
            raise CommandError(f"Không có quyển {options['volume']} của sổ {options['kind']} năm {options['year']} "
                               f"của {unit.code}.")
        return register.pk
