import unicodedata

import pytest

from bmnn.scanner.model import Block, Container, Extraction, Level, Tier
from bmnn.scanner.rules import judge, name_hint

BODY = "word/document.xml"
PROSE = ("Thực hiện Chỉ thị của Thủ tướng Chính phủ về tăng cường công tác bảo mật thông tin, "
         "các đơn vị rà soát việc đặt mật khẩu máy tính và báo cáo kết quả trước ngày 30 hằng tháng.")


def docx(*texts, fonts=(), kind="docx", part=BODY, start=0, **block_fields):
    blocks = [Block(text=text, part=part, index=start + i, **block_fields) for i, text in enumerate(texts)]
    return Extraction(kind=kind, blocks=blocks, fonts=set(fonts))


def prose_padding(count=20):
    return [PROSE] * count


def verdict_of(*texts, name="tai-lieu.docx", **kw):
    return judge(docx(*texts, **kw), name)


def assert_marked(verdict, level):
    assert verdict is not None
    assert verdict.tier == Tier.MARKED
    assert verdict.level == level


def assert_not_marked(verdict):
    assert verdict is None or verdict.tier != Tier.MARKED


# --- scanner-notes §4.2 test cases ----------------------------------------------------


def test_stamp_under_the_number_of_an_official_document_is_marked_at_full_score():
    verdict = verdict_of("UBND TỈNH X", "Số: 12/BC-UBND", "MẬT", "BÁO CÁO", *prose_padding())
    assert_marked(verdict, Level.MAT)
    assert verdict.score == 1.0


def test_stamp_under_the_national_motto_is_marked_at_full_score():
    verdict = verdict_of("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỐI MẬT", "Kính gửi: Sở Tài chính")
    assert_marked(verdict, Level.TOI_MAT)
    assert verdict.score == 1.0


def test_letter_spaced_stamp_is_marked():
    verdict = verdict_of("T U Y Ệ T  M Ậ T", *prose_padding())
    assert_marked(verdict, Level.TUYET_MAT)
    assert verdict.score == 0.9
    assert verdict.marks[0].line == "TUYỆT MẬT"


def test_stamp_in_an_ascii_box_is_marked():
    verdict = verdict_of("| TỐI MẬT |")
    assert_marked(verdict, Level.TOI_MAT)
    assert verdict.score == 0.9


def test_stamp_with_urgency_suffix_is_marked_at_its_level():
    verdict = verdict_of("MẬT - KHẨN")
    assert_marked(verdict, Level.MAT)
    assert verdict.score == 0.9


def test_copy_number_and_stamp_are_marked_with_both_marks_shown():
    verdict = verdict_of("Bản sao số: 03", "TỐI MẬT")
    assert_marked(verdict, Level.TOI_MAT)
    assert {mark.rule for mark in verdict.marks} == {"A4", "P1"}


def test_envelope_text_alone_is_review_without_level():
    verdict = verdict_of("Chỉ người có tên mới được bóc bì")
    assert verdict.tier == Tier.REVIEW
    assert verdict.level is None
    assert verdict.score == 0.7


def test_level_word_not_in_capitals_is_review():
    verdict = verdict_of("Mật")
    assert verdict.tier == Tier.REVIEW
    assert verdict.level == Level.MAT
    assert verdict.score == 0.6


@pytest.mark.parametrize("text", [
    "Công tác bảo mật thông tin được thực hiện nghiêm; đổi mật khẩu định kỳ.",
    "QUY CHẾ BẢO VỆ BÍ MẬT NHÀ NƯỚC",
    "HƯỚNG DẪN BẢO MẬT THÔNG TIN",
    "ĐỔI MẬT KHẨU ĐỊNH KỲ",
    "GIỮ BÍ MẬT",
    "Tài liệu bí mật nhà nước được phân loại theo ba độ mật: Tuyệt mật, Tối mật và Mật, tuỳ mức độ nguy hại.",
    "mật ong", "Mật độ", "mật thiết", "MẬT ĐỘ DÂN SỐ", "MẬT MÃ", "TRĂNG MẬT",
    "KHẨN", "HỎA TỐC", "THƯỢNG KHẨN", "ĐỘ MẬT", "GIẢI MẬT",
])
def test_prose_and_other_words_are_not_flagged(text):
    assert verdict_of(text) is None


