"""Register printouts, opened with their libraries: the PDF (pypdfium2) and the DOCX (python-docx) have
the cover, the numbered column heads on every page, "Trang x/y" and the print mark; a cancelled line is
printed and marked, a line the printer may not see keeps only its number and date; a series prints each
volume with its cover; the inventory prints; printing is recorded; and a printout regenerates
identically however the register grows or changes after it."""

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
from django.db import transaction
from docx import Document
from docx.oxml.ns import qn

from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.outputs import register_prints
from bmnn.outputs.models import Printout
from bmnn.outputs.services import regenerate
from bmnn.records.models import ItemStatus, RegisterKind
from bmnn.records.services.registers import cancel_entry, close_register, record_entry
from bmnn.records.tests.factories import SecretItemFactory
from bmnn.records.tests.issued import issued_item

from .conftest import IN_2026

pytestmark = pytest.mark.django_db


def pdf_pages(content: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(io.BytesIO(content))
    return [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]


def flat(text: str) -> str:
    return " ".join(text.split())


def add_lines(clerk, unit, count, *, level=Level.MAT, on=IN_2026, kind=RegisterKind.OUTGOING):
    entries = []
    for i in range(count):
        item = SecretItemFactory(holding_unit=unit, level=level, status=ItemStatus.ISSUED,
                                 reference=f"{i + 1}/BC-PA03", summary=f"Kết quả công tác bảo mật số {i + 1}")
        with transaction.atomic():
            entries.append(record_entry(clerk, unit=unit, kind=kind, entry_date=on, item=item,
                                        counterpart="Cục An ninh chính trị nội bộ", copies_count=2))
    return entries


@pytest.fixture
def long_register(clerk, pa03):
    """Enough lines for two table pages after the cover: three pages in all."""
    return add_lines(clerk, pa03, 20)[0].register


# --- PDF ------------------------------------------------------------------------------------------

def test_the_pdf_has_a_cover_with_the_register_data_then_its_pages(clerk, outgoing):
    printout, content = register_prints.print_volume(clerk, outgoing, "pdf")
    pages = pdf_pages(content)
    assert printout.pages == len(pages) == 2
    cover = flat(pages[0])
    for text in ("CÔNG AN TỈNH SƠN HÀ", "PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ", "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐI",
                 "Năm 2026", "Quyển số: 1", "Bắt đầu ngày 10/04/2026, kết thúc ngày 12/04/2026", "Từ số 1 đến số 3",
                 "TỐI MẬT"):
        assert text in cover
    assert "Tình hình bảo vệ bí mật nhà nước quý 2" in flat(pages[1])


def test_every_pdf_page_has_the_numbered_heads_the_page_number_and_the_print_mark(clerk, long_register):
    printout, content = register_prints.print_volume(clerk, long_register, "pdf")
    pages = pdf_pages(content)
    assert len(pages) == 3 and printout.pages == 3
    for number, text in enumerate(pages, start=1):
        text = flat(text)
        assert f"Trang {number}/3" in text
        assert "In từ hệ thống bmnn ngày" in text and "người in: Phạm Thu Trang" in text
        if number > 1:
            assert "(1) (2) (3) (4) (5) (6) (7) (8) (9)" in text
            assert "Số thứ tự" in text and "Tên loại và trích yếu nội dung" in text
    assert "Kết quả công tác bảo mật số 20" in flat(pages[2])
    assert "Sổ đăng ký bí mật nhà nước đi năm 2026, quyển số 1" in flat(pages[2])


def test_a_cancelled_line_is_printed_and_marked_with_its_reason(clerk, pa03):
    entries = add_lines(clerk, pa03, 2)
    cancel_entry(clerk, entries[0], "Ghi nhầm số ký hiệu", IN_2026)
    _, content = register_prints.print_volume(clerk, entries[0].register, "pdf")
    table = flat(pdf_pages(content)[1])
    assert "1/BC-PA03" in table  # kept, struck through
    assert "ĐÃ HỦY ngày 10/04/2026: Ghi nhầm số ký hiệu" in table


def test_a_line_the_printer_may_not_see_keeps_its_number_and_date_only(clerk, pa03):
    add_lines(clerk, pa03, 1)
    hidden = add_lines(clerk, pa03, 1, level=Level.TUYET_MAT)[0]  # the clerk is cleared for Tối mật only
    hidden.item.reference = "99/TM-BÍ-MẬT"
    hidden.item.save()
    printout, content = register_prints.print_volume(clerk, hidden.register, "pdf")
    table = flat(pdf_pages(content)[1])
    assert "2 10/04/2026 — —" in table
    assert "99/TM" not in table and "Tuyệt mật" not in table and "TUYỆT MẬT" not in flat(pdf_pages(content)[0])
    assert printout.level == Level.MAT


def test_a_series_prints_each_volume_with_its_own_cover(clerk, pa03):
    first = add_lines(clerk, pa03, 2)[0]
    close_register(clerk, first.register, IN_2026, year_end=False)
    add_lines(clerk, pa03, 1)
    printout, content = register_prints.print_series(clerk, pa03, RegisterKind.OUTGOING, 2026, "pdf")
    pages = [flat(p) for p in pdf_pages(content)]
    assert len(pages) == 4
    assert "Quyển số: 1" in pages[0] and "Từ số 1 đến số 2" in pages[0]
    assert "Quyển số: 2" in pages[2] and "Từ số 3 đến số 3" in pages[2]
    assert printout.object_type == register_prints.SERIES_TYPE and printout.title.endswith("năm 2026")


def test_the_inventory_prints_by_date_and_level_with_totals(clerk, pa03):
    issued_item(clerk, pa03, level=Level.TOI_MAT, copies=3, on=dt.date(2026, 5, 4))
    issued_item(clerk, pa03, level=Level.MAT, copies=1, on=dt.date(2026, 5, 5), kind=RegisterKind.INCOMING)
    printout, content = register_prints.print_inventory(clerk, pa03, dt.date(2026, 5, 1), dt.date(2026, 5, 31),
                                                        "pdf")
    cover, table = (flat(p) for p in pdf_pages(content))
    assert "THỐNG KÊ BÍ MẬT NHÀ NƯỚC" in cover and "Từ ngày 01/05/2026 đến ngày 31/05/2026" in cover
    assert "1 04/05/2026 Tối mật 0 0 1 3" in table
    assert "Cộng Tối mật" in table and "Tổng cộng 1 1 1 3" in table
    assert printout.form == "register.inventory" and printout.level == Level.TOI_MAT


# --- DOCX -----------------------------------------------------------------------------------------

def test_the_docx_has_the_cover_first_then_the_table_with_repeated_numbered_heads(clerk, long_register):
    printout, content = register_prints.print_volume(clerk, long_register, "docx")
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == ["CÔNG AN TỈNH SƠN HÀ", "PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ"]
    assert len(document.inline_shapes) == 1  # the red MẬT stamp, top right of the cover
    assert "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐI" in texts and "Từ số 1 đến số 20" in texts
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][0] == "Số thứ tự"
    assert [c.text for c in table.rows[1].cells] == [f"({i})" for i in range(1, 10)]
    for row in table.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None
    assert len(table.rows) == 22 and table.rows[21].cells[0].text == "20"
    assert "Kết quả công tác bảo mật số 20" in table.rows[21].cells[4].text
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    footer = section.footer._element.xml
    assert "In từ hệ thống bmnn ngày" in footer and " PAGE " in footer and " NUMPAGES " in footer
    assert printout.pages is None


