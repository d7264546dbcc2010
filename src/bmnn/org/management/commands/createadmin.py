"""`bmnn createadmin`: the first system administrator of a new installation.

Django's createsuperuser would bypass the ledger; this goes through
org.services.bootstrap_admin, which records the act and works only once."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bmnn.core.errors import Refused
from bmnn.org import services


class Command(BaseCommand):
    help = "Tạo quản trị hệ thống đầu tiên (chỉ khi chưa có quản trị nào)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="Tên đăng nhập")
        parser.add_argument("--full-name", required=True, help="Họ và tên")
        parser.add_argument("--password-env", help="Đọc mật khẩu từ biến môi trường này thay vì hỏi")

    def handle(self, *args, username, full_name, password_env=None, **options):
        import os

        if password_env:
            password = os.environ.get(password_env, "")
        else:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
        try:
            person = services.bootstrap_admin(username, full_name, password)
        except Refused as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(m for msgs in exc.message_dict.values() for m in msgs)) from None
        self.stdout.write(f"Đã tạo quản trị hệ thống {person.username}. Lần đăng nhập đầu sẽ yêu cầu "
                          "đăng ký xác thực hai lớp.")
