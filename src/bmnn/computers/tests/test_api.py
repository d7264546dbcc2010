"""The API: import (multipart and JSON), computers, reports, violations; refusals as
403 with rule and basis; hidden things as 404 and absent from counts."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.computers import services
from bmnn.computers.models import ScanReport
from bmnn.computers.samples import finding, make_report

pytestmark = pytest.mark.django_db


def api(person):
    return login_with_second_factor(APIClient(), person)


@pytest.fixture
def violation(officer, treasury):
    return services.import_report(officer, make_report(verdict="was_connected", findings=[finding()]),
                                  unit=treasury).violation


def test_import_by_multipart_file(officer, treasury):
    data = json.dumps(make_report(verdict="connected", findings=[finding()])).encode()
    response = api(officer).post("/api/computers/reports/", {
        "unit": treasury.pk, "file": SimpleUploadedFile("report.json", data)}, format="multipart")
    assert response.status_code == 201
    body = response.json()
    assert body["created"] is True and body["violation"] and body["report"]["marked_count"] == 1
    assert ScanReport.objects.get().source_name == "report.json"


def test_import_by_json_and_again_is_recognised(officer, treasury):
    report = make_report()
    client = api(officer)
    assert client.post("/api/computers/reports/", {"unit": treasury.pk, "report": report}, format="json").status_code \
        == 201
    again = client.post("/api/computers/reports/", {"unit": treasury.pk, "report": report}, format="json")
    assert again.status_code == 200 and again.json()["created"] is False


def test_import_of_an_altered_report_is_403_with_rule_and_basis(officer, treasury):
    report = make_report()
    report["completed"] = False
    response = api(officer).post("/api/computers/reports/", {"unit": treasury.pk, "report": report}, format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "computers.report_tampered" and response.json()["basis"]


def test_import_of_a_report_breaking_the_schema_is_400_in_vietnamese(officer, treasury):
    response = api(officer).post("/api/computers/reports/", {"unit": treasury.pk, "report": {"schema": "bmnn.scan/1"}},
                                 format="json")
    assert response.status_code == 400 and "lược đồ" in json.dumps(response.json(), ensure_ascii=False)


def test_import_by_someone_without_oversight_is_403(staff, treasury):
    response = api(staff).post("/api/computers/reports/", {"unit": treasury.pk, "report": make_report()},
                               format="json")
    assert response.status_code == 403 and response.json()["rule"] == "computers.oversight_only"


def test_computers_list_and_detail_with_files(officer, violation):
    client = api(officer)
    listed = client.get("/api/computers/computers/").json()
    assert listed["count"] == 1 and listed["results"][0]["hostname"] == "KETOAN-01"
    detail = client.get(f"/api/computers/computers/{violation.computer.pk}/").json()
    assert detail["latest_report"]["files"][0]["path"].endswith("Kế hoạch 2026.docx")
    assert detail["latest_report"]["facts"]["hostname"] == "KETOAN-01" and detail["violations"] == [violation.pk]
    report = client.get(f"/api/computers/reports/{violation.report.pk}/").json()
    assert report["files"][0]["evidence"][0]["line"] == "MẬT"


def test_violations_list_filters_and_resolve(officer, violation):
    client = api(officer)
    body = client.get("/api/computers/violations/", {"status": "open", "kind": "marked_on_was_connected"}).json()
    assert body["count"] == 1 and "29/2018" in body["results"][0]["basis"]
    assert client.get("/api/computers/violations/", {"status": "resolved"}).json()["count"] == 0
    resolved = client.post(f"/api/computers/violations/{violation.pk}/resolve/", {"note": "Đã xóa tệp."},
                           format="json")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    again = client.post(f"/api/computers/violations/{violation.pk}/resolve/", {"note": "Lần nữa."}, format="json")
    assert again.status_code == 403 and again.json()["rule"] == "computers.violation_closed"


def test_a_stranger_gets_404_and_empty_lists(stranger, violation):
    client = api(stranger)
    assert client.get(f"/api/computers/computers/{violation.computer.pk}/").status_code == 404
    assert client.get(f"/api/computers/reports/{violation.report.pk}/").status_code == 404
    assert client.get(f"/api/computers/violations/{violation.pk}/").status_code == 404
    assert client.post(f"/api/computers/violations/{violation.pk}/resolve/", {"note": "x"},
                       format="json").status_code == 404
    for url in ("/api/computers/computers/", "/api/computers/reports/", "/api/computers/violations/"):
        assert client.get(url).json()["count"] == 0, url


def test_schema_lists_the_computers_endpoints(officer):
    response = api(officer).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in ("/api/computers/computers/", "/api/computers/reports/", "/api/computers/violations/",
                 "/api/computers/violations/{id}/resolve/"):
        assert path in paths, path
