"""The report the scanner really writes is what the server accepts: scan a folder with
`bmnn scan`, import the file it wrote."""

import pytest

from bmnn.computers import services
from bmnn.scanner.cli import main as scan

pytestmark = pytest.mark.django_db


def test_a_report_written_by_bmnn_scan_imports_with_its_marked_file(tmp_path, officer, treasury):
    folder = tmp_path / "hoso"
    folder.mkdir()
    (folder / "bao-cao.txt").write_text("UBND TỈNH SƠN HÀ\nMẬT\n\nBáo cáo tình hình\n", encoding="utf-8")
    output = tmp_path / "report.json"
    scan([str(folder), "--output", str(output), "--jobs", "1", "--no-cache", "--quiet"])
    result = services.import_report(officer, output.read_bytes(), unit=treasury, source_name=output.name)
    assert result.created and result.report.marked_count == 1
    marked = result.report.files.select_related("report").get()
    assert marked.path.endswith("bao-cao.txt") and marked.level == "MAT"
