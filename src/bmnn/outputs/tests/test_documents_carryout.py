"""The carry-out request (Law 2018 Art. 14; Decree 26/2020 Art. 5) printed from its page: every
content the law lists, domestic and abroad, the decision and the return; made through the real acts
and opened back from the PDF and the DOCX."""

import datetime as dt

import pytest
from django.urls import reverse

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import person_in
from bmnn.outputs.tests.printed import hidden_from_outsider, print_both, print_event, shows_buttons
from bmnn.records.models import CarryOutScope
from bmnn.records.services import carryout as svc
from bmnn.records.tests.conftest import director, pa03, police  # noqa: F401  (fixtures)
from bmnn.records.tests.issued import issued_item
from bmnn.records.tests.test_carryout import (  # noqa: F401  (fixtures)
    ON, ask, carrier, clerk, division_head, finance, item, province,
)

pytestmark = pytest.mark.django_db

CODE = "carryout-request"


def test_a_domestic_request_prints_every_content_of_article_14_and_the_decision(
        client, carrier, item, division_head):
    copies = list(item.copies.filter(number__in=[1, 2]))
    carry_out = svc.decide_carry_out(division_head, ask(carrier, item, copies=copies), approve=True, on=ON)
    printed = print_both(client, carrier, CODE, carry_out.pk)
    printed.has("CÔNG AN TỈNH SƠN HÀ", "PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ", "/PA03", "…………, ngày 10 tháng 4 năm 2026",
                "VĂN BẢN XIN PHÉP", "Mang tài liệu, vật chứa bí mật nhà nước ra khỏi nơi lưu giữ",
                "Kính gửi: Lê Thị Hoa, Trưởng phòng.", "Căn cứ Điều 14 khoản 1 Luật BVBMNN 2018; Điều 5 Nghị định",
                "Họ và tên: Bùi Văn Nam", "Chức vụ: Chuyên viên", "Đơn vị công tác: Phòng An ninh chính trị nội bộ",
                f"Báo cáo số {item.reference}", "Nội dung thử nghiệm", "Tối mật", "Bản số 01", "Bản số 02",
                "Phạm vi: Phục vụ công tác trong nước", "Mục đích sử dụng: Báo cáo tại hội nghị của Bộ",
                "Địa điểm công tác: Hà Nội", "Thời gian: từ ngày 10/04/2026 đến ngày 13/04/2026",
                "Cặp tài liệu có khóa số, luôn mang theo người", "Người quyết định: Lê Thị Hoa, Trưởng phòng",
                "Ý kiến: Cho phép", "NGƯỜI ĐỀ NGHỊ", "(Đã đề nghị trên hệ thống ngày 10/04/2026)",
                "NGƯỜI CÓ THẨM QUYỀN", "(Đã quyết định trên hệ thống ngày 10/04/2026)")
    printed.has_level_stamp(Level.TOI_MAT)
    printed.lacks("Trưởng đoàn công tác", "Bản số 03")
    assert "(5)" in printed.pdf  # the copies table's numbered columns


def test_a_request_not_yet_decided_leaves_the_approver_to_sign_on_paper(client, carrier, item):
    printed = print_both(client, carrier, CODE, ask(carrier, item).pk)
    printed.has("Kính gửi: Người đứng đầu Phòng An ninh chính trị nội bộ.", "NGƯỜI CÓ THẨM QUYỀN",
                "(Ký, ghi rõ họ tên)")


def test_a_refusal_and_its_reason_are_printed(client, carrier, item, division_head):
    carry_out = svc.decide_carry_out(division_head, ask(carrier, item), approve=False, reason="Mang bản trích là đủ",
                                     on=ON)
    print_both(client, carrier, CODE, carry_out.pk).has("Ý kiến: Không cho phép", "Lý do: Mang bản trích là đủ")


def test_a_trip_abroad_names_the_delegation_head_and_article_14_2(client, finance, province):
    clerk = person_in(finance, title="Văn thư", role=Role.CLERK, clearance=Level.MAT)
    item = issued_item(clerk, finance, level=Level.MAT, on=ON)
    traveller = person_in(finance, title="Chuyên viên", clearance=Level.MAT, full_name="Đặng Văn Đi")
    carry_out = ask(traveller, item, scope=CarryOutScope.ABROAD, destination="Viên Chăn, Lào",
                    delegation_head="Phó Chủ tịch UBND tỉnh Hoàng Văn Trưởng")
    printed = print_both(client, traveller, CODE, carry_out.pk)
    printed.has("ỦY BAN NHÂN DÂN TỈNH SƠN HÀ", "SỞ TÀI CHÍNH", "Mang tài liệu, vật chứa bí mật nhà nước ra nước ngoài",
                "Căn cứ Điều 14 khoản 2 Luật BVBMNN 2018", "Phạm vi: Mang ra nước ngoài",
                "Địa điểm công tác: Viên Chăn, Lào", "Trưởng đoàn công tác: Phó Chủ tịch UBND tỉnh Hoàng Văn Trưởng",
                "và trưởng đoàn công tác khi xảy ra lộ, mất")
    printed.has_level_stamp(Level.MAT)


def test_the_return_date_is_printed_once_the_copies_are_back(client, carrier, item, division_head):
    carry_out = svc.decide_carry_out(division_head, ask(carrier, item), approve=True, on=ON)
    svc.return_carry_out(carrier, carry_out, report="Đã sử dụng đúng mục đích", on=ON + dt.timedelta(days=2))
    print_both(client, carrier, CODE, carry_out.pk).has("Đã nộp lại và báo cáo ngày: 12/04/2026")


def test_someone_who_may_not_see_the_item_gets_404_and_nothing_is_printed(client, carrier, item):
    carry_out = ask(carrier, item)
    assert hidden_from_outsider(client, CODE, carry_out.pk)


def test_the_print_is_in_the_ledger_without_the_destination_or_purpose(client, carrier, item):
    printed = print_both(client, carrier, CODE, ask(carrier, item).pk)
    event = print_event(printed.printout)
    assert printed.printout.level == Level.TOI_MAT and event.actor_id == carrier.pk
    assert "Hà Nội" not in event.description + event.payload and "hội nghị" not in event.description + event.payload


def test_the_carry_out_page_offers_the_print_buttons(client, carrier, item):
    carry_out = ask(carrier, item)
    assert shows_buttons(client, carrier, reverse("records:carryout_detail", args=[carry_out.pk]), CODE, carry_out.pk)
