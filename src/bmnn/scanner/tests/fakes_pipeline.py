"""Stand-in readers and rules for the pipeline's tests, importable by worker processes
(which start fresh under `spawn`, so a monkeypatch in the test process does not reach
them: the pool forwards the registry's targets and the judge's name instead).

The fake text reader also plays the hostile parser: a file whose first line is HANG
sleeps, CRASH kills its process, BALLOON allocates far past the memory budget, RAISE has a
bug, DENY is refused by the system, SLOW takes 0.7 s."""

from __future__ import annotations

import os
import re
import sys
import time
import types
import zipfile

from bmnn.scanner.model import (
    Block, Container, Extraction, ExtractError, Level, Mark, ProblemKind, Source, Tier, Verdict,
)

STAMPS = {"TUYỆT MẬT": Level.TUYET_MAT, "TỐI MẬT": Level.TOI_MAT, "MẬT": Level.MAT}
HERE = "bmnn.scanner.tests.fakes_pipeline"
FAKE_EXTRACTORS = {
    "text": f"{HERE}:extract_text",
    "docx": f"{HERE}:extract_docx",
    "pdf": f"{HERE}:extract_pdf",
    "zip": "bmnn.scanner.extract.archive:extract_zip",
}
JUDGE = f"{HERE}:judge"


def judge(extraction: Extraction, name: str) -> Verdict | None:
    for block in extraction.blocks:
        level = STAMPS.get(block.text.strip())
        if level is not None:
            mark = Mark(block.text.strip(), "P1", 0.95, level, block.container, block.part)
            return Verdict(level, Tier.MARKED, 0.95, [mark])
    return None


def extract_text(source: Source, budget) -> Extraction:
    text = source.read(budget.max_part_bytes).decode("utf-8", "replace")
    first = text.split("\n", 1)[0].strip()
    if first == "HANG":
        time.sleep(3600)
    if first == "CRASH":
        os._exit(3)
    if first == "BALLOON":
        hog = bytearray(budget.memory_bytes * 3)
        for i in range(0, len(hog), 4096):
            hog[i] = 1
        time.sleep(3600)
    if first == "SLOW":
        time.sleep(0.7)
    if first == "RAISE":
        raise ValueError("a reader bug")
    if first == "DENY":  # what Windows says of a file another program holds locked
        raise PermissionError(13, "Permission denied", source.name)
    lines = text.splitlines()
    return Extraction("text", [Block(line, Container.BODY, "", i) for i, line in enumerate(lines[:200])])


def extract_docx(source: Source, budget) -> Extraction:
    try:
        with source.open() as handle, zipfile.ZipFile(handle) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, EOFError) as exc:
        raise ExtractError(ProblemKind.UNREADABLE, f"damaged docx: {type(exc).__name__}") from exc
    paragraphs = re.findall(r"<w:p\b.*?</w:p>", xml, re.S)
    blocks = [Block(re.sub(r"<[^>]+>", "", p), Container.BODY, "word/document.xml", i)
              for i, p in enumerate(paragraphs)]
    return Extraction("docx", blocks)


def extract_pdf(source: Source, budget) -> Extraction:
    raw = source.read(1 << 20).decode("latin-1")
    blocks = [Block(text.encode("latin-1").decode("utf-8", "replace"), Container.BODY, "page 1", i, page=1)
              for i, text in enumerate(re.findall(r"\(([^)]*)\) Tj", raw))]
    return Extraction("pdf", blocks, pages=1, needs_ocr=not blocks, ocr_detail="page 1" if not blocks else "")


def docx_bytes(*paragraphs: str) -> bytes:
    import io

    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", f'<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def pdf_bytes(*lines: str) -> bytes:
    content = "".join(f"BT ({line}) Tj ET\n" for line in lines).encode("utf-8")
    return b"%%PDF-1.4\n1 0 obj\n<< /Length %d >>\nstream\n" % len(content) + content + b"endstream\nendobj\n%%EOF\n"


def fake_facts_module() -> types.ModuleType:
    """A `bmnn.scanner.facts` that answers at once, for tests that are about files."""
    module = types.ModuleType("bmnn.scanner.facts")

    def collect(probe=None):
        return {"hostname": "test-host", "machine_id": None, "os": {"system": sys.platform}, "users": [],
                "interfaces": [], "default_routes": [], "dns_servers": [], "public_connections": [],
                "os_connectivity": {"source": None, "value": None, "active_probe_disabled": None},
                "network_history": [], "usb_history": [], "removable_drives": [], "probe": None, "errors": []}

    def verdict(machine):
        return {"value": "isolated", "evidence": ["test machine"]}

    module.collect = collect
    module.verdict = verdict
    return module
