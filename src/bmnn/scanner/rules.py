"""Is this file stamped secret, and at which level? (scanner-notes §4.2)

"mật" is everywhere in prose ("bảo mật", "mật khẩu", "mật độ"), so a stamp is told
by its *shape and place*: a line that is nothing but the stamp, in capitals, in a
header, text box or cell or at the top of page 1, near an official heading.

Each line of each block (split on line breaks, tabs and wide gaps) is normalised
(normalize.normalize_line, with legacy TCVN3/VNI conversion chosen from the font: the
block's own font alone when it has one, else the plain reading plus the file's legacy
fonts and any legacy surface form of a stamp word in the text; upper-cased when
`Block.caps` says formatting draws it in capitals) and classified by one rule:

  P1 0.80  the line is, in capitals, [ĐỘ MẬT:] TUYỆT MẬT | TỐI MẬT | MẬT [- KHẨN…]
  P2 0.50  the line is a level word not in capitals ("Tối mật"): review at most
  P3 0.60  a short all-caps line holding a level whose neighbours are not prose
           ("TÀI LIỆU MẬT"); review at most when it sits between two words
           ("LƯU Ý TỐI MẬT CỦA BA")
  A1 0.70  BẢN SAO BÍ MẬT NHÀ NƯỚC      A2 0.60  CHỈ NGƯỜI CÓ TÊN MỚI ĐƯỢC BÓC BÌ
  A3 0.60  TÀI LIỆU THU HỒI…            A4 0.50  BẢN SAO SỐ… / BẢN SỐ n
  A5 0.40  GIẢI MẬT… (informational: shown beside other marks, never decides)

then boosted: +0.10 header/text box/cell/WordArt or top of the document (index < 15,
or y < 0.30 on page 1 when the format knows y); +0.10 an official heading in the first
25 blocks; +0.05 bordered or red; +0.05 bold; +0.10 (level marks) an auxiliary mark
anywhere in the file. ≥ 0.80 marked, 0.50–0.79 review, below ignored.

Decisions beyond the notes (each keeps prose and teaching material out of "marked"):
- Enumerations: level lines of two or more *different* levels within 3 blocks of each
  other in the same part ("TUYỆT MẬT" / "TỐI MẬT" / "MẬT" as bullets on a slide, a
  picklist) are examples, not stamps: capitals are capped at review, mixed-case words
  (a dropdown's "Mật / Tối mật / Tuyệt mật") are dropped.
- Teaching context: a level line with "VÍ DỤ", "MINH HỌA", "CÁC ĐỘ MẬT", "MẪU DẤU",
  "TẬP HUẤN", … within 5 blocks before or 2 after it in its part is capped at review.
- Registers: a cell "Độ mật" (a column header) with level words in cells of the same
  part is a register of secret documents; those cells become one review mark
  "REGISTER" (level None). In a spreadsheet one value suffices, elsewhere two.
- Auxiliary marks alone (no level anywhere) are capped at review, except A1 "BẢN SAO
  BÍ MẬT NHÀ NƯỚC", which only a copy of a state secret bears; such a file has level None.
- OCR blocks (part contains "(OCR)") and lines with no diacritics at all are matched
  accent-folded ("TOI MAT"); OCR lines reach "marked" only when the line is the stamp
  alone (P1) in the top band; lines typed without diacritics are review at most.
- The file's own name (accent-folded tokens: tuyet mat, toi mat, mat, bmnn, bi mat)
  gives a review mark "NAME" and never marks a file alone; its level counts only when
  the content gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bmnn.scanner import legacy, normalize, prefilter
from bmnn.scanner.model import LEVEL_ORDER, Block, Container, Extraction, Level, Mark, Tier, Verdict

MARKED = 0.80
REVIEW = 0.50
REVIEW_CAP = 0.79  # the highest score review-only evidence may reach
LINE_MAX = 80  # the evidence line, as the report schema allows
MAX_MARKS = 10  # a header repeated on 300 PDF pages is one piece of evidence, not 300
LONGEST_STAMP = 80  # no rule accepts a longer line; longer lines are prose, skipped at once
OCR_PART = "(OCR)"

# --- the words ------------------------------------------------------------------------

_LEVELS = {"TUYỆTMẬT": Level.TUYET_MAT, "TỐIMẬT": Level.TOI_MAT, "MẬT": Level.MAT,
           "TUYETMAT": Level.TUYET_MAT, "TOIMAT": Level.TOI_MAT, "MAT": Level.MAT}
_URGENCY = r"(?:THƯỢNG\s*KHẨN|KHẨN\s*CẤP|H(?:ỎA|OẢ)\s*TỐC(?:\s*HẸN\s*GIỜ)?|KHẨN)"
_LEVEL = r"(TUYỆT\s*MẬT|TỐI\s*MẬT|MẬT)"
_PREFIX = r"(?:ĐỘ\s*MẬT\s*:?\s*)"
_LABEL = re.compile(r"(?i)ĐỘ\s*MẬT\s*:?\s*")  # "Độ mật: TỐI MẬT": the label may be in any case

# Words that make "mật" prose when they stand right before or after it (scanner-notes
# §4.2, plus medical and everyday compounds: trăng mật, túi mật, sỏi mật, mật mía…).
_BEFORE = frozenset({"BẢO", "BÍ", "CƠ", "THÂN", "GIẢI", "ĐỘ", "TÍNH", "KÍN", "MỨC", "PHÒNG",
                     "TRĂNG", "TÚI", "SỎI", "ỐNG", "DỊCH", "HŨ", "NGỌT", "ĐƯỜNG"})
_AFTER = frozenset({"KHẨU", "ONG", "ĐỘ", "THIẾT", "MÃ", "DANH", "THƯ", "BÁO", "VỤ", "THÁM",
                    "NGỌT", "GẤU", "ĐÀM", "NGHỊ", "ƯỚC", "HIỆU", "MÍA", "LỆNH", "NGỮ", "ĐẮNG"})
# Characters of program text, not of a stamp: a line holding one is never P3.
_CODE_CHARS = frozenset('"\'=;{}<>`$\\')
_TOKEN = re.compile(r"[^\W_]+")

_TEACHING = re.compile(r"\b(?:VI DU|MINH HOA|CAC DO MAT|BA DO MAT|MUC DO MAT|DO MAT GOM|MAU DAU|"
                       r"MAU CON DAU|TAP HUAN|BAI GIANG|BAI TAP)\b")
_HEADING = re.compile(r"CONG HOA XA HOI CHU NGHIA VIET NAM|DOC LAP\s*[-–—,]?\s*TU DO\s*[-–—,]?\s*HANH PHUC"
                      r"|^SO\s*:\s*\S*\s*/\s*\S+|^SO\s+\d+\s*/\s*\S+")
_HEADING_INITIALS = frozenset("CcĐđÐðDdSs§Ñ")
_REGISTER_HEADERS = frozenset({"DO MAT", "MUC DO MAT", "DO MAT TAI LIEU", "DO MAT VAN BAN", "DO MAT HO SO"})
_SPREADSHEETS = frozenset({"xlsx", "xls", "ods"})
# Every Unicode rule's line holds one of these (in capitals).
_LINE_WORDS = ("MẬT", "BẢN", "HỒI", "BÓC")
_ASCII_LOWER = re.compile(r"[a-z]")
_ASCII_UPPER = re.compile(r"[A-Z]")
_BOXES = frozenset({Container.HEADER, Container.TEXTBOX, Container.CELL, Container.WORDART})


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A rule's regex on NFC text, and the same regex accent-folded for OCR text."""

    exact: re.Pattern
    folded: re.Pattern

    @classmethod
    def of(cls, pattern: str) -> _Pattern:
        return cls(re.compile(pattern), re.compile(normalize.fold(pattern)))

    def fullmatch(self, text: str, folded: bool) -> re.Match | None:
        return (self.folded if folded else self.exact).fullmatch(text)


