"""Word 97 .doc: piece table, stories, cells, encryption, fonts, corrupt files."""

import struct

import pytest

from bmnn.scanner.extract.doc import extract_doc
from bmnn.scanner.model import Budget, Container, ExtractError, ProblemKind, Source
from bmnn.scanner.tests.legacy_fixtures import cfb, property_set, word97


def _read(data: bytes, budget: Budget | None = None):
    return extract_doc(Source.from_bytes("a.doc", data), budget or Budget())


def _texts(extraction, container=None):
    return [block.text for block in extraction.blocks if container is None or block.container is container]


def test_main_text_paragraphs_become_body_blocks_in_order():
    extraction = _read(word97("UBND TỈNH X\rSố: 12/BC-UBND\r\rBÁO CÁO\r"))
    assert _texts(extraction) == ["UBND TỈNH X", "Số: 12/BC-UBND", "BÁO CÁO"]
    assert [block.index for block in extraction.blocks] == [0, 1, 2]
    assert {block.part for block in extraction.blocks} == {"main"}
    assert extraction.kind == "doc"


def test_compressed_cp1252_pieces_are_read():
    extraction = _read(word97("Cong van so 1\r", compressed=True))
    assert _texts(extraction) == ["Cong van so 1"]


def test_mixed_compressed_and_utf16_pieces_join_into_the_same_text():
    text = "Kính gửi: Sở Tài chính\rTỐI MẬT\rHết\r"
    extraction = _read(word97(text, piece_chars=5))
    assert _texts(extraction) == ["Kính gửi: Sở Tài chính", "TỐI MẬT", "Hết"]


def test_cells_end_with_the_cell_mark_and_are_cell_blocks():
    extraction = _read(word97("UBND TỈNH X\x07MẬT\x07\x07Nội dung\r"))
    assert _texts(extraction, Container.CELL) == ["UBND TỈNH X", "MẬT"]
    assert _texts(extraction, Container.BODY) == ["Nội dung"]


def test_header_and_footer_stories_are_split_by_the_plcfhdd():
    extraction = _read(word97("Thân\r", headers=[("header", "TỐI MẬT\r"), ("first_footer", "Trang cuối\r")]))
    assert _texts(extraction, Container.HEADER) == ["TỐI MẬT"]
    assert _texts(extraction, Container.FOOTER) == ["Trang cuối"]
    assert _texts(extraction, Container.BODY) == ["Thân"]


def test_text_box_story_at_the_end_of_the_stream_is_a_textbox_block():
    extraction = _read(word97("Thân văn bản\r", textboxes="TUYỆT MẬT\r"))
    assert _texts(extraction, Container.TEXTBOX) == ["TUYỆT MẬT"]
    assert _texts(extraction, Container.BODY) == ["Thân văn bản"]


def test_footnotes_comments_and_endnotes_are_note_blocks():
    extraction = _read(word97("Thân\x02\r", footnotes="\x02 chú thích\r", comments="\x05ý kiến\r",
                              endnotes="\x02 kết\r"))
    assert _texts(extraction, Container.NOTE) == ["chú thích", "ý kiến", "kết"]
    assert _texts(extraction, Container.BODY) == ["Thân"]


def test_field_instructions_are_dropped_and_results_kept():
    extraction = _read(word97("Trang \x13 PAGE \x143\x15 của \x13 NUMPAGES \x13 X \x14y\x15\x145\x15\r"))
    assert _texts(extraction) == ["Trang 3 của 5"]


def test_encrypted_flag_reports_encrypted_and_reads_nothing():
    extraction = _read(word97("TỐI MẬT\r", encrypted=True))
    assert extraction.encrypted
    assert extraction.blocks == []


def test_table_stream_is_chosen_by_the_fib_bit():
    extraction = _read(word97("Bảng 0\r", table_stream="0Table"))
    assert _texts(extraction) == ["Bảng 0"]


def test_font_names_come_from_the_font_table():
    extraction = _read(word97("MËT\r", fonts=["Times New Roman", ".VnTimeH", "VNI-Times"]))
    assert extraction.fonts == {"Times New Roman", ".VnTimeH", "VNI-Times"}


