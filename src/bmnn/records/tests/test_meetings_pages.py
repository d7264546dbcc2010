"""Meetings through the pages and the API: each step, refusals with their rule and basis
(403, typed input kept), hidden meetings 404, the door notice with the device rule, the
item page's hand-out list. "Today" is frozen by replacing the modules' `today`."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import HandoutStatus, Meeting, MeetingStatus
from bmnn.records.services import meetings as svc
from bmnn.records.tests.issued import issued_item
from bmnn.records.tests.test_meetings import ASKED, DAY1, DAY2, ask, prepare

pytestmark = pytest.mark.django_db


def freeze(monkeypatch, day):
    for module in ("bmnn.records.views.meetings", "bmnn.records.api_meetings"):
        monkeypatch.setattr(f"{module}.today", lambda day=day: day)


@pytest.fixture
def officer(pa03):
    return person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT,
                     full_name="Ngô Thị Lan")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TUYET_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def outsider():
    return person_in(UnitFactory(), clearance=Level.TUYET_MAT)


def page(person):
    return login_with_second_factor(Client(), person)


def api(person):
    return login_with_second_factor(APIClient(), person)


def step(meeting, name):
    return reverse("records:meeting_step", args=[meeting.pk, name])


# --- Pages ---------------------------------------------------------------------------------------

def test_request_approve_prepare_open_hand_out_recover_close_through_the_pages(
        monkeypatch, officer, staff, director, pa03):
    freeze(monkeypatch, ASKED)
    me = page(officer)
    response = me.post(reverse("records:meeting_request"), {
        "title": "Hội nghị sơ kết", "kind": "conference", "level": "TOI_MAT", "organising_unit": pa03.pk,
        "start_date": "14/04/2026", "end_date": "14/04/2026", "chair": "Giám đốc"})
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get()
    detail = reverse("records:meeting_detail", args=[meeting.pk])
    boss = page(director)
    assert step(meeting, "decide") in boss.get(detail).content.decode()
    assert boss.post(step(meeting, "decide"), {"approve": "1"}).status_code == 302
    assert me.post(step(meeting, "attendee"), {"person": staff.pk}).status_code == 302
    assert me.post(step(meeting, "venue"), {"venue_kind": "hq_room", "venue_name": "Phòng họp 3"}).status_code == 302
    assert me.post(step(meeting, "equipment"), {"equipment_kind": "cipher",
                                                "equipment_check_reference": "Trang bị 2/BCY"}).status_code == 302
    assert me.post(step(meeting, "plan"), {"plan": "Kiểm soát ra vào"}).status_code == 302
    freeze(monkeypatch, DAY1)
    assert me.post(step(meeting, "open"), {}).status_code == 302
    item = issued_item(person_in(pa03, role=Role.CLERK, clearance=Level.TOI_MAT), pa03, level=Level.TOI_MAT)
    copy = item.copies.get(number=1)
    attendee = meeting.attendees.get()
    assert me.post(step(meeting, "handout"), {"copy": copy.pk, "attendee": attendee.pk}).status_code == 302
    handout = meeting.handouts.get()
    assert meeting.title in me.get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert me.post(step(meeting, "end"), {}).status_code == 302
    response = me.post(step(meeting, "close"), {})
    assert response.status_code == 403 and "Điều 17 Luật BVBMNN 2018" in response.content.decode()
    assert me.post(step(meeting, "recover"), {"handout": handout.pk}).status_code == 302
    assert me.post(step(meeting, "close"), {}).status_code == 302
    meeting.refresh_from_db()
    handout.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED and handout.status == HandoutStatus.RECOVERED


def test_approval_page_refused_without_authority_shows_the_basis(monkeypatch, officer, pa03, division_head):
    freeze(monkeypatch, ASKED)
    meeting = ask(officer, pa03)
    response = page(division_head).post(step(meeting, "decide"), {"approve": "1"})
    assert response.status_code == 403 and "Điều 17 Luật BVBMNN 2018" in response.content.decode()


def test_off_site_venue_page_refusal_keeps_the_input(monkeypatch, officer, pa03):
    freeze(monkeypatch, ASKED)
    meeting = ask(officer, pa03)
    response = page(officer).post(step(meeting, "venue"), {"venue_kind": "off_site", "venue_name": "Khách sạn Sông Hà"})
    body = response.content.decode()
    assert response.status_code == 403 and "Điều 6 Nghị định 26/2020/NĐ-CP" in body and "Khách sạn Sông Hà" in body


def test_the_decision_form_is_offered_only_to_who_may_approve(monkeypatch, officer, pa03, director):
    freeze(monkeypatch, ASKED)
    meeting = ask(officer, pa03)
    detail = reverse("records:meeting_detail", args=[meeting.pk])
    assert step(meeting, "decide") not in page(officer).get(detail).content.decode()
    assert step(meeting, "decide") in page(director).get(detail).content.decode()


def test_the_door_notice_prints_the_device_rule_for_the_level(monkeypatch, officer, pa03):
    freeze(monkeypatch, ASKED)
    secret = ask(officer, pa03, level=Level.TOI_MAT)
    body = page(officer).get(reverse("records:meeting_door", args=[secret.pk])).content.decode()
    assert "KHÔNG MANG VÀO PHÒNG HỌP" in body and "Điều 6 Nghị định 26/2020/NĐ-CP" in body
    mat = ask(officer, pa03, level=Level.MAT)
    svc.record_protection_plan(officer, mat, plan="Kiểm soát", device_instructions="Tắt điện thoại", on=ASKED)
    body = page(officer).get(reverse("records:meeting_door", args=[mat.pk])).content.decode()
    assert "theo chỉ đạo của người chủ trì" in body and "Tắt điện thoại" in body


def test_hidden_meetings_are_404_on_every_page(monkeypatch, officer, pa03, outsider):
    freeze(monkeypatch, ASKED)
    meeting = ask(officer, pa03)
    them = page(outsider)
    for url in (reverse("records:meeting_detail", args=[meeting.pk]),
                reverse("records:meeting_door", args=[meeting.pk])):
        assert them.get(url).status_code == 404
    assert them.post(step(meeting, "venue"), {"venue_kind": "hq_room", "venue_name": "X"}).status_code == 404
    assert meeting.title not in them.get(reverse("records:meeting_list")).content.decode()


# --- API -----------------------------------------------------------------------------------------

def test_api_request_approve_and_open(monkeypatch, officer, staff, director, pa03):
    freeze(monkeypatch, ASKED)
    response = api(officer).post("/api/records/meetings/", {
        "title": "Cuộc họp chuyên đề", "level": "TOI_MAT", "organising_unit": pa03.pk, "start_date": "2026-04-14",
        "end_date": "2026-04-15", "chair": "Giám đốc"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["device_rule"]["value"] == "forbidden"
    assert api(director).post(f"/api/records/meetings/{pk}/decide/", {"approve": True},
                              format="json").json()["status"] == "approved"
    client = api(officer)
    assert client.post(f"/api/records/meetings/{pk}/attendees/", {"person": staff.pk}, format="json").status_code == 200
    assert client.post(f"/api/records/meetings/{pk}/venue/", {"venue_kind": "hq_room", "venue_name": "P3"},
                       format="json").status_code == 200
    assert client.post(f"/api/records/meetings/{pk}/equipment/", {"equipment_kind": "none"},
                       format="json").status_code == 200
    assert client.post(f"/api/records/meetings/{pk}/plan/", {"plan": "Kiểm soát"}, format="json").status_code == 200
    freeze(monkeypatch, DAY1)
    response = client.post(f"/api/records/meetings/{pk}/open/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    assert response.json()["missing_seals"] == ["2026-04-14"]


def test_api_refusals_carry_rule_and_basis(monkeypatch, officer, pa03, division_head, staff):
    freeze(monkeypatch, ASKED)
    meeting = ask(officer, pa03)
    response = api(division_head).post(f"/api/records/meetings/{meeting.pk}/decide/", {"approve": True},
                                       format="json")
    assert response.status_code == 403 and response.json()["basis"] == "Điều 17 Luật BVBMNN 2018"
    foreign = ask(officer, pa03, foreign=True)
    response = api(officer).post(f"/api/records/meetings/{foreign.pk}/external-approval/", {
        "approver_class": "provincial_department_head", "approver_name": "Giám đốc Sở", "approval_reference": "1/S",
        "decided_on": "2026-04-10"}, format="json")
    assert response.status_code == 403 and response.json()["basis"].startswith("Điều 18")
    response = api(officer).post(f"/api/records/meetings/{meeting.pk}/venue/", {
        "venue_kind": "off_site", "venue_name": "Khách sạn"}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "2026:requirements.meeting_venue"


def test_api_close_is_refused_with_a_missing_seal(monkeypatch, officer, pa03, director, staff):
    meeting = ask(officer, pa03)
    svc.decide_meeting(director, meeting, approve=True, on=ASKED)
    meeting = prepare(meeting, officer, [staff])
    svc.open_meeting(officer, meeting, on=DAY1)
    svc.end_meeting(officer, meeting, on=DAY2)
    freeze(monkeypatch, DAY2)
    response = api(officer).post(f"/api/records/meetings/{meeting.pk}/close/", {}, format="json")
    assert response.status_code == 403 and response.json()["rule"].endswith("meeting_room_sealing")
    for day in ("2026-04-14", "2026-04-15"):
        assert api(officer).post(f"/api/records/meetings/{meeting.pk}/seal/", {
            "day": day, "seal_reference": "NP"}, format="json").status_code == 200
    assert api(officer).post(f"/api/records/meetings/{meeting.pk}/close/", {},
                             format="json").json()["status"] == "closed"


def test_api_hides_meetings_from_outsiders(monkeypatch, officer, pa03, outsider):
    freeze(monkeypatch, ASKED)
    meeting = ask(officer, pa03)
    client = api(outsider)
    assert client.get(f"/api/records/meetings/{meeting.pk}/").status_code == 404
    assert client.post(f"/api/records/meetings/{meeting.pk}/plan/", {"plan": "x"}, format="json").status_code == 404
    assert client.get("/api/records/meetings/").json()["count"] == 0


def test_each_queue_has_a_row_template_that_renders(officer, pa03, director, staff):
    from django.template.loader import render_to_string

    waiting = ask(officer, pa03)
    meeting = ask(officer, pa03)
    svc.decide_meeting(director, meeting, approve=True, on=ASKED)
    meeting = prepare(meeting, officer, [staff])
    svc.open_meeting(officer, meeting, on=DAY1)
    rows = {q.key: q.rows for q in svc.queues(officer, DAY2)}
    rows["meetings_to_approve"] = {q.key: q.rows for q in svc.queues(director, ASKED)}["meetings_to_approve"]
    assert rows["meetings_to_approve"] == [waiting] and rows["meetings_seals_due"] == [meeting]
    for key in ("meetings_to_approve", "meetings_seals_due"):
        html = render_to_string(f"records/queue_rows/{key}.html", {"row": rows[key][0]})
        assert html.strip().startswith("<tr>") and rows[key][0].title in html
    assert "14/04/2026, 15/04/2026" in render_to_string("records/queue_rows/meetings_seals_due.html",
                                                        {"row": rows["meetings_seals_due"][0]})
    assert meeting.title in render_to_string("records/queue_rows/meetings_unrecovered.html", {"row": meeting})


def test_tuyet_mat_opening_page_refused_until_the_attendee_check_is_recorded(monkeypatch, officer, pa03, staff):
    freeze(monkeypatch, ASKED)
    meeting = ask(officer, pa03, level=Level.TUYET_MAT)
    svc.record_external_approval(officer, meeting, approver_class="provincial_leader", approver_name="Chủ tịch",
                                 approval_reference="45/UBND-NC", decided_on=ASKED, on=ASKED)
    meeting = prepare(meeting, officer, [staff])
    me = page(officer)
    body = me.get(reverse("records:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Chưa kiểm tra" in body and "KHÔNG" not in body  # the page shows the rule, the door shows the notice
    freeze(monkeypatch, DAY1)
    response = me.post(step(meeting, "open"), {})
    assert response.status_code == 403 and "Bùi Văn Nam" in response.content.decode()
    attendee = meeting.attendees.get()
    response = me.post(step(meeting, "security_check"), {"attendee": attendee.pk, "reference": "", "checked_on": ""})
    assert response.status_code == 200 and "bắt buộc" in response.content.decode()
    assert me.post(step(meeting, "security_check"), {"attendee": attendee.pk, "reference": "BB 1/PA03",
                                                     "checked_on": "10/04/2026"}).status_code == 302
    assert me.post(step(meeting, "open"), {}).status_code == 302
