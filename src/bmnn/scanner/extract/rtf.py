"""Rich Text Format (.rtf), with our own tokenizer.

Why not striprtf: it drops `{\\header}` destinations, where stamps are put
(scanner-notes §2.3: 25/38 stamps found, ours 38/38). What matters here:

- `\\uN` is followed by `\\ucN` fallback characters (default 1) that must be skipped:
  LibreOffice writes "MẬT" as `M\\u7852\\'3fT`; not skipping gives "MẬ?T".
- `\\'hh` bytes are decoded with the code page of the run's font (`\\fcharsetN`) or else
  the document's `\\ansicpgN` (1252 by default, 1258 in Vietnamese files). Runs in
  legacy TCVN3/VNI fonts (".Vn…", "VNI…") are decoded as cp1252 whatever the document
  code page, so they arrive as the surface forms the rules match ("MËT").
- Ignorable destinations `{\\*\\…}`, pictures, field instructions, style sheets and the
  like are skipped with one regex scan to their closing brace (no per-token work on
  image hex); `\\binN` data is jumped over.
- Headers and footers (`\\header`, `\\headerl/r/f`, `\\footer…`) become HEADER/FOOTER
  blocks, footnotes and comments NOTE blocks, `{\\info}` title, subject, keywords,
  category and comment PROPERTY blocks, shape text (`{\\shp…{\\shptxt…}}`)
  TEXTBOX blocks and WordArt text (shape property gtextUNICODE) WORDART blocks; the
  shape's `\\shprslt` rendering is skipped so a text box is not counted twice.
- `\\par`, `\\line`, `\\sect`, `\\page` end a block; `\\cell` ends a CELL block, and a
  paragraph marked `\\intbl` is a CELL block too.
- Font names from `\\fonttbl` go to `Extraction.fonts`; the font and `\\cfN` colour (via
  `\\colortbl`) of a block's first visible text go on the block, `bold`/`caps` when
  all its visible text is `\\b` / `\\caps` (or `\\scaps`), `bordered` when its
  paragraph has a border (`\\box`, `\\brdrt`…).

The tokenizer is one compiled regex matched at increasing offsets: linear in the file.
A file on disk above 1 MB is memory-mapped rather than read.
"""

from __future__ import annotations

import codecs
import mmap
import re

from bmnn.scanner.model import Block, Budget, Container, Extraction, ExtractError, ProblemKind, Source

# The tokenizer. A text run takes plain text (line ends in the file are no text),
# \'hh bytes and, under \uc1 (what Word and LibreOffice write), \uN escapes with their
# one fallback, so a Vietnamese word is one token, not three per letter; under another
# \ucN the escapes go through the control-word path, which counts fallbacks. Outside a
# group's first word, a sequence of control words that change nothing we keep
# (\ltrpar\ql\li0\insrsid123…, most of a Word file) is one token too.
_RUN_UC1 = rb"((?:[^\\{}]+|\\'[0-9a-fA-F]{2}|\\u-?\d{1,6} ?(?:\\'[0-9a-fA-F]{2}|[^\\{}\r\n])?)+)"
_RUN_ANY = rb"((?:[^\\{}]+|\\'[0-9a-fA-F]{2})+)"
_TAIL = (
    rb"|\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # 3 control word, 4 its parameter (the space is the delimiter)
    rb"|\\(.)"  # 5 a control symbol: \\ \{ \} \* \~ \- \_ or \ + newline
    rb"|([{}])"  # 6 group start or end
)
_NO_SKIP = rb"|((?!))"  # group 2, never matching: a group's first word must be seen alone
_WORD_LENGTH = rb"(?![a-zA-Z])"


def _token_patterns(interesting: list[str]) -> dict[tuple[bool, bool], re.Pattern]:
    """(uc is 1, at a group start) → pattern."""
    words = "|".join(sorted(interesting, key=len, reverse=True)).encode("ascii")
    skip = rb"|((?:\\(?!(?:" + words + rb")" + _WORD_LENGTH + rb")[a-zA-Z]{1,32}(?:-?\d{1,10})? ?)+)"
    return {
        (True, False): re.compile(_RUN_UC1 + skip + _TAIL, re.S),
        (True, True): re.compile(_RUN_UC1 + _NO_SKIP + _TAIL, re.S),
        (False, False): re.compile(_RUN_ANY + skip + _TAIL, re.S),
        (False, True): re.compile(_RUN_ANY + _NO_SKIP + _TAIL, re.S),
    }


