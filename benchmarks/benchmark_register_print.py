"""Printing a 10,000-line register: PDF and DOCX, as the keeper's print act does it (read the lines as
of now with the access filter and summaries, lay out, draw, record the Printout and its ledger event),
on a scratch SQLite database in a temporary data dir.

    .venv/bin/python benchmarks/benchmark_register_print.py [--quick] [--lines N] [--baseline-lines N]
                                                             [--json results.json]

Target (docs/benchmarks.md): PDF of a 10,000-line register < 30 s. Measured in the same run, on the
same lines already read: the naive PDF baseline (one platypus Table(repeatRows=2) of every row, cells as
Paragraphs, in a SimpleDocTemplate) and the ratio; and, for the DOCX, python-docx's `add_row` against the
table XML bmnn writes (the baseline on --baseline-lines rows when that is smaller, extrapolated to the
same number of rows linearly, which flatters the baseline: it is superlinear)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from benchmark_ledger import machine  # noqa: E402  (same machine record)

TARGET_SECONDS = 30.0


def setup(data_dir: str) -> None:
    os.environ["BMNN_DATA_DIR"] = data_dir
    os.environ["BMNN_DATABASE_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmnn.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fill(lines: int):
    """A unit, its clerk and `lines` outgoing lines (items with summaries, a few cancelled), written in bulk."""
    from django.utils import timezone

    from bmnn.core.levels import Level
    from bmnn.org.models import Role
    from bmnn.org.tests.factories import UnitFactory, person_in
    from bmnn.records.models import ItemStatus, Register, RegisterCounter, RegisterEntry, RegisterKind, SecretItem

    parent = UnitFactory(name="Công an tỉnh Sơn Hà", code="CAT")
    unit = UnitFactory(name="Phòng An ninh chính trị nội bộ", code="PA03", parent=parent)
    clerk = person_in(unit, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")
    levels = [Level.MAT, Level.MAT, Level.TOI_MAT, Level.TUYET_MAT]  # the clerk cannot see a quarter of them
    start = dt.date(2026, 1, 2)
    items = []
    for i in range(lines):
        item = SecretItem(reference=f"{i + 1}/BC-PA03", issued_on=start + dt.timedelta(days=i * 360 // lines),
                          document_type="Báo cáo", level=levels[i % 4], status=ItemStatus.ISSUED, holding_unit=unit,
                          issuing_unit=unit, classified_on=start, copies_planned=2)
        item.summary = (f"Kết quả công tác bảo vệ bí mật nhà nước, tình hình an ninh nội bộ và việc thực hiện "
                        f"quy chế phối hợp, đợt {i + 1}")
        items.append(item)
    SecretItem.objects.bulk_create(items, batch_size=1000)
    register = Register.objects.create(unit=unit, kind=RegisterKind.OUTGOING, year=2026, volume=1,
                                       parent_body_name=parent.name, body_name=unit.name, opened_on=start,
                                       opened_by=clerk)
    now = timezone.now() - dt.timedelta(minutes=1)
    entries = [RegisterEntry(register=register, unit=unit, kind=RegisterKind.OUTGOING, year=2026, number=i + 1,
                             entry_date=item.issued_on, item=item, copies_count=2, recorded_by=clerk,
                             counterpart="Cục An ninh chính trị nội bộ; Công an các xã, phường (mỗi nơi 01 bản)",
                             cancelled_on=item.issued_on if i % 97 == 0 else None,
                             cancelled_by=clerk if i % 97 == 0 else None,
                             cancel_reason="Ghi nhầm" if i % 97 == 0 else "")
               for i, item in enumerate(items)]
    RegisterEntry.objects.bulk_create(entries, batch_size=1000)
    RegisterEntry.objects.filter(register=register).update(recorded_at=now)
    RegisterCounter.objects.create(unit=unit, kind=RegisterKind.OUTGOING, year=2026, last_number=lines)
    return clerk, register


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def naive_pdf(printed, rows: int) -> int:
    """One platypus Table of every row (repeatRows=2), cells as Paragraphs: what one would write first."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from bmnn.outputs.fonts import pdf_font
    from bmnn.outputs.registers import numbered_heads

    style = ParagraphStyle("cell", fontName=pdf_font(), fontSize=10.5, leading=12.6)
    head = ParagraphStyle("head", parent=style, fontName=pdf_font(bold=True), alignment=1)
    columns = printed.columns
    usable = (297 - 45) * mm
    total = sum(float(c["width"]) for c in columns)
    widths = [usable * float(c["width"]) / total for c in columns]
    data = [[Paragraph(c["heading"], head) for c in columns],
            [Paragraph(n, head) for n in numbered_heads(len(columns))]]
    lines = printed.sections[0].lines[:rows]
    data += [[Paragraph(text.replace("\n", "<br/>"), style) for text in printed.cells(line)] for line in lines]
    table = Table(data, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=30 * mm, rightMargin=15 * mm,
                                 topMargin=20 * mm, bottomMargin=20 * mm, invariant=1)
    document.build([table])
    return len(out.getvalue())