_P1 = _Pattern.of(f"{_PREFIX}?{_LEVEL}(?:\\s*[-–—/,(]?\\s*{_URGENCY}\\)?)*")
_P2 = _Pattern.of(f"{_PREFIX}?{_LEVEL}")
_A1 = _Pattern.of(r"BẢN SAO BÍ MẬT NHÀ NƯỚC(?:\s*(?:SỐ)?\s*:?\s*[\d./\s]*)?")
_A2 = _Pattern.of(r"CHỈ NGƯỜI CÓ TÊN MỚI ĐƯỢC BÓC BÌ")
_A3 = _Pattern.of(r"TÀI LIỆU THU HỒI(?:\s.{0,34})?")
_A4 = _Pattern.of(r"BẢN SAO SỐ\s*:?[\d\s./…]*|BẢN SỐ\s*:?\s*\d+(?:\s*/\s*\d+)?")
_A5 = _Pattern.of(r"(?:ĐÃ\s+)?GIẢI MẬT\b.{0,30}")
_BEFORE_FOLDED = frozenset(normalize.fold(word) for word in _BEFORE)
_AFTER_FOLDED = frozenset(normalize.fold(word) for word in _AFTER)


# --- one line -------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    rule: str
    base: float
    level: Level | None
    line: str
    cap: float = 1.0
    block: Block | None = None
    pos: int = 0  # the block's place in Extraction.blocks
    enumerated: bool = False