def test_a_cancelled_line_is_struck_through_in_the_docx_and_a_hidden_one_withheld(clerk, pa03):
    entries = add_lines(clerk, pa03, 1)
    add_lines(clerk, pa03, 1, level=Level.TUYET_MAT)
    cancel_entry(clerk, entries[0], "Trùng dòng", IN_2026)
    _, content = register_prints.print_volume(clerk, entries[0].register, "docx")
    rows = Document(io.BytesIO(content)).tables[0].rows
    cancelled, hidden = rows[2], rows[3]
    assert cancelled.cells[2].text == "1/BC-PA03"
    assert cancelled.cells[2]._tc.xpath(".//w:strike") and not cancelled.cells[0]._tc.xpath(".//w:strike")
    assert "ĐÃ HỦY ngày 10/04/2026: Trùng dòng" in cancelled.cells[8].text
    assert [c.text for c in hidden.cells][:4] == ["2", "10/04/2026", "—", "—"]


# --- The act, and printing again ----------------------------------------------------------------

def test_printing_is_recorded_in_the_ledger_without_any_line_content(clerk, outgoing):
    printout, _ = register_prints.print_volume(clerk, outgoing, "pdf")
    event = LedgerEvent.objects.get(action="outputs.print", object_id=str(printout.pk))
    assert "Sổ đăng ký bí mật nhà nước đi PA03 năm 2026, quyển 1" in event.description
    assert "Tình hình" not in event.description and "Tình hình" not in event.payload
    assert printout.form == "register.outgoing" and printout.form_version == "2026.1"
    assert printout.params["form_version"] == "2026.1" and printout.params["person"] == clerk.pk


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_printout_regenerates_identically_after_the_register_grew(clerk, pa03, outgoing, fmt):
    printout, content = register_prints.print_volume(clerk, outgoing, fmt)
    issued_item(clerk, pa03, level=Level.MAT, on=IN_2026)  # a fourth line, after the print
    again, identical = regenerate(clerk, printout)
    assert identical and again == content
    _, fresh = register_prints.print_volume(clerk, outgoing, fmt)
    assert fresh != content


