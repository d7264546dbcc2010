"""Login throttling: too many recent failures lock a username, or an address.

A failure is a LoginAttempt with counts=True. When settings.LOGIN_MAX_FAILURES of
them fall inside the last settings.LOGIN_LOCKOUT_SECONDS for one username (or one
address), every attempt is refused — even with the right password — until enough
of them leave the window. Refused attempts are recorded but do not count, so the
lock ends when the window passes, as the message promises.

Reading the state and recording an attempt are separate steps on purpose: the
password hash (Argon2, slow) is checked between them, outside any transaction, so
a login never holds the SQLite write lock while hashing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from bmnn.accounts import clock
from bmnn.accounts.models import LoginAttempt, Outcome


def max_failures() -> int:
    return settings.LOGIN_MAX_FAILURES


def window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def address_of(request) -> str:
    """The client address. Only REMOTE_ADDR: a forwarded-for header is set by the
    client and would let an attacker pick a fresh address for every guess."""
    return (request.META.get("REMOTE_ADDR") or "")[:64]


def normalise_username(username: str) -> str:
    return (username or "").strip()[:150]


def _retry_at(now, **key) -> dt.datetime | None:
    n = max_failures()
    times = list(
        LoginAttempt.objects.filter(counts=True, succeeded=False, at__gt=now - window(), **key)
        .order_by("-at").values_list("at", flat=True)[:n]
    )
    # Locked while n failures are in the window; it opens when the n-th newest leaves it.
    return times[n - 1] + window() if len(times) >= n else None


def locked_until(username: str, address: str = "", now=None) -> dt.datetime | None:
    """When attempts for this username / from this address are accepted again, or None."""
    now = now or clock.now()
    candidates = []
    if username:
        candidates.append(_retry_at(now, username__iexact=normalise_username(username)))
    if address:
        candidates.append(_retry_at(now, address=address))
    candidates = [c for c in candidates if c is not None]
    return max(candidates) if candidates else None


def record(username: str, address: str, *, stage: str, outcome: str, person=None, now=None) -> LoginAttempt:
    """Append one attempt. Bad credentials and bad codes count toward the lock-out."""
    counts = outcome in (Outcome.BAD_CREDENTIALS, Outcome.BAD_CODE)
    return LoginAttempt.objects.create(
        username=normalise_username(username), address=address or "", at=now or clock.now(),
        succeeded=outcome == Outcome.OK, person=person, stage=stage, outcome=outcome, counts=counts,
    )


def clear_failures(username: str) -> int:
    """Stop counting earlier failures for this username (after a full login, or an unlock)."""
    return LoginAttempt.objects.filter(username__iexact=normalise_username(username), counts=True).update(counts=False)
