"""Delegations, access assignments and commitments: who may record them, what the
rulebook is asked (a recorder stands in for it here), and when an assignment is active."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org import services
from bmnn.org.models import AccessAssignment, Commitment, Delegation, Role
from bmnn.org.tests.factories import AccessAssignmentFactory, PersonFactory, UnitFactory, person_in

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def head(unit):
    return person_in(unit, title="Giám đốc", role=Role.LEADER, authority_class="provincial_department_head",
                     full_name="Phạm Văn Trưởng")


@pytest.fixture
def deputy(unit):
    return person_in(unit, title="Phó Giám đốc", role=Role.DEPUTY, full_name="Hoàng Thị Phó")


def delegation_args(head, deputy, unit, **overrides):
    return {"delegator": head, "delegate": deputy, "unit": unit, "acts": ["reproduce"],
            "levels": [Level.TOI_MAT, Level.MAT], "reference": "12/GUQ-STC", "signed_on": D(2025, 8, 1),
            "valid_from": D(2025, 8, 1), "valid_to": D(2025, 12, 31), **overrides}


def assignment_args(person, head, unit, **overrides):
    return {"person": person, "max_level": Level.TOI_MAT, "units": [unit], "decision_reference": "45/QĐ-STC",
            "decided_by": head, "decided_on": D(2025, 8, 1), "valid_from": D(2025, 8, 1), **overrides}


# --- Delegations --------------------------------------------------------------------------

def test_delegation_is_checked_by_the_rulebook_and_recorded(authority, head, deputy, unit):
    delegation = services.record_delegation(head, **delegation_args(head, deputy, unit))
    assert authority.calls == [("check_delegation", head, deputy, unit, ["reproduce"], ["MAT", "TOI_MAT"],
                                D(2025, 8, 1))]
    assert delegation.levels == ["MAT", "TOI_MAT"] and delegation.recorded_by == head
    assert LedgerEvent.objects.filter(action="org.delegation.record", object_id=str(delegation.pk)).exists()


def test_sub_delegation_refused_by_the_rulebook_is_not_recorded(authority, deputy, unit):
    other_deputy = person_in(unit, title="Phó Giám đốc", role=Role.DEPUTY)
    authority.refuse_delegation = Refused("Người được ủy quyền không được ủy quyền tiếp.",
                                          rule="2018:delegation.no_sub_delegation",
                                          basis="Điều 11 khoản 5 Luật BVBMNN 2018")
    with pytest.raises(Refused) as refused:
        services.record_delegation(deputy, **delegation_args(deputy, other_deputy, unit))
    assert refused.value.basis == "Điều 11 khoản 5 Luật BVBMNN 2018"
    assert not Delegation.objects.exists() and not LedgerEvent.objects.exists()


def test_security_officer_may_record_a_delegation_on_the_heads_behalf(authority, officer, head, deputy, unit):
    delegation = services.record_delegation(officer, **delegation_args(head, deputy, unit))
    assert delegation.recorded_by == officer


def test_someone_else_may_not_record_a_delegation(authority, staff, head, deputy, unit):
    with pytest.raises(Refused) as refused:
        services.record_delegation(staff, **delegation_args(head, deputy, unit))
    assert refused.value.rule == "org.delegation.recorder" and refused.value.basis
    assert authority.calls == []


def test_delegation_cannot_start_before_it_was_signed(authority, head, deputy, unit):
    with pytest.raises(ValidationError) as error:
        services.record_delegation(head, **delegation_args(head, deputy, unit, signed_on=D(2025, 8, 2)))
    assert "valid_from" in error.value.message_dict


def test_revoked_delegation_stops_covering_from_the_revocation_day(authority, head, deputy, unit):
    delegation = services.record_delegation(head, **delegation_args(head, deputy, unit))
    services.revoke_delegation(head, delegation, revoked_on=D(2025, 10, 1), reason="Điều chuyển công tác")
    delegation.refresh_from_db()
    assert delegation.covers("reproduce", "MAT", D(2025, 9, 30))
    assert not delegation.covers("reproduce", "MAT", D(2025, 10, 1))
    with pytest.raises(ValidationError):
        services.revoke_delegation(head, delegation, revoked_on=D(2025, 11, 1))


# --- Access assignments ---------------------------------------------------------------------

def test_head_with_authority_assigns_access(authority, head, staff, unit):
    assignment = services.assign_access(head, **assignment_args(staff, head, unit))
    assert authority.calls == [("authorize", head, "assign_access", "TOI_MAT", unit, D(2025, 8, 1))]
    assert list(assignment.units.all()) == [unit] and assignment.recorded_by == head
    assert LedgerEvent.objects.filter(action="org.assignment.decide").count() == 1


def test_authority_is_checked_for_every_unit_covered(authority, head, staff, unit):
    second = UnitFactory(name="Sở Tư pháp", code="STP")
    services.assign_access(head, **assignment_args(staff, head, unit, units=[unit, second]))
    assert [call[4] for call in authority.calls] == [unit, second]


def test_assignment_by_someone_without_authority_is_refused_citing_the_article(authority, officer, staff, unit):
    authority.refuse_authorize = Refused("Chức vụ của người quyết định không có thẩm quyền giao tiếp cận độ Tối mật.",
                                         rule="2018:acts.assign_access", basis="Điều 7 Nghị định 26/2020/NĐ-CP")
    with pytest.raises(Refused) as refused:
        services.assign_access(officer, **assignment_args(staff, officer, unit))
    assert "Điều" in refused.value.basis
    assert not AccessAssignment.objects.exists() and not LedgerEvent.objects.exists()


def test_third_party_cannot_record_an_assignment(authority, head, staff, unit):
    outsider = PersonFactory()
    with pytest.raises(Refused) as refused:
        services.assign_access(outsider, **assignment_args(staff, head, unit))
    assert refused.value.rule == "org.assignment.recorder"


def test_assignment_cannot_take_effect_before_the_decision(authority, head, staff, unit):
    with pytest.raises(ValidationError) as error:
        services.assign_access(head, **assignment_args(staff, head, unit, valid_from=D(2025, 7, 31)))
    assert "valid_from" in error.value.message_dict


def test_assignment_is_inactive_until_the_commitment_is_signed(authority, head, officer, staff, unit):
    assignment = services.assign_access(head, **assignment_args(staff, head, unit))
    assert not AccessAssignment.objects.active(D(2025, 9, 1)).filter(pk=assignment.pk).exists()
    services.record_commitment(officer, assignment, signed_on=D(2025, 8, 5), reference="CK-01",
                               text_sha256="A" * 64)
    active = AccessAssignment.objects.active
    assert not active(D(2025, 8, 4)).filter(pk=assignment.pk).exists()
    assert active(D(2025, 8, 5)).filter(pk=assignment.pk).exists()
    assert Commitment.objects.get().text_sha256 == "a" * 64


def test_commitment_recorded_by_a_non_officer_is_refused_citing_article_26(authority, head, staff, unit):
    assignment = services.assign_access(head, **assignment_args(staff, head, unit))
    for actor in (staff, head):  # the signer themself; a head who is not a state-secret officer
        with pytest.raises(Refused) as refused:
            services.record_commitment(actor, assignment, signed_on=D(2025, 8, 5))
        assert refused.value.rule == "org.commitment.recorder"
        assert "Điều 26" in refused.value.basis and "Nghị định 26/2020" in refused.value.basis
    assert not Commitment.objects.exists()


def test_commitment_cannot_be_dated_in_the_future_or_recorded_twice(authority, admin, head, staff, unit):
    assignment = services.assign_access(head, **assignment_args(staff, head, unit))
    with pytest.raises(ValidationError):
        services.record_commitment(admin, assignment, signed_on=timezone.localdate() + dt.timedelta(days=1))
    services.record_commitment(admin, assignment, signed_on=D(2025, 8, 5))
    with pytest.raises(ValidationError):
        services.record_commitment(admin, assignment, signed_on=D(2025, 8, 6))


def test_malformed_commitment_hash_is_rejected(authority, admin, head, staff, unit):
    assignment = services.assign_access(head, **assignment_args(staff, head, unit))
    with pytest.raises(ValidationError) as error:
        services.record_commitment(admin, assignment, signed_on=D(2025, 8, 5), text_sha256="không phải mã băm")
    assert "text_sha256" in error.value.message_dict


def test_revoked_assignment_is_no_longer_active(authority, admin, head, staff, unit):
    assignment = services.assign_access(head, **assignment_args(staff, head, unit))
    services.record_commitment(admin, assignment, signed_on=D(2025, 8, 5))
    services.revoke_assignment(head, assignment, revoked_on=D(2025, 10, 1), reason="Chuyển công tác")
    active = AccessAssignment.objects.active
    assert active(D(2025, 9, 30)).filter(pk=assignment.pk).exists()
    assert not active(D(2025, 10, 1)).filter(pk=assignment.pk).exists()
    assert LedgerEvent.objects.filter(action="org.assignment.revoke").count() == 1


def test_revocation_needs_a_reason_and_an_entitled_actor(authority, head, staff, unit):
    assignment = AccessAssignmentFactory(person=staff, decided_by=head, units=[unit])
    with pytest.raises(ValidationError) as error:
        services.revoke_assignment(head, assignment, revoked_on=D(2025, 10, 1), reason="")
    assert "reason" in error.value.message_dict
    authority.refuse_authorize = Refused("Không có thẩm quyền.", rule="x", basis="Điều 7 Nghị định 26/2020/NĐ-CP")
    with pytest.raises(Refused) as refused:
        services.revoke_assignment(PersonFactory(), assignment, revoked_on=D(2025, 10, 1), reason="Lý do")
    assert refused.value.rule == "org.assignment.recorder"