_UNICODE_ESCAPE_STR = re.compile(r"\\u(-?\d{1,6}) ?(?:\\'[0-9a-fA-F]{2}|[^\\{}\r\n])?")
_ESCAPE_AT_END = re.compile(rb"\\u-?\d{1,6} ?$")
_GROUP_SKIP = re.compile(rb"\\bin(\d{1,10}) ?|\\.|[{}]", re.S)

_CONTEXTS = {
    "header": (Container.HEADER, "header"), "headerl": (Container.HEADER, "headerl"),
    "headerr": (Container.HEADER, "headerr"), "headerf": (Container.HEADER, "headerf"),
    "footer": (Container.FOOTER, "footer"), "footerl": (Container.FOOTER, "footerl"),
    "footerr": (Container.FOOTER, "footerr"), "footerf": (Container.FOOTER, "footerf"),
    "footnote": (Container.NOTE, "footnote"), "annotation": (Container.NOTE, "annotation"),
    "shptxt": (Container.TEXTBOX, "shape"), "dptxbxtext": (Container.TEXTBOX, "shape"),
    # document properties in {\info}: where a template may write the level (scanner-notes §4.3)
    "title": (Container.PROPERTY, "info"), "subject": (Container.PROPERTY, "info"),
    "keywords": (Container.PROPERTY, "info"), "category": (Container.PROPERTY, "info"),
    "doccomm": (Container.PROPERTY, "info"),
}
# Destinations whose content is not document text (or is a duplicate of it)
_SKIP = frozenset(
    "stylesheet pict fldinst listtable listoverridetable rsidtbl generator xmlnstbl themedata "
    "colorschememapping datastore latentstyles mmathPr pgdsctbl filetbl revtbl objdata objclass "
    "listtext pntext pntxta pntxtb bkmkstart bkmkend xe tc txe nonshppict shprslt template docvar "
    "userprops private passwordhash protusertbl blipuid falt panose fchars lchars ftnsep ftnsepc "
    "ftncn aftnsep aftnsepc aftncn pnseclvl picprop wgrffmtfilter defchp defpap".split()
)
# Starred (ignorable) destinations we still descend into
_KEEP_STARRED = frozenset({"shpinst", "annotation", "shptxt", "ud"})

_SYMBOLS = {b"~": "\u00a0", b"_": "\u2011", b"\\": "\\", b"{": "{", b"}": "}", b"-": "", b":": "", b"|": ""}
_WORD_TEXT = {
    "tab": "\t", "emdash": "\u2014", "endash": "\u2013", "emspace": "\u2003", "enspace": "\u2002",
    "qmspace": "\u2005", "bullet": "\u2022", "lquote": "\u2018", "rquote": "\u2019",
    "ldblquote": "\u201c", "rdblquote": "\u201d", "zwj": "", "zwnj": "", "zwbo": "", "zwnbo": "",
}
(_A_UNICODE, _A_BREAK, _A_CELL, _A_TEXT, _A_FONT, _A_BOLD, _A_CAPS, _A_COLOUR, _A_PLAIN, _A_PARD, _A_INTBL,
 _A_BORDER, _A_UC, _A_BIN, _A_ANSICPG, _A_DEFF) = range(16)
_BOLD, _CAPS = 1, 2  # character style bits
_IN_TABLE, _BORDERED = 1, 2  # paragraph bits
_ACTIONS = {
    "u": _A_UNICODE, "par": _A_BREAK, "line": _A_BREAK, "sect": _A_BREAK, "page": _A_BREAK, "row": _A_BREAK,
    "nestrow": _A_BREAK, "cell": _A_CELL, "nestcell": _A_CELL, "f": _A_FONT, "b": _A_BOLD, "cf": _A_COLOUR,
    "caps": _A_CAPS, "scaps": _A_CAPS, "plain": _A_PLAIN, "pard": _A_PARD, "intbl": _A_INTBL,
    "box": _A_BORDER, "brdrt": _A_BORDER, "brdrb": _A_BORDER, "brdrl": _A_BORDER, "brdrr": _A_BORDER,
    "chbrdr": _A_BORDER, "uc": _A_UC, "bin": _A_BIN, "ansicpg": _A_ANSICPG,
    "deff": _A_DEFF, **{word: _A_TEXT for word in _WORD_TEXT},
}
_TOKENS = _token_patterns(list(_ACTIONS))

