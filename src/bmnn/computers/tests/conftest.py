"""The world of the computers tests: a treasury with a division, its state-secret
officer, a PA03 inspector whose assignment covers the treasury, and people who must
not see its computers."""

import pytest

from bmnn.core.levels import Level
from bmnn.org.models import Role, UnitKind
from bmnn.org.tests.factories import UnitFactory, person_in


@pytest.fixture
def treasury():
    return UnitFactory(name="Kho bạc Nhà nước khu vực XII", code="KBNN-KVXII", kind=UnitKind.TREASURY_REGION)


@pytest.fixture
def division(treasury):
    return UnitFactory(name="Phòng Kế toán nhà nước", code="KTNN", kind=UnitKind.DIVISION, parent=treasury)


@pytest.fixture
def officer(treasury):
    return person_in(treasury, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TOI_MAT,
                     full_name="Đinh Công Minh")


@pytest.fixture
def police():
    return UnitFactory(name="Công an tỉnh Sơn Hà", code="CAT", kind=UnitKind.PROVINCIAL_POLICE)


@pytest.fixture
def inspector(police, treasury):
    pa03 = UnitFactory(name="Phòng An ninh chính trị nội bộ", code="PA03", kind=UnitKind.DIVISION, parent=police)
    return person_in(pa03, title="Cán bộ kiểm tra", role=Role.INSPECTOR, clearance=Level.TUYET_MAT,
                     covers=[pa03, treasury], full_name="Hoàng Thị Thu Hà")


@pytest.fixture
def staff(treasury):
    """In the unit and cleared, but neither officer nor leader: sees no computer."""
    return person_in(treasury, title="Chuyên viên", role=Role.STAFF, clearance=Level.TUYET_MAT,
                     full_name="Tạ Thu Trang")


@pytest.fixture
def stranger():
    """The security officer of another body."""
    other = UnitFactory(name="Bưu điện tỉnh Sơn Hà", code="BĐT", kind=UnitKind.POST)
    return person_in(other, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT,
                     full_name="Triệu Văn Phúc")
