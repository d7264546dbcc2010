"""Excel 97 .xls: cells, print headers and footers, fonts, encryption, stamp rows."""

import pytest

from bmnn.scanner.extract.xls import STAMP_ROWS, _header_sections, extract_xls
from bmnn.scanner.model import Budget, Container, ExtractError, ProblemKind, Source
from bmnn.scanner.tests.legacy_fixtures import biff8, cfb, property_set, xls


def _read(data: bytes, budget: Budget | None = None):
    return extract_xls(Source.from_bytes("a.xls", data), budget or Budget())


def _texts(extraction, container=None):
    return [block.text for block in extraction.blocks if container is None or block.container is container]


def test_text_cells_become_cell_blocks_named_by_their_sheet():
    extraction = _read(xls([{"name": "Sổ đăng ký", "cells": {(0, 0): "TỐI MẬT", (1, 2): "Số: 12/BC"}}]))
    assert _texts(extraction, Container.CELL) == ["TỐI MẬT", "Số: 12/BC"]
    assert {block.part for block in extraction.blocks} == {"Sổ đăng ký"}
    assert [block.index for block in extraction.blocks] == [0, 1]


def test_inline_label_cells_are_read_like_shared_strings():
    extraction = _read(xls([{"name": "A", "cells": {(0, 0): "MẬT"}, "inline": True}]))
    assert _texts(extraction) == ["MẬT"]


def test_every_sheet_is_read():
    extraction = _read(xls([{"name": "A", "cells": {(0, 0): "một"}}, {"name": "B", "cells": {(0, 0): "hai"}}]))
    assert [(block.part, block.text) for block in extraction.blocks] == [("A", "một"), ("B", "hai")]


def test_sheet_print_header_and_footer_become_header_and_footer_blocks():
    sheet = {"name": "S", "cells": {(0, 0): "x"}, "header": '&L&"Times New Roman,Bold"&12UBND&CTỐI MẬT&R&P',
             "footer": "&CTrang &P / &N"}
    extraction = _read(xls([sheet]))
    assert _texts(extraction, Container.HEADER) == ["UBND", "TỐI MẬT"]
    assert _texts(extraction, Container.FOOTER) == ["Trang  /"]
    assert all(block.part == "S" for block in extraction.blocks)


def test_header_codes_are_stripped_and_doubled_ampersands_kept():
    assert _header_sections("&CA && B&KFF0000 đỏ&R") == ["A & B đỏ"]
    assert _header_sections("MẬT") == ["MẬT"]


def test_font_names_are_collected():
    extraction = _read(xls([{"name": "S", "cells": {(0, 0): "MËT"}}], fonts=["Arial", ".VnTimeH"]))
    assert extraction.fonts == {"Arial", ".VnTimeH"}


def test_filepass_reports_encrypted():
    extraction = _read(xls([{"name": "S", "cells": {(0, 0): "MẬT"}}], encrypted=True))
    assert extraction.encrypted
    assert extraction.blocks == []


def test_stamp_mode_reads_the_first_rows_and_full_mode_all():
    cells = {(row, 0): f"dòng {row}" for row in range(STAMP_ROWS + 50)}
    data = xls([{"name": "S", "cells": cells}])
    assert len(_read(data).blocks) == STAMP_ROWS
    assert len(_read(data, Budget(full=True)).blocks) == STAMP_ROWS + 50


def test_a_workbook_stream_that_is_not_biff_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        _read(cfb({"Workbook": b"\xff" * 100}))
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_a_truncated_workbook_is_unreadable_or_partial_never_a_crash():
    stream = biff8([{"name": "S", "cells": {(row, 0): f"r{row}" for row in range(30)}}])
    try:
        extraction = _read(cfb({"Workbook": stream[: len(stream) // 2]}))
    except ExtractError as error:
        assert error.kind is ProblemKind.UNREADABLE
    else:
        assert extraction.kind == "xls"


def test_a_file_without_workbook_stream_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        _read(cfb({"WordDocument": b"x"}))
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_an_xls_on_disk_is_read(tmp_path):
    path = tmp_path / "so.xls"
    path.write_bytes(xls([{"name": "S", "cells": {(0, 0): "MẬT"}}]))
    assert _texts(extract_xls(Source.from_path(path), Budget())) == ["MẬT"]


def test_workbook_properties_become_property_blocks():
    streams = {"\x05SummaryInformation": property_set({5: "MẬT"})}
    extraction = _read(xls([{"name": "S", "cells": {(0, 0): "x"}}], extra_streams=streams))
    assert _texts(extraction, Container.PROPERTY) == ["MẬT"]


def test_excel_95_biff5_book_stream_is_read_with_its_headers_and_fonts():
    stream = biff8([{"name": "So", "cells": {(0, 0): "MËT", (1, 0): "x"}, "header": "&CTèI MËT"}],
                   fonts=[".VnTimeH"], version=5)
    extraction = _read(cfb({"Book": stream}))
    assert _texts(extraction, Container.CELL) == ["MËT", "x"]
    assert _texts(extraction, Container.HEADER) == ["TèI MËT"]
    assert extraction.fonts == {".VnTimeH"}
