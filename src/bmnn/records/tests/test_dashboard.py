"""The "what needs action" page and API: every lifecycle area's queues for the person, and
the per-unit summary of what is due or overdue, counting only what the person may see."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import person_in
from bmnn.records.models import NoticeAct
from bmnn.records.services import custody, dashboard, notices
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(police):
    return person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Phạm Văn Thư")


@pytest.fixture
def junior_clerk(police):
    return person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.MAT, full_name="Đỗ Thị Mới")


def _item_with_notice(clerk, pa03, level, decided_on):
    item = issued_item(clerk, pa03.parent, level=level, copies=2, on=decided_on)
    custody.move_copy(item.copies.first(), to_unit=pa03, act="test")
    notices.issue_notices(clerk, item, act=NoticeAct.EXTENSION, act_id=1, decided_on=decided_on,
                          deadline_key="extension_notice")
    return item


def _counts(person, on):
    [summary] = dashboard.unit_summaries(person, on)
    return {m.key: n for m, n in summary.counts}


def test_the_unit_summary_counts_overdue_notices_of_the_units_kept(clerk, pa03):
    decided = dt.date(2026, 5, 4)
    _item_with_notice(clerk, pa03, Level.TOI_MAT, decided)
    later = decided + dt.timedelta(days=20)
    counts = _counts(clerk, later)
    assert counts["notices_due"] == 2 and counts["notices_overdue"] == 2


def test_the_unit_summary_does_not_count_what_the_person_may_not_see(clerk, junior_clerk, pa03):
    decided = dt.date(2026, 5, 4)
    _item_with_notice(clerk, pa03, Level.TOI_MAT, decided)
    assert _counts(junior_clerk, decided)["notices_due"] == 0


def test_items_expiring_within_60_days_and_in_the_extension_window_are_counted(clerk, police):
    on = dt.date(2026, 6, 1)
    soon = issued_item(clerk, police, level=Level.MAT, copies=1, on=on)
    window = issued_item(clerk, police, level=Level.MAT, copies=1, on=on)
    type(soon).objects.filter(pk=soon.pk).update(protection_until=on + dt.timedelta(days=30))
    type(window).objects.filter(pk=window.pk).update(protection_until=on + dt.timedelta(days=90))
    counts = _counts(clerk, on)
    assert counts["expiring"] == 1 and counts["extension_window"] == 1


def test_a_person_who_keeps_no_register_has_no_unit_summary(pa03):
    officer = person_in(pa03, title="Cán bộ", clearance=Level.MAT)
    assert dashboard.unit_summaries(officer, dt.date(2026, 5, 4)) == []


def test_the_page_shows_each_area_queue_and_the_unit_summary(clerk, pa03):
    _item_with_notice(clerk, pa03, Level.TOI_MAT, timezone.localdate())
    page = login_with_second_factor(Client(), clerk).get(reverse("records:queues")).content.decode()
    assert "Thông báo phải gửi cho nơi đang giữ tài liệu" in page
    assert "Theo đơn vị" in page and "Thông báo chưa gửi" in page
    # An empty queue is only named, in the line of queues with nothing waiting.
    empty_line = page[page.index('id="queues-empty"'):]
    assert "Tài liệu đang mang ra ngoài, phải nộp lại và báo cáo" in empty_line.split("</p>")[0]


def test_the_api_lists_area_queues_and_unit_counts(clerk, pa03):
    _item_with_notice(clerk, pa03, Level.TOI_MAT, timezone.localdate())
    data = login_with_second_factor(APIClient(), clerk).get("/api/records/queues/").json()
    queues = {q["key"]: q for q in data["queues"]}
    assert queues["notices_to_send"]["count"] == 2
    assert data["units"][0]["unit_name"] == "Công an tỉnh Sơn Hà"
    assert {c["key"]: c["count"] for c in data["units"][0]["counts"]}["notices_due"] == 2


def test_every_area_queue_has_a_title_and_a_row_template(clerk):
    from django.template.loader import get_template

    for section in dashboard.area_queues(clerk, dt.date(2026, 5, 4)):
        assert section.queue.key in dashboard.TITLES
        get_template(section.row_template)
