"""What a file is, told by its content, not its name (a .docx that is really a PDF is
read as a PDF). The answer is a key of the extractor registry, or one of the kinds the
pipeline handles itself: "image", "ppt", "rar", "7z" (recognised, not read), "empty" and
"other" (nothing to read: skipped and counted).

Images are "image" whatever their use: a machine holds thousands of icons and photos,
so an image is read only when OCR is on (`--ocr`) and is otherwise skipped, never
reported as "needs OCR". PDF pages without a text layer are reported (the PDF reader
sets `needs_ocr`), because a scanned official document usually arrives as a PDF.
"""

from __future__ import annotations

import re
import zipfile

from bmnn.scanner.model import Source

HEAD = 8192  # bytes read to decide; a zip or OLE file is then opened for its member names

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
RAR_MAGIC = b"Rar!\x1a\x07"
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")

ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.presentation-template": "odp",
}
OOXML_FOLDERS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
# A damaged file keeps its name as the only hint of what it was meant to be; used only
# when the content says "zip" or "OLE" but the container cannot be opened.
ZIP_SUFFIXES = {".docx": "docx", ".docm": "docx", ".dotx": "docx", ".dotm": "docx", ".xlsx": "xlsx",
                ".xlsm": "xlsx", ".xltx": "xlsx", ".pptx": "pptx", ".pptm": "pptx", ".potx": "pptx",
                ".odt": "odt", ".ods": "ods", ".odp": "odp"}
OLE_SUFFIXES = {".doc": "doc", ".dot": "doc", ".xls": "xls", ".xlt": "xls", ".ppt": "ppt", ".pot": "ppt"}
_TEXT_CONTROLS = frozenset((9, 10, 11, 12, 13, 26, 27))  # tab, line ends, VT, FF, SUB, ESC
_LOCAL_NAME = re.compile(rb"PK\x03\x04.{22}(..)..", re.DOTALL)


def detect(source: Source) -> str:
    if source.size == 0:
        return "empty"
    head = source.head(HEAD)
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGICS):
        return _zip_kind(source, head)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(source)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(RAR_MAGIC):
        return "rar"
    if head.startswith(SEVEN_ZIP_MAGIC):
        return "7z"
    if _is_image(head, source.size):
        return "image"
    if _is_text(head):
        return "text"
    return "other"


def _zip_kind(source: Source, head: bytes) -> str:
    try:
        with source.open() as handle, zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
            mimetype = _small_member(archive, "mimetype") if "mimetype" in names else None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        # Truncated or damaged: the local headers at the top still name its parts.
        return _kind_from_names(_local_names(head), _local_mimetype(head)) or ZIP_SUFFIXES.get(source.suffix, "zip")
    return _kind_from_names(names, mimetype) or "zip"


def _kind_from_names(names: list[str], mimetype: str | None) -> str | None:
    if mimetype is not None:
        return ODF_MIMETYPES.get(mimetype.strip())
    if "[Content_Types].xml" in names:
        for folder, kind in OOXML_FOLDERS:
            if any(name.startswith(folder) for name in names):
                return kind
    return None


def _small_member(archive: zipfile.ZipFile, name: str) -> str:
    with archive.open(name) as member:
        return member.read(200).decode("ascii", "replace")


def _local_names(head: bytes) -> list[str]:
    names = []
    for match in _LOCAL_NAME.finditer(head):
        length = int.from_bytes(match.group(1), "little")
        start = match.end()
        names.append(head[start:start + length].decode("cp437", "replace"))
    return names


def _local_mimetype(head: bytes) -> str | None:
    # ODF stores its `mimetype` member first and uncompressed, so its text is in the head.
    match = re.search(rb"mimetypeapplication/vnd\.oasis\.opendocument\.[a-z-]+", head)
    return match.group(0)[len(b"mimetype"):].decode("ascii") if match else None


def _ole_kind(source: Source) -> str:
    try:  # the legacy-format reader knows OLE best (it also tells Outlook .msg); use it when there
        from bmnn.scanner.extract.ole import ole_kind
    except ImportError:
        ole_kind = _ole_kind_from_streams
    # None: damaged, or an OLE file of no known kind; the name is then the only hint
    # (a damaged .doc goes to its reader, which reports it unreadable).
    return ole_kind(source) or OLE_SUFFIXES.get(source.suffix, "other")


def _ole_kind_from_streams(source: Source) -> str | None:
    import olefile

    try:
        with source.open() as handle:
            ole = olefile.OleFileIO(handle)
            try:
                streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
            finally:
                ole.close()
    except Exception:  # noqa: BLE001 - olefile raises many types on damaged files
        return None
    if "EncryptedPackage" in streams:
        return "ooxml_encrypted"
    if "WordDocument" in streams:
        return "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    if "PowerPoint Document" in streams:
        return "ppt"
    return None


def _is_image(head: bytes, size: int) -> bool:
    if head.startswith(IMAGE_MAGICS):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    # BMP: "BM" then the file's own size, little-endian (plain "BM…" text is not an image)
    return head[:2] == b"BM" and len(head) >= 6 and int.from_bytes(head[2:6], "little") == size


def _is_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return _looks_utf16(head)
    # 8-bit text (UTF-8, Windows-1258, TCVN3, VNI) has few control bytes besides
    # tab, line ends and form feed; a binary format has many.
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls <= max(2, len(head) // 100)


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every ASCII character (spaces, digits, Latin
    letters: well over a quarter of Vietnamese text) has a zero high byte, and the low
    bytes almost never are zero. Same thresholds as the text reader's."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    for high, low in ((odd, even), (even, odd)):
        if high.count(0) >= half * 0.25 and low.count(0) <= half * 0.02:
            return True
    return False
