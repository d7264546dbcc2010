"""A register as DOCX (to be edited, printed and bound in Word or LibreOffice): A4 landscape, Decree 30
margins, Times New Roman, a cover per volume first, then the table whose two head rows (the headings and
their numbers (1)…(n)) repeat on every page (`w:tblHeader`), and a footer with the print mark and
"Trang x/y" from the PAGE and NUMPAGES fields.

The table is written as WordprocessingML directly and parsed once: python-docx's `add_row` copies the
table's XML for each new row and takes minutes for a 10,000-line register
(benchmarks/benchmark_register_print.py)."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

from bmnn.outputs import stamps
from bmnn.outputs.determinism import fixed_zip
from bmnn.outputs.fonts import DOCX_FONT
from bmnn.outputs.registers import (BODY_PT, HEAD_PT, MARGINS_MM, MARK_PT, UNSTRUCK, RegisterPrint, Section,
                                    cover_lines, empty_text, layout_note, numbered_heads, page_label)
from bmnn.outputs.services import PrintMark, Rendered

PAGE_W_MM, PAGE_H_MM = 297, 210
TWIPS_PER_MM = 1440 / 25.4
ALIGN = {"left": "left", "center": "center", "right": "right"}
# Characters XML 1.0 cannot carry (a control character pasted into a note).
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _setup(document, printed: RegisterPrint, mark: PrintMark, title: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(8)
    style = document.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(f"{{{style.element.nsmap['w']}}}eastAsia", DOCX_FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, mark.printed_by_name, mark.printed_by_name
    props.created = props.modified = mark.printed_at.replace(tzinfo=None)
    props.revision = 1
    _footer(section.footer, mark)


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    paragraph.add_run("1")
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def _footer(footer, mark: PrintMark) -> None:
    line = footer.paragraphs[0]
    run = line.add_run(mark.line())
    run.italic, run.font.size = True, Pt(MARK_PT)
    pages = footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # "Trang {PAGE}/{NUMPAGES}" in the catalogue's wording, with fields where the numbers go.
    template = page_label(10**6, 10**7)
    before, rest = template.split(str(10**6), 1)
    middle, after = rest.split(str(10**7), 1)
    for text, instruction in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if text:
            pages.add_run(text)
        if instruction:
            _field(pages, instruction)


def _cover(document, printed: RegisterPrint, section: Section, first: bool, on) -> None:
    top = document.paragraphs[0] if first and document.paragraphs else document.add_paragraph()
    if not first:
        top.paragraph_format.page_break_before = True
    if printed.level:
        # The highest level among the printed lines, as its red stamp (TT 24/2020 Mẫu 02), top right.
        mark_ = stamps.level_stamp(printed.level, on)
        top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        top.add_run().add_picture(io.BytesIO(stamps.png(mark_)), width=Mm(mark_.width_mm))
    for line in cover_lines(section.cover, printed.level):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(line.space_before)
        run = paragraph.add_run(line.text)
        run.bold, run.italic, run.font.size = line.bold, line.italic, Pt(line.size)
    note = layout_note(printed)
    if note:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(120)
        run = paragraph.add_run(note)
        run.italic, run.font.size = True, Pt(MARK_PT)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _text(value: str) -> str:
    return escape(_INVALID.sub("", value))


def _cell(width: int, align: str, text: str, *, bold=False, italic=False, strike=False) -> str:
    props = "".join(tag for on, tag in ((bold, "<w:b/>"), (italic, "<w:i/>"), (strike, "<w:strike/>")) if on)
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{_text(part)}</w:t>' for part in text.split("\n"))
    run = f"<w:r><w:rPr>{props}</w:rPr>{runs}</w:r>" if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:jc w:val="{ALIGN.get(align, "left")}"/></w:pPr>{run}</w:p></w:tc>')


def _row(cells: list[str], *, head=False) -> str:
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if head else "<w:trPr><w:cantSplit/></w:trPr>"
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def _table_xml(printed: RegisterPrint, section: Section) -> str:
    columns = printed.columns
    usable = (PAGE_W_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) * TWIPS_PER_MM
    total = sum(float(c["width"]) for c in columns)
    widths = [int(usable * float(c["width"]) / total) for c in columns]
    aligns = [c.get("align", "left") for c in columns]
    struck = [c["key"] not in UNSTRUCK for c in columns]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    parts = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             f'<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
             f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>',
             _row([_cell(w, "center", c["heading"], bold=True) for w, c in zip(widths, columns)], head=True),
             _row([_cell(w, "center", n, italic=True) for w, n in zip(widths, numbered_heads(len(columns)))],
                  head=True)]
    for line in section.lines:
        cells = printed.cells(line)
        parts.append(_row([_cell(w, a, text, strike=line.cancelled and s)
                           for w, a, text, s in zip(widths, aligns, cells, struck)]))
    if not section.lines:
        parts.append(_row([_cell(w, "left", empty_text() if i == 0 else "") for i, w in enumerate(widths)]))
    parts.append("</w:tbl>")
    return "".join(parts)


def _table(document, printed: RegisterPrint, section: Section) -> None:
    head = document.add_paragraph()
    run = head.add_run(section.running_head)
    run.italic, run.font.size = True, Pt(HEAD_PT)
    head.paragraph_format.space_after = Pt(4)
    table = parse_xml(_table_xml(printed, section))
    head._p.addnext(table)
    # A paragraph after the table: two tables never run together, and the body does not end on a table.
    table.addnext(document.add_paragraph()._p)


def render(printed: RegisterPrint, mark: PrintMark, title: str) -> Rendered:
    document = Document()
    _setup(document, printed, mark, title)
    for i, section in enumerate(printed.sections):
        _cover(document, printed, section, first=i == 0, on=mark.local.date())
        _table(document, printed, section)
    out = io.BytesIO()
    document.save(out)
    return Rendered(fixed_zip(out.getvalue(), mark.local), pages=None)
