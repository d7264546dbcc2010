"""Optional OCR of PDF pages without a text layer, with the Tesseract CLI (`--ocr`).

Tesseract with its Vietnamese data (`vie`) is an optional add-on (Apache-2.0); when
it is missing, `available()` is False and such pages stay reported as "needs OCR".
Measured costs (scanner-notes §2.5): a whole A4 page at 200 dpi ~1.9 s, the top
band ~0.43 s, so each page's top 25% (where the stamp is put) is read first and the
rest of a page only while `budget.ocr_seconds` allows. Tesseract always runs with
OMP_THREAD_LIMIT=1: with default OpenMP threads a page took 13.6 s instead of 2.4 s
on 2 cores. Pages are rendered and OCR'd one at a time (never all pages at once).

Blocks come back as BODY blocks, part "page N (OCR)", with `y` from Tesseract's TSV
line boxes. OCR mixes up stacked Vietnamese diacritics ("TỔI MẬT"), so the rules
match blocks whose part contains "(OCR)" accent-folded.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import time
from pathlib import Path

import pypdfium2 as pdfium

from bmnn.scanner.model import Block, Budget, Container, Extraction, ExtractError, ProblemKind, Source

DPI = 200
TOP_BAND = 0.25
FULL_PAGE_SECONDS = 3.0  # what the rest of a page may cost; started only with this much left
LIST_LANGS_TIMEOUT = 10.0
MIN_IMAGE_BYTES = 10 * 1024  # smaller images are icons and buttons, not scanned pages
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console flash


def tesseract_path() -> str | None:
    found = shutil.which("tesseract")
    if found:
        return found
    if os.name == "nt":  # the UB Mannheim installer's default place, often not on PATH
        for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
            if base and (Path(base) / "Tesseract-OCR" / "tesseract.exe").is_file():
                return str(Path(base) / "Tesseract-OCR" / "tesseract.exe")
    return None


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """Tesseract is installed and lists the `vie` language. Cached per process
    (`available.cache_clear()` to look again)."""
    exe = tesseract_path()
    if exe is None:
        return False
    try:
        result = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=LIST_LANGS_TIMEOUT,
                                env=_env(), creationflags=_NO_WINDOW, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    listed = (result.stdout + result.stderr).decode("utf-8", "replace").split()
    return "vie" in listed


def ocr_pages(source: Source, pages: list[int], budget: Budget) -> list[Block]:
    """OCR the given 1-based pages of a PDF source (see the module text)."""
    from bmnn.scanner.extract.pdf import _open

    document = _open(source)
    if document is None:
        raise ExtractError(ProblemKind.ENCRYPTED, "PDF có mật khẩu / password-protected PDF")
    try:
        return ocr_document_pages(document, pages, budget)[0]
    finally:
        document.close()


def extract_image(source: Source, budget: Budget) -> Extraction:
    """An image file (a scan or a photo of a page), for the pipeline to call when
    `--ocr` is on: Tesseract reads PNG, JPEG, TIFF, GIF and BMP from stdin itself. Small
    images (icons) and a machine without Tesseract give an empty extraction (the
    pipeline reports the missing OCR once, not per image)."""
    extraction = Extraction(kind="image")
    exe = tesseract_path()
    if source.size < MIN_IMAGE_BYTES or source.size > budget.max_part_bytes or exe is None or not available():
        return extraction
    try:
        result = subprocess.run(command(exe), input=source.read(), capture_output=True,
                                timeout=max(0.1, budget.ocr_seconds), env=_env(), creationflags=_NO_WINDOW,
                                check=False)
    except subprocess.TimeoutExpired as error:
        raise ExtractError(ProblemKind.TIMEOUT, f"OCR quá {budget.ocr_seconds:g} s / OCR over budget") from error
    except OSError as error:
        raise ExtractError(ProblemKind.UNREADABLE, f"OCR lỗi / OCR failed: {error}") from error
    if result.returncode != 0:
        raise ExtractError(ProblemKind.UNREADABLE, "Tesseract không đọc được ảnh / Tesseract could not read the image")
    tsv = result.stdout.decode("utf-8", "replace")
    for index, (y, text) in enumerate(parse_tsv(tsv, 0.0, _image_height(tsv))):
        extraction.blocks.append(Block(text=text, container=Container.BODY, part="image (OCR)", index=index, y=y))
    return extraction


def _image_height(tsv: str) -> float:
    """Tesseract's level-1 (page) row carries the image size."""
    for row in tsv.splitlines()[1:2]:
        cells = row.split("\t")
        if len(cells) >= 10 and cells[0] == "1":
            return float(cells[9])
    return 0.0