def classify(line: str, ocr: bool = False) -> _Hit | None:
    """The rule a normalised line satisfies, if any (no boosts: see `judge`)."""
    if not line or len(line) > LONGEST_STAMP:
        return None
    if ocr or line.isascii():
        return _classify_folded(line, ocr)
    caps = normalize.is_caps(line)
    upper = line if caps else line.upper()
    if not any(word in upper for word in _LINE_WORDS):
        return None  # the block held a mark word, this line of it does not
    if caps and (match := _P1.fullmatch(line, False)):
        return _Hit("P1", 0.80, _level(match), line)
    if not caps and (label := _LABEL.match(line)) and normalize.is_caps(rest := line[label.end():]):
        if match := _P1.fullmatch(rest, False):
            return _Hit("P1", 0.80, _level(match), line)
    if _A1.fullmatch(upper, False):
        return _Hit("A1", 0.70, None, line)
    if _A2.fullmatch(upper, False):
        return _Hit("A2", 0.60, None, line)
    if _A3.fullmatch(upper, False) and (caps or upper == "TÀI LIỆU THU HỒI"):
        return _Hit("A3", 0.60, None, line)
    if len(line) <= 30 and _A4.fullmatch(upper, False):
        return _Hit("A4", 0.50, None, line)
    if caps and _A5.fullmatch(line, False):
        return _Hit("A5", 0.40, None, line)
    if len(upper) <= 24 and normalize.fold(upper) in _REGISTER_HEADERS:
        return _Hit("REGISTER", 0.60, None, line, cap=REVIEW_CAP)
    if not caps and (match := _P2.fullmatch(upper, False)) and len(match.group(1)) <= 12:
        return _Hit("P2", 0.50, _level(match), line, cap=REVIEW_CAP)
    if caps:
        return _p3(line, folded=False)
    return None


