"""`AdminDocument` → DOCX (python-docx), the same Decree 30/2020 layout as `outputs.pdf`, to be edited
and signed: A4, margins 20/20/30/15 mm, Times New Roman, the header as a borderless two-cell table,
page numbers centred in the header from page 2, stamps as red PNG images at their real size."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from bmnn.outputs import document as d
from bmnn.outputs import stamps
from bmnn.outputs.determinism import fixed_zip
from bmnn.outputs.fonts import DOCX_FONT
from bmnn.outputs.services import Rendered

ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def new_document(*, landscape: bool = False, title: str = "", when=None):
    """An empty A4 document with the decree's margins and font (shared with the register printout)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = DOCX_FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)
    normal.paragraph_format.space_after = Pt(0)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "bmnn", "bmnn"
    if when is not None:
        utc = when.astimezone(dt.timezone.utc) if when.tzinfo else when
        props.created = props.modified = utc.replace(tzinfo=None)
    return doc


def add_text(container, text: str, size: float = 14, *, bold: bool = False, italic: bool = False,
             align: str = "left", indent: bool = False, after: float = 0, line_spacing: float | None = None):
    p = container.add_paragraph()
    p.alignment = ALIGN[align]
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1)
    if line_spacing:
        fmt.line_spacing = line_spacing
    for i, piece in enumerate(text.split("\n")):
        run = p.add_run(piece)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        if i < len(text.split("\n")) - 1:
            run.add_break()
    return p


def add_rule(container, fraction: float, width_mm: float):
    """A solid line `fraction` of `width_mm` long, centred, under the paragraph before it (Decree 30:
    under the body name, the motto and the summary): an empty 1 pt paragraph with a bottom border,
    its indents making the border that long."""
    p = container.add_paragraph()
    side = Mm(width_mm * (1 - fraction) / 2)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.space_after = Pt(2)
    fmt.line_spacing = Pt(1)
    pPr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    pPr.append(borders)
    return p


def add_field(paragraph, instruction: str, size: float = 13) -> None:
    """A Word field (PAGE, NUMPAGES) that Word computes when it lays the document out."""
    run = paragraph.add_run()
    run.font.size = Pt(size)
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def add_stamp(container, stamp: stamps.Stamp, align: str = "center"):
    p = container.add_paragraph()
    p.alignment = ALIGN[align]
    p.paragraph_format.space_before = Pt(4)
    picture = p.add_run().add_picture(io.BytesIO(stamps.png(stamp)), width=Mm(stamp.width_mm))
    picture._inline.docPr.set("descr", stamp.text)  # the stamp's words as the image's alternative text
    return p


def no_borders(table) -> None:
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblPr.append(borders)


def keep_on_one_page(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_as_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _cell(table, row: int, col: int):
    cell = table.cell(row, col)
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)  # start empty, add_paragraph appends
    return cell


def _header(doc, model: d.AdminDocument) -> None:
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, [63, 102])
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    if model.parent_body_name:
        add_text(left, model.parent_body_name.upper(), 12, align="center")
    add_text(left, model.body_name.upper(), 12, bold=True, align="center")
    add_rule(left, 0.35, 63)
    add_text(left, model.number_line, 13, align="center")
    for stamp in ([model.level_stamp] if model.level_stamp else []) + list(model.marks):
        add_stamp(left, stamp)
    add_text(right, d.NATIONAL_NAME, 12, bold=True, align="center")
    add_text(right, d.MOTTO, 13.5, bold=True, align="center")
    add_rule(right, 0.55, 102)
    add_text(right, model.date_line, 13.5, italic=True, align="center").paragraph_format.space_before = Pt(8)


def _title(doc, model: d.AdminDocument, width_mm: float) -> None:
    doc.add_paragraph().paragraph_format.space_after = Pt(6)
    if model.doc_type:
        add_text(doc, model.doc_type.upper(), 14, bold=True, align="center")
    if model.summary:
        add_text(doc, model.summary, 14, bold=True, align="center")
        add_rule(doc, 0.3, width_mm)
    if model.addressees:
        if len(model.addressees) == 1:
            add_text(doc, f"Kính gửi: {model.addressees[0]}.", 14, align="center").paragraph_format.space_before = Pt(8)
        else:
            add_text(doc, "Kính gửi:", 14, align="center").paragraph_format.space_before = Pt(8)
            for name in model.addressees:
                add_text(doc, f"- {name};", 14, align="center")
    doc.add_paragraph().paragraph_format.space_after = Pt(4)


