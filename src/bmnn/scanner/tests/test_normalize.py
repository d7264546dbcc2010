import unicodedata

import pytest

from bmnn.scanner import normalize
from bmnn.scanner.normalize import collapse_letter_spacing, fold, normalize_line, split_lines, trim


def test_decomposed_text_is_composed():
    decomposed = unicodedata.normalize("NFD", "TỐI MẬT")
    assert "MẬT" not in decomposed
    assert normalize_line(decomposed) == "TỐI MẬT"


def test_cp1258_half_decomposed_text_is_composed():
    text = b"TUY\xca\xf2T M\xc2\xf2T".decode("cp1258")
    assert normalize_line(text) == "TUYỆT MẬT"


def test_latin_eth_becomes_vietnamese_d_with_stroke():
    assert normalize_line("ÐỘ MẬT: MẬT") == "ĐỘ MẬT: MẬT"
    assert normalize_line("ðộ mật") == "độ mật"


def test_no_break_and_zero_width_characters_are_removed():
    assert normalize_line("TỐI\u00a0M\u200bẬ\u200dT\ufeff") == "TỐI MẬT"


def test_soft_hyphen_is_removed_from_unicode_text():
    assert normalize_line("bảo\u00ad mật") == "bảo mật"


def test_soft_hyphen_is_the_letter_u_horn_in_tcvn3_text():
    assert normalize_line("ng\u00adêi", encoding="tcvn3") == "người"


def test_letter_spaced_capitals_are_joined_into_words():
    assert normalize_line("T U Y Ệ T  M Ậ T") == "TUYỆT MẬT"
    assert normalize_line("M Ậ T") == "MẬT"


def test_letter_spacing_with_single_spaces_between_words_joins_everything():
    assert collapse_letter_spacing("T Ố I M Ậ T") == "TỐIMẬT"


def test_lower_case_single_letters_are_left_alone():
    assert collapse_letter_spacing("mục a b c") == "mục a b c"


def test_a_single_capital_letter_inside_a_sentence_is_left_alone():
    assert collapse_letter_spacing("LƯU Ý TỐI MẬT") == "LƯU Ý TỐI MẬT"


@pytest.mark.parametrize("framed", ["| TỐI MẬT |", "│ TỐI MẬT │", "╔══ TỐI MẬT ══╗", "* TỐI MẬT *", "“TỐI MẬT”",
                                    "(TỐI MẬT)", "[TỐI MẬT]", "• TỐI MẬT", "- TỐI MẬT -", "TỐI MẬT.", "_TỐI MẬT_"])
def test_box_and_punctuation_around_a_stamp_are_trimmed(framed):
    assert trim(framed) == "TỐI MẬT"


def test_trimming_keeps_punctuation_inside_the_line():
    assert normalize_line("MẬT - KHẨN") == "MẬT - KHẨN"


def test_spaces_are_collapsed():
    assert normalize_line("  TỐI    MẬT  ") == "TỐI MẬT"


def test_folding_drops_tones_and_maps_d_with_stroke():
    assert fold("TỐI MẬT") == "TOI MAT"
    assert fold("Độ mật") == "Do mat"
    assert fold("ÐỘ") == "DO"
    assert fold("BC_TUYỆT_MẬT_2024.docx") == "BC_TUYET_MAT_2024.docx"


def test_lines_are_split_on_every_kind_of_line_break():
    assert split_lines("A\nB\r\nC\vD\u2028E\fF") == ["A", "B", "C", "D", "E", "F"]


def test_blank_lines_are_dropped():
    assert split_lines("MẬT\n\n   \nBÁO CÁO") == ["MẬT", "BÁO CÁO"]


def test_tabs_and_wide_gaps_separate_columns():
    assert split_lines("MẬT\t\tHà Nội, ngày 12") == ["MẬT", "Hà Nội, ngày 12"]
    assert split_lines("MẬT          Hà Nội") == ["MẬT", "Hà Nội"]


def test_the_double_space_of_letter_spacing_does_not_split_a_line():
    assert split_lines("T U Y Ệ T  M Ậ T") == ["T U Y Ệ T  M Ậ T"]


def test_is_caps_needs_letters_and_no_lower_case():
    assert normalize.is_caps("ĐỘ MẬT: MẬT")
    assert not normalize.is_caps("Tối mật")
    assert not normalize.is_caps("12/2024")
