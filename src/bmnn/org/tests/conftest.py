"""Fixtures for the organisation tests. `authority` replaces the rulebook's
authority module with a recorder whose answers each test chooses, for tests of
what the org services do with an answer; tests of the real rules use the
rulebook itself (test_authority_integration.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from bmnn.core.errors import Refused
from bmnn.org import services
from bmnn.org.models import Role
from bmnn.org.tests.factories import PersonFactory, UnitFactory, person_in


@pytest.fixture
def admin(db):
    return PersonFactory(full_name="Quản Trị Viên", username="quantri", is_system_admin=True)


@pytest.fixture
def staff(db):
    return PersonFactory(full_name="Cán Bộ Thường", username="canbo")


@pytest.fixture
def unit(db):
    return UnitFactory(name="Sở Tài chính", code="STC")


@pytest.fixture
def officer(unit):
    return person_in(unit, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, full_name="Lê Thị Bảo Mật")


@dataclass
class _Decision:
    refusal: Refused | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    def require(self):
        if self.refusal is not None:
            raise self.refusal
        return self


@dataclass
class FakeAuthority:
    calls: list = field(default_factory=list)
    refuse_authorize: Refused | None = None
    refuse_delegation: Refused | None = None

    def authorize(self, person, act, level, unit, on: dt.date | None = None):
        self.calls.append(("authorize", person, act, level, unit, on))
        return _Decision(self.refuse_authorize)

    def check_delegation(self, delegator, delegate, unit, acts, levels, on):
        self.calls.append(("check_delegation", delegator, delegate, unit, list(acts), list(levels), on))
        if self.refuse_delegation is not None:
            raise self.refuse_delegation


@pytest.fixture
def authority(monkeypatch):
    fake = FakeAuthority()
    monkeypatch.setattr(services, "_authority", lambda: fake)
    return fake
