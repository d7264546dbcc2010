"""The hostile set: files built to hurt a scanner, written in a folder of their own.

- zip-bomb.zip: one member of 200 MiB of zeros (about 200 KB compressed), streamed
  into the zip so writing it costs no memory;
- nested-deep.zip: ten zips inside each other;
- many-members.zip: more members than any archive should have;
- xml-bomb.docx: a docx whose document.xml inflates to 300 MiB;
- corrupt-deflate.docx: a docx whose document.xml's compressed bytes are damaged;
- loop/: a directory link to its own parent and two file links pointing at each other;
- huge.pdf: 2 GiB, sparse on file systems that support it (on NTFS without the sparse
  flag it really takes 2 GiB of disk);
- denied.docx: a marked docx with every permission removed (an administrator or root
  still reads it: the label then says "marked", as the scanner will);
- a marked docx deeper than 260 characters of path (MAX_PATH);
- names/: a marked docx whose name is NFD Vietnamese; raw-names/ (not on Windows): a
  marked text file whose name holds bytes that are not UTF-8.

Labels follow generate.py's format; `"match": "prefix"` means the problem may be
reported on a member of that file ("nested-deep.zip!l1.zip!l2.zip")."""

from __future__ import annotations

import io
import os
import random
import stat
import sys
import unicodedata
import zipfile
from pathlib import Path

from bmnn.scanner.corpus import cases
from bmnn.scanner.corpus.generate import LABELS, SCHEMA, write_labels
from bmnn.scanner.corpus.zips import EPOCH, zip_bytes

BOMB_BYTES = 200 * 1024 * 1024
XML_BOMB_BYTES = 300 * 1024 * 1024
HUGE_BYTES = 2 * 1024 * 1024 * 1024
CHUNK = 1024 * 1024


def _label(path: str, fmt: str, expect: str, level: str | None, trap: str, **extra) -> dict:
    return {"path": path, "format": fmt, "expect": expect, "level": level, "trap": trap, **extra}


