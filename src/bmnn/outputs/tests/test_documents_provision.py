"""The provision request (TT 24 Mẫu 17) printed from its page: every content Law Arts. 15–16 list,
for an organisation and an individual, in the country and abroad, with the holding body's record of
the decision; made through the real acts and opened back from the PDF and the DOCX."""

import pytest
from django.urls import reverse

from bmnn.core.levels import Level
from bmnn.outputs.tests.printed import hidden_from_outsider, print_both, print_event, shows_buttons
from bmnn.records.services import provision as service
from bmnn.records.tests.conftest import director, pa03, police  # noqa: F401  (fixtures)
from bmnn.records.tests.issued import issued_item
from bmnn.records.tests.test_provision import (
    DOMESTIC_PERSON, FOREIGN_ORG, IN_2026, ask, item, officer, record_outside,  # noqa: F401  (fixtures)
)

pytestmark = pytest.mark.django_db

CODE = "provision-request"


def test_an_organisations_request_prints_every_content_of_article_15_and_the_decision(
        client, officer, item, director):
    provision = service.decide(director, ask(officer, item, copies_requested=2), grant=True, on=IN_2026)
    printed = print_both(client, officer, CODE, provision.pk)
    printed.has("SỞ TÀI CHÍNH TỈNH SƠN HÀ", "Số: 45/CV-STC", "…………, ngày 08 tháng 4 năm 2026", "VĂN BẢN ĐỀ NGHỊ",
                "Cung cấp, chuyển giao bí mật nhà nước", "Kính gửi: Phòng An ninh chính trị nội bộ.",
                "Căn cứ Điều 15 Luật BVBMNN 2018", "Tên cơ quan, tổ chức: Sở Tài chính tỉnh Sơn Hà",
                "Người đại diện: Ngô Văn Bình", f"Báo cáo số {item.reference}", "Độ mật: Tối mật", "Số bản đề nghị: 02",
                "Phục vụ thẩm định dự toán",
                "Nhiệm vụ được giao liên quan trực tiếp đến bí mật nhà nước: Được giao thẩm định dự toán",
                "cam kết bảo vệ bí mật nhà nước được cung cấp, chuyển giao",
                "Ghi nhận đề nghị: Phạm Thu Trang, Cán bộ bảo mật", "Người quyết định: Nguyễn Đức Thắng, Giám đốc",
                "Ngày quyết định: 10/04/2026", "ĐẠI DIỆN CƠ QUAN, TỔ CHỨC", "Ngô Văn Bình")
    printed.has_level_stamp(Level.TOI_MAT)
    printed.lacks("bên thứ ba")  # a domestic request has no third-party commitment


def test_an_individuals_request_prints_the_identity_paper_address_and_position(client, officer, item):
    provision = ask(officer, item, DOMESTIC_PERSON)
    printed = print_both(client, officer, CODE, provision.pk)
    printed.has("Họ và tên: Trịnh Thị Mai", "Số Căn cước công dân / Chứng minh nhân dân: 037190001234",
                "Địa chỉ liên lạc: 12 Lê Lợi, Sơn Hà", "Vị trí công tác, chức vụ: Thanh tra viên, Thanh tra tỉnh",
                "Phục vụ thanh tra", "Tình trạng: Chờ quyết định", "NGƯỜI ĐỀ NGHỊ", "Trịnh Thị Mai")


def test_a_foreign_request_goes_to_the_host_body_with_the_passport_and_both_commitments(
        client, officer, item):
    provision = record_outside(officer, ask(officer, item, FOREIGN_ORG))
    printed = print_both(client, officer, CODE, provision.pk)
    printed.has("CƠ QUAN HỢP TÁC X", "Kính gửi: Bộ Công an (Cục Hợp tác quốc tế).", "Căn cứ Điều 16 Luật BVBMNN 2018",
                "Quốc tịch của người đại diện: Úc", "Số hộ chiếu của người đại diện: PA1234567",
                "Chức vụ của người đại diện: Trưởng đại diện", "Chương trình hợp tác quốc tế, thi hành công vụ",
                "không cung cấp, chuyển giao cho bên thứ ba khi chưa có sự đồng ý",
                "Quyết định của cấp có thẩm quyền: 123/QĐ-BCA ngày 09/04/2026", "Bộ trưởng Bộ Công an",
                "TRƯỞNG ĐẠI DIỆN", "John Smith")


def test_a_tuyet_mat_secret_is_named_without_its_summary(client, officer, pa03):
    top = issued_item(officer, pa03, level=Level.TUYET_MAT, copies=2, reference="01/BC-PA03", document_type="Báo cáo")
    printed = print_both(client, officer, CODE, ask(officer, top).pk)
    printed.has("Báo cáo số 01/BC-PA03", "Độ mật: Tuyệt mật")
    printed.has_level_stamp(Level.TUYET_MAT)
    printed.lacks("Nội dung thử nghiệm")  # the factory's summary


def test_someone_who_may_not_see_the_item_gets_404_and_nothing_is_printed(client, officer, item):
    provision = ask(officer, item)
    assert hidden_from_outsider(client, CODE, provision.pk)


def test_the_print_is_in_the_ledger_by_the_requests_reference_only(client, officer, item):
    printed = print_both(client, officer, CODE, ask(officer, item).pk)
    event = print_event(printed.printout)
    assert printed.printout.level == Level.TOI_MAT and "45/CV-STC" in event.description
    assert "thẩm định" not in event.description + event.payload


def test_the_provision_page_offers_the_print_buttons(client, officer, item):
    provision = ask(officer, item)
    assert shows_buttons(client, officer, reverse("records:provision_detail", args=[provision.pk]), CODE, provision.pk)
