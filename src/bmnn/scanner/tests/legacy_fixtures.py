"""Minimal writers for legacy binary Office files, so tests (and the corpus generator)
can build .doc and .xls bytes without Word, Excel or LibreOffice.

- `cfb(streams)`: an OLE2 compound file (MS-CFB v3, 512-byte sectors) holding root
  streams. Streams shorter than the 4096-byte mini-stream cutoff are zero-padded to
  4096 bytes so every stream lives in ordinary sectors and no mini FAT is needed; the
  Word and Excel readers ignore bytes after their data, so padding is harmless.
- `word97(...)`: a Word 97 binary document: FIB, text pieces (compressed cp1252 or
  UTF-16), CLX piece table, the story counts (ccpText, ccpFtn, ccpHdd, ccpAtn,
  ccpEdn, ccpTxbx), a PlcfHdd for header/footer stories and a SttbfFfn font table.
- `biff8(sheets)`: an Excel 97 workbook stream (BOF, FONT, BOUNDSHEET, SST, sheet
  substreams with HEADER/FOOTER, LABELSST/LABEL, EOF), wrapped by `xls()`.

Only what the readers need is written; Word or Excel may refuse these files.
"""

from __future__ import annotations

import struct

FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512
MINI_CUTOFF = 4096


# -- compound file ---------------------------------------------------------------------


