"""Fixtures shared by the records tests: the provincial police of the demo's shape,
its PA03 division and its director (a Tối mật authority, cleared for Tuyệt mật)."""

import pytest

from bmnn.core.levels import Level
from bmnn.org.models import Role, UnitKind
from bmnn.org.tests.factories import UnitFactory, person_in


@pytest.fixture
def police():
    return UnitFactory(name="Công an tỉnh Sơn Hà", code="CAT", kind=UnitKind.PROVINCIAL_POLICE)


@pytest.fixture
def pa03(police):
    return UnitFactory(name="Phòng An ninh chính trị nội bộ", code="PA03", kind=UnitKind.DIVISION, parent=police)


@pytest.fixture
def director(police):
    return person_in(police, title="Giám đốc", role=Role.LEADER, authority_class="police_provincial_director",
                     clearance=Level.TUYET_MAT, full_name="Nguyễn Đức Thắng")
