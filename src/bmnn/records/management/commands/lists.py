"""`bmnn lists load FILE [--as USERNAME]` and `bmnn lists show [--on dd/mm/yyyy]`.

Loading is an act of the system administrator (recorded in the ledger under their
name), so the command asks whose act it is."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bmnn.core.dates import format_date, parse_date
from bmnn.core.errors import Refused


class Command(BaseCommand):
    help = "Danh mục bí mật nhà nước: nạp từ tệp YAML, xem các mục có hiệu lực."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="LỆNH")
        load = sub.add_parser("load", help="Nạp hoặc cập nhật một danh mục từ tệp YAML.")
        load.add_argument("file", help="Tệp YAML của danh mục.")
        load.add_argument("--as", dest="username",
                          help="Tên đăng nhập của quản trị hệ thống (bỏ trống khi cơ sở chỉ có một quản trị).")
        show = sub.add_parser("show", help="Liệt kê danh mục và các mục có hiệu lực vào một ngày.")
        show.add_argument("--on", help="Ngày (dd/mm/yyyy), mặc định hôm nay.")

    def handle(self, *args, subcommand, **options):
        return getattr(self, "do_" + subcommand)(**options)

    def do_load(self, *, file, username, **_):
        from bmnn.org.models import Person
        from bmnn.records.services.lists import load_list_file

        if username:
            actor = Person.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản «{username}».")
        else:
            # The act is recorded under a name: without --as, only when there is no doubt whose.
            admins = list(Person.objects.filter(is_system_admin=True, is_active=True)[:2])
            if len(admins) != 1:
                raise CommandError("Cần --as TÊN_ĐĂNG_NHẬP: việc nạp danh mục được ghi vào nhật ký dưới tên quản trị "
                                   "hệ thống.")
            actor = admins[0]
        try:
            secret_list = load_list_file(actor, file)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from exc
        except Refused as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Đã nạp danh mục {secret_list.code} ({secret_list.decision_reference}): "
                          f"{secret_list.entries.count()} mục.")

    def do_show(self, *, on=None, **_):
        from bmnn.core.access import today
        from bmnn.core.levels import Level
        from bmnn.records.services.lists import lists_on

        day = parse_date(on) if on else today()
        if day is None:
            raise CommandError(f"Ngày «{on}» không đúng dạng dd/mm/yyyy.")
        lists = lists_on(day)
        if not lists:
            self.stdout.write(f"Không có danh mục nào có hiệu lực ngày {format_date(day)}.")
        for secret_list in lists:
            self.stdout.write(f"{secret_list.code} — {secret_list.decision_reference} "
                              f"({format_date(secret_list.issued_on)}): {secret_list.title}")
            for entry in secret_list.entries_on:
                self.stdout.write(f"  {entry.number:>4}. [{Level(entry.level).label}] {entry.content}")