# --- more positives -------------------------------------------------------------------


def test_level_with_its_label_is_the_level():
    assert_marked(verdict_of("ĐỘ MẬT: TỐI MẬT"), Level.TOI_MAT)
    assert_marked(verdict_of("Độ mật: TỐI MẬT"), Level.TOI_MAT)
    assert_marked(verdict_of("ĐỘ MẬT: MẬT"), Level.MAT)


def test_latin_eth_look_alike_is_read_as_d():
    assert_marked(verdict_of("ÐỘ MẬT: MẬT"), Level.MAT)


def test_decomposed_stamp_is_marked():
    assert_marked(verdict_of(unicodedata.normalize("NFD", "TỐI MẬT")), Level.TOI_MAT)


def test_cp1258_decoded_stamp_is_marked():
    assert_marked(verdict_of(b"TUY\xca\xf2T M\xc2\xf2T".decode("cp1258")), Level.TUYET_MAT)


def test_stamp_typed_in_lower_case_but_formatted_as_capitals_is_marked():
    assert_marked(verdict_of("Tối mật", caps=True), Level.TOI_MAT)


def test_tcvn3_stamp_in_a_caps_font_is_marked():
    verdict = judge(docx("TUYÖT MËT", font=".VnTimeH", fonts={".VnTimeH"}), "a.doc")
    assert_marked(verdict, Level.TUYET_MAT)
    assert verdict.marks[0].line == "TUYỆT MẬT"


def test_tcvn3_stamp_with_no_font_information_is_marked():
    assert_marked(verdict_of("TUYÖT MËT"), Level.TUYET_MAT)


def test_tcvn3_stamp_when_only_the_file_declares_the_font_is_marked():
    assert_marked(verdict_of("TèI MËT", fonts={".VnTimeH", "Times New Roman"}), Level.TOI_MAT)


def test_tcvn3_capitals_in_a_lower_case_font_are_only_review():
    # In .VnTime the same bytes draw "TUYệT MậT": not a stamp's capitals.
    verdict = judge(docx("TUYÖT MËT", font=".VnTime", fonts={".VnTime"}), "a.doc")
    assert verdict.tier == Tier.REVIEW


def test_vni_stamp_in_a_vni_font_is_marked():
    verdict = judge(docx("TOÁI MAÄT", font="VNI-Times", fonts={"VNI-Times"}), "a.doc")
    assert_marked(verdict, Level.TOI_MAT)
    assert verdict.marks[0].line == "TỐI MẬT"


def test_vni_label_and_stamp_is_marked():
    verdict = judge(docx("ÑOÄ MAÄT: MAÄT", font="VNI-Times", fonts={"VNI-Times"}), "a.doc")
    assert_marked(verdict, Level.MAT)


def test_tcvn3_auxiliary_mark_with_a_stamp_is_found():
    verdict = judge(docx("B¶n sao sè: 02", "MËT", font=".VnTimeH", fonts={".VnTimeH"}), "a.doc")
    assert_marked(verdict, Level.MAT)
    assert "A4" in {mark.rule for mark in verdict.marks}


def test_mixed_levels_give_the_highest():
    extraction = docx(*prose_padding(5))
    extraction.blocks.insert(0, Block("MẬT", container=Container.HEADER, part="word/header1.xml"))
    extraction.blocks.append(Block("TỐI MẬT", part=BODY, index=30))
    verdict = judge(extraction, "a.docx")
    assert_marked(verdict, Level.TOI_MAT)


def test_header_stamp_on_a_prose_document_about_security_is_marked_once():
    extraction = docx(*prose_padding())
    extraction.blocks.insert(0, Block("MẬT", container=Container.HEADER, part="word/header1.xml"))
    verdict = judge(extraction, "a.docx")
    assert_marked(verdict, Level.MAT)
    assert [mark.line for mark in verdict.marks] == ["MẬT"]
    assert verdict.marks[0].container == Container.HEADER