def _classify_folded(line: str, ocr: bool) -> _Hit | None:
    """OCR output confuses stacked diacritics ("TỔI MẬT"); text typed without them has
    none. Both are matched accent-free, and both need more than the word to be sure."""
    caps = normalize.is_caps(line)
    folded = re.sub(r"([AEIOUY])\1+", r"\1", normalize.fold(line).upper())  # "TỔỐI" → "TOOI" → "TOI"
    hit = None
    if caps and (match := _P1.fullmatch(folded, True)):
        level = _level(match)
        if ocr or level != Level.MAT:  # a bare "MAT" typed in ASCII is an English word
            hit = _Hit("P1", 0.80, level, line, cap=1.0 if ocr else REVIEW_CAP)
    elif _A1.fullmatch(folded, True):
        hit = _Hit("A1", 0.70, None, line, cap=REVIEW_CAP)
    elif _A2.fullmatch(folded, True):
        hit = _Hit("A2", 0.60, None, line, cap=REVIEW_CAP)
    elif caps and _A3.fullmatch(folded, True):
        hit = _Hit("A3", 0.60, None, line, cap=REVIEW_CAP)
    elif len(line) <= 30 and _A4.fullmatch(folded, True):
        hit = _Hit("A4", 0.50, None, line, cap=REVIEW_CAP)
    elif ocr and not caps and (match := _P2.fullmatch(folded, True)) and len(match.group(1)) <= 12:
        hit = _Hit("P2", 0.50, _level(match), line, cap=REVIEW_CAP)
    elif ocr and caps:
        hit = _p3(folded, folded=True)
        if hit is not None:
            hit.line, hit.cap = line, REVIEW_CAP
    return hit


def _level(match: re.Match) -> Level:
    return _LEVELS[re.sub(r"\s+", "", match.group(1))]


def _p3(line: str, folded: bool) -> _Hit | None:
    """A short all-caps line with one level token whose neighbours are not prose."""
    if len(line) > 40 or any(char in _CODE_CHARS for char in line):
        return None
    mat, toi, tuyet, do = ("MAT", "TOI", "TUYET", "DO") if folded else ("MẬT", "TỐI", "TUYỆT", "ĐỘ")
    tokens = _TOKEN.findall(line)
    if tokens[:2] == [do, mat]:  # "ĐỘ MẬT: … " labels the level that follows
        tokens = tokens[2:]
    if len(tokens) > 8:
        return None
    places = [i for i, token in enumerate(tokens) if token == mat]
    if len(places) != 1:  # none, or a list of levels in one line
        return None
    at = places[0]
    start, level = at, Level.MAT
    if at > 0 and tokens[at - 1] in (toi, tuyet):
        start, level = at - 1, Level.TOI_MAT if tokens[at - 1] == toi else Level.TUYET_MAT
    before = tokens[start - 1] if start > 0 else ""
    after = tokens[at + 1] if at + 1 < len(tokens) else ""
    if before in (_BEFORE_FOLDED if folded else _BEFORE) or after in (_AFTER_FOLDED if folded else _AFTER):
        return None
    # Between two words it reads as a phrase ("LƯU Ý TỐI MẬT CỦA BA"), not a stamp.
    return _Hit("P3", 0.60, level, line, cap=REVIEW_CAP if before and after else 1.0)


# --- a file ---------------------------------------------------------------------------


def judge(extraction: Extraction, name: str) -> Verdict | None:
    """The file's verdict, or None when it bears no mark."""
    hits = _find_hits(extraction)
    marks = _score(hits, extraction) if hits else []
    return _verdict(marks, name_hint(name))


def _find_hits(extraction: Extraction) -> list[_Hit]:
    blocks = extraction.blocks
    if not blocks:
        return []
    has_ocr = any(OCR_PART in block.part for block in blocks)
    if not has_ocr and not prefilter.might_contain_mark("\n".join(block.text or "" for block in blocks)):
        return []  # most files: no stamp word anywhere
    file_encodings = _file_encodings(extraction)
    file_caps = _file_caps(extraction.fonts)
    hits = []
    for pos, block in enumerate(blocks):
        text = block.text
        ocr = OCR_PART in block.part
        if not text or (not ocr and not prefilter.might_contain_mark(text)):
            continue
        readings = _readings(block, file_encodings, file_caps)
        for line in normalize.split_lines(text):
            if not _short_enough(line):
                continue
            hit = _best(line, readings, ocr, block.caps)
            if hit is not None:
                hit.block, hit.pos = block, pos
                hits.append(hit)
    return hits


