"""REST API: reads with filters, writes through the services, refusals as 403 JSON."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org import services
from bmnn.org.models import AccessAssignment, Delegation, Person, Role, Unit
from bmnn.org.tests.factories import AccessAssignmentFactory, PersonFactory, UnitFactory, person_in

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_admin(api, admin):
    return login_with_second_factor(api, admin)


@pytest.fixture
def as_staff(api, staff):
    return login_with_second_factor(api, staff)


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_api_requires_authentication(api):
    assert api.get("/api/org/units/").status_code in (401, 403)


def test_units_on_a_date(as_staff, admin):
    old = UnitFactory(name="Công an tỉnh Cũ", code="CAT-CU")
    new = UnitFactory(name="Công an tỉnh Mới", code="CAT-MOI", valid_from=D(2025, 7, 1))
    services.close_unit(admin, old, valid_to=D(2025, 6, 30), successor=new)
    assert [u["code"] for u in results(as_staff.get("/api/org/units/", {"on": "30/06/2025"}))] == ["CAT-CU"]
    [unit] = results(as_staff.get("/api/org/units/", {"on": "2025-07-01"}))
    assert unit["code"] == "CAT-MOI"
    [closed] = results(as_staff.get("/api/org/units/", {"code": "CAT-CU"}))
    assert closed["valid_to"] == "2025-06-30" and closed["successor_detail"]["code"] == "CAT-MOI"


def test_unit_search_is_accent_insensitive(as_staff):
    UnitFactory(name="Phòng An ninh chính trị nội bộ", code="PA03")
    UnitFactory(name="Phòng Cảnh sát cơ động", code="PK02")
    assert [u["code"] for u in results(as_staff.get("/api/org/units/", {"search": "an ninh noi bo"}))] == ["PA03"]


def test_people_search_and_vietnamese_sort(as_staff):
    for name in ["Lê Văn Đặng", "Phạm Thị Ánh", "Trần Dũng", "Nguyễn Bảo", "Hoàng Văn An", "Nguyễn Đức Thắng"]:
        PersonFactory(full_name=name)
    found = results(as_staff.get("/api/org/people/", {"search": "nguyen duc"}))
    assert [p["full_name"] for p in found] == ["Nguyễn Đức Thắng"]
    everyone = [p["full_name"] for p in results(as_staff.get("/api/org/people/", {"search": "a"}))]
    assert everyone[:5] == ["Hoàng Văn An", "Phạm Thị Ánh", "Nguyễn Bảo", "Trần Dũng", "Lê Văn Đặng"]
    backwards = [p["full_name"] for p in results(as_staff.get("/api/org/people/", {"search": "a",
                                                                                   "ordering": "-name"}))]
    assert backwards[:3] == ["Cán Bộ Thường", "Nguyễn Đức Thắng", "Lê Văn Đặng"]  # Thường > Thắng: ư after ă


def test_people_never_expose_password_hashes(as_staff, staff):
    [person] = results(as_staff.get("/api/org/people/", {"search": staff.username}))
    assert "password" not in person and person["username"] == staff.username


def test_admin_creates_updates_and_closes_a_unit_through_the_services(as_admin):
    created = as_admin.post("/api/org/units/", {"name": "Phòng PA03", "code": "PA03", "kind": "DIVISION",
                                                "valid_from": "01/03/2025"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = as_admin.patch(f"/api/org/units/{pk}/", {"name": "Phòng An ninh chính trị nội bộ"}, format="json")
    assert patched.status_code == 200 and patched.json()["name"] == "Phòng An ninh chính trị nội bộ"
    closed = as_admin.post(f"/api/org/units/{pk}/close/", {"valid_to": "2025-06-30"}, format="json")
    assert closed.status_code == 200 and closed.json()["valid_to"] == "2025-06-30"
    assert [e.action for e in LedgerEvent.objects.all()] == ["org.unit.create", "org.unit.update", "org.unit.close"]


def test_refusal_is_403_json_with_rule_and_basis(as_staff):
    response = as_staff.post("/api/org/units/", {"name": "X", "code": "X", "kind": "OTHER",
                                                 "valid_from": "2025-01-01"}, format="json")
    assert response.status_code == 403
    body = response.json()
    assert body["rule"] == "org.admin_only" and "Quy chế vận hành" in body["basis"] and body["detail"]
    assert not Unit.objects.exists()


def test_service_validation_error_is_400_by_field(as_admin):
    response = as_admin.post("/api/org/units/", {"name": "X", "code": "X", "kind": "OTHER", "valid_from": "2025-01-02",
                                                 "valid_to": "2025-01-01"}, format="json")
    assert response.status_code == 400 and "valid_to" in response.json()


def test_units_cannot_be_deleted(as_admin, unit):
    assert as_admin.delete(f"/api/org/units/{unit.pk}/").status_code == 405


def test_merge_through_the_api(as_admin):
    a, b = UnitFactory(name="Tỉnh A"), UnitFactory(name="Tỉnh B")
    response = as_admin.post("/api/org/units/merge/", {"sources": [a.pk, b.pk], "name": "Tỉnh AB", "code": "AB",
                                                       "kind": "PROVINCIAL_COMMITTEE", "effective_on": "2025-07-01"},
                             format="json")
    assert response.status_code == 201
    a.refresh_from_db()
    assert a.successor_id == response.json()["id"] and a.valid_to == D(2025, 6, 30)


def test_person_account_and_tenure_through_the_api(as_admin, unit):
    created = as_admin.post("/api/org/people/", {"username": "ntlan", "full_name": "Nguyễn Thị Lan",
                                                 "initial_password": "Khoi-tao-2026!"}, format="json")
    assert created.status_code == 201 and created.json()["must_change_password"] is True
    assert "initial_password" not in created.json()
    position = as_admin.post("/api/org/positions/", {"unit": unit.pk, "title": "Chuyên viên",
                                                     "valid_from": "2025-01-01"}, format="json").json()
    tenure = as_admin.post("/api/org/tenures/", {"person": created.json()["id"], "position": position["id"],
                                                 "valid_from": "2025-02-01"}, format="json")
    assert tenure.status_code == 201
    ended = as_admin.post(f"/api/org/tenures/{tenure.json()['id']}/end/", {"valid_to": "2025-12-31"}, format="json")
    assert ended.json()["valid_to"] == "2025-12-31"
    person = Person.objects.get(username="ntlan")
    deactivated = as_admin.post(f"/api/org/people/{person.pk}/deactivate/", {"reason": "Nghỉ hưu"}, format="json")
    assert deactivated.json()["is_active"] is False


def test_assignment_commitment_and_revocation_through_the_api(api, authority, staff, unit):
    head = person_in(unit, title="Giám đốc", role=Role.LEADER)
    officer = person_in(unit, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER)
    login_with_second_factor(api, head)
    created = api.post("/api/org/assignments/", {
        "person": staff.pk, "max_level": "TOI_MAT", "units": [unit.pk], "decision_reference": "45/QĐ-STC",
        "decided_by": head.pk, "decided_on": "2025-08-01", "valid_from": "2025-08-01"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["commitment"] is None and created.json()["is_active_today"] is False
    pk = created.json()["id"]
    refused = api.post(f"/api/org/assignments/{pk}/commitment/", {"signed_on": "2025-08-05"}, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "org.commitment.recorder"
    assert "Điều 26" in refused.json()["basis"]
    login_with_second_factor(api, officer)
    signed = api.post(f"/api/org/assignments/{pk}/commitment/", {"signed_on": "2025-08-05", "reference": "CK-5"},
                      format="json")
    assert signed.status_code == 201
    assert results(api.get("/api/org/assignments/", {"active_on": "2025-08-05"}))[0]["id"] == pk
    assert results(api.get("/api/org/assignments/", {"active_on": "2025-08-04"})) == []
    revoked = api.post(f"/api/org/assignments/{pk}/revoke/", {"revoked_on": "2025-10-01", "reason": "Chuyển công tác"},
                       format="json")
    assert revoked.status_code == 200 and revoked.json()["revoked_on"] == "2025-10-01"


def test_assignment_by_someone_without_authority_is_403_citing_the_article(as_staff, authority, staff, unit):
    authority.refuse_authorize = Refused("Không có thẩm quyền giao tiếp cận độ Tối mật.",
                                         rule="2018:acts.assign_access", basis="Điều 7 Nghị định 26/2020/NĐ-CP")
    response = as_staff.post("/api/org/assignments/", {
        "person": PersonFactory().pk, "max_level": "TOI_MAT", "units": [unit.pk], "decision_reference": "1/QĐ",
        "decided_by": staff.pk, "decided_on": "2025-08-01", "valid_from": "2025-08-01"}, format="json")
    assert response.status_code == 403 and response.json()["basis"] == "Điều 7 Nghị định 26/2020/NĐ-CP"
    assert not AccessAssignment.objects.exists()


def test_commitments_endpoint_records_through_the_service(as_admin, unit):
    assignment = AccessAssignmentFactory(units=[unit], max_level=Level.MAT)
    response = as_admin.post("/api/org/commitments/", {"assignment": assignment.pk, "signed_on": "2025-08-05",
                                                       "text_sha256": "b" * 64}, format="json")
    assert response.status_code == 201 and response.json()["text_sha256"] == "b" * 64
    assert LedgerEvent.objects.filter(action="org.commitment.record").exists()


def test_delegation_through_the_api_and_sub_delegation_refused(api, authority, unit):
    head = person_in(unit, title="Giám đốc", role=Role.LEADER)
    deputy = person_in(unit, title="Phó Giám đốc", role=Role.DEPUTY)
    login_with_second_factor(api, head)
    payload = {"delegator": head.pk, "delegate": deputy.pk, "unit": unit.pk, "acts": ["reproduce"],
               "levels": ["MAT", "TOI_MAT"], "reference": "12/GUQ", "signed_on": "2025-08-01",
               "valid_from": "2025-08-01"}
    created = api.post("/api/org/delegations/", payload, format="json")
    assert created.status_code == 201
    revoked = api.post(f"/api/org/delegations/{created.json()['id']}/revoke/", {"revoked_on": "2025-09-01"},
                       format="json")
    assert revoked.json()["revoked_on"] == "2025-09-01"
    authority.refuse_delegation = Refused("Người được ủy quyền không được ủy quyền tiếp.",
                                          rule="2018:delegation.no_sub_delegation",
                                          basis="Điều 11 khoản 5 Luật BVBMNN 2018")
    login_with_second_factor(api, deputy)
    refused = api.post("/api/org/delegations/", {**payload, "delegator": deputy.pk,
                                                 "delegate": person_in(unit, role=Role.DEPUTY).pk}, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "2018:delegation.no_sub_delegation"
    assert Delegation.objects.count() == 1


def test_schema_has_the_org_endpoints(as_staff):
    response = as_staff.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/org/units/", "/api/org/units/{id}/close/", "/api/org/units/merge/", "/api/org/people/",
                 "/api/org/assignments/{id}/commitment/", "/api/org/delegations/{id}/revoke/"):
        assert path in paths, path
