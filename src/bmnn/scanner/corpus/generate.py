"""Write the corpus and its labels.

Layout under `dest`: the cases at their paths (docx/, xlsx/, pdf/, text/, archives/…);
with scale N > 1, copies 1..N-1 of every ordinary case under v00001/ … with the same
file names and different text (agency, number, paragraphs: seeded per copy); problem
files are written once. `labels.json` lists every file and archive member:

    {"schema": "bmnn.corpus/1", "seed": 1, "scale": 1, "font": "DejaVuSerif.ttf",
     "files": [{"path": "docx/header-stamp.docx", "format": "docx", "expect": "marked",
                "level": "MAT", "trap": "…", "case": "docx/header-stamp.docx"}, …],
     "skipped": [{"case": …, "reason": …}]}

Paths are relative to `dest`, "/"-separated; an archive member is "a.zip!inner/b.docx".
The file is ASCII (\\u escapes), one entry per line, so scanning the corpus folder finds
no stamp in its own labels. With `hostile=True` the hostile set is written under
`dest/hostile/` (see hostile.py) and labelled in the same file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from bmnn.scanner.corpus import cases as case_list
from bmnn.scanner.corpus import ttf
from bmnn.scanner.corpus.model import Unsupported

SCHEMA = "bmnn.corpus/1"
LABELS = "labels.json"


def plan(scale: int = 1, *, formats: Iterable[str] | None = None,
         problems: bool = True) -> list[tuple[str, case_list.Case, int]]:
    """(relative path, case, copy number) for every file of the corpus at this scale;
    `formats` keeps only cases of those formats (sniff kinds: "docx", "pdf"…), and
    `problems=False` leaves out the files written once (broken, encrypted, scanned) —
    what a benchmark of one kind of document wants."""
    wanted = set(formats) if formats is not None else None
    out = []
    for variant in range(max(1, scale)):
        for case in case_list.CASES:
            if (variant and not case.scalable) or (not problems and not case.scalable):
                continue
            if wanted is not None and case.format not in wanted:
                continue
            out.append((case.path if variant == 0 else f"v{variant:05d}/{case.path}", case, variant))
    return out


def labels_for(path: str, case: case_list.Case) -> list[dict]:
    """The labels of one written case: the file, then its archive members."""
    entries = [case.label(path)]
    for member in case.members:
        entry = {"path": f"{path}!{member.path}", "format": member.format, "expect": member.expect,
                 "level": member.level, "trap": member.trap, "case": case.id}
        if member.rules:
            entry["rules"] = list(member.rules)
        entries.append(entry)
    return entries


def write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def generate(dest: Path | str, *, scale: int = 1, seed: int = 1, hostile: bool = False,
             formats: Iterable[str] | None = None, problems: bool = True) -> Path:
    """Write the corpus under `dest` (created if missing) and return `dest`. The same
    seed and scale give the same bytes. `formats` and `problems` select as in `plan`."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    files: list[dict] = []
    skipped: list[dict] = []
    for relative, case, variant in plan(scale, formats=formats, problems=problems):
        try:
            data = case.build(case_list.writer_for(seed, case.id, variant))
        except Unsupported as exc:
            if variant == 0:
                skipped.append({"case": case.id, "reason": str(exc)})
            continue
        write_file(dest / relative, data)
        files.extend(labels_for(relative, case))
    if hostile:
        from bmnn.scanner.corpus.hostile import generate_hostile

        for entry in generate_hostile(dest / "hostile")["files"]:
            files.append({**entry, "path": f"hostile/{entry['path']}"})
    files.append({"path": LABELS, "format": "text", "expect": "clean", "level": None,
                  "trap": "the labels themselves (ASCII JSON)", "case": LABELS})
    font = ttf.find_font()
    write_labels(dest, {"schema": SCHEMA, "seed": seed, "scale": scale, "hostile": hostile,
                        "font": font.path.name if font else None, "files": files, "skipped": skipped})
    return dest


def write_labels(dest: Path, labels: dict) -> None:
    """labels.json: ASCII, one file entry per line (long lines: no rule reads them as a stamp)."""
    head = {key: value for key, value in labels.items() if key not in ("files", "skipped")}
    lines = ["{" + json.dumps(head, sort_keys=True)[1:-1] + ","]
    for key in ("files", "skipped"):
        entries = [json.dumps(entry, sort_keys=True) for entry in labels[key]]
        lines.append(f'"{key}": [')
        lines += [entry + ("," if i < len(entries) - 1 else "") for i, entry in enumerate(entries)]
        lines.append("]" + ("," if key == "files" else ""))
    lines.append("}")
    (dest / LABELS).write_text("\n".join(lines) + "\n", encoding="ascii", newline="\n")


def read_labels(dest: Path | str) -> dict:
    return json.loads((Path(dest) / LABELS).read_text(encoding="ascii"))


def relative_report_path(path: str, root: Path | str) -> str:
    """A report path (absolute, OS separators, maybe "\\\\?\\"-prefixed, with "!" members)
    as a label path: relative to `root`, "/"-separated."""
    outer, bang, inner = path.partition("!")
    outer = outer.removeprefix("\\\\?\\")
    root_text = os.path.abspath(str(root)).removeprefix("\\\\?\\")
    try:
        outer = os.path.relpath(outer, root_text)
    except ValueError:  # another drive on Windows
        pass
    return outer.replace(os.sep, "/") + bang + inner
