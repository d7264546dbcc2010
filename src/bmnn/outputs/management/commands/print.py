"""`bmnn print <what> … --user USERNAME [--format pdf|docx] [--output PATH]`: the printouts of the pages,
from the command line (sub-commands: outputs.commands.SUBCOMMANDS)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from bmnn.outputs import commands, documents


class Command(BaseCommand):
    help = "In sổ, văn bản, báo cáo ra PDF/DOCX (mỗi lần in được ghi vào nhật ký)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", metavar="LOẠI")
        for name, spec in commands.SUBCOMMANDS.items():
            child = sub.add_parser(name, help=spec.help, description=spec.help)
            child.add_argument("--user", help="Tên đăng nhập của người in (ghi vào nhật ký).")
            child.add_argument("--format", default="pdf", choices=["pdf", "docx"], help="Mặc định: pdf.")
            child.add_argument("--output", help="Tệp ghi ra; mặc định: tên tệp của bản in, ở thư mục hiện tại.")
            spec.add_arguments(child)

    def handle(self, *args, what=None, **options):
        if what is None:
            raise CommandError("Cần chọn loại: " + ", ".join(commands.SUBCOMMANDS) + " (bmnn print LOẠI --help).")
        if what == "document" and options.get("list"):
            for kind in documents.KINDS.values():
                self.stdout.write(f"{kind.code}\t{kind.label}")
            return
        if not options.get("user"):
            raise CommandError("Cần --user: người in là người chịu trách nhiệm về bản in trong nhật ký.")
        commands.execute(what, options, self.stdout.write)
