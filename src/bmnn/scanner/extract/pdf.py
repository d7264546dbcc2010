"""PDF text layer, with pypdfium2 (PDFium; scanner-notes §2.2: 7.6x pypdf).

Stamp mode reads pages 1, 2 and the last (`budget.max_pages` pages: the first
max_pages-1 and the last), full mode every page. Each text line of a page becomes a
BODY block with its page, its part ("page N"), its index from the top of the page
and `y`, the top of its first character as a fraction of the page height (0 top, 1
bottom): the rules use y on page 1 for "top 30%". Lines up to DESCRIBED_LINE_CHARS
long (and each page's first line) also get, from their first visible character, the
font (subset tag removed: "ABCDEF+.VnTimeH" → ".VnTimeH"), bold (weight ≥ 600 or
"Bold" in the name) and fill colour; every font name seen goes to `Extraction.fonts`.
Page rotation is not applied to y (a /Rotate 90 page measures along its unrotated
height). A page PDFium cannot load is reported in `Extraction.problems` and the
others are read.

A page with fewer than 20 visible characters that holds an image (or a form object,
where scanners often wrap it) has no usable text layer: with `budget.ocr` and
Tesseract installed it is OCR'd here (see ocr.py); otherwise the file is marked
`needs_ocr` and `ocr_detail` lists the pages.

A PDF that needs a user password raises PdfiumError(FPDF_ERR_PASSWORD) on open and is
reported encrypted; one with only an owner password (printing/copying restrictions)
opens and is read. Small files are opened from memory (fastest); files above
OPEN_FROM_HANDLE_ABOVE from a file handle, so a 2 GB PDF is never read whole. PDFium
is not thread-safe: the pipeline runs extractors in processes; documents, pages and
text pages are closed before returning.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from bmnn.scanner.model import Block, Budget, Container, Extraction, ExtractError, Problem, ProblemKind, Source

OPEN_FROM_HANDLE_ABOVE = 16 * 1024 * 1024
MIN_TEXT_CHARS = 20  # fewer visible characters than this on a page with an image: a scan
# Font, bold and colour are looked up for lines up to this long (stamp candidates) and
# for the first line of each page (so Extraction.fonts sees a document's main font);
# longer lines are prose to the rules, and the lookups cost three PDFium calls a line.
DESCRIBED_LINE_CHARS = 120

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def extract_pdf(source: Source, budget: Budget) -> Extraction:
    document = _open(source)
    if document is None:
        return Extraction(kind="pdf", encrypted=True)
    try:
        count = len(document)
        extraction = Extraction(kind="pdf", pages=count)
        without_text = []
        for number in pages_to_read(count, budget):
            try:
                page = document[number - 1]
            except pdfium.PdfiumError:  # one broken page: read the others, report this one
                extraction.problems.append(Problem(source.name, ProblemKind.UNREADABLE,
                                                   f"trang {number} hỏng / page {number} unreadable"))
                continue
            try:
                visible = _read_page(page, number, extraction)
                if visible < MIN_TEXT_CHARS and _has_image(page):
                    without_text.append(number)
            finally:
                page.close()
        if without_text:
            _ocr_or_flag(document, without_text, budget, extraction)
        return extraction
    except pdfium.PdfiumError as error:
        raise ExtractError(ProblemKind.UNREADABLE, f"PDF hỏng / corrupt PDF: {error}") from error
    finally:
        document.close()


def pages_to_read(count: int, budget: Budget) -> list[int]:
    """1-based page numbers: all of them in full mode; else the first max_pages-1 and
    the last."""
    if budget.full or count <= budget.max_pages:
        return list(range(1, count + 1))
    first = list(range(1, max(budget.max_pages, 1)))
    return [*first, count]


def _open(source: Source) -> pdfium.PdfDocument | None:
    """The document, or None when a user password is needed."""
    handle = None
    try:
        if source.data is not None:
            return pdfium.PdfDocument(source.data)
        if source.size <= OPEN_FROM_HANDLE_ABOVE:
            return pdfium.PdfDocument(source.read())
        handle = source.open()
        return pdfium.PdfDocument(handle, autoclose=True)
    except pdfium.PdfiumError as error:
        if handle is not None:
            handle.close()
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            return None
        raise ExtractError(ProblemKind.UNREADABLE, f"PDF không mở được / cannot open PDF: {error}") from error


def _read_page(page: pdfium.PdfPage, number: int, extraction: Extraction) -> int:
    """Append the page's lines as blocks; return its count of visible characters."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range() if textpage.count_chars() > 0 else ""
        if not text.strip():
            return 0
        _left, bottom, _right, top = page.get_bbox()
        probe = _CharProbe(textpage.raw, top, (top - bottom) or 1.0)
        part = f"page {number}"
        visible = 0
        index = 0
        offset = 0
        for line in text.split("\n"):
            start = offset
            offset += len(line) + 1
            stripped = line.strip()
            if not stripped:
                continue
            visible += len(stripped)
            char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(probe.raw, start + len(line) - len(line.lstrip()))
            y = font = colour = None
            bold = False
            if char >= 0:
                y = probe.y(char)
                if len(stripped) <= DESCRIBED_LINE_CHARS or index == 0:
                    font, bold = probe.font(char)
                    colour = probe.colour(char)
                    if font:
                        extraction.fonts.add(font)
            extraction.blocks.append(Block(text=stripped, container=Container.BODY, part=part, index=index,
                                           page=number, y=y, bold=bold, colour=colour, font=font))
            index += 1
        return visible
    finally:
        textpage.close()


