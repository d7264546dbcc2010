"""Plain text: BOMs, UTF-16 without BOM, UTF-8, Windows-1258, legacy 8-bit, binary."""

import codecs

import pytest

from bmnn.scanner.extract import text as text_module
from bmnn.scanner.extract.text import decode, extract_text
from bmnn.scanner.model import Budget, Container, ExtractError, ProblemKind, Source

STAMP = "UBND TỈNH X\r\nSố: 12/BC\r\n\r\nTỐI MẬT\r\nBáo cáo công tác bảo mật\r\n"


def _read(data: bytes, budget: Budget | None = None):
    return extract_text(Source.from_bytes("a.txt", data), budget or Budget())


def _texts(extraction):
    return [block.text for block in extraction.blocks]


def test_utf8_lines_become_body_blocks_and_blank_lines_are_skipped():
    extraction = _read(STAMP.encode("utf-8"))
    assert _texts(extraction) == ["UBND TỈNH X", "Số: 12/BC", "TỐI MẬT", "Báo cáo công tác bảo mật"]
    assert {block.container for block in extraction.blocks} == {Container.BODY}
    assert [block.index for block in extraction.blocks] == [0, 1, 2, 3]
    assert extraction.kind == "text"


@pytest.mark.parametrize("bom,encoding", [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
])
def test_byte_order_marks_choose_the_encoding(bom, encoding):
    assert _texts(_read(bom + "TỐI MẬT\nx".encode(encoding))) == ["TỐI MẬT", "x"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(encoding):
    assert _texts(_read(STAMP.encode(encoding)))[2] == "TỐI MẬT"


def test_windows_1258_vietnamese_decodes_with_cp1258():
    raw = "TUYỆT MẬT\nCông văn số 1\n".encode("utf-8")
    cp1258 = b"TUY\xca\xf2T M\xc2\xf2T\nC\xf4ng v\xe3n s\xf4\xec 1\n"
    assert raw != cp1258
    assert _texts(_read(cp1258)) == ["TUY\u00ca\u0323T M\u00c2\u0323T", "C\u00f4ng v\u0103n s\u00f4\u0301 1"]


def _cp1258(text: str) -> bytes:
    """What Windows writes: letters with circumflex, breve or horn precomposed, tones as
    combining bytes — except where cp1258 has the toned letter itself (á à é…)."""
    import unicodedata

    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            keep = [m for m in marks if m in "\u0302\u0306\u031b"]
            tone = [m for m in marks if m not in keep]
            out.append(unicodedata.normalize("NFC", base + "".join(keep)).encode("cp1258"))
            out.extend(m.encode("cp1258") for m in tone)
    return b"".join(out)


def test_windows_1258_prose_full_of_shared_accented_vowels_is_still_cp1258():
    # á à é ó are written precomposed by cp1258 too: most high bytes are "shared" with cp1252.
    import unicodedata

    prose = "Các đơn vị đã thực hiện tốt công tác bảo vệ bí mật nhà nước trong năm qua.\n"
    texts = _texts(_read(_cp1258("TỐI MẬT\n" + prose * 5)))
    assert [unicodedata.normalize("NFC", t) for t in texts[:2]] == ["TỐI MẬT", prose.strip()]


def test_western_text_with_accents_but_no_vietnamese_bytes_stays_cp1252():
    assert _texts(_read("Café déjà vu à Paris, été.\n".encode("cp1252"))) == ["Café déjà vu à Paris, été."]


def test_legacy_tcvn3_bytes_stay_cp1252_surface_forms():
    tcvn3 = b"TUY\xd6T M\xcbT\nCh\xd8 ng\xad\xeai c\xe3 t\xaan m\xedi \xae\xad\xeec b\xe3c b\xd7\n"
    assert _texts(_read(tcvn3)) == ["TUYÖT MËT", "ChØ ng\u00adêi cã tªn míi ®\u00adîc bãc b×"]


def test_nul_bytes_outside_utf16_are_not_text():
    with pytest.raises(ExtractError) as caught:
        _read(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 4)
    assert caught.value.kind is ProblemKind.UNREADABLE
    assert "không phải văn bản" in caught.value.detail


def test_many_control_characters_are_not_text():
    with pytest.raises(ExtractError) as caught:
        _read(bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f]) * 50 + b"abc")
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_stamp_mode_reads_the_first_lines_and_full_mode_all():
    data = "\n".join(f"dòng {i}" for i in range(100)).encode("utf-8")
    assert len(_read(data, Budget(stamp_blocks=10)).blocks) == 10
    assert len(_read(data, Budget(full=True)).blocks) == 100


def test_stamp_mode_reads_only_the_head_of_a_large_file(tmp_path, monkeypatch):
    monkeypatch.setattr(text_module, "STAMP_HEAD_BYTES", 100)
    path = tmp_path / "log.txt"
    path.write_bytes(("Mật độ dân số\n" * 1000).encode("utf-8"))
    extraction = extract_text(Source.from_path(path), Budget(stamp_blocks=1000))
    assert 0 < len(extraction.blocks) < 20
    assert all(block.text == "Mật độ dân số" for block in extraction.blocks)


def test_a_multibyte_character_cut_at_the_head_is_not_an_error():
    raw = "MẬT".encode("utf-8")
    assert decode(raw[:-2], truncated=True) == "M"  # "Ậ" cut in its middle is left for later


def test_empty_file_gives_no_blocks():
    assert _read(b"").blocks == []


def test_html_saved_from_word_is_read_as_its_paragraphs():
    page = ("<html><head><style>p.MsoNormal {font-family: Times}</style><!-- [if gte mso 9]><xml>x</xml> --></head>"
            "<body><p class=MsoNormal align=center><b><span style='color:red'>T&#7888;I\nM&#7852;T</span></b></p>"
            "<p>B&aacute;o c&aacute;o<br>tu&#7847;n</p><table><tr><td>S&#7889;: 1</td><td>x</td></tr></table>"
            "<script>var a = '<p>MẬT</p>';</script></body></html>")
    assert _texts(_read(page.encode("utf-8"))) == ["TỐI MẬT", "Báo cáo", "tuần", "Số: 1", "x"]


def test_xml_is_read_as_its_text_content():
    assert _texts(_read(b'<?xml version="1.0"?>\n<doc><title>MAT</title><p>a &amp; b</p></doc>')) == ["MAT", "a & b"]


def test_text_that_merely_contains_angle_brackets_is_not_markup():
    assert _texts(_read("<<TỐI MẬT>>\nx < y > z\n".encode("utf-8"))) == ["<<TỐI MẬT>>", "x < y > z"]


def test_full_mode_reads_a_bounded_head_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(text_module, "FULL_TEXT_BYTES", 1000)
    path = tmp_path / "big.log"
    path.write_bytes(b"line of a log\n" * 1000)
    extraction = extract_text(Source.from_path(path), Budget(full=True))
    assert 0 < len(extraction.blocks) < 100
    assert [problem.kind for problem in extraction.problems] == [ProblemKind.TOO_LARGE]
