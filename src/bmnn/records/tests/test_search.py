"""Search and filters on items: diacritic-insensitive, narrowing only what the person
may see; the encrypted summary searched in memory, bounded."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import ItemStatus
from bmnn.records.services import search
from bmnn.records.services.search import ItemFilters, find_items, search_items, search_summaries
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(name="Phòng An ninh chính trị nội bộ", code="PA03")


@pytest.fixture
def reader(unit):
    return person_in(unit, clearance=Level.TOI_MAT)


def refs(items):
    return {i.reference for i in items}


def test_bao_cao_without_diacritics_finds_bao_cao(unit, reader):
    item = SecretItemFactory(holding_unit=unit, document_type="Báo cáo", reference="12/BC-PA03")
    SecretItemFactory(holding_unit=unit, document_type="Kế hoạch", reference="3/KH-PA03")
    assert refs(search_items(reader, ItemFilters(q="bao cao"))) == {item.reference}


def test_search_never_returns_an_item_above_the_persons_level_or_outside_their_units(unit, reader):
    SecretItemFactory(holding_unit=unit, level=Level.TUYET_MAT, document_type="Báo cáo", reference="1/BC-TM")
    SecretItemFactory(holding_unit=UnitFactory(), level=Level.MAT, document_type="Báo cáo", reference="2/BC-X")
    assert refs(search_items(reader, ItemFilters(q="bao cao"))) == set()
    assert refs(search_items(reader, ItemFilters(level=Level.TUYET_MAT))) == set()


def test_filters_by_level_status_unit_and_date_ranges(unit, reader):
    child = UnitFactory(name="Đội 1", code="D1", parent=unit)
    a = SecretItemFactory(holding_unit=unit, level=Level.MAT, issued_on=dt.date(2026, 1, 5),
                          classified_on=dt.date(2026, 1, 6))
    b = SecretItemFactory(holding_unit=child, level=Level.TOI_MAT, issued_on=dt.date(2026, 3, 1),
                          classified_on=dt.date(2026, 3, 2), status=ItemStatus.ISSUED)
    assert refs(search_items(reader, ItemFilters(level=Level.TOI_MAT))) == {b.reference}
    assert refs(search_items(reader, ItemFilters(status=ItemStatus.ISSUED))) == {b.reference}
    assert refs(search_items(reader, ItemFilters(unit=child.pk))) == {b.reference}
    assert refs(search_items(reader, ItemFilters(unit=unit.pk))) == {a.reference, b.reference}
    assert refs(search_items(reader, ItemFilters(issued_from=dt.date(2026, 2, 1)))) == {b.reference}
    assert refs(search_items(reader, ItemFilters(issued_to=dt.date(2026, 2, 1)))) == {a.reference}
    assert refs(search_items(reader, ItemFilters(classified_from=dt.date(2026, 1, 6),
                                                 classified_to=dt.date(2026, 1, 6)))) == {a.reference}


def test_filters_read_from_the_query_string_with_dd_mm_yyyy_dates_and_flag_unreadable_ones():
    filters = ItemFilters.from_params({"q": " bao cao ", "level": "TOI_MAT", "status": "nonsense",
                                       "issued_from": "01/02/2026", "issued_to": "31-31-2026", "unit": "7"})
    assert (filters.q, filters.level, filters.status, filters.unit) == ("bao cao", "TOI_MAT", "", 7)
    assert filters.issued_from == dt.date(2026, 2, 1) and filters.issued_to is None
    assert filters.errors == {"issued_to": "31-31-2026"}


def test_summary_search_is_diacritic_insensitive_and_only_over_visible_items(unit, reader):
    mine = SecretItemFactory(holding_unit=unit, summary="Kế hoạch bảo vệ mục tiêu trọng điểm")
    SecretItemFactory(holding_unit=unit, summary="Báo cáo tình hình")
    SecretItemFactory(holding_unit=UnitFactory(), summary="Kế hoạch bảo vệ khác")
    found, result = find_items(reader, ItemFilters(summary="ke hoach bao ve"))
    assert refs(found) == {mine.reference}
    assert result.scanned == 2 and not result.truncated


def test_summary_search_stops_at_its_limit_and_says_so(unit, reader):
    for _ in range(3):
        SecretItemFactory(holding_unit=unit, summary="Kế hoạch")
    result = search_summaries(search_items(reader, ItemFilters()), "ke hoach", limit=2)
    assert result.scanned == 2 and result.truncated and len(result.items) == 2


def test_item_list_page_applies_the_filters_and_keeps_them_in_page_links(unit, reader, monkeypatch):
    SecretItemFactory(holding_unit=unit, document_type="Báo cáo", level=Level.MAT)
    SecretItemFactory(holding_unit=unit, document_type="Kế hoạch", level=Level.MAT)
    SecretItemFactory(holding_unit=UnitFactory(), document_type="Báo cáo", level=Level.MAT)
    client = login_with_second_factor(Client(), reader)
    response = client.get(reverse("records:item_list"), {"q": "bao cao", "issued_from": "01/01/2026"})
    assert response.status_code == 200 and response.context["count"] == 1
    assert "issued_from=01%2F01%2F2026" in response.context["filter_query"]


def test_item_list_page_says_a_date_it_cannot_read_and_ignores_that_filter(unit, reader):
    SecretItemFactory(holding_unit=unit)
    client = login_with_second_factor(Client(), reader)
    response = client.get(reverse("records:item_list"), {"issued_from": "2026/13/45"})
    assert response.context["count"] == 1
    assert "2026/13/45" in response.content.decode()


def test_summary_search_limit_is_documented_as_a_bound():
    assert 0 < search.SUMMARY_SCAN_LIMIT <= 10_000


def test_items_api_takes_the_same_filters(unit, reader):
    from rest_framework.test import APIClient

    child = UnitFactory(name="Đội 1", code="D1", parent=unit)
    SecretItemFactory(holding_unit=unit, document_type="Báo cáo", issued_on=dt.date(2026, 1, 5))
    b = SecretItemFactory(holding_unit=child, document_type="Báo cáo", issued_on=dt.date(2026, 3, 1))
    SecretItemFactory(holding_unit=UnitFactory(), document_type="Báo cáo", issued_on=dt.date(2026, 3, 1))
    data = login_with_second_factor(APIClient(), reader).get(
        "/api/records/items/", {"q": "bao cao", "unit": child.pk, "issued_from": "01/02/2026"}).json()
    assert data["count"] == 1 and data["results"][0]["reference"] == b.reference