def add_grid_table(doc, header: list[str], rows: list[list[str]], widths_mm: list[float], *, size: float = 12,
                   numbered: bool = False, align: list[str] | None = None):
    """A bordered table with its header row(s) repeated on each page: (1) … (n) under the heads if numbered."""
    heads = 2 if numbered else 1
    table = doc.add_table(rows=heads + len(rows), cols=len(header))
    table.style = "Table Grid"
    aligns = align or ["left"] * len(header)
    for i, text in enumerate(header):
        _set_cell(table.cell(0, i), text, size, bold=True, align="center")
        if numbered:
            _set_cell(table.cell(1, i), f"({i + 1})", size - 1, align="center")
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            _set_cell(table.cell(heads + r, c), str(text), size, align=aligns[c])
    for r in range(heads):
        repeat_as_header(table.rows[r])
    set_widths(table, widths_mm)
    return table


def set_widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in every cell (what Word reads)."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _set_cell(cell, text: str, size: float, *, bold: bool = False, align: str = "left") -> None:
    p = cell.paragraphs[0]
    p.alignment = ALIGN[align]
    run = p.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def _signer(cell, signer: d.Signer, *, gap: bool = False) -> None:
    if gap:
        cell.add_paragraph().paragraph_format.space_before = Pt(12)
    for text in (signer.label, signer.capacity, signer.title):
        if text:
            add_text(cell, text.upper(), 13, bold=True, align="center")
    if signer.note:
        add_text(cell, signer.note, 11, italic=True, align="center")
    for _ in range(4):
        cell.add_paragraph()
    add_text(cell, signer.name, 13, bold=True, align="center")


def _signatures(doc, block: d.Signatures, width_mm: float) -> None:
    cols = max(1, block.columns)
    rows = (len(block.signers) + cols - 1) // cols
    table = doc.add_table(rows=rows, cols=cols)
    no_borders(table)
    set_widths(table, [width_mm / cols] * cols)
    for i, signer in enumerate(block.signers):
        _signer(_cell(table, i // cols, i % cols), signer, gap=i >= cols)


def _block(doc, block, width_mm: float) -> None:
    if isinstance(block, d.Para):
        add_text(doc, block.text, block.size, bold=block.bold, italic=block.italic, align=block.align,
                 indent=block.indent, after=6, line_spacing=1.15)
    elif isinstance(block, d.Heading):
        add_text(doc, block.text, block.size, bold=True, after=4).paragraph_format.space_before = Pt(6)
    elif isinstance(block, d.Table):
        total = sum(block.widths)
        add_grid_table(doc, block.header, block.rows, [width_mm * w / total for w in block.widths],
                       size=block.size, numbered=block.numbered, align=block.align)
        doc.add_paragraph()
    elif isinstance(block, d.Signatures):
        doc.add_paragraph()
        _signatures(doc, block, width_mm)
    elif isinstance(block, d.Stamps):
        for stamp in block.stamps:
            add_stamp(doc, stamp, block.align)
    else:
        raise TypeError(block)


def _closing(doc, model: d.AdminDocument) -> None:
    if not (model.signer or model.recipient_lines):
        return
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    set_widths(table, [75, 90])
    keep_on_one_page(table.rows[0])
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    add_text(left, "Nơi nhận:", 12, bold=True, italic=True)
    for line in model.recipient_lines:
        add_text(left, line, 11)
    if model.signer:
        _signer(right, model.signer)


def _page_numbers_and_mark(doc, model: d.AdminDocument) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True  # no page number on page 1
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(number, "PAGE")
    for footer in (section.footer, section.first_page_footer):
        if model.mark_line:
            p = footer.paragraphs[0]
            run = p.add_run(model.mark_line)
            run.italic, run.font.size = True, Pt(8)


def build(model: d.AdminDocument, when=None):
    doc = new_document(landscape=model.landscape, title=model.title, when=when)
    width_mm = (297 if model.landscape else 210) - 45
    _header(doc, model)
    _title(doc, model, width_mm)
    for block in model.blocks:
        _block(doc, block, width_mm)
    _closing(doc, model)
    _page_numbers_and_mark(doc, model)
    return doc


def render(model: d.AdminDocument, when) -> Rendered:
    """The DOCX bytes, identical for the same document and `when` (the printout's time)."""
    out = io.BytesIO()
    build(model, when).save(out)
    return Rendered(fixed_zip(out.getvalue(), when), pages=None)
