"""Recall and departure pages (Django test client) and API (DRF client): the same services,
refusals shown with rule and basis (403), hidden items 404, forms keep what was typed."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import PersonFactory, UnitFactory, person_in
from bmnn.records.models import Departure, Handover, Recall, RecallStatus
from bmnn.records.services import custody, recall as svc
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-thu-2026"


def today():
    return dt.date.today()


@pytest.fixture
def head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def colleague(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Đỗ Thị Nhận")


@pytest.fixture
def item(clerk, staff, pa03):
    item = issued_item(clerk, pa03, level=Level.TOI_MAT, on=today())
    custody.move_copy(item.copies.get(number=1), to_person=staff, act="test")
    return item


@pytest.fixture
def outsider():
    return person_in(UnitFactory(), clearance=Level.TUYET_MAT)


def recall_of(head, item):
    return svc.decide_recall(head, item, reference="12/QĐ-PA03", return_by=today() + dt.timedelta(days=15),
                             on=today())


def api_as(person):
    return login_with_second_factor(APIClient(), person)


# --- Pages ---------------------------------------------------------------------------------------

def test_the_item_page_offers_the_recall_decision_to_the_head_only(client, head, staff, item):
    page = reverse("records:item_detail", args=[item.pk])
    create = reverse("records:recall_create", args=[item.pk])
    assert create in login_with_second_factor(client, head).get(page).content.decode()
    assert create not in login_with_second_factor(client, staff).get(page).content.decode()


def test_the_head_decides_a_recall_through_the_page_and_the_item_shows_the_stamp(client, head, item):
    login_with_second_factor(client, head)
    response = client.post(reverse("records:recall_create", args=[item.pk]), {
        "reference": "12/QĐ-PA03", "return_by": (today() + dt.timedelta(days=10)).strftime("%d/%m/%Y"),
        "reason": ""})
    recall = Recall.objects.get()
    assert response.status_code == 302 and response.url == reverse("records:recall_detail", args=[recall.pk])
    body = client.get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert "TÀI LIỆU THU HỒI" in body


def test_a_refused_recall_page_shows_the_basis_and_keeps_the_input(client, staff, item):
    login_with_second_factor(client, staff)
    response = client.post(reverse("records:recall_create", args=[item.pk]), {
        "reference": "99/QĐ-THU", "return_by": (today() + dt.timedelta(days=10)).strftime("%d/%m/%Y")})
    body = response.content.decode()
    assert response.status_code == 403 and "Điều 25 khoản 4" in body and "99/QĐ-THU" in body
    assert not Recall.objects.exists()


def test_a_return_date_before_today_is_shown_on_the_field(client, head, item):
    login_with_second_factor(client, head)
    response = client.post(reverse("records:recall_create", args=[item.pk]), {
        "reference": "12/QĐ-PA03", "return_by": (today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")})
    assert response.status_code == 200 and "Hạn trả lại" in response.content.decode()
    assert not Recall.objects.exists()


def test_the_keeper_signs_a_return_on_the_recall_page_and_a_wrong_password_is_refused(client, head, clerk, item):
    recall = recall_of(head, item)
    line = recall.lines.get()
    login_with_second_factor(client, clerk)
    url = reverse("records:recall_return", args=[recall.pk])
    wrong = client.post(url, {"line": line.pk, "password": "sai", "storage_place": "Tủ 9"})
    assert wrong.status_code == 403 and 'value="Tủ 9"' in wrong.content.decode()
    ok = client.post(url, {"line": line.pk, "password": PASSWORD, "storage_place": "Tủ 9"})
    assert ok.status_code == 302
    recall.refresh_from_db()
    assert recall.status == RecallStatus.DONE


def test_recall_pages_of_a_hidden_item_are_not_found(client, head, item, outsider):
    recall = recall_of(head, item)
    login_with_second_factor(client, outsider)
    assert client.get(reverse("records:recall_detail", args=[recall.pk])).status_code == 404
    assert client.get(reverse("records:recall_create", args=[item.pk])).status_code == 404
    assert item.reference not in client.get(reverse("records:recall_list")).content.decode()


def test_the_departure_page_from_the_person_page_records_hands_over_and_commits(
        client, head, colleague, staff, item):
    person_page = reverse("org:person_detail", args=[staff.pk])
    departure_url = reverse("records:departure_for_person", args=[staff.pk])
    login_with_second_factor(client, head)
    assert departure_url in client.get(person_page).content.decode()
    response = client.post(departure_url, {"kind": "retirement", "effective_on": today().strftime("%d/%m/%Y")})
    departure = Departure.objects.get()
    assert response.status_code == 302 and response.url == reverse("records:departure_detail", args=[departure.pk])
    assert item.reference in client.get(response.url).content.decode()
    login_with_second_factor(client, colleague)
    copy = item.copies.get(number=1)
    handover = reverse("records:departure_handover", args=[departure.pk])
    wrong = client.post(handover, {"copy": copy.pk, "destination": "person", "password": "sai"})
    assert wrong.status_code == 403 and not Handover.objects.exists()
    assert client.post(handover, {"copy": copy.pk, "destination": "person", "password": PASSWORD}).status_code == 302
    login_with_second_factor(client, head)
    response = client.post(reverse("records:departure_commitment", args=[departure.pk]),
                           {"reference": "05/CK", "signed_on": today().strftime("%d/%m/%Y")})
    assert response.status_code == 302
    departure.refresh_from_db()
    assert departure.completed_on == today()


def test_the_deactivate_page_shows_the_refusal_for_a_custodian_with_copies(client, staff, item):
    admin = PersonFactory(is_system_admin=True)
    login_with_second_factor(client, admin)
    response = client.post(reverse("org:person_deactivate", args=[staff.pk]), {"reason": "Nghỉ hưu"})
    body = response.content.decode()
    assert response.status_code == 403 and "Điều 25 khoản 4" in body and "chưa bàn giao" in body
    staff.refresh_from_db()
    assert staff.is_active


def test_a_hidden_copy_cannot_be_handed_over_through_the_page(client, head, staff, item, outsider):
    departure = svc.record_departure(head, staff, kind="transfer", effective_on=today(), on=today())
    login_with_second_factor(client, outsider)
    response = client.post(reverse("records:departure_handover", args=[departure.pk]),
                           {"copy": item.copies.get(number=1).pk, "destination": "person", "password": PASSWORD})
    assert response.status_code == 404


# --- API -----------------------------------------------------------------------------------------

def test_api_decide_and_return(head, clerk, item):
    response = api_as(head).post("/api/records/recalls/", {
        "item": item.pk, "reference": "12/QĐ-PA03", "return_by": str(today() + dt.timedelta(days=5))},
        format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    line = data["lines"][0]["id"]
    wrong = api_as(clerk).post(f"/api/records/recalls/{data['id']}/return/", {"line": line, "password": "sai"},
                               format="json")
    assert wrong.status_code == 403 and wrong.json()["rule"] == "records.receipt.signature"
    ok = api_as(clerk).post(f"/api/records/recalls/{data['id']}/return/", {"line": line, "password": PASSWORD},
                            format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "done"


def test_api_refusal_by_a_non_head_carries_rule_and_basis(staff, item):
    response = api_as(staff).post("/api/records/recalls/", {
        "item": item.pk, "reference": "1/QĐ", "return_by": str(today() + dt.timedelta(days=5))}, format="json")
    assert response.status_code == 403 and "Điều 25 khoản 4" in response.json()["basis"]


def test_api_return_date_before_the_decision_is_400(head, item):
    response = api_as(head).post("/api/records/recalls/", {
        "item": item.pk, "reference": "1/QĐ", "return_by": str(today() - dt.timedelta(days=1))}, format="json")
    assert response.status_code == 400 and "return_by" in response.json()


def test_api_hides_recalls_of_items_not_visible(head, item, outsider):
    recall = recall_of(head, item)
    client = api_as(outsider)
    assert client.get(f"/api/records/recalls/{recall.pk}/").status_code == 404
    assert client.get("/api/records/recalls/").json()["count"] == 0
    response = client.post("/api/records/recalls/", {
        "item": item.pk, "reference": "1/QĐ", "return_by": str(today() + dt.timedelta(days=5))}, format="json")
    assert response.status_code == 404


def test_api_departure_handover_and_commitment(head, colleague, staff, item):
    response = api_as(head).post("/api/records/departures/", {
        "person": staff.pk, "kind": "transfer", "effective_on": str(today())}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    copy = item.copies.get(number=1).pk
    assert data["copies_to_hand_over"] == [copy]
    url = f"/api/records/departures/{data['id']}/"
    wrong = api_as(colleague).post(url + "handover/", {"copy": copy, "destination": "person", "password": "x"},
                                   format="json")
    assert wrong.status_code == 403
    ok = api_as(colleague).post(url + "handover/", {"copy": copy, "destination": "person", "password": PASSWORD},
                                format="json")
    assert ok.status_code == 200 and ok.json()["copies_to_hand_over"] == []
    done = api_as(head).post(url + "commitment/", {"reference": "05/CK", "signed_on": str(today())}, format="json")
    assert done.status_code == 200 and done.json()["completed_on"] == str(today())


def test_api_hidden_copy_handover_is_404(head, staff, item, outsider):
    departure = svc.record_departure(head, staff, kind="transfer", effective_on=today(), on=today())
    response = api_as(outsider).post(f"/api/records/departures/{departure.pk}/handover/", {
        "copy": item.copies.get(number=1).pk, "destination": "person", "password": PASSWORD}, format="json")
    assert response.status_code == 404


def test_api_deactivation_refused_with_rule_f8(staff, item):
    admin = PersonFactory(is_system_admin=True)
    response = api_as(admin).post(f"/api/org/people/{staff.pk}/deactivate/", {"reason": "x"}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "F8"
