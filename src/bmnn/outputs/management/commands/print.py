"""`bmnn print <what> …`: print a register (and, as other producers add theirs, a document or the
annual report) from the command line, as the named user. Printing is the same act as from the pages:
the user must be allowed to (a register keeper for a register), and the print goes in the ledger.

    bmnn print register --unit PA03 --kind outgoing --year 2026 --format pdf --user vanthu [--volume 1]
                        [--output so-di-2026.pdf]"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.outputs.http import ascii_filename
from bmnn.outputs.print_commands import subcommands


def _find_user(username: str):
    from bmnn.org.models import Person

    person = Person.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise CommandError(f"Không có người dùng đang hoạt động tên đăng nhập «{username}».")
    return person


class Command(BaseCommand):
    help = "In sổ đăng ký, văn bản, báo cáo ra tệp PDF hoặc DOCX; mỗi lần in được ghi vào nhật ký."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True, metavar="LOẠI")
        for command in subcommands():
            child = sub.add_parser(command.name, help=command.help, description=command.help)
            child.add_argument("--format", dest="fmt", choices=["pdf", "docx"], default="pdf",
                               help="Định dạng tệp (mặc định pdf).")
            child.add_argument("--user", required=True, help="Tên đăng nhập của người in (ghi vào nhật ký).")
            child.add_argument("--output", help="Tệp ghi ra (mặc định: tên bản in, trong thư mục hiện tại).")
            child.set_defaults(run=command.setup(child))

    def handle(self, *args, run, user, output=None, **options):
        actor = _find_user(user)
        try:
            printout, content = run(actor, {**options, "user": user})
        except Refused as refusal:
            raise CommandError(str(refusal)) from None
        except Http404:
            raise CommandError("Không tìm thấy sổ, hoặc người dùng không được in sổ này: chỉ văn thư, cán bộ bảo "
                               "mật hoặc lãnh đạo của đơn vị mới được in sổ đăng ký của đơn vị "
                               "(Điều 7 Nghị định 26/2020/NĐ-CP).") from None
        path = Path(output or ascii_filename(printout.filename))
        if str(path) == "-":
            sys.stdout.buffer.write(content)
            return
        path.write_bytes(content)
        pages = f", {printout.pages} trang" if printout.pages else ""
        self.stdout.write(f"Đã in «{printout.title}» ({printout.fmt.upper()}{pages}) vào {path}")
        self.stdout.write(f"SHA-256: {printout.sha256}; bản in số {printout.pk} đã ghi vào nhật ký.")