def test_stamp_deep_in_the_body_without_support_is_exactly_the_threshold():
    verdict = verdict_of(*prose_padding(), "TỐI MẬT", start=0)
    assert_marked(verdict, Level.TOI_MAT)
    assert verdict.score == 0.8


def test_stamp_in_a_cell_textbox_or_wordart_is_boosted():
    for container in (Container.CELL, Container.TEXTBOX, Container.WORDART, Container.HEADER):
        extraction = Extraction("docx", blocks=[Block("MẬT", container=container, index=40)])
        assert judge(extraction, "a.docx").score == 0.9


def test_red_bordered_bold_stamp_gets_every_boost():
    extraction = Extraction("docx", blocks=[Block("TỐI MẬT", container=Container.TEXTBOX, bold=True,
                                                  colour="FF0000", bordered=True)])
    assert judge(extraction, "a.docx").score == 1.0


def test_dark_red_counts_as_red_and_dark_blue_does_not():
    red = judge(Extraction("docx", blocks=[Block("MẬT", index=40, colour="C00000")]), "a.docx")
    blue = judge(Extraction("docx", blocks=[Block("MẬT", index=40, colour="1F3864")]), "a.docx")
    assert red.score == 0.85
    assert blue.score == 0.8


def test_pdf_stamp_in_the_top_band_of_page_one_is_boosted():
    top = Block("TỐI MẬT", part="page 1", index=40, page=1, y=0.12)
    low = Block("TỐI MẬT", part="page 2", index=2, page=2, y=0.12)
    assert judge(Extraction("pdf", blocks=[top]), "a.pdf").score == 0.9
    assert judge(Extraction("pdf", blocks=[low]), "a.pdf").score == 0.8


def test_evidence_is_the_stamp_line_only():
    verdict = verdict_of("TỐI MẬT\nKính gửi: Ông Nguyễn Văn A, Giám đốc Sở")
    assert [mark.line for mark in verdict.marks] == ["TỐI MẬT"]


def test_stamp_in_a_column_laid_out_with_tabs_is_found():
    verdict = verdict_of("MẬT\t\t\tHà Nội, ngày 12 tháng 3 năm 2024")
    assert_marked(verdict, Level.MAT)
    assert verdict.marks[0].line == "MẬT"


def test_short_capital_line_with_a_level_is_review_and_with_support_marked():
    assert verdict_of(*prose_padding(), "TÀI LIỆU MẬT").tier == Tier.REVIEW
    assert_marked(verdict_of("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TÀI LIỆU MẬT"), Level.MAT)


def test_auxiliary_mark_boosts_a_level_mark():
    verdict = verdict_of(*prose_padding(), "MẬT", "TÀI LIỆU THU HỒI")
    level_mark = next(mark for mark in verdict.marks if mark.rule == "P1")
    assert level_mark.score == 0.9


# --- auxiliary marks alone ------------------------------------------------------------


def test_copy_of_state_secret_stamp_alone_in_a_box_is_marked_without_level():
    extraction = Extraction("docx", blocks=[Block("BẢN SAO BÍ MẬT NHÀ NƯỚC", container=Container.TEXTBOX)])
    verdict = judge(extraction, "a.docx")
    assert verdict.tier == Tier.MARKED
    assert verdict.level is None


def test_copy_number_alone_is_review_without_level():
    verdict = judge(Extraction("docx", blocks=[Block("Bản sao số: 03", container=Container.TEXTBOX, bold=True,
                                                     colour="FF0000")]), "a.docx")
    assert verdict.tier == Tier.REVIEW
    assert verdict.level is None


def test_recall_mark_alone_is_review():
    verdict = verdict_of("TÀI LIỆU THU HỒI SAU HỘI NGHỊ")
    assert verdict.tier == Tier.REVIEW


def test_declassified_mark_alone_is_not_reported():
    assert verdict_of("GIẢI MẬT", container=Container.TEXTBOX) is None


