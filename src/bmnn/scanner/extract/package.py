"""Shared machinery of the zip-packaged XML readers (OOXML in ooxml.py, ODF in odf.py).

`Package` opens the zip and inflates only the parts a reader asks for, within the
budget: a part whose declared inflation ratio is hostile is a bomb; a part above
`max_part_bytes` is read up to the cap in stamp mode (the top of a part is where
stamps sit, and the byte tokenisers do not mind a cut) and refused as too large in
full mode (full mode promises everything, so it must say when it cannot). Media are
never inflated because nobody asks for them.

`Paragraph` and `Sink` turn tokenised runs into `Block`s the same way for every
format: a line break starts a new block, whitespace-only lines are dropped, the
block takes its font from its first non-space run and its bold and colour when the
runs agree, and stamp mode keeps only the first `stamp_blocks` body and note blocks
of each part (headers, footers, text boxes, cells, WordArt and properties always).
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib

from bmnn.scanner.model import Block, Budget, Container, ExtractError, ProblemKind, Source

# Below this inflated size a part cannot hurt, whatever its ratio: a short run of
# empty rows compresses far better than 100:1 and is not an attack.
BOMB_FLOOR = 1 << 20

# Containers counted against `stamp_blocks` in stamp mode; all others are always read.
LIMITED = frozenset({Container.BODY, Container.NOTE})

# Run properties: (bold, colour, font, caps). `None` means "not said here".
RunProps = tuple[bool | None, str | None, str | None, bool | None]
PLAIN: RunProps = (False, None, None, False)


def unreadable(detail_vi: str, detail_en: str) -> ExtractError:
    return ExtractError(ProblemKind.UNREADABLE, f"{detail_vi} / {detail_en}")


class Package:
    """A zip package opened for reading some of its parts. Use as a context manager."""

    def __init__(self, source: Source, budget: Budget):
        self.budget = budget
        self.inflated = 0
        self._handle = source.open()
        try:
            self._zip = zipfile.ZipFile(self._handle)
            self.infos = {info.filename: info for info in self._zip.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
            self._handle.close()
            raise unreadable("Tệp hỏng: không phải gói zip đọc được",
                             f"corrupt file: not a readable zip package ({type(exc).__name__})") from None

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *_exc) -> None:
        self._zip.close()
        self._handle.close()

    @property
    def names(self) -> list[str]:
        return list(self.infos)

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes | None:
        """The part's bytes as UTF-8 XML (a UTF-16 part is re-encoded), None when absent."""
        info = self.infos.get(name)
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise ExtractError(ProblemKind.ENCRYPTED,
                               f"Gói zip được mã hóa ({name}) / zip package is encrypted ({name})")
        size = info.file_size
        if size > BOMB_FLOOR and size > self.budget.archive_ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise ExtractError(
                ProblemKind.BOMB,
                f"Phần {name} nở {ratio:.0f} lần, vượt ngưỡng {self.budget.archive_ratio:.0f} / "
                f"part {name} inflates {ratio:.0f}x, above the {self.budget.archive_ratio:.0f}x limit")
        limit = self._limit(name, size)
        if limit <= 0:
            return None
        try:
            with self._zip.open(info) as part:
                data = part.read(limit)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise unreadable(f"Tệp hỏng: không giải nén được phần {name}",
                             f"corrupt file: part {name} does not inflate ({type(exc).__name__})") from None
        except RuntimeError as exc:  # zipfile says "password required" for an encrypted member
            raise ExtractError(ProblemKind.ENCRYPTED,
                               f"Phần {name} được mã hóa / part {name} is encrypted") from exc
        self.inflated += len(data)
        return as_utf8(data)

    def _limit(self, name: str, size: int) -> int:
        """How many bytes of this part to inflate: all of it, the cap (stamp mode), or refuse (full mode)."""
        budget = self.budget
        room = budget.archive_total_bytes - self.inflated
        if size <= budget.max_part_bytes and size <= room:
            return size
        if budget.full:
            if size > budget.max_part_bytes:
                raise ExtractError(
                    ProblemKind.TOO_LARGE,
                    f"Phần {name} {size} byte, vượt giới hạn {budget.max_part_bytes} byte / "
                    f"part {name} is {size} bytes, above the {budget.max_part_bytes}-byte limit")
            raise ExtractError(
                ProblemKind.TOO_LARGE,
                f"Các phần giải nén vượt {budget.archive_total_bytes} byte / "
                f"inflated parts exceed {budget.archive_total_bytes} bytes")
        return min(size, budget.max_part_bytes, room)


_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([\w.:-]+)["']""")


def as_utf8(data: bytes) -> bytes:
    """XML parts are UTF-8 nearly always; UTF-16 (BOM or `<\\0`) and a declared legacy
    encoding are re-encoded so the byte tokenisers see one form."""
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if data[0] == 0x3C else "utf-16-be")
        return data.decode(encoding, "replace").encode("utf-8")
    declared = _XML_ENCODING.match(data[:200])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        try:
            return data.decode(declared.group(1).decode("ascii"), "replace").encode("utf-8")
        except LookupError:
            return data
    return data


