"""The declassification decision printed from its page (Law 2018 Art. 22.4–22.6): full with the
GIẢI MẬT stamp and its date, or partial with exactly the content released; the council and minutes
it follows; the holders to notify; automatic declassifications have none; 404 for who may not see it."""

import datetime as dt

import pytest
from django.urls import reverse

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.services import declass
from bmnn.records.tests.printing import LAYOUT, both_contain, post, print_events, printed
from bmnn.records.tests.test_declass import DAY, clerk, council, deputy, holder, item, reported  # noqa: F401

pytestmark = pytest.mark.django_db


def decide(director, item, council, **kw):
    return declass.decide_declassification(director, item, council=council, reference="12/QĐ-CAT", on=DAY, **kw)


def test_full_declassification_decision_carries_the_giai_mat_stamp_and_the_council(client, item, council, deputy,
                                                                                   director):
    reported(council, deputy)
    row = decide(director, item, council)
    pages, word = printed(client, director, "declassification-decision", row.pk)
    both_contain(pages, word, *LAYOUT, "CÔNG AN TỈNH SƠN HÀ", "Số: 12/QĐ-CAT", "09 tháng 5 năm 2026",
                 "Về việc giải mật bí mật nhà nước", "Quyết định số 07/QĐ-HĐGM ngày 04/05/2026 thành lập Hội đồng "
                 "giải mật", "Biên bản họp Hội đồng giải mật số 01/BB-HĐGM ngày 06/05/2026",
                 "Giải mật toàn bộ", "kể từ ngày 09/05/2026", item.reference, "Tối mật", "Lê Văn Giữ",
                 "Trong thời hạn 15 ngày", "GIÁM ĐỐC", "Nguyễn Đức Thắng", "- Như Điều 2;")
    text = " ".join(pages)
    assert "GIẢI MẬT" in text and "Từ: 09/05/2026" in text and "TỐI MẬT" in pages[0]


def test_partial_declassification_decision_states_exactly_the_content_released(client, item, council, deputy,
                                                                              director):
    reported(council, deputy)
    row = decide(director, item, council, partial=True, released_content="Phụ lục II: số liệu tổng hợp")
    pages, word = printed(client, director, "declassification-decision", row.pk)
    both_contain(pages, word, "Về việc giải mật một phần bí mật nhà nước", "Giải mật một phần",
                 "Nội dung được giải mật:", "Phụ lục II: số liệu tổng hợp",
                 "tiếp tục được bảo vệ ở độ Tối mật")
    assert "Từ: 09/05/2026" not in " ".join(pages)
    events = print_events("declassification-decision")
    assert events and not any("Phụ lục II" in e.description + e.payload for e in events)


def test_an_automatic_declassification_has_no_decision_to_print(client, clerk, police, director):
    from bmnn.records.tests.issued import issued_item

    expired = issued_item(clerk, police, level=Level.MAT, copies=1, protection_until=DAY - dt.timedelta(days=3))
    declass.declassify_expired(DAY)
    row = expired.declassifications.get()
    response = post(client, director, "declassification-decision", row.pk, "pdf")
    assert response.status_code == 302 and not print_events("declassification-decision")


def test_declassification_decision_is_404_for_someone_who_may_not_know_the_item(client, item, council, deputy,
                                                                                director):
    reported(council, deputy)
    row = decide(director, item, council)
    outsider = person_in(UnitFactory(code="KHAC"), role=Role.LEADER, clearance=Level.TUYET_MAT)
    assert post(client, outsider, "declassification-decision", row.pk, "pdf").status_code == 404
    assert post(client, outsider, "council-minutes", council.pk, "pdf").status_code == 404


def test_declassification_council_minutes_print_the_chair_and_the_conclusion(client, item, council, deputy,
                                                                             director):
    reported(council, deputy)
    pages, word = printed(client, deputy, "council-minutes", council.pk)
    both_contain(pages, word, "Họp Hội đồng giải mật bí mật nhà nước", "Số: 01/BB-HĐGM", "Trần Văn Phó",
                 "Chủ tịch hội đồng", "Đề nghị giải mật toàn bộ", item.reference, "CHỦ TỊCH HỘI ĐỒNG")


def test_the_declassification_page_offers_the_decision_and_the_minutes(client, item, council, deputy, director):
    reported(council, deputy)
    row = decide(director, item, council)
    post(client, director, "declassification-decision", row.pk, "pdf")  # logs in
    page = client.get(reverse("records:declass_detail", args=[row.pk])).content.decode()
    assert reverse("outputs:document", args=["declassification-decision", row.pk, "pdf"]) in page
    assert reverse("outputs:document", args=["council-minutes", council.pk, "docx"]) in page
    page = client.get(reverse("records:council_detail", args=[council.pk])).content.decode()
    assert reverse("outputs:document", args=["council-minutes", council.pk, "pdf"]) in page