def test_declassified_mark_is_shown_beside_a_stamp_without_deciding():
    verdict = verdict_of("MẬT", "ĐÃ GIẢI MẬT NGÀY 01/02/2025")
    assert_marked(verdict, Level.MAT)
    assert "A5" in {mark.rule for mark in verdict.marks}


# --- teaching material, lists, registers, code -----------------------------------------


def test_slide_listing_the_three_stamps_under_a_teaching_title_is_never_marked():
    extraction = Extraction("pptx", blocks=[
        Block("CÁC ĐỘ MẬT", container=Container.TITLE, part="ppt/slides/slide3.xml", index=0),
        Block("TUYỆT MẬT", container=Container.TEXTBOX, part="ppt/slides/slide3.xml", index=1),
        Block("TỐI MẬT", container=Container.TEXTBOX, part="ppt/slides/slide3.xml", index=2),
        Block("MẬT", container=Container.TEXTBOX, part="ppt/slides/slide3.xml", index=3),
    ])
    verdict = judge(extraction, "tap-huan.pptx")
    assert_not_marked(verdict)


def test_consecutive_different_stamps_are_examples_even_without_a_title():
    assert_not_marked(verdict_of("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TUYỆT MẬT", "TỐI MẬT", "MẬT"))


def test_three_stamps_in_one_line_are_not_a_stamp():
    assert verdict_of("TUYỆT MẬT – TỐI MẬT – MẬT") is None


def test_single_stamp_shown_as_an_example_is_review():
    assert_not_marked(verdict_of("Ví dụ về mẫu dấu độ mật:", "TỐI MẬT"))


def test_figurative_capital_heading_is_review_at_most():
    verdict = verdict_of("🚨 LƯU Ý TỐI MẬT CỦA BA:", bold=True, container=Container.TEXTBOX)
    assert_not_marked(verdict)


def test_dropdown_values_in_source_code_are_not_flagged():
    code = ('const LEVELS = ["Mật", "Tối mật", "Tuyệt mật"];\n'
            'export const DO_MAT = { MAT: "MẬT", TOI_MAT: "TỐI MẬT", TUYET_MAT: "TUYỆT MẬT" };\n'
            '  <option value="TOI_MAT">Tối mật</option>')
    assert verdict_of(*code.split("\n"), kind="text") is None


def test_picklist_of_level_words_one_per_line_is_not_flagged():
    assert verdict_of("Mật", "Tối mật", "Tuyệt mật", kind="text") is None


def test_register_of_secret_documents_is_review_not_marked():
    sheet = [("Số, ký hiệu", "Trích yếu", "Độ mật"), ("12/BC-UBND", "Báo cáo tình hình", "Mật"),
             ("15/KH-UBND", "Kế hoạch", "TỐI MẬT")]
    blocks = [Block(text, container=Container.CELL, part="xl/worksheets/sheet1.xml", index=i)
              for i, text in enumerate(cell for row in sheet for cell in row)]
    verdict = judge(Extraction("xlsx", blocks=blocks), "so-dang-ky.xlsx")
    assert verdict.tier == Tier.REVIEW
    assert verdict.level is None
    assert [mark.rule for mark in verdict.marks] == ["REGISTER"]


def test_register_with_its_own_stamp_is_marked_at_that_stamp():
    blocks = [Block("MẬT", container=Container.HEADER, part="xl/worksheets/sheet1.xml#header"),
              Block("Độ mật", container=Container.CELL, part="xl/worksheets/sheet1.xml", index=0),
              Block("TUYỆT MẬT", container=Container.CELL, part="xl/worksheets/sheet1.xml", index=1)]
    verdict = judge(Extraction("xlsx", blocks=blocks), "so.xlsx")
    assert_marked(verdict, Level.MAT)


def test_form_label_and_value_in_two_cells_is_a_stamp():
    blocks = [Block("Độ mật:", container=Container.CELL, index=0), Block("TỐI MẬT", container=Container.CELL, index=1)]
    assert_marked(judge(Extraction("docx", blocks=blocks), "a.docx"), Level.TOI_MAT)


# --- OCR ------------------------------------------------------------------------------


