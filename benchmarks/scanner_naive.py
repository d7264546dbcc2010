"""The naive scanner the benchmark compares with: what one would write in an afternoon.

One process, one file after the other, chosen by extension: .docx through python-docx
(body paragraphs, tables, and each section's header, first-page header and footer), .pdf
through pypdf (every page's extract_text), anything else read as UTF-8 text (errors
ignored); a file is flagged when the regex `(?i)\\bmật\\b` matches. A file its library
cannot open is counted as an error and the loop goes on.

    .venv/bin/python benchmarks/scanner_naive.py FOLDER     # prints one JSON line

python-docx and pypdf are in the `bench` extra (not engine dependencies)."""

from __future__ import annotations

import json
import os
import re
import sys
import time

WORD = re.compile(r"(?i)\bmật\b")


def docx_text(path: str) -> str:
    import docx

    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += _tables(document.tables)
    for section in document.sections:
        for story in (section.header, section.first_page_header, section.footer):
            parts += [p.text for p in story.paragraphs]
            parts += _tables(story.tables)
    return "\n".join(parts)


def _tables(tables) -> list[str]:
    return [p.text for table in tables for row in table.rows for cell in row.cells for p in cell.paragraphs]


def pdf_text(path: str) -> str:
    import pypdf

    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def plain_text(path: str) -> str:
    with open(path, encoding="utf-8", errors="ignore") as handle:
        return handle.read()


HANDLERS = {".docx": ("python-docx", docx_text), ".pdf": ("pypdf", pdf_text)}
PLAIN = ("read as text", plain_text)


def scan(root: str) -> dict:
    """Walk `root`; return counts, the flagged paths (relative, "/"-separated) and the time."""
    import logging

    import docx  # noqa: F401 - imported before the clock starts, like the scanner's own imports
    import pypdf  # noqa: F401

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd PDF; not part of the work
    started = time.perf_counter()
    files = errors = 0
    flagged: list[str] = []
    by_handler: dict[str, list] = {}  # handler → [files, seconds, errors]
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            files += 1
            label, handler = HANDLERS.get(os.path.splitext(name)[1].lower(), PLAIN)
            tally = by_handler.setdefault(label, [0, 0.0, 0])
            begun = time.perf_counter()
            try:
                text = handler(path)
            except Exception:  # noqa: BLE001 - a naive loop skips what its library cannot open
                errors += 1
                tally[2] += 1
                text = ""
            if WORD.search(text):
                flagged.append(os.path.relpath(path, root).replace(os.sep, "/"))
            tally[0] += 1
            tally[1] += time.perf_counter() - begun
    seconds = time.perf_counter() - started
    return {"files": files, "errors": errors, "flagged": sorted(flagged), "seconds": seconds,
            "files_per_second": files / seconds if seconds else 0.0,
            "by_handler": {label: {"files": n, "seconds": t, "errors": e} for label, (n, t, e) in by_handler.items()}}


if __name__ == "__main__":
    print(json.dumps(scan(sys.argv[1]), ensure_ascii=False))