def _file_encodings(extraction: Extraction) -> list[str]:
    return sorted({enc for font in extraction.fonts if (enc := legacy.encoding_for_font(font))})


def _short_enough(line: str) -> bool:
    """Whether the line can still be a stamp once normalised: no rule accepts more than
    LONGEST_STAMP characters, and only letter spacing (about one space per letter)
    shrinks a line by much. Prose paragraphs stop here, before costlier normalising."""
    core = normalize.trim(line)
    return len(core) <= LONGEST_STAMP or (len(core) <= 3 * LONGEST_STAMP and core.count(" ") * 3 >= len(core))


def _file_caps(fonts: set[str]) -> bool | None:
    """For blocks with no font of their own: False when the file's TCVN3 fonts are all
    lower-case ones (nothing could be drawn in capitals), else None (decide by the line)."""
    tcvn3 = [font for font in fonts if legacy.encoding_for_font(font) == legacy.TCVN3]
    return False if tcvn3 and not any(legacy.is_caps_font(font) for font in tcvn3) else None


def _readings(block: Block, file_encodings: list[str], file_caps: bool | None) -> list[tuple[str | None, bool | None]]:
    """The ways to read a block: (legacy encoding or None, upper-case or not, None = by
    the line). Its own font decides alone; without one, the file's legacy fonts and the
    legacy surface forms in the text add readings beside the plain one."""
    own = legacy.encoding_for_font(block.font)
    if own is not None:
        return [(own, legacy.is_caps_font(block.font))]
    readings: list[tuple[str | None, bool | None]] = [(None, False)]
    encodings = list(file_encodings)
    if not block.font or file_encodings:  # a named Unicode font in a file without legacy fonts is trusted
        encodings += legacy.encodings_in(block.text, known=encodings)
    readings += [(enc, file_caps if enc == legacy.TCVN3 else False) for enc in encodings]
    return readings


def _best(line: str, readings: list[tuple[str | None, bool | None]], ocr: bool, shown_caps: bool) -> _Hit | None:
    """The strongest rule any reading of the line satisfies. `shown_caps`: formatting
    draws the line in capitals, so it is judged upper-cased (after legacy conversion)."""
    best = None
    for encoding, caps in readings:
        if caps is None:  # TCVN3 capitals are typed as ASCII capitals + lower-case toned codes
            caps = bool(_ASCII_UPPER.search(line)) and not _ASCII_LOWER.search(line)
        text = normalize.normalize_line(line, encoding, caps)
        hit = classify(text.upper() if shown_caps else text, ocr)
        if hit is not None and (best is None or hit.base > best.base):
            best = hit
    return best


def _score(hits: list[_Hit], extraction: Extraction) -> list[Mark]:
    blocks = extraction.blocks
    hits = _registers(hits, extraction.kind)
    hits = _enumerations(hits)
    heading = _official_heading(blocks, _file_encodings(extraction))
    has_level = any(hit.level is not None for hit in hits)
    has_aux = any(hit.rule in ("A1", "A2", "A3", "A4") for hit in hits)
    teaching: dict[int, bool] = {}  # block position → holds a teaching word
    marks = []
    for hit in hits:
        block = hit.block
        cap = hit.cap
        if hit.level is not None and _teaching(blocks, hit.pos, block.part, teaching):
            cap = min(cap, REVIEW_CAP)
        if hit.rule in ("A2", "A3", "A4") and not has_level:
            cap = min(cap, REVIEW_CAP)
        if OCR_PART in block.part and not _top(block):
            cap = min(cap, REVIEW_CAP)
        score = hit.base + _boost(block) + (0.10 if heading else 0.0)
        if hit.level is not None and has_aux:
            score += 0.10
        score = round(min(score, cap, 1.0), 2)
        marks.append(Mark(line=_evidence(hit.line), rule=hit.rule, score=score, level=hit.level,
                          container=block.container, part=block.part, page=block.page))
    return marks