def test_a_cancellation_after_the_print_does_not_change_the_regenerated_file(clerk, pa03):
    entries = add_lines(clerk, pa03, 2)
    printout, content = register_prints.print_volume(clerk, entries[0].register, "pdf")
    cancel_entry(clerk, entries[1], "Ghi nhầm", dt.date.today())
    again, identical = regenerate(clerk, printout)
    assert identical and again == content
    _, fresh = register_prints.print_volume(clerk, entries[0].register, "pdf")
    assert "ĐÃ HỦY" in flat(pdf_pages(fresh)[1])


def test_the_inventory_regenerates_identically_after_new_lines(clerk, pa03):
    issued_item(clerk, pa03, level=Level.MAT, on=dt.date(2026, 5, 4))
    printout, content = register_prints.print_inventory(clerk, pa03, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                                        "docx")
    issued_item(clerk, pa03, level=Level.MAT, on=dt.date(2026, 5, 4))
    _, identical = regenerate(clerk, printout)
    assert identical


def test_the_form_version_of_a_2025_register_is_the_2018_one(clerk, pa03):
    entry = add_lines(clerk, pa03, 1, on=dt.date(2025, 11, 3))[0]
    printout, content = register_prints.print_volume(clerk, entry.register, "pdf")
    assert printout.form_version == "2018.1"
    assert "Thông tư 24/2020/TT-BCA" in flat(pdf_pages(content)[0])


def test_an_unknown_format_is_refused(clerk, outgoing):
    from bmnn.core.errors import Refused

    with pytest.raises(Refused):
        register_prints.print_volume(clerk, outgoing, "xlsx")
    assert not Printout.objects.exists()


def test_a_register_prints_in_vietnamese_and_regenerates_identically_whatever_the_screen_language(clerk, outgoing):
    from django.utils import translation

    with translation.override("en"):
        printout, content = register_prints.print_volume(clerk, outgoing, "pdf")
    assert "Trang 2/2" in flat(pdf_pages(content)[1]) and "In từ hệ thống bmnn" in flat(pdf_pages(content)[1])
    with translation.override("vi"):
        _, identical = regenerate(clerk, printout)
    assert identical
