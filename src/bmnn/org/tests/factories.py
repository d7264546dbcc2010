"""Factories for the organisation: every test builds its world from these."""

import datetime as dt

import factory

from bmnn.core.levels import Level
from bmnn.org import models

LONG_AGO = dt.date(2019, 1, 1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Unit

    kind = models.UnitKind.PROVINCIAL_DEPARTMENT
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    code = factory.Sequence(lambda n: f"U{n}")
    valid_from = LONG_AGO


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Position

    unit = factory.SubFactory(UnitFactory)
    title = "Giám đốc"
    role = models.Role.LEADER
    authority_class = "provincial_department_head"
    valid_from = LONG_AGO


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-thu-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TenureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tenure

    person = factory.SubFactory(PersonFactory)
    position = factory.SubFactory(PositionFactory)
    valid_from = LONG_AGO


class AccessAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AccessAssignment
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    max_level = Level.MAT
    decision_reference = factory.Sequence(lambda n: f"{n}/QĐ-TEST")
    decided_by = factory.SubFactory(PersonFactory)
    decided_on = LONG_AGO
    valid_from = LONG_AGO

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.units.set(extracted)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commitment

    assignment = factory.SubFactory(AccessAssignmentFactory)
    signed_on = LONG_AGO
    reference = factory.Sequence(lambda n: f"CK-{n}")
    recorded_by = factory.SelfAttribute("assignment.decided_by")


def person_in(unit, *, title="Chuyên viên", role=models.Role.STAFF, authority_class="", clearance=None,
              covers=None, **person_fields):
    """A person holding a position in `unit`, with an active assignment if `clearance` is given."""
    person = PersonFactory(**person_fields)
    position = PositionFactory(unit=unit, title=title, role=role, authority_class=authority_class)
    TenureFactory(person=person, position=position)
    if clearance:
        assignment = AccessAssignmentFactory(person=person, max_level=clearance, units=covers or [unit])
        CommitmentFactory(assignment=assignment)
    return person


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Delegation

    delegator = factory.SubFactory(PersonFactory)
    delegate = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    acts = factory.LazyFunction(lambda: ["reproduce"])
    levels = factory.LazyFunction(lambda: [Level.MAT, Level.TOI_MAT])
    reference = factory.Sequence(lambda n: f"{n}/GUQ-TEST")
    signed_on = LONG_AGO
    valid_from = LONG_AGO
