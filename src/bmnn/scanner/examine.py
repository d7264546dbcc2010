"""One file, start to end, inside a worker: sniff its type, check its size budget, run
its extractor, have the rules judge it, and scan an archive's members the same way.

The answer is a plain dict (it crosses the process boundary and goes into the cache):
    {"kind": "docx", "bytes": 12345, "types": {"docx": 1}, "skipped": 0,
     "findings": [{"path": "", "level": …, "tier": …, "score": …, "evidence": […],
                   "size": …, "type": …, "sha256": …}],
     "problems": [{"path": "!inner.docx", "kind": "encrypted", "detail": …}]}
Paths in it are relative to the file on disk ("" is the file itself, "!a.zip!b.docx" a
member) so a cached answer stays right when the file is found again under another name.

Size: above `budget.max_file_bytes` a file is TOO_LARGE and not read, except text, whose
first HEAD_ONLY bytes are still judged (a stamp sits at the top; a 2 GB log is never read
whole). Problem details never quote the document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from bmnn.scanner import sniff
from bmnn.scanner.extract import extractor_for
from bmnn.scanner.extract.archive import extract_zip, iter_members
from bmnn.scanner.model import Budget, Extraction, ExtractError, ProblemKind, Source, Verdict

HEAD_ONLY = 1 << 20
HASH_RATE = 50e6  # bytes/s a slow disk still hashes: the time a flagged file's hash is granted
NOT_READ = {"other", "empty"}  # nothing a person wrote in them: counted as skipped
OWN_REPORT_MARK = b'"schema": "bmnn.scan/1"'
# Names that promise a document: content of no known type under such a name is reported
# (a damaged or disguised document), not skipped like a program's data file.
DOCUMENT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".docm", ".dot", ".dotx", ".xls", ".xlsx", ".xlsm",
                               ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf"})
Judge = Callable[[Extraction, str], "Verdict | None"]


def new_result() -> dict:
    return {"kind": "other", "bytes": 0, "types": {}, "skipped": 0, "findings": [], "problems": []}


class Watch:
    """Told what is going on, by the worker that keeps the watchdog's clock."""

    def sniffed(self, kind: str) -> None:
        """A file or archive member of this kind is about to be read: its own time budget
        starts now (a PDF has a longer one). An archive's members are files too, so a zip
        of a thousand documents is not stopped for taking a thousand files' time."""

    def grant(self, seconds: float) -> None:
        """Safe, bounded work (hashing a large file) needs this much more time."""


def examine_file(path: str, name: str, size: int, budget: Budget, judge: Judge, watch: Watch | None = None) -> dict:
    """Examine the file at `path` (shown in the report as `name`)."""
    source = Source(name=name, size=size, path=Path(path))
    result = new_result()
    try:
        _examine(source, budget, judge, result, len(name), watch or Watch())
    except FileNotFoundError:
        result["gone"] = True  # removed between the walk and now: nothing to say
    except PermissionError as exc:
        _problem(result, "", ProblemKind.DENIED, f"cannot open: {exc.strerror}")
    except OSError as exc:
        _problem(result, "", ProblemKind.UNREADABLE, f"cannot read: {exc.strerror or type(exc).__name__}")
    return result


def _examine(source: Source, budget: Budget, judge: Judge, result: dict, cut: int, watch: Watch) -> None:
    here = source.name[cut:]
    kind = sniff.detect(source)
    watch.sniffed(kind)
    if not here:
        result["kind"] = kind
    result["types"][kind] = result["types"].get(kind, 0) + 1
    extractor = extractor_for(kind)
    if kind == "text" and OWN_REPORT_MARK in source.head(4096):
        result["skipped"] += 1  # an earlier bmnn scan report: its stamp lines are evidence, not stamps
        return
    if kind == "other" and source.suffix in DOCUMENT_SUFFIXES:
        _problem(result, here, ProblemKind.UNREADABLE,
                 f"content is no known document format although the name ends in {source.suffix}")
        return
    if kind in NOT_READ or (kind == "image" and (not budget.ocr or extractor is None)):
        result["skipped"] += 1
        return
    if extractor is None:
        _problem(result, here, ProblemKind.UNSUPPORTED, f"{kind} files are recognised but not read")
        return
    whole = source
    source = _within_size(source, kind, budget, result, here)
    if source is None:
        return
    result["bytes"] += source.size
    if extractor is extract_zip:
        _examine_zip(source, budget, judge, result, cut, here, watch)
        return
    extraction = _extract(extractor, source, budget, result, here)
    if extraction is None:
        return
    if extraction.encrypted:
        _problem(result, here, ProblemKind.ENCRYPTED, "password-protected: not read")
    if extraction.needs_ocr:
        _problem(result, here, ProblemKind.NEEDS_OCR, extraction.ocr_detail or "pages without a text layer")
    for problem in extraction.problems:
        path = problem.path[cut:] if problem.path.startswith(source.name) else here
        _problem(result, path, problem.kind, problem.detail)
    _judge(judge, extraction, whole, kind, result, here, watch)
    members, extraction.members = extraction.members, []
    while members:  # drop each member's bytes once it is read
        _examine(members.pop(0), budget, judge, result, cut, watch)


