"""The annual report page, its download and the API: keepers of the unit only (404 otherwise),
figures on screen, the DOCX handed out as an attachment and recorded."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.records.models import RegisterKind
from bmnn.records.tests.annual import clerk, clock, officer  # noqa: F401 (fixtures)
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 5, 4)


@pytest.fixture
def world(clock, clerk, pa03, police):
    clock.on(ON)
    issued_item(clerk, pa03, level=Level.TOI_MAT, copies=3, on=ON)
    issued_item(clerk, pa03, level=Level.MAT, copies=4, on=ON, kind=RegisterKind.INCOMING)
    clock.on(dt.date(2026, 12, 16), hour=10)  # after 14/12: the page's default year is 2027
    return police


def test_page_shows_the_figures_of_the_chosen_year_and_the_download_form(client, world, director):
    login_with_second_factor(client, director)
    page = client.get(reverse("records:annual_report")).content.decode()
    assert 'value="2027" selected' in page and "Tải báo cáo (DOCX)" in page
    page = client.get(reverse("records:annual_report"), {"unit": world.pk, "year": 2026}).content.decode()
    assert "từ ngày 15/12/2025 đến ngày 14/12/2026" in page and "Tối mật" in page
    assert "đã phát hành 1 tài liệu, vật chứa bí mật nhà nước (3 bản)" in page and "Bộ Công an" in page


def test_download_hands_out_the_docx_and_records_it(client, world, director):
    login_with_second_factor(client, director)
    response = client.post(reverse("records:annual_report_download"),
                           {"unit": world.pk, "year": 2026, "fmt": "docx", "recipient": "Bộ Công an",
                            "place": "Sơn Hà", "level": ""})
    assert response.status_code == 200 and "attachment;" in response["Content-Disposition"]
    assert "bao-cao-bmnn-2026-CAT.docx" in response["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Công tác bảo vệ bí mật nhà nước năm 2026" in text
    assert LedgerEvent.objects.filter(action="outputs.print").count() == 1


def test_a_level_beyond_clearance_is_refused_on_the_form(client, world, officer):
    login_with_second_factor(client, officer)
    response = client.post(reverse("records:annual_report_download"),
                           {"unit": world.pk, "year": 2026, "fmt": "docx", "level": Level.TOI_MAT})
    assert response.status_code == 400 and not LedgerEvent.objects.filter(action="outputs.print").exists()


def test_the_page_and_download_are_404_for_a_clerk_and_say_so_without_units(client, world, clerk, pa03):
    login_with_second_factor(client, clerk)
    assert client.get(reverse("records:annual_report"), {"unit": pa03.pk}).status_code == 404
    assert client.post(reverse("records:annual_report_download"), {"unit": pa03.pk, "year": 2026}).status_code == 404
    page = client.get(reverse("records:annual_report")).content.decode()
    assert "Chỉ lãnh đạo, cấp phó hoặc cán bộ bảo mật" in page


def test_the_work_queue_page_links_to_the_report_for_its_makers_only(client, world, director, clerk):
    login_with_second_factor(client, director)
    assert reverse("records:annual_report") in client.get(reverse("records:queues")).content.decode()
    client.logout()
    login_with_second_factor(client, clerk)
    assert reverse("records:annual_report") not in client.get(reverse("records:queues")).content.decode()


def test_api_gives_the_figures_as_json_and_the_docx(world, director, clerk):
    api = login_with_second_factor(APIClient(), director)
    data = api.get("/api/records/annual-report/", {"unit": world.pk, "year": 2026}).json()
    issued = next(f for g in data["groups"] for f in g["figures"] if f["key"] == "issued.entries")
    assert data["date_from"] == "2025-12-15" and data["date_to"] == "2026-12-14"
    assert issued["by_level"] == {"TUYET_MAT": 0, "TOI_MAT": 1, "MAT": 0} and issued["total"] == 1
    response = api.post("/api/records/annual-report/print/", {"unit": world.pk, "year": 2026, "format": "docx"},
                        format="json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    other = login_with_second_factor(APIClient(), clerk)
    assert other.get("/api/records/annual-report/", {"unit": world.pk}).status_code == 404
    assert other.post("/api/records/annual-report/print/", {"unit": world.pk, "year": 2026},
                      format="json").status_code == 404
