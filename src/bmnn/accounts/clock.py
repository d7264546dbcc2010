"""The one clock the accounts app reads. Tests replace `now` (monkeypatch) to move
time forward past a lock-out window, an idle timeout or a TOTP step."""

from django.utils import timezone


def now():
    return timezone.now()
