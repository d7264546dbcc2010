"""Pages and API for extension and adjustment: offered only to who may decide, refusals with
their rule and basis keeping what was typed, hidden items 404. Decision dates are posted
explicitly (frozen); the page's own "today" is pinned where it matters."""

import datetime as dt

import pytest
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import SecretList, SecretListEntry
from bmnn.records.services import periods
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 5, 4)
EXPIRY = ON + dt.timedelta(days=60)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The item page and the forms read "today": pin it to ON."""
    monkeypatch.setattr("bmnn.records.templatetags.records_periods.today", lambda: ON)
    monkeypatch.setattr("bmnn.records.views.periods.today", lambda: ON)


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TUYET_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def item(clerk, pa03):
    return issued_item(clerk, pa03, level=Level.MAT, protection_until=EXPIRY)


@pytest.fixture
def entry():
    secret_list = SecretList.objects.create(code="DM-CA", title="Danh mục thử", decision_reference="1/QĐ-TTg",
                                            issued_on=dt.date(2020, 1, 1), valid_from=dt.date(2020, 1, 1))
    return SecretListEntry.objects.create(secret_list=secret_list, number="3", content="Kế hoạch bảo vệ",
                                          level=Level.TUYET_MAT, valid_from=dt.date(2020, 1, 1))


@pytest.fixture
def outsider():
    return person_in(UnitFactory(), title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TUYET_MAT)


def extension_data(on=ON, **overrides):
    data = {"years": "5", "months": "0", "reason": "Giải mật sẽ gây nguy hại đến lợi ích quốc gia",
            "decision_reference": "15/QĐ-PA03", "decided_on": on.strftime("%d/%m/%Y")}
    data.update(overrides)
    return data


# --- Pages ----------------------------------------------------------------------------------------

def test_the_item_page_offers_extension_and_adjustment_only_to_the_head(client, item, division_head, clerk):
    detail = reverse("records:item_detail", args=[item.pk])
    extend_url = reverse("records:period_extend", args=[item.pk])
    login_with_second_factor(client, clerk)
    body = client.get(detail).content.decode()
    assert extend_url not in body and reverse("records:period_adjust", args=[item.pk]) not in body
    login_with_second_factor(client, division_head)
    body = client.get(detail).content.decode()
    assert extend_url in body and reverse("records:period_adjust", args=[item.pk]) in body


def test_extension_through_the_page_shows_the_stamp_on_the_item_page(client, item, division_head):
    login_with_second_factor(client, division_head)
    response = client.post(reverse("records:period_extend", args=[item.pk]), extension_data())
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.protection_until == dt.date(2031, 7, 3)
    body = client.get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert "Gia hạn thời hạn bảo vệ BMNN" in body and "03/07/2031" in body and "15/QĐ-PA03" in body


def test_extension_page_refusal_59_days_before_shows_the_basis_and_keeps_the_input(client, item, division_head):
    login_with_second_factor(client, division_head)
    late = EXPIRY - dt.timedelta(days=59)
    response = client.post(reverse("records:period_extend", args=[item.pk]),
                           extension_data(on=late, decision_reference="99/QĐ-GIU"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Điều 20 khoản 2" in body and "2026:deadlines.extension_before_expiry" in body
    assert "99/QĐ-GIU" in body and "nguy hại đến lợi ích quốc gia" in body
    item.refresh_from_db()
    assert item.protection_until == EXPIRY


def test_extension_page_refuses_a_period_longer_than_the_base(client, item, division_head):
    login_with_second_factor(client, division_head)
    response = client.post(reverse("records:period_extend", args=[item.pk]), extension_data(years="11"))
    assert response.status_code == 403 and "extension_max_is_base_period" in response.content.decode()


def test_extension_page_without_a_reason_keeps_the_form(client, item, division_head):
    login_with_second_factor(client, division_head)
    response = client.post(reverse("records:period_extend", args=[item.pk]), extension_data(reason=""))
    assert response.status_code == 200 and "15/QĐ-PA03" in response.content.decode()


def test_extension_and_adjustment_pages_of_a_hidden_item_are_404(client, item, outsider):
    login_with_second_factor(client, outsider)
    assert client.get(reverse("records:period_extend", args=[item.pk])).status_code == 404
    assert client.post(reverse("records:period_extend", args=[item.pk]), extension_data()).status_code == 404
    assert client.get(reverse("records:period_adjust", args=[item.pk])).status_code == 404


def test_adjustment_through_the_page_shows_the_history(client, item, division_head, entry):
    login_with_second_factor(client, division_head)
    response = client.post(reverse("records:period_adjust", args=[item.pk]), {
        "to_level": Level.TOI_MAT, "list_entry": entry.pk, "reason": "Theo danh mục mới",
        "decision_reference": "16/QĐ-PA03", "decided_on": "04/05/2026"})
    assert response.status_code == 302
    body = client.get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert "Các lần điều chỉnh độ mật" in body and "16/QĐ-PA03" in body and "Mật → Tối mật" in body


def test_adjustment_page_without_a_list_entry_is_refused_keeping_the_input(client, item, division_head):
    login_with_second_factor(client, division_head)
    response = client.post(reverse("records:period_adjust", args=[item.pk]), {
        "to_level": Level.TOI_MAT, "list_entry": "", "reason": "Lý do đã gõ", "decision_reference": "16/QĐ-PA03",
        "decided_on": "04/05/2026"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "periods.adjust_list_entry" in body and "Điều 21" in body and "Lý do đã gõ" in body


def test_adjustment_page_by_a_non_head_is_refused(client, item, entry, clerk):
    login_with_second_factor(client, clerk)
    response = client.post(reverse("records:period_adjust", args=[item.pk]), {
        "to_level": Level.TOI_MAT, "list_entry": entry.pk, "reason": "x", "decision_reference": "16/QĐ-PA03",
        "decided_on": "04/05/2026"})
    assert response.status_code == 403 and "2026:adjust" in response.content.decode()


def test_expiring_queue_row_renders(item, division_head):
    from django.template.loader import render_to_string

    [queue] = periods.queues(division_head, EXPIRY - dt.timedelta(days=90))
    html = render_to_string("records/queue_rows/periods_expiring.html", {"row": queue.rows[0]})
    assert "03/07/2026" in html and reverse("records:period_extend", args=[item.pk]) in html


# --- API ------------------------------------------------------------------------------------------

def api_as(person):
    from rest_framework.test import APIClient

    return login_with_second_factor(APIClient(), person)


def api_extension(item, on=ON, **overrides):
    data = {"item": item.pk, "years": 5, "months": 0, "reason": "Giải mật sẽ gây nguy hại",
            "decision_reference": "15/QĐ-PA03", "decided_on": on.isoformat()}
    data.update(overrides)
    return data


def test_api_extension_60_days_before_is_created(item, division_head):
    response = api_as(division_head).post("/api/records/extensions/", api_extension(item), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["new_until"] == "2031-07-03"
    listed = api_as(division_head).get(f"/api/records/extensions/?item={item.pk}").json()
    assert listed["count"] == 1


def test_api_extension_59_days_before_is_403_with_rule_and_basis(item, division_head):
    response = api_as(division_head).post(
        "/api/records/extensions/", api_extension(item, on=EXPIRY - dt.timedelta(days=59)), format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "2026:deadlines.extension_before_expiry"
    assert response.json()["basis"].startswith("Điều 20 khoản 2")


def test_api_extension_longer_than_the_base_period_is_403(item, division_head):
    response = api_as(division_head).post("/api/records/extensions/", api_extension(item, years=12), format="json")
    assert response.status_code == 403 and response.json()["rule"] == "2026:requirements.extension_max_is_base_period"


def test_api_extension_without_reason_is_400(item, division_head):
    response = api_as(division_head).post("/api/records/extensions/", api_extension(item, reason=""), format="json")
    assert response.status_code == 400


def test_api_hides_decisions_on_hidden_items(item, division_head, outsider, entry):
    api_as(division_head).post("/api/records/extensions/", api_extension(item), format="json")
    client = api_as(outsider)
    assert client.post("/api/records/extensions/", api_extension(item), format="json").status_code == 404
    assert client.post("/api/records/adjustments/", {
        "item": item.pk, "to_level": Level.TOI_MAT, "list_entry": entry.pk, "reason": "x",
        "decision_reference": "1/QĐ", "decided_on": ON.isoformat()}, format="json").status_code == 404
    assert client.get("/api/records/extensions/").json()["count"] == 0
    extension = item.extensions.get()
    assert client.get(f"/api/records/extensions/{extension.pk}/").status_code == 404


def test_api_adjustment_by_the_head_is_created(item, division_head, entry):
    response = api_as(division_head).post("/api/records/adjustments/", {
        "item": item.pk, "to_level": Level.TOI_MAT, "list_entry": entry.pk, "reason": "Theo danh mục",
        "decision_reference": "16/QĐ-PA03", "decided_on": ON.isoformat()}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["to_level"] == Level.TOI_MAT and response.json()["new_until"] == "2046-05-04"


def test_api_adjustment_refusals_carry_rule_and_basis(item, division_head, clerk, entry):
    data = {"item": item.pk, "to_level": Level.TOI_MAT, "reason": "x", "decision_reference": "16/QĐ-PA03",
            "decided_on": ON.isoformat()}
    response = api_as(division_head).post("/api/records/adjustments/", data, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "periods.adjust_list_entry"
    response = api_as(clerk).post("/api/records/adjustments/", {**data, "list_entry": entry.pk}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "2026:adjust"
    assert "Điều 21" in response.json()["basis"]
