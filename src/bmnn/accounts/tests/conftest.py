"""Fixtures for the accounts tests: people in each situation, and a clock that
tests move forward (lock-out window, idle timeout, TOTP steps)."""

import datetime as dt

import pytest
from django.utils import timezone

from bmnn.accounts import clock as clock_module
from bmnn.accounts import services, totp
from bmnn.core.levels import Level
from bmnn.org.tests.factories import AccessAssignmentFactory, CommitmentFactory, PersonFactory

PASSWORD = "Mat-khau-thu-2026"  # PersonFactory's password


class Clock:
    """A settable clock: `clock.advance(seconds=61)`."""

    def __init__(self, start):
        self.current = start

    def now(self):
        return self.current

    def advance(self, **delta):
        self.current += dt.timedelta(**delta)
        return self.current



@pytest.fixture
def clock(monkeypatch):
    fake = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(clock_module, "now", fake.now)
    return fake


@pytest.fixture
def plain_person(db):
    """No assignment, not an administrator: password only."""
    return PersonFactory(username="binhthuong", full_name="Trần Thị Bình")


@pytest.fixture
def assigned_person(db):
    """Holds an access assignment (with a signed commitment)."""
    assignment = AccessAssignmentFactory(person=PersonFactory(username="duocgiao", full_name="Lê Văn Giao"),
                                         max_level=Level.MAT)
    CommitmentFactory(assignment=assignment)
    return assignment.person


@pytest.fixture
def admin(db):
    return PersonFactory(username="quantri", full_name="Phạm Quản Trị", is_system_admin=True)


@pytest.fixture
def enrolled(assigned_person, clock):
    """An assigned person with a TOTP device; returns (person, secret, recovery codes)."""
    secret, codes = services.enrol_totp(assigned_person)
    return assigned_person, secret, codes


def current_code(secret, clock):
    return totp.now_code(secret, clock.now())