def _registers(hits: list[_Hit], kind: str) -> list[_Hit]:
    """Level words in the cells of a part that has an "Độ mật" column header are the
    entries of a register, not stamps: one REGISTER mark replaces them."""
    headers = {hit.block.part: hit for hit in hits if hit.rule == "REGISTER" and hit.block.container == Container.CELL}
    kept = [hit for hit in hits if hit.rule != "REGISTER"]
    for part, header in headers.items():
        entries = [hit for hit in kept if hit.block.part == part and hit.block.container == Container.CELL
                   and hit.rule in ("P1", "P2") and hit.pos != header.pos]
        if len(entries) >= (1 if kind in _SPREADSHEETS else 2):
            dropped = {id(hit) for hit in entries}
            kept = [hit for hit in kept if id(hit) not in dropped]
            kept.append(header)
    return kept


def _enumerations(hits: list[_Hit]) -> list[_Hit]:
    """Different levels within 3 blocks of each other in one part are a list of examples."""
    by_part: dict[str, list[_Hit]] = {}
    for hit in hits:
        if hit.rule in ("P1", "P2", "P3"):
            by_part.setdefault(hit.block.part, []).append(hit)
    for levelled in by_part.values():
        for hit in levelled:
            hit.enumerated = any(other.level != hit.level and abs(other.pos - hit.pos) <= 3 for other in levelled)
    kept = []
    for hit in hits:
        if hit.enumerated:
            if hit.rule == "P2":
                continue  # "Mật / Tối mật / Tuyệt mật": a picklist
            hit.cap = min(hit.cap, REVIEW_CAP)
        kept.append(hit)
    return kept


def _teaching(blocks: list[Block], pos: int, part: str, seen: dict[int, bool]) -> bool:
    for near in range(max(0, pos - 5), min(len(blocks), pos + 3)):
        block = blocks[near]
        if block.part != part or not block.text:
            continue
        if near not in seen:
            seen[near] = bool(_TEACHING.search(normalize.fold(block.text[:200]).upper()))
        if seen[near]:
            return True
    return False


def _official_heading(blocks: list[Block], file_encodings: list[str]) -> bool:
    """"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc" or "Số: …/…"
    in the first 25 blocks of a part."""
    seen = 0
    for block in blocks:
        if block.index >= 25 or not block.text or len(block.text) > 300:
            continue
        seen += 1
        if seen > 200:
            break
        own = legacy.encoding_for_font(block.font)
        encodings = [own] if own else [None, *file_encodings]
        for line in normalize.split_lines(block.text):
            # Each heading is a short line starting with C(ộng), Đ(ộc) or S(ố), in
            # Unicode, TCVN3 (§) or VNI (Ñ); the others are not worth normalising.
            if len(line) > 100 or normalize.trim(line)[:1] not in _HEADING_INITIALS:
                continue
            for encoding in encodings:
                folded = normalize.fold(normalize.normalize_line(line, encoding)).upper()
                if _HEADING.search(folded):
                    return True
    return False


def _top(block: Block) -> bool:
    if block.y is not None:
        return (block.page is None or block.page == 1) and block.y < 0.30
    return block.index < 15


def _boost(block: Block) -> float:
    boost = 0.10 if block.container in _BOXES or _top(block) else 0.0
    if block.bordered or _is_red(block.colour):
        boost += 0.05
    if block.bold:
        boost += 0.05
    return boost


def _is_red(colour: str | None) -> bool:
    """FF0000 or close to it: red high, green and blue low (stamps are printed red)."""
    if not colour:
        return False
    value = colour.strip().lstrip("#").lower()
    if value == "red":
        return True
    if not re.fullmatch(r"[0-9a-f]{6}", value):
        return False
    red, green, blue = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return red >= 0xB0 and green <= 0x60 and blue <= 0x60


