"""Exporting a list to XLSX: Vietnamese headers, real date cells, the highest level marked on the
sheet and in its printed header, exactly the rows the page shows (filters, all pages, nothing the
person may not see), allowed by role from the rulebook and recorded; the same bytes again later."""

import datetime as dt

import pytest
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.outputs import services
from bmnn.outputs.export import act
from bmnn.outputs.export import spec as specs
from bmnn.outputs.models import Printout
from bmnn.outputs.tests.export_fixtures import clerk, elsewhere, staff, treasury  # noqa: F401  (over conftest's)
from bmnn.outputs.tests.export_fixtures import header_row, open_xlsx, table
from bmnn.records.models import ItemStatus, RegisterEntry
from bmnn.records.services.registers import cancel_entry
from bmnn.records.tests.factories import SecretItemFactory
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db


def _items(unit, level, n=1, **fields):
    return [SecretItemFactory(holding_unit=unit, level=level, status=ItemStatus.CLASSIFIED, **fields)
            for _ in range(n)]


def test_items_export_has_vietnamese_headers_with_diacritics(clerk, treasury):
    _items(treasury, Level.MAT)
    _printout, content = act.export_list(clerk, "items", {})
    ws = open_xlsx(content)
    heads = [c.value for c in ws[header_row(ws)]]
    assert heads[:5] == ["Số, ký hiệu", "Ngày văn bản", "Tên loại", "Độ mật", "Đơn vị quản lý"]
    assert "Thời hạn bảo vệ đến ngày" in heads
    assert ws.title == "Tài liệu bí mật"
    assert ws[header_row(ws)][0].font.b


def test_dates_are_date_cells_in_dd_mm_yyyy(clerk, treasury):
    _items(treasury, Level.MAT, issued_on=dt.date(2026, 1, 5))
    ws = open_xlsx(act.export_list(clerk, "items", {})[1])
    cell = ws.cell(row=header_row(ws) + 1, column=2)
    assert isinstance(cell.value, (dt.date, dt.datetime)) and cell.value.date() == dt.date(2026, 1, 5)
    assert cell.number_format == "dd/mm/yyyy"


def test_levels_are_written_by_their_vietnamese_names(clerk, treasury):
    _items(treasury, Level.TUYET_MAT)
    ws = open_xlsx(act.export_list(clerk, "items", {})[1])
    assert table(ws)[0][3] == "Tuyệt mật"


def test_the_highest_level_present_is_marked_in_red_on_the_sheet_and_in_the_page_header(clerk, treasury):
    _items(treasury, Level.MAT, 2)
    _items(treasury, Level.TOI_MAT)
    printout, content = act.export_list(clerk, "items", {})
    ws = open_xlsx(content)
    assert ws["A1"].value == "TỐI MẬT"
    assert ws["A1"].font.b and ws["A1"].font.color.rgb.endswith("C00000")
    assert ws.oddHeader.center.text == "TỐI MẬT"
    assert printout.level == Level.TOI_MAT


def test_a_list_without_levels_says_so_instead_of_a_mark(clerk, treasury):
    ws = open_xlsx(act.export_list(clerk, "items", {})[1])
    assert ws["A1"].value == "Không có dòng nào mang độ mật."
    assert not ws.oddHeader.center.text


def test_title_block_names_the_list_filters_and_row_count_and_the_print_line_closes_it(clerk, treasury):
    _items(treasury, Level.MAT, 2)
    ws = open_xlsx(act.export_list(clerk, "items", {"level": "MAT", "page": "2", "junk": "x"})[1])
    texts = [c.value for c in ws["A"] if c.value]
    assert "Tài liệu, vật chứa bí mật nhà nước" in texts
    assert "Điều kiện lọc: Độ mật: Mật" in texts
    assert "Số dòng: 2" in texts
    assert texts[-1].startswith("In từ hệ thống bmnn ngày ") and "Trần Thị Bích Ngọc" in texts[-1]
    assert ws.freeze_panes == f"A{header_row(ws) + 1}"
    assert ws.auto_filter.ref.startswith(f"A{header_row(ws)}:")


