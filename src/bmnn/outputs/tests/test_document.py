"""The Decree 30 layout, opened back from the PDF (pypdfium2) and the DOCX (python-docx)."""

import datetime as dt
import io

import docx
import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from bmnn.outputs import docx as docx_out
from bmnn.outputs import document as d
from bmnn.outputs import pdf as pdf_out
from bmnn.outputs import stamps

DAY = dt.date(2026, 1, 5)


def sample(**changes) -> d.AdminDocument:
    model = d.AdminDocument(
        body_name="Kho bạc Nhà nước khu vực XII", parent_body_name="Kho bạc Nhà nước", doc_type="Quyết định",
        summary="Về việc gia hạn thời hạn bảo vệ bí mật nhà nước", number="05/QĐ-KBNN", place="Hà Nội", date=DAY,
        level_stamp=stamps.level_stamp("TOI_MAT", DAY),
        blocks=[d.Para("Căn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018;"),
                d.Table(["Số thứ tự", "Trích yếu"], [["1", "Kế hoạch dự trữ ngoại hối"]], [1, 4], numbered=True),
                d.Signatures([d.Signer("Trần Thị Bình", label="Chủ tịch hội đồng"),
                              d.Signer("Lê Văn Cường", label="Thư ký")])],
        signer=d.Signer("Phạm Minh Đức", title="Phó Giám đốc", capacity="KT. Giám đốc"),
        recipients=["Phòng Kế toán"], filing="VT, KTNN", mark_line="In từ hệ thống bmnn ngày 23/11/2026.")
    for key, value in changes.items():
        setattr(model, key, value)
    return model


def pdf_text(content: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(io.BytesIO(content))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_pdf_has_every_element_of_the_layout_with_diacritics_intact():
    text = pdf_text(pdf_out.render(sample()).content)[0]
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KHO BẠC NHÀ NƯỚC",
                     "Số: 05/QĐ-KBNN", "Hà Nội, ngày 05 tháng 01 năm 2026", "QUYẾT ĐỊNH", "TỐI MẬT",
                     "Về việc gia hạn thời hạn bảo vệ bí mật nhà nước", "KT. GIÁM ĐỐC", "Phạm Minh Đức",
                     "Nơi nhận:", "- Lưu: VT, KTNN.", "(2)", "In từ hệ thống bmnn"):
        assert expected in text, expected


def test_pdf_numbers_pages_from_the_second_only():
    long = sample(blocks=[d.Para("Nội dung dài của văn bản. " * 40) for _ in range(12)])
    rendered = pdf_out.render(long)
    pages = pdf_text(rendered.content)
    assert rendered.pages == len(pages) >= 2
    assert pages[1].splitlines()[0].strip() == "2" or "\n2\n" in f"\n{pages[1]}"
    assert not pages[0].startswith("1")


def test_a_blank_number_and_date_are_left_to_be_written_by_hand():
    text = pdf_text(pdf_out.render(sample(number="", symbol="QĐ-KBNN", date=None, year=2026)).content)[0]
    assert "/QĐ-KBNN" in text and "năm 2026" in text


def test_docx_has_the_same_elements_and_the_stamp_as_an_image():
    when = timezone.now().replace(microsecond=0)
    content = docx_out.render(sample(), when).content
    text = docx_text(content)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KHO BẠC NHÀ NƯỚC KHU VỰC XII", "Số: 05/QĐ-KBNN",
                     "ngày 05 tháng 01 năm 2026", "Về việc gia hạn", "KT. GIÁM ĐỐC", "- Lưu: VT, KTNN.",
                     "CHỦ TỊCH HỘI ĐỒNG", "(1)"):
        assert expected in text, expected
    document = docx.Document(io.BytesIO(content))
    assert any(rel.reltype.endswith("/image") for rel in document.part.rels.values())
    assert document.sections[0].different_first_page_header_footer


def test_docx_is_byte_identical_for_the_same_time():
    when = timezone.now().replace(microsecond=0)
    assert docx_out.render(sample(), when).content == docx_out.render(sample(), when).content


def test_pdf_is_byte_identical_when_made_again():
    assert pdf_out.render(sample()).content == pdf_out.render(sample()).content


@pytest.mark.parametrize("level, width", [("TUYET_MAT", 40), ("TOI_MAT", 30), ("MAT", 20)])
def test_level_stamps_have_their_sizes_and_red_ink(level, width):
    from PIL import Image

    stamp = stamps.level_stamp(level, DAY)
    assert (stamp.width_mm, stamp.height_mm) == (width, 8)
    image = Image.open(io.BytesIO(stamps.png(stamp, dpi=254)))
    assert image.size == (width * 10, 80)
    raw = image.convert("RGBA").tobytes()
    colours = {tuple(raw[i:i + 3]) for i in range(0, len(raw), 4) if raw[i + 3] > 200}
    assert colours and all(r > 150 and g < 80 and b < 80 for r, g, b in colours)


def test_a_stamp_field_left_empty_shows_an_ellipsis_not_a_crash():
    stamp = stamps.stamp("declassified", DAY)
    assert "Từ: …" in stamp.text


def test_the_2026_stamp_forms_apply_from_the_first_of_march():
    assert stamps.level_stamp("MAT", dt.date(2026, 2, 28)).version == "2018.1"
    assert stamps.level_stamp("MAT", dt.date(2026, 3, 1)).version == "2026.1"
