"""Vietnamese text: NFC normalisation, accent folding for search, and a sort key
that follows the Vietnamese alphabet (a ă â b c d đ e ê …) with tones as a
secondary difference, so that sorting is the same on SQLite and PostgreSQL."""

import unicodedata

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Letters that carry a vowel mark which is part of the letter itself in Vietnamese.
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "'"}


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def fold(text: str | None) -> str:
    """'Nguyễn Đức Thắng' → 'nguyen duc thang'. đ has no decomposition, so it is mapped by hand."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    return " ".join(stripped.casefold().split())


def _base_letter(char: str) -> tuple[str, int]:
    """Split one character into its Vietnamese base letter and its tone number."""
    decomposed = unicodedata.normalize("NFD", char.casefold())
    base, tone, marks = decomposed[:1], 0, decomposed[1:]
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark == "\u0306":
            base = "ă"
        elif mark == "\u0302":
            base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
        elif mark == "\u031b":
            base = {"o": "ơ", "u": "ư"}.get(base, base)
    return base, tone


def sort_key(text: str | None) -> str:
    """A string whose byte order is Vietnamese dictionary order.

    Primary: letters by the Vietnamese alphabet; secondary: tones (ngang < huyền <
    hỏi < ngã < sắc < nặng). Characters outside the alphabet keep their code point
    after the letters."""
    primary, secondary = [], []
    for char in nfc(text):
        base, tone = _base_letter(char)
        if base in _LETTER_RANK:
            primary.append(chr(0x4E00 + _LETTER_RANK[base]))
        elif base.isspace():
            primary.append(" ")
        else:
            primary.append(chr(0x5000 + ord(base[0]) % 0x4000) if base else "")
        secondary.append(str(tone))
    return "".join(primary) + "\u0001" + "".join(secondary)


def person_sort_key(full_name: str | None) -> str:
    """Vietnamese lists sort people by given name (last word), then the rest."""
    words = nfc(full_name).split()
    if not words:
        return ""
    return sort_key(" ".join([words[-1], *words[:-1]]))
