"""Pages and API of carrying out of the storage place: the request from the item page (button
only for who may), the list with its filters, the detail with each form offered only to who may
use it, refusals shown with rule and basis, hidden items 404. The date is frozen on the views."""

import datetime as dt

import pytest
from django.urls import reverse

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import CarryOut, CarryOutScope, CarryOutStatus, CopyStatus, Incident
from bmnn.records.services import carryout as svc
from bmnn.records.tests.factories import AccessGrantFactory
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 4, 10)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    for module in ("bmnn.records.views.carryout", "bmnn.records.api_carryout",
                   "bmnn.records.templatetags.records_carryout"):
        monkeypatch.setattr(f"{module}.today", lambda: ON)


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def carrier(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def item(clerk, pa03):
    return issued_item(clerk, pa03, level=Level.TOI_MAT, on=ON)


@pytest.fixture
def outsider(item, police):
    """Knows of the item (an explicit grant) but has none of its copies at hand."""
    other = UnitFactory(code="PX09", parent=police)
    person = person_in(other, clearance=Level.TOI_MAT, covers=[other, item.holding_unit])
    AccessGrantFactory(item=item, person=person)
    return person


@pytest.fixture
def stranger(police):
    return person_in(UnitFactory(code="PX10", parent=police), clearance=Level.TOI_MAT)


def page(client, person):
    from bmnn.accounts.testing import login_with_second_factor

    return login_with_second_factor(client, person)


def form_data(item, **overrides):
    data = {"copies": [item.copies.get(number=1).pk], "scope": CarryOutScope.DOMESTIC,
            "purpose": "Báo cáo tại hội nghị", "destination": "Hà Nội", "leaves_on": "10/04/2026",
            "returns_by": "13/04/2026", "protection_measures": "Cặp có khóa số", "delegation_head": ""}
    data.update(overrides)
    return data


def requested(carrier, item):
    return svc.request_carry_out(carrier, item, copies=[item.copies.get(number=1)], scope=CarryOutScope.DOMESTIC,
                                 purpose="Hội nghị", destination="Hà Nội", leaves_on=ON,
                                 returns_by=ON + dt.timedelta(days=3), protection_measures="Cặp có khóa", on=ON)


def approved(carrier, item, head):
    return svc.decide_carry_out(head, requested(carrier, item), approve=True, on=ON)


# --- Pages -------------------------------------------------------------------------------------

def test_item_page_offers_the_request_only_to_who_has_a_copy_at_hand(client, carrier, outsider, item):
    button = "Đề nghị mang ra khỏi nơi lưu giữ"
    assert button in page(client, carrier).get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert button not in page(client, outsider).get(reverse("records:item_detail", args=[item.pk])).content.decode()


def test_request_page_creates_the_request(client, carrier, item):
    response = page(client, carrier).post(reverse("records:carryout_request", args=[item.pk]), form_data(item))
    carry_out = CarryOut.objects.get()
    assert response.status_code == 302 and response.url == reverse("records:carryout_detail", args=[carry_out.pk])
    assert carry_out.leaves_on == ON and carry_out.carrier == carrier


def test_request_page_keeps_what_was_typed_when_a_field_is_missing(client, carrier, item):
    response = page(client, carrier).post(reverse("records:carryout_request", args=[item.pk]),
                                          form_data(item, scope=CarryOutScope.ABROAD, destination="Viên Chăn"))
    body = response.content.decode()
    assert response.status_code == 200 and "trưởng đoàn công tác" in body and 'value="Viên Chăn"' in body
    assert not CarryOut.objects.exists()


def test_request_page_for_a_hidden_item_is_404(client, stranger, item):
    assert page(client, stranger).get(reverse("records:carryout_request", args=[item.pk])).status_code == 404


def test_detail_offers_the_decision_only_to_who_may_decide(client, carrier, item, division_head, clerk):
    carry_out = requested(carrier, item)
    url = reverse("records:carryout_detail", args=[carry_out.pk])
    action = reverse("records:carryout_decide", args=[carry_out.pk])
    assert action not in page(client, carrier).get(url).content.decode()
    assert action not in page(client, clerk).get(url).content.decode()
    assert action in page(client, division_head).get(url).content.decode()


def test_decision_by_a_non_head_is_refused_on_the_page_with_its_basis(client, carrier, item, clerk):
    carry_out = requested(carrier, item)
    response = page(client, clerk).post(reverse("records:carryout_decide", args=[carry_out.pk]),
                                        {"approve": "1", "reason": "Đồng ý"})
    body = response.content.decode()
    assert response.status_code == 403 and "Điều 14 khoản 1 Luật BVBMNN 2018" in body and 'value="Đồng ý"' in body
    carry_out.refresh_from_db()
    assert carry_out.status == CarryOutStatus.REQUESTED


def test_head_allows_on_the_page_and_the_copies_go_out(client, carrier, item, division_head):
    carry_out = requested(carrier, item)
    response = page(client, division_head).post(reverse("records:carryout_decide", args=[carry_out.pk]),
                                                {"approve": "1", "reason": ""})
    assert response.status_code == 302
    assert item.copies.get(number=1).status == CopyStatus.OUT


def test_only_the_carrier_is_offered_return_and_loss_forms(client, carrier, item, division_head):
    carry_out = approved(carrier, item, division_head)
    url = reverse("records:carryout_detail", args=[carry_out.pk])
    forms = (reverse("records:carryout_return", args=[carry_out.pk]),
             reverse("records:carryout_report_loss", args=[carry_out.pk]))
    mine = page(client, carrier).get(url).content.decode()
    theirs = page(client, division_head).get(url).content.decode()
    assert all(f in mine for f in forms) and not any(f in theirs for f in forms)


def test_return_by_someone_else_is_refused_on_the_page(client, carrier, item, division_head):
    carry_out = approved(carrier, item, division_head)
    response = page(client, division_head).post(reverse("records:carryout_return", args=[carry_out.pk]),
                                                {"report": "Đã nộp"})
    assert response.status_code == 403 and "carryout.carrier_only" in response.content.decode()


def test_carrier_returns_and_reports_on_the_page(client, carrier, item, division_head):
    carry_out = approved(carrier, item, division_head)
    response = page(client, carrier).post(reverse("records:carryout_return", args=[carry_out.pk]),
                                          {"report": "Sử dụng đúng mục đích, luôn mang theo người"})
    assert response.status_code == 302
    carry_out.refresh_from_db()
    assert carry_out.status == CarryOutStatus.RETURNED and carry_out.returned_on == ON


def test_carrier_reports_a_loss_on_the_page(client, carrier, item, division_head):
    carry_out = approved(carrier, item, division_head)
    copy = item.copies.get(number=1)
    response = page(client, carrier).post(reverse("records:carryout_report_loss", args=[carry_out.pk]),
                                          {"kind": "loss", "copies": [copy.pk], "description": "Mất tại sân bay"})
    assert response.status_code == 302 and Incident.objects.get().copy == copy


def test_list_filters_overdue(client, carrier, item, division_head, monkeypatch):
    carry_out = approved(carrier, item, division_head)
    client = page(client, carrier)
    url = reverse("records:carryout_list")
    assert reverse("records:carryout_detail", args=[carry_out.pk]) in client.get(url).content.decode()
    assert "Quá hạn nộp lại" not in client.get(url + "?overdue=1").content.decode().split("</form>")[1]
    monkeypatch.setattr("bmnn.records.views.carryout.today", lambda: carry_out.returns_by + dt.timedelta(days=1))
    late = client.get(url + "?overdue=1&status=approved").content.decode()
    assert reverse("records:carryout_detail", args=[carry_out.pk]) in late


def test_detail_of_a_hidden_item_is_404(client, carrier, item, stranger):
    carry_out = requested(carrier, item)
    assert page(client, stranger).get(reverse("records:carryout_detail", args=[carry_out.pk])).status_code == 404
    assert page(client, stranger).post(reverse("records:carryout_decide", args=[carry_out.pk]),
                                       {"approve": "1"}).status_code == 404


def test_queue_rows_render(carrier, item, division_head):
    from django.template.loader import render_to_string

    carry_out = requested(carrier, item)
    for key in ("carryout_to_decide", "carryout_to_return", "carryout_overdue"):
        html = render_to_string(f"records/queue_rows/{key}.html", {"row": svc.with_overdue(
            CarryOut.objects.filter(pk=carry_out.pk), ON).get()})
        assert reverse("records:carryout_detail", args=[carry_out.pk]) in html


# --- API ---------------------------------------------------------------------------------------

def api(person):
    from rest_framework.test import APIClient

    from bmnn.accounts.testing import login_with_second_factor

    return login_with_second_factor(APIClient(), person)


def api_request(item, **overrides):
    data = {"item": item.pk, "copies": [item.copies.get(number=1).pk], "scope": "domestic",
            "purpose": "Hội nghị", "destination": "Hà Nội", "leaves_on": "2026-04-10", "returns_by": "2026-04-13",
            "protection_measures": "Cặp có khóa"}
    data.update(overrides)
    return data


def test_api_request_decide_return(carrier, item, division_head):
    created = api(carrier).post("/api/records/carry-outs/", api_request(item), format="json")
    assert created.status_code == 201 and created.json()["status"] == "requested"
    pk = created.json()["id"]
    assert "summary" not in created.json()
    decided = api(division_head).post(f"/api/records/carry-outs/{pk}/decide/", {"approve": True}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    returned = api(carrier).post(f"/api/records/carry-outs/{pk}/return/", {"report": "Đúng mục đích"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"


def test_api_missing_field_is_400(carrier, item):
    response = api(carrier).post("/api/records/carry-outs/", api_request(item, protection_measures=""), format="json")
    assert response.status_code == 400 and "protection_measures" in response.json()


def test_api_refusals_carry_rule_and_basis(carrier, item, clerk):
    pk = requested(carrier, item).pk
    refused = api(clerk).post(f"/api/records/carry-outs/{pk}/decide/", {"approve": True}, format="json")
    assert refused.status_code == 403
    assert refused.json()["rule"].endswith("carry_out_domestic") and "Điều 14 khoản 1" in refused.json()["basis"]


def test_api_return_by_someone_else_is_403(carrier, item, division_head):
    pk = approved(carrier, item, division_head).pk
    response = api(division_head).post(f"/api/records/carry-outs/{pk}/return/", {"report": "x"}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "carryout.carrier_only"


def rows_of(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def test_api_report_loss_and_overdue_filter(carrier, item, division_head, monkeypatch):
    pk = approved(carrier, item, division_head).pk
    copy = item.copies.get(number=1)
    loss = api(carrier).post(f"/api/records/carry-outs/{pk}/report-loss/",
                             {"kind": "loss", "copies": [copy.pk], "description": "Mất"}, format="json")
    assert loss.status_code == 201 and loss.json()[0]["copy"] == copy.pk
    assert rows_of(api(carrier).get("/api/records/carry-outs/?overdue=1")) == []
    monkeypatch.setattr("bmnn.records.api_carryout.today", lambda: ON + dt.timedelta(days=5))
    rows = rows_of(api(carrier).get("/api/records/carry-outs/?overdue=1"))
    assert [r["id"] for r in rows] == [pk] and rows[0]["is_overdue"] is True


def test_api_hidden_item_is_404(carrier, item, stranger):
    pk = requested(carrier, item).pk
    assert api(stranger).get(f"/api/records/carry-outs/{pk}/").status_code == 404
    assert api(stranger).post(f"/api/records/carry-outs/{pk}/decide/", {"approve": True},
                              format="json").status_code == 404
    assert api(stranger).post("/api/records/carry-outs/", api_request(item), format="json").status_code == 404
