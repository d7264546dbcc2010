"""The stock-take record printed from its page: what the registers say the unit holds, what was
presented, every copy not produced as a finding with its loss incident, who took part and the
signature recorded in bmnn; a copy of an item the reader may not know of stays unnamed; 404 for
anyone but the unit's keepers."""

import pytest
from django.urls import reverse

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import person_in
from bmnn.outputs.models import Printout
from bmnn.records.services.stocktake import mark_line, sign_stocktake, start_stocktake
from bmnn.records.tests.issued import issued_item
from bmnn.records.tests.printing import LAYOUT, both_contain, post, print_events, printed
from bmnn.records.tests.test_stocktake import ON, clerk, item, officer, unit  # noqa: F401

pytestmark = pytest.mark.django_db


def signed(officer, unit, clerk, missing_number=2):
    stocktake = start_stocktake(officer, unit, ON, members=[clerk])
    for line in stocktake.lines.select_related("copy"):
        lost = line.copy.number == missing_number
        mark_line(officer, line, not lost, "Không tìm thấy trong tủ" if lost else "")
    return sign_stocktake(officer, stocktake, ON)


def test_stocktake_record_lists_every_copy_the_result_and_the_missing_one_as_a_finding(client, officer, clerk,
                                                                                       unit, item):
    stocktake = signed(officer, unit, clerk)
    pages, word = printed(client, officer, "stocktake-record", stocktake.pk)
    both_contain(pages, word, *LAYOUT, "VĂN PHÒNG SỞ", "BIÊN BẢN", "Kiểm kê tài liệu, vật chứa bí mật nhà nước",
                 "/BB-VP", "30 tháng 6 năm 2026", "Điều 12 khoản 1 Luật BVBMNN 2018", "Ngô Thị Lan",
                 "Cán bộ bảo mật", "I. THEO SỔ SÁCH", "đang quản lý 3 bản", "Tối mật: 3", "II. KẾT QUẢ KIỂM KÊ",
                 "III. PHÁT HIỆN", "Không xuất trình được 1 bản:", "Không tìm thấy trong tủ",
                 "đã mở vụ việc mất bí mật nhà nước, phải báo cáo ngay", "NGƯỜI CHỦ TRÌ KIỂM KÊ", "THÀNH VIÊN",
                 "(Đã ký trên hệ thống ngày")
    for number in (1, 2, 3):
        assert f"Bản số {number:02d}" in word
    assert word.count("Có xuất trình") == 2 and word.count("Không xuất trình được") >= 2
    assert "TỐI MẬT" in pages[0]
    events = print_events("stocktake-record")
    assert len(events) == 2 and all(e.unit_code == "VP" for e in events)


def test_a_copy_of_an_item_the_reader_may_not_know_of_stays_unnamed_and_sets_no_level(client, officer, clerk,
                                                                                      unit, item):
    top_clerk = person_in(unit, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT)
    hidden = issued_item(top_clerk, unit, level=Level.TUYET_MAT, copies=1)
    stocktake = signed(officer, unit, clerk)
    pages, word = printed(client, officer, "stocktake-record", stocktake.pk)
    both_contain(pages, word, "ngoài phạm vi người in được giao tiếp cận", "đang quản lý 4 bản")
    assert hidden.reference not in word and hidden.reference not in " ".join(pages)
    assert "TUYỆT MẬT" not in " ".join(pages) and "Tuyệt mật" not in word
    assert {p.level for p in Printout.objects.all()} == {Level.TOI_MAT}


def test_stocktake_record_is_404_for_someone_who_does_not_keep_the_unit(client, officer, clerk, unit, item):
    stocktake = signed(officer, unit, clerk)
    assert post(client, clerk, "stocktake-record", stocktake.pk, "pdf").status_code == 404
    assert not print_events("stocktake-record")


def test_the_stocktake_page_offers_the_record_for_printing(client, officer, clerk, unit, item):
    stocktake = signed(officer, unit, clerk)
    post(client, officer, "stocktake-record", stocktake.pk, "pdf")  # logs in
    page = client.get(reverse("records:stocktake_detail", args=[stocktake.pk])).content.decode()
    assert reverse("outputs:document", args=["stocktake-record", stocktake.pk, "docx"]) in page


def test_a_printed_stocktake_record_regenerates_byte_for_byte_in_vietnamese_whatever_the_ui(client, officer, clerk,
                                                                                          unit, item):
    from bmnn.outputs import services

    stocktake = signed(officer, unit, clerk)
    client.cookies["django_language"] = "en"
    response = post(client, officer, "stocktake-record", stocktake.pk, "docx")
    assert response.status_code == 200
    again, same = services.regenerate(officer, Printout.objects.get())
    assert same and again == response.content
