"""The installation's overrides: deny beats grant, allow adds, ledger, admins only."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from bmnn.core.errors import Refused
from bmnn.core.models import LedgerEvent
from bmnn.org.tests.factories import PersonFactory
from bmnn.rulebook import services
from bmnn.rulebook.authority import authorize
from bmnn.rulebook.models import AuthorityOverride
from bmnn.rulebook.tests.conftest import IN_2025, delegation, deputy, holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return PersonFactory(is_system_admin=True, full_name="Quản Trị Viên")


def override(admin, **fields):
    values = {"act": "reproduce", "level": "TOI_MAT", "authority_class": "provincial_department_head",
              "effect": "deny", "reference": "Quy chế 01/QC-STC", "reason": "Thắt chặt sao Tối mật",
              "valid_from": dt.date(2025, 1, 1)}
    values.update(fields)
    return services.create_override(admin, **values)


def test_deny_override_beats_the_laws_grant(units, admin):
    director = holder(units["dept"], "provincial_department_head", title="Giám đốc")
    assert authorize(director, "reproduce", "TOI_MAT", units["dept"], on=IN_2025).allowed
    rule = override(admin)
    decision = authorize(director, "reproduce", "TOI_MAT", units["dept"], on=IN_2025)
    assert not decision.allowed
    assert decision.rule == f"override:{rule.pk}" and decision.basis == "Quy chế 01/QC-STC"
    assert "Quy định riêng của cơ quan (Quy chế 01/QC-STC) không cho phép chức vụ Giám đốc (STC)" in decision.reason
    assert authorize(director, "reproduce", "MAT", units["dept"], on=IN_2025).allowed  # other levels untouched


def test_allow_override_adds_a_grant_citing_its_reference(units, admin):
    head = holder(units["pa03"], "police_division_head", title="Trưởng phòng")
    rule = override(admin, authority_class="police_division_head", effect="allow",
                    reference="Quyết định 15/QĐ-CAT-PA03")
    decision = authorize(head, "reproduce", "TOI_MAT", units["pa03"], on=IN_2025).require()
    assert decision.via == "override" and decision.override_id == rule.pk
    assert decision.basis == "Quyết định 15/QĐ-CAT-PA03"


def test_deny_override_on_the_delegators_class_also_stops_the_delegation(units, admin):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"])
    delegation(director, vice, units["dept"])
    override(admin)
    assert not authorize(vice, "reproduce", "TOI_MAT", units["dept"], on=IN_2025).allowed


def test_override_applies_only_within_its_dates(units, admin):
    director = holder(units["dept"], "provincial_department_head")
    override(admin, valid_from=dt.date(2025, 6, 1), valid_to=dt.date(2025, 6, 30))
    assert authorize(director, "reproduce", "TOI_MAT", units["dept"], on=dt.date(2025, 5, 31)).allowed
    assert not authorize(director, "reproduce", "TOI_MAT", units["dept"], on=IN_2025).allowed
    assert authorize(director, "reproduce", "TOI_MAT", units["dept"], on=dt.date(2025, 7, 1)).allowed


def test_revoked_override_stops_from_the_revocation_day(units, admin):
    director = holder(units["dept"], "provincial_department_head")
    rule = override(admin)
    services.revoke_override(admin, rule, revoked_on=IN_2025, reason="Quy chế mới")
    assert not authorize(director, "reproduce", "TOI_MAT", units["dept"], on=IN_2025 - dt.timedelta(1)).allowed
    assert authorize(director, "reproduce", "TOI_MAT", units["dept"], on=IN_2025).allowed


def test_creating_an_override_is_recorded_in_the_ledger(units, admin):
    rule = override(admin)
    event = LedgerEvent.objects.get(action="rulebook.override.create")
    assert event.object_id == str(rule.pk) and event.actor_id == admin.pk
    payload = json.loads(event.payload)
    assert {k: payload[k] for k in ("act", "level", "class", "effect", "reference", "reason")} == {
        "act": "reproduce", "level": "TOI_MAT", "class": "provincial_department_head", "effect": "deny",
        "reference": "Quy chế 01/QC-STC", "reason": "Thắt chặt sao Tối mật"}


def test_revoking_an_override_is_recorded_in_the_ledger(units, admin):
    rule = override(admin)
    services.revoke_override(admin, rule, revoked_on=IN_2025, reason="Quy chế mới")
    event = LedgerEvent.objects.get(action="rulebook.override.revoke")
    payload = json.loads(event.payload)
    assert payload["revoked_on"] == "2025-06-02" and payload["revoke_reason"] == "Quy chế mới"
    rule.refresh_from_db()
    assert rule.revoked_by == admin


def test_only_a_system_administrator_may_create_an_override(units):
    officer = PersonFactory()
    with pytest.raises(Refused) as caught:
        override(officer)
    assert caught.value.rule == "rulebook.override.admin_only" and caught.value.basis
    assert not AuthorityOverride.objects.exists()
    assert not LedgerEvent.objects.filter(action__startswith="rulebook.").exists()


def test_only_a_system_administrator_may_revoke_an_override(units, admin):
    rule = override(admin)
    with pytest.raises(Refused):
        services.revoke_override(PersonFactory(), rule, revoked_on=IN_2025)
    rule.refresh_from_db()
    assert rule.revoked_on is None


def test_override_with_an_unknown_class_is_rejected_by_field(admin):
    with pytest.raises(ValidationError) as caught:
        override(admin, authority_class="foo")
    assert "authority_class" in caught.value.message_dict


def test_override_of_a_staff_act_is_rejected(admin):
    with pytest.raises(ValidationError) as caught:
        override(admin, act="deliver")
    assert "act" in caught.value.message_dict


def test_override_needs_a_reference(admin):
    with pytest.raises(ValidationError) as caught:
        override(admin, reference="  ")
    assert "reference" in caught.value.message_dict


def test_an_override_cannot_be_revoked_twice(admin):
    rule = override(admin)
    services.revoke_override(admin, rule, revoked_on=IN_2025)
    with pytest.raises(ValidationError):
        services.revoke_override(admin, rule, revoked_on=IN_2025)
