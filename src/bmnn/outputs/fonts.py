"""The serif font every printout uses, shipped in the package (no system font, no download).

Liberation Serif 2 has the metrics of Times New Roman (the font Decree 30/2020 prescribes) and every
precomposed Vietnamese letter; PDFs embed it. DOCX files name "Times New Roman", the font the
people who edit and sign them have; Word falls back to a metric twin where it is missing."""

from __future__ import annotations

import functools
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
DOCX_FONT = "Times New Roman"
PDF_FAMILY = "bmnn-serif"
STYLES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}


def font_path(style: str = "Regular") -> Path:
    return FONT_DIR / f"LiberationSerif-{style}.ttf"


def pdf_font(bold: bool = False, italic: bool = False) -> str:
    """The registered reportlab font name for a style (registering the family on first use)."""
    register_pdf_fonts()
    return PDF_FAMILY + _suffix(bold, italic)


def _suffix(bold: bool, italic: bool) -> str:
    return "-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else ""


@functools.cache
def register_pdf_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for suffix, style in STYLES.items():
        pdfmetrics.registerFont(TTFont(PDF_FAMILY + suffix, str(font_path(style))))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(PDF_FAMILY, bold, italic, PDF_FAMILY + _suffix(bold, italic))


@functools.cache
def pil_font(size_px: int, bold: bool = True):
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path("Bold" if bold else "Regular")), size_px)
