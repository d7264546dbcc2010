r"""RTF tokenizer: \uN fallbacks, code pages, destinations, cells, shapes, fonts."""

import pytest

from bmnn.scanner.extract import rtf
from bmnn.scanner.extract.rtf import extract_rtf
from bmnn.scanner.model import Budget, Container, ExtractError, ProblemKind, Source

FONTS = r"{\fonttbl{\f0\froman\fcharset0 Times New Roman;}{\f1\fnil\fcharset0{\*\panose 0000}.VnTimeH;}" \
        r"{\f2\fswiss\fcharset163 Arial;}}"
COLOURS = r"{\colortbl;\red0\green0\blue0;\red255\green0\blue0;}"


def _doc(body: str, *, head: str = r"\ansi\deff0") -> bytes:
    return ("{\\rtf1" + head + FONTS + COLOURS + body + "}").encode("latin-1")


def _read(data: bytes, budget: Budget | None = None):
    return extract_rtf(Source.from_bytes("a.rtf", data), budget or Budget())


def _texts(extraction, container=None):
    return [block.text for block in extraction.blocks if container is None or block.container is container]


def test_unicode_escape_drops_its_libreoffice_fallback():
    assert _texts(_read(_doc(r"\pard M\u7852\'3fT\par"))) == ["MẬT"]


def test_unicode_escape_drops_a_literal_fallback_and_a_spaced_one():
    assert _texts(_read(_doc(r"\pard T\u7888?I M\u7852 ?T\par"))) == ["TỐI MẬT"]


def test_uc0_means_no_fallback_and_uc2_two():
    assert _texts(_read(_doc(r"\pard\uc0 M\u7852 T\par\uc2 M\u7852\'82\'a0T\par"))) == ["MẬT", "MẬT"]


def test_negative_escapes_and_surrogate_pairs_decode():
    assert _texts(_read(_doc(r"\pard \u-10179\'3f\u-8704\'3f x\par"))) == ["\U0001F600 x"]


def test_hex_bytes_use_ansicpg_1258_for_vietnamese():
    extraction = _read(_doc(r"\pard M\'c2\'f2T\par", head=r"\ansi\ansicpg1258\deff0"))
    assert _texts(extraction) == ["M\u00c2\u0323T"]  # cp1258 is decomposed; the rules apply NFC


def test_hex_bytes_default_to_cp1252():
    assert _texts(_read(_doc(r"\pard caf\'e9\par"))) == ["café"]


def test_font_charset_163_selects_cp1258_for_its_runs():
    assert _texts(_read(_doc(r"\pard\f2 \'d0\'d4\par"))) == ["ĐÔ"]


def test_legacy_tcvn3_font_keeps_cp1252_surface_forms_even_in_a_1258_document():
    extraction = _read(_doc(r"\pard\f1 TUY\'d6T M\'cbT \'e3\par", head=r"\ansi\ansicpg1258\deff0"))
    assert _texts(extraction) == ["TUYÖT MËT ã"]
    assert extraction.blocks[0].font == ".VnTimeH"


def test_font_table_names_are_the_extraction_fonts():
    assert _read(_doc(r"\pard x\par")).fonts == {"Times New Roman", ".VnTimeH", "Arial"}


def test_header_and_footer_destinations_are_kept_as_their_containers():
    body = r"{\header \pard T\u7888\'3fI M\u7852\'3fT\par}{\footerf \pard Trang 1\par}\pard Th\u226\'3fn\par"
    extraction = _read(_doc(body))
    assert _texts(extraction, Container.HEADER) == ["TỐI MẬT"]
    assert _texts(extraction, Container.FOOTER) == ["Trang 1"]
    assert _texts(extraction, Container.BODY) == ["Thân"]
    assert extraction.blocks[0].part == "header"


def test_header_variants_left_right_first_are_headers():
    body = r"{\headerl \pard A\par}{\headerr \pard B\par}{\headerf \pard C\par}"
    assert _texts(_read(_doc(body)), Container.HEADER) == ["A", "B", "C"]


def test_ignorable_and_non_text_destinations_are_skipped():
    body = (r"{\*\generator Writer}{\info{\author Nguy\u7877\'3fn}{\creatim\yr2024}}{\stylesheet{\s0 Normal;}}"
            r"{\*\unknownthing secret words}{\pict\pngblip 89504e47\bin4 {{}}}\pard Only this\par")
    assert _texts(_read(_doc(body))) == ["Only this"]


