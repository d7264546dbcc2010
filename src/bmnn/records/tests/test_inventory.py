"""Inventory (thống kê): items received and issued by a unit, by date and level, counted
from its register lines; cancelled lines and items the person may not know of are left out."""

import datetime as dt

import pytest

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import RegisterEntry, RegisterKind
from bmnn.records.services.inventory import inventory
from bmnn.records.services.registers import cancel_entry
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

D1, D2 = dt.date(2026, 5, 4), dt.date(2026, 5, 5)


@pytest.fixture
def unit():
    return UnitFactory(code="VP")


@pytest.fixture
def clerk(unit):
    return person_in(unit, role=Role.CLERK, clearance=Level.TUYET_MAT)


def test_inventory_counts_items_received_and_issued_by_date_and_level(clerk, unit):
    issued_item(clerk, unit, level=Level.TOI_MAT, copies=3, on=D1)
    issued_item(clerk, unit, level=Level.TOI_MAT, copies=2, on=D1)
    issued_item(clerk, unit, level=Level.MAT, copies=1, on=D2)
    issued_item(clerk, unit, level=Level.MAT, copies=1, on=D2, kind=RegisterKind.INCOMING)
    issued_item(clerk, unit, level=Level.MAT, copies=1, on=dt.date(2026, 7, 1))  # outside the period
    result = inventory(clerk, unit, D1, dt.date(2026, 5, 31))
    assert result.by_level[Level.TOI_MAT]["outgoing"].entries == 2
    assert result.by_level[Level.TOI_MAT]["outgoing"].copies == 5
    assert result.by_level[Level.MAT]["outgoing"].entries == 1
    assert result.by_level[Level.MAT]["incoming"].entries == 1
    assert result.total["outgoing"].entries == 3 and result.total["incoming"].entries == 1
    assert [(r.date, r.level) for r in result.rows] == [(D1, Level.TOI_MAT), (D2, Level.MAT)]


def test_inventory_leaves_out_cancelled_lines(clerk, unit):
    issued_item(clerk, unit, level=Level.MAT, on=D1)
    cancel_entry(clerk, RegisterEntry.objects.get(), "Ghi nhầm", D1)
    assert inventory(clerk, unit, D1, D2).total["outgoing"].entries == 0


def test_inventory_counts_only_what_the_person_may_know_of(clerk, unit):
    issued_item(clerk, unit, level=Level.TUYET_MAT, on=D1)
    issued_item(clerk, unit, level=Level.MAT, on=D1)
    mat_only = person_in(unit, role=Role.CLERK, clearance=Level.MAT)
    result = inventory(mat_only, unit, D1, D2)
    assert result.total["outgoing"].entries == 1 and Level.TUYET_MAT not in result.by_level
    outsider = person_in(UnitFactory(), clearance=Level.TUYET_MAT)
    assert inventory(outsider, unit, D1, D2).total["outgoing"].entries == 0


def test_inventory_page_shows_totals_by_level(client, clerk, unit):
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    issued_item(clerk, unit, level=Level.TOI_MAT, copies=3, on=D1)
    login_with_second_factor(client, clerk)
    response = client.get(reverse("records:inventory"), {"unit": unit.pk, "from": "01/05/2026", "to": "31/05/2026"})
    page = response.content.decode()
    assert response.status_code == 200 and "04/05/2026" in page and "Tối mật" in page


def test_inventory_api_counts_by_level_for_the_callers_unit(clerk, unit):
    from rest_framework.test import APIClient

    from bmnn.accounts.testing import login_with_second_factor

    issued_item(clerk, unit, level=Level.TOI_MAT, copies=3, on=D1)
    client = login_with_second_factor(APIClient(), clerk)
    data = client.get("/api/records/inventory/", {"unit": unit.pk, "from": "2026-05-01", "to": "2026-05-31"}).json()
    assert data["by_level"] == [{"level": Level.TOI_MAT, "incoming": {"entries": 0, "copies": 0},
                                 "outgoing": {"entries": 1, "copies": 3}}]
    assert data["total"]["outgoing"] == {"entries": 1, "copies": 3}
    assert client.get("/api/records/inventory/", {"unit": UnitFactory().pk}).status_code == 404