def text_of(raw: bytes) -> str:
    """Character data of an XML element: UTF-8 decoded, entities (named and numeric) resolved."""
    text = raw.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


_ATTR_PATTERNS: dict[bytes, re.Pattern[bytes]] = {}


def attr(attrs: bytes, name: bytes) -> str | None:
    """The value of one attribute (`name` with its prefix, e.g. b"w:val") in a tag's attribute bytes."""
    pattern = _ATTR_PATTERNS.get(name)
    if pattern is None:
        pattern = _ATTR_PATTERNS[name] = re.compile(
            rb"(?<![\w:.-])" + re.escape(name) + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""")
    found = pattern.search(attrs)
    if found is None:
        return None
    raw = found.group(1)
    return text_of(raw if raw is not None else found.group(2))


class Paragraph:
    """A paragraph being read: finished lines plus the current one, each a list of
    (text, run properties) segments."""

    __slots__ = ("container", "bordered", "lines", "segments", "run", "extra")

    def __init__(self, container: Container, bordered: bool = False, run: RunProps = PLAIN):
        self.container = container
        self.bordered = bordered
        self.lines: list[list[tuple[str, RunProps]]] = []
        self.segments: list[tuple[str, RunProps]] = []
        self.run = run  # the properties of the run being read
        self.extra = None  # per-format state (ODF: the span style stack)

    def add(self, text: str, props: RunProps | None = None) -> None:
        props = self.run if props is None else props
        if props[3]:
            text = text.upper()  # "all caps" formatting: the reader sees capitals
        self.segments.append((text, props))

    def breakline(self) -> None:
        self.lines.append(self.segments)
        self.segments = []


class Sink:
    """Collects one part's blocks in order, numbering them and applying the stamp-mode limit."""

    def __init__(self, out: list[Block], budget: Budget, part: str, page: int | None = None,
                 fonts: set[str] | None = None):
        self.out = out
        self.part = part
        self.page = page
        self.fonts = fonts
        self.index = 0
        self.limited = 0
        self.cap = float("inf") if budget.full else budget.stamp_blocks  # body and note blocks read per part

    def reset(self, part: str, page: int | None = None) -> None:
        self.part, self.page, self.index, self.limited = part, page, 0, 0

    def paragraph(self, para: Paragraph) -> None:
        if para.lines:
            for segments in para.lines:
                self.line(segments, para.container, para.bordered)
        self.line(para.segments, para.container, para.bordered)

    def line(self, segments: list[tuple[str, RunProps]], container: Container, bordered: bool) -> None:
        if not segments:
            return
        if len(segments) == 1:  # the common case: one run
            text, props = segments[0]
            text = text.strip()
            if text:
                self.block(text, container, bool(props[0]), props[1], props[2], bordered)
            return
        text = "".join([piece for piece, _ in segments]).strip()
        if not text:
            return
        bold, colour, font, first = True, None, None, True
        for piece, props in segments:
            if not piece or piece.isspace():
                continue
            if first:
                colour, font, first = props[1], props[2], False
            elif props[1] != colour:
                colour = None
            if not props[0]:
                bold = False
        self.block(text, container, bold and not first, colour, font, bordered)

    def block(self, text: str, container: Container, bold: bool = False, colour: str | None = None,
              font: str | None = None, bordered: bool = False) -> None:
        if container in LIMITED:
            if self.limited >= self.cap:
                return
            self.limited += 1
        if font and self.fonts is not None:
            self.fonts.add(font)
        self.out.append(Block(text, container, self.part, self.index, self.page, None, bold, colour, font, bordered))
        self.index += 1


_DROP_PATTERNS: dict[bytes, re.Pattern[bytes]] = {}


def drop_elements(data: bytes, name: bytes) -> bytes:
    """`data` without any `<name>…</name>` element, nesting respected. Used to skip
    `mc:Fallback`, which repeats the text of its `mc:Choice` (Word's VML copy of a
    DrawingML text box) and would otherwise be counted twice."""
    if b"<" + name not in data:
        return data
    pattern = _DROP_PATTERNS.get(name)
    if pattern is None:
        pattern = _DROP_PATTERNS[name] = re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s/>])([^>]*)>")
    kept: list[bytes] = []
    depth = 0
    start = 0
    for tag in pattern.finditer(data):
        if tag.group(1):
            if depth:
                depth -= 1
                if depth == 0:
                    start = tag.end()
        elif not tag.group(2).endswith(b"/"):
            if depth == 0:
                kept.append(data[start:tag.start()])
            depth += 1
    if depth == 0:
        kept.append(data[start:])
    return b"".join(kept)


def split_lines(sink: Sink, text: str, container: Container, props: RunProps = PLAIN,
                bordered: bool = False) -> None:
    """One block per non-empty line of a plain string (a cell, a property, a header section)."""
    if props[3]:
        text = text.upper()
    if "\n" not in text and "\r" not in text:
        text = text.strip()
        if text:
            sink.block(text, container, bool(props[0]), props[1], props[2], bordered)
        return
    for line in text.splitlines():
        line = line.strip()
        if line:
            sink.block(line, container, bool(props[0]), props[1], props[2], bordered)
