"""PDF text layer: lines with their place, pages read, fonts, encryption, scans."""

import io

import pytest

from bmnn.scanner.extract import ocr, pdf as pdf_module
from bmnn.scanner.extract.pdf import extract_pdf, pages_to_read
from bmnn.scanner.model import Block, Budget, Container, ExtractError, ProblemKind, Source
from bmnn.scanner.tests.legacy_fixtures import DEJAVU, DEJAVU_BOLD, pdf, pdf_by_hand

needs_dejavu = pytest.mark.skipif(not __import__("os").path.exists(DEJAVU), reason="DejaVu fonts not installed")


def _read(data: bytes, budget: Budget | None = None):
    return extract_pdf(Source.from_bytes("a.pdf", data), budget or Budget())


def _texts(extraction):
    return [block.text for block in extraction.blocks]


def test_lines_become_body_blocks_with_page_part_index_and_y():
    extraction = _read(pdf([[{"text": "MAT", "top": 40}, {"text": "Noi dung", "top": 500}]]))
    top, lower = extraction.blocks
    assert (top.text, top.container, top.part, top.index, top.page) == ("MAT", Container.BODY, "page 1", 0, 1)
    assert lower.index == 1
    assert 0.0 <= top.y < 0.1
    assert 0.55 < lower.y < 0.65
    assert extraction.pages == 1
    assert not extraction.needs_ocr


@needs_dejavu
def test_vietnamese_text_from_an_embedded_truetype_font_is_read():
    extraction = _read(pdf([[{"text": "TỐI MẬT", "font": DEJAVU, "top": 30}]]))
    assert _texts(extraction) == ["TỐI MẬT"]
    assert extraction.blocks[0].font == "DejaVuSans"


@needs_dejavu
def test_bold_and_colour_of_a_line_are_kept():
    extraction = _read(pdf([[{"text": "MẬT", "font": DEJAVU_BOLD, "colour": (255, 0, 0)}]]))
    block = extraction.blocks[0]
    assert block.bold
    assert block.colour == "FF0000"


def test_legacy_font_name_loses_its_subset_tag_and_the_text_keeps_its_surface_form():
    extraction = _read(pdf_by_hand([(b"TUY\xd6T M\xcbT", 30)], base_font="ABCDEF+.VnTimeH"))
    assert _texts(extraction) == ["TUYÖT MËT"]
    assert extraction.blocks[0].font == ".VnTimeH"
    assert extraction.fonts == {".VnTimeH"}


def test_stamp_mode_reads_pages_one_two_and_last():
    data = pdf([[{"text": f"trang {n}"}] for n in range(1, 8)])
    extraction = _read(data)
    assert _texts(extraction) == ["trang 1", "trang 2", "trang 7"]
    assert [block.part for block in extraction.blocks] == ["page 1", "page 2", "page 7"]
    assert extraction.pages == 7
    assert len(_read(data, Budget(full=True)).blocks) == 7


def test_pages_to_read():
    assert pages_to_read(1, Budget()) == [1]
    assert pages_to_read(3, Budget()) == [1, 2, 3]
    assert pages_to_read(10, Budget()) == [1, 2, 10]
    assert pages_to_read(10, Budget(max_pages=1)) == [10]
    assert pages_to_read(4, Budget(full=True)) == [1, 2, 3, 4]


def _encrypted(user: str, owner: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")  # bench extra; used only to write the fixture
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf([[{"text": "MAT"}]])))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_user_password_pdf_is_reported_encrypted():
    extraction = _read(_encrypted("secret", "owner"))
    assert extraction.encrypted
    assert extraction.blocks == []


def test_an_owner_password_only_pdf_is_read():
    extraction = _read(_encrypted("", "owner"))
    assert not extraction.encrypted
    assert _texts(extraction) == ["MAT"]


def test_an_image_only_page_needs_ocr_and_is_listed():
    extraction = _read(pdf([[{"text": "Trang bìa có chữ đủ dài để không bị coi là bản quét"}], [{"image": True}]]))
    assert extraction.needs_ocr
    assert extraction.ocr_detail.endswith(": 2")


def test_a_blank_page_without_images_does_not_need_ocr():
    assert not _read(pdf([[{"text": "x"}], []])).needs_ocr


def test_ocr_requested_but_tesseract_missing_still_reports_needs_ocr(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    extraction = _read(pdf([[{"image": True}]]), Budget(ocr=True))
    assert extraction.needs_ocr


def test_ocr_requested_and_available_reads_the_scanned_page(monkeypatch):
    def fake(document, pages, budget):
        return [Block(text="TOI MAT", part=f"page {pages[0]} (OCR)", page=pages[0], y=0.05)], {1}

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_document_pages", fake)
    extraction = _read(pdf([[{"image": True}]]), Budget(ocr=True))
    assert not extraction.needs_ocr
    assert [(block.text, block.part) for block in extraction.blocks] == [("TOI MAT", "page 1 (OCR)")]


def test_corrupt_pdf_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        _read(b"%PDF-1.4\n garbage without objects")
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_truncated_pdf_is_read_or_unreadable_never_a_crash():
    data = pdf([[{"text": "MAT"}], [{"text": "b"}]])
    try:
        extraction = _read(data[: len(data) // 2])
    except ExtractError as error:
        assert error.kind is ProblemKind.UNREADABLE
    else:
        assert extraction.kind == "pdf"


def test_a_large_pdf_on_disk_is_opened_from_a_handle(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "OPEN_FROM_HANDLE_ABOVE", 0)
    path = tmp_path / "big.pdf"
    path.write_bytes(pdf([[{"text": "MAT"}]]))
    assert _texts(extract_pdf(Source.from_path(path), Budget())) == ["MAT"]
    path.unlink()  # the handle was closed (Windows would refuse otherwise)


def test_a_small_pdf_on_disk_is_read(tmp_path):
    path = tmp_path / "small.pdf"
    path.write_bytes(pdf([[{"text": "MAT"}]]))
    assert _texts(extract_pdf(Source.from_path(path), Budget())) == ["MAT"]


def test_a_broken_page_is_reported_and_the_other_pages_are_read():
    data = pdf_by_hand([(b"MAT", 30)]).replace(b"/Kids [3 0 R] /Count 1", b"/Kids [3 0 R 1 0 R] /Count 2")
    extraction = _read(data)
    assert _texts(extraction) == ["MAT"]
    assert [(problem.kind, problem.detail) for problem in extraction.problems] == [
        (ProblemKind.UNREADABLE, "trang 2 hỏng / page 2 unreadable")]