# \fcharsetN → Windows code page (RTF 1.9.1 spec table)
_CHARSET_CP = {
    77: 10000, 128: 932, 129: 949, 130: 1361, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258,
    177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250, 254: 437, 255: 850,
}
_ANSI_CHARSETS = (0, 1, 2)  # ANSI, default, symbol: the document's \ansicpg decides
_LEGACY_FONT_PREFIXES = (".vn", "vni")  # TCVN3 (.VnTime, .VnTimeH…) and VNI (VNI-Times…) fonts

_FONT_ENTRY = re.compile(rb"\\f(\d+)(?![a-zA-Z])")
_STARRED_GROUP = re.compile(rb"\{\\\*[^{}]*\}")
_CONTROL_WORD = re.compile(rb"\\[a-zA-Z]+-?\d* ?|[{}]")
_HEX = re.compile(rb"\\'([0-9a-fA-F]{2})")
_COLOUR_PART = re.compile(rb"\\(red|green|blue)(\d+)")

MMAP_ABOVE = 1 << 20


def extract_rtf(source: Source, budget: Budget) -> Extraction:
    if source.data is not None:
        return _Parser(source.data, budget).run()
    with source.open() as handle:
        if source.size <= MMAP_ABOVE:
            return _Parser(handle.read(), budget).run()
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _Parser(data, budget).run()


class _Context:
    """Where text is going: the body, a header, a footnote, a shape's text; or a
    capture (shape property name/value) that produces no block of its own."""

    __slots__ = ("container", "part", "pieces", "font", "colour", "style", "capture")

    def __init__(self, container: Container | None, part: str, capture: str = ""):
        self.container = container
        self.part = part
        self.pieces: list[str] = []
        self.font: str | None = None
        self.colour: str | None = None
        self.style = _BOLD | _CAPS  # and-ed with the style of every visible piece
        self.capture = capture


