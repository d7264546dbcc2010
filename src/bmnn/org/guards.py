"""Departure guards: checks other apps add before a person may leave.

Locking an account (deactivate_person) or ending a post (end_tenure) is refused while
another app says the person still has something to settle — the records app: copies of
secret items not yet handed over, or a departure commitment not yet recorded (Law 2018
Art. 25.4, 26.2.d). org does not import those apps: each registers its guard here when
Django is ready (its AppConfig.ready), so org's own models and tests stand alone.

A guard is `guard(person, *, on, tenure=None)`: it returns nothing when the person may
go, and raises core.errors.Refused (rule and basis) when not. `tenure` is the post being
ended (None for locking the account)."""

from __future__ import annotations

import datetime as dt
from typing import Callable

_GUARDS: list[Callable] = []


def register(guard: Callable) -> Callable:
    if guard not in _GUARDS:
        _GUARDS.append(guard)
    return guard


def check(person, *, on: dt.date, tenure=None) -> None:
    """Raise the first guard's refusal, if any."""
    for guard in list(_GUARDS):
        guard(person, on=on, tenure=tenure)
