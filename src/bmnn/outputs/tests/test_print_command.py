"""`bmnn print document`: the same act as the page, as a named user."""

import io

import pytest
from django.core.management import CommandError, call_command

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.outputs.models import Printout
from bmnn.outputs.tests.test_document import pdf_text
from bmnn.outputs.tests.test_document_printing import item_sheet  # noqa: F401  (registers the test kind)
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(name="Phòng Kế toán", code="PKT")


def test_print_document_writes_the_file_and_records_the_act(tmp_path, unit, item_sheet):  # noqa: F811
    officer = person_in(unit, role=Role.SECURITY_OFFICER, clearance=Level.MAT, username="haodt")
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    target = tmp_path / "phieu.pdf"
    out = io.StringIO()
    call_command("print", "document", "--user", "haodt", "--kind", "test-sheet", "--id", str(item.pk),
                 "--output", str(target), stdout=out)
    assert f"Tài liệu số {item.pk}" in pdf_text(target.read_bytes())[0]
    assert "Đã in" in out.getvalue() and Printout.objects.get().printed_by == officer


def test_print_document_for_what_the_user_may_not_see_says_not_found(tmp_path, unit, item_sheet):  # noqa: F811
    person_in(UnitFactory(code="KHAC"), role=Role.STAFF, username="khac")
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("print", "document", "--user", "khac", "--kind", "test-sheet", "--id", str(item.pk),
                     "--output", str(tmp_path / "x.pdf"))
    assert not Printout.objects.exists()


def test_print_needs_a_known_active_user():
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("print", "document", "--user", "ghost", "--kind", "test-sheet", "--id", "1")
