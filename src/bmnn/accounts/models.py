"""Second factor, recovery codes and login attempts."""

from django.db import models

from bmnn.org.models import Person


class SecondFactor(models.Model):
    """A TOTP device. The secret is stored encrypted (AES-256-GCM) with the installation key."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="second_factor")
    secret_encrypted = models.BinaryField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "Xác thực hai lớp"


class RecoveryCode(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Mã khôi phục"


class LoginAttempt(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        verbose_name = "Lần đăng nhập"
