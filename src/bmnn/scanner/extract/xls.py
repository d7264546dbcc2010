"""Excel 97–2003 workbooks (.xls, BIFF8; Excel 95 BIFF5 too).

olefile takes the Workbook stream out of the compound file (within the part budget);
one cheap pass over its records finds what xlrd does not give: FILEPASS (the
workbook is encrypted: reported, not read), the FONT names (legacy .VnTime/VNI
detection) and each sheet's print HEADER/FOOTER, where a "MẬT" stamp may be printed
on every page (scanner-notes §2.4). xlrd then reads the cells from the same stream.
Stamp mode reads the first 200 rows of each sheet; full mode every row.
"""

from __future__ import annotations

import re
import struct

import xlrd

from bmnn.scanner.extract.ole import open_ole, property_blocks, read_stream, stream_names
from bmnn.scanner.model import Block, Budget, Container, Extraction, ExtractError, ProblemKind, Source

STAMP_ROWS = 200

_BOF, _EOF, _FILEPASS, _FONT, _BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x0031, 0x0085
_HEADER, _FOOTER, _CODEPAGE = 0x0014, 0x0015, 0x0042
_CELL_TABLE_START = {0x0200, 0x0208, 0x00FD, 0x0204, 0x0203, 0x027E, 0x00BD, 0x0006, 0x0201, 0x0205}

# Print header codes: &L &C &R sections; &"Font,Style", &12 size, &K colour, &P &N &D &T &F &A fields
_HF_SECTION = re.compile(r"&([LCR])")
_HF_CODE = re.compile(r'&"[^"]*"|&K[0-9A-Fa-f]{6}|&K\d\d[+-]\d{3}|&\d+|&[A-Za-z+\-]')


class _Silent:
    """xlrd writes warnings to a log file (stdout by default); workers stay quiet."""

    def write(self, _text: str) -> int:
        return 0


def extract_xls(source: Source, budget: Budget) -> Extraction:
    with open_ole(source) as ole:
        names = stream_names(ole)
        stream_name = "Workbook" if "workbook" in names else "Book" if "book" in names else None
        if stream_name is None:
            raise ExtractError(ProblemKind.UNREADABLE, "không có luồng Workbook / no Workbook stream")
        stream = read_stream(ole, stream_name, budget)
        properties = property_blocks(ole)
    scan = _scan_records(stream)
    if scan.encrypted:
        return Extraction(kind="xls", encrypted=True)
    extraction = Extraction(kind="xls", fonts=scan.fonts, blocks=properties)
    for sheet_name, kind, text in scan.headers:
        for block_index, section in enumerate(_header_sections(text)):
            extraction.blocks.append(Block(text=section, container=kind, part=sheet_name, index=block_index))
    _read_cells(stream, extraction, budget)
    return extraction


class _Scan:
    def __init__(self) -> None:
        self.encrypted = False
        self.fonts: set[str] = set()
        self.sheets: list[tuple[int, str]] = []  # (stream offset of the sheet's BOF, name)
        self.headers: list[tuple[str, Container, str]] = []  # (sheet, HEADER|FOOTER, raw string)
        self.codepage = 1252


def _scan_records(stream: bytes) -> _Scan:
    """Walk the globals substream to EOF, then each sheet's records up to its cell
    table (HEADER/FOOTER sit in the page-settings block before it). BIFF8 strings carry
    a flags byte (8-bit or UTF-16); BIFF5 (Excel 95) strings are bytes in the code page."""
    scan = _Scan()
    if stream[:2] != b"\x09\x08" and stream[:2] not in (b"\x09\x00", b"\x09\x02", b"\x09\x04"):
        raise ExtractError(ProblemKind.UNREADABLE, "luồng Workbook không bắt đầu bằng BOF / no BOF")
    biff8 = stream[4:6] == b"\x00\x06"
    short_string = _short_string if biff8 else _byte_string
    for code, data in _records(stream, 0):
        if code == _FILEPASS:
            scan.encrypted = True
            return scan
        if code == _CODEPAGE and len(data) >= 2:
            scan.codepage = struct.unpack_from("<H", data)[0]
        elif code == _FONT and len(data) > 14:
            name = short_string(data, 14, scan.codepage)
            if name:
                scan.fonts.add(name)
        elif code == _BOUNDSHEET and len(data) > 6:
            offset = struct.unpack_from("<I", data)[0]
            scan.sheets.append((offset, short_string(data, 6, scan.codepage)))
        elif code == _EOF:
            break
    for offset, sheet_name in scan.sheets:
        for code, data in _records(stream, offset):
            if code in (_HEADER, _FOOTER) and data:
                text = _unicode_string(data, 0, scan.codepage) if biff8 else _byte_string(data, 0, scan.codepage)
                if text.strip():
                    scan.headers.append((sheet_name, Container.HEADER if code == _HEADER else Container.FOOTER, text))
            elif code in _CELL_TABLE_START or code == _EOF:
                break
    return scan


