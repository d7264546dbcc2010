"""The annual report as a document: DOCX (and PDF) opened back, figures and Vietnamese text intact,
the print act in the ledger, regenerated identically, refused or 404 where it must be."""

import datetime as dt
import io

import docx
import pypdfium2 as pdfium
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role, UnitKind
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.outputs import services as outputs
from bmnn.outputs.models import Printout
from bmnn.records.models import RegisterKind
from bmnn.records.services import annual_report_document as doc
from bmnn.records.tests.annual import clerk, clock, officer  # noqa: F401 (fixtures)
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 5, 4)
AFTER = dt.date(2027, 1, 5)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for section in document.sections for p in section.footer.paragraphs]
    return "\n".join(parts)


@pytest.fixture
def world(clock, clerk, pa03, police, director):
    clock.on(ON)
    issued_item(clerk, pa03, level=Level.TOI_MAT, copies=3, on=ON)
    issued_item(clerk, pa03, level=Level.TUYET_MAT, copies=2, on=ON)
    issued_item(clerk, pa03, level=Level.MAT, copies=4, on=ON, kind=RegisterKind.INCOMING)
    clock.on(AFTER, hour=10)
    return police


def test_docx_carries_the_layout_the_sections_and_the_figures(world, director):
    printout, content = doc.print_report(director, world, 2026)
    text = docx_text(content)
    for expected in ("CÔNG AN TỈNH SƠN HÀ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-CAT",
                     "Sơn Hà, ngày 05 tháng 01 năm 2027", "BÁO CÁO",
                     "Công tác bảo vệ bí mật nhà nước năm 2026", "Kính gửi: Bộ Công an.",
                     "I. TÌNH HÌNH LIÊN QUAN ĐẾN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC",
                     "II. KẾT QUẢ CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC", "4. Tồn tại, hạn chế, khó khăn, vướng mắc",
                     "III. TÌNH HÌNH, SỐ LIỆU CÁC VỤ LỘ, MẤT BÍ MẬT NHÀ NƯỚC", "IV. DỰ BÁO TÌNH HÌNH",
                     "đã phát hành 2 tài liệu, vật chứa bí mật nhà nước (5 bản)",
                     "tiếp nhận 1 tài liệu, vật chứa bí mật nhà nước (4 bản)",
                     "[Phần người soạn thảo viết:", "Tuyệt mật", "Tối mật", "Giám đốc".upper(), "Nguyễn Đức Thắng",
                     "Nơi nhận:", "- Như trên;", "- Lưu: VT, CAT.", "từ ngày 15/12/2025 đến ngày 14/12/2026",
                     "Điều 8 Nghị định 26/2020/NĐ-CP", "Nghị định 63/2026/NĐ-CP sửa đổi quy định về báo cáo",
                     "In từ hệ thống bmnn"):
        assert expected in text, expected
    assert printout.fmt == "docx" and printout.level == "" and printout.params["year"] == 2026
    assert "TUYỆT MẬT" not in text  # no stamp unless the maker chooses one


def test_the_prompts_are_italic_for_the_drafter_to_replace(world, director):
    _printout, content = doc.print_report(director, world, 2026)
    prompts = [p for p in docx.Document(io.BytesIO(content)).paragraphs if p.text.startswith("[Phần người soạn")]
    assert len(prompts) >= 8 and all(run.italic for p in prompts for run in p.runs)


def test_the_print_is_in_the_ledger_without_secret_content_and_regenerates_identically(world, director):
    printout, content = doc.print_report(director, world, 2026)
    event = LedgerEvent.objects.get(action="outputs.print", object_id=str(printout.pk))
    assert "Báo cáo công tác bảo vệ bí mật nhà nước năm 2026" in event.description and "CAT" in event.description
    again, same = outputs.regenerate(director, Printout.objects.get(pk=printout.pk))
    assert same and again == content


