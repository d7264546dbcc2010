"""OLE2 compound files (Word 97 .doc, Excel 97 .xls, PowerPoint .ppt, Outlook .msg,
and the wrapper Office puts around a password-protected .docx/.xlsx/.pptx).

Helpers shared by `doc.py` and `xls.py` (open a source, read one stream within the
part budget), `ole_kind` for the pipeline's sniff (which OLE file is this, by its
stream names) and `extract_encrypted_ooxml`: an encrypted OOXML file is reported as
encrypted, never guessed at (scanner-notes §2.4).
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from collections.abc import Iterator

import olefile

from bmnn.scanner.model import Block, Budget, Container, Extraction, ExtractError, ProblemKind, Source

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Stream names that tell the kind, strongest first. An encrypted OOXML file holds
# EncryptionInfo + EncryptedPackage (MS-OFFCRYPTO 2.3.4); Word/Excel keep their main
# stream even when encrypted (the encryption is inside it).
_KIND_BY_STREAM = (
    ("encryptedpackage", "ooxml_encrypted"),
    ("worddocument", "doc"),
    ("workbook", "xls"),
    ("book", "xls"),  # BIFF5 (Excel 5/95) workbooks
    ("powerpoint document", "ppt"),
)


@contextmanager
def open_ole(source: Source) -> Iterator[olefile.OleFileIO]:
    """The source's compound file, closed afterwards. olefile reads the header, FAT
    and directory only; streams are read on demand. Anything olefile cannot parse is
    UNREADABLE: a truncated or corrupt file must not stop the scan."""
    handle = source.open()
    try:
        try:
            ole = olefile.OleFileIO(handle)
        except Exception as error:  # olefile raises OSError, struct.error, IndexError… on garbage
            raise ExtractError(ProblemKind.UNREADABLE, f"tệp OLE hỏng / corrupt OLE file: {error}") from error
        try:
            yield ole
        finally:
            ole.close()
    finally:
        handle.close()


def read_stream(ole: olefile.OleFileIO, name: str, budget: Budget) -> bytes:
    """One whole stream (olefile loads streams fully), refused above the part budget
    so a hostile directory entry cannot make us allocate gigabytes."""
    try:
        size = ole.get_size(name)
    except Exception as error:
        raise ExtractError(ProblemKind.UNREADABLE, f"thiếu luồng {name} / missing stream {name}") from error
    if size > budget.max_part_bytes:
        raise ExtractError(ProblemKind.TOO_LARGE, f"luồng {name} quá lớn / stream {name} too large: {size} bytes")
    try:
        with ole.openstream(name) as stream:
            return stream.read()
    except ExtractError:
        raise
    except Exception as error:
        raise ExtractError(ProblemKind.UNREADABLE, f"luồng {name} hỏng / corrupt stream {name}: {error}") from error


# Document properties where a template or an e-office system may write the level
# (scanner-notes §4.3): SummaryInformation title, subject, keywords, comments;
# DocumentSummaryInformation category.
_PROPERTIES = (
    ("\x05SummaryInformation", (2, 3, 5, 6)),
    ("\x05DocumentSummaryInformation", (2,)),
)
_PROPERTY_STREAM_LIMIT = 1 << 20
_PID_CODEPAGE = 1


def property_blocks(ole: olefile.OleFileIO) -> list[Block]:
    """PROPERTY blocks (part "properties") from the OLE property streams; a damaged
    or missing stream gives none, never an error."""
    blocks: list[Block] = []
    for stream, ids in _PROPERTIES:
        try:
            if not ole.exists(stream) or ole.get_size(stream) > _PROPERTY_STREAM_LIMIT:
                continue
            values = ole.getproperties(stream, convert_time=False)
        except Exception:  # olefile raises many kinds on damaged property sets
            continue
        codepage = values.get(_PID_CODEPAGE)
        for pid in ids:
            text = _property_text(values.get(pid), codepage)
            if text:
                blocks.append(Block(text=text, container=Container.PROPERTY, part="properties", index=len(blocks)))
    return blocks


def _property_text(value, codepage) -> str:
    if isinstance(value, bytes):
        encoding = f"cp{codepage}" if isinstance(codepage, int) and 0 < codepage < 65000 else "cp1252"
        try:
            value = value.decode(encoding, "replace")
        except LookupError:
            value = value.decode("cp1252", "replace")
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""


def stream_names(ole: olefile.OleFileIO) -> set[str]:
    """Lower-cased names of the streams and storages at the root (and the first
    level below, where .msg keeps its properties)."""
    names: set[str] = set()
    try:
        entries = ole.listdir(streams=True, storages=True)
    except (RecursionError, Exception) as error:  # a directory whose tree loops or points nowhere
        raise ExtractError(ProblemKind.UNREADABLE, f"thư mục OLE hỏng / corrupt OLE directory: {error!r}"[:200]) from error
    for entry in entries:
        names.update(part.lower() for part in entry[:2])
    return names


def kind_from_names(names: set[str]) -> str | None:
    for stream, kind in _KIND_BY_STREAM:
        if stream in names:
            return kind
    if "__properties_version1.0" in names or any(name.startswith("__substg1.0_") for name in names):
        return "msg"
    return None


def ole_kind(head_or_source: bytes | Source) -> str | None:
    """"doc" | "xls" | "ppt" | "ooxml_encrypted" | "msg" | None for an OLE2 file.

    Given a Source, the directory is read properly (olefile, header + FAT + directory,
    no stream data). Given bytes, they are parsed as a whole file when they are one;
    when they are only the head of a larger file (the directory may lie beyond it) the
    UTF-16 directory names found in those bytes decide, or None."""
    if isinstance(head_or_source, Source):
        if head_or_source.head(8)[:8] != MAGIC:
            return None
        try:
            with open_ole(head_or_source) as ole:
                return kind_from_names(stream_names(ole))
        except ExtractError:
            return None
    head = bytes(head_or_source)
    if head[:8] != MAGIC:
        return None
    try:
        with olefile.OleFileIO(io.BytesIO(head)) as ole:
            return kind_from_names(stream_names(ole))
    except Exception:  # a head, not a whole file: look for directory names in it
        return _kind_from_raw_names(head)


def _kind_from_raw_names(head: bytes) -> str | None:
    """Directory entries are 128 bytes at 128-aligned offsets (sectors are 512-byte
    aligned): a UTF-16 name, its byte length at +64 and the entry type at +66."""
    names: set[str] = set()
    for offset in range(512, len(head) - 127, 128):
        length = int.from_bytes(head[offset + 64:offset + 66], "little")
        if not (2 <= length <= 64 and length % 2 == 0) or head[offset + 66] not in (1, 2, 5):
            continue
        try:
            names.add(head[offset:offset + length - 2].decode("utf-16-le").lower())
        except UnicodeDecodeError:
            continue
    return kind_from_names(names)


def extract_encrypted_ooxml(source: Source, budget: Budget) -> Extraction:
    """A password-protected .docx/.xlsx/.pptx: Office wraps the encrypted package in
    an OLE file with EncryptionInfo and EncryptedPackage streams. Nothing inside can
    be read without the password, so it is reported as encrypted."""
    with open_ole(source) as ole:
        names = stream_names(ole)
    if "encryptedpackage" not in names:
        raise ExtractError(ProblemKind.UNREADABLE, "không có EncryptedPackage / no EncryptedPackage stream")
    return Extraction(kind="ooxml_encrypted", encrypted=True)
