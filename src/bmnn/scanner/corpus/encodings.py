"""Byte encodings Python has no codec for, written out for the corpus: TCVN3 (ABC,
".VnTime"/".VnTimeH"), VNI-Windows, and NFC Vietnamese into Windows-1258.

The tables are written here from the published layouts and checked against the
surface forms measured in scanner-notes §3.2 ("TUYÖT MËT", "TOÁI MAÄT"…); they are the
corpus's own, independent of the scanner's legacy converter, so the corpus tests it
rather than agreeing with it by construction."""

from __future__ import annotations

import unicodedata

# TCVN3 (VN3): one byte per toned lowercase letter; no toned capitals (".VnTimeH", the
# capitals font, draws the lowercase codes as capitals).
_TCVN3_LOWER = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "đ": 0xAE,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}
_TCVN3_UPPER_PLAIN = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def tcvn3_bytes(text: str) -> bytes:
    """TCVN3 bytes of NFC text. A toned capital has no code of its own: it gets its
    lowercase code, which is what a clerk typing in ".VnTimeH" produces."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char in _TCVN3_UPPER_PLAIN:
            out.append(_TCVN3_UPPER_PLAIN[char])
        elif char in _TCVN3_LOWER:
            out.append(_TCVN3_LOWER[char])
        elif char.lower() in _TCVN3_LOWER:
            out.append(_TCVN3_LOWER[char.lower()])
        else:
            out += char.encode("ascii", "replace")
    return bytes(out)


def tcvn3_surface(text: str) -> str:
    """What a reader that does not know TCVN3 sees (the bytes as Windows-1252): the form
    a .doc/.docx/PDF run in a ".Vn*" font carries ("TUYỆT MẬT" → "TUYÖT MËT")."""
    return tcvn3_bytes(text).decode("cp1252", "replace")


# VNI-Windows: a base letter followed by one mark byte (shown here as its cp1252 character).
_VNI_MARKS_LOWER = {  # (modifier, tone) → mark character(s) after the base vowel
    ("", "grave"): "ø", ("", "acute"): "ù", ("", "hook"): "û", ("", "tilde"): "õ", ("", "dot"): "ï",
    ("circ", ""): "â", ("circ", "grave"): "à", ("circ", "acute"): "á", ("circ", "hook"): "å",
    ("circ", "tilde"): "ã", ("circ", "dot"): "ä",
    ("breve", ""): "ê", ("breve", "grave"): "è", ("breve", "acute"): "é", ("breve", "hook"): "ú",
    ("breve", "tilde"): "ü", ("breve", "dot"): "ë",
}
# ỉ ĩ ị have their own codes; ì and í are written i + mark ("bì" → "biø", as measured in §3.2).
_VNI_I = {"hook": "æ", "tilde": "ó", "dot": "ò"}
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
_MODIFIERS = {"\u0302": "circ", "\u0306": "breve", "\u031b": "horn"}


def vni_surface(text: str) -> str:
    """The VNI-Windows form of NFC text as a cp1252 reader sees it ("TỐI MẬT" →
    "TOÁI MAÄT"). ơ and ư are single characters ("ô", "ö"), đ is "ñ"."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        base, *marks = unicodedata.normalize("NFD", char)
        if char in "đĐ":
            out.append("ñ" if char == "đ" else "Ñ")
            continue
        if not marks or not base.isalpha():
            out.append(char)
            continue
        upper = base.isupper()
        modifier = next((_MODIFIERS[m] for m in marks if m in _MODIFIERS), "")
        tone = next((_TONES[m] for m in marks if m in _TONES), "")
        if modifier == "horn":  # ơ / ư are one character, then the tone mark
            horn = {"o": "ô", "u": "ö"}[base.lower()]
            out.append(horn.upper() if upper else horn)
            modifier = ""
            if not tone:
                continue
            base = ""
        if base and base in "iI" and tone in _VNI_I:  # ỉ ĩ ị are single characters in VNI
            out.append(_VNI_I[tone].upper() if upper else _VNI_I[tone])
            continue
        mark = _VNI_MARKS_LOWER.get((modifier, tone))
        if mark is None:  # not a Vietnamese letter (ä, ö…): VNI has no form for it
            out.append(char)
            continue
        out.append(base + (mark.upper() if upper else mark))
    return "".join(out)


def vni_bytes(text: str) -> bytes:
    return vni_surface(text).encode("cp1252")


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 bytes of NFC Vietnamese. Python's codec cannot encode precomposed
    toned letters: code page 1258 holds Â/Ê/Ô/Ơ/Ư/Ă/Đ precomposed and the five tones as
    combining bytes, so "Ậ" becomes "Â" + combining dot below (b"\\xc2\\xf2")."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(m for m in decomposed if m in _TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
        out += base.encode("cp1258", "replace") + tones.encode("cp1258")
    return bytes(out)
