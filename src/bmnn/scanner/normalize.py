"""Turning an extracted block into the text the stamp rules compare (scanner-notes §3.1).

Extractors hand over text as the file holds it: precomposed or decomposed Unicode,
CP1258's half-decomposed letters, look-alike "Ð", no-break and zero-width spaces,
capitals spaced out to look like a stamp ("T U Y Ệ T  M Ậ T"), boxes drawn with "|"
or box-drawing characters, and legacy TCVN3/VNI surface forms. `normalize_line`
undoes all of that for one line; `fold` gives the accent-free form used for OCR
output and file names.
"""

from __future__ import annotations

import re
import unicodedata

from bmnn.scanner import legacy

# Word writes a manual line break as "\v"; "\f" is a page break; U+2028/2029 come
# from PDF and ODF. A block is judged line by line: a stamp is a line of its own.
# Tabs and wide gaps separate columns laid out by hand ("MẬT<tab><tab>Hà Nội, ngày…"),
# so they end a segment too; five spaces, so that a letter-spaced stamp's double space
# between words ("T U Y Ệ T  M Ậ T") does not.
_COLUMNS = re.compile(r"\t+| {5,}|\u00a0{5,}")

# Spaces that are not U+0020 become one; characters that draw nothing are dropped.
# The soft hyphen U+00AD is dropped only from text that is not TCVN3, where it is "ư"
# ("ng\xadêi" = người): legacy conversion runs first, so by then it has become "ư".
_SPACES = dict.fromkeys(map(ord, "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                                 "\u2009\u200a\u202f\u205f\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CLEAN = str.maketrans({**_SPACES, **_INVISIBLE})
_CLEAN_RE = re.compile("[" + "".join(chr(code) for code in _CLEAN) + "]")

# Look-alike Đ: U+00D0 (Latin capital eth) and its small form, written by some
# converters and fonts in place of U+0110 / U+0111.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

# Two or more single letters, each separated by exactly one space, standing as a word
# of their own: "T U Y Ệ T". A double space ends the word.
_SPACED_LETTERS = re.compile(r"(?<!\S)[^\W\d_](?: [^\W\d_])+(?!\S)")
_MANY_SPACES = re.compile(r" {2,}")

# What is drawn around a stamp rather than written in it: an ASCII or Unicode box,
# bullets, quotes, brackets, separators (scanner-notes §4.2).
_DECORATION = "|:-–—*_\"'()[]•.“”‘’«»·●▪■□◆◇►▶#=~ " + "".join(chr(c) for c in range(0x2500, 0x2580))


def split_lines(text: str) -> list[str]:
    """A block's lines (on internal line breaks, tabs and wide gaps), without empty ones."""
    lines = text.splitlines()  # \n \r \v \f \x85 \u2028 \u2029, in C
    if "\t" in text or "     " in text or "\u00a0" * 5 in text:
        lines = [piece for line in lines for piece in _COLUMNS.split(line)]
    return [line for line in lines if line.strip()]


def nfc(text: str) -> str:
    # is_normalized is a fast scan; converting costs only when it is needed (~35 MB/s).
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    """NBSP and other spaces → " ", zero-width characters and soft hyphens removed."""
    # str.translate walks every character through a dict (~0.2 µs each); testing for
    # the few characters concerned first is ~20x cheaper on the usual clean text.
    if _CLEAN_RE.search(text):
        return text.translate(_CLEAN)
    return text


def fix_lookalikes(text: str) -> str:
    if "\u00d0" in text or "\u00f0" in text:
        return text.translate(_LOOKALIKES)
    return text


def collapse_letter_spacing(text: str) -> str:
    """'T U Y Ệ T  M Ậ T' → 'TUYỆT  MẬT' (capitals only; lower-case single letters are
    words of their own in Vietnamese and in lists)."""
    if " " not in text:
        return text

    def join(match: re.Match) -> str:
        letters = match.group()
        return letters.replace(" ", "") if letters.isupper() else letters

    return _SPACED_LETTERS.sub(join, text)


def trim(text: str) -> str:
    """Strip the box, bullets and punctuation around a stamp: '| TỐI MẬT |' → 'TỐI MẬT'."""
    return text.strip(_DECORATION)


def fold(text: str) -> str:
    """Accent-free form: NFD, combining marks dropped, đ→d, Đ→D ('TỐI MẬT' → 'TOI MAT').
    Case is kept; the caller chooses."""
    text = nfc(fix_lookalikes(text)).replace("\u0111", "d").replace("\u0110", "D")
    decomposed = unicodedata.normalize("NFD", text)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    if len(ascii_only) == len(text):
        # Every character dropped was a mark the decomposition added: the fast path
        # is exact (10-30x quicker than testing each character).
        return ascii_only
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_line(line: str, encoding: str | None = None, caps: bool = False) -> str:
    """One line as the rules compare it. `encoding` ("tcvn3"/"vni") converts legacy
    surface text first; `caps` upper-cases it (a TCVN3 'H' font)."""
    if encoding is not None:
        line = legacy.to_unicode(line, encoding, caps=caps)
    line = fix_lookalikes(clean_spaces(nfc(line)))
    line = collapse_letter_spacing(line)
    return trim(_MANY_SPACES.sub(" ", line))


def is_caps(text: str) -> bool:
    """Has letters and none of them is lower-case."""
    return text.isupper()
