"""Types are told by content: a file's name never decides, except as the last hint for a
damaged container."""

import io
import zipfile

import pytest

from bmnn.scanner.model import Source
from bmnn.scanner.sniff import detect
from bmnn.scanner.tests.fakes_pipeline import docx_bytes, pdf_bytes


def _zip(members: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, members.pop(stored_first), compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _on_disk(tmp_path, name: str, data: bytes) -> Source:
    path = tmp_path / name
    path.write_bytes(data)
    return Source.from_path(path)


def _cfb(streams):
    fixtures = pytest.importorskip("bmnn.scanner.tests.legacy_fixtures")
    return fixtures.cfb(streams)


def test_a_pdf_named_docx_is_read_as_a_pdf(tmp_path):
    assert detect(_on_disk(tmp_path, "letter.docx", pdf_bytes("MẬT"))) == "pdf"


def test_a_docx_named_pdf_is_read_as_a_docx(tmp_path):
    assert detect(_on_disk(tmp_path, "scan.pdf", docx_bytes("MẬT"))) == "docx"


def test_pdf_marker_after_leading_junk_within_1024_bytes_is_a_pdf():
    assert detect(Source.from_bytes("x.bin", b"\x00" * 500 + pdf_bytes("a"))) == "pdf"


@pytest.mark.parametrize(("folder", "kind"), [("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")])
def test_ooxml_kind_comes_from_its_part_folders(folder, kind):
    data = _zip({"[Content_Types].xml": b"<Types/>", f"{folder}main.xml": b"<x/>"})
    assert detect(Source.from_bytes("noname", data)) == kind


@pytest.mark.parametrize(("mimetype", "kind"), [
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ("application/vnd.oasis.opendocument.presentation", "odp"),
])
def test_odf_kind_comes_from_its_mimetype_member(mimetype, kind):
    data = _zip({"mimetype": mimetype.encode(), "content.xml": b"<x/>"}, stored_first="mimetype")
    assert detect(Source.from_bytes("file.zip", data)) == kind


def test_a_zip_of_anything_else_is_a_zip():
    assert detect(Source.from_bytes("a.docx", _zip({"notes.txt": b"hello"}))) == "zip"


def test_an_epub_is_a_zip_not_an_odf_document():
    data = _zip({"mimetype": b"application/epub+zip", "x.html": b"<p/>"}, stored_first="mimetype")
    assert detect(Source.from_bytes("book.epub", data)) == "zip"


def test_a_truncated_docx_is_still_a_docx_by_its_local_headers():
    whole = docx_bytes("TUYỆT MẬT", "x" * 3000)
    assert detect(Source.from_bytes("broken.bin", whole[: len(whole) // 2])) == "docx"


def test_a_truncated_odt_is_still_an_odt_by_its_stored_mimetype():
    whole = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>" * 500},
                 stored_first="mimetype")
    assert detect(Source.from_bytes("broken.bin", whole[:200])) == "odt"


@pytest.mark.parametrize(("stream", "kind"), [
    ("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"), ("PowerPoint Document", "ppt"),
    ("EncryptedPackage", "ooxml_encrypted"),
])
def test_ole_kind_comes_from_its_stream_names(stream, kind):
    assert detect(Source.from_bytes("renamed.txt", _cfb({stream: b"\x00" * 10}))) == kind


def test_own_ole_check_works_without_the_legacy_reader(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "bmnn.scanner.extract.ole", None)  # import fails
    assert detect(Source.from_bytes("renamed.txt", _cfb({"WordDocument": b"\x00" * 10}))) == "doc"


def test_ole_file_of_no_document_kind_is_other():
    assert detect(Source.from_bytes("Thumbs.db", _cfb({"Catalog": b"\x00" * 10}))) == "other"


def test_damaged_ole_named_doc_goes_to_the_doc_reader():
    assert detect(Source.from_bytes("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600)) == "doc"


def test_rtf_by_its_opening():
    assert detect(Source.from_bytes("a.doc", b"{\\rtf1\\ansi MAT}")) == "rtf"


@pytest.mark.parametrize(("head", "kind"), [(b"Rar!\x1a\x07\x00rest", "rar"), (b"7z\xbc\xaf\x27\x1crest", "7z")])
def test_rar_and_7z_are_recognised(head, kind):
    assert detect(Source.from_bytes("a.zip", head)) == kind


@pytest.mark.parametrize("head", [b"\x89PNG\r\n\x1a\n\x00\x00", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"GIF89a\x01\x00",
                                  b"II*\x00\x08\x00", b"MM\x00*\x00\x08", b"RIFF\x10\x00\x00\x00WEBPVP8 "])
def test_images_are_images(head):
    assert detect(Source.from_bytes("photo.docx", head + b"\x00" * 100)) == "image"


def test_bmp_needs_its_own_size_in_the_header():
    body = b"BM" + (40).to_bytes(4, "little") + b"\x00" * 34
    assert detect(Source.from_bytes("a.bmp", body)) == "image"
    assert detect(Source.from_bytes("a.txt", b"BMW is a car brand\n")) == "text"


@pytest.mark.parametrize("data", [
    "TUYỆT MẬT\nCông văn số 12\n".encode(),
    "\ufeffTUYỆT MẬT".encode(),
    "TỐI MẬT".encode("utf-16"),
    "TỐI MẬT và văn bản".encode("utf-16-le"),
    b"M\xc2\xf2T c\xf4ng v\xe3n\r\n",  # Windows-1258: base letter then a combining tone
    b"T\xd9I M\xcbT\r\n",  # TCVN3 bytes
])
def test_text_in_any_vietnamese_encoding_is_text(data):
    assert detect(Source.from_bytes("a.dat", data)) == "text"


def test_binary_is_other():
    assert detect(Source.from_bytes("a.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 4)) == "other"


def test_a_file_of_zeros_is_other():
    assert detect(Source.from_bytes("disk.img", b"\x00" * 4096)) == "other"


def test_empty_file_is_empty(tmp_path):
    assert detect(_on_disk(tmp_path, "nothing.docx", b"")) == "empty"
