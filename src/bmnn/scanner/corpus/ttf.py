"""Just enough TrueType to embed Vietnamese text in a PDF: find a font on the machine,
map characters to glyphs (cmap format 4/12), read advance widths, and subset the glyph
table to the glyphs used (composite glyphs pull in their components), so a PDF with an
embedded font stays a few kilobytes, as an exported document's does."""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Fonts with Vietnamese glyphs, in order of preference; the first found is used.
CANDIDATES = [
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/liberation/LiberationSerif-Regular.ttf",
    "C:/Windows/Fonts/times.ttf",
    "C:/Windows/Fonts/arial.ttf",
    "/Library/Fonts/Times New Roman.ttf",
    "/System/Library/Fonts/Supplemental/Times New Roman.ttf",
]
# Tables a PDF renderer needs from an embedded TrueType program; the rest
# (kerning, OpenType layout, signatures) is dropped.
KEEP = ("head", "hhea", "maxp", "OS/2", "name", "cvt ", "fpgm", "prep", "hmtx", "cmap")
VIETNAMESE_PROBE = "ẬỆỐỒỮĐđơưạ"


@dataclass(frozen=True)
class Font:
    path: Path
    data: bytes
    tables: dict[str, tuple[int, int]]  # tag → (offset, length)
    cmap: dict[int, int]  # code point → glyph id
    advances: tuple[int, ...]  # per glyph, font units
    units_per_em: int
    long_loca: bool
    num_glyphs: int

    def table(self, tag: str) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset:offset + length]

    def glyph(self, char: str) -> int:
        return self.cmap.get(ord(char), 0)

    def width(self, gid: int) -> int:
        """Advance width in PDF glyph space (1/1000 em)."""
        advance = self.advances[min(gid, len(self.advances) - 1)]
        return round(advance * 1000 / self.units_per_em)

    def covers(self, text: str) -> bool:
        return all(ord(c) in self.cmap for c in text if not c.isspace())


def _parse_cmap(data: bytes, offset: int) -> dict[int, int]:
    _, count = struct.unpack_from(">HH", data, offset)
    best = None
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, offset + sub)[0]
        if (platform, encoding, fmt) in ((3, 10, 12), (0, 4, 12)):
            best = (offset + sub, 12)
            break
        if (platform, encoding, fmt) in ((3, 1, 4), (0, 3, 4)) and best is None:
            best = (offset + sub, 4)
    if best is None:
        raise ValueError("no Unicode cmap")
    start, fmt = best
    mapping: dict[int, int] = {}
    if fmt == 12:
        groups = struct.unpack_from(">I", data, start + 12)[0]
        for g in range(groups):
            first, last, gid = struct.unpack_from(">III", data, start + 16 + 12 * g)
            for code in range(first, last + 1):
                mapping[code] = gid + code - first
        return mapping
    segments = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 4 * segments)
    range_at = start + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    for s in range(segments):
        for code in range(starts[s], ends[s] + 1):
            if code == 0xFFFF:
                continue
            if offsets[s] == 0:
                gid = (code + deltas[s]) & 0xFFFF
            else:
                at = range_at + 2 * s + offsets[s] + 2 * (code - starts[s])
                gid = struct.unpack_from(">H", data, at)[0]
                gid = (gid + deltas[s]) & 0xFFFF if gid else 0
            if gid:
                mapping[code] = gid
    return mapping


def load(path: Path) -> Font:
    data = path.read_bytes()
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag.decode("latin-1")] = (offset, length)
    head = tables["head"][0]
    units = struct.unpack_from(">H", data, head + 18)[0]
    long_loca = struct.unpack_from(">h", data, head + 50)[0] == 1
    num_glyphs = struct.unpack_from(">H", data, tables["maxp"][0] + 4)[0]
    metrics = struct.unpack_from(">H", data, tables["hhea"][0] + 34)[0]
    advances = tuple(struct.unpack_from(">H", data, tables["hmtx"][0] + 4 * i)[0] for i in range(metrics))
    cmap = _parse_cmap(data, tables["cmap"][0])
    return Font(path, data, tables, cmap, advances, units, long_loca, num_glyphs)


def _candidates():
    env = os.environ.get("BMNN_CORPUS_FONT")
    if env:
        yield Path(env)
    yield from (Path(p) for p in CANDIDATES)
    for root in ("/usr/share/fonts", "C:/Windows/Fonts"):
        if Path(root).is_dir():
            yield from sorted(Path(root).rglob("*.ttf"))


@lru_cache(maxsize=1)
def find_font() -> Font | None:
    """The first TrueType font here that draws Vietnamese, or None (then PDFs hold
    only text that WinAnsi can carry: see pdf.py)."""
    for path in _candidates():
        try:
            if path.is_file():
                font = load(path)
                if font.covers(VIETNAMESE_PROBE):
                    return font
        except (OSError, ValueError, KeyError, struct.error):
            continue
    return None


def _glyph_ranges(font: Font) -> list[tuple[int, int]]:
    loca = font.table("loca")
    if font.long_loca:
        offsets = struct.unpack(f">{font.num_glyphs + 1}I", loca[:4 * (font.num_glyphs + 1)])
    else:
        offsets = tuple(2 * o for o in struct.unpack(f">{font.num_glyphs + 1}H", loca[:2 * (font.num_glyphs + 1)]))
    return [(offsets[g], offsets[g + 1]) for g in range(font.num_glyphs)]


def _components(glyph: bytes) -> list[int]:
    """Glyph ids a composite glyph is built from (Vietnamese letters usually are)."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    out, at = [], 10
    while True:
        flags, gid = struct.unpack_from(">HH", glyph, at)
        out.append(gid)
        at += 4 + (4 if flags & 0x0001 else 2)
        if flags & 0x0008:
            at += 2
        elif flags & 0x0040:
            at += 4
        elif flags & 0x0080:
            at += 8
        if not flags & 0x0020:
            return out


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def subset(font: Font, gids: set[int]) -> bytes:
    """The font with every glyph outside `gids` (and their components) emptied; glyph
    ids are unchanged, so the PDF's CIDToGIDMap stays Identity."""
    ranges = _glyph_ranges(font)
    glyf = font.table("glyf")
    keep, todo = {0}, list(gids)
    while todo:
        gid = todo.pop()
        if gid in keep or gid >= font.num_glyphs:
            continue
        keep.add(gid)
        start, end = ranges[gid]
        todo += _components(glyf[start:end])
    new_glyf, loca = bytearray(), []
    for gid, (start, end) in enumerate(ranges):
        loca.append(len(new_glyf))
        if gid in keep:
            new_glyf += glyf[start:end]
            new_glyf += b"\0" * (-len(new_glyf) % 4)
    loca.append(len(new_glyf))
    head = bytearray(font.table("head"))
    struct.pack_into(">I", head, 8, 0)  # checksumAdjustment, set below
    struct.pack_into(">h", head, 50, 1)  # long loca
    post = struct.pack(">IIhhIIIII", 0x00030000, 0, 0, 0, 0, 0, 0, 0, 0)
    tables = {tag: font.table(tag) for tag in KEEP if tag in font.tables}
    tables.update({"head": bytes(head), "glyf": bytes(new_glyf), "loca": struct.pack(f">{len(loca)}I", *loca),
                   "post": post})
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    offset = 12 + 16 * count
    directory, body = bytearray(), bytearray()
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    out = bytearray(header + directory + body)
    head_at = 12 + 16 * count + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[:tags.index("head")])
    struct.pack_into(">I", out, head_at + 8, (0xB1B0AFBA - _checksum(bytes(out))) & 0xFFFFFFFF)
    return bytes(out)