def ocr_document_pages(document: pdfium.PdfDocument, pages: list[int], budget: Budget) -> tuple[list[Block], set[int]]:
    """Blocks from the top band of every page, then from the rest of each page while
    time remains; and the pages whose top band was read."""
    exe = tesseract_path()
    if exe is None:
        return [], set()
    deadline = time.monotonic() + budget.ocr_seconds
    found: dict[int, list[tuple[float, str]]] = {}
    for number in pages:
        lines = _ocr_region(exe, document, number, 0.0, TOP_BAND, deadline)
        if lines is None:
            break
        found[number] = lines
    for number in list(found):
        if deadline - time.monotonic() < FULL_PAGE_SECONDS:
            break
        rest = _ocr_region(exe, document, number, TOP_BAND, 1.0, deadline)
        if rest is None:
            break
        found[number].extend(rest)
    blocks = []
    for number, lines in found.items():
        for index, (y, text) in enumerate(lines):
            blocks.append(Block(text=text, container=Container.BODY, part=f"page {number} (OCR)", index=index,
                                page=number, y=y))
    return blocks, set(found)


def _ocr_region(exe: str, document: pdfium.PdfDocument, number: int, start: float, stop: float,
                deadline: float) -> list[tuple[float, str]] | None:
    """Lines (y, text) of the band [start, stop) of a page's height; None when time
    ran out or Tesseract failed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0.1:
        return None
    page = document[number - 1]
    try:
        height = page.get_height()
        bitmap = page.render(scale=DPI / 72, crop=(0, height * (1 - stop), 0, height * start), grayscale=True)
        image = _pgm(bitmap)
        page_pixels = height * DPI / 72
        offset = height * start * DPI / 72
    except (ValueError, pdfium.PdfiumError):  # a page too small to crop, or one PDFium cannot render
        return None
    finally:
        page.close()
    try:
        result = subprocess.run(command(exe), input=image, capture_output=True, timeout=remaining, env=_env(),
                                creationflags=_NO_WINDOW, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return parse_tsv(result.stdout.decode("utf-8", "replace"), offset, page_pixels)


def command(exe: str) -> list[str]:
    """Read a PGM image from stdin, write TSV (words with their boxes) to stdout."""
    return [exe, "stdin", "stdout", "-l", "vie", "--psm", "3", "tsv"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _pgm(bitmap) -> bytes:
    """A binary greyscale PNM (PGM), which Tesseract reads through Leptonica."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    data = bytes(bitmap.buffer)
    if stride != width:
        data = b"".join(data[row * stride:row * stride + width] for row in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + data


def parse_tsv(tsv: str, offset: float, page_pixels: float) -> list[tuple[float, str]]:
    """Tesseract TSV → lines (y on the page, text) in reading order. Output without
    the TSV header (another Tesseract build, a plain-text config) is taken line by
    line without positions."""
    rows = tsv.splitlines()
    if not rows or not rows[0].startswith("level"):
        return [(None, line.strip()) for line in rows if line.strip()]
    lines: dict[tuple[str, str, str, str], list] = {}
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = (cells[1], cells[2], cells[3], cells[4])
        top = float(cells[7])
        entry = lines.setdefault(key, [top, []])
        entry[0] = min(entry[0], top)
        entry[1].append(cells[11].strip())
    out = []
    for top, words in lines.values():
        y = round(min(1.0, max(0.0, (offset + top) / page_pixels)), 4) if page_pixels else None
        out.append((y, " ".join(words)))
    return out
