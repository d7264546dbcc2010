"""Zip archives: their files are handed back as members for the pipeline to scan.

Nothing in a zip's headers is trusted. Each member is inflated in chunks and the
reading stops as soon as a cap is crossed:
- nesting deeper than `budget.archive_depth` archives → BOMB (the whole archive);
- more inflated than `budget.archive_ratio` times its compressed size (past 8 MiB, so a
  repetitive table or XML part is not a bomb) → BOMB;
  the ratio is checked on the declared sizes first, then again while inflating;
- a header that declares less than the member holds: zipfile stops at the declared size
  and the CRC fails → UNREADABLE for that member (it is never read whole);
- a member that honestly declares more than `budget.max_part_bytes` → TOO_LARGE for that
  member, the others are still read;
- all members together past `budget.archive_total_bytes`, or more than MAX_MEMBERS
  entries → BOMB.
An encrypted member is a problem ENCRYPTED of its own (`Extraction.problems`); an
archive whose every file is encrypted raises ExtractError(ENCRYPTED). Members are named
`outer.zip!inner/path`, nested ones `a.zip!b.zip!c.docx`.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator

from bmnn.scanner.model import Budget, Extraction, ExtractError, Problem, ProblemKind, Source

CHUNK = 1 << 16
# Below 8 MiB inflated a high ratio is data, not an attack (a 1.4 MB table of zeros in
# a Python wheel compresses 160:1); the member is bounded by max_part_bytes anyway.
RATIO_FLOOR = 8 << 20
MAX_MEMBERS = 10_000


def extract_zip(source: Source, budget: Budget) -> Extraction:
    extraction = Extraction("zip")
    extraction.members = list(iter_members(source, budget, extraction.problems))
    return extraction


def iter_members(source: Source, budget: Budget, problems: list[Problem]) -> Iterator[Source]:
    """The members one at a time, so only one is held in memory (the pipeline scans each
    before the next is inflated); problems of single members go to `problems`; a hostile
    or unreadable archive raises ExtractError, possibly after some members were given."""
    if source.depth >= budget.archive_depth:
        raise ExtractError(ProblemKind.BOMB, f"archive nested deeper than {budget.archive_depth} levels: not opened")
    try:
        with source.open() as handle, zipfile.ZipFile(handle) as archive:
            yield from _members(source, archive, budget, problems)
    except zipfile.BadZipFile as exc:
        raise ExtractError(ProblemKind.UNREADABLE, f"damaged zip: {exc}") from exc
    except (EOFError, zlib.error) as exc:
        raise ExtractError(ProblemKind.UNREADABLE, f"damaged zip: {type(exc).__name__}") from exc


def _members(source: Source, archive: zipfile.ZipFile, budget: Budget, problems: list[Problem]) -> Iterator[Source]:
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise ExtractError(ProblemKind.BOMB, f"{len(infos)} members, more than {MAX_MEMBERS}")
    total = 0
    encrypted = 0
    for info in infos:
        name = f"{source.name}!{info.filename}"
        if info.flag_bits & 0x1:
            encrypted += 1
            problems.append(Problem(name, ProblemKind.ENCRYPTED, "encrypted archive member"))
            continue
        if info.file_size > RATIO_FLOOR and info.file_size > budget.archive_ratio * max(info.compress_size, 1):
            raise ExtractError(ProblemKind.BOMB, f"member {info.filename} declares {info.file_size} bytes from "
                                                 f"{info.compress_size} compressed (over {budget.archive_ratio:g}x)")
        if info.file_size > budget.max_part_bytes:
            problems.append(Problem(name, ProblemKind.TOO_LARGE,
                                    f"archive member of {info.file_size} bytes, above {budget.max_part_bytes}: not read"))
            continue
        try:
            data = _inflate(archive, info, budget, budget.archive_total_bytes - total)
        except NotImplementedError as exc:  # deflate64, bzip2 variants zipfile lacks…
            problems.append(Problem(name, ProblemKind.UNSUPPORTED, f"compression not supported: {exc}"))
            continue
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            problems.append(Problem(name, ProblemKind.UNREADABLE, f"damaged member: {type(exc).__name__}"))
            continue
        total += len(data)
        yield Source.from_bytes(name, data, depth=source.depth + 1)
    if infos and encrypted == len(infos):  # one problem for the archive, not one per member
        problems[:] = [p for p in problems if p.kind is not ProblemKind.ENCRYPTED]
        raise ExtractError(ProblemKind.ENCRYPTED, f"every member ({encrypted}) is encrypted")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, room: int) -> bytes:
    cap = min(info.file_size, budget.max_part_bytes)
    ratio_cap = budget.archive_ratio * max(info.compress_size, 1)
    buffer = bytearray()
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            buffer += chunk
            size = len(buffer)
            if size > cap:
                raise ExtractError(ProblemKind.BOMB, f"member {info.filename} inflates past its declared size "
                                                     f"({info.file_size} bytes)")
            if size > RATIO_FLOOR and size > ratio_cap:
                raise ExtractError(ProblemKind.BOMB, f"member {info.filename} inflates more than "
                                                     f"{budget.archive_ratio:g} times its compressed size")
            if size > room:
                raise ExtractError(ProblemKind.BOMB, f"members inflate past {budget.archive_total_bytes} bytes in all")
    return bytes(buffer)