def _evidence(line: str) -> str:
    return line if len(line) <= LINE_MAX else line[: LINE_MAX - 1] + "…"


def _verdict(marks: list[Mark], name_mark: Mark | None) -> Verdict | None:
    counted = [mark for mark in marks if mark.score >= REVIEW and mark.rule != "A5"]
    if not counted:
        if name_mark is None:
            return None
        return Verdict(level=name_mark.level, tier=Tier.REVIEW, score=name_mark.score, marks=[name_mark])
    levels = [mark.level for mark in counted if mark.level is not None]
    level = max(levels, key=LEVEL_ORDER.__getitem__) if levels else (name_mark.level if name_mark else None)
    score = max(mark.score for mark in counted)
    tier = Tier.MARKED if score >= MARKED else Tier.REVIEW
    shown = counted + [mark for mark in marks if mark.rule == "A5"] + ([name_mark] if name_mark else [])
    return Verdict(level=level, tier=tier, score=score, marks=_distinct(shown))


def _distinct(marks: list[Mark]) -> list[Mark]:
    """Best first (the earliest among equals), one per (line, rule, container): a header
    repeated on every page is one piece of evidence; at most MAX_MARKS."""
    seen, kept = set(), []
    for mark in sorted(marks, key=lambda mark: -mark.score):
        key = (mark.line, mark.rule, mark.container)
        if key not in seen:
            seen.add(key)
            kept.append(mark)
    return kept[:MAX_MARKS]


# --- the file's name ------------------------------------------------------------------

# "mat" without diacritics is also mặt (face, side), mất (lose) and mát (cool); these
# are the words that follow those in file names ("mat_tran", "mat_bang", "mat_dien").
_NAME_AFTER_PLAIN = frozenset({"tran", "bang", "hang", "duong", "dat", "nuoc", "troi", "tien", "ngoai",
                               "trong", "truoc", "sau", "na", "trang", "dien", "tich", "cat", "xa", "tay"})


def name_hint(name: str) -> Mark | None:
    """A review mark when the file's own name says "tối mật", "mật", "bmnn"…"""
    base = re.split(r"[\\/!]", name)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base  # "data.mat" is MATLAB, not mật
    words = normalize.fix_lookalikes(normalize.nfc(stem)).lower()
    tokens = [token for token in re.split(r"[\s_\-.,()\[\]+]+", words) if token]
    folded = [normalize.fold(token) for token in tokens]
    found: list[Level | None] = []
    for i, word in enumerate(folded):
        if word in ("bmnn", "bimat", "tuyetmat", "toimat"):
            found.append({"tuyetmat": Level.TUYET_MAT, "toimat": Level.TOI_MAT}.get(word))
            continue
        if tokens[i] not in ("mật", "mat"):  # "mặt", "mất", "mát" are other words
            continue
        before = folded[i - 1] if i > 0 else ""
        after = folded[i + 1] if i + 1 < len(folded) else ""
        if before == "bi":
            if (folded[i - 2] if i > 1 else "") != "ve":  # "bảo vệ bí mật": about secrets, not one
                found.append(None)
        elif before in ("tuyet", "toi"):
            found.append(Level.TUYET_MAT if before == "tuyet" else Level.TOI_MAT)
        elif before not in _BEFORE_FOLDED_LOWER and after not in _AFTER_FOLDED_LOWER:
            if tokens[i] == "mật" or after not in _NAME_AFTER_PLAIN:
                found.append(Level.MAT)
    if not found:
        return None
    levels = [level for level in found if level is not None]
    level = max(levels, key=LEVEL_ORDER.__getitem__) if levels else None
    return Mark(line=_evidence(base), rule="NAME", score=REVIEW, level=level, container=Container.FILENAME)


_BEFORE_FOLDED_LOWER = frozenset(word.lower() for word in _BEFORE_FOLDED)
_AFTER_FOLDED_LOWER = frozenset(word.lower() for word in _AFTER_FOLDED)
