"""Declassification pages and API: the decision form, the detail page with its dossier, the
item page's stamp, the list-removal form; refusals with rule and basis; hidden = 404.
The pages act on today's date, so the council's dates are set relative to it."""

import datetime as dt

import pytest
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import PersonFactory, UnitFactory, person_in
from bmnn.records.models import (
    CouncilKind, CouncilRole, Declassification, ItemStatus, SecretList, SecretListEntry,
)
from bmnn.records.services import councils, declass
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def clerk(police):
    return person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT)


@pytest.fixture
def deputy(police):
    return person_in(police, title="Phó Giám đốc", role=Role.DEPUTY, clearance=Level.TUYET_MAT)


@pytest.fixture
def item(clerk, police):
    return issued_item(clerk, police, level=Level.TOI_MAT, copies=2, on=TODAY - dt.timedelta(days=30),
                       protection_until=TODAY + dt.timedelta(days=7000))


@pytest.fixture
def council(item, director, deputy, clerk, police):
    council = councils.establish_council(
        director, kind=CouncilKind.DECLASSIFICATION, unit=police, items=[item],
        members=[councils.MemberInput(role=CouncilRole.CHAIR, person=deputy), councils.MemberInput(person=clerk)],
        reference="07/QĐ-HĐGM", on=TODAY - dt.timedelta(days=10))
    return councils.record_minutes(deputy, council, met_on=TODAY - dt.timedelta(days=5),
                                   minutes_reference="01/BB-HĐGM", conclusion="Đề nghị giải mật", recommends=True,
                                   on=TODAY - dt.timedelta(days=5))


def page_as(client, person):
    return login_with_second_factor(client, person)


def api_as(person):
    from rest_framework.test import APIClient

    return login_with_second_factor(APIClient(), person)


def test_the_item_page_offers_the_decision_to_the_head_only(client, item, council, director, deputy):
    page = page_as(client, director).get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert reverse("records:declass_decide", args=[item.pk]) in page
    client.logout()
    page = page_as(client, deputy).get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert reverse("records:declass_decide", args=[item.pk]) not in page


def test_the_head_decides_on_the_form_and_the_item_page_shows_the_stamp(client, item, council, director):
    page_as(client, director)
    response = client.post(reverse("records:declass_decide", args=[item.pk]), {
        "council": council.pk, "partial": "0", "reference": "12/QĐ-CAT", "other_papers": "Tờ trình 3/TTr"})
    row = Declassification.objects.get(item=item)
    assert response.status_code == 302 and response.url == reverse("records:declass_detail", args=[row.pk])
    detail = client.get(response.url).content.decode()
    for paper in ("07/QĐ-HĐGM", "01/BB-HĐGM", "12/QĐ-CAT", "Tờ trình 3/TTr", "Hồ sơ giải mật"):
        assert paper in detail
    page = client.get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert f"GIẢI MẬT từ ngày {TODAY:%d/%m/%Y}" in page


def test_partial_without_content_re_renders_the_form_with_what_was_typed(client, item, council, director):
    page_as(client, director)
    response = client.post(reverse("records:declass_decide", args=[item.pk]), {
        "council": council.pk, "partial": "1", "reference": "12/QĐ-CAT"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Giải mật một phần phải ghi rõ nội dung được giải mật." in body and "12/QĐ-CAT" in body
    assert not Declassification.objects.exists()


def test_a_deputy_is_refused_on_the_form_with_rule_and_basis(client, item, council, deputy):
    page_as(client, deputy)
    response = client.post(reverse("records:declass_decide", args=[item.pk]), {
        "council": council.pk, "partial": "0", "reference": "12/QĐ-CAT"})
    assert response.status_code == 403
    assert "Điều 22 khoản 4" in response.content.decode()


def test_hidden_item_is_404_on_pages_and_api(client, item, council, director):
    outsider = person_in(UnitFactory(), clearance=Level.TUYET_MAT)
    row = declass.decide_declassification(director, item, council=council, reference="12/QĐ-CAT", on=TODAY)
    page_as(client, outsider)
    assert client.get(reverse("records:declass_decide", args=[item.pk])).status_code == 404
    assert client.get(reverse("records:declass_detail", args=[row.pk])).status_code == 404
    assert item.reference not in client.get(reverse("records:declass_list")).content.decode()
    api = api_as(outsider)
    assert api.get(f"/api/records/declassifications/{row.pk}/").status_code == 404
    assert api.get("/api/records/declassifications/").json()["count"] == 0
    response = api.post("/api/records/declassifications/", {"item": item.pk, "council": council.pk,
                                                             "reference": "13/QĐ-CAT"}, format="json")
    assert response.status_code == 404


def test_api_decision_and_refusal_with_rule_and_basis(item, council, director, deputy):
    response = api_as(deputy).post("/api/records/declassifications/", {
        "item": item.pk, "council": council.pk, "reference": "12/QĐ-CAT"}, format="json")
    assert response.status_code == 403 and "Điều 22 khoản 4" in response.json()["basis"]
    response = api_as(director).post("/api/records/declassifications/", {
        "item": item.pk, "council": council.pk, "partial": True, "reference": "12/QĐ-CAT"}, format="json")
    assert response.status_code == 400 and "released_content" in response.json()
    response = api_as(director).post("/api/records/declassifications/", {
        "item": item.pk, "council": council.pk, "reference": "12/QĐ-CAT"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["stamp"] == f"GIẢI MẬT – Từ: {TODAY:%d/%m/%Y}"
    item.refresh_from_db()
    assert item.status == ItemStatus.DECLASSIFIED


@pytest.fixture
def entry():
    secret_list = SecretList.objects.create(code="DM-CA", title="Danh mục thử", decision_reference="1/QĐ-TTg",
                                            issued_on=dt.date(2020, 1, 1), valid_from=dt.date(2020, 1, 1))
    return SecretListEntry.objects.create(secret_list=secret_list, number="3", content="Kế hoạch thử",
                                          level=Level.TOI_MAT, valid_from=dt.date(2020, 1, 1))


def test_the_administrator_removes_an_entry_on_the_form(client, clerk, police, entry):
    item = issued_item(clerk, police, level=Level.MAT, list_entry=entry, protection_until=TODAY + dt.timedelta(days=99))
    page_as(client, PersonFactory(is_system_admin=True))
    response = client.post(reverse("records:declass_remove_entry"), {"entry": entry.pk, "reason": "QĐ 9/QĐ-TTg"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DECLASSIFIED


def test_list_removal_by_api_is_refused_to_a_non_administrator(entry, director):
    response = api_as(director).post("/api/records/declassifications/remove-list-entry/",
                                     {"entry": entry.pk, "reason": "QĐ 9/QĐ-TTg"}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "org.admin_only"


def test_list_removal_form_refused_to_a_non_administrator(client, entry, director):
    page_as(client, director)
    response = client.post(reverse("records:declass_remove_entry"), {"entry": entry.pk, "reason": "QĐ 9/QĐ-TTg"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.valid_to is None
