"""What the accounts app keeps in the session, in one place.

The session records *which person* passed the second factor, not just "passed":
Django flushes the session when another person logs in on the same browser, and
comparing the person id here makes a stale flag useless even if it did not."""

import time

SECOND_FACTOR_KEY = "bmnn_2fa_person"
LAST_SEEN_KEY = "bmnn_last_seen"
PENDING_NEXT_KEY = "bmnn_next"


def mark_second_factor_passed(session, person) -> None:
    session[SECOND_FACTOR_KEY] = person.pk


def second_factor_passed(session, person) -> bool:
    return person is not None and session.get(SECOND_FACTOR_KEY) == person.pk


def touch(session, now: float | None = None) -> None:
    """Remember the time of the latest request, for the idle timeout."""
    session[LAST_SEEN_KEY] = int(now if now is not None else time.time())


def idle_seconds(session, now: float | None = None) -> float | None:
    seen = session.get(LAST_SEEN_KEY)
    if seen is None:
        return None
    return (now if now is not None else time.time()) - seen
