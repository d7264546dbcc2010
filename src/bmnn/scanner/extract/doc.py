"""Word 97–2003 binary documents (.doc), read from the piece table (MS-DOC).

The text of a .doc is one character-position (CP) stream cut into pieces, each stored
either as 8-bit cp1252 ("compressed") or UTF-16 in the WordDocument stream; the CLX
in the table stream (0Table or 1Table, by the FIB's fWhichTblStm bit) lists them. The
stream holds the stories one after another, in the order and lengths the FIB gives:
main text, footnotes, headers/footers, macro text, comments, endnotes, text boxes and
header text boxes. Stamps sit in headers, text boxes and cells (scanner-notes §3.3),
so every story is read; text-box stories are at the end of the stream, which is why
antiword (main text only) misses them. Measured at ~0.34 ms/file (§6).

Word 6/95 files (nFib below 0xC0, a different FIB and piece table) are reported
UNSUPPORTED rather than misread.

Not read: character properties (so `Block.font` stays None; the document's font
table still fills `Extraction.fonts` for legacy-font detection), and a paragraph's
in-table flag: a cell is a segment ended by the cell mark \\x07, so in a cell of
several paragraphs only the last one is a CELL block and the others are BODY blocks.
"""

from __future__ import annotations

import re
import struct

from bmnn.scanner.extract.ole import open_ole, property_blocks, read_stream, stream_names
from bmnn.scanner.model import Block, Budget, Container, Extraction, ExtractError, ProblemKind, Source

_WORD_IDENT = 0xA5EC
_WORD97_NFIB = 0x00C0  # Word 6 writes 101, Word 95 104; Word 97–2003 and later 193 (0xC1)
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
_F_OBFUSCATED = 0x8000  # XOR obfuscation: still unreadable without the password

# FibRgFcLcb97 slots used here (MS-DOC 2.5.6): index of the (fc, lcb) pair
_PLCF_HDD, _STTBF_FFN, _CLX = 11, 15, 33

# Story order in the CP stream and where its blocks go. "headers" is split further
# into header and footer stories by the PlcfHdd.
_STORIES = (
    ("main", Container.BODY),
    ("footnotes", Container.NOTE),
    ("headers", Container.HEADER),
    ("macros", None),  # ccpMcr: unused since Word 97, skipped
    ("comments", Container.NOTE),
    ("endnotes", Container.NOTE),
    ("textboxes", Container.TEXTBOX),
    ("header textboxes", Container.TEXTBOX),
)

# Per section the header document holds six stories in this order (MS-DOC 2.9.179);
# the first six stories of the document are footnote/endnote separators.
_HDD_KINDS = (Container.HEADER, Container.HEADER, Container.FOOTER, Container.FOOTER, Container.HEADER, Container.FOOTER)

# Paragraph ends (\r), cell ends (\x07), line breaks (\x0b), page/section breaks (\x0c)
_BREAKS = re.compile(r"([\r\x07\x0b\x0c])")
# Field begin/separator/end, anchors and other specials that are not text
_SPECIALS = re.compile(r"[\x00-\x06\x08\x0e-\x1f]")
MAX_FIELD_NESTING = 16
_FIELD = re.compile(r"\x13[^\x13\x14\x15]*(?:\x14|\x15)|\x15")  # innermost field instruction


def extract_doc(source: Source, budget: Budget) -> Extraction:
    with open_ole(source) as ole:
        names = stream_names(ole)
        if "worddocument" not in names:
            raise ExtractError(ProblemKind.UNREADABLE, "không có luồng WordDocument / no WordDocument stream")
        word = read_stream(ole, "WordDocument", budget)
        fib = _Fib(word)
        if fib.encrypted:
            return Extraction(kind="doc", encrypted=True)
        if fib.nfib < _WORD97_NFIB:
            raise ExtractError(ProblemKind.UNSUPPORTED, "Word 6/95: định dạng trước Word 97 chưa đọc / not read")
        table_name = "1Table" if fib.which_table else "0Table"
        if table_name.lower() not in names:
            raise ExtractError(ProblemKind.UNREADABLE, f"không có luồng {table_name} / no {table_name} stream")
        table = read_stream(ole, table_name, budget)
        properties = property_blocks(ole)
    text = _piece_text(word, table, fib, budget)
    extraction = Extraction(kind="doc", fonts=_font_names(table, fib), blocks=properties)
    _emit_stories(extraction, text, table, fib, budget)
    return extraction