class _Parser:
    def __init__(self, data, budget: Budget):
        self.data = data
        self.budget = budget
        self.extraction = Extraction(kind="rtf")
        self.fonts: dict[int, tuple[str, int]] = {}  # number → (name, charset)
        self.colours: list[str | None] = []
        self.ansi_cp = 1252
        self.default_font = -1
        self.part_index: dict[str, int] = {}
        self.body_blocks = 0
        self.shape_property = ""
        self.font_codecs: dict[int, str] = {}  # font number → codec name, for text runs

    # -- main loop --------------------------------------------------------------------

    def run(self) -> Extraction:
        data = self.data
        if not data[:16].lstrip().startswith(b"{\\rtf"):
            raise ExtractError(ProblemKind.UNREADABLE, "không phải RTF / not RTF")
        body = _Context(Container.BODY, "body")
        ctx = body
        uc, font, style, colour, para, skip_text = 1, -1, 0, 0, 0, False
        stack: list[tuple] = []
        pending_skip = 0  # \uN fallback characters still to drop
        fresh = starred = False  # just after "{" (and "\*"): the next word may name a destination
        pos, end = 0, len(data)
        inside, at_start = _TOKENS[True, False].match, _TOKENS[True, True].match

        while pos < end:
            m = (at_start if fresh else inside)(data, pos)
            if m is None:  # a lone "\" at the very end
                pos += 1
                continue
            pos = m.end()
            kind = m.lastindex
            if kind == 2:  # control words that change nothing we keep
                if pending_skip:
                    pending_skip -= 1
                continue
            if kind == 1:  # a text run
                run = m.group(1)
                if pending_skip:
                    run, pending_skip = _drop_fallback(run, pending_skip)
                if not run.strip(b"\r\n"):
                    continue  # line ends between tokens: not text, and not the end of a group start
                fresh = False
                if skip_text:
                    pending_skip = 1 if uc == 1 and _owes_fallback(run, data, pos) else 0
                    continue
                text, pending_skip = self._decode_run(run, font, data, pos, uc)
                self._add(ctx, text, font, style, colour)
                continue
            if kind == 6:  # brace
                pending_skip = 0
                if m.group(6) == b"{":
                    stack.append((ctx, uc, font, style, colour, para, skip_text))
                    fresh, starred = True, False
                else:
                    fresh = False
                    if not stack:
                        continue  # unbalanced "}": ignore
                    old = ctx
                    ctx, uc, font, style, colour, para, skip_text = stack.pop()
                    inside, at_start = _TOKENS[uc == 1, False].match, _TOKENS[uc == 1, True].match
                    if old is not ctx:
                        self._close(old)
                continue
            if kind == 5:  # control symbol
                symbol = m.group(5)
                if symbol == b"*":
                    starred = True
                    continue
                fresh = False
                if pending_skip:
                    pending_skip -= 1
                    continue
                if symbol in (b"\n", b"\r"):
                    self._break(ctx, para, cell=False)
                elif not skip_text:
                    text = _SYMBOLS.get(symbol)
                    if text:
                        self._add(ctx, text, font, style, colour)
                continue
            # a control word we may act on
            word = m.group(3).decode("ascii")
            param = m.group(4)
            if fresh:
                fresh = False
                if word in _CONTEXTS:
                    container, part = _CONTEXTS[word]
                    ctx, skip_text, para = _Context(container, part), False, 0
                    continue
                if word == "fonttbl" or word == "colortbl" or word in _SKIP or (starred and word not in _KEEP_STARRED):
                    group_end = _group_end(data, pos)
                    if word == "fonttbl":
                        self._read_fonts(data[pos:group_end - 1])
                    elif word == "colortbl":
                        self._read_colours(data[pos:group_end - 1])
                    pos = group_end
                    ctx, uc, font, style, colour, para, skip_text = stack.pop()
                    inside, at_start = _TOKENS[uc == 1, False].match, _TOKENS[uc == 1, True].match
                    continue
                if word == "shpinst" or word == "upr" or word == "info":
                    skip_text = True  # shape properties, the ANSI twin of \ud, author names… are not text
                    continue
                if word == "ud":
                    skip_text = False
                    continue
                if word == "sn" or word == "sv":
                    ctx, skip_text = _Context(None, ctx.part, capture=word), False
                    continue
            if pending_skip and word != "u":
                pending_skip -= 1
                continue
            action = _ACTIONS.get(word)
            if action is None:  # a group's first word that names nothing we know
                continue
            if action == _A_UNICODE:  # only under \ucN with N != 1
                if param is not None:
                    if not skip_text:
                        self._add(ctx, _char(int(param)), font, style, colour)
                    pending_skip = uc
            elif action == _A_BREAK:
                self._break(ctx, para, cell=False)
            elif action == _A_CELL:
                self._break(ctx, para, cell=True)
            elif action == _A_TEXT:
                if not skip_text:
                    self._add(ctx, _WORD_TEXT[word], font, style, colour)
            elif action == _A_FONT:
                if param is not None:
                    font = int(param)
            elif action == _A_BOLD or action == _A_CAPS:
                bit = _BOLD if action == _A_BOLD else _CAPS
                style = style | bit if param is None or param != b"0" else style & ~bit
            elif action == _A_COLOUR:
                colour = int(param) if param is not None else 0
            elif action == _A_PLAIN:
                font, style, colour = self.default_font, 0, 0
            elif action == _A_PARD:
                para = 0
            elif action == _A_INTBL:
                para |= _IN_TABLE
            elif action == _A_BORDER:
                para |= _BORDERED
            elif param is None:
                continue
            elif action == _A_UC:
                uc = max(0, int(param))
                inside, at_start = _TOKENS[uc == 1, False].match, _TOKENS[uc == 1, True].match
            elif action == _A_BIN:
                pos += max(0, int(param))
            elif action == _A_ANSICPG:
                self.ansi_cp = int(param)
                self.font_codecs.clear()
            elif action == _A_DEFF:
                self.default_font = font = int(param)

        while stack:  # unclosed groups at the end of a truncated file
            old = ctx
            ctx = stack.pop()[0]
            if old is not ctx:
                self._close(old)
        self._close(body)
        self.extraction.fonts.update(name for name, _charset in self.fonts.values() if name)
        return self.extraction

    def _decode_run(self, run: bytes, font: int, data, after: int, uc: int) -> tuple[str, int]:
        """A text run: literal bytes and \\'hh in the run font's code page, each \\uN (under
        \\uc1) as its character with its fallback dropped. Returns the text and how many
        fallback characters are still owed (1 when the run ends on an escape whose
        fallback is a control word, as in `\\u8220\\ldblquote`)."""
        codec = self.font_codecs.get(font) or self._font_codec(font)
        if b"\\u" not in run or uc != 1:
            return _literal(run, codec), 0
        owed = 1 if _owes_fallback(run, data, after) else 0
        # Split on str (latin-1 maps each byte to one character): literal, digits, …
        parts = _UNICODE_ESCAPE_STR.split(run.decode("latin-1"))
        parts[1::2] = map(_CHARS.__getitem__, parts[1::2])
        literals = "".join(parts[0::2])
        if literals.isascii() and "\\'" not in literals and "\r" not in literals and "\n" not in literals:
            return "".join(parts), owed  # the usual case: plain ASCII between the escapes
        parts[0::2] = [_literal(part.encode("latin-1"), codec) for part in parts[0::2]]
        return "".join(parts), owed

    # -- text and blocks --------------------------------------------------------------

    def _add(self, ctx: _Context, text: str, font: int, style: int, colour: int) -> None:
        ctx.pieces.append(text)
        if ctx.font is None and not text.isspace():
            entry = self.fonts.get(font)
            ctx.font = entry[0] if entry else ""
            ctx.colour = self.colours[colour] if 0 < colour < len(self.colours) else None
        if style != _BOLD | _CAPS and not text.isspace():
            ctx.style &= style

    def _break(self, ctx: _Context, para: int, *, cell: bool) -> None:
        if ctx.capture:
            ctx.pieces.append("\n")
            return
        container = ctx.container
        if container is Container.BODY and (cell or para & _IN_TABLE):
            container = Container.CELL
        self._emit(ctx, container, bordered=bool(para & _BORDERED))

    def _close(self, ctx: _Context) -> None:
        if ctx.capture == "sn":
            self.shape_property = "".join(ctx.pieces).strip().lower()
        elif ctx.capture == "sv":
            if self.shape_property == "gtextunicode":
                self._emit(ctx, Container.WORDART)
        else:
            self._emit(ctx, ctx.container)

    def _emit(self, ctx: _Context, container: Container, *, bordered: bool = False) -> None:
        pieces = ctx.pieces
        if not pieces:
            return
        text = "".join(pieces)
        if any("\ud800" <= ch <= "\udfff" for ch in text if ch >= "\ud800"):
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        text = text.strip()
        font, colour, style = ctx.font, ctx.colour, ctx.style
        pieces.clear()
        ctx.font, ctx.colour, ctx.style = None, None, _BOLD | _CAPS
        if not text:
            return
        if container is Container.BODY:
            self.body_blocks += 1
            if not self.budget.full and self.body_blocks > self.budget.stamp_blocks:
                return
        part = "shape" if container is Container.WORDART else ctx.part
        index = self.part_index.get(part, 0)
        self.part_index[part] = index + 1
        self.extraction.blocks.append(Block(text=text, container=container, part=part, index=index,
                                            bold=bool(style & _BOLD), caps=bool(style & _CAPS), colour=colour,
                                            font=font or None, bordered=bordered))

    # -- code pages, fonts and colours ------------------------------------------------

    def _font_codec(self, font: int) -> str:
        codec = self.font_codecs[font] = self._codec(self._font_cp(font))
        return codec

    def _font_cp(self, font: int) -> int:
        entry = self.fonts.get(font)
        if entry is None:
            return self.ansi_cp
        if entry[0].lower().startswith(_LEGACY_FONT_PREFIXES):
            return 1252  # TCVN3/VNI bytes: keep the cp1252 surface forms the rules match
        if entry[1] in _ANSI_CHARSETS:
            return self.ansi_cp
        return _CHARSET_CP.get(entry[1], self.ansi_cp)

    @staticmethod
    def _codec(cp: int, _cache: dict[int, str] = {}) -> str:  # noqa: B006 - a deliberate memo
        name = _cache.get(cp)
        if name is None:
            name = "cp1252"
            for candidate in (f"cp{cp}", "mac_roman" if cp == 10000 else ""):
                if candidate:
                    try:
                        name = codecs.lookup(candidate).name
                        break
                    except LookupError:
                        continue
            _cache[cp] = name
        return name

    def _read_fonts(self, table: bytes) -> None:
        """`{\\f0\\froman\\fcharset163 Times New Roman;}{\\f1 .VnTimeH;}` (entries may
        also run on without braces). Alternative names and panose are dropped."""
        table = _STARRED_GROUP.sub(b"", table)
        entries = list(_FONT_ENTRY.finditer(table))
        for i, entry in enumerate(entries):
            chunk = table[entry.end():entries[i + 1].start() if i + 1 < len(entries) else len(table)]
            charset_match = re.search(rb"\\fcharset(\d+)", chunk)
            charset = int(charset_match.group(1)) if charset_match else 0
            cp = _CHARSET_CP.get(charset, self.ansi_cp) if charset not in _ANSI_CHARSETS else self.ansi_cp
            raw = _HEX.sub(lambda hm: bytes([int(hm.group(1), 16)]), chunk)
            raw = _CONTROL_WORD.sub(b"", raw).split(b";", 1)[0]
            name = raw.decode(self._codec(cp), "replace").strip()
            self.fonts[int(entry.group(1))] = (name, charset)

    def _read_colours(self, table: bytes) -> None:
        """`;\\red255\\green0\\blue0;`: entry 0 (before the first ";") is "auto"."""
        for entry in table.split(b";")[:-1] if table.rstrip().endswith(b";") else table.split(b";"):
            parts = {name: int(value) for name, value in _COLOUR_PART.findall(entry)}
            if parts:
                self.colours.append("%02X%02X%02X" % (parts.get(b"red", 0) & 255, parts.get(b"green", 0) & 255,
                                                      parts.get(b"blue", 0) & 255))
            else:
                self.colours.append(None)


