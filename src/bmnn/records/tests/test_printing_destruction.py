"""The destruction decision, the destruction council's minutes and the destruction record printed
from the destruction file's page (Law 2018 Art. 23; TT 07/2020 Art. 13.4.d): every copy listed, the
method from the rulebook, every member's name and signature note; 404 for who may not see the file."""

import pytest

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.services import destruction as service
from bmnn.records.tests.printing import LAYOUT, both_contain, post, print_events, printed
from bmnn.records.tests.test_destruction import (  # noqa: F401
    ON, clerk, decided, deputy, drawn_up, item, reported, secretary, sign_all,
)

pytestmark = pytest.mark.django_db

MEMBERS = ("Trần Văn Phó", "Đỗ Thị Thư", "Phạm Thu Trang", "Ngô Văn Ngoài")


def test_destruction_decision_lists_every_copy_with_the_method_and_the_council(client, director, deputy,
                                                                                secretary, clerk, police, item):
    destruction = decided(director, deputy, secretary, clerk, police, item)
    pages, word = printed(client, director, "destruction-decision", destruction.pk)
    both_contain(pages, word, *LAYOUT, "CÔNG AN TỈNH SƠN HÀ", "Số: 07/QĐ-CAT", "04 tháng 5 năm 2026",
                 "Về việc tiêu hủy tài liệu, vật chứa bí mật nhà nước", "GIÁM ĐỐC CÔNG AN TỈNH SƠN HÀ",
                 "Quyết định số 05/QĐ-HĐTH ngày 04/05/2026 thành lập Hội đồng tiêu hủy",
                 "Biên bản họp Hội đồng tiêu hủy số 01/BB-HĐTH", "Tiêu hủy 2 bản", item.reference,
                 "Bản số 01", "Bản số 02", "Tối mật", "Nghiền, xén nhỏ", "Điều 13 Thông tư 07/2020/TT-BKHĐT",
                 "Nguyễn Đức Thắng", "Hết giá trị sử dụng")
    assert "TỐI MẬT" in pages[0]


def test_a_destruction_not_yet_decided_has_no_decision_to_print(client, director, deputy, secretary, clerk,
                                                                 police, item):
    destruction = reported(director, deputy, secretary, clerk, police, item)
    response = post(client, director, "destruction-decision", destruction.pk, "pdf")
    assert response.status_code == 302 and not print_events("destruction-decision")


def test_destruction_council_minutes_print_members_roles_conclusion_and_signatures(client, director, deputy,
                                                                                   secretary, clerk, police, item):
    destruction = reported(director, deputy, secretary, clerk, police, item)
    pages, word = printed(client, deputy, "council-minutes", destruction.council.pk)
    both_contain(pages, word, *LAYOUT, "BIÊN BẢN", "Họp Hội đồng tiêu hủy tài liệu, vật chứa bí mật nhà nước",
                 "Số: 01/BB-HĐTH", "Quyết định số 05/QĐ-HĐTH", "I. THÀNH PHẦN HỘI ĐỒNG", *MEMBERS,
                 "Chủ tịch hội đồng", "Thư ký", "Sở Nội vụ", "Đề nghị tiêu hủy toàn bộ", "Bản số 01", "Bản số 02",
                 "CHỦ TỊCH HỘI ĐỒNG", "THƯ KÝ", "(Đã ghi biên bản trên hệ thống lúc")
    # The conclusion prints on the paper, never in the ledger.
    events = print_events("council-minutes")
    assert len(events) == 2 and all("01/BB-HĐTH" in e.description for e in events)
    assert not any("Đề nghị tiêu hủy" in e.description + e.payload for e in events)


def test_destruction_record_lists_every_copy_and_every_members_signature(client, director, deputy, secretary,
                                                                         clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    sign_all(destruction, [deputy, secretary, clerk])
    service.complete_record(secretary, destruction, on=ON)
    record = destruction.record
    pages, word = printed(client, secretary, "destruction-record", record.pk)
    both_contain(pages, word, *LAYOUT, "BIÊN BẢN", "Tiêu hủy tài liệu, vật chứa bí mật nhà nước", "Số: 02/BB-TH",
                 "tại Phòng văn thư", "Quyết định số 07/QĐ-CAT", "Tổng số: 2 bản.", *MEMBERS,
                 "Người thực hiện tiêu hủy: Phạm Thu Trang.", "Nghiền, xén nhỏ",
                 "Kiểm đếm, đối chiếu danh sách, nghiền từng bản", "Ngày tiêu hủy: 04/05/2026",
                 "đã được tiêu hủy đến mức không thể phục hồi", "(Đã ký trên giấy; Đỗ Thị Thư ghi nhận")
    for copy in item.copies.all():
        row = f"{item.reference}"
        assert row in word and f"Bản số {copy.number:02d}" in word
    assert " ".join(pages).count("(Đã ký trên hệ thống ngày") == 3
    assert word.count("(Đã ký trên hệ thống ngày") == 3
    assert "TỐI MẬT" in pages[0]


def test_an_unfinished_destruction_record_names_who_has_not_signed(client, director, deputy, secretary, clerk,
                                                                   police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    service.sign_record(deputy, destruction, password="Mat-khau-thu-2026", on=ON)
    pages, word = printed(client, secretary, "destruction-record", destruction.record.pk)
    both_contain(pages, word, "còn chờ chữ ký của", "Ngô Văn Ngoài")
    assert word.count("(Đã ký trên hệ thống ngày") == 1


def test_destruction_documents_are_404_for_someone_who_may_not_see_the_file(client, director, deputy, secretary,
                                                                            clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    outsider = person_in(UnitFactory(code="KHAC"), role=Role.LEADER, clearance=Level.MAT)
    for kind, pk in (("destruction-decision", destruction.pk), ("destruction-record", destruction.record.pk),
                     ("council-minutes", destruction.council.pk)):
        assert post(client, outsider, kind, pk, "pdf").status_code == 404, kind
    assert post(client, outsider, "destruction-record", 999999, "pdf").status_code == 404


def test_the_destruction_page_offers_decision_minutes_and_record_for_printing(client, director, deputy, secretary,
                                                                              clerk, police, item):
    from django.urls import reverse

    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    post(client, secretary, "destruction-record", destruction.record.pk, "pdf")  # logs in
    page = client.get(reverse("records:destruction_detail", args=[destruction.pk])).content.decode()
    for kind, pk in (("destruction-decision", destruction.pk), ("destruction-record", destruction.record.pk),
                     ("council-minutes", destruction.council.pk)):
        assert reverse("outputs:document", args=[kind, pk, "pdf"]) in page, kind
    page = client.get(reverse("records:destruction_record", args=[destruction.pk])).content.decode()
    assert reverse("outputs:document", args=["destruction-record", destruction.record.pk, "docx"]) in page
