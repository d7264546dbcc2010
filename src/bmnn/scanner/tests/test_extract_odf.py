"""OpenDocument extraction: content.xml and the headers in styles.xml, each block in its container."""

from __future__ import annotations

import io
import zipfile

import pytest

from bmnn.scanner.extract.odf import extract_odf
from bmnn.scanner.extract.ooxml import STAMP_ROWS
from bmnn.scanner.model import Budget, Container, ExtractError, ProblemKind, Source

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
MIMETYPES = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}
STAMP = Budget()


def odf(kind: str, body: str, automatic: str = "", styles: str = "", masters: str = "",
        fonts: str = "", extra: dict[str, str] | None = None) -> Source:
    office = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}[kind]
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3">'
               f"<office:font-face-decls>{fonts}</office:font-face-decls>"
               f"<office:automatic-styles>{automatic}</office:automatic-styles>"
               f"<office:body><office:{office}>{body}</office:{office}></office:body></office:document-content>")
    styles_xml = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}>'
                  f"<office:styles>{styles}</office:styles><office:automatic-styles/>"
                  f"<office:master-styles>{masters}</office:master-styles></office:document-styles>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{MIMETYPES[kind]}")
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", styles_xml)
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="m"/>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return Source.from_bytes(f"test.{kind}", buffer.getvalue())


def texts(extraction, container=None) -> list[str]:
    return [block.text for block in extraction.blocks if container is None or block.container == container]


def only(extraction, text: str):
    [block] = [block for block in extraction.blocks if block.text == text]
    return block


# --- text documents ----------------------------------------------------------------------


def test_odt_header_of_the_master_page_in_styles_xml_is_a_header():
    masters = ('<style:master-page style:name="Standard"><style:header><text:p>MẬT</text:p></style:header>'
               "<style:header-first><text:p>TỐI MẬT</text:p></style:header-first>"
               "<style:footer><text:p>Bản sao số: 01</text:p></style:footer></style:master-page>")
    extraction = extract_odf(odf("odt", "<text:p>Báo cáo</text:p>", masters=masters), STAMP)
    assert extraction.kind == "odt"
    assert (only(extraction, "MẬT").container, only(extraction, "MẬT").part) == (Container.HEADER, "styles.xml")
    assert only(extraction, "TỐI MẬT").container == Container.HEADER
    assert only(extraction, "Bản sao số: 01").container == Container.FOOTER
    assert only(extraction, "Báo cáo").container == Container.BODY


def test_odt_frame_text_box_is_a_text_box_and_its_description_is_not_glued():
    body = ('<text:p>Neo <draw:frame draw:name="Khung"><svg:desc>mô tả</svg:desc><draw:text-box>'
            "<text:p>TỐI MẬT</text:p></draw:text-box></draw:frame>tiếp</text:p>")
    extraction = extract_odf(odf("odt", body), STAMP)
    assert only(extraction, "TỐI MẬT").container == Container.TEXTBOX
    assert only(extraction, "Neo tiếp").container == Container.BODY


def test_odt_frame_border_comes_from_its_graphic_style():
    automatic = ('<style:style style:name="fr1" style:family="graphic"><style:graphic-properties '
                 'fo:border="0.06pt solid #ff0000"/></style:style>')
    body = ('<text:p><draw:frame draw:style-name="fr1"><draw:text-box><text:p>MẬT</text:p></draw:text-box>'
            "</draw:frame></text:p>")
    block = only(extract_odf(odf("odt", body, automatic=automatic), STAMP), "MẬT")
    assert (block.container, block.bordered) == (Container.TEXTBOX, True)


def test_odt_table_cell_is_a_cell():
    body = ("<table:table table:name='T'><table:table-row><table:table-cell><text:p>UBND TỈNH X</text:p>"
            "<text:p>MẬT</text:p></table:table-cell></table:table-row></table:table>")
    extraction = extract_odf(odf("odt", body), STAMP)
    assert texts(extraction, Container.CELL) == ["UBND TỈNH X", "MẬT"]


def test_odt_spaces_tabs_and_line_breaks():
    body = ('<text:p>M<text:s/>Ậ<text:s text:c="1"/>T</text:p>'
            "<text:p>Số: 12<text:line-break/>TỐI<text:tab/>MẬT</text:p>")
    assert texts(extract_odf(odf("odt", body), STAMP)) == ["M Ậ T", "Số: 12", "TỐI\tMẬT"]


