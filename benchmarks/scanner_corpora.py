"""The folders the scanner benchmark scans, written into a temporary directory.

Documents come from the repo's labelled-corpus generator (`bmnn.scanner.corpus.plan`:
the same cases, seeded per copy, so copy 2 of a case differs from copy 1 in agency,
number and prose); the non-document files of the mixed profile (images, program files,
application data) are written here, because the generator writes documents only.

- `office(dest, n)`: the first n Office files of the generator's plan (docx/docm/dotx,
  xlsx, pptx, odt, ods, odp, rtf, doc, xls in the generator's own proportions, no broken
  or encrypted ones);
- `pdfs(dest, n)`: the first n text PDFs;
- `mixed(dest, n)`: a user profile (MIX below): 60 % files nobody wrote text in, which
  the sniff skips (photos, program files, application data), 25 % Office, 10 % PDF,
  5 % text and zip files.

Every function returns the number of files written and the bytes they hold. The plan is
taken in order (copy 0 of every case, then copy 1…), so any n gives the full mix of cases.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path

from bmnn.scanner.corpus import cases as case_list
from bmnn.scanner.corpus import plan
from bmnn.scanner.corpus.model import Unsupported

OFFICE_FORMATS = ("docx", "xlsx", "pptx", "odt", "ods", "odp", "rtf", "doc", "xls")
SEED = 1

# The mixed profile: share of the files, and where they go. (kind, share, folder, sizes in bytes)
MIX = (
    ("photo", 0.30, "Pictures", (4 << 10, 128 << 10)),  # JPEG/PNG headers, random body: image, skipped
    ("program", 0.20, "AppData/Local/Programs", (8 << 10, 256 << 10)),  # MZ executables and DLLs: other, skipped
    ("appdata", 0.10, "AppData/Local/Cache", (1 << 10, 32 << 10)),  # browser/app caches, mp3: other, skipped
    ("office", 0.25, "Documents", None),
    ("pdf", 0.10, "Documents", None),
    ("textzip", 0.05, "Downloads", None),
)
MIX_DOC = ("60 % skipped by the sniff (30 % photos: JPEG/PNG 4–128 KB; 20 % program files: .exe/.dll 8–256 KB; "
           "10 % application data and music: 1–32 KB), 25 % Office, 10 % text PDF, 5 % plain text and zip "
           "(sizes log-uniform)")


def office(dest: Path, n: int) -> tuple[int, int]:
    return _documents(dest, n, OFFICE_FORMATS)


def pdfs(dest: Path, n: int) -> tuple[int, int]:
    return _documents(dest, n, ("pdf",))


def mixed(dest: Path, n: int) -> tuple[int, int]:
    counts = _shares(n)
    files = size = 0
    for kind, _, folder, sizes in MIX:
        if kind == "office":
            written = _documents(dest / folder, counts[kind], OFFICE_FORMATS)
        elif kind == "pdf":
            written = _documents(dest / folder / "PDF", counts[kind], ("pdf",))
        elif kind == "textzip":
            written = _documents(dest / folder, counts[kind], ("text", "zip"))
        else:
            written = _binaries(dest / folder, counts[kind], kind, sizes)
        files += written[0]
        size += written[1]
    return files, size


def _shares(n: int) -> dict[str, int]:
    """Whole counts for each kind that add up to n (largest remainders)."""
    exact = {kind: share * n for kind, share, _, _ in MIX}
    counts = {kind: math.floor(value) for kind, value in exact.items()}
    for kind in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: n - sum(counts.values())]:
        counts[kind] += 1
    return counts


def _documents(dest: Path, n: int, formats: tuple[str, ...]) -> tuple[int, int]:
    """The first n files of the generator's plan in these formats (no problem files)."""
    if n <= 0:
        return 0, 0
    per_copy = len(plan(1, formats=formats, problems=False))
    written = size = 0
    for relative, case, variant in plan(math.ceil(n / per_copy) + 1, formats=formats, problems=False):
        if written >= n:
            break
        try:
            data = case.build(case_list.writer_for(SEED, case.id, variant))
        except Unsupported:  # no Vietnamese TrueType font for a PDF case on this machine
            continue
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
        size += len(data)
    return written, size


_NOISE = random.Random(SEED).randbytes(1 << 20)
_NOISE2 = _NOISE * 2
MAGIC = {
    "photo": ((b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ".jpg"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ".png")),
    "program": ((b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", ".exe"),
                (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", ".dll")),
    "appdata": ((b"", ".dat"), (b"ID3\x04\x00\x00\x00\x00", ".mp3"), (b"", "")),
}


def _binaries(dest: Path, n: int, kind: str, sizes: tuple[int, int]) -> tuple[int, int]:
    """n files of random bytes behind a real magic number, 200 to a folder, log-uniform sizes."""
    rng = random.Random(f"{SEED}/{kind}")
    low, high = math.log(sizes[0]), math.log(sizes[1])
    total = 0
    for i in range(n):
        magic, suffix = rng.choice(MAGIC[kind])
        size = int(math.exp(rng.uniform(low, high)))
        start = rng.randrange(len(_NOISE))
        body = magic + _NOISE2[start:start + max(0, size - len(magic))]
        folder = dest / f"{kind}{i // 200:04d}"
        if i % 200 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{kind}-{i:06d}{suffix}").write_bytes(body)
        total += len(body)
    return n, total


def evict(root: Path) -> int:
    """Drop the files' data from the page cache (written to disk first; POSIX_FADV_DONTNEED
    on each file: only this benchmark's files, never the machine's whole cache). Inodes and
    directories stay cached, so the next scan reads file data from the disk but walks from
    memory. Returns the number of files evicted (0 where the call does not exist)."""
    import os

    if not hasattr(os, "posix_fadvise"):
        return 0
    count = 0
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                count += 1
            finally:
                os.close(fd)
    return count


def census(root: Path) -> dict[str, int]:
    """Files under root by suffix (for the record of what a folder holds)."""
    return dict(Counter(p.suffix.lower() or "(none)" for p in root.rglob("*") if p.is_file()).most_common())
