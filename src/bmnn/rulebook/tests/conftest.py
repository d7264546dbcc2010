"""A small world for the rulebook tests: a provincial police force with its PA03
division, a provincial department with a division, a commune and an old district."""

import datetime as dt

import pytest

from bmnn.org.models import Role, UnitKind
from bmnn.org.tests.factories import DelegationFactory, PersonFactory, PositionFactory, TenureFactory, UnitFactory

IN_2025 = dt.date(2025, 6, 2)
EVE = dt.date(2026, 2, 28)  # last day of the 2018 regime
SWITCH = dt.date(2026, 3, 1)  # first day of the 2026 regime


@pytest.fixture
def units(db):
    police = UnitFactory(kind=UnitKind.PROVINCIAL_POLICE, name="Công an tỉnh Thử", code="CAT")
    pa03 = UnitFactory(kind=UnitKind.DIVISION, name="Phòng An ninh chính trị nội bộ", code="PA03", parent=police)
    dept = UnitFactory(kind=UnitKind.PROVINCIAL_DEPARTMENT, name="Sở Tài chính", code="STC")
    division = UnitFactory(kind=UnitKind.DIVISION, name="Phòng Ngân sách", code="PNS", parent=dept)
    other_dept = UnitFactory(kind=UnitKind.PROVINCIAL_DEPARTMENT, name="Sở Y tế", code="SYT")
    commune = UnitFactory(kind=UnitKind.COMMUNE_COMMITTEE, name="Ủy ban nhân dân xã Thử", code="UBX")
    district = UnitFactory(kind=UnitKind.DISTRICT, name="Ủy ban nhân dân huyện Cũ", code="UBH")
    return {"police": police, "pa03": pa03, "dept": dept, "division": division, "other_dept": other_dept,
            "commune": commune, "district": district}


def holder(unit, authority_class, *, title="Giám đốc", role=Role.LEADER, valid_from=dt.date(2019, 1, 1),
           valid_to=None, person=None, **person_fields):
    """A person holding a position of `authority_class` in `unit`."""
    person = person or PersonFactory(**person_fields)
    position = PositionFactory(unit=unit, title=title, role=role, authority_class=authority_class)
    TenureFactory(person=person, position=position, valid_from=valid_from, valid_to=valid_to)
    return person


def deputy(unit, title="Phó Giám đốc", **kwargs):
    return holder(unit, "deputy", title=title, role=Role.DEPUTY, **kwargs)


def delegation(delegator, delegate, unit, *, acts=("reproduce",), levels=("TOI_MAT", "MAT"), **kwargs):
    return DelegationFactory(delegator=delegator, delegate=delegate, unit=unit, acts=list(acts), levels=list(levels),
                             **kwargs)