def test_ocr_stamp_with_a_wrong_tone_in_the_top_band_is_marked():
    block = Block("TỔI MẬT", part="page 1 (OCR)", page=1, y=0.1)
    assert_marked(judge(Extraction("pdf", blocks=[block]), "scan.pdf"), Level.TOI_MAT)


def test_ocr_stamp_with_stacked_diacritics_is_read():
    block = Block("TỔỐI MẬT", part="page 1 (OCR)", page=1, y=0.1)
    assert_marked(judge(Extraction("pdf", blocks=[block]), "scan.pdf"), Level.TOI_MAT)


def test_ocr_stamp_below_the_top_band_is_review():
    block = Block("TUYET MAT", part="page 1 (OCR)", page=1, y=0.6)
    verdict = judge(Extraction("pdf", blocks=[block]), "scan.pdf")
    assert verdict.tier == Tier.REVIEW
    assert verdict.level == Level.TUYET_MAT


def test_ocr_prose_is_not_flagged():
    block = Block("Công tác bảo mật thông tin và mật khẩu", part="page 1 (OCR)", page=1, y=0.1)
    assert judge(Extraction("pdf", blocks=[block]), "scan.pdf") is None


def test_stamp_typed_without_diacritics_is_review():
    verdict = verdict_of("TOI MAT")
    assert verdict.tier == Tier.REVIEW
    assert verdict.level == Level.TOI_MAT


def test_english_mat_is_not_a_stamp():
    assert verdict_of("MAT", "Yoga mat and format", kind="text") is None


# --- the file's name ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "level"), [
    ("BC_TOI_MAT_2024.docx", Level.TOI_MAT), ("Bao cao tuyet mat.docx", Level.TUYET_MAT),
    ("C:/Users/a/Desktop/Báo cáo MẬT.docx", Level.MAT), ("mat-12.docx", Level.MAT),
    ("ho_so_bmnn.xlsx", None), ("tai_lieu_bi_mat.doc", None),
])
def test_name_suggesting_a_level_is_review_only(name, level):
    verdict = judge(docx(*prose_padding(3)), name)
    assert verdict.tier == Tier.REVIEW
    assert verdict.level == level
    assert verdict.marks[0].container == Container.FILENAME
    assert verdict.marks[0].rule == "NAME"


@pytest.mark.parametrize("name", ["mat_khau.txt", "Mat do dan so.xlsx", "mat_tran_to_quoc.docx", "data.mat",
                                  "Mặt bằng tầng 1.dwg", "Mất điện.docx", "Bảo mật.docx",
                                  "Quy_che_bao_ve_bi_mat_nha_nuoc.docx", "format.docx", "bao_mat.docx",
                                  "archive.zip!mat khau/readme.txt"])
def test_name_with_mat_in_another_sense_is_not_flagged(name):
    assert name_hint(name) is None


def test_name_does_not_raise_the_level_found_in_the_content():
    verdict = judge(docx("MẬT"), "BC_TUYET_MAT.docx")
    assert_marked(verdict, Level.MAT)


def test_name_in_an_archive_is_the_member_name():
    assert name_hint("kho.zip!thu-muc/BC_TOI_MAT.docx").line == "BC_TOI_MAT.docx"


# --- edges ----------------------------------------------------------------------------


def test_empty_extraction_is_nothing():
    assert judge(Extraction("docx"), "a.docx") is None


def test_clean_document_is_nothing():
    assert judge(docx("Báo cáo tình hình kinh tế", *["Nội dung báo cáo quý III."] * 20), "bao-cao.docx") is None


def test_repeated_header_is_one_mark():
    blocks = [Block("TỐI MẬT", container=Container.HEADER, part=f"page {page}", page=page) for page in range(1, 300)]
    verdict = judge(Extraction("pdf", blocks=blocks), "a.pdf")
    assert len(verdict.marks) == 1
    assert verdict.marks[0].page == 1


def test_marks_are_serialisable_for_the_report():
    verdict = verdict_of("MẬT")
    assert verdict.marks[0].as_json() == {"line": "MẬT", "rule": "P1", "score": 0.9, "level": "MAT",
                                          "container": "body", "part": BODY, "page": None}
