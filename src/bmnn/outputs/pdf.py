"""`AdminDocument` → PDF (reportlab), in the Decree 30/2020 layout: A4, margins top/bottom 20 mm,
left 30 mm, right 15 mm, the bundled Times New Roman-metric serif, page numbers centred in the top
margin from page 2, the print line in the bottom margin of every page."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle

from bmnn.outputs import document as d
from bmnn.outputs import stamps
from bmnn.outputs.fonts import pdf_font
from bmnn.outputs.services import Rendered

MM = stamps.MM
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
ALIGN = {"justify": TA_JUSTIFY, "left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def style(size: float = 14, *, bold: bool = False, italic: bool = False, align: str = "left",
          indent: float = 0, after: float = 0, leading: float = 1.2) -> ParagraphStyle:
    return ParagraphStyle(f"s{size}{bold}{italic}{align}{indent}{after}", fontName=pdf_font(bold, italic),
                          fontSize=size, leading=size * leading, alignment=ALIGN[align], firstLineIndent=indent,
                          spaceAfter=after)


def para(text: str, size: float = 14, **kw) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style(size, **kw))


class Rule(Flowable):
    """A solid line of a given length, centred: under the body name, the motto, the summary."""

    def __init__(self, length: float, space: float = 3):
        super().__init__()
        self.length, self.space = length, space

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.space + 2

    def draw(self):
        x = (self.avail - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, self.space, x + self.length, self.space)


def _width(text: str, size: float, bold: bool = True) -> float:
    return stringWidth(text, pdf_font(bold), size)


def _header(doc: d.AdminDocument, width: float) -> PdfTable:
    left = []
    if doc.parent_body_name:
        left.append(para(doc.parent_body_name.upper(), 12, align="center"))
    left += [para(doc.body_name.upper(), 12, bold=True, align="center"),
             Rule(min(_width(doc.body_name.upper(), 12), width * 0.4) / 2.5),
             para(doc.number_line, 13, align="center")]
    for stamp in ([doc.level_stamp] if doc.level_stamp else []) + list(doc.marks):
        left += [Spacer(1, 2 * MM), stamps.flowable(stamp, "CENTER")]
    right = [para(d.NATIONAL_NAME, 12.5, bold=True, align="center"),
             para(d.MOTTO, 13.5, bold=True, align="center"),
             Rule(_width(d.MOTTO, 13.5)), Spacer(1, 3 * MM),
             para(doc.date_line, 13.5, italic=True, align="center")]
    table = PdfTable([[left, right]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _title(doc: d.AdminDocument) -> list:
    out = [Spacer(1, 6 * MM)]
    if doc.doc_type:
        out.append(para(doc.doc_type.upper(), 14, bold=True, align="center"))
    if doc.summary:
        out += [para(doc.summary, 14, bold=True, align="center"), Rule(_width(doc.summary, 14) / 3)]
    if doc.addressees:
        out.append(Spacer(1, 3 * MM))
        if len(doc.addressees) == 1:
            out.append(para(f"Kính gửi: {doc.addressees[0]}.", 14, align="center"))
        else:
            out.append(para("Kính gửi:", 14, align="center"))
            out += [para(f"- {name};", 14, align="center") for name in doc.addressees]
    out.append(Spacer(1, 4 * MM))
    return out


def _table(block: d.Table, width: float) -> PdfTable:
    total = sum(block.widths)
    widths = [width * w / total for w in block.widths]
    aligns = block.align or ["left"] * len(block.header)
    head = [para(h, block.size, bold=True, align="center") for h in block.header]
    rows = [head]
    if block.numbered:
        rows.append([para(f"({i})", block.size - 1, align="center") for i in range(1, len(block.header) + 1)])
    rows += [[para(str(cell), block.size, align=a) for cell, a in zip(row, aligns)] for row in block.rows]
    table = PdfTable(rows, colWidths=widths, repeatRows=2 if block.numbered else 1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _signer_cell(signer: d.Signer) -> list:
    cell = []
    for text in (signer.label, signer.capacity, signer.title):
        if text:
            cell.append(para(text.upper(), 13, bold=True, align="center"))
    cell.append(para(signer.note or "", 11, italic=True, align="center") if signer.note else Spacer(1, 1))
    cell += [Spacer(1, 20 * MM), para(signer.name, 13, bold=True, align="center")]
    return cell


def _signatures(block: d.Signatures, width: float) -> PdfTable:
    cells = [_signer_cell(s) for s in block.signers]
    cols = max(1, block.columns)
    rows = [cells[i:i + cols] + [""] * (cols - len(cells[i:i + cols])) for i in range(0, len(cells), cols)]
    table = PdfTable(rows, colWidths=[width / cols] * cols)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8 * MM)]))
    return table


def _block(block, width: float) -> list:
    if isinstance(block, d.Para):
        return [para(block.text, block.size, bold=block.bold, italic=block.italic, align=block.align,
                     indent=10 * MM if block.indent else 0, after=6, leading=1.3)]
    if isinstance(block, d.Heading):
        return [Spacer(1, 2 * MM), para(block.text, block.size, bold=True, after=4)]
    if isinstance(block, d.Table):
        return [_table(block, width), Spacer(1, 4 * MM)]
    if isinstance(block, d.Signatures):
        return [Spacer(1, 4 * MM), _signatures(block, width)]
    if isinstance(block, d.Stamps):
        out = []
        for stamp in block.stamps:
            out += [stamps.flowable(stamp, block.align.upper()), Spacer(1, 3 * MM)]
        return out
    raise TypeError(block)


def _closing(doc: d.AdminDocument, width: float) -> list:
    if not (doc.signer or doc.recipient_lines):
        return []
    left = []
    if doc.recipient_lines:
        left = [para("Nơi nhận:", 12, bold=True, italic=True)] + [para(line, 11) for line in doc.recipient_lines]
    right = _signer_cell(doc.signer) if doc.signer else ""
    table = PdfTable([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 6 * MM), KeepTogether([table])]


def render(doc: d.AdminDocument) -> Rendered:
    out = io.BytesIO()
    size = landscape(A4) if doc.landscape else A4
    template = SimpleDocTemplate(out, pagesize=size, leftMargin=MARGINS["left"], rightMargin=MARGINS["right"],
                                 topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"], title=doc.title,
                                 author="bmnn", creator="bmnn", invariant=1)
    width = size[0] - MARGINS["left"] - MARGINS["right"]
    story = [_header(doc, width)] + _title(doc)
    for block in doc.blocks:
        story += _block(block, width)
    story += _closing(doc, width)

    def decorate(canvas, _template):
        canvas.saveState()
        page = canvas.getPageNumber()
        if page > 1:  # Decree 30: centred in the top margin, not on the first page
            canvas.setFont(pdf_font(), 13)
            canvas.drawCentredString(size[0] / 2, size[1] - 12 * MM, str(page))
        if doc.mark_line:
            canvas.setFont(pdf_font(italic=True), 8)
            canvas.drawString(MARGINS["left"], 10 * MM, doc.mark_line)
        canvas.restoreState()

    template.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return Rendered(out.getvalue(), pages=template.page)
