"""Account recovery at the server console, for when no administrator can log in
(the only administrator lost their phone, or is locked out):

    bmnn account unlock <username>
    bmnn account reset-second-factor <username>
    bmnn account reset-password <username>      # prints a temporary password, to change at login
    bmnn account enrol-totp <username> [--secret BASE32]   # prints the secret and recovery codes
    bmnn account totp-code <BASE32 secret>      # the current code for a secret (demo without a phone)

Each act goes through bmnn.accounts.services and is written to the ledger as done
"by": "console". Whoever runs this already holds the data directory and its keys."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bmnn.accounts import services, totp
from bmnn.core.errors import Refused
from bmnn.org.models import Person


class Command(BaseCommand):
    help = "Mở khóa, đặt lại xác thực hai lớp hoặc mật khẩu của một tài khoản từ máy chủ."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("unlock", "reset-second-factor", "reset-password"):
            sub.add_parser(name).add_argument("username")
        enrol = sub.add_parser("enrol-totp")
        enrol.add_argument("username")
        enrol.add_argument("--secret", default=None, help="Khóa bí mật base32 (mặc định: tạo mới)")
        code = sub.add_parser("totp-code")
        code.add_argument("secret")

    def handle(self, *args, action, **options):
        if action == "totp-code":
            try:
                secret = totp.clean_secret(options["secret"])
            except ValueError as exc:
                raise CommandError("Khóa bí mật không hợp lệ (cần base32, ít nhất 128 bit, tức 26 ký tự).") from exc
            self.stdout.write(totp.now_code(secret, timezone.now()))
            return
        person = Person.objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError(f"Không có tài khoản {options['username']!r}.")
        try:
            if action == "unlock":
                cleared = services.unlock_account(person, actor=services.CONSOLE)
                self.stdout.write(f"Đã mở khóa {person.username} ({cleared} lần sai được bỏ qua).")
            elif action == "reset-second-factor":
                services.reset_second_factor(person, actor=services.CONSOLE)
                self.stdout.write(f"Đã đặt lại xác thực hai lớp của {person.username}.")
            elif action == "reset-password":
                temporary = services.reset_password(person, actor=services.CONSOLE)
                self.stdout.write(f"Mật khẩu tạm thời của {person.username} (phải đổi khi đăng nhập): {temporary}")
            elif action == "enrol-totp":
                secret, codes = services.enrol_totp(person, secret=options["secret"])
                self.stdout.write(f"Khóa bí mật TOTP của {person.username}: {totp.group(secret)}")
                self.stdout.write("Mã khôi phục: " + "  ".join(codes))
        except Refused as refusal:
            raise CommandError(refusal.message) from refusal
        except ValueError as exc:
            raise CommandError("Khóa bí mật không hợp lệ (cần base32, ít nhất 128 bit, tức 26 ký tự).") from exc
