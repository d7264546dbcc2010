"""Fixtures for the register printouts: a provincial police with its PA03 division, PA03's clerk (who
keeps its registers, cleared for Tối mật), a staff member who does not, and a filled outgoing register."""

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import person_in
from bmnn.records.models import RegisterKind
from bmnn.records.tests.conftest import pa03, police  # noqa: F401  (the records tests' units)
from bmnn.records.tests.issued import issued_item

IN_2026 = dt.date(2026, 4, 10)


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TUYET_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def outgoing(clerk, pa03):
    """Three lines in PA03's outgoing register of 2026, volume 1."""
    items = [issued_item(clerk, pa03, level=level, copies=2, on=IN_2026 + dt.timedelta(days=i),
                         document_type="Báo cáo", summary=f"Tình hình bảo vệ bí mật nhà nước quý {i + 1}")
             for i, level in enumerate((Level.MAT, Level.TOI_MAT, Level.MAT))]
    return items[0].register_entries.get(kind=RegisterKind.OUTGOING).register


def web(person):
    return login_with_second_factor(Client(), person)


def api(person):
    return login_with_second_factor(APIClient(), person)
