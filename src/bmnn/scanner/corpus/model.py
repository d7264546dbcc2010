"""A small document model the format writers share: paragraphs with the formatting a
stamp is drawn with, tables, text boxes and WordArt. Each writer renders what its
format can hold and ignores the rest (an .ods has no text box, an RTF no WordArt)."""

from __future__ import annotations

from dataclasses import dataclass, field


class Unsupported(Exception):
    """This machine cannot write the case (no Vietnamese TrueType font for a PDF, no
    legacy binary writer): the generator leaves it out and says so in labels.json."""


@dataclass(frozen=True, slots=True)
class P:
    """A paragraph. `runs` splits the text into several runs (Word cuts a stamp into
    runs when it was edited: the extractor must join them); a "\\n" in the text is a
    line break inside the paragraph."""

    text: str = ""
    bold: bool = False
    colour: str | None = None  # "FF0000"
    border: bool = False
    align: str | None = None  # "center" | "right"
    size: int = 13  # points
    font: str | None = None  # ".VnTimeH", "VNI-Times": the text is then the legacy surface form
    runs: tuple[str, ...] | None = None  # the text cut into runs; joined they equal `text`
    spacing: int = 0  # character spacing in twentieths of a point (formatting only)
    footnote: str | None = None  # a footnote attached at the end of the paragraph
    caps: bool = False  # shown in capitals by formatting (w:caps, text-transform): the text is typed lower case
    sdt: bool = False  # inside a content control (w:sdt), as forms and e-office templates put fields

    def pieces(self) -> tuple[str, ...]:
        return self.runs if self.runs else (self.text,)


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; each cell is a list of paragraphs. `borders` draws the grid."""

    rows: tuple[tuple[tuple[P, ...], ...], ...]
    borders: bool = False


@dataclass(frozen=True, slots=True)
class TextBox:
    """A floating text box. `vml_only` writes the pre-2010 VML form only; otherwise
    DrawingML with the VML copy Word adds as its mc:Fallback (read one, not both)."""

    paras: tuple[P, ...]
    vml_only: bool = False
    border_colour: str = "FF0000"


@dataclass(frozen=True, slots=True)
class WordArt:
    """Legacy WordArt: the text lives in an attribute (v:textpath/@string), not in w:t."""

    text: str
    colour: str = "FF0000"


Item = P | Table | TextBox | WordArt


@dataclass(slots=True)
class Document:
    """A word-processing document (docx, odt, rtf, doc). `first_header` is the
    separate first-page header (w:titlePg)."""

    body: list[Item] = field(default_factory=list)
    header: list[Item] = field(default_factory=list)
    first_header: list[Item] = field(default_factory=list)
    footer: list[Item] = field(default_factory=list)
    keywords: str = ""  # docProps/core.xml cp:keywords
    title: str = ""
    fonts: tuple[str, ...] = ()  # extra fonts declared in the font table


@dataclass(slots=True)
class Sheet:
    """A spreadsheet sheet: rows of cell values (a tuple of strings is one rich-text
    cell cut into runs), an optional print header and text boxes drawn over the grid."""

    name: str
    rows: list[list[str | float | tuple[str, ...] | None]] = field(default_factory=list)  # a tuple: rich-text runs
    print_header: str = ""  # the text as the user typed it; the writer adds the &C / font codes
    print_footer: str = ""
    textboxes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Slide:
    """A presentation slide: a title and free shapes (text boxes), each a list of lines."""

    title: str = ""
    shapes: list[list[str]] = field(default_factory=list)
