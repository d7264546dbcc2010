"""`bmnn rulebook check [FILE...]`: validate regime files before they are installed.

Without files, checks the shipped regimes (each file, then the set: unique codes,
no two in force on the same day). With files, checks those files and, together,
that their dates do not overlap. Exits non-zero on any problem, naming file and field."""

from django.core.management.base import BaseCommand, CommandError

from bmnn.rulebook import loader


class Command(BaseCommand):
    help = "Quy định pháp luật (rulebook): kiểm tra tệp chế độ pháp lý."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Kiểm tra tệp chế độ (mặc định: các tệp kèm theo phần mềm).")
        check.add_argument("files", nargs="*", help="Tệp YAML cần kiểm tra")

    def handle(self, *args, action=None, files=(), **options):
        if action == "check":
            self.check_files(files)

    def check_files(self, files):
        try:
            regimes = loader.load_regimes(files or None)
        except loader.RegimeError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"Có {len(exc.problems)} lỗi trong tệp quy định.") from None
        for regime in regimes:
            until = regime.valid_to.strftime("%d/%m/%Y") if regime.valid_to else "nay"
            self.stdout.write(f"{regime.source}: hợp lệ — {regime.name}, hiệu lực {regime.valid_from:%d/%m/%Y}–{until}, "
                              f"{len(regime.rules())} quy định, {len(regime.unverified_rules())} chưa được xác minh.")