def test_rows_the_person_may_not_see_are_absent(clerk, treasury, elsewhere):
    _items(treasury, Level.MAT, reference="1/KB-THAY")
    _items(elsewhere, Level.TUYET_MAT, reference="9/STC-AN")
    printout, content = act.export_list(clerk, "items", {})
    refs = [row[0] for row in table(open_xlsx(content))]
    assert any("1/KB-THAY" in r for r in refs) and not any("9/STC-AN" in r for r in refs)
    assert printout.level == Level.MAT  # the hidden Tuyệt mật item does not raise the mark either


def test_filters_of_the_page_are_applied_across_all_its_pages(clerk, treasury):
    _items(treasury, Level.MAT, 55)  # more than one page of 50
    _items(treasury, Level.TOI_MAT, 3)
    rows = table(open_xlsx(act.export_list(clerk, "items", {"level": "MAT"})[1]))
    assert len(rows) == 55 and {r[3] for r in rows} == {"Mật"}


def test_an_allowed_export_writes_the_printout_and_its_ledger_event(clerk, treasury):
    _items(treasury, Level.MAT)
    printout, content = act.export_list(clerk, "items", {"level": "MAT"})
    assert Printout.objects.get() == printout
    assert printout.kind == "export" and printout.fmt == "xlsx" and printout.form == "export.items"
    assert printout.params == {"list": "items", "filters": {"level": "MAT"}, "person": clerk.pk}
    event = LedgerEvent.objects.get(action="outputs.export")
    assert event.object_id == str(printout.pk) and printout.sha256 in event.payload


def test_a_role_the_rule_does_not_allow_is_refused_with_rule_and_basis_and_nothing_is_written(staff, treasury):
    _items(treasury, Level.MAT)
    with pytest.raises(Refused) as refused:
        act.export_list(staff, "items", {})
    assert refused.value.rule == "exports.items"
    assert refused.value.basis == "Điều 12 khoản 2 Luật BVBMNN 2018"
    assert "Văn thư" in refused.value.message and "không được xuất" in refused.value.message
    assert not Printout.objects.exists()
    assert not LedgerEvent.objects.filter(action="outputs.export").exists()


def test_an_unknown_list_is_404(clerk):
    with pytest.raises(Http404):
        act.export_list(clerk, "no-such-list", {})


def test_regenerating_gives_identical_bytes_and_leaves_out_rows_recorded_later(clerk, treasury):
    _items(treasury, Level.MAT, 2)
    printout, content = act.export_list(clerk, "items", {})
    later = _items(treasury, Level.TUYET_MAT)[0]
    type(later).objects.filter(pk=later.pk).update(created_at=printout.printed_at + dt.timedelta(seconds=5))
    again, same = services.regenerate(clerk, printout)
    assert same and again == content


def test_too_long_a_list_is_refused_before_anything_is_written(clerk, treasury, monkeypatch):
    monkeypatch.setattr(specs, "MAX_ROWS", 2)
    _items(treasury, Level.MAT, 3)
    with pytest.raises(Refused) as refused:
        act.export_list(clerk, "items", {})
    assert refused.value.rule == "exports.too_many_rows" and not Printout.objects.exists()


# --- Registers ------------------------------------------------------------------------------------

def test_register_lines_of_items_the_reader_may_not_see_are_masked_as_on_the_page(clerk, treasury, staff):
    from bmnn.org.models import Role
    from bmnn.org.tests.factories import person_in

    issued_item(clerk, treasury, level=Level.TUYET_MAT, reference="7/KB-TM")
    issued_item(clerk, treasury, level=Level.MAT, reference="8/KB-M")
    keeper = person_in(treasury, role=Role.SECURITY_OFFICER, clearance=Level.MAT, full_name="Phạm Minh")
    register = RegisterEntry.objects.first().register
    _printout, content = act.export_list(keeper, "register", {"register": str(register.pk)})
    ws = open_xlsx(content)
    rows = table(ws)
    assert [r[0] for r in rows] == [1, 2]
    assert rows[0][2] == "—" and "7/KB-TM" not in str(rows)  # masked: number and date only
    assert "8/KB-M" in rows[1][2]
    assert ws["A1"].value == "MẬT"  # the masked Tuyệt mật line does not show through the mark
    heads = [c.value for c in ws[header_row(ws)]]
    assert heads[:3] == ["Số", "Ngày vào sổ", "Số, ký hiệu"]
    assert isinstance(rows[0][1], dt.datetime) and ws.cell(row=header_row(ws) + 1, column=2).number_format == \
        "dd/mm/yyyy"


