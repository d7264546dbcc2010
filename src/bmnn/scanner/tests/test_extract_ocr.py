"""Optional OCR: detection of Tesseract + vie, the command it runs, its output.

Tesseract is not installed here: a fake `tesseract` script on PATH stands in for it
(it records its arguments, environment and input, and prints a fixed TSV)."""

import json
import os
import stat
import sys
import textwrap

import pytest

from bmnn.scanner.extract import ocr
from bmnn.scanner.model import Budget, Container, Source
from bmnn.scanner.tests.legacy_fixtures import pdf

posix_only = pytest.mark.skipif(os.name == "nt", reason="the fake tesseract is a script with a #! line")

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t1654\t584\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t100\t60\t80\t30\t91\tTỐI\n"
    "5\t1\t1\t1\t1\t2\t190\t62\t80\t30\t90\tMẬT\n"
    "5\t1\t2\t1\t1\t1\t100\t300\t80\t30\t88\tSố\n"
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    ocr.available.cache_clear()
    yield
    ocr.available.cache_clear()


def _fake_tesseract(tmp_path, monkeypatch, *, langs=("eng", "vie")):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.jsonl"
    script = bin_dir / "tesseract"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import json, os, sys
        if sys.argv[1:] == ["--list-langs"]:
            print("List of available languages in /usr/share/tessdata/ ({len(langs)}):")
            print("\\n".join({list(langs)!r}))
            sys.exit(0)
        image = sys.stdin.buffer.read()
        with open({str(log)!r}, "a") as handle:
            handle.write(json.dumps({{"argv": sys.argv[1:], "omp": os.environ.get("OMP_THREAD_LIMIT"),
                                      "head": image[:2].decode("latin-1"), "size": len(image)}}) + "\\n")
        sys.stdout.write({TSV!r})
        """))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))
    return log


def _calls(log):
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_not_available_without_tesseract_on_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert ocr.tesseract_path() is None
    assert ocr.available() is False


@posix_only
def test_not_available_without_vietnamese_data(tmp_path, monkeypatch):
    _fake_tesseract(tmp_path, monkeypatch, langs=("eng", "osd"))
    assert ocr.available() is False


@posix_only
def test_available_with_tesseract_and_vie(tmp_path, monkeypatch):
    _fake_tesseract(tmp_path, monkeypatch)
    assert ocr.available() is True


def test_command_reads_stdin_writes_tsv_in_vietnamese():
    assert ocr.command("tesseract") == ["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "3", "tsv"]


@posix_only
def test_ocr_pages_runs_the_top_band_single_threaded_and_returns_ocr_blocks(tmp_path, monkeypatch):
    log = _fake_tesseract(tmp_path, monkeypatch)
    source = Source.from_bytes("scan.pdf", pdf([[{"image": True}], [{"image": True}]]))
    blocks = ocr.ocr_pages(source, [2], Budget(ocr_seconds=2.0))  # < FULL_PAGE_SECONDS: band only
    calls = _calls(log)
    assert len(calls) == 1
    assert calls[0]["argv"] == ["stdin", "stdout", "-l", "vie", "--psm", "3", "tsv"]
    assert calls[0]["omp"] == "1"
    assert calls[0]["head"] == "P5"
    assert [(block.text, block.part, block.page, block.container) for block in blocks] == [
        ("TỐI MẬT", "page 2 (OCR)", 2, Container.BODY), ("Số", "page 2 (OCR)", 2, Container.BODY)]
    assert blocks[0].y == pytest.approx(60 / (842 * ocr.DPI / 72), abs=1e-3)
    assert [block.index for block in blocks] == [0, 1]


@posix_only
def test_the_rest_of_the_page_is_read_when_the_budget_allows(tmp_path, monkeypatch):
    log = _fake_tesseract(tmp_path, monkeypatch)
    source = Source.from_bytes("scan.pdf", pdf([[{"image": True}]]))
    blocks = ocr.ocr_pages(source, [1], Budget(ocr_seconds=60.0))
    assert len(_calls(log)) == 2  # top band, then the rest of the page
    assert len(blocks) == 4
    assert blocks[2].y > 0.25  # the lower band's lines are placed below the top band


@posix_only
def test_no_time_left_means_no_ocr(tmp_path, monkeypatch):
    log = _fake_tesseract(tmp_path, monkeypatch)
    source = Source.from_bytes("scan.pdf", pdf([[{"image": True}]]))
    assert ocr.ocr_pages(source, [1], Budget(ocr_seconds=0.0)) == []
    assert not log.exists()


@posix_only
def test_the_pdf_extractor_uses_ocr_when_asked_and_available(tmp_path, monkeypatch):
    from bmnn.scanner.extract.pdf import extract_pdf

    _fake_tesseract(tmp_path, monkeypatch)
    source = Source.from_bytes("scan.pdf", pdf([[{"image": True}]]))
    extraction = extract_pdf(source, Budget(ocr=True, ocr_seconds=2.0))
    assert not extraction.needs_ocr
    assert "TỐI MẬT" in [block.text for block in extraction.blocks]
    assert not extract_pdf(source, Budget(ocr=False)).blocks


def test_parse_tsv_groups_words_into_lines_with_page_y():
    lines = ocr.parse_tsv(TSV, offset=0.0, page_pixels=1000.0)
    assert lines == [(0.06, "TỐI MẬT"), (0.3, "Số")]


def test_parse_tsv_without_header_takes_plain_lines():
    assert ocr.parse_tsv("TỐI MẬT\n\nx\n", 0.0, 1000.0) == [(None, "TỐI MẬT"), (None, "x")]


@posix_only
def test_an_image_file_is_read_whole_with_its_lines_placed(tmp_path, monkeypatch):
    log = _fake_tesseract(tmp_path, monkeypatch)
    image = b"\x89PNG\r\n\x1a\n" + b"\0" * ocr.MIN_IMAGE_BYTES
    extraction = ocr.extract_image(Source.from_bytes("scan.png", image), Budget(ocr=True))
    assert [(block.text, block.part) for block in extraction.blocks] == [
        ("TỐI MẬT", "image (OCR)"), ("Số", "image (OCR)")]
    assert extraction.blocks[0].y == pytest.approx(60 / 584, abs=1e-3)
    assert _calls(log)[0]["head"] == "\x89P"  # the image bytes go to Tesseract as they are


@posix_only
def test_icons_are_not_ocr_d(tmp_path, monkeypatch):
    log = _fake_tesseract(tmp_path, monkeypatch)
    assert ocr.extract_image(Source.from_bytes("icon.png", b"\x89PNG" + b"\0" * 100), Budget(ocr=True)).blocks == []
    assert not log.exists()


def test_an_image_without_tesseract_gives_an_empty_extraction(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    extraction = ocr.extract_image(Source.from_bytes("scan.png", b"\0" * ocr.MIN_IMAGE_BYTES), Budget(ocr=True))
    assert extraction.kind == "image"
    assert extraction.blocks == []
    assert not extraction.needs_ocr
