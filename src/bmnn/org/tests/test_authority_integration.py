"""The org services against the real rulebook (regimes/*.yaml): who may assign access
and delegate is the rulebook's call, and its refusals reach the user with their article."""

import datetime as dt

import pytest

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org import services
from bmnn.org.models import AccessAssignment, Delegation, Role
from bmnn.org.tests.factories import PersonFactory, person_in

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def director(unit):
    return person_in(unit, title="Giám đốc Sở", role=Role.LEADER, authority_class="provincial_department_head",
                     full_name="Phạm Văn Giám Đốc")


@pytest.fixture
def deputy(unit):
    return person_in(unit, title="Phó Giám đốc Sở", role=Role.DEPUTY, full_name="Hoàng Thị Phó")


def assign(actor, decided_by, unit, on=D(2025, 8, 1), level=Level.TOI_MAT):
    return services.assign_access(actor, person=PersonFactory(), max_level=level, units=[unit],
                                  decision_reference="45/QĐ-STC", decided_by=decided_by, decided_on=on, valid_from=on)


def delegate(actor, delegator, delegatee, unit, acts=("reproduce",), levels=(Level.MAT,), on=D(2025, 8, 1)):
    return services.record_delegation(actor, delegator=delegator, delegate=delegatee, unit=unit, acts=list(acts),
                                      levels=list(levels), reference="12/GUQ-STC", signed_on=on, valid_from=on)


def test_head_of_the_unit_may_assign_access(director, unit):
    assignment = assign(director, director, unit)
    assert AccessAssignment.objects.filter(pk=assignment.pk).exists()


def test_assignment_decided_by_someone_without_authority_is_refused_citing_the_article(unit):
    clerk = person_in(unit, title="Văn thư", role=Role.CLERK)
    with pytest.raises(Refused) as refused:
        assign(clerk, clerk, unit)
    assert refused.value.basis.startswith("Điều") and "2018" in refused.value.basis
    assert refused.value.rule and not AccessAssignment.objects.exists()


def test_a_head_elsewhere_has_no_authority_over_this_unit(unit):
    other_unit = type(unit).objects.create(name="Sở Y tế", code="SYT", kind=unit.kind, valid_from=D(2019, 1, 1))
    other_head = person_in(other_unit, title="Giám đốc", role=Role.LEADER,
                           authority_class="provincial_department_head")
    with pytest.raises(Refused):
        assign(other_head, other_head, unit)


def test_assignment_after_march_2026_is_judged_by_the_2026_regime(director, unit):
    assignment = assign(director, director, unit, on=D(2026, 3, 15))
    assert assignment.decided_on == D(2026, 3, 15)


def test_head_delegates_reproduction_to_a_deputy(director, deputy, unit):
    delegation = delegate(director, director, deputy, unit, levels=(Level.MAT, Level.TOI_MAT))
    assert delegation.covers("reproduce", Level.TOI_MAT, D(2025, 9, 1))


def test_sub_delegation_is_refused(director, deputy, unit):
    delegate(director, director, deputy, unit)
    other_deputy = person_in(unit, title="Phó Giám đốc Sở", role=Role.DEPUTY)
    with pytest.raises(Refused) as refused:
        delegate(deputy, deputy, other_deputy, unit)
    assert "không được ủy quyền tiếp" in refused.value.message
    assert "Điều 11" in refused.value.basis
    assert Delegation.objects.count() == 1


def test_delegate_must_be_a_deputy(director, unit):
    staff_member = person_in(unit, title="Chuyên viên", role=Role.STAFF)
    with pytest.raises(Refused) as refused:
        delegate(director, director, staff_member, unit)
    assert refused.value.field == "delegate"


def test_an_act_the_law_does_not_let_be_delegated_is_refused(director, deputy, unit):
    with pytest.raises(Refused) as refused:
        delegate(director, director, deputy, unit, acts=("assign_access",))
    assert refused.value.basis.startswith("Điều") and refused.value.field == "acts"
    assert not Delegation.objects.exists()