def test_register_series_export_keeps_the_line_filters_and_shows_cancellations(clerk, treasury):
    on = dt.date(2026, 4, 10)
    for _ in range(3):
        issued_item(clerk, treasury, level=Level.MAT, on=on)
    cancel_entry(clerk, RegisterEntry.objects.get(number=2), "Ghi nhầm số", on)
    params = {"unit": str(treasury.pk), "kind": "outgoing", "year": "2026", "number_from": "2"}
    printout, content = act.export_list(clerk, "register-series", params)
    ws = open_xlsx(content)
    rows = table(ws)
    assert [r[0] for r in rows] == [2, 3]
    assert rows[0][-1] == "Hủy ngày 10/04/2026: Ghi nhầm số"
    texts = [c.value for c in ws["A"] if c.value]
    assert "Sổ đăng ký bí mật nhà nước đi năm 2026" in texts
    assert "Đơn vị: Kho bạc Nhà nước khu vực XII" in texts and "Điều kiện lọc: Từ số: 2" in texts
    assert printout.unit == treasury


def test_a_register_the_person_does_not_keep_is_404_not_a_refusal(clerk, elsewhere):
    from bmnn.org.models import Role
    from bmnn.org.tests.factories import person_in

    other_clerk = person_in(elsewhere, role=Role.CLERK, clearance=Level.MAT)
    issued_item(other_clerk, elsewhere, level=Level.MAT)
    register = RegisterEntry.objects.get().register
    with pytest.raises(Http404):
        act.export_list(clerk, "register", {"register": str(register.pk)})
    with pytest.raises(Http404):
        act.export_list(clerk, "register-series", {"unit": str(elsewhere.pk), "year": "2026"})
    assert not Printout.objects.exists()


def test_register_regeneration_leaves_out_lines_recorded_after_the_export(clerk, treasury):
    issued_item(clerk, treasury, level=Level.MAT)
    params = {"unit": str(treasury.pk), "kind": "outgoing", "year": "2026"}
    printout, content = act.export_list(clerk, "register-series", params)
    issued_item(clerk, treasury, level=Level.TOI_MAT)
    RegisterEntry.objects.filter(number=2).update(recorded_at=printout.printed_at + dt.timedelta(seconds=3))
    again, same = services.regenerate(clerk, printout)
    assert same and again == content


def test_inventory_export_counts_by_date_and_level_with_a_total_row(clerk, treasury):
    d1 = dt.date(2026, 5, 4)
    issued_item(clerk, treasury, level=Level.TOI_MAT, copies=3, on=d1)
    issued_item(clerk, treasury, level=Level.MAT, copies=2, on=d1)
    params = {"unit": str(treasury.pk), "from": "01/05/2026", "to": "31/05/2026"}
    ws = open_xlsx(act.export_list(clerk, "inventory", params)[1])
    rows = table(ws)
    assert rows[-1][0] == "Cộng" and rows[-1][4] == 2 and rows[-1][5] == 5
    assert ws["A1"].value == "TỐI MẬT"
    assert "Thống kê tài liệu, vật chứa bí mật nhà nước đến, đi từ 01/05/2026 đến 31/05/2026" in [
        c.value for c in ws["A"]]


def test_the_document_properties_carry_the_export_time_not_the_save_time(clerk, treasury):
    printout, content = act.export_list(clerk, "items", {})
    import io

    import openpyxl

    props = openpyxl.load_workbook(io.BytesIO(content)).properties
    when = printout.printed_at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    assert props.created == when and props.modified == when
