"""Provision pages and API, dates frozen at 10/04/2026: forms offered only to who may use
them, refusals shown with their rule and basis keeping what was typed, hidden items 404."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import CopyStatus, ProvisionStatus
from bmnn.records.tests.issued import issued_item
from bmnn.records.tests.test_provision import DOMESTIC_ORG, DOMESTIC_PERSON, FOREIGN_ORG, ask

pytestmark = pytest.mark.django_db

FROZEN = dt.date(2026, 4, 10)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr("bmnn.records.views.provision._on", lambda: FROZEN)
    monkeypatch.setattr("bmnn.records.api_provision._on", lambda: FROZEN)


@pytest.fixture
def officer(pa03):
    return person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT,
                     full_name="Phạm Thu Trang")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def item(officer, pa03):
    return issued_item(officer, pa03, level=Level.TOI_MAT, copies=3)


@pytest.fixture
def outsider():
    return person_in(UnitFactory(), role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)


def form_data(fields: dict) -> dict:
    data = {k: (v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v) for k, v in fields.items()}
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def as_user(person, client=None):
    return login_with_second_factor(client or Client(), person)


# --- Pages ---------------------------------------------------------------------------------------

def test_item_page_offers_the_request_button_to_a_keeper_only(item, officer, staff):
    url = reverse("records:provision_request", args=[item.pk])
    assert url in as_user(officer).get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert url not in as_user(staff).get(reverse("records:item_detail", args=[item.pk])).content.decode()


def test_request_through_the_page_is_recorded(item, officer):
    response = as_user(officer).post(reverse("records:provision_request", args=[item.pk]), form_data(DOMESTIC_PERSON))
    assert response.status_code == 302, response.content.decode()
    provision = item.provisions.get()
    assert provision.full_name == "Trịnh Thị Mai" and provision.request_date == dt.date(2026, 4, 9)


def test_request_page_refusal_without_commitment_shows_the_basis_and_keeps_the_input(item, officer):
    response = as_user(officer).post(reverse("records:provision_request", args=[item.pk]),
                                     form_data({**DOMESTIC_ORG, "commitment_to_protect": False}))
    body = response.content.decode()
    assert response.status_code == 403 and "Điều 15 Luật BVBMNN 2018" in body and "D3" in body
    assert "Sở Tài chính tỉnh Sơn Hà" in body and not item.provisions.exists()


def test_the_decision_form_is_offered_only_to_the_authority_and_the_record_form_to_head_or_officer(
        item, officer, staff, director):
    provision = ask(officer, item)
    detail = reverse("records:provision_detail", args=[provision.pk])
    decide = reverse("records:provision_decide", args=[provision.pk])
    record = reverse("records:provision_record_decision", args=[provision.pk])
    body = as_user(staff).get(detail).content.decode()
    assert decide not in body and record not in body and "Chờ người có thẩm quyền" in body
    body = as_user(officer).get(detail).content.decode()
    assert decide not in body and record in body
    assert decide in as_user(director).get(detail).content.decode()


def test_foreign_tuyet_mat_recorded_as_a_ministers_decision_is_refused_on_the_page(officer, pa03):
    top = issued_item(officer, pa03, level=Level.TUYET_MAT, copies=1)
    provision = ask(officer, top, FOREIGN_ORG)
    response = as_user(officer).post(reverse("records:provision_record_decision", args=[provision.pk]), {
        "grant": "1", "reference": "77/QĐ-BCA", "decided_on": "09/04/2026", "signer": "Bộ trưởng",
        "capacity": "minister_public_security"})
    body = response.content.decode()
    assert response.status_code == 403 and "Điều 16 khoản 1 Luật BVBMNN 2018" in body and "77/QĐ-BCA" in body


def test_decision_page_by_a_head_of_division_on_toi_mat_is_refused(item, officer, pa03):
    head = person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT)
    provision = ask(officer, item)
    response = as_user(head).post(reverse("records:provision_decide", args=[provision.pk]), {"grant": "1"})
    assert response.status_code == 403 and "Điều 15 khoản 1" in response.content.decode()


def test_grant_deliver_and_receipt_through_the_pages(item, officer, director):
    provision = ask(officer, item, copies_requested=1)
    assert as_user(director).post(reverse("records:provision_decide", args=[provision.pk]),
                                  {"grant": "1", "reason": ""}).status_code == 302
    hands = as_user(officer)
    copy = item.copies.order_by("number").first()
    assert hands.post(reverse("records:provision_deliver", args=[provision.pk]),
                      {"copies": [copy.pk]}).status_code == 302
    response = hands.post(reverse("records:provision_receipt", args=[provision.pk]), {
        "signed_by": "Ngô Văn Bình", "signed_on": "10/04/2026", "counted_copies": "2", "paper_reference": "Trang 3"})
    assert response.status_code == 403 and "Ngô Văn Bình" in response.content.decode()
    assert hands.post(reverse("records:provision_receipt", args=[provision.pk]), {
        "signed_by": "Ngô Văn Bình", "signed_on": "10/04/2026", "counted_copies": "1"}).status_code == 302
    provision.refresh_from_db()
    copy.refresh_from_db()
    assert provision.status == ProvisionStatus.RECEIVED and copy.status == CopyStatus.PROVIDED
    page = hands.get(reverse("records:delivery_detail", args=[provision.delivery_id])).content.decode()
    assert "Sở Tài chính tỉnh Sơn Hà" in page


def test_refusal_without_reasons_on_the_page_keeps_the_form(item, officer, director):
    provision = ask(officer, item)
    response = as_user(director).post(reverse("records:provision_decide", args=[provision.pk]), {"grant": "0"})
    assert response.status_code == 200 and "nêu rõ lý do" in response.content.decode()


def test_hidden_item_is_404_on_the_request_page_and_its_provisions_are_hidden(item, officer, outsider):
    provision = ask(officer, item)
    client = as_user(outsider)
    assert client.get(reverse("records:provision_request", args=[item.pk])).status_code == 404
    assert client.get(reverse("records:provision_detail", args=[provision.pk])).status_code == 404
    assert client.post(reverse("records:provision_decide", args=[provision.pk]), {"grant": "1"}).status_code == 404
    assert item.reference not in client.get(reverse("records:provision_list")).content.decode()


# --- API -----------------------------------------------------------------------------------------

def api_as(person):
    return login_with_second_factor(APIClient(), person)


def api_fields(fields: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}


def test_api_request_decide_deliver_and_receipt(item, officer, director):
    response = api_as(officer).post("/api/records/provisions/", {"item": item.pk, **api_fields(DOMESTIC_ORG)},
                                    format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api_as(director).post(f"/api/records/provisions/{pk}/decide/", {"grant": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "granted"
    copy = item.copies.order_by("number").first()
    response = api_as(officer).post(f"/api/records/provisions/{pk}/deliver/", {"copies": [copy.pk]}, format="json")
    assert response.status_code == 200 and response.json()["delivery_status"] == "sent"
    response = api_as(officer).post(f"/api/records/provisions/{pk}/receipt/", {
        "signed_by": "Ngô Văn Bình", "signed_on": "2026-04-10", "counted_copies": 1}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "received"
    assert response.json()["delivery_status"] == "handed_over"


def test_api_foreign_toi_mat_with_a_recorded_ministerial_decision(item, officer):
    response = api_as(officer).post("/api/records/provisions/", {"item": item.pk, **api_fields(FOREIGN_ORG)},
                                    format="json")
    pk = response.json()["id"]
    response = api_as(officer).post(f"/api/records/provisions/{pk}/record-decision/", {
        "grant": True, "reference": "123/QĐ-BCA", "decided_on": "2026-04-09", "signer": "Bộ trưởng Bộ Công an",
        "capacity": "minister_public_security"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["decision_mode"] == "recorded" and response.json()["status"] == "granted"


def test_api_refusals_carry_rule_and_basis(item, officer):
    response = api_as(officer).post("/api/records/provisions/", {
        "item": item.pk, **api_fields({**FOREIGN_ORG, "commitment_no_third_party": False})}, format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "D4" and response.json()["basis"].startswith("Điều 16 Luật BVBMNN 2018")
    provision = ask(officer, item)
    response = api_as(officer).post(f"/api/records/provisions/{provision.pk}/decide/", {"grant": False},
                                    format="json")
    assert response.status_code == 400 and "reason" in response.json()


def test_api_hides_provisions_of_items_not_visible(item, officer, outsider):
    provision = ask(officer, item)
    client = api_as(outsider)
    assert client.get(f"/api/records/provisions/{provision.pk}/").status_code == 404
    assert client.get("/api/records/provisions/").json()["count"] == 0
    response = client.post("/api/records/provisions/", {"item": item.pk, **api_fields(DOMESTIC_ORG)}, format="json")
    assert response.status_code == 404