def test_field_instruction_dropped_result_kept():
    body = r"\pard Trang {\field{\*\fldinst { PAGE }}{\fldrslt {3}}}\par"
    assert _texts(_read(_doc(body))) == ["Trang 3"]


def test_par_and_line_break_blocks():
    assert _texts(_read(_doc(r"\pard A\line B\par C\par"))) == ["A", "B", "C"]


def test_table_cells_are_cell_blocks():
    body = r"\trowd\pard\intbl UBND\cell\pard\intbl M\u7852\'3fT\cell\row\pard Sau b\u7843\'3fng\par"
    extraction = _read(_doc(body))
    assert _texts(extraction, Container.CELL) == ["UBND", "MẬT"]
    assert _texts(extraction, Container.BODY) == ["Sau bảng"]


def test_a_paragraph_in_a_table_ended_by_par_is_a_cell_block():
    extraction = _read(_doc(r"\pard\intbl S\u7889\'3f 12\par M\u7852\'3fT\cell\row"))
    assert _texts(extraction, Container.CELL) == ["Số 12", "MẬT"]


def test_shape_text_is_one_textbox_block_and_its_rendering_is_not_counted_twice():
    body = (r"{\shp{\*\shpinst\shpleft0{\sp{\sn shapeType}{\sv 202}}{\shptxt \pard T\u7888\'3fI M\u7852\'3fT\par}}"
            r"{\shprslt{\*\do\dobxcolumn{\dptxbx{\dptxbxtext \pard T\u7888\'3fI M\u7852\'3fT\par}}}}}\pard Body\par")
    extraction = _read(_doc(body))
    assert _texts(extraction, Container.TEXTBOX) == ["TỐI MẬT"]
    assert _texts(extraction, Container.BODY) == ["Body"]


def test_wordart_text_comes_from_the_gtext_property():
    body = r"{\shp{\*\shpinst{\sp{\sn gtextUNICODE}{\sv TUY\u7878\'3fT M\u7852\'3fT}}{\sp{\sn fillColor}{\sv 255}}}}"
    extraction = _read(_doc(body))
    assert _texts(extraction, Container.WORDART) == ["TUYỆT MẬT"]
    assert _texts(extraction, Container.BODY) == []


def test_footnote_is_a_note_and_the_paragraph_around_it_continues():
    extraction = _read(_doc(r"\pard Text{\footnote \pard ghi ch\u250\'3f\par} more\par"))
    assert _texts(extraction, Container.NOTE) == ["ghi chú"]
    assert _texts(extraction, Container.BODY) == ["Text more"]


def test_bold_colour_and_font_of_the_first_visible_text():
    extraction = _read(_doc(r"\pard\plain\f0\b\cf2 M\u7852\'3fT\par\pard\plain plain\par"))
    stamp, plain = extraction.blocks
    assert (stamp.bold, stamp.colour, stamp.font) == (True, "FF0000", "Times New Roman")
    assert (plain.bold, plain.colour) == (False, None)


def test_stamp_mode_limits_body_blocks_but_keeps_later_cells_and_headers():
    paragraphs = "".join(rf"\pard p{i}\par" for i in range(60))
    body = paragraphs + r"\pard\intbl M\u7852\'3fT\cell\row{\footer \pard cu\u7889\'3fi\par}"
    stamp = _read(_doc(body), Budget(stamp_blocks=5))
    assert len(_texts(stamp, Container.BODY)) == 5
    assert _texts(stamp, Container.CELL) == ["MẬT"]
    assert _texts(stamp, Container.FOOTER) == ["cuối"]
    assert len(_texts(_read(_doc(body), Budget(full=True)), Container.BODY)) == 60


def test_upr_keeps_the_unicode_twin_only():
    body = r"\pard {\upr{B\'c1O}{\*\ud{B\u7842\'3fO}}}\par"
    assert _texts(_read(_doc(body))) == ["BẢO"]


def test_escaped_braces_and_backslash_are_text():
    assert _texts(_read(_doc(r"\pard a\{b\}c\\d\par"))) == ["a{b}c\\d"]