class _CharProbe:
    """Position, font and colour of one character, through PDFium's text API, with
    the ctypes out-parameters allocated once per page rather than per line."""

    def __init__(self, raw, page_top: float, height: float):
        self.raw = raw
        self.page_top = page_top
        self.height = height
        self.box = tuple(ctypes.c_double() for _ in range(4))
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.flags = ctypes.c_int()
        self.name = ctypes.create_string_buffer(128)

    def y(self, char: int) -> float | None:
        left, right, bottom, top = self.box
        if not pdfium_c.FPDFText_GetCharBox(self.raw, char, left, right, bottom, top):
            return None
        return round(min(1.0, max(0.0, (self.page_top - top.value) / self.height)), 4)

    def font(self, char: int) -> tuple[str | None, bool]:
        size = pdfium_c.FPDFText_GetFontInfo(self.raw, char, self.name, len(self.name), self.flags)
        if size > len(self.name):
            self.name = ctypes.create_string_buffer(size)
            size = pdfium_c.FPDFText_GetFontInfo(self.raw, char, self.name, len(self.name), self.flags)
        if size <= 1:
            return None, False
        name = _SUBSET_TAG.sub("", self.name.raw[:size - 1].decode("utf-8", "replace"))
        bold = pdfium_c.FPDFText_GetFontWeight(self.raw, char) >= 600 or "bold" in name.lower()
        return name or None, bold

    def colour(self, char: int) -> str | None:
        r, g, b, a = self.rgba
        if not pdfium_c.FPDFText_GetFillColor(self.raw, char, r, g, b, a):
            return None
        return f"{r.value & 255:02X}{g.value & 255:02X}{b.value & 255:02X}"


def _has_image(page: pdfium.PdfPage) -> bool:
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i))
        if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            return True
    return False


def _ocr_or_flag(document: pdfium.PdfDocument, pages: list[int], budget: Budget, extraction: Extraction) -> None:
    remaining = pages
    if budget.ocr:
        from bmnn.scanner.extract import ocr  # only when asked: it shells out to Tesseract

        if ocr.available():
            blocks, done = ocr.ocr_document_pages(document, pages, budget)
            extraction.blocks.extend(blocks)
            remaining = [number for number in pages if number not in done]
    if remaining:
        extraction.needs_ocr = True
        listed = ", ".join(map(str, remaining))
        extraction.ocr_detail = f"trang không có lớp chữ / pages without a text layer: {listed}"
