"""Word, Excel and PowerPoint extraction: every place a stamp can sit, read once, with its container."""

from __future__ import annotations

import io
import zipfile

import pytest

from bmnn.scanner.extract.ooxml import (
    STAMP_ROWS,
    _shared_strings,
    extract_docx,
    extract_pptx,
    extract_xlsx,
    header_footer_sections,
)
from bmnn.scanner.model import Budget, Container, ExtractError, ProblemKind, Source

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def package(parts: dict[str, str | bytes], name: str = "test.docx") -> Source:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for part, content in parts.items():
            archive.writestr(part, content.encode("utf-8") if isinstance(content, str) else content)
    return Source.from_bytes(name, buffer.getvalue())


def run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def docx(body: str, **parts: str) -> Source:
    files = {"word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                  f'<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>'}
    for name, content in parts.items():
        files[name.replace("__", "/").replace("_xml", ".xml")] = content
    return package(files)


def word_part(root: str, content: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{root} {W_NS}>{content}</w:{root}>'


def texts(extraction, container=None) -> list[str]:
    return [block.text for block in extraction.blocks if container is None or block.container == container]


def blocks_with(extraction, text: str):
    return [block for block in extraction.blocks if block.text == text]


STAMP = Budget()
FULL = Budget(full=True)

# --- Word ------------------------------------------------------------------------------


def test_docx_stamp_in_header_is_a_header_block():
    source = docx(para(run("Báo cáo")), word__header1_xml=word_part("hdr", para(run("MẬT", "<w:b/>"))))
    [block] = blocks_with(extract_docx(source, STAMP), "MẬT")
    assert block.container == Container.HEADER
    assert block.part == "word/header1.xml"
    assert block.bold


def test_docx_first_page_header_is_read():
    body = para(run("Nội dung")) + '<w:sectPr><w:headerReference w:type="first" r:id="rId9"/><w:titlePg/></w:sectPr>'
    source = docx(body, word__header1_xml=word_part("hdr", para(run("Trang chẵn"))),
                  word__header2_xml=word_part("hdr", para(run("TỐI MẬT"))))
    [block] = blocks_with(extract_docx(source, STAMP), "TỐI MẬT")
    assert (block.container, block.part) == (Container.HEADER, "word/header2.xml")


def test_docx_footer_is_a_footer_block():
    source = docx(para(run("x")), word__footer3_xml=word_part("ftr", para(run("Bản sao số: 03"))))
    [block] = blocks_with(extract_docx(source, STAMP), "Bản sao số: 03")
    assert block.container == Container.FOOTER


def test_docx_table_cell_paragraphs_are_cells():
    table = ("<w:tbl><w:tr><w:tc><w:tcPr/>" + para(run("UBND TỈNH X")) + para(run("MẬT")) +
             "</w:tc><w:tc>" + para(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) + "</w:tc></w:tr></w:tbl>")
    extraction = extract_docx(docx(table + para(run("Kính gửi"))), STAMP)
    assert texts(extraction, Container.CELL) == ["UBND TỈNH X", "MẬT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert texts(extraction, Container.BODY) == ["Kính gửi"]
    assert [block.index for block in extraction.blocks] == [0, 1, 2, 3]


def drawing_textbox(text: str) -> str:
    """A floating text box as Word writes it: DrawingML in mc:Choice, the VML copy in mc:Fallback."""
    styled = para(run(text, '<w:b/><w:color w:val="FF0000"/>'))
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
        "<wp:positionH relativeFrom=\"column\"><wp:posOffset>4319905</wp:posOffset></wp:positionH>"
        "<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>635</wp:posOffset></wp:positionV>"
        "<a:graphic><a:graphicData><wps:wsp><wps:spPr><a:prstGeom prst=\"rect\"/>"
        "<a:ln w=\"28575\"><a:solidFill><a:srgbClr val=\"FF0000\"/></a:solidFill></a:ln></wps:spPr>"
        f"<wps:txbx><w:txbxContent>{styled}</w:txbxContent>"
        "</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape style=\"position:absolute\" strokecolor=\"red\"><v:textbox>"
        f"<w:txbxContent>{para(run(text))}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>")


def test_docx_drawing_text_box_counted_once_despite_its_vml_fallback():
    extraction = extract_docx(docx(para(drawing_textbox("TỐI MẬT")) + para(run("Số: 12/BC"))), STAMP)
    [block] = blocks_with(extraction, "TỐI MẬT")
    assert block.container == Container.TEXTBOX
    assert (block.bold, block.colour, block.bordered) == (True, "FF0000", True)


def test_docx_position_offsets_are_not_glued_onto_text():
    extraction = extract_docx(docx(para(run("Anchor "), drawing_textbox("TỐI MẬT"))), STAMP)
    assert sorted(texts(extraction)) == ["Anchor", "TỐI MẬT"]
    assert not any("4319905" in text or "635" in text for text in texts(extraction))


def test_docx_vml_only_text_box_of_an_old_document_is_read():
    box = ('<w:r><w:pict><v:shape style="position:absolute" stroked="f"><v:textbox><w:txbxContent>'
           + para(run("MẬT")) + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    [block] = blocks_with(extract_docx(docx(para(box)), STAMP), "MẬT")
    assert block.container == Container.TEXTBOX
    assert not block.bordered  # stroked="f": no outline


def test_docx_wordart_text_comes_from_its_textpath_attribute():
    wordart = ('<w:r><w:pict><v:shape fillcolor="red" stroked="f"><v:fill on="t"/>'
               '<v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt" string="TUYỆT MẬT"/>'
               "</v:shape></w:pict></w:r>")
    extraction = extract_docx(docx(para(wordart)), STAMP)
    [block] = blocks_with(extraction, "TUYỆT MẬT")
    assert (block.container, block.colour, block.font) == (Container.WORDART, "FF0000", "Times New Roman")


def test_docx_wordart_in_a_fallback_is_skipped_with_it():
    wordart = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps">' + "</mc:Choice><mc:Fallback><w:pict>"
               '<v:shape><v:textpath string="MẬT"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    assert texts(extract_docx(docx(para(wordart)), STAMP)) == []


def test_docx_text_box_in_a_header_is_a_header_block_with_its_border():
    source = docx(para(run("x")), word__header1_xml=word_part("hdr", para(drawing_textbox("TỐI MẬT"))))
    [block] = blocks_with(extract_docx(source, STAMP), "TỐI MẬT")
    assert (block.container, block.bordered) == (Container.HEADER, True)


def test_docx_watermark_wordart_in_a_header_is_wordart():
    watermark = ('<w:r><w:pict><v:shapetype id="_x0000_t136"/><v:shape id="PowerPlusWaterMarkObject" '
                 'fillcolor="#ff0000" stroked="f"><v:textpath style="font-family:&quot;Times New Roman&quot;" '
                 'string="MẬT"/></v:shape></w:pict></w:r>')
    source = docx(para(run("x")), word__header2_xml=word_part("hdr", para(watermark)))
    [block] = blocks_with(extract_docx(source, STAMP), "MẬT")
    assert (block.container, block.part, block.colour) == (Container.WORDART, "word/header2.xml", "FF0000")


def test_docx_body_paragraph_keeps_bold_red_and_border():
    paragraph = para(run("MẬT", '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:b/>'
                                '<w:color w:val="ff0000"/>'),
                     ppr='<w:pBdr><w:top w:val="double"/></w:pBdr><w:jc w:val="center"/>')
    [block] = extract_docx(docx(paragraph), STAMP).blocks
    assert (block.text, block.container, block.bold, block.colour, block.bordered, block.font) == \
        ("MẬT", Container.BODY, True, "FF0000", True, "Times New Roman")


def test_docx_bold_off_is_not_bold():
    [block] = extract_docx(docx(para(run("Mật", '<w:b w:val="0"/>'))), STAMP).blocks
    assert not block.bold


def test_docx_block_is_bold_only_when_all_its_runs_are():
    [block] = extract_docx(docx(para(run("TỐI", "<w:b/>"), run(" mật ong"))), STAMP).blocks
    assert not block.bold


def test_docx_footnote_is_a_note():
    footnotes = word_part("footnotes", '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                                       '</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
                                       + run(" Tài liệu MẬT") + "</w:p></w:footnote>")
    body = para(run("Văn bản"), '<w:r><w:footnoteReference w:id="1"/></w:r>')
    extraction = extract_docx(docx(body, word__footnotes_xml=footnotes), STAMP)
    assert texts(extraction, Container.NOTE) == ["Tài liệu MẬT"]
    assert texts(extraction, Container.BODY) == ["Văn bản"]


def test_docx_comment_is_a_note():
    comments = word_part("comments", '<w:comment w:id="0" w:author="A">' + para(run("Đề nghị đóng dấu TỐI MẬT"))
                         + "</w:comment>")
    extraction = extract_docx(docx(para(run("x")), word__comments_xml=comments), STAMP)
    assert texts(extraction, Container.NOTE) == ["Đề nghị đóng dấu TỐI MẬT"]


def test_docx_letter_spaced_stamp_arrives_as_typed():
    assert texts(extract_docx(docx(para(run("M Ậ T"))), STAMP)) == ["M Ậ T"]


def test_docx_words_split_across_runs_make_one_block():
    extraction = extract_docx(docx(para(run("TỐI", "<w:b/>"), run(" MẬT", "<w:b/>"))), STAMP)
    [block] = extraction.blocks
    assert (block.text, block.bold) == ("TỐI MẬT", True)


def test_docx_line_breaks_split_a_paragraph_into_blocks():
    paragraph = para('<w:r><w:t>Số: 12/BC</w:t><w:br/><w:t>MẬT</w:t><w:cr/><w:t>Kính</w:t><w:tab/>'
                     "<w:t>gửi</w:t></w:r>")
    assert texts(extract_docx(docx(paragraph), STAMP)) == ["Số: 12/BC", "MẬT", "Kính\tgửi"]


def test_docx_tab_stops_in_paragraph_properties_are_not_tabs():
    paragraph = para(run("A"), ppr='<w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>')
    assert texts(extract_docx(docx(paragraph), STAMP)) == ["A"]


def test_docx_all_caps_formatting_gives_capitals():
    assert texts(extract_docx(docx(para(run("Tối mật", "<w:caps/>"))), STAMP)) == ["TỐI MẬT"]


def test_docx_entities_are_decoded():
    assert texts(extract_docx(docx(para(run("&#x4D;&#7852;T &amp; &lt;KHẨN&gt;"))), STAMP)) == ["MẬT & <KHẨN>"]


def test_docx_deleted_text_and_field_codes_are_not_text():
    paragraph = para('<w:del><w:r><w:delText>TỐI MẬT</w:delText></w:r></w:del>',
                     '<w:r><w:instrText> PAGE </w:instrText></w:r>', run("Còn lại"))
    assert texts(extract_docx(docx(paragraph), STAMP)) == ["Còn lại"]


def test_docx_fonts_from_font_table_and_runs_are_collected():
    font_table = word_part("fonts", '<w:font w:name=".VnTimeH"><w:altName w:val="VnTimeH"/></w:font>'
                                    '<w:font w:name="Times New Roman"/>')
    paragraph = para(run("TèI MËT", '<w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/>'))
    extraction = extract_docx(docx(paragraph, word__fontTable_xml=font_table), STAMP)
    assert {".VnTimeH", "VnTimeH", "Times New Roman", "VNI-Times"} <= extraction.fonts
    assert extraction.blocks[0].font == "VNI-Times"


def test_docx_document_properties_are_property_blocks():
    core = ('<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>Báo cáo</dc:title>'
            "<cp:keywords>TỐI MẬT</cp:keywords><cp:category>Mật</cp:category></cp:coreProperties>")
    custom = ('<Properties xmlns:vt="v"><property fmtid="{x}" pid="2" name="DoMat"><vt:lpwstr>MẬT</vt:lpwstr>'
              "</property></Properties>")
    extraction = extract_docx(docx(para(run("x")), docProps__core_xml=core, docProps__custom_xml=custom), STAMP)
    assert texts(extraction, Container.PROPERTY) == ["Báo cáo", "TỐI MẬT", "Mật", "MẬT"]


def test_docx_stamp_mode_reads_only_the_first_body_blocks_but_every_cell_and_box():
    body = "".join(para(run(f"Đoạn {n}")) for n in range(60))
    body += "<w:tbl><w:tr><w:tc>" + para(run("MẬT")) + "</w:tc></w:tr></w:tbl>" + para(drawing_textbox("TỐI MẬT"))
    stamp = extract_docx(docx(body), Budget(stamp_blocks=40))
    assert len(texts(stamp, Container.BODY)) == 40
    assert texts(stamp, Container.CELL) == ["MẬT"] and texts(stamp, Container.TEXTBOX) == ["TỐI MẬT"]
    full = extract_docx(docx(body), FULL)
    assert len(texts(full, Container.BODY)) == 60


def test_docx_reads_from_a_file_on_disk(tmp_path):
    path = tmp_path / "bao cao.docx"
    path.write_bytes(docx(para(run("MẬT"))).data)
    assert texts(extract_docx(Source.from_path(path), STAMP)) == ["MẬT"]


def test_docx_utf16_part_is_read():
    document = (f'<?xml version="1.0" encoding="UTF-16"?><w:document {W_NS}><w:body>{para(run("MẬT"))}'
                "</w:body></w:document>")
    source = package({"word/document.xml": b"\xff\xfe" + document.encode("utf-16-le")})
    assert texts(extract_docx(source, STAMP)) == ["MẬT"]


def test_corrupt_zip_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        extract_docx(Source.from_bytes("x.docx", b"PK\x03\x04 not really a zip"), STAMP)
    assert caught.value.kind == ProblemKind.UNREADABLE


def test_zip_without_the_main_document_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        extract_docx(package({"word/styles.xml": "<w:styles/>"}), STAMP)
    assert caught.value.kind == ProblemKind.UNREADABLE
    assert "word/document.xml" in caught.value.detail and "Thiếu" in caught.value.detail


def test_part_inflating_past_the_ratio_is_a_bomb():
    source = docx(para(run("x")) + "<!--" + " " * (3 << 20) + "-->")
    with pytest.raises(ExtractError) as caught:
        extract_docx(source, STAMP)
    assert caught.value.kind == ProblemKind.BOMB


def test_part_above_the_cap_is_cut_in_stamp_mode_and_refused_in_full_mode():
    source = docx(para(run("MẬT")) + "".join(para(run(f"Đoạn văn số {n} " * 3)) for n in range(500)))
    budget = Budget(max_part_bytes=2000, stamp_blocks=1000)
    assert texts(extract_docx(source, budget))[0] == "MẬT"
    with pytest.raises(ExtractError) as caught:
        extract_docx(source, Budget(max_part_bytes=2000, full=True))
    assert caught.value.kind == ProblemKind.TOO_LARGE


def test_encrypted_zip_member_is_reported_as_encrypted():
    data = bytearray(docx(para(run("MẬT"))).data)
    # set the "encrypted" flag bit in the central directory entry of word/document.xml
    central = data.find(b"PK\x01\x02", data.find(b"word/document.xml"))
    while central >= 0:
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == b"word/document.xml":
            data[central + 8] |= 1
        central = data.find(b"PK\x01\x02", central + 4)
    with pytest.raises(ExtractError) as caught:
        extract_docx(Source.from_bytes("x.docx", bytes(data)), STAMP)
    assert caught.value.kind == ProblemKind.ENCRYPTED


# --- Excel -----------------------------------------------------------------------------

SML = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx(sheet_data: str, header_footer: str = "", strings: list[str] | None = None, **extra: str) -> Source:
    shared = "".join(f"<si><t>{text}</t></si>" for text in strings or [])
    parts = {
        "xl/workbook.xml": f'<workbook {SML}><sheets><sheet name="Báo cáo" sheetId="1" r:id="rId1"/></sheets>'
                           "</workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="r"><Relationship Id="rId1" Type="http://schemas.'
                                      'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                                      'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f"<worksheet {SML}><sheetData>{sheet_data}</sheetData>{header_footer}</worksheet>",
        "xl/sharedStrings.xml": f'<sst {SML} count="1">{shared}</sst>',
    }
    parts.update({name.replace("__", "/").replace("_xml", ".xml"): content for name, content in extra.items()})
    return package(parts, "book.xlsx")


def test_xlsx_shared_and_inline_strings_are_cells_of_the_named_sheet():
    rows = ('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"><v>42</v></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>TỐI MẬT</t></is></c>'
            '<c r="B2" t="str"><f>A1</f><v>x</v></c></row>')
    extraction = extract_xlsx(xlsx(rows, strings=["Danh sách", "MẬT"]), STAMP)
    assert texts(extraction, Container.CELL) == ["MẬT", "TỐI MẬT", "x"]
    assert {block.part for block in extraction.blocks} == {"Báo cáo"}


def test_xlsx_empty_shared_string_keeps_the_indices_right():
    source = xlsx('<row r="1"><c r="A1" t="s"><v>2</v></c></row>', strings=[])
    archive = zipfile.ZipFile(io.BytesIO(source.data))
    source = package({**{name: archive.read(name) for name in archive.namelist() if not name.startswith("[")},
                      "xl/sharedStrings.xml": f"<sst {SML}><si><t>a</t></si><si/><si><r><t>M</t></r><r><t>ẬT</t>"
                                              "</r><rPh><t>ignored</t></rPh></si></sst>"}, "b.xlsx")
    assert texts(extract_xlsx(source, STAMP)) == ["MẬT"]


def test_xlsx_shared_strings_are_decoded_only_up_to_the_highest_used():
    data = f"<sst {SML}>".encode() + b"".join(f"<si><t>s{n}</t></si>".encode() for n in range(1000)) + b"</sst>"
    assert _shared_strings(data, set(), {0, 2}) == {0: ("s0", None), 2: ("s2", None)}


def test_xlsx_number_cells_are_not_blocks():
    rows = '<row r="1"><c r="A1"><v>12</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#N/A</v></c></row>'
    assert extract_xlsx(xlsx(rows), STAMP).blocks == []


def test_xlsx_header_and_footer_codes_are_stripped_one_block_per_section():
    header_footer = ('<headerFooter differentFirst="1"><oddHeader>&amp;L&amp;"Times New Roman,Bold"&amp;14'
                     "&amp;KFF0000MẬT&amp;CBÁO CÁO&amp;R&amp;P / &amp;N</oddHeader>"
                     "<firstFooter>&amp;CBản sao số: 03</firstFooter></headerFooter>")
    extraction = extract_xlsx(xlsx("", header_footer), STAMP)
    [stamp, title] = [block for block in extraction.blocks if block.container == Container.HEADER]
    assert (stamp.text, stamp.bold, stamp.colour, stamp.font) == ("MẬT", True, "FF0000", "Times New Roman")
    assert title.text == "BÁO CÁO" and not title.bold
    assert texts(extraction, Container.FOOTER) == ["Bản sao số: 03"]


def test_header_footer_ampersand_and_size_codes():
    assert header_footer_sections("&C&12A && B&10") == [("A & B", (False, None, None, False))]


def test_xlsx_drawing_text_box_is_read():
    drawing = ('<xdr:wsDr xmlns:xdr="x" xmlns:a="a"><xdr:twoCellAnchor><xdr:sp><xdr:nvSpPr/><xdr:txBody>'
               '<a:p><a:r><a:rPr lang="vi-VN" b="1"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:rPr>'
               "<a:t>TỐI MẬT</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>")
    extraction = extract_xlsx(xlsx("", xl__drawings__drawing1_xml=drawing), STAMP)
    [block] = blocks_with(extraction, "TỐI MẬT")
    assert (block.container, block.bold, block.colour) == (Container.TEXTBOX, True, "FF0000")


def test_xlsx_cell_style_gives_bold_colour_and_font():
    styles = (f'<styleSheet {SML}><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
              '<font><b/><color rgb="FFFF0000"/><name val=".VnTimeH"/></font></fonts>'
              '<cellXfs count="2"><xf fontId="0"/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>')
    extraction = extract_xlsx(xlsx('<row r="1"><c r="A1" s="1" t="s"><v>0</v></c></row>', strings=["MËT"],
                                   xl__styles_xml=styles), STAMP)
    [block] = extraction.blocks
    assert (block.bold, block.colour, block.font) == (True, "FF0000", ".VnTimeH")
    assert {"Calibri", ".VnTimeH"} <= extraction.fonts


def test_xlsx_stamp_mode_reads_the_first_rows_and_still_the_header():
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Dòng {n}</t></is></c></row>'
                   for n in range(1, STAMP_ROWS + 51))
    source = xlsx(rows, "<headerFooter><oddHeader>&amp;CMẬT</oddHeader></headerFooter>")
    stamp = extract_xlsx(source, STAMP)
    assert len(texts(stamp, Container.CELL)) == STAMP_ROWS
    assert texts(stamp, Container.HEADER) == ["MẬT"]
    assert len(texts(extract_xlsx(source, FULL), Container.CELL)) == STAMP_ROWS + 50


def test_xlsx_with_prefixed_main_namespace_is_read():
    source = package({
        "xl/workbook.xml": '<x:workbook xmlns:x="m"><x:sheets><x:sheet name="S" sheetId="1" r:id="rId1"/>'
                           "</x:sheets></x:workbook>",
        "xl/worksheets/sheet1.xml": '<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr">'
                                    "<x:is><x:t>MẬT</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"}, "b.xlsx")
    assert texts(extract_xlsx(source, STAMP)) == ["MẬT"]


def test_xlsx_comment_is_a_note():
    comments = f'<comments {SML}><commentList><comment ref="A1" authorId="0"><text><r><t>Ghi chú MẬT</t></r>' \
               "</text></comment></commentList></comments>"
    assert texts(extract_xlsx(xlsx("", xl__comments1_xml=comments), STAMP), Container.NOTE) == ["Ghi chú MẬT"]


def test_xlsx_without_workbook_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        extract_xlsx(package({"xl/worksheets/sheet1.xml": "<worksheet/>"}), STAMP)
    assert caught.value.kind == ProblemKind.UNREADABLE


# --- PowerPoint ------------------------------------------------------------------------

PML = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" ' \
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' \
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def shape(text: str, placeholder: str = "", rpr: str = "") -> str:
    ph = f'<p:ph type="{placeholder}"/>' if placeholder else ""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr/>'
            f"<p:txBody><a:bodyPr/><a:p><a:r>{rpr}<a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>")


def slide(*shapes: str, root: str = "sld") -> str:
    return f"<p:{root} {PML}><p:cSld><p:spTree>{''.join(shapes)}</p:spTree></p:cSld></p:{root}>"


def rels(*targets: tuple[str, str, str]) -> str:
    return "<Relationships>" + "".join(
        f'<Relationship Id="{rel_id}" Type="http://x/{kind}" Target="{target}"/>' for rel_id, kind, target in targets
    ) + "</Relationships>"


def pptx(**extra: str) -> Source:
    parts = {
        "ppt/presentation.xml": f'<p:presentation {PML}><p:sldIdLst><p:sldId id="256" r:id="rId3"/>'
                                '<p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>',
        "ppt/_rels/presentation.xml.rels": rels(("rId2", "slide", "slides/slide1.xml"),
                                                ("rId3", "slide", "slides/slide2.xml")),
        "ppt/slides/slide1.xml": slide(shape("Nội dung trang hai")),
        "ppt/slides/slide2.xml": slide(shape("BÁO CÁO TÌNH HÌNH", "title"), shape("MẬT", rpr='<a:rPr b="1"/>'),
                                       shape("1", "sldNum"), shape("Lưu hành nội bộ", "ftr")),
    }
    parts.update(extra)
    return package(parts, "deck.pptx")


def test_pptx_shapes_titles_and_footers_with_slide_numbers_in_presentation_order():
    extraction = extract_pptx(pptx(), STAMP)
    assert extraction.pages == 2
    [title] = blocks_with(extraction, "BÁO CÁO TÌNH HÌNH")
    [stamp] = blocks_with(extraction, "MẬT")
    assert (title.container, title.page) == (Container.TITLE, 1)
    assert (stamp.container, stamp.page, stamp.bold) == (Container.TEXTBOX, 1, True)
    assert blocks_with(extraction, "Lưu hành nội bộ")[0].container == Container.FOOTER
    assert blocks_with(extraction, "Nội dung trang hai")[0].page == 2
    assert not blocks_with(extraction, "1")  # the slide number placeholder


def test_pptx_speaker_notes_are_notes_of_their_slide():
    notes = slide(shape("", "sldImg"), shape("Tài liệu TỐI MẬT, không phát", "body"), shape("2", "sldNum"),
                  root="notes")
    extraction = extract_pptx(pptx(**{"ppt/notesSlides/notesSlide1.xml": notes,
                                      "ppt/notesSlides/_rels/notesSlide1.xml.rels":
                                          rels(("rId1", "slide", "../slides/slide1.xml"))}), STAMP)
    [note] = [block for block in extraction.blocks if block.container == Container.NOTE]
    assert (note.text, note.page) == ("Tài liệu TỐI MẬT, không phát", 2)


def test_pptx_table_cells_are_cells():
    table = ('<p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tr><a:tc><a:txBody><a:p><a:r><a:t>TỐI MẬT</a:t>'
             "</a:r></a:p></a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>")
    extraction = extract_pptx(pptx(**{"ppt/slides/slide1.xml": slide(table)}), STAMP)
    assert blocks_with(extraction, "TỐI MẬT")[0].container == Container.CELL


def test_pptx_master_shapes_are_read_but_not_their_placeholder_prompts():
    master = slide(shape("Click to edit Master title style", "title"), shape("TUYỆT MẬT"), root="sldMaster")
    extraction = extract_pptx(pptx(**{"ppt/slideMasters/slideMaster1.xml": master}), STAMP)
    [block] = blocks_with(extraction, "TUYỆT MẬT")
    assert (block.part, block.container, block.page) == ("ppt/slideMasters/slideMaster1.xml", Container.TEXTBOX, None)
    assert not blocks_with(extraction, "Click to edit Master title style")


def test_pptx_line_break_splits_and_fonts_are_collected():
    paragraph = ('<p:sp><p:txBody><a:p><a:r><a:rPr><a:latin typeface=".VnTimeH"/></a:rPr><a:t>Sè: 12</a:t></a:r>'
                 "<a:br/><a:r><a:t>MËT</a:t></a:r></a:p></p:txBody></p:sp>")
    extraction = extract_pptx(pptx(**{"ppt/slides/slide1.xml": slide(paragraph)}), STAMP)
    assert ["Sè: 12", "MËT"] == [block.text for block in extraction.blocks if block.page == 2]
    assert ".VnTimeH" in extraction.fonts


def test_pptx_all_caps_run_gives_capitals():
    extraction = extract_pptx(pptx(**{"ppt/slides/slide1.xml": slide(shape("Tối mật", rpr='<a:rPr cap="all"/>'))}),
                              STAMP)
    assert blocks_with(extraction, "TỐI MẬT")[0].page == 2


def test_pptx_without_presentation_part_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        extract_pptx(package({"ppt/slides/slide1.xml": slide(shape("MẬT"))}), STAMP)
    assert caught.value.kind == ProblemKind.UNREADABLE