def test_a_truncated_file_still_gives_its_text():
    data = _doc(r"{\header \pard M\u7852\'3fT\par}\pard Thân")[:-1]  # the closing brace is gone
    extraction = _read(data[: data.rindex(b"n") + 1])
    assert _texts(extraction, Container.HEADER) == ["MẬT"]
    assert _texts(extraction, Container.BODY) == ["Thân"]


def test_unbalanced_closing_braces_are_ignored():
    assert _texts(_read(b"{\\rtf1 \\pard a\\par}}}\\pard b\\par}")) == ["a", "b"]


def test_not_rtf_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        _read(b"plain text, not rtf")
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_a_large_file_on_disk_is_memory_mapped_and_read(tmp_path, monkeypatch):
    monkeypatch.setattr(rtf, "MMAP_ABOVE", 0)
    path = tmp_path / "big.rtf"
    path.write_bytes(_doc(r"{\header \pard M\u7852\'3fT\par}" + r"\pard x\par" * 1000))
    extraction = extract_rtf(Source.from_path(path), Budget(full=True))
    assert _texts(extraction, Container.HEADER) == ["MẬT"]
    assert len(_texts(extraction, Container.BODY)) == 1000


def test_a_small_file_on_disk_is_read(tmp_path):
    path = tmp_path / "small.rtf"
    path.write_bytes(_doc(r"\pard M\u7852\'3fT\par"))
    assert _texts(extract_rtf(Source.from_path(path), Budget())) == ["MẬT"]


def test_info_title_keywords_and_category_are_property_blocks():
    body = r"{\info{\title B\u7842\'3fO C\u193\'3fO}{\author Ai}{\keywords M\u7852\'3fT}{\category T\u7888\'3fI M\u7852\'3fT}}"
    extraction = _read(_doc(body + r"\pard x\par"))
    assert _texts(extraction, Container.PROPERTY) == ["BẢO CÁO", "MẬT", "TỐI MẬT"]
    assert _texts(extraction, Container.BODY) == ["x"]


def test_caps_formatting_marks_the_block_as_shown_in_capitals():
    extraction = _read(_doc(r"\pard{\caps T\u7889\'3fi m\u7853\'3ft}\par\pard {\caps T\u7889\'3fi} m\u7853\'3ft\par"))
    shown_caps, mixed = extraction.blocks
    assert (shown_caps.text, shown_caps.caps) == ("Tối mật", True)
    assert mixed.caps is False


def test_small_caps_count_as_capitals_and_caps0_ends_them():
    extraction = _read(_doc(r"\pard\scaps M\u7853\'3ft\par\pard\plain\caps\caps0 x\par"))
    assert [block.caps for block in extraction.blocks] == [True, False]


def test_a_bordered_paragraph_is_a_bordered_block_until_pard():
    extraction = _read(_doc(r"\pard\brdrt\brdrs\brdrb\brdrs M\u7852\'3fT\par\pard plain\par"))
    assert [block.bordered for block in extraction.blocks] == [True, False]


def test_word_style_runs_of_layout_words_do_not_hide_the_words_that_matter():
    body = (r"\pard \ltrpar\ql \li0\ri0\sa160\widctlpar\wrapdefault\itap0 {\rtlch\fcs1 \af0 \ltrch\fcs0 "
            r"\b\f0\fs26\cf2\insrsid1 M\'c2\'f2T}{\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid2 \par }"
            r"\pard\fcs1\fs24 next\par")
    extraction = _read(_doc(body, head=r"\ansi\ansicpg1258\deff0"))
    stamp, following = extraction.blocks
    assert stamp.text == "M\u00c2\u0323T"
    assert (stamp.bold, stamp.colour, stamp.font) == (True, "FF0000", "Times New Roman")
    assert following.text == "next"


def test_hex_bytes_split_by_a_line_end_in_the_file_decode_together():
    data = b"{\\rtf1\\ansi\\ansicpg932 \\pard \\'82\r\n\\'a0\\par}"
    assert _texts(_read(data)) == ["\u3042"]  # one Shift-JIS character from two bytes


def test_a_group_start_after_a_line_end_still_names_its_destination():
    data = b"{\\rtf1\\ansi {\r\n\\header \\pard M\\par}\\pard x\\par}"
    extraction = _read(data)
    assert _texts(extraction, Container.HEADER) == ["M"]
