"""What the accounts app keeps in the session, in one place.

The session records *which person* passed the second factor, not just "passed":
Django flushes the session when another person logs in on the same browser, and
comparing the person id here makes a stale flag useless even if it did not."""

from bmnn.accounts import clock

SECOND_FACTOR_KEY = "bmnn_2fa_person"
LAST_SEEN_KEY = "bmnn_last_seen"
PENDING_NEXT_KEY = "bmnn_next"
LOGIN_AT_KEY = "bmnn_login_at"
ENROL_SECRET_KEY = "bmnn_enrol_secret"


def mark_second_factor_passed(session, person) -> None:
    session[SECOND_FACTOR_KEY] = person.pk


def second_factor_passed(session, person) -> bool:
    return person is not None and session.get(SECOND_FACTOR_KEY) == person.pk


def start(session, person, *, now: float | None = None) -> None:
    """Right after django.contrib.auth.login(): start the clocks for this session."""
    now = int(now if now is not None else clock.now().timestamp())
    session[LOGIN_AT_KEY] = now
    session[LAST_SEEN_KEY] = now


def touch(session, now: float | None = None) -> None:
    """Remember the time of the latest request, for the idle timeout."""
    session[LAST_SEEN_KEY] = int(now if now is not None else clock.now().timestamp())


def idle_seconds(session, now: float | None = None) -> float | None:
    seen = session.get(LAST_SEEN_KEY)
    if seen is None:
        return None
    return (now if now is not None else clock.now().timestamp()) - seen
