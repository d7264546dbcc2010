"""Any list as an XLSX sheet: the highest secrecy level present marked at the top (red, bold)
and in the printed page header, a title block (list, unit, filters, row count), a bold header
row with the panes frozen under it and an autofilter, dates as real date cells (dd/mm/yyyy),
levels by their Vietnamese names, and the "printed from bmnn" line at the bottom.

Made only from the rows and the print mark, with fixed document properties and zip member
times, so the same rows give the same bytes (outputs.services.regenerate)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from bmnn.core.levels import Level, rank
from bmnn.outputs.determinism import fixed_zip
from bmnn.outputs.export.spec import DATE, DATETIME, LEVEL, NUMBER, ListSpec

FONT = "Times New Roman"
RED = "C00000"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass
class Sheet:
    """What goes above the table: the list's name, its unit, the filters applied."""

    title: str
    unit_name: str
    filters: list[str]


def highest_level(spec: ListSpec, rows) -> str:
    if spec.level is None:
        return ""
    return max((spec.level(row) or "" for row in rows), key=rank, default="")


def level_mark(level: str) -> str:
    return str(Level(level).label).upper() if level else ""


def cell_value(kind: str, value):
    if value is None or value == "":
        return None
    if kind == DATETIME and isinstance(value, dt.datetime):
        # Excel has no time zones: the local time (Asia/Ho_Chi_Minh), as shown on the pages.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if kind == DATE and isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if kind == LEVEL:
        return str(Level(value).label) if value in Level.values else str(value)
    if kind in (DATE, NUMBER):
        return value
    return str(value)


def _width(header: str, values: list) -> float:
    longest = max([len(header), *(len(v.strftime("%d/%m/%Y %H:%M")) if isinstance(v, dt.datetime) else
                                  10 if isinstance(v, dt.date) else len(str(v)) for v in values if v is not None)])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def build(spec: ListSpec, sheet: Sheet, rows: list, mark) -> bytes:
    """The workbook's bytes. Call it with the interface language set to Vietnamese."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(spec.sheet)
    level = highest_level(spec, rows)
    ncols = len(spec.columns)
    bold = Font(name=FONT, bold=True)
    plain = Font(name=FONT)

    top = [(level_mark(level), Font(name=FONT, bold=True, size=14, color=RED)) if level else
           (_("Không có dòng nào mang độ mật."), Font(name=FONT, italic=True)),
           (sheet.title, Font(name=FONT, bold=True, size=14))]
    if sheet.unit_name:
        top.append((_("Đơn vị: %(unit)s") % {"unit": sheet.unit_name}, plain))
    top.append((_("Điều kiện lọc: %(filters)s") % {"filters": "; ".join(sheet.filters) if sheet.filters
                                                    else _("không có")}, plain))
    top.append((_("Số dòng: %(count)s") % {"count": len(rows)}, plain))
    for r, (text, font) in enumerate(top, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = font
    header_row = len(top) + 2

    for c, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=header_row, column=c, value=str(column.header))
        cell.font, cell.border = bold, BOX
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    values_by_column: list[list] = [[] for _c in spec.columns]
    body = [[column.value(row) for column in spec.columns] for row in rows]
    if spec.footer is not None and rows:
        body.append(spec.footer(rows))
    for i, raw in enumerate(body):
        r = header_row + 1 + i
        for c, (column, value) in enumerate(zip(spec.columns, raw), start=1):
            value = cell_value(column.kind, value)
            values_by_column[c - 1].append(value)
            cell = ws.cell(row=r, column=c, value=value)
            cell.font, cell.border = plain, BOX
            cell.alignment = Alignment(vertical="top", wrap_text=column.kind not in (DATE, DATETIME, NUMBER))
            if column.kind == DATE:
                cell.number_format = DATE_FORMAT
            elif column.kind == DATETIME:
                cell.number_format = DATETIME_FORMAT
        if spec.footer is not None and i == len(body) - 1 and len(body) > len(rows):
            for c in range(1, ncols + 1):
                ws.cell(row=r, column=c).font = bold
    last_row = header_row + len(body)

    for c, column in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = column.width or _width(str(column.header),
                                                                                   values_by_column[c - 1])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ncols)}{last_row}"
    ws.cell(row=last_row + 2, column=1, value=mark.line()).font = Font(name=FONT, italic=True)

    # Printing: A4 landscape, the header row on every page, the level in the page header, page x/y.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    if level:
        ws.oddHeader.center.text = level_mark(level)
        ws.oddHeader.center.font = f"{FONT},Bold"
        ws.oddHeader.center.size = 14
        ws.oddHeader.center.color = RED
    ws.oddFooter.center.text = _("Trang &P/&N")
    ws.oddFooter.center.font = FONT

    when = mark.printed_at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "bmnn"
    wb.properties.title = sheet.title
    return fixed_zip(_save(wb), mark.local)


def _save(wb: Workbook) -> bytes:
    """The workbook's bytes with its properties as set: `Workbook.save` would stamp `modified` with
    the clock (openpyxl.writer.excel.save_workbook), and the file could never be made again."""
    out = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return out.getvalue()
