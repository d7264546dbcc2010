"""`bmnn demo`: migrate, load the demo organisation (idempotent) and print its accounts.
`bmnn demo totp USERNAME`: print the current second-factor code of a demo account."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bmnn.core import demo


class Command(BaseCommand):
    help = ("Tạo dữ liệu minh họa (tổ chức, cán bộ, tài liệu giả định) qua các nghiệp vụ của hệ thống và in danh sách "
            "tài khoản. `bmnn demo totp TÊN_ĐĂNG_NHẬP` in mã xác thực hai lớp hiện tại của một tài khoản minh họa.")

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["load", "totp"], default="load",
                            help="load (mặc định): tạo dữ liệu minh họa; totp: in mã xác thực hiện tại.")
        parser.add_argument("username", nargs="?", help="Tên đăng nhập (cho totp).")
        parser.add_argument("--skip-migrate", action="store_true", help="Không chạy migrate trước.")

    def handle(self, *args, action, username, skip_migrate, **options):
        if action == "totp":
            return self._totp(username)
        if not skip_migrate:
            call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        loaded = demo.load()
        if loaded.created:
            self.stdout.write(f"Đã tạo dữ liệu minh họa ({loaded.created} bước, mỗi bước đã ghi vào nhật ký).")
        else:
            self.stdout.write("Dữ liệu minh họa đã có sẵn, không tạo thêm gì.")
        self.stdout.write(render_roster(demo.roster()))

    def _totp(self, username):
        if not username:
            raise CommandError("Cần tên đăng nhập: bmnn demo totp TÊN_ĐĂNG_NHẬP")
        try:
            self.stdout.write(demo.current_code(username))
        except KeyError:
            raise CommandError(f"«{username}» không phải tài khoản minh họa / not a demo account.") from None


def render_roster(rows: list[dict]) -> str:
    headers = {"username": "Tên đăng nhập", "password": "Mật khẩu", "full_name": "Họ và tên", "role": "Chức vụ",
               "clearance": "Độ mật được tiếp cận",
               "totp_secret": "Khóa TOTP (base32)"}
    widths = {k: max(len(h), *(len(r[k]) for r in rows)) if rows else len(h) for k, h in headers.items()}

    def line(values: dict) -> str:
        return "  ".join(str(values[k]).ljust(widths[k]) for k in headers).rstrip()

    return "\n".join([
        "",
        "TÀI KHOẢN MINH HỌA / DEMO ACCOUNTS (tổ chức, cán bộ, tài liệu đều là giả định / all fictitious)",
        "Xác thực hai lớp / second factor: nhập khóa TOTP vào ứng dụng xác thực, hoặc chạy "
        "`bmnn demo totp TÊN_ĐĂNG_NHẬP` để lấy mã 6 chữ số hiện tại / or run `bmnn demo totp USERNAME`.",
        "",
        line(headers),
        line({k: "-" * widths[k] for k in headers}),
        *(line(r) for r in rows),
        "",
    ])