def test_stamp_mode_limits_body_blocks_but_keeps_later_cells_headers_and_boxes():
    body = "".join(f"Đoạn {i}\r" for i in range(50)) + "MẬT\x07\x07"
    data = word97(body, headers=[("header", "Đầu trang\r")], textboxes="Hộp\r")
    stamp = _read(data, Budget(stamp_blocks=10))
    assert len(_texts(stamp, Container.BODY)) == 10
    assert _texts(stamp, Container.CELL) == ["MẬT"]
    assert _texts(stamp, Container.HEADER) == ["Đầu trang"]
    assert _texts(stamp, Container.TEXTBOX) == ["Hộp"]
    full = _read(data, Budget(full=True, stamp_blocks=10))
    assert len(_texts(full, Container.BODY)) == 50


def test_a_file_without_word_stream_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        _read(cfb({"Workbook": b"x"}))
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_a_bad_fib_signature_is_unreadable():
    data = cfb({"WordDocument": b"\x00" * 1000, "1Table": b"x"})
    with pytest.raises(ExtractError) as caught:
        _read(data)
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_a_missing_table_stream_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        _read(cfb({"WordDocument": struct.pack("<HH", 0xA5EC, 0xC1) + b"\0" * 1000}))
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_a_piece_pointing_past_the_stream_is_unreadable():
    data = bytearray(word97("Một đoạn văn\r"))
    # 1Table sorts before WordDocument, so its data is sector 0 (file offset 512); the CLX
    # starts at table offset 16: 0x02, lcb, two CPs, then the piece descriptor's flags and fc
    fc_at = 512 + 16 + 1 + 4 + 8 + 2
    assert struct.unpack_from("<I", data, fc_at)[0] == 0x400
    struct.pack_into("<I", data, fc_at, 0x3FFFFF)
    with pytest.raises(ExtractError) as caught:
        _read(bytes(data))
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_not_an_ole_file_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        _read(b"This is not a Word file" * 100)
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_a_doc_on_disk_is_read(tmp_path):
    path = tmp_path / "vb.doc"
    path.write_bytes(word97("Công văn\r", headers=[("header", "MẬT\r")]))
    extraction = extract_doc(Source.from_path(path), Budget())
    assert _texts(extraction) == ["Công văn", "MẬT"]


def test_document_properties_become_property_blocks():
    streams = {"\x05SummaryInformation": property_set({2: "Báo cáo", 5: "MẬT"}, codepage=1258),
               "\x05DocumentSummaryInformation": property_set({2: "TỐI MẬT"}, codepage=1258, summary=False)}
    extraction = _read(word97("Thân\r", extra_streams=streams))
    properties = [block for block in extraction.blocks if block.container is Container.PROPERTY]
    assert [block.text for block in properties] == ["Báo cáo", "MẬT", "TỐI MẬT"]
    assert {block.part for block in properties} == {"properties"}


def test_a_damaged_property_stream_is_ignored():
    extraction = _read(word97("Thân\r", extra_streams={"\x05SummaryInformation": b"\xfe\xff garbage"}))
    assert _texts(extraction) == ["Thân"]


def test_8bit_properties_are_decoded_with_their_code_page():
    streams = {"\x05SummaryInformation": property_set({2: "TUYÖT MËT"}, codepage=1252)}
    extraction = _read(word97("Thân\r", extra_streams=streams))
    assert _texts(extraction, Container.PROPERTY) == ["TUYÖT MËT"]


def test_word_95_is_reported_unsupported_not_misread():
    data = bytearray(word97("MẬT\r"))
    word_at = data.index(struct.pack("<HH", 0xA5EC, 0x00C1))
    struct.pack_into("<H", data, word_at + 2, 104)  # nFib of Word 95
    with pytest.raises(ExtractError) as caught:
        _read(bytes(data))
    assert caught.value.kind is ProblemKind.UNSUPPORTED


def test_fields_nested_in_results_keep_the_innermost_result():
    story = "\x13 REF a \x14" * 500 + "MẬT" + "\x15" * 500 + "\r"
    assert _texts(_read(word97(story))) == ["MẬT"]


def test_hostile_field_nesting_in_instructions_is_cut_off_not_looped_over():
    story = "\x13a" * 3000 + "\x14b\x15" * 3000 + "\rnext\r"
    extraction = _read(word97(story))  # one regex pass per level, at most MAX_FIELD_NESTING
    assert _texts(extraction)[-1] == "next"


def test_story_counts_beyond_the_piece_table_are_unreadable():
    data = bytearray(word97("Một\r"))
    word_at = data.index(struct.pack("<HH", 0xA5EC, 0x00C1))
    struct.pack_into("<I", data, word_at + 0x4C, 10_000_000)  # ccpText
    with pytest.raises(ExtractError) as caught:
        _read(bytes(data))
    assert caught.value.kind is ProblemKind.UNREADABLE
