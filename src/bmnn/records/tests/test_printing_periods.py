"""The extension and adjustment decisions printed from the item page (Law 2018 Arts. 20, 21):
the Decree 30 layout, the decision's facts, the stamp the holders must put on their copies, the
holders notified; 404 for someone who may not know of the item; the print act in the ledger."""

import io

import docx
import pytest

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.tests.printing import LAYOUT, both_contain, post, print_events, printed
from bmnn.records.tests.test_periods import (  # noqa: F401
    adjust, clerk, division_head, entry, extend, holder, item,
)

pytestmark = pytest.mark.django_db


def test_extension_decision_prints_every_element_with_the_holders_to_notify(client, item, division_head):
    extension = extend(division_head, item)
    pages, word = printed(client, division_head, "extension-decision", extension.pk)
    both_contain(pages, word, *LAYOUT, "CÔNG AN TỈNH SƠN HÀ", "PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ", "Số: 15/QĐ-PA03",
                 "04 tháng 5 năm 2026", "TRƯỞNG PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ", "QUYẾT ĐỊNH", "Về việc gia hạn thời hạn bảo vệ bí mật nhà nước",
                 "Căn cứ Luật Bảo vệ bí mật nhà nước", "Điều 20 khoản 2", "Điều 1.", "Điều 2.", "Điều 3.",
                 item.reference, "03/07/2026", "03/07/2031", "5 năm", "Trong thời hạn 15 ngày",
                 "- Lê Văn Giữ (bản số 02);", "TRƯỞNG PHÒNG", "Lê Thị Hoa", "Nơi nhận:", "- Như Điều 2;",
                 "- Lưu: VT, PA03.", "Giải mật sẽ gây nguy hại đến lợi ích quốc gia")
    # The stamps are drawn: text in the PDF, red pictures in the DOCX (the level's and the extension's).
    assert "MẬT" in pages[0] and "GIA HẠN THỜI HẠN BẢO VỆ BÍ MẬT NHÀ NƯỚC" in " ".join(pages)
    assert "Đến ngày: 03/07/2031" in " ".join(pages)


def test_extension_decision_docx_carries_the_level_and_extension_stamps_as_pictures(client, item, division_head):
    extension = extend(division_head, item)
    response = post(client, division_head, "extension-decision", extension.pk, "docx")
    assert len(docx.Document(io.BytesIO(response.content)).inline_shapes) == 2


def test_extension_decision_is_404_for_someone_who_may_not_know_the_item(client, item, division_head):
    extension = extend(division_head, item)
    outsider = person_in(UnitFactory(code="KHAC"), role=Role.LEADER, clearance=Level.TUYET_MAT)
    assert post(client, outsider, "extension-decision", extension.pk, "pdf").status_code == 404
    assert not print_events("extension-decision")


def test_printing_the_extension_decision_is_in_the_ledger_without_its_reason(client, item, division_head):
    extension = extend(division_head, item)
    post(client, division_head, "extension-decision", extension.pk, "pdf")
    (event,) = print_events("extension-decision")
    assert "15/QĐ-PA03" in event.description and "nguy hại" not in event.description + event.payload


def test_adjustment_decision_prints_old_and_new_level_the_list_entry_and_the_new_period(client, item,
                                                                                      division_head, entry):
    adjustment = adjust(division_head, item, entry)
    pages, word = printed(client, division_head, "adjustment-decision", adjustment.pk)
    both_contain(pages, word, *LAYOUT, "Số: 16/QĐ-PA03", "Về việc điều chỉnh độ mật của bí mật nhà nước",
                 "Nâng độ mật", "từ Mật thành Tối mật", "mục 3 Danh mục DM-CA (1/QĐ-TTg)", "Điều 21",
                 "Trong thời hạn 15 ngày", "Lê Văn Giữ", "Lê Thị Hoa", item.reference, "Theo danh mục mới")
    text = " ".join(pages)
    # Box 10a carries the higher of the two levels; the adjustment stamp shows the new level and the date.
    assert "TỐI MẬT" in pages[0] and "ĐIỀU CHỈNH ĐỘ MẬT" in text and "Thành: TỐI MẬT" in text
    assert "Từ ngày: 04/05/2026" in text
    adjustment.refresh_from_db()
    assert adjustment.new_until.strftime("%d/%m/%Y") in text


def test_adjustment_decision_is_404_for_someone_who_may_not_know_the_item(client, item, division_head, entry):
    adjustment = adjust(division_head, item, entry)
    outsider = person_in(UnitFactory(code="KHAC"), role=Role.LEADER, clearance=Level.TUYET_MAT)
    assert post(client, outsider, "adjustment-decision", adjustment.pk, "docx").status_code == 404


def test_the_item_page_offers_both_decisions_for_printing(client, item, division_head, entry):
    extension = extend(division_head, item)
    adjustment = adjust(division_head, item, entry)
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    login_with_second_factor(client, division_head)
    page = client.get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert reverse("outputs:document", args=["extension-decision", extension.pk, "pdf"]) in page
    assert reverse("outputs:document", args=["adjustment-decision", adjustment.pk, "docx"]) in page