def test_odt_span_split_words_make_one_block_with_style_properties():
    automatic = ('<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties '
                 'fo:border="0.06pt double #ff0000"/></style:style>'
                 '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold" '
                 'fo:color="#ff0000" style:font-name=".VnTimeH"/></style:style>')
    fonts = '<style:font-face style:name=".VnTimeH" svg:font-family="&apos;.VnTimeH&apos;"/>'
    body = '<text:p text:style-name="P1"><text:span text:style-name="T1">TỐI</text:span><text:span ' \
           'text:style-name="T1"> MẬT</text:span></text:p>'
    extraction = extract_odf(odf("odt", body, automatic=automatic, fonts=fonts), STAMP)
    block = only(extraction, "TỐI MẬT")
    assert (block.bold, block.colour, block.font, block.bordered) == (True, "FF0000", ".VnTimeH", True)
    assert ".VnTimeH" in extraction.fonts


def test_odt_named_parent_style_and_uppercase_transform_apply():
    styles = ('<style:style style:name="Stamp" style:family="paragraph"><style:text-properties '
              'fo:font-weight="bold" fo:text-transform="uppercase"/></style:style>')
    automatic = '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Stamp"/>'
    extraction = extract_odf(odf("odt", '<text:p text:style-name="P2">Tối mật</text:p>', automatic, styles), STAMP)
    assert (extraction.blocks[0].text, extraction.blocks[0].bold) == ("TỐI MẬT", True)