def _examine_zip(source: Source, budget: Budget, judge: Judge, result: dict, cut: int, here: str,
                 watch: Watch) -> None:
    """A zip's members are scanned as they are inflated, one in memory at a time (the
    registry's extract_zip would hold them all: up to archive_total_bytes)."""
    extraction = Extraction("zip")
    try:
        for member in iter_members(source, budget, extraction.problems):
            _examine(member, budget, judge, result, cut, watch)
    except ExtractError as exc:
        _problem(result, here, exc.kind, exc.detail)
    for problem in extraction.problems:
        _problem(result, problem.path[cut:], problem.kind, problem.detail)
    _judge(judge, extraction, source, "zip", result, here, watch)  # its name may still be a hint


def _within_size(source: Source, kind: str, budget: Budget, result: dict, here: str) -> Source | None:
    if source.size <= budget.max_file_bytes:
        return source
    if kind == "text":
        _problem(result, here, ProblemKind.TOO_LARGE,
                 f"{source.size} bytes, above {budget.max_file_bytes}: only the first {HEAD_ONLY} read")
        return Source.from_bytes(source.name, source.read(HEAD_ONLY), depth=source.depth)
    _problem(result, here, ProblemKind.TOO_LARGE, f"{source.size} bytes, above {budget.max_file_bytes}: not read")
    return None


def _extract(extractor, source: Source, budget: Budget, result: dict, here: str) -> Extraction | None:
    try:
        return extractor(source, budget)
    except ExtractError as exc:
        _problem(result, here, exc.kind, exc.detail)
    except MemoryError:
        _problem(result, here, ProblemKind.MEMORY, "the reader ran out of memory")
    except (PermissionError, FileNotFoundError):
        raise
    except Exception as exc:  # noqa: BLE001 - a parser's bug on a hostile file is that file's problem
        _problem(result, here, ProblemKind.UNREADABLE, f"{type(exc).__name__}: {str(exc)[:120]}")
    return None


def _judge(judge: Judge, extraction: Extraction, source: Source, kind: str, result: dict, here: str,
           watch: Watch) -> None:
    """`source` is the whole file (its size and hash), even when only its head was read."""
    verdict = judge(extraction, source.name)
    if verdict is None or verdict.tier is None or not verdict.marks:
        return
    result["findings"].append({
        "path": here,
        "level": verdict.level.value if verdict.level else None,
        "tier": verdict.tier.value,
        "score": round(min(max(verdict.score, 0.0), 1.0), 2),
        "evidence": [_mark(m) for m in verdict.marks],
        "size": source.size,
        "type": kind,
        "sha256": _sha256(source, watch),
    })


def _mark(mark) -> dict:
    data = mark.as_json()
    data["line"] = data["line"][:80]  # the report never carries more than the stamp line
    return data


def _sha256(source: Source, watch: Watch) -> str:
    """The whole file's hash, even of a file too large to read (its head was judged)."""
    digest = hashlib.sha256()
    if source.data is not None:
        digest.update(source.data)
        return digest.hexdigest()
    watch.grant(source.size / HASH_RATE)
    with source.open() as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _problem(result: dict, path: str, kind: ProblemKind, detail: str) -> None:
    result["problems"].append({"path": path, "kind": ProblemKind(kind).value, "detail": detail})
