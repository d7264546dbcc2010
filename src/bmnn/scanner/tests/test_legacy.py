import pytest

from bmnn.scanner import legacy
from bmnn.scanner.legacy import TCVN3, VNI, encoding_for_font, from_unicode, is_caps_font, surface_forms, to_unicode

# scanner-notes §3.2, "Surface forms to add to the matcher".
NOTES_TABLE = [
    # (stamp, TCVN3 in a caps font (.VnTimeH), VNI)
    ("TUYỆT MẬT", "TUYÖT MËT", "TUYEÄT MAÄT"),
    ("TỐI MẬT", "TèI MËT", "TOÁI MAÄT"),
    ("MẬT", "MËT", "MAÄT"),
    ("TÀI LIỆU THU HỒI", "TµI LIÖU THU HåI", "TAØI LIEÄU THU HOÀI"),
    ("ĐỘ MẬT", "§é MËT", "ÑOÄ MAÄT"),
]
NOTES_TABLE_LOWER = [
    # (text, TCVN3 in an ordinary font (.VnTime), VNI)
    ("Tuyệt mật", "TuyÖt mËt", "Tuyeät maät"),
    ("Tối mật", "Tèi mËt", "Toái maät"),
    ("Mật", "MËt", "Maät"),
    ("Bản sao số", "B¶n sao sè", "Baûn sao soá"),
    ("Chỉ người có tên mới được bóc bì", "ChØ ng\u00adêi cã tªn míi ®\u00adîc bãc b×",
     "Chæ ngöôøi coù teân môùi ñöôïc boùc biø"),
]


@pytest.mark.parametrize(("stamp", "tcvn3", "vni"), NOTES_TABLE)
def test_capital_surface_forms_equal_the_notes_table(stamp, tcvn3, vni):
    assert from_unicode(stamp, TCVN3, caps_font=True) == tcvn3
    assert from_unicode(stamp, VNI) == vni
    assert {tcvn3, vni} <= surface_forms(stamp)


@pytest.mark.parametrize(("text", "tcvn3", "vni"), NOTES_TABLE_LOWER)
def test_mixed_case_surface_forms_equal_the_notes_table(text, tcvn3, vni):
    assert from_unicode(text, TCVN3) == tcvn3
    assert from_unicode(text, VNI) == vni
    assert {tcvn3, vni} <= surface_forms(text)


def test_tcvn3_in_a_caps_font_converts_to_capitals():
    assert to_unicode("TUYÖT MËT", TCVN3, caps=True) == "TUYỆT MẬT"
    assert to_unicode("§é MËT: TèI MËT", TCVN3, caps=True) == "ĐỘ MẬT: TỐI MẬT"


def test_tcvn3_without_a_caps_font_keeps_the_lower_case_codes():
    assert to_unicode("TUYÖT MËT", TCVN3) == "TUYệT MậT"


def test_tcvn3_ordinary_text_converts():
    assert to_unicode("ChØ ng\u00adêi cã tªn míi ®\u00adîc bãc b×", TCVN3) == "Chỉ người có tên mới được bóc bì"
    assert to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3) == "Cộng hoà xã hội chủ nghĩa Việt Nam"


def test_vni_converts_composite_letters():
    assert to_unicode("TOÁI MAÄT", VNI) == "TỐI MẬT"
    assert to_unicode("Chæ ngöôøi coù teân môùi ñöôïc boùc biø", VNI) == "Chỉ người có tên mới được bóc bì"


def test_the_same_character_is_a_different_letter_in_each_encoding():
    assert to_unicode("ñ", VNI) == "đ"
    assert to_unicode("ñ", TCVN3) == "ủ"


def test_pdf_minus_sign_is_tcvn3_u_horn_next_to_a_letter():
    assert to_unicode("nhµ n\u2212íc", TCVN3) == "nhà nước"


def test_pdf_minus_sign_between_digits_stays_a_minus():
    assert to_unicode("3 \u2212 2", TCVN3) == "3 \u2212 2"


def test_every_letter_survives_a_round_trip():
    for encoding in (TCVN3, VNI):
        for letter in legacy._reverse(encoding):
            if letter in ("ẳ", "Ẳ") and encoding == VNI:
                continue
            assert to_unicode(from_unicode(letter, encoding), encoding) == letter


@pytest.mark.parametrize(("font", "encoding"), [
    (".VnTime", TCVN3), (".VnTimeH", TCVN3), (".vnarial", TCVN3), ("ABCDEF+.VnTimeH,Bold", TCVN3),
    ("VNI-Times", VNI), ("VNI-Helve-Condense", VNI), ("Times New Roman", None), (None, None), ("", None),
])
def test_encoding_is_chosen_from_the_font_name(font, encoding):
    assert encoding_for_font(font) == encoding


@pytest.mark.parametrize(("font", "caps"), [
    (".VnTimeH", True), (".VnArialH", True), ("ABCDEF+.VnTimeH-Bold", True), (".vntimeh", True),
    (".VnTime", False), ("VNI-Times", False), ("Arial", False),
])
def test_caps_fonts_are_the_tcvn3_fonts_ending_in_h(font, caps):
    assert is_caps_font(font) == caps


def test_stamp_surface_forms_reveal_their_encoding():
    assert legacy.encodings_in("TUYÖT MËT") == [TCVN3]
    assert legacy.encodings_in("TOÁI MAÄT") == [VNI]


def test_ordinary_vietnamese_reveals_no_legacy_encoding():
    # "hoài" is what VNI makes of "hồi", and also a word and a name.
    assert legacy.encodings_in("Nguyễn Văn Hoài, tối mật, bản sao") == []


def test_vendored_tables_carry_their_licence():
    assert "viparse 0.1.31" in legacy.__doc__
    assert "MIT License" in legacy.__doc__
    assert "Copyright (c) 2026 minhtridinh" in legacy.__doc__
