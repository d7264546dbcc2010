"""The pages: upload, register, a computer, violations (filters, print), closing one;
and what a stranger sees of them (nothing)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bmnn.accounts.testing import login_with_second_factor
from bmnn.computers import services
from bmnn.computers.models import Computer, ScanReport, Violation
from bmnn.computers.samples import finding, machine, make_report
from bmnn.core.models import LedgerEvent

pytestmark = pytest.mark.django_db


def client_for(person):
    return login_with_second_factor(Client(), person)


def upload(report) -> SimpleUploadedFile:
    data = report if isinstance(report, bytes) else json.dumps(report, ensure_ascii=False).encode()
    return SimpleUploadedFile("report.json", data, content_type="application/json")


@pytest.fixture
def violation(officer, treasury):
    return services.import_report(officer, make_report(verdict="connected", findings=[
        finding(path="D:\\Hồ sơ\\Phương án bảo vệ mục tiêu.docx", level="TOI_MAT")]), unit=treasury).violation


def test_upload_imports_and_shows_the_computer(officer, treasury):
    response = client_for(officer).post(reverse("computers:import"), {
        "report": upload(make_report(verdict="connected", findings=[finding()])), "unit": treasury.pk,
        "network_mode": ""}, follow=True)
    computer = Computer.objects.get()
    assert response.redirect_chain[-1][0] == reverse("computers:computer_detail", args=[computer.pk])
    page = response.content.decode()
    assert "KETOAN-01" in page and "Kế hoạch 2026.docx" in page and "Phát hiện vi phạm" in page


def test_upload_of_a_bad_file_keeps_the_chosen_unit_and_says_why(officer, treasury, division):
    response = client_for(officer).post(reverse("computers:import"), {
        "report": upload(b"not json"), "unit": division.pk, "network_mode": "independent_lan"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "không đọc được nội dung JSON" in page
    assert f'<option value="{division.pk}" selected>' in page
    assert '<option value="independent_lan" selected>' in page
    assert not ScanReport.objects.exists()


def test_upload_of_an_altered_report_is_refused_with_its_rule(officer, treasury):
    report = make_report(findings=[finding()])
    report["findings"] = []
    response = client_for(officer).post(reverse("computers:import"), {"report": upload(report), "unit": treasury.pk})
    assert response.status_code == 403 and "computers.report_tampered" in response.content.decode()


def test_upload_of_the_same_report_again_says_it_was_recognised(officer, treasury):
    report = make_report()
    services.import_report(officer, report, unit=treasury)
    response = client_for(officer).post(reverse("computers:import"), {"report": upload(report), "unit": treasury.pk},
                                        follow=True)
    assert "không nhập lại" in response.content.decode() and ScanReport.objects.count() == 1


def test_upload_page_offers_only_units_the_person_oversees(officer, treasury, stranger):
    page = client_for(stranger).get(reverse("computers:import")).content.decode()
    assert treasury.name not in page
    assert treasury.name in client_for(officer).get(reverse("computers:import")).content.decode()


def test_register_lists_searches_without_diacritics_and_filters(officer, treasury, division):
    services.import_report(officer, make_report(machine_facts=machine(hostname="KẾ-TOÁN-02", machine_id="a")),
                           unit=division)
    services.import_report(officer, make_report(verdict="connected", machine_facts=machine(hostname="VĂN-THƯ",
                                                                                         machine_id="b")),
                           unit=treasury)
    client = client_for(officer)
    listed = lambda **params: {c.hostname for c in client.get(reverse("computers:computer_list"),  # noqa: E731
                                                              params).context["page"].object_list}
    assert listed() == {"KẾ-TOÁN-02", "VĂN-THƯ"}
    assert listed(q="ke toan") == {"KẾ-TOÁN-02"}
    assert listed(verdict="connected") == {"VĂN-THƯ"}
    assert listed(unit=division.pk) == {"KẾ-TOÁN-02"}


def test_computer_page_shows_facts_verdict_reports_and_files_and_logs_the_read(officer, violation):
    response = client_for(officer).get(reverse("computers:computer_detail", args=[violation.computer.pk]))
    page = response.content.decode()
    for shown in ("Realtek PCIe GbE", "192.168.1.1", "Kingston DataTraveler", "Phương án bảo vệ mục tiêu.docx",
                  "level-TOI_MAT", "TỐI MẬT", "Mạng 2", violation.report.report_sha256):
        assert shown in page, shown
    assert LedgerEvent.objects.filter(action="computers.computer.read", actor_id=officer.pk).exists()


def test_report_page_shows_that_reports_files_and_the_files_it_could_not_read(officer, treasury):
    report = services.import_report(officer, make_report(findings=[finding(path="D:\\Kế hoạch.docx")], problems=[
        {"path": "D:\\Lương 2026.xlsx", "kind": "encrypted", "detail": "password"}]), unit=treasury).report
    page = client_for(officer).get(reverse("computers:report_detail", args=[report.pk])).content.decode()
    assert "Kế hoạch.docx" in page and "Lương 2026.xlsx" in page and "có mật khẩu" in page
    assert "đầu trang" in page  # where the stamp was, in words


def test_violations_filter_by_status_level_unit_and_date(officer, treasury, violation):
    client = client_for(officer)
    listed = lambda **params: list(client.get(reverse("computers:violation_list"),  # noqa: E731
                                              params).context["page"].object_list)
    assert listed() == [violation]
    assert listed(status="open", level="TOI_MAT", unit=treasury.pk) == [violation]
    assert listed(status="resolved") == [] and listed(level="MAT") == []
    today = violation.opened_at.astimezone().strftime("%d/%m/%Y")
    assert listed(date_from=today, date_to=today) == [violation]
    assert listed(date_from="01/01/2020", date_to="31/12/2020") == []


def test_violations_page_is_printable(officer, violation):
    page = client_for(officer).get(reverse("computers:violation_list")).content.decode()
    assert "data-print" in page and "print-only" in page and "<script" not in page.split("</head>")[1]


def test_an_unreadable_date_filter_is_ignored_with_a_message(officer, violation):
    response = client_for(officer).get(reverse("computers:violation_list"), {"date_from": "31/02/2026"})
    assert list(response.context["page"].object_list) == [violation]
    assert "31/02/2026" in response.content.decode()


def test_violation_page_resolves_with_a_note(officer, violation):
    client = client_for(officer)
    url = reverse("computers:violation_detail", args=[violation.pk])
    assert "Phương án bảo vệ mục tiêu.docx" in client.get(url).content.decode()
    response = client.post(url, {"note": "Đã xóa tệp và gỡ card Wi-Fi."}, follow=True)
    assert "Đã xóa tệp và gỡ card Wi-Fi." in response.content.decode()
    violation.refresh_from_db()
    assert violation.status == "resolved"


def test_violation_page_without_a_note_keeps_it_open(officer, violation):
    response = client_for(officer).post(reverse("computers:violation_detail", args=[violation.pk]), {"note": ""})
    assert response.status_code == 200 and response.context["form"].errors
    violation.refresh_from_db()
    assert violation.status == "open"


def test_network_mode_is_declared_from_the_computer_page(officer, violation):
    computer = violation.computer
    client_for(officer).post(reverse("computers:network_mode", args=[computer.pk]), {"network_mode": "isolated"})
    computer.refresh_from_db()
    assert computer.network_mode == "isolated"


@pytest.mark.parametrize("who", ["stranger", "staff"])
def test_a_person_without_oversight_sees_nothing(request, who, violation):
    client = client_for(request.getfixturevalue(who))
    computer = violation.computer
    for url in (reverse("computers:computer_detail", args=[computer.pk]),
                reverse("computers:report_detail", args=[violation.report.pk]),
                reverse("computers:violation_detail", args=[violation.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("computers:violation_detail", args=[violation.pk]), {"note": "x"}).status_code == 404
    assert client.post(reverse("computers:network_mode", args=[computer.pk]), {"network_mode": ""}).status_code == 404
    computers = client.get(reverse("computers:computer_list"))
    assert computers.context["count"] == 0 and computer.hostname not in computers.content.decode()
    violations = client.get(reverse("computers:violation_list"))
    assert violations.context["count"] == 0
    Violation.objects.get(pk=violation.pk, status="open")


def test_an_officer_cleared_below_the_files_level_sees_the_computer_and_violation(treasury, officer):
    services.import_report(officer, make_report(verdict="connected", findings=[finding(level="TUYET_MAT")]),
                           unit=treasury)
    response = client_for(officer).get(reverse("computers:computer_list"))
    assert response.context["count"] == 1
    assert client_for(officer).get(reverse("computers:violation_list")).context["count"] == 1


def test_the_inspector_covering_the_unit_sees_and_resolves(inspector, violation):
    client = client_for(inspector)
    assert client.get(reverse("computers:violation_list")).context["count"] == 1
    client.post(reverse("computers:violation_detail", args=[violation.pk]), {"note": "Đã kiểm tra, lập biên bản."})
    violation.refresh_from_db()
    assert violation.status == "resolved" and violation.resolved_by == inspector


def test_menu_links_to_the_register(officer):
    page = client_for(officer).get(reverse("core:home")).content.decode()
    assert reverse("computers:computer_list") in page


def test_an_import_above_the_importers_clearance_shows_the_computer_with_the_file_counted(officer, treasury):
    response = client_for(officer).post(reverse("computers:import"), {
        "report": upload(make_report(verdict="connected", findings=[finding(path="D:\\Kế hoạch K.docx",
                                                                            level="TUYET_MAT")])),
        "unit": treasury.pk}, follow=True)
    computer = Computer.objects.get()
    assert response.redirect_chain[-1][0] == reverse("computers:computer_detail", args=[computer.pk])
    page = response.content.decode()
    assert "1 tệp Tuyệt mật: ẩn vì vượt mức bạn được giao tiếp cận" in page and "Kế hoạch K" not in page
    assert Violation.objects.filter(level="TUYET_MAT").exists()


def test_pages_have_english(officer, violation, settings):
    client = client_for(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The middleware activates the request's language on this thread: leave it as found.
    with translation.override(translation.get_language()):
        page = client.get(reverse("computers:violation_list")).content.decode()
        computers = client.get(reverse("computers:computer_list")).content.decode()
    assert "Secret documents stored on a connected computer" in page and ">Print<" in page
    assert "Register of computers" in computers
