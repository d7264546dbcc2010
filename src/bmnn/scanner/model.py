"""The shapes the scanner's parts pass to each other.

An extractor turns one file into `Block`s (a paragraph, a table cell, a text-box
paragraph, a header line…) that keep *where* the text was, because a stamp is told
from prose by its place and its shape, not by the word "mật" (scanner-notes §4.2).
The rules turn blocks into a `FileResult` with its `Mark`s; anything that stopped the
scanner from reading a file is a `Problem`. Nothing here imports Django.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO


class Container(StrEnum):
    """Where a block sits in its document."""

    BODY = "body"  # an ordinary paragraph, a PDF text line, a line of a text file
    CELL = "cell"  # a table or spreadsheet cell
    TEXTBOX = "textbox"  # a text box or shape (DrawingML, VML, ODF frame, slide shape)
    HEADER = "header"  # page header, first-page header, sheet print header
    FOOTER = "footer"
    NOTE = "note"  # footnote, endnote, comment, speaker notes
    WORDART = "wordart"  # VML text path
    PROPERTY = "property"  # document properties (keywords, category, custom)
    TITLE = "title"  # slide title placeholder
    FILENAME = "filename"  # the file's own name (a review hint only)


class ProblemKind(StrEnum):
    UNREADABLE = "unreadable"  # corrupt or not what its content claims
    ENCRYPTED = "encrypted"  # password-protected: reported, never guessed
    NEEDS_OCR = "needs_ocr"  # pages or images without a text layer, OCR not run
    TOO_LARGE = "too_large"  # above the size budget for its type
    TIMEOUT = "timeout"  # the parser ran past its time budget and was stopped
    MEMORY = "memory"  # the parser went past its memory budget and was stopped
    CRASHED = "crashed"  # the parser process died
    BOMB = "bomb"  # an archive whose expansion ratio, size or depth is hostile
    DENIED = "denied"  # the operating system refused to open it
    UNSUPPORTED = "unsupported"  # a format the scanner recognises but does not read (rar, 7z…)
    LINK = "link"  # a link or junction not followed (it leads out of the roots or loops)


class Level(StrEnum):
    MAT = "MAT"
    TOI_MAT = "TOI_MAT"
    TUYET_MAT = "TUYET_MAT"


LEVEL_ORDER = {Level.MAT: 1, Level.TOI_MAT: 2, Level.TUYET_MAT: 3}


class Tier(StrEnum):
    MARKED = "marked"  # confident: the file bears a secrecy stamp
    REVIEW = "review"  # a person should look


@dataclass(slots=True)
class Block:
    """One unit of text with its place. `index` counts blocks from the top of their
    part (0 = first); `y` is the vertical position on its page, 0.0 top to 1.0 bottom,
    when the format knows it (PDF)."""

    text: str
    container: Container = Container.BODY
    part: str = ""  # e.g. "word/header1.xml", "page 1", "Sheet1"
    index: int = 0
    page: int | None = None
    y: float | None = None
    bold: bool = False
    colour: str | None = None  # "FF0000"
    font: str | None = None  # the run's font name when known (".VnTimeH", "VNI-Times")
    bordered: bool = False
    caps: bool = False  # drawn in capitals by formatting (w:caps, fo:text-transform uppercase): "Tối mật" shows "TỐI MẬT"


@dataclass(slots=True)
class Extraction:
    """What an extractor read from one file."""

    kind: str  # the detected type: "docx", "pdf", "doc", "txt", …
    blocks: list[Block] = field(default_factory=list)
    fonts: set[str] = field(default_factory=set)  # every font name the file declares
    pages: int | None = None
    encrypted: bool = False
    needs_ocr: bool = False  # some pages or images carry no text layer
    ocr_detail: str = ""  # which pages, when needs_ocr
    members: list[Source] = field(default_factory=list)  # an archive's files, for the pipeline to scan
    problems: list[Problem] = field(default_factory=list)  # parts it could not read (an encrypted archive member…)


class ExtractError(Exception):
    """An extractor could not read the file; `kind` says why (a ProblemKind)."""

    def __init__(self, kind: ProblemKind, detail: str):
        super().__init__(detail)
        self.kind = ProblemKind(kind)
        self.detail = detail


@dataclass(slots=True)
class Source:
    """A file to read: on disk (`path`) or an archive member held in memory (`data`).
    `name` is what the report shows: `archive.zip!inner/path.docx` for a member."""

    name: str
    size: int
    path: Path | None = None
    data: bytes | None = None
    depth: int = 0  # 0 on disk, 1 inside one archive, …

    @classmethod
    def from_path(cls, path: Path | str) -> Source:
        path = Path(path)
        return cls(name=str(path), size=path.stat().st_size, path=path)

    @classmethod
    def from_bytes(cls, name: str, data: bytes, depth: int = 0) -> Source:
        return cls(name=name, size=len(data), data=data, depth=depth)

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        return open(self.path, "rb")  # noqa: SIM115 - the caller closes it

    def read(self, limit: int | None = None) -> bytes:
        if self.data is not None:
            return self.data if limit is None else self.data[:limit]
        with open(self.path, "rb") as handle:
            return handle.read() if limit is None else handle.read(limit)

    def head(self, n: int = 8192) -> bytes:
        return self.read(n)

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.name.rsplit("!", 1)[-1])[1].lower()


@dataclass(slots=True)
class Mark:
    """One piece of evidence: the stamp line as found (at most 80 characters; never
    the text around it), where, and which rule recognised it."""

    line: str
    rule: str  # "P1", "P2", "P3", "A1"…"A5", "NAME"
    score: float
    level: Level | None  # None for marks that are not a level (Bản sao số, thu hồi…)
    container: Container
    part: str = ""
    page: int | None = None

    def as_json(self) -> dict:
        return {"line": self.line, "rule": self.rule, "score": round(self.score, 2),
                "level": self.level.value if self.level else None, "container": self.container.value,
                "part": self.part, "page": self.page}


@dataclass(slots=True)
class Verdict:
    """The rules' answer for one file: the highest level found, its tier and score."""

    level: Level | None
    tier: Tier | None
    score: float
    marks: list[Mark] = field(default_factory=list)


@dataclass(slots=True)
class Problem:
    path: str
    kind: ProblemKind
    detail: str

    def as_json(self) -> dict:
        return {"path": self.path, "kind": self.kind.value, "detail": self.detail}


@dataclass(slots=True)
class Budget:
    """Limits one file's reading must respect. The pipeline enforces time and memory
    from outside (it kills the worker); extractors honour the sizes and `full`."""

    full: bool = False  # False: stamp mode, only where stamps are put (headers, boxes, cells, first blocks, PDF pages 1-2 and last)
    ocr: bool = False
    ocr_seconds: float = 10.0
    max_file_bytes: int = 512 * 1024 * 1024  # above this a file is too_large (its type permitting streaming aside)
    max_part_bytes: int = 64 * 1024 * 1024  # one inflated XML part, one OLE stream, one archive member
    max_pages: int = 3  # PDF pages read in stamp mode: 1, 2 and the last
    stamp_blocks: int = 40  # body blocks from the top read in stamp mode (headers, boxes and cells always)
    archive_depth: int = 2
    archive_ratio: float = 100.0  # inflated / compressed above this is a bomb
    archive_total_bytes: int = 256 * 1024 * 1024
    seconds: float = 10.0  # per file; PDF gets pdf_seconds
    pdf_seconds: float = 30.0
    memory_bytes: int = 500 * 1024 * 1024  # a worker above this RSS is stopped and respawned
