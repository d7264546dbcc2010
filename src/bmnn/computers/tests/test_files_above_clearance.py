"""The register is visible at any clearance; a marked file's path and stamp lines only
within the viewer's clearance. The case found by trying it: the provincial police's
state-secret officer, cleared to Tối mật, imports a report holding a Tuyệt mật file."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.computers.models import Computer, Violation
from bmnn.computers.samples import finding, make_report
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import person_in

pytestmark = pytest.mark.django_db

TOP_PATH = "D:\\Hồ sơ\\Kế hoạch tác chiến K-27.docx"
TOP_LINE = "TUYỆT MẬT – BẢN SỐ 01"
VERY_PATH = "D:\\Hồ sơ\\Báo cáo tình hình an ninh.docx"
SECRET_PATH = "D:\\Hồ sơ\\Lịch trực ban.docx"
REVIEW_PATH = "D:\\Tải về\\Ghi chú không rõ.docx"
HIDDEN_NOTICE = "1 tệp Tuyệt mật: ẩn vì vượt mức bạn được giao tiếp cận"


@pytest.fixture
def tuanlm(police):
    """The police's state-secret officer, cleared to Tối mật for his unit."""
    return person_in(police, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TOI_MAT,
                     full_name="Lê Minh Tuấn", username="tuanlm")


@pytest.fixture
def report_file(tmp_path):
    report = make_report(verdict="connected", findings=[
        finding(path=TOP_PATH, level="TUYET_MAT", line=TOP_LINE),
        finding(path=VERY_PATH, level="TOI_MAT"),
        finding(path=SECRET_PATH, level="MAT"),
        finding(path=REVIEW_PATH, level=None, tier="review", score=0.5)])
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def imported(report_file, tuanlm, police):
    """`bmnn scan-import report.json --unit CAT --as tuanlm`, as the lead ran it."""
    call_command("scan_import", str(report_file), "--unit", "CAT", "--as", "tuanlm", stdout=io.StringIO())
    return Computer.objects.get(unit=police)


def page(person, name, pk) -> str:
    response = login_with_second_factor(Client(), person).get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def assert_shows_only_files_within_toi_mat(text: str):
    for shown in (VERY_PATH, SECRET_PATH, REVIEW_PATH):
        assert shown in text, shown
    assert TOP_PATH not in text and "Kế hoạch tác chiến" not in text and TOP_LINE not in text


def test_the_officer_sees_the_computer_and_its_violation_despite_a_file_above_his_clearance(tuanlm, imported):
    assert imported.highest_level == "TUYET_MAT"
    client = login_with_second_factor(Client(), tuanlm)
    assert client.get(reverse("computers:computer_list")).context["count"] == 1
    violations = client.get(reverse("computers:violation_list"))
    assert violations.context["count"] == 1
    assert "level-TUYET_MAT" in violations.content.decode()  # the violation's level is part of the register


def test_the_computer_page_shows_files_within_clearance_and_counts_the_one_above(tuanlm, imported):
    text = page(tuanlm, "computers:computer_detail", imported.pk)
    assert_shows_only_files_within_toi_mat(text)
    assert HIDDEN_NOTICE in text


def test_the_hidden_count_has_english(tuanlm, imported, settings):
    client = login_with_second_factor(Client(), tuanlm)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(translation.get_language()):  # leave the thread's language as found
        text = client.get(reverse("computers:computer_detail", args=[imported.pk])).content.decode()
    assert "1 Top secret file: hidden because it is above the level you are assigned access to" in text


def test_the_report_page_shows_files_within_clearance_and_counts_the_one_above(tuanlm, imported):
    text = page(tuanlm, "computers:report_detail", imported.latest_report_id)
    assert_shows_only_files_within_toi_mat(text)
    assert HIDDEN_NOTICE in text


def test_the_violation_page_shows_stamped_files_within_clearance_and_counts_the_one_above(tuanlm, imported):
    violation = Violation.objects.get()
    text = page(tuanlm, "computers:violation_detail", violation.pk)
    assert VERY_PATH in text and SECRET_PATH in text
    assert REVIEW_PATH not in text  # a review file makes no violation
    assert TOP_PATH not in text and TOP_LINE not in text and HIDDEN_NOTICE in text
    assert "Đã xử lý xong" in text  # and he may close it


def test_the_api_leaves_out_files_above_clearance_and_counts_them(tuanlm, imported):
    client = login_with_second_factor(APIClient(), tuanlm)
    for url in (f"/api/computers/computers/{imported.pk}/", f"/api/computers/reports/{imported.latest_report_id}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.json()
        report = body.get("latest_report", body)
        assert report["hidden_above_clearance"] == {"TUYET_MAT": 1}
        assert {f["path"] for f in report["files"]} == {VERY_PATH, SECRET_PATH, REVIEW_PATH}
        assert "TUYET_MAT" not in {f["level"] for f in report["files"]}
        everything = json.dumps(body, ensure_ascii=False)
        assert "Kế hoạch tác chiến" not in everything and TOP_LINE not in everything
    assert client.get("/api/computers/violations/").json()["count"] == 1


def test_someone_cleared_to_tuyet_mat_sees_every_path(police, imported):
    director = person_in(police, title="Giám đốc", role=Role.LEADER, clearance=Level.TUYET_MAT)
    text = page(director, "computers:computer_detail", imported.pk)
    assert TOP_PATH in text and TOP_LINE in text and "ẩn vì vượt mức" not in text
    body = login_with_second_factor(APIClient(), director).get(
        f"/api/computers/reports/{imported.latest_report_id}/").json()
    assert body["hidden_above_clearance"] == {} and len(body["files"]) == 4


def test_reads_are_in_the_ledger_without_paths(tuanlm, imported):
    page(tuanlm, "computers:computer_detail", imported.pk)
    page(tuanlm, "computers:report_detail", imported.latest_report_id)
    reads = LedgerEvent.objects.filter(actor_id=tuanlm.pk, action__in=["computers.computer.read",
                                                                         "computers.scanreport.read"])
    assert reads.count() == 2
    everything = " ".join(e.payload + e.description for e in LedgerEvent.objects.all())
    for path in (TOP_PATH, VERY_PATH, SECRET_PATH, REVIEW_PATH):
        assert path not in everything


def test_an_officer_of_the_unit_without_an_assignment_gets_404(police, imported):
    unassigned = person_in(police, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER)
    assert_hidden_from(unassigned, imported)


def test_the_officer_of_another_unit_gets_404(stranger, imported):
    assert_hidden_from(stranger, imported)


def assert_hidden_from(person, computer):
    client = login_with_second_factor(Client(), person)
    violation = Violation.objects.get()
    for url in (reverse("computers:computer_detail", args=[computer.pk]),
                reverse("computers:report_detail", args=[computer.latest_report_id]),
                reverse("computers:violation_detail", args=[violation.pk])):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("computers:computer_list")).context["count"] == 0
    assert client.get(reverse("computers:violation_list")).context["count"] == 0
    api = login_with_second_factor(APIClient(), person)
    assert api.get(f"/api/computers/computers/{computer.pk}/").status_code == 404
    assert api.get(f"/api/computers/reports/{computer.latest_report_id}/").status_code == 404