def _literal(part: bytes, codec: str) -> str:
    """Run bytes without \\uN escapes: drop the file's line ends, turn \\'hh into bytes,
    decode the lot (so a DBCS pair or a cp1258 letter + tone mark stay together)."""
    if not part:
        return ""
    if b"\r" in part or b"\n" in part:
        part = part.translate(None, b"\r\n")
    if b"\\'" in part:
        pieces = part.split(b"\\'")
        part = pieces[0] + b"".join([bytes((int(piece[:2], 16),)) + piece[2:] for piece in pieces[1:]])
    return part.decode(codec, "replace")


def _drop_fallback(run: bytes, count: int) -> tuple[bytes, int]:
    """Drop up to `count` fallback characters (a byte, or a \\'hh) from a run's start."""
    while count and run:
        if run[:1] in b"\r\n":
            run = run.lstrip(b"\r\n")
            continue
        run = run[4:] if run.startswith(b"\\'") else run[1:]
        count -= 1
    return run, count


def _owes_fallback(run: bytes, data, after: int) -> bool:
    return bool(_ESCAPE_AT_END.search(run, max(0, len(run) - 10))) and data[after:after + 1] == b"\\"


def _char(value: int) -> str:
    """\\uN is a signed 16-bit code unit (surrogate halves are joined at block end)."""
    return chr(value & 0xFFFF) if -32768 <= value <= 65535 else "\ufffd"


class _CharTable(dict):
    """"7852" → "Ậ", filled on first use: the lookups then stay in C."""

    def __missing__(self, key: str) -> str:
        value = self[key] = _char(int(key))
        return value


_CHARS = _CharTable()


def _group_end(data, pos: int) -> int:
    """The offset just after the "}" closing the group we are in at `pos`, skipping
    escaped braces and \\bin data; the end of the data for a truncated file."""
    depth = 1
    search = _GROUP_SKIP.search
    while True:
        m = search(data, pos)
        if m is None:
            return len(data)
        pos = m.end()
        byte = data[m.start()]
        if byte == 0x7B:
            depth += 1
        elif byte == 0x7D:
            depth -= 1
            if depth == 0:
                return pos
        elif m.group(1) is not None:  # \binN: jump over the raw bytes
            pos += int(m.group(1))