class _Fib:
    """The few FIB fields needed, located through csw/cslw/cbRgFcLcb so files from
    later Word versions (longer FIBs) are read the same way."""

    def __init__(self, word: bytes):
        try:
            ident, self.nfib, _unused, _lid, _pn_next, flags = struct.unpack_from("<HHHHHH", word, 0)
            if ident != _WORD_IDENT:
                raise ExtractError(ProblemKind.UNREADABLE, "FIB không hợp lệ / bad FIB signature")
            self.encrypted = bool(flags & (_F_ENCRYPTED | _F_OBFUSCATED))
            self.which_table = bool(flags & _F_WHICH_TABLE)
            pos = 32
            csw = struct.unpack_from("<H", word, pos)[0]
            pos += 2 + 2 * csw
            cslw = struct.unpack_from("<H", word, pos)[0]
            lw = pos + 2
            # ccpText … ccpHdrTxbx: FibRgLw97 longs 3 to 10
            self.ccp = struct.unpack_from("<8i", word, lw + 12) if cslw >= 11 else (0,) * 8
            pos = lw + 4 * cslw
            self.fc_lcb_count = struct.unpack_from("<H", word, pos)[0]
            self.fc_lcb_at = pos + 2
            self.word = word
        except struct.error as error:
            raise ExtractError(ProblemKind.UNREADABLE, "FIB bị cắt cụt / truncated FIB") from error
        if any(count < 0 for count in self.ccp):
            raise ExtractError(ProblemKind.UNREADABLE, "FIB hỏng / corrupt FIB counts")

    def slot(self, index: int) -> tuple[int, int]:
        """(fc, lcb) of a FibRgFcLcb entry; (0, 0) when the FIB is too short for it."""
        if index >= self.fc_lcb_count:
            return 0, 0
        try:
            return struct.unpack_from("<II", self.word, self.fc_lcb_at + 8 * index)
        except struct.error:
            return 0, 0


def _piece_text(word: bytes, table: bytes, fib: _Fib, budget: Budget) -> str:
    """The whole CP stream, decoded piece by piece (MS-DOC 2.4.1 "Retrieving Text")."""
    fc, lcb = fib.slot(_CLX)
    clx = table[fc:fc + lcb]
    if not lcb or len(clx) != lcb:
        raise ExtractError(ProblemKind.UNREADABLE, "không có bảng đoạn (CLX) / no piece table")
    plcpcd = _plcpcd(clx)
    count = (len(plcpcd) - 4) // 12
    if count <= 0 or (len(plcpcd) - 4) % 12:
        raise ExtractError(ProblemKind.UNREADABLE, "bảng đoạn hỏng / corrupt piece table")
    cps = struct.unpack_from(f"<{count + 1}i", plcpcd, 0)
    if sum(fib.ccp) > cps[-1]:
        raise ExtractError(ProblemKind.UNREADABLE, "FIB và bảng đoạn không khớp / FIB counts beyond the piece table")
    wanted = sum(fib.ccp) + 1  # enough for every story and the guard mark
    if wanted * 2 > budget.max_part_bytes:
        raise ExtractError(ProblemKind.TOO_LARGE, f"văn bản quá dài / text too long: {wanted} chars")
    parts: list[str] = []
    for i in range(count):
        start, end = cps[i], cps[i + 1]
        if start >= wanted:
            break
        length = min(end, wanted) - start
        if length <= 0:
            continue
        fc_value = struct.unpack_from("<I", plcpcd, 4 * (count + 1) + 8 * i + 2)[0]
        if fc_value & 0x40000000:  # compressed: 8-bit cp1252 at fc/2
            offset = (fc_value & 0x3FFFFFFF) // 2
            raw = word[offset:offset + length]
            parts.append(raw.decode("cp1252", errors="replace"))
        else:
            offset = fc_value & 0x3FFFFFFF
            raw = word[offset:offset + 2 * length]
            parts.append(raw.decode("utf-16-le", errors="replace"))
        if len(raw) < (length if fc_value & 0x40000000 else 2 * length):
            raise ExtractError(ProblemKind.UNREADABLE, "đoạn văn bản vượt ra ngoài tệp / piece beyond the stream")
    return "".join(parts)