def naive_docx(printed, rows: int) -> int:
    """python-docx's table API: add_row and cell.text for every line."""
    from docx import Document

    columns = printed.columns
    document = Document()
    table = document.add_table(rows=2, cols=len(columns))
    for i, column in enumerate(columns):
        table.rows[0].cells[i].text = column["heading"]
        table.rows[1].cells[i].text = f"({i + 1})"
    for line in printed.sections[0].lines[:rows]:
        cells = table.add_row().cells
        for cell, text in zip(cells, printed.cells(line)):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return len(out.getvalue())


def run(args) -> dict:
    from bmnn.outputs import register_prints
    from bmnn.outputs.registers import collect

    (clerk, register), fill_seconds = timed(lambda: fill(args.lines))
    result = {"machine": machine(), "lines": args.lines, "fill_seconds": fill_seconds}
    for fmt in ("pdf", "docx"):
        (printout, content), seconds = timed(lambda: register_prints.print_volume(clerk, register, fmt))
        result[fmt] = {"seconds": seconds, "bytes": len(content), "pages": printout.pages}
    # The parts of the PDF act: reading the lines (as of the print), then laying out and drawing.
    printout = register_prints.printouts_of_volume(register).filter(fmt="pdf").first()
    printed, read_seconds = timed(lambda: collect(printout.params))
    result["read_seconds"] = read_seconds
    from bmnn.outputs import register_pdf, register_docx
    from bmnn.outputs.services import PrintMark

    mark = PrintMark(printout.printed_at, printout.printed_by_name)
    _, result["pdf_draw_seconds"] = timed(lambda: register_pdf.render(printed, mark, "bench"))
    _, result["docx_write_seconds"] = timed(lambda: register_docx.render(printed, mark, "bench"))
    rows = min(args.baseline_lines, args.lines)
    _, naive = timed(lambda: naive_pdf(printed, rows))
    result["naive_pdf"] = {"rows": rows, "seconds": naive}
    _, naive_d = timed(lambda: naive_docx(printed, rows))
    result["naive_docx"] = {"rows": rows, "seconds": naive_d}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description="In sổ 10.000 dòng ra PDF, DOCX / print a 10,000-line register")
    parser.add_argument("--quick", action="store_true", help="1,000 lines")
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--baseline-lines", type=int, default=None,
                        help="rows for the naive baselines (default: as many as --lines)")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    if args.quick:
        args.lines = 1_000
    args.baseline_lines = args.baseline_lines or args.lines
    with tempfile.TemporaryDirectory(prefix="bmnn-bench-print-") as data_dir:
        setup(data_dir)
        result = run(args)
    lines, pdf, docx = result["lines"], result["pdf"], result["docx"]
    m = result["machine"]
    print(f"== {m['date']}, nproc {m['nproc']}, {m['cpu']}, Python {m['python']}, load {m['load_before']}")
    print(f"  {lines:,} lines written in {result['fill_seconds']:.1f} s")
    print(f"  PDF  print act: {pdf['seconds']:6.1f} s  ({pdf['pages']:,} pages, {pdf['bytes'] / 1e6:.1f} MB)")
    print(f"       of which reading the lines {result['read_seconds']:.1f} s, layout and drawing "
          f"{result['pdf_draw_seconds']:.1f} s")
    print(f"  DOCX print act: {docx['seconds']:6.1f} s  ({docx['bytes'] / 1e6:.1f} MB); writing "
          f"{result['docx_write_seconds']:.1f} s")
    scale = lines / result["naive_pdf"]["rows"]
    naive = result["naive_pdf"]["seconds"] * scale
    note = "" if scale == 1 else f" (measured on {result['naive_pdf']['rows']:,} rows, × {scale:.0f} linearly)"
    print(f"  naive PDF (one platypus Table, repeatRows=2): {naive:8.1f} s{note}; ratio naive ÷ bmnn drawing: "
          f"{naive / result['pdf_draw_seconds']:.1f}")
    naive_d = result["naive_docx"]["seconds"] * scale
    print(f"  naive DOCX (python-docx add_row): {naive_d:8.1f} s{note}; ratio naive ÷ bmnn writing: "
          f"{naive_d / result['docx_write_seconds']:.1f}")
    result["ratio_pdf"] = naive / result["pdf_draw_seconds"]
    result["ratio_docx"] = naive_d / result["docx_write_seconds"]
    met = pdf["seconds"] < TARGET_SECONDS
    print(f"  [{'ĐẠT' if met else 'KHÔNG ĐẠT'}] PDF of {lines:,} lines < {TARGET_SECONDS:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
