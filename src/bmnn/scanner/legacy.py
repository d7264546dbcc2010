"""Legacy 8-bit Vietnamese: TCVN3 (ABC, ".VnTime") and VNI ("VNI-Times") to Unicode,
and back, to give the matcher the *surface forms* of the stamp words.

A document typed in a legacy font reaches us as the CP1252/Latin-1 characters of the
font's bytes: "TUYỆT MẬT" set in .VnTimeH arrives as "TUYÖT MËT", in VNI-Times as
"TUYEÄT MAÄT" (scanner-notes §3.2). The encoding is chosen from the font name, never
from the content alone: "ñ" is "đ" in VNI but "ủ" in TCVN3.

TCVN3 has no upper-case toned letters: capitals are typed with the lower-case codes
and drawn upper-case by the "H" (hoa) fonts, so text converted from a .VnTimeH run is
upper-cased here.

The two tables below are vendored, unchanged in content, from viparse 0.1.31
(https://pypi.org/project/viparse/0.1.31/, files viparse/normalize/tcvn3.py and
viparse/normalize/vni.py; the PDF glyph substitutions from viparse/normalize/tables.py).
viparse is published under the MIT licence:

    MIT License

    Copyright (c) 2026 minhtridinh

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.

viparse documents the provenance of each entry (TCVN3: 31 government documents
1998–2009; VNI: 53,715 characters of administrative documents) and its known gaps
(VNI has no ẳ/Ẳ; TCVN3 0xA5 "Ơ" is inferred). Nothing here imports viparse.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

TCVN3 = "tcvn3"
VNI = "vni"

# --- vendored from viparse 0.1.31 viparse/normalize/tcvn3.py (MIT, see above) ---------
# TCVN3 surface character → Unicode letter. 0xA1–0xA7 hold the upper-case *untoned*
# base letters, 0xA8–0xAE their lower-case counterparts, the rest the toned letters
# (lower-case codes only).
_TCVN3_ENTRIES = [
    ("\u00a1", "Ă"), ("\u00a2", "Â"), ("\u00a3", "Ê"), ("\u00a4", "Ô"),
    ("\u00a5", "Ơ"),  # inferred from the block by viparse; not observed in its corpus
    ("\u00a6", "Ư"), ("\u00a7", "Đ"),
    ("¨", "ă"), ("©", "â"), ("ª", "ê"), ("«", "ô"), ("¬", "ơ"), ("\u00ad", "ư"), ("®", "đ"),
    ("µ", "à"), ("¸", "á"), ("¶", "ả"), ("·", "ã"), ("¹", "ạ"),
    ("»", "ằ"), ("¾", "ắ"), ("¼", "ẳ"), ("½", "ẵ"), ("Æ", "ặ"),
    ("Ç", "ầ"), ("Ê", "ấ"), ("È", "ẩ"), ("É", "ẫ"), ("Ë", "ậ"),
    ("Ì", "è"), ("Ð", "é"), ("Î", "ẻ"), ("Ï", "ẽ"), ("Ñ", "ẹ"),
    ("Ò", "ề"), ("Õ", "ế"), ("Ó", "ể"), ("Ô", "ễ"), ("Ö", "ệ"),
    ("×", "ì"), ("Ý", "í"), ("Ø", "ỉ"), ("Ü", "ĩ"), ("Þ", "ị"),
    ("ß", "ò"), ("ã", "ó"), ("á", "ỏ"), ("â", "õ"), ("ä", "ọ"),
    ("å", "ồ"), ("è", "ố"), ("æ", "ổ"), ("ç", "ỗ"), ("é", "ộ"),
    ("ê", "ờ"), ("í", "ớ"), ("ë", "ở"), ("ì", "ỡ"), ("î", "ợ"),
    ("ï", "ù"), ("ó", "ú"), ("ñ", "ủ"), ("ò", "ũ"), ("ô", "ụ"),
    ("õ", "ừ"), ("ø", "ứ"), ("ö", "ử"), ("÷", "ữ"), ("ù", "ự"),
    ("ú", "ỳ"), ("ý", "ý"), ("û", "ỷ"), ("ü", "ỹ"), ("þ", "ỵ"),
]

# --- vendored from viparse 0.1.31 viparse/normalize/vni.py (MIT, see above) -----------
# VNI surface sequence (base letter + mark character(s)) → Unicode letter. viparse's
# per-entry corpus counts are dropped; the order (most frequent first) is kept because
# the reverse table below prefers the first sequence for a letter.
_VNI_ENTRIES = [
    ("ñ", "đ"), ("Ñ", "Đ"),
    ("aø", "à"), ("aù", "á"), ("aï", "ạ"), ("aû", "ả"), ("aá", "ấ"), ("aä", "ậ"), ("aê", "ă"),
    ("aâ", "â"), ("aõ", "ã"), ("aà", "ầ"), ("aå", "ẩ"), ("aé", "ắ"), ("aü", "ẵ"), ("aë", "ặ"),
    ("AØ", "À"), ("aè", "ằ"), ("AÙ", "Á"), ("AÂ", "Â"), ("AÛ", "Ả"), ("aã", "ẫ"), ("AÕ", "Ã"),
    ("AÏ", "Ạ"), ("AÊ", "Ă"), ("AÁ", "Ấ"), ("AÅ", "Ẩ"), ("AÄ", "Ậ"), ("AÀ", "Ầ"), ("AÃ", "Ẫ"),
    ("AÉ", "Ắ"), ("AÈ", "Ằ"), ("AÜ", "Ẵ"), ("AË", "Ặ"),
    ("eä", "ệ"), ("eá", "ế"), ("eà", "ề"), ("eâ", "ê"), ("eå", "ể"), ("eù", "é"), ("EÄ", "Ệ"),
    ("eû", "ẻ"), ("eõ", "ẽ"), ("EÁ", "Ế"), ("EÀ", "Ề"), ("eã", "ễ"), ("EÂ", "Ê"), ("eø", "è"),
    ("eï", "ẹ"), ("EÅ", "Ể"), ("EØ", "È"), ("EÙ", "É"), ("EÏ", "Ẹ"), ("EÛ", "Ẻ"), ("EÕ", "Ẽ"),
    ("EÃ", "Ễ"),
    ("ò", "ị"), ("æ", "ỉ"), ("Ò", "Ị"), ("Æ", "Ỉ"), ("Ó", "Ĩ"), ("ó", "ĩ"), ("IØ", "Ì"),
    ("IÙ", "Í"), ("iø", "ì"), ("iù", "í"),
    ("ô", "ơ"), ("oä", "ộ"), ("oâ", "ô"), ("oá", "ố"), ("ôï", "ợ"), ("où", "ó"), ("ôø", "ờ"),
    ("ôû", "ở"), ("ôù", "ớ"), ("oø", "ò"), ("oå", "ổ"), ("oà", "ồ"), ("oï", "ọ"), ("OÄ", "Ộ"),
    ("oã", "ỗ"), ("Ô", "Ơ"), ("oû", "ỏ"), ("oõ", "õ"), ("OÂ", "Ô"), ("ôõ", "ỡ"), ("ÔÛ", "Ở"),
    ("OÅ", "Ổ"), ("OÁ", "Ố"), ("OØ", "Ò"), ("OÙ", "Ó"), ("OÀ", "Ồ"), ("ÔÙ", "Ớ"), ("ÔØ", "Ờ"),
    ("OÕ", "Õ"), ("OÏ", "Ọ"), ("OÛ", "Ỏ"), ("OÃ", "Ỗ"), ("ÔÕ", "Ỡ"), ("ÔÏ", "Ợ"),
    ("ö", "ư"), ("uû", "ủ"), ("öï", "ự"), ("uï", "ụ"), ("öù", "ứ"), ("öû", "ử"), ("öø", "ừ"),
    ("uù", "ú"), ("öõ", "ữ"), ("uø", "ù"), ("Ö", "Ư"), ("UÛ", "Ủ"), ("uõ", "ũ"), ("ÖÙ", "Ứ"),
    ("UÕ", "Ũ"), ("UÏ", "Ụ"), ("ÖÛ", "Ử"), ("ÖÕ", "Ữ"), ("ÖÏ", "Ự"), ("UØ", "Ù"), ("UÙ", "Ú"),
    ("ÖØ", "Ừ"),
    ("yù", "ý"), ("yõ", "ỹ"), ("yû", "ỷ"), ("yø", "ỳ"), ("YÙ", "Ý"), ("YÛ", "Ỷ"), ("YØ", "Ỳ"),
    ("YÏ", "Ỵ"), ("yï", "ỵ"), ("YÕ", "Ỹ"),
]

# --- from viparse 0.1.31 viparse/normalize/tables.py (MIT) -----------------------------
# A PDF text layer resolves some .VnTime glyph codes through the font's encoding and
# puts out U+2212 MINUS SIGN for 0xAD (ư) and U+2219 BULLET OPERATOR for 0xB7 (ã).
# They are letters only next to a letter ("nhµ n−íc" is nhà nước; "3 − 2" stays).
_PDF_GLYPHS = {"\u2212": "\u00ad", "\u2219": "\u00b7"}
_PDF_GLYPH_RE = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_])")
# ---------------------------------------------------------------------------------------

_TCVN3_TABLE = str.maketrans(dict(_TCVN3_ENTRIES))
_VNI_MAP = dict(_VNI_ENTRIES)
# Longest sequence first so "ôï" (ợ) wins over "ô" (ơ).
_VNI_RE = re.compile("|".join(re.escape(seq) for seq in sorted(_VNI_MAP, key=len, reverse=True)))

# PDF fonts carry a six-letter subset tag ("ABCDEF+.VnTimeH") and a style suffix
# (".VnTimeH,Bold", ".VnTimeH-BoldItalic") that are not part of the family name.
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(r"(?:[,\- ]+(?:bold|italic|oblique|regular|boldItalic|bolditalic|mt|ps))+$",
                           re.IGNORECASE)


def font_family(font: str | None) -> str:
    """'ABCDEF+.VnTimeH,Bold' → '.VnTimeH'."""
    if not font:
        return ""
    name = _SUBSET_TAG.sub("", font.strip())
    return _STYLE_SUFFIX.sub("", name).strip()


def encoding_for_font(font: str | None) -> str | None:
    """TCVN3 for '.Vn*' fonts, VNI for 'VNI*' fonts, None for any other (Unicode) font."""
    family = font_family(font).upper()
    if family.startswith(".VN"):
        return TCVN3
    if family.startswith("VNI"):
        return VNI
    return None


def is_caps_font(font: str | None) -> bool:
    """A TCVN3 'H' (hoa, capitals) font: '.VnTimeH', '.VnArialH'. It draws the
    lower-case letter codes as capitals, so its text must be upper-cased."""
    family = font_family(font)
    return encoding_for_font(family) == TCVN3 and (family.endswith("H") or (family.islower() and family.endswith("h")))


def to_unicode(text: str, encoding: str, caps: bool = False) -> str:
    """Convert legacy surface text to NFC Unicode. `caps` upper-cases the result
    (a TCVN3 'H' font). Characters outside the table pass through unchanged."""
    if encoding == TCVN3:
        if "\u2212" in text or "\u2219" in text:
            text = _PDF_GLYPH_RE.sub(lambda m: _PDF_GLYPHS[m.group()], text)
        out = text.translate(_TCVN3_TABLE)
    elif encoding == VNI:
        out = _VNI_RE.sub(lambda m: _VNI_MAP[m.group()], text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    out = unicodedata.normalize("NFC", out)
    return out.upper() if caps else out


# --- the reverse direction: what a Unicode phrase looks like when typed in a legacy font


@cache
def _reverse(encoding: str) -> dict[str, str]:
    """Unicode letter → legacy sequence; the first (most frequent) sequence wins."""
    entries = _TCVN3_ENTRIES if encoding == TCVN3 else _VNI_ENTRIES
    reverse: dict[str, str] = {}
    for seq, letter in entries:
        reverse.setdefault(letter, seq)
    return reverse


def from_unicode(text: str, encoding: str, caps_font: bool = False) -> str:
    """The surface form of Unicode `text` as typed in a legacy font.

    With `caps_font` (TCVN3 only) the text is what a clerk types for a .VnTimeH
    heading: upper-case ASCII letters, the upper-case *untoned* codes that exist
    (Ă Â Ê Ô Ơ Ư Đ), and the lower-case codes for every toned letter ("MẬT" → "MËT").
    Letters without a legacy form are kept as they are."""
    reverse = _reverse(encoding)
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in reverse:
            out.append(reverse[char])
        elif caps_font and char.isupper() and char.lower() in reverse:
            out.append(reverse[char.lower()])
        else:
            out.append(char)
    return "".join(out)


def surface_forms(phrase: str) -> set[str]:
    """Every legacy surface form of `phrase` (as given, so call it once per case
    variant): TCVN3 in a normal and in an 'H' font, and VNI. Forms equal to the
    phrase itself (plain ASCII) are left out."""
    forms = {from_unicode(phrase, TCVN3), from_unicode(phrase, VNI)}
    if phrase.upper() == phrase:
        forms.add(from_unicode(phrase, TCVN3, caps_font=True))
    forms.discard(phrase)
    # A PDF's text layer may show TCVN3's ư (0xAD) as U+2212.
    forms |= {form.replace("\u00ad", "\u2212") for form in forms if "\u00ad" in form}
    return forms


def encodings_in(text: str, known: Iterable[str] = ()) -> list[str]:
    """Legacy encodings, other than those `known` already, whose stamp-word surface
    forms occur in `text` (for blocks with no font information); empty for ordinary text."""
    if not _MARKER_CHARS.search(text):
        return []  # the usual case, in one pass per character instead of per form
    return [encoding for encoding, markers in ((TCVN3, _TCVN3_MARKERS), (VNI, _VNI_MARKERS))
            if encoding not in known and any(form in text for form in markers)]


def _marker_forms(encoding: str) -> tuple[str, ...]:
    # Syllables the stamps and auxiliary marks are built from ("mật", "bản sao",
    # "tài liệu thu hồi", "chỉ người có tên…"), in the shapes a legacy font gives them.
    words = ("mật", "Mật", "MẬT", "bản", "Bản", "BẢN", "liệu", "LIỆU", "hồi", "HỒI", "người", "NGƯỜI")
    forms = set()
    for word in words:
        forms.add(from_unicode(word, encoding))
        if encoding == TCVN3 and word.isupper():
            forms.add(from_unicode(word, encoding, caps_font=True))
    # A form made only of Vietnamese letters ("hoài" is VNI for "hồi", and a name) says
    # nothing about the encoding; keep those with a character Vietnamese never uses.
    return tuple(sorted(form for form in forms if not set(form) <= _VIETNAMESE_LETTERS))


def _vietnamese_letters() -> frozenset[str]:
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    vowels = ("a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y")
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    letters |= set("abcdefghijklmnopqrstuvwxyzđ")
    return frozenset(letters | {letter.upper() for letter in letters})


_VIETNAMESE_LETTERS = _vietnamese_letters()


_TCVN3_MARKERS = _marker_forms(TCVN3)
_VNI_MARKERS = _marker_forms(VNI)
# Each marker holds at least one character Vietnamese never uses; any of them must be present.
_MARKER_CHARS = re.compile("[" + re.escape("".join(sorted(
    {char for form in _TCVN3_MARKERS + _VNI_MARKERS for char in form} - _VIETNAMESE_LETTERS))) + "]")