def _plcpcd(clx: bytes) -> bytes:
    """Skip the Prc (property modifier) entries, return the Pcdt's PlcPcd."""
    pos = 0
    try:
        while clx[pos] == 0x01:  # cbGrpprl read unsigned: the walk only moves forward
            pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
        if clx[pos] != 0x02:
            raise ExtractError(ProblemKind.UNREADABLE, "CLX hỏng / corrupt CLX")
        lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    except (IndexError, struct.error) as error:
        raise ExtractError(ProblemKind.UNREADABLE, "CLX bị cắt cụt / truncated CLX") from error
    return clx[pos + 5:pos + 5 + lcb]


def _emit_stories(extraction: Extraction, text: str, table: bytes, fib: _Fib, budget: Budget) -> None:
    start = 0
    for (name, container), count in zip(_STORIES, fib.ccp):
        story = text[start:start + count]
        if container is Container.HEADER:
            for sub_container, sub_text in _header_stories(story, table, fib):
                _emit(extraction, sub_text, sub_container, "headers", budget)
        elif container is not None:
            _emit(extraction, story, container, name, budget)
        start += count


def _header_stories(story: str, table: bytes, fib: _Fib) -> list[tuple[Container, str]]:
    """Cut the header document into its header and footer stories by the PlcfHdd;
    without one, the whole document counts as header."""
    fc, lcb = fib.slot(_PLCF_HDD)
    plc = table[fc:fc + lcb]
    if lcb < 8 or len(plc) != lcb or lcb % 4:
        return [(Container.HEADER, story)] if story else []
    cps = struct.unpack(f"<{lcb // 4}i", plc)
    out = []
    for i in range(6, len(cps) - 1):
        if cps[i + 1] > cps[i] >= 0:
            out.append((_HDD_KINDS[(i - 6) % 6], story[cps[i]:cps[i + 1]]))
    return out


def _emit(extraction: Extraction, story: str, container: Container, part: str, budget: Budget) -> None:
    """Split a story into paragraphs (\\r), cells (\\x07) and lines; stamp mode keeps
    only the first `stamp_blocks` BODY blocks of the main text (cells, headers,
    footers, notes and text boxes are all kept)."""
    if "\x13" in story or "\x15" in story:
        story = _strip_fields(story)
    index = 0
    body_seen = 0
    pieces = _BREAKS.split(story)
    for i in range(0, len(pieces), 2):
        raw = pieces[i]
        mark = pieces[i + 1] if i + 1 < len(pieces) else ""
        line = _SPECIALS.sub("", raw.replace("\x1e", "-")).strip()  # \x1e: non-breaking hyphen
        if not line:
            continue
        block_container = Container.CELL if mark == "\x07" and container is Container.BODY else container
        if block_container is Container.BODY:
            body_seen += 1
            if not budget.full and body_seen > budget.stamp_blocks:
                continue
        extraction.blocks.append(Block(text=line, container=block_container, part=part, index=index))
        index += 1


def _strip_fields(story: str) -> str:
    """Drop field instructions ({ PAGE }, { HYPERLINK "…" }) and keep field results:
    remove the innermost \\x13 instruction \\x14 and stray \\x15 ends, once per nesting
    level. Deeper nesting than MAX_FIELD_NESTING (only a hostile file has it) is left
    to the control-character filter, so the work stays linear."""
    for _ in range(MAX_FIELD_NESTING):
        stripped = _FIELD.sub("", story)
        if stripped == story:
            break
        story = stripped
    return story


def _font_names(table: bytes, fib: _Fib) -> set[str]:
    """Names from the SttbfFfn (MS-DOC 2.9.286): each FFN is prefixed by its byte
    length and carries its UTF-16 name at offset 39. Best effort: a damaged table
    gives fewer names, never an error."""
    fc, lcb = fib.slot(_STTBF_FFN)
    data = table[fc:fc + lcb]
    names: set[str] = set()
    if lcb < 4 or len(data) != lcb:
        return names
    count = struct.unpack_from("<H", data, 0)[0]
    pos = 4
    if count == 0xFFFF:  # extended STTB header
        count = struct.unpack_from("<H", data, 2)[0]
        pos = 6
    for _ in range(count):
        if pos >= len(data):
            break
        size = data[pos]
        ffn = data[pos + 1:pos + 1 + size]
        pos += 1 + size
        raw = ffn[39:]
        end = 0
        while end + 1 < len(raw) and raw[end:end + 2] != b"\0\0":
            end += 2
        name = raw[:end].decode("utf-16-le", errors="ignore").strip()
        if name:
            names.add(name)
    return names
