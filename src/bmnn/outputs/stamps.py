"""Stamps (dấu) drawn to their sizes in red, from the rulebook's stamp forms (rulebook/forms/stamps-*.yaml).

One `Stamp` (its lines filled in, its size in millimetres) is drawn three ways: on a PDF page
(reportlab), as a PNG (DOCX documents and screens) and as a platypus flowable. Sizes come from the
form data; a stamp without a fixed size is sized to its text, as a rubber stamp cut for it would be."""

from __future__ import annotations

import datetime as dt
import io
import string
from dataclasses import dataclass

from bmnn.outputs.fonts import pdf_font, pil_font
from bmnn.rulebook.forms import form_set_on

MM = 72 / 25.4  # points per millimetre
RED = (0xD0, 0x00, 0x00)  # every secrecy stamp is in red ink (TT 24/2020 Art. 3.2)
PAD_MM = 2.0  # text to the inner border
RING_MM = 1.0  # between the two borders of a double-bordered stamp
LEADING = 1.2


@dataclass(frozen=True)
class StampLine:
    text: str
    size_pt: float
    bold: bool


@dataclass(frozen=True)
class Stamp:
    code: str
    name: str
    lines: tuple[StampLine, ...]
    width_mm: float
    height_mm: float
    border: str  # double | single | none
    shape: str  # rect | circle
    citation: str
    verified: bool
    version: str

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def _text_width_mm(line: StampLine) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(line.text, pdf_font(bold=line.bold), line.size_pt) / MM


def _fill(template: str, fields: dict) -> str:
    values = _Blank({k: v for k, v in fields.items() if v not in (None, "")})
    return string.Formatter().vformat(template, (), values)


def stamp(code: str, on: dt.date, **fields) -> Stamp:
    """The stamp `code` of the form version in force on `on`, its {fields} filled in (dates as dd/mm/yyyy)."""
    forms = form_set_on("stamps", on)
    entry = forms.entry(code)
    fields = {k: (v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v) for k, v in fields.items()}
    lines = tuple(StampLine(_fill(raw["text"], fields), float(raw.get("size_pt", 13)), bool(raw.get("bold", True)))
                  for raw in entry["lines"])
    border = entry.get("border", "double")
    inset = PAD_MM + (RING_MM if border == "double" else 0)
    width = entry.get("width_mm") or round(max(_text_width_mm(line) for line in lines) + 2 * inset + 1, 1)
    width = max(width, max(_text_width_mm(line) for line in lines) + 2 * inset)  # never cut the filled text
    height = entry.get("height_mm") or round(sum(line.size_pt * LEADING for line in lines) / MM + 2 * inset, 1)
    return Stamp(code, entry.name, lines, float(width), float(height), border, entry.get("shape", "rect"),
                 entry.citation, entry.verified, forms.version)


def level_stamp(level: str, on: dt.date) -> Stamp:
    return stamp(f"level_{level}", on)


def envelope_stamp(letter: str, on: dt.date) -> Stamp:
    return stamp(f"envelope_{letter}", on)


# --- drawing -----------------------------------------------------------------------------

def _baselines(s: Stamp) -> list[float]:
    """Each line's baseline, in mm from the stamp's bottom edge, the block centred vertically."""
    heights = [line.size_pt * LEADING / MM for line in s.lines]
    top = (s.height_mm + sum(heights)) / 2
    out = []
    for line, h in zip(s.lines, heights):
        top -= h
        out.append(top + (h - line.size_pt / MM) / 2 + 0.22 * line.size_pt / MM)
    return out


def draw(canvas, s: Stamp, x: float, y: float) -> None:
    """Draw on a reportlab canvas with the stamp's bottom-left corner at (x, y) points."""
    w, h = s.width_mm * MM, s.height_mm * MM
    canvas.saveState()
    canvas.setStrokeColorRGB(*(c / 255 for c in RED))
    canvas.setFillColorRGB(*(c / 255 for c in RED))
    canvas.setLineWidth(0.35 * MM)
    if s.shape == "circle":
        canvas.circle(x + w / 2, y + h / 2, min(w, h) / 2, stroke=1, fill=0)
    elif s.border != "none":
        canvas.rect(x, y, w, h, stroke=1, fill=0)
        if s.border == "double":
            canvas.rect(x + RING_MM * MM, y + RING_MM * MM, w - 2 * RING_MM * MM, h - 2 * RING_MM * MM,
                        stroke=1, fill=0)
    for line, base in zip(s.lines, _baselines(s)):
        canvas.setFont(pdf_font(bold=line.bold), line.size_pt)
        canvas.drawCentredString(x + w / 2, y + base * MM, line.text)
    canvas.restoreState()


def flowable(s: Stamp, align: str = "LEFT"):
    from reportlab.platypus import Flowable

    class _StampFlowable(Flowable):
        def __init__(self):
            super().__init__()
            self.width, self.height, self.hAlign = s.width_mm * MM, s.height_mm * MM, align

        def draw(self):
            draw(self.canv, s, 0, 0)

    return _StampFlowable()


def png(s: Stamp, dpi: int = 300) -> bytes:
    """The stamp as a PNG with a transparent background, at its real size for `dpi`."""
    from PIL import Image, ImageDraw

    px = dpi / 25.4
    w, h = round(s.width_mm * px), round(s.height_mm * px)
    image = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    stroke = max(1, round(0.35 * px))
    if s.shape == "circle":
        d = min(w, h) - 1
        pen.ellipse(((w - d) // 2, (h - d) // 2, (w + d) // 2, (h + d) // 2), outline=RED, width=stroke)
    elif s.border != "none":
        pen.rectangle((0, 0, w - 1, h - 1), outline=RED, width=stroke)
        if s.border == "double":
            ring = round(RING_MM * px)
            pen.rectangle((ring, ring, w - 1 - ring, h - 1 - ring), outline=RED, width=stroke)
    for line, base in zip(s.lines, _baselines(s)):
        font = pil_font(round(line.size_pt / 72 * dpi), bold=line.bold)
        pen.text((w / 2, h - base * px), line.text, font=font, fill=RED, anchor="ms")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()
