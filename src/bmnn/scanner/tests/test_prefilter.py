import unicodedata

import pytest

from bmnn.scanner import prefilter
from bmnn.scanner.prefilter import might_contain_mark


@pytest.mark.parametrize("text", [
    "TỐI MẬT", "tối mật", "Tối Mật", "bảo mật", "Bản sao số: 03", "TÀI LIỆU THU HỒI",
    "Chỉ người có tên mới được bóc bì", "T U Y Ệ T  M Ậ T", "M\u00a0Ậ\u00a0T", "M\u200bẬT",
    "TUYÖT MËT", "TèI MËT", "TOÁI MAÄT", "B¶n sao sè", "Baûn sao soá", "TOI MAT", "Tuyet mat",
])
def test_every_shape_of_a_mark_passes(text):
    assert might_contain_mark(f"Kính gửi các đơn vị\n{text}\nđể biết")


def test_decomposed_text_passes():
    assert might_contain_mark(unicodedata.normalize("NFD", "TỐI MẬT"))


def test_cp1258_text_passes():
    assert might_contain_mark(b"TUY\xca\xf2T M\xc2\xf2T".decode("cp1258"))


@pytest.mark.parametrize("text", ["", "Báo cáo tình hình kinh tế xã hội quý III năm 2024",
                                  "KHẨN", "HỎA TỐC", "The quick brown fox jumps over the format"])
def test_text_without_mark_words_is_turned_away(text):
    assert not might_contain_mark(text)


def test_the_automaton_is_built_once():
    assert prefilter.automaton() is prefilter.automaton()


def test_patterns_include_case_and_legacy_variants():
    patterns = prefilter.patterns()
    assert {"MẬT", "mật", "Mật", "MËT", "mËt", "MAÄT", "maät", "M Ậ T", "TOI MAT"} <= patterns