def test_an_act_recorded_after_the_print_does_not_change_the_regenerated_file(world, director, clerk, pa03, clock):
    printout, content = doc.print_report(director, world, 2026)
    clock.on(AFTER, hour=11)
    issued_item(clerk, pa03, level=Level.MAT, on=dt.date(2026, 6, 1))  # recorded late, dated in the window
    again, same = outputs.regenerate(director, Printout.objects.get(pk=printout.pk))
    assert same and again == content
    _later, fresh = doc.print_report(director, world, 2026)
    assert "đã phát hành 3 tài liệu" in docx_text(fresh)


def test_pdf_through_the_same_model(world, director):
    printout, content = doc.print_report(director, world, 2026, fmt="pdf")
    pdf = pdfium.PdfDocument(io.BytesIO(content))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert len(pdf) >= 2 and "Công tác bảo vệ bí mật nhà nước năm 2026" in text and "Tối mật" in text
    pdf.close()


def test_a_maker_without_clearance_gets_a_report_without_those_levels_and_says_so(world, officer):
    _printout, content = doc.print_report(officer, world, 2026)
    text = docx_text(content)
    assert "Số liệu không gồm tài liệu, vật chứa bí mật nhà nước độ Tuyệt mật, Tối mật" in text
    assert "đã phát hành 0 tài liệu" in text and "tiếp nhận 1 tài liệu" in text
    with pytest.raises(Refused):
        doc.print_report(officer, world, 2026, level=Level.TOI_MAT)


def test_the_maker_may_stamp_it_at_a_level_they_are_cleared_for(world, director):
    printout, content = doc.print_report(director, world, 2026, level=Level.MAT)
    assert printout.level == Level.MAT
    assert any(shape for shape in docx.Document(io.BytesIO(content)).inline_shapes)


def test_recipient_and_place_are_the_makers_choice(world, director):
    _printout, content = doc.print_report(director, world, 2026, recipient="Ủy ban nhân dân tỉnh Sơn Hà",
                                          place="Thành phố Sơn Hà")
    text = docx_text(content)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Sơn Hà." in text and "Thành phố Sơn Hà, ngày 05 tháng 01 năm 2027" in text


def test_default_recipients_follow_the_kind_of_body(police, pa03):
    assert doc.recipient_choices(police)[0] == "Bộ Công an"
    assert doc.recipient_choices(pa03)[0] == police.name
    department = UnitFactory(name="Sở Tài chính tỉnh Sơn Hà", kind=UnitKind.PROVINCIAL_DEPARTMENT)
    assert doc.recipient_choices(department)[0] == police.name
    ministry = UnitFactory(name="Bộ Tài chính", kind=UnitKind.MINISTRY)
    under = UnitFactory(name="Cục Quản lý nợ", kind=UnitKind.DEPARTMENT, parent=ministry)
    default, options = doc.recipient_choices(under)
    assert default == "Văn phòng Bộ Tài chính" and "Bộ Công an" in options


def test_who_may_not_make_it_gets_404_and_nothing_is_printed(world, clerk, pa03):
    with pytest.raises(Http404):
        doc.print_report(clerk, pa03, 2026)
    with pytest.raises(Http404):
        doc.print_report(person_in(UnitFactory(), role=Role.LEADER, clearance=Level.TUYET_MAT), world, 2026)
    assert not Printout.objects.exists()


def test_bad_format_or_year_is_refused(world, director):
    with pytest.raises(Refused):
        doc.print_report(director, world, 2026, fmt="xlsx")
    with pytest.raises(ValidationError):
        doc.print_report(director, world, 1990)


def test_bmnn_print_annual_report_writes_the_docx_as_the_named_user(world, director, tmp_path):
    from django.core.management import CommandError, call_command

    target = tmp_path / "bao-cao.docx"
    out = io.StringIO()
    call_command("print", "annual-report", "--unit", "CAT", "--year", "2026", "--user", director.username,
                 "--format", "docx", "--output", str(target), stdout=out)
    assert "đã phát hành 2 tài liệu" in docx_text(target.read_bytes()) and "Đã in" in out.getvalue()
    assert Printout.objects.get().printed_by == director
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("print", "annual-report", "--unit", "PA03", "--year", "2026",
                     "--user", person_in(UnitFactory(), role=Role.LEADER).username, "--output", str(target))
