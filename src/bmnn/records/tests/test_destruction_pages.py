"""Destruction pages and API: every step through the Django test client and DRF's client,
refusals shown with their rule and basis (403), hidden files 404. Dates are frozen through
bmnn.core.access.today / timezone.localdate (the pages act on today's date)."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (
    CopyStatus, DestructionSignature, DestructionStatus, EmergencyDestruction, ItemStatus,
)
from bmnn.records.services import custody
from bmnn.records.services import destruction as service
from bmnn.records.tests.issued import issued_item
from bmnn.records.tests.test_destruction import PASSWORD, decided, drawn_up, propose, reported

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def frozen_today():
    with mock.patch("django.utils.timezone.localdate", return_value=ON):
        yield


@pytest.fixture
def clerk(police):
    return person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def deputy(police):
    return person_in(police, title="Phó Giám đốc", role=Role.DEPUTY, clearance=Level.TOI_MAT,
                     full_name="Trần Văn Phó")


@pytest.fixture
def secretary(police):
    return person_in(police, title="Cán bộ", clearance=Level.TOI_MAT, full_name="Đỗ Thị Thư")


@pytest.fixture
def item(clerk, police):
    return issued_item(clerk, police, level=Level.TOI_MAT, copies=2, on=dt.date(2026, 4, 10))


def page(client, person):
    from bmnn.accounts.testing import login_with_second_factor

    return login_with_second_factor(client, person)


def api(person):
    from rest_framework.test import APIClient

    from bmnn.accounts.testing import login_with_second_factor

    return login_with_second_factor(APIClient(), person)


# --- Pages ---------------------------------------------------------------------------------

def test_every_step_through_the_pages(client, director, deputy, secretary, clerk, police, item):
    page(client, clerk)
    body = client.get(reverse("records:item_detail", args=[item.pk])).content.decode()
    propose_url = reverse("records:destruction_propose")
    assert f"{propose_url}?item={item.pk}" in body
    assert client.get(propose_url, {"item": item.pk}).status_code == 200
    copies = [c.pk for c in item.copies.all()]
    response = client.post(propose_url + f"?item={item.pk}", {"unit": police.pk, "copies": copies,
                                                              "grounds": "Hết giá trị sử dụng"})
    assert response.status_code == 302
    destruction = service.visible_destructions(clerk).get()
    detail = reverse("records:destruction_detail", args=[destruction.pk])

    page(client, director)
    assert reverse("records:destruction_council", args=[destruction.pk]) in client.get(detail).content.decode()
    response = client.post(reverse("records:destruction_council", args=[destruction.pk]), {
        "reference": "05/QĐ-HĐTH", "chair": deputy.pk, "secretary": secretary.pk, "members": [clerk.pk],
        "externals": "Ngô Văn Ngoài; Sở Nội vụ; Chuyên viên"})
    assert response.status_code == 302, response.content.decode()

    page(client, deputy)
    response = client.post(reverse("records:destruction_minutes", args=[destruction.pk]), {
        "met_on": "04/05/2026", "minutes_reference": "01/BB-HĐTH", "conclusion": "Đề nghị tiêu hủy",
        "recommends": "1"})
    assert response.status_code == 302

    page(client, director)
    response = client.post(reverse("records:destruction_decide", args=[destruction.pk]), {
        "approve": "1", "decision_reference": "07/QĐ-CAT", "method": "shred"})
    assert response.status_code == 302

    page(client, secretary)
    response = client.post(reverse("records:destruction_record_draw_up", args=[destruction.pk]), {
        "reference": "02/BB-TH", "carried_out_on": "04/05/2026", "place": "Phòng văn thư", "method": "shred",
        "sequence": "Kiểm đếm rồi nghiền", "executors": [clerk.pk]})
    assert response.status_code == 302

    for person in (deputy, secretary, clerk):
        page(client, person)
        assert client.post(reverse("records:destruction_sign", args=[destruction.pk]),
                           {"password": PASSWORD}).status_code == 302
    page(client, secretary)
    destruction.refresh_from_db()
    outsider = destruction.council.members.get(person__isnull=True)
    assert client.post(reverse("records:destruction_sign_paper", args=[destruction.pk]),
                       {"member": outsider.pk}).status_code == 302
    assert client.post(reverse("records:destruction_complete", args=[destruction.pk])).status_code == 302
    destruction.refresh_from_db()
    assert destruction.status == DestructionStatus.DONE
    item.refresh_from_db()
    assert item.status == ItemStatus.DESTROYED

    record = client.get(reverse("records:destruction_record", args=[destruction.pk])).content.decode()
    assert "BIÊN BẢN TIÊU HỦY" in record and "02/BB-TH" in record and item.reference in record
    assert "Ngô Văn Ngoài" in record and "Nội dung thử nghiệm" in record  # the summary, to who may see it
    assert "data-print" in record
    # The destroyed item's page still opens: a destroyed record.
    assert "Đã tiêu hủy" in client.get(reverse("records:item_detail", args=[item.pk])).content.decode()


def test_head_of_division_deciding_on_the_page_is_refused_with_the_basis(client, pa03):
    keeper = person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT)
    head = person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT)
    item = issued_item(keeper, pa03, level=Level.TOI_MAT, copies=1, on=ON)
    destruction = propose(keeper, pa03, item)
    page(client, head)
    detail = client.get(reverse("records:destruction_detail", args=[destruction.pk])).content.decode()
    assert reverse("records:destruction_council", args=[destruction.pk]) not in detail  # not offered
    response = client.post(reverse("records:destruction_decide", args=[destruction.pk]),
                           {"approve": "1", "decision_reference": "1/QĐ", "method": "burn"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Điều 23 khoản 3" in body and "1/QĐ" in body  # the basis, and what was typed is kept


def test_wrong_password_on_the_page_is_refused(client, director, deputy, secretary, clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    page(client, deputy)
    response = client.post(reverse("records:destruction_sign", args=[destruction.pk]), {"password": "sai"})
    assert response.status_code == 403 and "destruction.signature" in response.content.decode()
    assert not DestructionSignature.objects.exists()


def test_completing_without_every_signature_is_refused_on_the_page(client, director, deputy, secretary, clerk,
                                                                   police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    page(client, secretary)
    response = client.post(reverse("records:destruction_complete", args=[destruction.pk]))
    assert response.status_code == 403 and "destruction.all_signatures" in response.content.decode()
    assert not item.copies.filter(status=CopyStatus.DESTROYED).exists()


def test_hidden_destruction_is_404_on_pages(client, director, deputy, secretary, clerk, police, item):
    destruction = drawn_up(director, deputy, secretary, clerk, police, item)
    stranger = person_in(UnitFactory(code="X"), clearance=Level.MAT)
    page(client, stranger)
    for name in ("destruction_detail", "destruction_record", "destruction_decide"):
        assert client.get(reverse(f"records:{name}", args=[destruction.pk])).status_code == 404, name
    assert client.post(reverse("records:destruction_sign", args=[destruction.pk]),
                       {"password": PASSWORD}).status_code == 404
    assert client.get(reverse("records:emergency_destroy", args=[item.copies.first().pk])).status_code == 404
    assert "Không có hồ sơ tiêu hủy nào." in client.get(reverse("records:destruction_list")).content.decode()


def test_emergency_destruction_on_the_pages(client, director, police, item):
    holder = person_in(police, title="Cán bộ", clearance=Level.TOI_MAT, full_name="Vũ Văn Giữ")
    copy = item.copies.get(number=1)
    custody.move_copy(copy, to_person=holder, act="test")
    other = person_in(police, title="Cán bộ", clearance=Level.TOI_MAT)
    url = reverse("records:emergency_destroy", args=[copy.pk])
    fields = {"destroyed_on": "04/05/2026", "destroyed_at_time": "14:30", "place": "Trên đường công tác",
              "method": "burn", "reason": "Nguy cơ bị chiếm đoạt"}
    page(client, other)
    assert 'name="reason"' not in client.get(url).content.decode()  # the form is offered to the holder only
    response = client.post(url, fields)
    assert response.status_code == 403 and "destruction.emergency_custodian" in response.content.decode()

    page(client, holder)
    assert url in client.get(reverse("records:item_detail", args=[item.pk])).content.decode()
    response = client.post(url, fields)
    emergency = EmergencyDestruction.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("records:emergency_detail",
                                                                           args=[emergency.pk])
    detail = reverse("records:emergency_detail", args=[emergency.pk])
    assert "Chưa báo cáo" in client.get(detail).content.decode()
    response = client.post(detail, {"reference": "01/BC", "sent_on": "04/05/2026", "sent_to": director.pk})
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert emergency.reported and emergency.report_sent_to == director


# --- API -----------------------------------------------------------------------------------

def test_api_steps_and_refusals(director, deputy, secretary, clerk, police, item):
    client = api(clerk)
    response = client.post("/api/records/destructions/", {"unit": police.pk, "copies": [c.pk for c in item.copies.all()],
                                                          "grounds": "Hết giá trị"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert [line["copy_number"] for line in response.json()["lines"]] == [1, 2]

    seats = [{"role": "chair", "person": deputy.pk}, {"role": "secretary", "person": secretary.pk}]
    refused = api(director).post(f"/api/records/destructions/{pk}/council/",
                                 {"reference": "05/QĐ", "members": seats}, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "destruction.custodian_member"
    assert "Điều 23 khoản 4" in refused.json()["basis"]

    early = api(director).post(f"/api/records/destructions/{pk}/decide/",
                               {"decision_reference": "07/QĐ", "method": "shred"}, format="json")
    assert early.status_code == 403 and early.json()["rule"] == "councils.destruction.minutes_first"

    ok = api(director).post(f"/api/records/destructions/{pk}/council/",
                            {"reference": "05/QĐ", "members": [*seats, {"person": clerk.pk}]}, format="json")
    assert ok.status_code == 200 and ok.json()["council"]
    assert api(deputy).post(f"/api/records/destructions/{pk}/minutes/", {
        "met_on": "2026-05-04", "minutes_reference": "01/BB", "conclusion": "Đề nghị", "recommends": True},
        format="json").status_code == 200
    assert api(director).post(f"/api/records/destructions/{pk}/decide/",
                              {"decision_reference": "07/QĐ", "method": "shred"}, format="json").status_code == 200
    assert api(secretary).post(f"/api/records/destructions/{pk}/record/", {
        "reference": "02/BB", "carried_out_on": "2026-05-04", "place": "Phòng văn thư", "method": "shred",
        "sequence": "Nghiền", "executors": [clerk.pk]}, format="json").status_code == 200
    wrong = api(deputy).post(f"/api/records/destructions/{pk}/sign/", {"password": "sai"}, format="json")
    assert wrong.status_code == 403 and wrong.json()["rule"] == "destruction.signature"
    for person in (deputy, secretary, clerk):
        assert api(person).post(f"/api/records/destructions/{pk}/sign/", {"password": PASSWORD},
                                format="json").status_code == 200
    done = api(secretary).post(f"/api/records/destructions/{pk}/complete/", format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert len(done.json()["record"]["signatures"]) == 3


def test_api_head_of_division_refused_and_hidden_is_404(pa03):
    keeper = person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT)
    head = person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT)
    item = issued_item(keeper, pa03, level=Level.TOI_MAT, copies=1, on=ON)
    destruction = propose(keeper, pa03, item)
    response = api(head).post(f"/api/records/destructions/{destruction.pk}/decide/",
                              {"decision_reference": "1/QĐ", "method": "burn"}, format="json")
    assert response.status_code == 403 and "Điều 23 khoản 3" in response.json()["basis"]
    stranger = api(person_in(UnitFactory(code="X"), clearance=Level.MAT))
    assert stranger.get(f"/api/records/destructions/{destruction.pk}/").status_code == 404
    assert stranger.post(f"/api/records/destructions/{destruction.pk}/decide/",
                         {"decision_reference": "1/QĐ", "method": "burn"}, format="json").status_code == 404
    listed = stranger.get("/api/records/destructions/").json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    assert stranger.post("/api/records/emergency-destructions/", {
        "copy": item.copies.get().pk, "destroyed_on": "2026-05-04", "place": "X", "method": "burn",
        "reason": "Y"}, format="json").status_code == 404


def test_api_emergency_by_a_non_holder_is_refused_then_the_holder_reports(director, police, clerk, item):
    holder = person_in(police, title="Cán bộ", clearance=Level.TOI_MAT)
    copy = item.copies.get(number=1)
    custody.move_copy(copy, to_person=holder, act="test")
    fields = {"copy": copy.pk, "destroyed_on": "2026-05-04", "place": "Trên đường", "method": "burn",
              "reason": "Nguy cơ"}
    refused = api(clerk).post("/api/records/emergency-destructions/", fields, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "destruction.emergency_custodian"
    made = api(holder).post("/api/records/emergency-destructions/", fields, format="json")
    assert made.status_code == 201 and made.json()["report_due_on"] == "2026-05-04"
    report = api(holder).post(f"/api/records/emergency-destructions/{made.json()['id']}/report/",
                              {"reference": "01/BC", "sent_on": "2026-05-04", "sent_to": director.pk}, format="json")
    assert report.status_code == 200 and report.json()["reported"]


def test_queue_row_templates_render(director, deputy, secretary, clerk, police, item):
    from django.template.loader import render_to_string

    destruction = decided(director, deputy, secretary, clerk, police, item)
    for queue in service.queues(clerk, ON) + service.queues(director, ON):
        for row in queue.rows:
            assert "<tr>" in render_to_string(f"records/queue_rows/{queue.key}.html", {"row": row})
    assert destruction.pk


def test_rejected_file_shows_its_reason(client, director, deputy, secretary, clerk, police, item):
    destruction = reported(director, deputy, secretary, clerk, police, item)
    page(client, director)
    response = client.post(reverse("records:destruction_decide", args=[destruction.pk]),
                           {"approve": "0", "decision_reference": "08/QĐ", "reason": "Còn giá trị"})
    assert response.status_code == 302
    assert "Còn giá trị" in client.get(reverse("records:destruction_detail", args=[destruction.pk])).content.decode()
