"""A register as PDF, drawn page by page on a reportlab canvas: A4 landscape, Decree 30 margins, the
bundled serif font embedded, a cover per volume, the column heads and their numbers (1)…(n) on every
page, "Trang x/y" and the print mark on every page.

Every row is measured once (its cells wrapped to their column widths), the rows are then laid out
on pages, and the pages drawn: linear in the number of rows, where one platypus Table of the whole
register re-splits the remaining table at every page (benchmarks/benchmark_register_print.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bmnn.outputs import stamps
from bmnn.outputs.fonts import pdf_font
from bmnn.outputs.registers import (BODY_PT, HEAD_PT, MARGINS_MM, MARK_PT, UNSTRUCK, RegisterPrint, Section,
                                    cover_lines, empty_text, layout_note, numbered_heads, page_label)
from bmnn.outputs.services import PrintMark, Rendered

PAD_X, PAD_Y = 3, 2.5
LEADING = BODY_PT * 1.2
NUMBERS_ROW = BODY_PT + 2 * PAD_Y + 1


@dataclass
class _Row:
    cells: list[list[str]]  # each cell's wrapped lines
    height: float
    struck: list[bool]  # per cell: draw a line through the text (a cancelled line)


@dataclass
class _Page:
    section: Section
    rows: list[_Row] | None  # None: the section's cover


class _Geometry:
    def __init__(self, printed: RegisterPrint):
        self.width, self.height = landscape(A4)
        self.left, self.right = MARGINS_MM["left"] * mm, self.width - MARGINS_MM["right"] * mm
        self.top, self.bottom = self.height - MARGINS_MM["top"] * mm, MARGINS_MM["bottom"] * mm
        columns = printed.columns
        total = sum(float(c["width"]) for c in columns)
        usable = self.right - self.left
        self.widths = [usable * float(c["width"]) / total for c in columns]
        self.aligns = [c.get("align", "left") for c in columns]
        self.font, self.bold, self.italic = pdf_font(), pdf_font(bold=True), pdf_font(italic=True)
        self.heads = [self.wrap(c["heading"], i, self.bold, HEAD_PT) for i, c in enumerate(columns)]
        self.head_height = max(len(h) for h in self.heads) * HEAD_PT * 1.2 + 2 * PAD_Y
        self.struck = [c["key"] not in UNSTRUCK for c in columns]
        # Room for rows under the two head rows on each page.
        self.room = self.top - self.bottom - self.head_height - NUMBERS_ROW

    def wrap(self, text: str, column: int, font: str, size: float) -> list[str]:
        width = self.widths[column] - 2 * PAD_X
        lines = []
        for line in simpleSplit(text, font, size, width) if text else [""]:
            # A word wider than its column (a long reference) is cut where it must be.
            while stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
        return lines

    def measure(self, cells: list[str], cancelled: bool) -> _Row:
        wrapped = [self.wrap(text, i, self.font, BODY_PT) for i, text in enumerate(cells)]
        most = max(1, int((self.room - 2 * PAD_Y) // LEADING))
        wrapped = [lines if len(lines) <= most else [*lines[:most - 1], lines[most - 1] + " …"] for lines in wrapped]
        height = max(len(lines) for lines in wrapped) * LEADING + 2 * PAD_Y
        return _Row(wrapped, height, self.struck if cancelled else [False] * len(cells))


def _paginate(printed: RegisterPrint, geometry: _Geometry) -> list[_Page]:
    pages = []
    for section in printed.sections:
        pages.append(_Page(section, None))
        current, used = [], 0.0
        for line in section.lines:
            row = geometry.measure(printed.cells(line), line.cancelled)
            if current and used + row.height > geometry.room:
                pages.append(_Page(section, current))
                current, used = [], 0.0
            current.append(row)
            used += row.height
        pages.append(_Page(section, current))
    return pages


def _draw_footer(canvas: Canvas, g: _Geometry, mark: PrintMark, number: int, total: int) -> None:
    y = g.bottom - 9 * mm
    canvas.setFont(g.italic, MARK_PT)
    canvas.drawString(g.left, y, mark.line())
    canvas.setFont(g.font, MARK_PT + 1)
    canvas.drawRightString(g.right, y, page_label(number, total))


def _draw_cover(canvas: Canvas, g: _Geometry, printed: RegisterPrint, section: Section, on) -> None:
    centre = (g.left + g.right) / 2
    if printed.level:
        # The highest level among the printed lines, as its red stamp (TT 24/2020 Mẫu 02), top right.
        mark_ = stamps.level_stamp(printed.level, on)
        stamps.draw(canvas, mark_, g.right - mark_.width_mm * mm, g.top - mark_.height_mm * mm)
    y = g.top
    for line in cover_lines(section.cover, printed.level):
        font = g.bold if line.bold else g.italic if line.italic else g.font
        y -= line.space_before + line.size * 1.25
        canvas.setFont(font, line.size)
        canvas.drawCentredString(centre, y, line.text)
    note = layout_note(printed)
    if note:
        canvas.setFont(g.italic, MARK_PT)
        for i, text in enumerate(simpleSplit(note, g.italic, MARK_PT, g.right - g.left)):
            canvas.drawString(g.left, g.bottom + 4 * mm - i * MARK_PT * 1.2, text)


def _draw_heads(canvas: Canvas, g: _Geometry, y: float) -> float:
    """The column heads and the row of their numbers (1)…(n); returns the y under them."""
    x = g.left
    canvas.setFont(g.bold, HEAD_PT)
    for width, lines in zip(g.widths, g.heads):
        top = y - PAD_Y - HEAD_PT
        offset = (g.head_height - 2 * PAD_Y - len(lines) * HEAD_PT * 1.2) / 2
        for i, text in enumerate(lines):
            canvas.drawCentredString(x + width / 2, top - offset - i * HEAD_PT * 1.2, text)
        x += width
    y -= g.head_height
    canvas.line(g.left, y, g.right, y)
    x = g.left
    canvas.setFont(g.italic, BODY_PT)
    for width, label in zip(g.widths, numbered_heads(len(g.widths))):
        canvas.drawCentredString(x + width / 2, y - PAD_Y - BODY_PT + 1, label)
        x += width
    y -= NUMBERS_ROW
    canvas.setLineWidth(1)
    canvas.line(g.left, y, g.right, y)
    canvas.setLineWidth(0.5)
    return y


def _draw_row(canvas: Canvas, g: _Geometry, row: _Row, y: float) -> float:
    x = g.left
    canvas.setFont(g.font, BODY_PT)
    for width, align, lines, struck in zip(g.widths, g.aligns, row.cells, row.struck):
        for i, text in enumerate(lines):
            base = y - PAD_Y - BODY_PT - i * LEADING + 2
            if align == "center":
                canvas.drawCentredString(x + width / 2, base, text)
                start = x + (width - stringWidth(text, g.font, BODY_PT)) / 2
            elif align == "right":
                canvas.drawRightString(x + width - PAD_X, base, text)
                start = x + width - PAD_X - stringWidth(text, g.font, BODY_PT)
            else:
                canvas.drawString(x + PAD_X, base, text)
                start = x + PAD_X
            if struck and text:
                mid = base + BODY_PT * 0.3
                canvas.line(start, mid, start + stringWidth(text, g.font, BODY_PT), mid)
        x += width
    y -= row.height
    canvas.line(g.left, y, g.right, y)
    return y


def _draw_table_page(canvas: Canvas, g: _Geometry, page: _Page) -> None:
    canvas.setFont(g.italic, MARK_PT + 1)
    canvas.drawString(g.left, g.top + 3 * mm, page.section.running_head)
    canvas.setLineWidth(0.5)
    top = g.top
    canvas.line(g.left, top, g.right, top)
    y = _draw_heads(canvas, g, top)
    for row in page.rows:
        y = _draw_row(canvas, g, row, y)
    if not page.rows and not page.section.lines:
        canvas.setFont(g.italic, BODY_PT)
        canvas.drawString(g.left + PAD_X, y - PAD_Y - BODY_PT, empty_text())
        y -= LEADING + 2 * PAD_Y
        canvas.line(g.left, y, g.right, y)
    x = g.left
    for width in [0, *g.widths]:
        x += width
        canvas.line(x, top, x, y)


def render(printed: RegisterPrint, mark: PrintMark, title: str) -> Rendered:
    g = _Geometry(printed)
    pages = _paginate(printed, g)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(g.width, g.height), invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("bmnn")
    canvas.setAuthor(mark.printed_by_name)
    for number, page in enumerate(pages, start=1):
        if page.rows is None:
            _draw_cover(canvas, g, printed, page.section, mark.local.date())
        else:
            _draw_table_page(canvas, g, page)
        _draw_footer(canvas, g, mark, number, len(pages))
        canvas.showPage()
    canvas.save()
    return Rendered(out.getvalue(), pages=len(pages))