def _records(stream: bytes, pos: int):
    end = len(stream)
    while pos + 4 <= end:
        code, length = struct.unpack_from("<HH", stream, pos)
        yield code, stream[pos + 4:pos + 4 + length]
        pos += 4 + length


def _short_string(data: bytes, pos: int, codepage: int) -> str:
    """ShortXLUnicodeString: 1-byte count, flags, characters."""
    if pos + 2 > len(data):
        return ""
    count, flags = data[pos], data[pos + 1]
    return _chars(data, pos + 2, count, flags, codepage)


def _byte_string(data: bytes, pos: int, codepage: int) -> str:
    """BIFF5 short string: 1-byte count, bytes in the workbook's code page."""
    if pos + 1 > len(data):
        return ""
    return _chars(data, pos + 1, data[pos], 0, codepage)


def _unicode_string(data: bytes, pos: int, codepage: int) -> str:
    """XLUnicodeString: 2-byte count, flags, characters."""
    if pos + 3 > len(data):
        return ""
    count = struct.unpack_from("<H", data, pos)[0]
    return _chars(data, pos + 3, count, data[pos + 2], codepage)


def _chars(data: bytes, pos: int, count: int, flags: int, codepage: int) -> str:
    if flags & 0x01:
        return data[pos:pos + 2 * count].decode("utf-16-le", errors="replace")
    encoding = "latin-1" if codepage == 1200 else f"cp{codepage}"  # BIFF8 "compressed" = 8-bit low bytes
    try:
        return data[pos:pos + count].decode(encoding, errors="replace")
    except LookupError:
        return data[pos:pos + count].decode("cp1252", errors="replace")


def _header_sections(text: str) -> list[str]:
    """"&LUBND&CMẬT&R&P" → ["UBND", "MẬT"]: one block per section, codes removed."""
    parts = _HF_SECTION.split(text.replace("&&", "\0"))
    out = []
    for section in [parts[0], *parts[2::2]]:
        cleaned = _HF_CODE.sub("", section).replace("\0", "&").strip()
        if cleaned:
            out.append(cleaned)
    return out


def _read_cells(stream: bytes, extraction: Extraction, budget: Budget) -> None:
    try:
        book = xlrd.open_workbook(file_contents=stream, on_demand=True, logfile=_Silent())
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            extraction.encrypted = True
            return
        raise ExtractError(ProblemKind.UNREADABLE, f"xls hỏng / corrupt xls: {error}") from error
    except Exception as error:  # xlrd raises struct.error, IndexError, AssertionError… on garbage
        raise ExtractError(ProblemKind.UNREADABLE, f"xls hỏng / corrupt xls: {error!r}") from error
    try:
        for sheet_index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(sheet_index)
            except Exception as error:
                raise ExtractError(ProblemKind.UNREADABLE, f"trang tính hỏng / corrupt sheet: {error!r}") from error
            rows = sheet.nrows if budget.full else min(sheet.nrows, STAMP_ROWS)
            index = 0
            for row in range(rows):
                for value in sheet.row_values(row):
                    if isinstance(value, str):
                        text = value.strip()
                        if text:
                            extraction.blocks.append(Block(text=text, container=Container.CELL, part=sheet.name,
                                                           index=index))
                            index += 1
            book.unload_sheet(sheet_index)
    finally:
        book.release_resources()
