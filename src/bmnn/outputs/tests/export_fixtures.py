"""The world of the export tests: a treasury with its clerk (keeps the registers, cleared for
Tuyệt mật), a staff member cleared for Mật (may see items, may not export), and another unit whose
items and registers the clerk may not see."""

import io

import openpyxl
import pytest

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in


def open_xlsx(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def header_row(ws) -> int:
    """The row of the column heads: the first bold row with a fill under the title block."""
    return next(cell.row for cell in ws["A"] if cell.fill.fgColor.rgb and cell.fill.fgColor.rgb.endswith("D9D9D9"))


def table(ws) -> list[list]:
    """The data rows, from the header row down to the first empty row."""
    first = header_row(ws) + 1
    rows = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(list(row))
    return rows


@pytest.fixture
def treasury():
    return UnitFactory(name="Kho bạc Nhà nước khu vực XII", code="KBNN-KVXII")


@pytest.fixture
def elsewhere():
    return UnitFactory(name="Sở Tài chính tỉnh Sơn Hà", code="STC")


@pytest.fixture
def clerk(treasury):
    return person_in(treasury, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT,
                     full_name="Trần Thị Bích Ngọc", username="vanthu")


@pytest.fixture
def staff(treasury):
    return person_in(treasury, title="Chuyên viên", role=Role.STAFF, clearance=Level.MAT,
                     full_name="Lê Văn Bình", username="chuyenvien")