def cfb(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file with the given root-level streams."""
    names = sorted(streams, key=lambda name: (len(name), name.upper()))  # CFB sibling order
    data = {name: streams[name].ljust(MINI_CUTOFF, b"\0") for name in names}
    chains: list[tuple[int, int]] = []  # (first sector, sector count) per stream
    next_sector = 0
    for name in names:
        count = -(-len(data[name]) // SECTOR)
        chains.append((next_sector, count))
        next_sector += count
    entries = 1 + len(names)
    dir_first, dir_count = next_sector, -(-entries * 128 // SECTOR)
    next_sector += dir_count
    fat_count = 1
    while (next_sector + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    assert fat_count <= 109, "no DIFAT in this writer"
    fat_first = next_sector

    fat = [FREESECT] * (fat_count * SECTOR // 4)
    for first, count in [*chains, (dir_first, dir_count)]:
        for i in range(count):
            fat[first + i] = first + i + 1 if i + 1 < count else ENDOFCHAIN
    for i in range(fat_count):
        fat[fat_first + i] = FATSECT

    directory = _dir_entry("Root Entry", 5, child=1 if names else NOSTREAM, start=ENDOFCHAIN, size=0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else NOSTREAM  # a right-leaning chain of black nodes
        directory += _dir_entry(name, 2, right=right, start=chains[i][0], size=len(data[name]))
    directory = directory.ljust(dir_count * SECTOR, b"\0")
    # unused directory slots must read as empty entries with NOSTREAM links
    for offset in range(entries * 128, len(directory), 128):
        directory = directory[:offset] + _empty_entry() + directory[offset + 128:]

    difat = [fat_first + i for i in range(fat_count)] + [FREESECT] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
        b"\0" * 6, 0, fat_count, dir_first, 0, MINI_CUTOFF, ENDOFCHAIN, 0, ENDOFCHAIN, 0,
    ) + struct.pack("<109I", *difat)
    body = b"".join(data[name].ljust(count * SECTOR, b"\0") for name, (_first, count) in zip(names, chains))
    return header + body + directory + struct.pack(f"<{len(fat)}I", *fat)


def _dir_entry(name: str, kind: int, *, child: int = NOSTREAM, right: int = NOSTREAM, start: int, size: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0"
    return struct.pack(
        "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, NOSTREAM, right, child, b"\0" * 16, 0, 0, 0,
        start, size,
    )


def _empty_entry() -> bytes:
    return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0)


def property_set(values: dict[int, str], *, codepage: int = 1252, summary: bool = True) -> bytes:
    """An OLE property set stream (MS-OLEPS) with string properties (VT_LPSTR in
    `codepage`, or VT_LPWSTR when the text does not fit it) by property id: for SummaryInformation 2 title, 3 subject, 5 keywords,
    6 comments; for DocumentSummaryInformation (`summary=False`) 2 category. Store it
    as "\\x05SummaryInformation" / "\\x05DocumentSummaryInformation"."""
    import uuid

    fmtid = uuid.UUID("F29F85E0-4FF9-1068-AB91-08002B27B3D9" if summary else "D5CDD502-2E9C-101B-9397-08002B2CF9AE")
    props = [(1, struct.pack("<HHhH", 2, 0, codepage if codepage < 32768 else codepage - 65536, 0))]
    for pid, text in values.items():
        try:  # VT_LPSTR in the code page, else VT_LPWSTR (UTF-16; cp1258 cannot encode NFC text)
            raw, kind, count = text.encode(f"cp{codepage}") + b"\0", 0x1E, len(text) + 1
            count = len(raw)
        except UnicodeEncodeError:
            raw, kind, count = (text + "\0").encode("utf-16-le"), 0x1F, len(text) + 1
        raw += b"\0" * (-len(raw) % 4)
        props.append((pid, struct.pack("<HHI", kind, 0, count) + raw))
    offsets, body = [], b""
    table_size = 8 + 8 * len(props)
    for pid, value in props:
        offsets.append((pid, table_size + len(body)))
        body += value
    section = struct.pack("<II", table_size + len(body), len(props))
    section += b"".join(struct.pack("<II", pid, offset) for pid, offset in offsets) + body
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, b"\0" * 16, 1) + fmtid.bytes_le + struct.pack("<I", 48)
    return header + section


# -- Word 97 ---------------------------------------------------------------------------

# FibRgFcLcb97 indices (MS-DOC 2.5.6)
_FC_PLCFHDD, _FC_STTBFFFN, _FC_CLX = 11, 15, 33
_FIB_SIZE = 32 + 2 + 28 + 2 + 88 + 2 + 93 * 8 + 2


def word97(
    text: str = "",
    *,
    footnotes: str = "",
    headers: list[tuple[str, str]] | None = None,
    comments: str = "",
    endnotes: str = "",
    textboxes: str = "",
    fonts: list[str] | None = None,
    compressed: bool | None = None,
    encrypted: bool = False,
    table_stream: str = "1Table",
    piece_chars: int = 0,
    extra_streams: dict[str, bytes] | None = None,
) -> bytes:
    """A Word 97 .doc. Each story is given with its paragraph marks (\\r) and cell
    marks (\\x07). `headers` is a list of (kind, text) with kind among "even_header",
    "header", "even_footer", "footer", "first_header", "first_footer" (one section).
    `compressed` None chooses cp1252 pieces when the text fits cp1252. `piece_chars` > 0
    cuts the text into pieces of that many characters, alternating compressed and
    UTF-16 pieces, to test mixed piece tables."""
    header_text, plcfhdd = _header_story(headers or [])
    stories = [text, footnotes, header_text, "", comments, endnotes, textboxes]
    full = "".join(stories)
    if any(stories[1:]):
        full += "\r"  # the guard paragraph mark after the last subdocument
    pieces = _pieces(full, compressed, piece_chars)

    word = bytearray(_FIB_SIZE)
    text_start = 0x400
    word.extend(b"\0" * (text_start - len(word)))
    fcs = []
    for chunk, packed in pieces:
        if packed:
            fcs.append((len(word) * 2) | 0x40000000)
            word.extend(chunk.encode("cp1252"))
        else:
            fcs.append(len(word))
            word.extend(chunk.encode("utf-16-le"))
    cps = [0]
    for chunk, _packed in pieces:
        cps.append(cps[-1] + len(chunk))
    plcpcd = struct.pack(f"<{len(cps)}I", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in fcs)
    clx = b"\x02" + struct.pack("<I", len(plcpcd)) + plcpcd

    table = bytearray(b"\0" * 16)
    slots: dict[int, tuple[int, int]] = {}
    for index, blob in ((_FC_CLX, clx), (_FC_STTBFFFN, _sttbf_ffn(fonts or [])), (_FC_PLCFHDD, plcfhdd)):
        if blob:
            slots[index] = (len(table), len(blob))
            table.extend(blob)

    flags = 0x0004 | (0x0100 if encrypted else 0) | (0x0200 if table_stream == "1Table" else 0)
    struct.pack_into("<HHHHHH", word, 0, 0xA5EC, 0x00C1, 0, 0x0409, 0, flags)
    struct.pack_into("<H", word, 0x20, 14)
    struct.pack_into("<H", word, 0x3E, 22)
    counts = [len(story) for story in stories]  # ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx
    struct.pack_into("<I", word, 0x40, len(word))  # cbMac
    struct.pack_into("<7I", word, 0x4C, *counts)
    struct.pack_into("<H", word, 0x98, 93)
    for index, (fc, lcb) in slots.items():
        struct.pack_into("<II", word, 0x9A + 8 * index, fc, lcb)
    struct.pack_into("<H", word, 0x9A + 93 * 8, 0)
    return cfb({"WordDocument": bytes(word), table_stream: bytes(table), **(extra_streams or {})})


_HDD_SLOTS = ["even_header", "header", "even_footer", "footer", "first_header", "first_footer"]


def _header_story(headers: list[tuple[str, str]]) -> tuple[str, bytes]:
    if not headers:
        return "", b""
    by_kind = dict(headers)
    stories = [""] * 6 + [by_kind.get(kind, "") for kind in _HDD_SLOTS]
    cps = [0]
    for story in stories:
        cps.append(cps[-1] + len(story))
    text = "".join(stories) + "\r"  # the header document's own closing mark
    cps.append(len(text))
    return text, struct.pack(f"<{len(cps)}I", *cps)


def _pieces(full: str, compressed: bool | None, piece_chars: int) -> list[tuple[str, bool]]:
    def fits(chunk: str) -> bool:
        try:
            chunk.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True

    if piece_chars <= 0:
        return [(full, fits(full) if compressed is None else compressed)]
    chunks = [full[i:i + piece_chars] for i in range(0, len(full), piece_chars)] or [""]
    return [(chunk, i % 2 == 0 and fits(chunk)) for i, chunk in enumerate(chunks)]


def _sttbf_ffn(fonts: list[str]) -> bytes:
    if not fonts:
        return b""
    out = bytearray(struct.pack("<HH", len(fonts), 0))
    for name in fonts:
        ffn = bytes([0x26]) + struct.pack("<H", 400) + b"\0\0" + b"\0" * 10 + b"\0" * 24
        ffn += name.encode("utf-16-le") + b"\0\0"
        out.append(len(ffn))
        out.extend(ffn)
    return bytes(out)


# -- Excel 97 (BIFF8) ------------------------------------------------------------------


def _record(code: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", code, len(payload)) + payload


def _xl_string(text: str, length_bytes: int = 2) -> bytes:
    """XLUnicodeString: character count, flags (1 = UTF-16), characters."""
    try:
        body, flags = text.encode("latin-1"), 0
    except UnicodeEncodeError:
        body, flags = text.encode("utf-16-le"), 1
    count = struct.pack("<H" if length_bytes == 2 else "<B", len(text))
    return count + bytes([flags]) + body


def _bof(kind: int, version: int = 8) -> bytes:
    if version == 5:
        return _record(0x0809, struct.pack("<HHHH", 0x0500, kind, 0x0DBB, 0x07CC))
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _byte_string(text: str, length_bytes: int = 1) -> bytes:
    """BIFF5 string: character count, cp1252 bytes (no flags byte)."""
    body = text.encode("cp1252")
    return struct.pack("<H" if length_bytes == 2 else "<B", len(body)) + body


def biff8(
    sheets: list[dict],
    *,
    fonts: list[str] | None = None,
    encrypted: bool = False,
    version: int = 8,
) -> bytes:
    """An Excel 97 workbook stream. Each sheet is a dict: name, cells {(row, col):
    text}, optional header and footer (print header strings, e.g. "&CMẬT"), optional
    inline: True to write LABEL records instead of shared strings. `version=5` writes
    an Excel 95 (BIFF5) stream instead: cp1252 byte strings, LABEL cells, no SST; store
    it as the "Book" stream."""
    if version == 5:
        return _biff5(sheets, fonts=fonts)
    strings: list[str] = []
    index: dict[str, int] = {}
    for sheet in sheets:
        if sheet.get("inline"):
            continue
        for text in sheet["cells"].values():
            if text not in index:
                index[text] = len(strings)
                strings.append(text)

    globals_ = bytearray(_bof(0x0005))
    if encrypted:  # FILEPASS: RC4 (wEncryptionType 1, then a dummy RC4 header)
        globals_ += _record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\0" * 48)
    globals_ += _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
    for name in fonts or ["Arial"]:
        globals_ += _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _xl_string(name, 1))
    bound_at = []
    for sheet in sheets:
        bound_at.append(len(globals_) + 4)
        globals_ += _record(0x0085, struct.pack("<IBB", 0, 0, 0) + _xl_string(sheet["name"], 1))
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(_xl_string(text) for text in strings)
    globals_ += _record(0x00FC, sst)
    globals_ += _record(0x000A)

    stream = bytearray(globals_)
    for sheet, at in zip(sheets, bound_at):
        struct.pack_into("<I", stream, at, len(stream))
        stream += _bof(0x0010)
        for code, key in ((0x0014, "header"), (0x0015, "footer")):
            if sheet.get(key):
                stream += _record(code, _xl_string(sheet[key]))
        cells = sheet["cells"]
        rows = max((row for row, _col in cells), default=0) + 1
        cols = max((col for _row, col in cells), default=0) + 1
        stream += _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))
        for (row, col), text in sorted(cells.items()):
            if sheet.get("inline"):
                stream += _record(0x0204, struct.pack("<HHH", row, col, 15) + _xl_string(text))
            else:
                stream += _record(0x00FD, struct.pack("<HHHI", row, col, 15, index[text]))
        stream += _record(0x000A)
    return bytes(stream)


def _biff5(sheets: list[dict], *, fonts: list[str] | None) -> bytes:
    globals_ = bytearray(_bof(0x0005, 5))
    globals_ += _record(0x0042, struct.pack("<H", 1252))
    for name in fonts or ["Arial"]:
        globals_ += _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _byte_string(name))
    bound_at = []
    for sheet in sheets:
        bound_at.append(len(globals_) + 4)
        globals_ += _record(0x0085, struct.pack("<IBB", 0, 0, 0) + _byte_string(sheet["name"]))
    globals_ += _record(0x000A)
    stream = bytearray(globals_)
    for sheet, at in zip(sheets, bound_at):
        struct.pack_into("<I", stream, at, len(stream))
        stream += _bof(0x0010, 5)
        for code, key in ((0x0014, "header"), (0x0015, "footer")):
            if sheet.get(key):
                stream += _record(code, _byte_string(sheet[key]))
        cells = sheet["cells"]
        rows = max((row for row, _col in cells), default=0) + 1
        cols = max((col for _row, col in cells), default=0) + 1
        stream += _record(0x0200, struct.pack("<HHHHH", 0, rows, 0, cols, 0))
        for (row, col), text in sorted(cells.items()):
            stream += _record(0x0204, struct.pack("<HHH", row, col, 15) + _byte_string(text, 2))
        stream += _record(0x000A)
    return bytes(stream)


def xls(sheets: list[dict], *, extra_streams: dict[str, bytes] | None = None, **kwargs) -> bytes:
    return cfb({"Workbook": biff8(sheets, **kwargs), **(extra_streams or {})})


# -- PDF -------------------------------------------------------------------------------

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def pdf(pages: list[list[dict]], *, size: tuple[float, float] = (595, 842)) -> bytes:
    """A PDF made with PDFium's editing API. Each page is a list of items:
    {"text": str, "top": points from the page top, "x": 72, "size": 12, "font":
    "Helvetica" (a standard font, WinAnsi text only) or a TrueType file path (embedded
    whole; any Unicode), "colour": (r, g, b)} or {"image": True} for a full-page image
    (a scan). An empty list makes a blank page."""
    import ctypes
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument.new()
    loaded: dict[str, object] = {}
    keep = []  # buffers PDFium may still read until the document is saved
    for items in pages:
        page = document.new_page(*size)
        for item in items:
            if item.get("image"):
                obj = pdfium_c.FPDFPageObj_NewImageObj(document.raw)
                bitmap = pdfium.PdfBitmap.new_native(64, 64, pdfium_c.FPDFBitmap_BGR)
                bitmap.fill_rect((40, 40, 40, 255), 0, 0, 64, 64)
                pdfium_c.FPDFImageObj_SetBitmap(None, 0, obj, bitmap.raw)
                keep.append(bitmap)
                pdfium_c.FPDFPageObj_Transform(obj, size[0] - 60, 0, 0, size[1] - 60, 30, 30)
            else:
                font_name = item.get("font", "Helvetica")
                font_size = float(item.get("size", 12))
                if font_name.endswith(".ttf"):
                    if font_name not in loaded:
                        with open(font_name, "rb") as handle:
                            data = handle.read()
                        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
                        keep.append(buffer)
                        loaded[font_name] = pdfium_c.FPDFText_LoadFont(
                            document.raw, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE, True)
                    obj = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, loaded[font_name], font_size)
                else:
                    obj = pdfium_c.FPDFPageObj_NewTextObj(document.raw, font_name.encode(), font_size)
                wide = ctypes.create_string_buffer((item["text"] + "\0").encode("utf-16-le"))
                pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(ctypes.c_ushort)))
                r, g, b = item.get("colour", (0, 0, 0))
                pdfium_c.FPDFPageObj_SetFillColor(obj, r, g, b, 255)
                top = float(item.get("top", 72))
                pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, float(item.get("x", 72)), size[1] - top - font_size)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
        page.close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def pdf_by_hand(lines: list[tuple[bytes, float]], *, base_font: str = "Helvetica",
                size: tuple[float, float] = (595, 842)) -> bytes:
    """A one-page PDF written byte by byte: each line (WinAnsi bytes, points from the
    top) drawn with a non-embedded TrueType font called `base_font`, e.g.
    "ABCDEF+.VnTimeH" as a legacy TCVN3 document printed to PDF would carry."""
    content = b"".join(
        b"BT /F1 14 Tf 72 %.1f Td (" % (size[1] - top - 14)
        + text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj ET\n"
        for text, top in lines
    )
    widths = b" ".join([b"600"] * 224)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>" % (int(size[0]), int(size[1])),
        b"<< /Type /Font /Subtype /TrueType /BaseFont /" + base_font.encode("ascii")
        + b" /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [" + widths + b"] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
