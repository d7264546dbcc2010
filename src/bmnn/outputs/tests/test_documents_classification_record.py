"""The classification record of an object, place, speech or activity (TT 24 Mẫu 01) printed from
the item's page: the proposal's contents (level, recipients, quantity, copying) and the decision's
(who, when, period, list entry); proposed and decided through the real acts, opened back from the
PDF and the DOCX."""

import pytest
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.outputs.tests.printed import flat, hidden_from_outsider, post, print_both, print_event, shows_buttons
from bmnn.outputs.tests.test_document import pdf_text
from bmnn.records import services
from bmnn.records.models import ItemKind
from bmnn.records.tests.conftest import director, pa03, police  # noqa: F401  (fixtures)
from bmnn.records.tests.test_classification import IN_2026, drafter, entry, proposal, secret_list  # noqa: F401

pytestmark = pytest.mark.django_db

CODE = "classification-record"


def place(drafter, pa03, entry, **overrides):
    fields = dict(kind=ItemKind.PLACE, document_type="Kho lưu trữ", reference="", summary="Kho tài liệu tầng 3",
                  copies_planned=3, pages=0, attachments=0)
    return proposal(drafter, pa03, entry, **{**fields, **overrides})


def test_a_decided_object_prints_the_proposal_and_the_decision(client, drafter, pa03, entry, director):
    item = services.decide(director, place(drafter, pa03, entry, kind=ItemKind.OBJECT, document_type="Mẫu vật",
                                           summary="Mẫu vật liệu nổ"), IN_2026)
    printed = print_both(client, drafter, CODE, item.pk)
    printed.has("CÔNG AN TỈNH SƠN HÀ", "PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ", "/PA03", "…………, ngày 10 tháng 4 năm 2026",
                "VĂN BẢN XÁC ĐỊNH ĐỘ MẬT", "Đối với vật chứa bí mật nhà nước",
                "Căn cứ Điều 10 Luật BVBMNN 2018; Điều 2 Nghị định 26/2020/NĐ-CP",
                "Hình thức chứa bí mật nhà nước: Vật",
                "Tên gọi: Mẫu vật của Phòng An ninh chính trị nội bộ: Mẫu vật liệu nổ",
                "Độ mật: Tối mật", "Thời hạn bảo vệ: đến hết ngày", "Căn cứ danh mục bí mật nhà nước: mục 2",
                "«Báo cáo an ninh», Danh mục thử ban hành kèm theo 1/QĐ-T ngày 01/01/2020", "Số lượng: 03",
                "Được phép sao, chụp: Không được phép sao, chụp",
                "Nơi nhận, phạm vi lưu hành: Phòng An ninh chính trị nội bộ (02 bản); Bộ Công an (01 bản)",
                "Người đề xuất: Bùi Văn Nam", "Người quyết định: Nguyễn Đức Thắng", "Ngày quyết định: 10/04/2026",
                "NGƯỜI ĐỀ XUẤT", "GIÁM ĐỐC", "(Đã quyết định trên hệ thống ngày 10/04/2026)", "- Bộ Công an (01 bản);")
    printed.has_level_stamp(Level.TOI_MAT)
    item.refresh_from_db()
    assert f"đến hết ngày {item.protection_until:%d/%m/%Y}" in printed.pdf


def test_a_place_is_protected_until_it_is_no_longer_used(client, drafter, pa03, entry, director):
    item = services.decide(director, place(drafter, pa03, entry), IN_2026)
    printed = print_both(client, drafter, CODE, item.pk)
    printed.has("Đối với địa điểm chứa bí mật nhà nước", "Tên gọi: Kho lưu trữ",
                "Thời hạn bảo vệ: đến khi không còn sử dụng địa điểm (")


def test_a_proposal_not_yet_decided_leaves_the_decider_to_sign_on_paper(client, drafter, pa03, entry):
    item = place(drafter, pa03, entry, kind=ItemKind.ACTIVITY, document_type="Diễn tập", reproduction_allowed=True)
    printed = print_both(client, drafter, CODE, item.pk)
    printed.has("Đối với hoạt động chứa bí mật nhà nước", "Được phép sao, chụp: Được phép sao, chụp",
                "NGƯỜI QUYẾT ĐỊNH", "(Ký, ghi rõ họ tên)", "ngày tháng năm 2026")


def test_a_document_item_has_no_classification_record(client, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)  # a paper document shows its level with the stamp instead
    login_with_second_factor(client, drafter)
    assert post(client, CODE, item.pk, "pdf").status_code == 404


def test_someone_who_may_not_see_the_item_gets_404_and_nothing_is_printed(client, drafter, pa03, entry):
    item = place(drafter, pa03, entry)
    assert hidden_from_outsider(client, CODE, item.pk)


def test_the_print_is_in_the_ledger_without_the_items_name(client, drafter, pa03, entry, director):
    item = services.decide(director, place(drafter, pa03, entry), IN_2026)
    printed = print_both(client, drafter, CODE, item.pk)
    event = print_event(printed.printout)
    assert printed.printout.level == Level.TOI_MAT and f"#{item.pk}" in event.description
    assert "tầng 3" not in event.description + event.payload


def test_the_item_page_offers_the_record_for_a_place_and_not_for_a_document(client, drafter, pa03, entry):
    item = place(drafter, pa03, entry)
    assert shows_buttons(client, drafter, reverse("records:item_detail", args=[item.pk]), CODE, item.pk)
    document = proposal(drafter, pa03, entry)
    assert not shows_buttons(client, drafter, reverse("records:item_detail", args=[document.pk]), CODE, document.pk)


def test_the_paper_stays_vietnamese_when_the_person_works_in_english(client, drafter, pa03, entry, settings):
    item = place(drafter, pa03, entry)
    login_with_second_factor(client, drafter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = flat(" ".join(pdf_text(post(client, CODE, item.pk, "pdf").content)))
    assert "Hình thức chứa bí mật nhà nước: Địa điểm" in text and "Đối với địa điểm chứa bí mật nhà nước" in text
