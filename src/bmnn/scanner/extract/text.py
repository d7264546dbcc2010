"""Plain text files: one BODY block per non-empty line.

Decoding, in order (scanner-notes §2.4; chardet-like guessing is unreliable for
Vietnamese, so no statistical detector):
1. a byte-order mark: UTF-8, UTF-16 LE/BE (UTF-32 too);
2. UTF-16 without a mark: many NULs at the odd (LE) or even (BE) byte positions;
3. strict UTF-8;
4. otherwise an 8-bit code page: Windows-1258 when the high bytes look like
   Vietnamese Windows-1258 (its letters ă â ê ô ơ ư đ and its five combining tone
   bytes), else cp1252. Legacy TCVN3/VNI text is 8-bit too and stays in its cp1252
   characters ("MËT", "MAÄT"): the rules match those surface forms, and decoding it as
   cp1258 would turn some of them into other letters (0xE3 "ã" into "ă").
Anything with NUL bytes outside UTF-16, or many control characters, is not text.
HTML and XML files are read as their text content (see `markup_text`).

Stamp mode reads the head of the file (enough for `stamp_blocks` lines); full mode
reads up to FULL_TEXT_BYTES and reports the rest as not read (TOO_LARGE problem).
"""

from __future__ import annotations

import codecs
import html
import re

from bmnn.scanner.model import Block, Budget, Container, Extraction, ExtractError, Problem, ProblemKind, Source

STAMP_HEAD_BYTES = 64 * 1024
# Full mode reads this much at most: a decoded line list costs several times the bytes,
# and the scan must stay under its memory budget on a 500 MB log file.
FULL_TEXT_BYTES = 16 * 1024 * 1024
_SAMPLE = 4096

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Windows-1258 bytes that only Vietnamese uses: the five combining tones (grave, hook
# above, tilde, acute, dot below) and ă ơ ư đ (both cases); in cp1252 they are rare
# letters (Ì Ò Þ ì ò, Ã ã Õ õ Ý ý Ð ð).
_CP1258_VIETNAMESE = frozenset(b"\xcc\xd2\xde\xec\xf2\xc3\xe3\xd5\xf5\xdd\xfd\xd0\xf0")
# …and the precomposed vowels Vietnamese shares with Western text (á à â é è ê í ó ô ú ù).
_CP1258_SHARED = frozenset(b"\xc0\xc1\xc2\xc8\xc9\xca\xcd\xd3\xd4\xd9\xda\xe0\xe1\xe2\xe8\xe9\xea\xed\xf3\xf4\xf9\xfa")
# C0 controls that do not occur in text (tab, LF, VT, FF, CR, ESC and SUB allowed)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
_NOT_TEXT = "không phải văn bản / not text"

# HTML and XML (Word's "Save as Web Page" keeps the stamp as <p><b>MẬT</b></p>): a
# file whose first non-blank character opens a tag is read as its text content, one
# block per paragraph-like element.
_MARKUP = re.compile(r"\s*<(?:\?xml|!doctype|!--|[a-zA-Z][\w:.-]*[\s>/])", re.IGNORECASE)
_HIDDEN = re.compile(r"<!--.*?(?:-->|$)|<(script|style)\b.*?(?:</\1\s*>|$)|<!\[CDATA\[|\]\]>",
                     re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|tr|td|th|li|h[1-6]|table|title|caption|w:p|text:p|text:h)\b[^>]*>",
                        re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def extract_text(source: Source, budget: Budget) -> Extraction:
    limit = min(FULL_TEXT_BYTES if budget.full else STAMP_HEAD_BYTES, budget.max_part_bytes)
    raw = source.read(limit)
    truncated = source.size > len(raw)
    text = decode(raw, truncated=truncated)
    if truncated:  # the last line may be cut: drop it
        text = text[:text.rfind("\n") + 1] or text
    if _MARKUP.match(text):
        text = markup_text(text)
    extraction = Extraction(kind="text")
    if truncated and budget.full:
        extraction.problems.append(Problem(source.name, ProblemKind.TOO_LARGE,
                                           f"chỉ đọc {len(raw)} byte đầu / only the first {len(raw)} bytes read"))
    index = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if not budget.full and index >= budget.stamp_blocks:
            break
        extraction.blocks.append(Block(text=line, container=Container.BODY, part="text", index=index))
        index += 1
    return extraction


def markup_text(text: str) -> str:
    """Text content of HTML/XML: comments, scripts and styles dropped, paragraph-like
    elements turned into line breaks, other tags removed, entities decoded. Line
    breaks inside an element are spaces, as a browser shows them."""
    text = _HIDDEN.sub(" ", text)
    text = _BLOCK_TAG.sub("\x00", text)
    text = _TAG.sub("", text)
    text = re.sub(r"\s*[\r\n]\s*", " ", text)
    return html.unescape(text.replace("\x00", "\n"))


def decode(raw: bytes, *, truncated: bool = False) -> str:
    """Bytes of a text file → str, by the order above; raises ExtractError(UNREADABLE)
    for binary content. `truncated` says the bytes are a head: a multi-byte sequence
    cut at the end is then not an error."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _checked(_decode_head(raw[len(bom):], encoding, truncated))
    utf16 = _utf16_without_bom(raw[:_SAMPLE])
    if utf16:
        return _checked(_decode_head(raw, utf16, truncated))
    if b"\x00" in raw:
        raise ExtractError(ProblemKind.UNREADABLE, _NOT_TEXT)
    try:
        return _checked(_decode_head(raw, "utf-8", truncated, errors="strict"))
    except UnicodeDecodeError:
        pass
    return _checked(raw.decode(_eight_bit_code_page(raw), errors="replace"))


def _decode_head(raw: bytes, encoding: str, truncated: bool, errors: str = "replace") -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    return decoder.decode(raw, final=not truncated)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text has a NUL high byte for every ASCII character (spaces, digits,
    Latin letters: well over a quarter of Vietnamese text) and almost none in the
    other position."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0:pairs * 2:2].count(0)
    odd = sample[1:pairs * 2:2].count(0)
    if odd >= pairs * 0.25 and even <= pairs * 0.02:
        return "utf-16-le"
    if even >= pairs * 0.25 and odd <= pairs * 0.02:
        return "utf-16-be"
    return None


def _eight_bit_code_page(raw: bytes) -> str:
    """Windows-1258 when nearly every high byte is a Vietnamese cp1258 letter or tone and
    enough of them are Vietnamese-only (a French or Spanish text has é à but no tone bytes;
    TCVN3 and VNI use bytes outside this set, such as 0xB8 or 0xC4, and stay cp1252)."""
    high = [byte for byte in raw[:_SAMPLE * 4] if byte >= 0x80]
    if not high:
        return "cp1252"
    vietnamese = sum(byte in _CP1258_VIETNAMESE for byte in high)
    shared = sum(byte in _CP1258_SHARED for byte in high)
    if vietnamese + shared >= 0.9 * len(high) and vietnamese >= max(1, 0.1 * len(high)):
        return "cp1258"
    return "cp1252"


def _checked(text: str) -> str:
    """Binary data decodes to something full of control characters."""
    sample = text[:_SAMPLE * 4]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise ExtractError(ProblemKind.UNREADABLE, _NOT_TEXT)
    return text