def _marked_docx(seed: int, name: str) -> bytes:
    w = cases.writer_for(seed, f"hostile/{name}", 0)
    return cases.docx(cases.letter(w, header=(cases.P("MẬT", bold=True, colour="FF0000"),)))


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        info = zipfile.ZipInfo("bao-cao.docx", date_time=EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            zeros = bytes(CHUNK)
            for _ in range(BOMB_BYTES // CHUNK):
                member.write(zeros)


def _xml_bomb(path: Path) -> None:
    """A docx whose main part inflates far past any part budget (whitespace in a w:t)."""
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>').encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    small = cases.docx(cases.Document(body=[cases.P("x")]))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with zipfile.ZipFile(io.BytesIO(small)) as source:
            for name in source.namelist():
                if name != "word/document.xml":
                    info = zipfile.ZipInfo(name, date_time=EPOCH)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, source.read(name))
        info = zipfile.ZipInfo("word/document.xml", date_time=EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(head)
            spaces = b" " * CHUNK
            for _ in range(XML_BOMB_BYTES // CHUNK):
                member.write(spaces)
            member.write(tail)


def _corrupt_deflate(seed: int) -> bytes:
    """A docx whose document.xml data is overwritten in the middle: the zip directory
    is intact, inflating the part fails (or its CRC does)."""
    data = bytearray(_marked_docx(seed, "corrupt"))
    name = b"word/document.xml"
    at = data.find(b"PK\x03\x04")  # the first local header
    while at != -1:
        name_len = int.from_bytes(data[at + 26:at + 28], "little")
        extra_len = int.from_bytes(data[at + 28:at + 30], "little")
        size = int.from_bytes(data[at + 18:at + 22], "little")
        start = at + 30 + name_len + extra_len
        if data[at + 30:at + 30 + name_len] == name:
            for i in range(start + size // 4, start + size // 4 + min(64, size // 2)):
                data[i] ^= 0xA5
            break
        at = data.find(b"PK\x03\x04", start + size)
    return bytes(data)


def _nested(depth: int, seed: int) -> bytes:
    data = zip_bytes([("bao-cao.docx", _marked_docx(seed, "nested"))])
    for level in range(depth, 0, -1):
        data = zip_bytes([(f"l{level}.zip", data)])
    return data


def _links(root: Path) -> list[dict]:
    loop = root / "loop"
    loop.mkdir(exist_ok=True)
    try:
        os.symlink("..", loop / "parent", target_is_directory=True)
        os.symlink("b", loop / "a")
        os.symlink("a", loop / "b")
    except (OSError, NotImplementedError) as exc:  # Windows without the symlink privilege
        return [{"path": "loop", "skipped": f"links not created: {exc}"}]
    return [_label("loop/parent", "link", "link", None, "directory link to its own parent (a loop)"),
            _label("loop/a", "link", "link", None, "file link to a link back to it"),
            _label("loop/b", "link", "link", None, "file link to a link back to it")]


def _denied(root: Path, seed: int) -> dict:
    path = root / "denied.docx"
    path.write_bytes(_marked_docx(seed, "denied"))
    os.chmod(path, 0)
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except PermissionError:
        return _label("denied.docx", "docx", "denied", None, "no read permission (chmod 000)")
    return _label("denied.docx", "docx", "marked", "MAT",
                  "chmod 000, but this account reads it anyway (root / administrator): marked")


def _long_path(root: Path, seed: int) -> dict:
    parts, length = [], len(str(root.resolve()))
    while length < 300:
        part = f"thu-muc-luu-tru-ho-so-cong-van-{len(parts):02d}"
        parts.append(part)
        length += len(part) + 1
    folder = root.joinpath(*parts)
    target = str(folder)
    if os.name == "nt":
        target = "\\\\?\\" + str(folder.resolve())
    os.makedirs(target, exist_ok=True)
    name = "bao-cao-dai.docx"
    with open(os.path.join(target, name), "wb") as handle:
        handle.write(_marked_docx(seed, "long"))
    return _label("/".join(parts) + "/" + name, "docx", "marked", "MAT", "path longer than 260 characters")


def _nfd_name(root: Path, seed: int) -> list[dict]:
    names = root / "names"
    names.mkdir(exist_ok=True)
    nfd = unicodedata.normalize("NFD", "Báo cáo tình hình quý.docx")
    (names / nfd).write_bytes(_marked_docx(seed, "nfd"))
    return [_label(f"names/{nfd}", "docx", "marked", "MAT", "file name in NFD (as macOS writes it)")]


def _raw_name(root: Path, seed: int) -> list[dict]:
    """In a folder of its own ("raw-names/"), so a scanner that chokes on it can be
    tested apart from the rest."""
    if sys.platform == "win32":  # NTFS names are UTF-16: there is no such name
        return []
    folder = root / "raw-names"
    folder.mkdir(exist_ok=True)
    raw = os.fsencode(str(folder)) + b"/bao-cao-\xff\xfe.txt"
    w = cases.writer_for(seed, "hostile/raw-name", 0)
    try:
        with open(raw, "wb") as handle:
            handle.write(cases.crlf(cases.text_lines(w, "MẬT")).encode())
    except OSError:  # a file system that insists on UTF-8 names (APFS)
        folder.rmdir()
        return []
    return [_label("raw-names/" + os.fsdecode(b"bao-cao-\xff\xfe.txt"), "text", "marked", "MAT",
                   "file name with bytes that are not UTF-8")]


def _write_zip_bomb(root: Path, seed: int) -> list[dict]:
    _zip_bomb(root / "zip-bomb.zip")
    return [_label("zip-bomb.zip", "zip", "bomb", None, "200 MiB of zeros in one member", match="prefix")]


def _write_nested(root: Path, seed: int) -> list[dict]:
    (root / "nested-deep.zip").write_bytes(_nested(10, seed))
    return [_label("nested-deep.zip", "zip", "bomb", None, "ten zips inside each other", match="prefix")]


def _write_many_members(root: Path, seed: int) -> list[dict]:
    (root / "many-members.zip").write_bytes(zip_bytes([(f"f{i:05d}.txt", b"") for i in range(10_050)]))
    return [_label("many-members.zip", "zip", "bomb", None, "10,050 members", match="prefix")]


def _write_xml_bomb(root: Path, seed: int) -> list[dict]:
    _xml_bomb(root / "xml-bomb.docx")
    return [_label("xml-bomb.docx", "docx", "bomb|too_large", None, "document.xml inflating to 300 MiB")]


def _write_corrupt(root: Path, seed: int) -> list[dict]:
    (root / "corrupt-deflate.docx").write_bytes(_corrupt_deflate(seed))
    return [_label("corrupt-deflate.docx", "docx", "unreadable", None, "damaged deflate data in document.xml")]


def _write_huge(root: Path, seed: int) -> list[dict]:
    with open(root / "huge.pdf", "wb") as handle:
        handle.write(b"%PDF-1.7\n%" + random.Random(seed).randbytes(64) + b"\n")
    os.truncate(root / "huge.pdf", HUGE_BYTES)
    return [_label("huge.pdf", "pdf", "too_large", None, "2 GiB (sparse) PDF")]


def _write_links(root: Path, seed: int) -> list[dict]:
    return [entry for entry in _links(root) if "skipped" not in entry]


# name → writer; each label's "case" is "hostile/<name>" so tests can ask for one.
WRITERS = {
    "zip-bomb": _write_zip_bomb,
    "nested-deep": _write_nested,
    "many-members": _write_many_members,
    "xml-bomb": _write_xml_bomb,
    "corrupt-deflate": _write_corrupt,
    "huge": _write_huge,
    "links": _write_links,
    "denied": lambda root, seed: [_denied(root, seed)],
    "long-path": lambda root, seed: [_long_path(root, seed)],
    "nfd-name": _nfd_name,
    "raw-name": _raw_name,
}


def generate_hostile(dest: Path | str, *, seed: int = 1) -> dict:
    """Write the hostile set under `dest` with its labels.json; return the labels."""
    root = Path(dest)
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for name, write in WRITERS.items():
        files += [{**entry, "case": f"hostile/{name}"} for entry in write(root, seed)]
    files.append({"path": LABELS, "format": "text", "expect": "clean", "level": None,
                  "trap": "the labels themselves (ASCII JSON)", "case": LABELS})
    labels = {"schema": SCHEMA, "seed": seed, "scale": 1, "hostile": True, "font": None, "files": files,
              "skipped": []}
    write_labels(root, labels)
    return labels


def remove_hostile(dest: Path | str) -> None:
    """Give permissions back so the folder can be deleted (tests' tmp_path cleanup)."""
    for path in Path(dest).rglob("*"):
        if not path.is_symlink():
            try:
                os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | (stat.S_IXUSR if path.is_dir() else 0))
            except OSError:
                pass
