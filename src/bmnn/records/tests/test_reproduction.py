"""Reproduction (sao, chụp): refused when the item does not allow it (C1); decided by the
authority for the level on that date, directly or by written delegation (C2); made only by
a person with an active access assignment (C3); numbered "bản sao số" copies in a register
line (C4); never more than approved, spoiled ones destroyed at once (C5)."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import DelegationFactory, UnitFactory, person_in
from bmnn.records.models import (
    Copy, CopyOrigin, RegisterEntry, RegisterKind, ReproductionMethod, ReproductionStatus,
)
from bmnn.records.services.reproduction import decide_reproduction, execute_reproduction, request_reproduction
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

IN_2026 = dt.date(2026, 4, 10)
IN_2025 = dt.date(2025, 10, 1)


@pytest.fixture
def deputy_director(police):
    return person_in(police, title="Phó Giám đốc", role=Role.DEPUTY, authority_class="deputy",
                     clearance=Level.TOI_MAT, full_name="Trần Minh Khoa")


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def item(clerk, pa03):
    return issued_item(clerk, pa03, level=Level.TOI_MAT, reproduction_allowed=True)


def ask(staff, item, copies=2, **overrides):
    fields = dict(method=ReproductionMethod.TRUE_COPY, copies_requested=copies, purpose="Phục vụ họp giao ban",
                  on=IN_2026)
    fields.update(overrides)
    return request_reproduction(staff, item, **fields)


def test_request_is_refused_when_the_item_does_not_allow_reproduction(staff, clerk, pa03):
    item = issued_item(clerk, pa03, level=Level.TOI_MAT, reproduction_allowed=False)
    with pytest.raises(Refused) as refusal:
        ask(staff, item)
    assert refusal.value.rule == "C1"
    assert refusal.value.basis == "Điều 10 khoản 2 Luật BVBMNN 2018"
    assert "không được phép sao, chụp" in refusal.value.message
    assert not LedgerEvent.objects.filter(action="records.reproduction.request").exists()


def test_request_names_the_source_copy_method_and_purpose_and_is_in_the_ledger(staff, item):
    source = item.copies.get(number=1)
    reproduction = ask(staff, item, source_copy=source, method=ReproductionMethod.EXTRACT)
    assert reproduction.status == ReproductionStatus.REQUESTED and reproduction.source_copy == source
    event = LedgerEvent.objects.get(action="records.reproduction.request", object_id=str(reproduction.pk))
    assert "Phục vụ họp giao ban" not in event.payload  # the purpose may speak of the content: hash only


def test_request_without_purpose_is_invalid(staff, item):
    with pytest.raises(ValidationError) as error:
        ask(staff, item, purpose=" ")
    assert "purpose" in error.value.message_dict


@pytest.mark.parametrize("on", [IN_2025, IN_2026], ids=["regime-2018", "regime-2026"])
def test_head_of_division_deciding_toi_mat_is_refused_citing_article_11(staff, item, division_head, on):
    reproduction = ask(staff, item, on=on)
    with pytest.raises(Refused) as refusal:
        decide_reproduction(division_head, reproduction, approve=True, reason="", on=on)
    assert "Điều 11" in refusal.value.basis
    reproduction.refresh_from_db()
    assert reproduction.status == ReproductionStatus.REQUESTED


def test_head_of_division_may_decide_a_mat_item(staff, clerk, pa03, division_head):
    item = issued_item(clerk, pa03, level=Level.MAT, reproduction_allowed=True)
    reproduction = decide_reproduction(division_head, ask(staff, item), approve=True, on=IN_2026)
    assert reproduction.status == ReproductionStatus.APPROVED


def test_toi_mat_reproduction_is_allowed_through_a_written_delegation_from_the_director(
        staff, item, director, deputy_director, police):
    delegation = DelegationFactory(delegator=director, delegate=deputy_director, unit=police, acts=["reproduce"],
                                   levels=[Level.TOI_MAT, Level.MAT])
    reproduction = decide_reproduction(deputy_director, ask(staff, item), approve=True, on=IN_2026)
    assert reproduction.status == ReproductionStatus.APPROVED and reproduction.decided_by == deputy_director
    assert reproduction.delegation == delegation
    payload = json.loads(LedgerEvent.objects.get(action="records.reproduction.decide").payload)
    assert payload["via"] == "delegation" and payload["delegation"]


def test_deputy_without_delegation_is_refused(staff, item, deputy_director):
    with pytest.raises(Refused) as refusal:
        decide_reproduction(deputy_director, ask(staff, item), approve=True, on=IN_2026)
    assert "Điều 11" in refusal.value.basis


def test_refusing_a_request_needs_a_reason(staff, item, director):
    reproduction = ask(staff, item)
    with pytest.raises(ValidationError):
        decide_reproduction(director, reproduction, approve=False, reason="", on=IN_2026)
    refused = decide_reproduction(director, reproduction, approve=False, reason="Không cần thiết", on=IN_2026)
    assert refused.status == ReproductionStatus.REFUSED and refused.decision_reason == "Không cần thiết"


@pytest.fixture
def approved(staff, item, director):
    return decide_reproduction(director, ask(staff, item, copies=2), approve=True, on=IN_2026)


def execute(executor, reproduction, **overrides):
    fields = dict(copies_made=2, place="Phòng văn thư PA03", device="Máy photocopy PA03-01 (không nối mạng)",
                  on=IN_2026)
    fields.update(overrides)
    return execute_reproduction(executor, reproduction, **fields)


def test_execution_makes_numbered_reproduction_copies_with_a_register_line(approved, clerk, staff, item, pa03):
    copies = execute(clerk, approved)
    assert [c.number for c in copies] == [1, 2]
    assert all(c.origin == CopyOrigin.REPRODUCTION and c.item == item and c.custodian_person == staff
               for c in copies)
    assert str(copies[0]).endswith("Bản sao số 01")
    entry = RegisterEntry.objects.get(unit=pa03, kind=RegisterKind.REPRODUCTION)
    assert entry.number == 1 and entry.copies_count == 2 and entry.item == item
    approved.refresh_from_db()
    assert approved.status == ReproductionStatus.DONE and approved.register_entry == entry
    assert approved.executor == clerk and approved.device.startswith("Máy photocopy")
    payload = json.loads(LedgerEvent.objects.get(action="records.reproduction.execute").payload)
    assert payload["method"] == "sao_y" and payload["copies_made"] == 2 and payload["numbers"] == [1, 2]


def test_second_execution_continues_the_reproduction_numbers(approved, clerk, staff, item, director):
    execute(clerk, approved)
    again = decide_reproduction(director, ask(staff, item, copies=1), approve=True, on=IN_2026)
    assert [c.number for c in execute(clerk, again, copies_made=1)] == [3]


def test_executor_without_an_access_assignment_is_refused(approved, pa03):
    unassigned_clerk = person_in(pa03, title="Văn thư", role=Role.CLERK, full_name="Đỗ Văn Lâm")
    with pytest.raises(Refused) as refusal:
        execute(unassigned_clerk, approved)
    assert refusal.value.basis.startswith("Điều 11 khoản 6")
    assert not Copy.objects.filter(origin=CopyOrigin.REPRODUCTION).exists()


def test_executor_assigned_only_to_a_lower_level_is_refused(approved, pa03):
    mat_only = person_in(pa03, role=Role.CLERK, clearance=Level.MAT)
    with pytest.raises(Refused) as refusal:
        execute(mat_only, approved)
    assert "Điều 11 khoản 6" in refusal.value.basis


def test_more_copies_than_approved_is_refused(approved, clerk):
    with pytest.raises(Refused) as refusal:
        execute(clerk, approved, copies_made=3)
    assert refusal.value.rule == "C5" and refusal.value.basis == "Điều 3 khoản 3 Nghị định 26/2020/NĐ-CP"
    assert not RegisterEntry.objects.filter(kind=RegisterKind.REPRODUCTION).exists()


def test_spoiled_copies_are_recorded_as_destroyed_at_once(approved, clerk):
    copies = execute(clerk, approved, copies_made=2, copies_spoiled=1)
    approved.refresh_from_db()
    assert approved.copies_spoiled == 1 and len(copies) == 2
    event = LedgerEvent.objects.get(action="records.reproduction.spoiled_destroyed")
    assert json.loads(event.payload)["copies_spoiled"] == 1
    assert "hỏng, đã hủy: 1" in approved.register_entry.note


def test_a_request_not_yet_approved_cannot_be_executed(staff, item, clerk):
    with pytest.raises(Refused):
        execute(clerk, ask(staff, item))


def test_place_and_device_are_required(approved, clerk):
    with pytest.raises(ValidationError) as error:
        execute(clerk, approved, place="", device="")
    assert {"place", "device"} <= set(error.value.message_dict)


# --- Pages ---------------------------------------------------------------------------------

def test_request_page_refusal_shows_the_basis_and_keeps_the_input(client, staff, clerk, pa03):
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    item = issued_item(clerk, pa03, level=Level.TOI_MAT, reproduction_allowed=False)
    login_with_second_factor(client, staff)
    response = client.post(reverse("records:reproduction_request", args=[item.pk]),
                           {"method": "sao_y", "copies_requested": "2", "purpose": "Họp giao ban"})
    assert response.status_code == 403
    assert "Điều 10 khoản 2 Luật BVBMNN 2018" in response.content.decode()
    assert "Họp giao ban" in response.content.decode()


def test_request_decide_and_execute_through_the_pages(client, staff, item, director, clerk):
    from django.test import Client
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    login_with_second_factor(client, staff)
    response = client.post(reverse("records:reproduction_request", args=[item.pk]),
                           {"method": "chup", "copies_requested": "1", "purpose": "Báo cáo lãnh đạo"})
    assert response.status_code == 302
    reproduction = item.reproductions.get()
    boss = login_with_second_factor(Client(), director)
    assert boss.post(reverse("records:reproduction_decide", args=[reproduction.pk]),
                     {"approve": "1", "reason": ""}).status_code == 302
    hands = login_with_second_factor(Client(), clerk)
    response = hands.post(reverse("records:reproduction_execute", args=[reproduction.pk]),
                          {"copies_made": "2", "copies_spoiled": "0", "place": "Phòng văn thư", "device": "Máy ảnh"})
    assert response.status_code == 403 and "Điều 3 khoản 3" in response.content.decode()
    response = hands.post(reverse("records:reproduction_execute", args=[reproduction.pk]),
                          {"copies_made": "1", "copies_spoiled": "1", "place": "Phòng văn thư", "device": "Máy ảnh"})
    assert response.status_code == 302
    page = hands.get(reverse("records:reproduction_detail", args=[reproduction.pk])).content.decode()
    assert "Bản sao số 01" in page


def test_head_of_division_decision_page_is_refused_with_article_11(client, staff, item, division_head):
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    reproduction = ask(staff, item, on=dt.date.today())
    login_with_second_factor(client, division_head)
    response = client.post(reverse("records:reproduction_decide", args=[reproduction.pk]), {"approve": "1"})
    assert response.status_code == 403 and "Điều 11" in response.content.decode()


def test_the_decision_form_is_offered_only_to_someone_with_the_authority(client, staff, item, director):
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    reproduction = ask(staff, item, on=dt.date.today())
    detail = reverse("records:reproduction_detail", args=[reproduction.pk])
    decide = reverse("records:reproduction_decide", args=[reproduction.pk])
    login_with_second_factor(client, staff)
    body = client.get(detail).content.decode()
    assert decide not in body and "Chờ người có thẩm quyền cho phép sao, chụp tài liệu Tối mật quyết định." in body
    login_with_second_factor(client, director)
    assert decide in client.get(detail).content.decode()


def test_reproductions_of_items_a_person_may_not_know_of_are_hidden(client, staff, item, pa03):
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    reproduction = ask(staff, item)
    outsider = person_in(UnitFactory(), clearance=Level.TUYET_MAT)
    login_with_second_factor(client, outsider)
    assert client.get(reverse("records:reproduction_detail", args=[reproduction.pk])).status_code == 404
    assert item.reference not in client.get(reverse("records:reproduction_list")).content.decode()


# --- API -----------------------------------------------------------------------------------

def api_as(person):
    from rest_framework.test import APIClient

    from bmnn.accounts.testing import login_with_second_factor

    return login_with_second_factor(APIClient(), person)


def test_api_request_decide_execute(staff, item, director, clerk):
    response = api_as(staff).post("/api/records/reproductions/", {
        "item": item.pk, "method": "sao_y", "copies_requested": 2, "purpose": "Họp"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api_as(director).post(f"/api/records/reproductions/{pk}/decide/", {"approve": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    response = api_as(clerk).post(f"/api/records/reproductions/{pk}/execute/", {
        "copies_made": 2, "copies_spoiled": 1, "place": "Văn thư", "device": "Máy sao"}, format="json")
    assert response.status_code == 200 and response.json()["copy_numbers"] == [1, 2]


def test_api_refusals_carry_rule_and_basis(staff, clerk, pa03, item, division_head):
    forbidden = issued_item(clerk, pa03, level=Level.TOI_MAT, reproduction_allowed=False)
    response = api_as(staff).post("/api/records/reproductions/", {
        "item": forbidden.pk, "method": "chup", "copies_requested": 1, "purpose": "Họp"}, format="json")
    assert response.status_code == 403 and response.json()["basis"] == "Điều 10 khoản 2 Luật BVBMNN 2018"
    reproduction = ask(staff, item, on=dt.date.today())
    response = api_as(division_head).post(f"/api/records/reproductions/{reproduction.pk}/decide/",
                                          {"approve": True}, format="json")
    assert response.status_code == 403 and "Điều 11" in response.json()["basis"]
    response = api_as(staff).post(f"/api/records/reproductions/{reproduction.pk}/decide/",
                                  {"approve": False}, format="json")
    assert response.status_code == 403  # no authority, whatever the answer


def test_api_hides_reproductions_of_items_not_visible(staff, item):
    reproduction = ask(staff, item)
    outsider = person_in(UnitFactory(), clearance=Level.TUYET_MAT)
    client = api_as(outsider)
    assert client.get(f"/api/records/reproductions/{reproduction.pk}/").status_code == 404
    assert client.get("/api/records/reproductions/").json()["count"] == 0