def test_odt_footnote_is_a_note_and_its_citation_is_not_glued():
    body = ('<text:p>MẬT<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            "<text:note-body><text:p>Chú thích</text:p></text:note-body></text:note></text:p>")
    extraction = extract_odf(odf("odt", body), STAMP)
    assert only(extraction, "MẬT").container == Container.BODY
    assert only(extraction, "Chú thích").container == Container.NOTE


def test_odt_comment_is_a_note_without_its_author_and_date():
    body = ("<text:p>Văn bản<office:annotation><dc:creator>Nguyễn A</dc:creator><dc:date>2024-01-01</dc:date>"
            "<text:p>Cần đóng dấu MẬT</text:p></office:annotation></text:p>")
    extraction = extract_odf(odf("odt", body), STAMP)
    assert texts(extraction) == ["Cần đóng dấu MẬT", "Văn bản"]
    assert only(extraction, "Cần đóng dấu MẬT").container == Container.NOTE


def test_odt_tracked_deletions_are_not_text():
    body = ("<text:tracked-changes><text:changed-region text:id='c1'><text:deletion><text:p>TỐI MẬT</text:p>"
            "</text:deletion></text:changed-region></text:tracked-changes><text:p>Còn lại</text:p>")
    assert texts(extract_odf(odf("odt", body), STAMP)) == ["Còn lại"]


def test_odt_entities_are_decoded():
    assert texts(extract_odf(odf("odt", "<text:p>&#x4D;&#7852;T &amp; KHẨN</text:p>"), STAMP)) == ["MẬT & KHẨN"]


def test_odt_stamp_mode_limits_body_blocks_not_cells():
    body = "".join(f"<text:p>Đoạn {n}</text:p>" for n in range(60))
    body += "<table:table><table:table-row><table:table-cell><text:p>MẬT</text:p></table:table-cell>" \
            "</table:table-row></table:table>"
    stamp = extract_odf(odf("odt", body), Budget(stamp_blocks=40))
    assert len(texts(stamp, Container.BODY)) == 40 and texts(stamp, Container.CELL) == ["MẬT"]
    assert len(texts(extract_odf(odf("odt", body), Budget(full=True)), Container.BODY)) == 60


def test_odt_meta_keywords_are_properties():
    meta = (f"<office:document-meta {NS}><office:meta><dc:title>Báo cáo</dc:title><meta:keyword>TỐI MẬT"
            '</meta:keyword><meta:user-defined meta:name="Độ mật">Mật</meta:user-defined></office:meta>'
            "</office:document-meta>")
    extraction = extract_odf(odf("odt", "<text:p>x</text:p>", extra={"meta.xml": meta}), STAMP)
    assert texts(extraction, Container.PROPERTY) == ["Báo cáo", "TỐI MẬT", "Mật"]


# --- spreadsheets --------------------------------------------------------------------------


def sheet(name: str, rows: list[str]) -> str:
    return f'<table:table table:name="{name}">' + "".join(
        f'<table:table-row><table:table-cell office:value-type="string"><text:p>{text}</text:p>'
        "</table:table-cell></table:table-row>" for text in rows) + "</table:table>"


def test_ods_cell_is_a_cell_of_its_named_sheet():
    extraction = extract_odf(odf("ods", sheet("Danh sách", ["Tên", "TỐI MẬT"])), STAMP)
    assert extraction.kind == "ods"
    block = only(extraction, "TỐI MẬT")
    assert (block.container, block.part, block.index) == (Container.CELL, "Danh sách", 1)


def test_ods_number_and_date_cells_are_not_blocks():
    body = ('<table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" '
            'office:value="12"><text:p>12</text:p></table:table-cell><table:table-cell office:value-type="date" '
            'office:date-value="2024-01-01"><text:p>01/01/2024</text:p></table:table-cell><table:table-cell '
            'office:value-type="string"><text:p>MẬT</text:p></table:table-cell></table:table-row></table:table>')
    assert texts(extract_odf(odf("ods", body), STAMP)) == ["MẬT"]


def test_ods_header_region_is_a_header():
    masters = ('<style:master-page style:name="Default"><style:header><style:region-center><text:p>MẬT</text:p>'
               "</style:region-center><style:region-right><text:p>Trang <text:page-number>1</text:page-number>"
               "</text:p></style:region-right></style:header></style:master-page>")
    extraction = extract_odf(odf("ods", sheet("S", ["x"]), masters=masters), STAMP)
    assert only(extraction, "MẬT").container == Container.HEADER


def test_ods_stamp_mode_reads_the_first_rows_of_each_sheet():
    rows = [f"Dòng {n}" for n in range(STAMP_ROWS + 20)]
    source = odf("ods", sheet("A", rows) + sheet("B", ["MẬT"]))
    stamp = extract_odf(source, STAMP)
    assert len([block for block in stamp.blocks if block.part == "A"]) == STAMP_ROWS
    assert only(stamp, "MẬT").part == "B"
    assert len(extract_odf(source, Budget(full=True)).blocks) == STAMP_ROWS + 21


# --- presentations -------------------------------------------------------------------------


def test_odp_frames_titles_and_notes_with_page_numbers():
    body = ('<draw:page draw:name="p1"><draw:frame presentation:class="title"><draw:text-box><text:p>BÁO CÁO'
            "</text:p></draw:text-box></draw:frame><draw:frame><draw:text-box><text:p>MẬT</text:p></draw:text-box>"
            "</draw:frame><presentation:notes><draw:frame presentation:class='notes'><draw:text-box><text:p>"
            "Ghi chú</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>"
            '<draw:page draw:name="p2"><draw:custom-shape><text:p>TỐI MẬT</text:p></draw:custom-shape></draw:page>')
    extraction = extract_odf(odf("odp", body), STAMP)
    assert (extraction.kind, extraction.pages) == ("odp", 2)
    assert (only(extraction, "BÁO CÁO").container, only(extraction, "BÁO CÁO").page) == (Container.TITLE, 1)
    assert (only(extraction, "MẬT").container, only(extraction, "MẬT").page) == (Container.TEXTBOX, 1)
    assert only(extraction, "Ghi chú").container == Container.NOTE
    assert (only(extraction, "TỐI MẬT").container, only(extraction, "TỐI MẬT").page) == (Container.TEXTBOX, 2)


def test_odp_footer_declaration_is_a_footer_and_master_placeholders_are_skipped():
    body = '<presentation:footer-decl presentation:name="ftr1">MẬT</presentation:footer-decl><draw:page/>'
    masters = ('<style:master-page style:name="M"><draw:frame presentation:class="title" '
               'presentation:placeholder="true"><draw:text-box><text:p>Nhấn để sửa tiêu đề</text:p></draw:text-box>'
               "</draw:frame><draw:frame><draw:text-box><text:p>TUYỆT MẬT</text:p></draw:text-box></draw:frame>"
               "</style:master-page>")
    extraction = extract_odf(odf("odp", body, masters=masters), STAMP)
    assert only(extraction, "MẬT").container == Container.FOOTER
    assert only(extraction, "TUYỆT MẬT").container == Container.TEXTBOX
    assert "Nhấn để sửa tiêu đề" not in texts(extraction)


# --- refusals ------------------------------------------------------------------------------


def test_odf_without_content_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(ExtractError) as caught:
        extract_odf(Source.from_bytes("x.odt", buffer.getvalue()), STAMP)
    assert caught.value.kind == ProblemKind.UNREADABLE


def test_corrupt_odf_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        extract_odf(Source.from_bytes("x.odt", b"PK\x03\x04broken"), STAMP)
    assert caught.value.kind == ProblemKind.UNREADABLE


def test_password_protected_odf_is_reported_encrypted():
    manifest = ('<manifest:manifest xmlns:manifest="m"><manifest:file-entry manifest:full-path="content.xml">'
                "<manifest:encryption-data manifest:checksum-type='SHA1'/></manifest:file-entry></manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"\x8f\x00\x13 ciphertext")
        archive.writestr("META-INF/manifest.xml", manifest)
    extraction = extract_odf(Source.from_bytes("x.ods", buffer.getvalue()), STAMP)
    assert (extraction.kind, extraction.encrypted, extraction.blocks) == ("ods", True, [])


def test_odf_part_over_the_ratio_is_a_bomb():
    with pytest.raises(ExtractError) as caught:
        extract_odf(odf("odt", "<text:p>x</text:p>" + " " * (3 << 20)), STAMP)
    assert caught.value.kind == ProblemKind.BOMB
