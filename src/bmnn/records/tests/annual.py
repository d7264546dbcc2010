"""Helpers for the annual report's tests: a frozen clock (every act's recording time is the
time of its own day) and the people of a provincial police with its PA03 division."""

import datetime as dt

import pytest
from django.utils import timezone

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import person_in


class Clock:
    """timezone.now() frozen at a moment the test sets: `clock.on(day)` is 09:00 that day in Vietnam."""

    def __init__(self, monkeypatch, start: dt.datetime):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def on(self, day: dt.date, hour: int = 9) -> dt.date:
        # In UTC, as Django's own now() answers (a printout's time goes back and forth through the database).
        self.now = timezone.make_aware(dt.datetime.combine(day, dt.time(hour))).astimezone(dt.timezone.utc)
        return day


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, dt.datetime(2026, 1, 2, 2, tzinfo=dt.timezone.utc))


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TUYET_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def officer(police):
    """The provincial police's state-secret officer, cleared for Mật only."""
    return person_in(police, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.MAT,
                     full_name="Đỗ Thị Bảo")
