"""Second factor, recovery codes and login attempts.

org.Person is the user model and belongs to the org app (including its
`must_change_password` flag); what authentication needs beyond it lives here."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bmnn.org.models import Person


class SecondFactor(models.Model):
    """A confirmed TOTP device (RFC 6238: 30 s, 6 digits). One per person.

    The secret is stored encrypted (AES-256-GCM, bmnn.core.crypto) with the person's
    id as associated data. A device exists only once confirmed with a valid code;
    the secret of an enrolment in progress stays (encrypted) in the session."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="second_factor")
    secret_encrypted = models.BinaryField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The highest 30-second step already accepted: a code, or any earlier one, is never accepted twice.
    last_used_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Xác thực hai lớp")
        verbose_name_plural = _("Xác thực hai lớp")

    def __str__(self) -> str:
        return f"TOTP – {self.person}"


class RecoveryCode(models.Model):
    """A one-time recovery code, stored only as a keyed hash (bmnn.core.crypto.keyed_hash)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Mã khôi phục")
        verbose_name_plural = _("Mã khôi phục")
        indexes = [models.Index(fields=["person", "code_hash"])]


class Stage(models.TextChoices):
    PASSWORD = "password", _("Mật khẩu")
    SECOND_FACTOR = "second_factor", _("Xác thực hai lớp")
    API = "api", _("API (cấp mã truy cập)")
    PASSWORD_CHANGE = "password_change", _("Đổi mật khẩu")


class Outcome(models.TextChoices):
    OK = "ok", _("Thành công")
    BAD_CREDENTIALS = "bad_credentials", _("Sai tên đăng nhập hoặc mật khẩu")
    BAD_CODE = "bad_code", _("Sai mã xác thực")
    LOCKED = "locked", _("Bị từ chối do đang tạm khóa")


class LoginAttempt(models.Model):
    """One attempt to prove identity: password, second factor, or API token exchange.

    Failures with `counts=True` inside the lock-out window lock the username and the
    address. A successful login or an administrator's unlock sets `counts=False` on
    the earlier failures, so they no longer count (the rows stay, as history)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, blank=True, db_index=True)
    # A default rather than auto_now_add: the lock-out tests set the time explicitly.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    succeeded = models.BooleanField(default=False)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="login_attempts")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PASSWORD)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OK)
    counts = models.BooleanField(default=False, help_text=_("Còn được tính vào số lần sai để tạm khóa"))

    class Meta:
        verbose_name = _("Lần đăng nhập")
        verbose_name_plural = _("Lần đăng nhập")
        ordering = ["-at"]
        indexes = [models.Index(fields=["person", "-at"])]
