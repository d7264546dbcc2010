"""Rulebook REST API: regimes, rules on a date, the authority check, overrides."""

import pytest
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.org.models import Role
from bmnn.org.tests.factories import PersonFactory
from bmnn.rulebook.models import AuthorityOverride
from bmnn.rulebook.tests.conftest import holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(db):
    return APIClient()


@pytest.fixture
def admin(db):
    return PersonFactory(is_system_admin=True)


def test_api_needs_authentication(api):
    assert api.get("/api/rulebook/regimes/").status_code in (401, 403)


def test_regimes_are_listed_and_retrieved(api):
    login_with_second_factor(api, PersonFactory())
    listing = api.get("/api/rulebook/regimes/").json()
    assert [r["code"] for r in listing] == ["2018", "2026"]
    regime = api.get("/api/rulebook/regimes/2018/").json()
    reproduce = next(a for a in regime["acts"] if a["code"] == "reproduce")
    assert reproduce["delegation"]["basis"]["citation"] == "Điều 11 khoản 5 Luật BVBMNN 2018"
    assert reproduce["delegation"]["delegator_min_level"] == "TOI_MAT"
    assert api.get("/api/rulebook/regimes/1999/").status_code == 404


def test_rules_in_force_on_a_date(api):
    login_with_second_factor(api, PersonFactory())
    body = api.get("/api/rulebook/rules/", {"on": "01/03/2026"}).json()
    assert body["on"] == "2026-03-01" and body["regime"]["code"] == "2026"
    assert api.get("/api/rulebook/rules/", {"on": "2026-02-28"}).json()["regime"]["code"] == "2018"
    assert api.get("/api/rulebook/rules/", {"on": "x"}).status_code == 400


def test_authorize_checks_ones_own_authority(api, units):
    head = holder(units["pa03"], "police_division_head", title="Trưởng phòng")
    login_with_second_factor(api, head)
    body = api.post("/api/rulebook/authorize/", {"act": "reproduce", "level": "TOI_MAT", "unit": units["pa03"].pk,
                                                  "on": "2025-06-02"}, format="json").json()
    assert body["allowed"] is False and body["basis"] == "Điều 11 Luật BVBMNN 2018"
    body = api.get("/api/rulebook/authorize/", {"act": "reproduce", "level": "MAT", "unit": units["pa03"].pk,
                                                 "on": "02/06/2025"}).json()
    assert body["allowed"] is True and body["verified"] is False


def test_authorize_of_someone_else_needs_an_officer(api, units):
    head = holder(units["pa03"], "police_division_head", title="Trưởng phòng")
    staff = holder(units["pa03"], "none", title="Cán bộ", role=Role.STAFF)
    login_with_second_factor(api, staff)
    response = api.post("/api/rulebook/authorize/", {"person": head.pk, "act": "reproduce", "level": "MAT",
                                                      "unit": units["pa03"].pk}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "rulebook.try.officers_only"
    officer = holder(units["police"], "none", title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER)
    login_with_second_factor(api, officer)
    response = api.post("/api/rulebook/authorize/", {"person": head.pk, "act": "reproduce", "level": "MAT",
                                                      "unit": units["pa03"].pk, "on": "2025-06-02"}, format="json")
    assert response.status_code == 200 and response.json()["via"] == "position"


def test_authorize_rejects_an_unknown_act(api, units):
    login_with_second_factor(api, PersonFactory())
    response = api.post("/api/rulebook/authorize/", {"act": "photocopy", "level": "MAT", "unit": units["dept"].pk},
                        format="json")
    assert response.status_code == 400 and "act" in response.json()


OVERRIDE = {"act": "reproduce", "level": "TOI_MAT", "authority_class": "police_division_head", "effect": "allow",
            "reference": "QĐ 15/QĐ-CAT", "reason": "Theo quy chế", "valid_from": "2025-01-01"}


def test_admin_creates_and_revokes_overrides_through_the_api(api, admin):
    login_with_second_factor(api, admin)
    created = api.post("/api/rulebook/overrides/", OVERRIDE, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    revoked = api.post(f"/api/rulebook/overrides/{pk}/revoke/", {"revoked_on": "02/06/2025"}, format="json")
    assert revoked.status_code == 200 and revoked.json()["revoked_on"] == "2025-06-02"
    assert api.get("/api/rulebook/overrides/").json()["results"][0]["id"] == pk


def test_delete_revokes_instead_of_deleting(api, admin):
    login_with_second_factor(api, admin)
    pk = api.post("/api/rulebook/overrides/", OVERRIDE, format="json").json()["id"]
    assert api.delete(f"/api/rulebook/overrides/{pk}/").status_code == 200
    assert AuthorityOverride.objects.get(pk=pk).revoked_on is not None


def test_non_admin_cannot_create_overrides_through_the_api(api):
    login_with_second_factor(api, PersonFactory())
    response = api.post("/api/rulebook/overrides/", OVERRIDE, format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "rulebook.override.admin_only" and response.json()["basis"]
    assert not AuthorityOverride.objects.exists()


def test_invalid_override_is_400_by_field(api, admin):
    login_with_second_factor(api, admin)
    response = api.post("/api/rulebook/overrides/", {**OVERRIDE, "authority_class": "foo"}, format="json")
    assert response.status_code == 400 and "authority_class" in response.json()
