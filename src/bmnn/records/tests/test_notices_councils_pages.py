"""Pages and API of notices to holders and review councils: each act through the Django
test client and DRF's client, happy path and refusals (rule and basis shown), hidden
notices and councils 404, forms keep what was typed."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import CouncilKind, CouncilRole, CouncilStatus, NoticeAct, NoticeStatus
from bmnn.records.services import councils, custody, notices
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def clerk(police):
    return person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Phạm Văn Thư")


@pytest.fixture
def deputy(police):
    return person_in(police, title="Phó Giám đốc", role=Role.DEPUTY, clearance=Level.TOI_MAT,
                     full_name="Trần Văn Phó")


@pytest.fixture
def holder(pa03):
    return person_in(pa03, title="Cán bộ", clearance=Level.TOI_MAT, full_name="Lê Văn Giữ")


@pytest.fixture
def stranger():
    return person_in(UnitFactory(code="KB"), title="Cán bộ", clearance=Level.TUYET_MAT)


@pytest.fixture
def item(clerk, police, pa03, holder):
    item = issued_item(clerk, police, level=Level.TOI_MAT, copies=3, on=today())
    first, second = item.copies.order_by("number")[:2]
    custody.move_copy(first, to_unit=pa03, act="test")
    custody.move_copy(second, to_person=holder, act="test")
    return item


@pytest.fixture
def issued(item, director):
    return notices.issue_notices(director, item, act=NoticeAct.EXTENSION, act_id=1, decided_on=today(),
                                 deadline_key="extension_notice")


@pytest.fixture
def to_holder(issued):
    return next(n for n in issued if n.recipient_person_id)


def as_(person, client=None):
    return login_with_second_factor(client or Client(), person)


def api(person):
    return login_with_second_factor(APIClient(), person)


def seats(chair, *others):
    return [councils.MemberInput(role=CouncilRole.CHAIR, person=chair),
            *[councils.MemberInput(person=p) for p in others]]


@pytest.fixture
def council(item, director, deputy, clerk, police):
    return councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                      members=seats(deputy, clerk), reference="05/QĐ-HĐTH", on=today())


# --- Notices: pages ------------------------------------------------------------------------------

def test_notice_list_shows_the_notices_the_person_may_see_with_filters(issued, clerk, item):
    page = as_(clerk).get(reverse("records:notice_list")).content.decode()
    assert page.count(reverse("records:notice_detail", args=[issued[0].pk])) == 1
    assert "Lê Văn Giữ" in page and "Nơi nhận thử" in page
    filtered = as_(clerk).get(reverse("records:notice_list"), {"status": "sent"}).content.decode()
    assert "Không có thông báo nào." in filtered


def test_notice_list_filters_overdue_ones(issued, clerk):
    issued[0].due_on = today() - dt.timedelta(days=1)
    issued[0].save(update_fields=["due_on"])
    page = as_(clerk).get(reverse("records:notice_list"), {"overdue": "1"}).content.decode()
    assert reverse("records:notice_detail", args=[issued[0].pk]) in page
    assert reverse("records:notice_detail", args=[issued[1].pk]) not in page


def test_notice_detail_shows_decision_recipient_due_date_and_basis(to_holder, clerk):
    page = as_(clerk).get(reverse("records:notice_detail", args=[to_holder.pk])).content.decode()
    assert "Lê Văn Giữ" in page and "Gia hạn thời hạn bảo vệ" in page
    assert f"{to_holder.due_on:%d/%m/%Y}" in page and "Điều 20 khoản 4" in page


def test_the_send_form_is_offered_only_to_the_classifying_bodys_register_keepers(to_holder, clerk, holder):
    send = reverse("records:notice_send", args=[to_holder.pk])
    assert send in as_(clerk).get(reverse("records:notice_detail", args=[to_holder.pk])).content.decode()
    page = as_(holder).get(reverse("records:notice_detail", args=[to_holder.pk])).content.decode()
    assert send not in page and "Chờ văn thư, cán bộ bảo mật" in page


def test_send_then_acknowledge_through_the_pages(to_holder, clerk, holder):
    response = as_(clerk).post(reverse("records:notice_send", args=[to_holder.pk]),
                               {"reference": "12/TB-CAT", "sent_on": f"{today():%d/%m/%Y}"})
    assert response.status_code == 302
    response = as_(holder).post(reverse("records:notice_acknowledge", args=[to_holder.pk]),
                                {"on": f"{today():%d/%m/%Y}", "acknowledgement": "Đã đóng dấu/ghi nhận trên bản"})
    assert response.status_code == 302
    to_holder.refresh_from_db()
    assert to_holder.status == NoticeStatus.ACKNOWLEDGED and to_holder.reference == "12/TB-CAT"


def test_a_non_keeper_sending_is_refused_with_the_rule_and_keeps_the_input(to_holder, holder):
    response = as_(holder).post(reverse("records:notice_send", args=[to_holder.pk]),
                                {"reference": "99/TB-GIU", "sent_on": f"{today():%d/%m/%Y}"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "registers.keeper_only" in body and "Điều 7 Nghị định 26/2020/NĐ-CP" in body and "99/TB-GIU" in body
    to_holder.refresh_from_db()
    assert to_holder.status == NoticeStatus.DUE


def test_sending_without_a_reference_keeps_the_date_and_names_the_field(to_holder, clerk):
    response = as_(clerk).post(reverse("records:notice_send", args=[to_holder.pk]),
                               {"reference": "", "sent_on": "01/01/2020"})
    body = response.content.decode()
    assert response.status_code == 200 and "01/01/2020" in body and "has-error" in body


def test_acknowledging_someone_elses_notice_is_refused(to_holder, clerk):
    notices.send_notice(clerk, to_holder, reference="12/TB-CAT", sent_on=today())
    detail = as_(clerk).get(reverse("records:notice_detail", args=[to_holder.pk])).content.decode()
    assert reverse("records:notice_acknowledge", args=[to_holder.pk]) not in detail
    response = as_(clerk).post(reverse("records:notice_acknowledge", args=[to_holder.pk]),
                               {"on": f"{today():%d/%m/%Y}", "acknowledgement": "Tôi xác nhận hộ"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "notices.acknowledge_by_holder" in body and "Tôi xác nhận hộ" in body


def test_the_acknowledge_form_is_offered_to_the_holder_with_the_stamp_text(to_holder, clerk, holder):
    notices.send_notice(clerk, to_holder, reference="12/TB-CAT", sent_on=today())
    page = as_(holder).get(reverse("records:notice_detail", args=[to_holder.pk])).content.decode()
    assert reverse("records:notice_acknowledge", args=[to_holder.pk]) in page
    assert "Đã đóng dấu/ghi nhận trên bản" in page


def test_a_hidden_notice_is_404_and_absent_from_the_list(to_holder, stranger):
    client = as_(stranger)
    assert client.get(reverse("records:notice_detail", args=[to_holder.pk])).status_code == 404
    assert client.post(reverse("records:notice_send", args=[to_holder.pk]),
                       {"reference": "1", "sent_on": f"{today():%d/%m/%Y}"}).status_code == 404
    assert "Không có thông báo nào." in client.get(reverse("records:notice_list")).content.decode()


def test_the_item_page_lists_its_notices_and_councils(issued, council, item, clerk):
    page = as_(clerk).get(reverse("records:item_detail", args=[item.pk])).content.decode()
    assert reverse("records:notice_detail", args=[issued[0].pk]) in page
    assert reverse("records:council_detail", args=[council.pk]) in page


def test_the_navigation_leads_to_notices_and_councils(clerk):
    page = as_(clerk).get(reverse("records:queues")).content.decode()
    assert reverse("records:notice_list") in page and reverse("records:council_list") in page


# --- Councils: pages -----------------------------------------------------------------------------

def establish_data(item, unit, chair, *members, **overrides):
    data = {"kind": "destruction", "unit": str(unit.pk), "items": [str(item.pk)], "reference": "07/QĐ-HĐTH",
            "chair": str(chair.pk), "secretary": "", "members": [str(m.pk) for m in members],
            "outside": "Nguyễn Văn Ngoài; Sở Nội vụ; Phó Giám đốc", "find": ""}
    data.update(overrides)
    return data


def test_the_establish_form_preselects_kind_items_and_their_unit(item, director, police):
    page = as_(director).get(reverse("records:council_establish"),
                             {"kind": "destruction", "item": [item.pk]}).content.decode()
    assert f'name="items" value="{item.pk}" id="id_items_0" checked' in page
    assert '<option value="destruction" selected>' in page
    assert f'<option value="{police.pk}" selected>' in page


def test_the_decider_establishes_a_council_through_the_page(item, director, deputy, clerk, police):
    response = as_(director).post(reverse("records:council_establish"), establish_data(item, police, deputy, clerk))
    assert response.status_code == 302, response.content.decode()
    council = item.councils.get()
    assert council.reference == "07/QĐ-HĐTH" and council.kind == CouncilKind.DESTRUCTION
    assert {m.name for m in council.members.all()} == {"Trần Văn Phó", "Phạm Văn Thư", "Nguyễn Văn Ngoài"}
    assert council.members.get(external_name="Nguyễn Văn Ngoài").external_body == "Sở Nội vụ"


def test_searching_people_keeps_everything_typed(item, director, deputy, clerk, police):
    data = establish_data(item, police, deputy, find="thu", search="1")
    response = as_(director).post(reverse("records:council_establish"), data)
    body = response.content.decode()
    assert response.status_code == 200 and not item.councils.exists()
    assert "07/QĐ-HĐTH" in body and "Nguyễn Văn Ngoài; Sở Nội vụ" in body and "Phạm Văn Thư" in body
    assert "has-error" not in body


def test_establishing_without_authority_is_refused_and_not_offered(item, deputy, clerk, police):
    assert as_(clerk).get(reverse("records:council_establish"), {"item": [item.pk]}).status_code == 403
    response = as_(clerk).post(reverse("records:council_establish"), establish_data(item, police, deputy, clerk))
    body = response.content.decode()
    assert response.status_code == 403 and "Điều 23 khoản 3" in body and "07/QĐ-HĐTH" in body
    assert not item.councils.exists()


def test_a_chair_who_is_not_leadership_is_refused_with_the_input_kept(item, director, clerk, police):
    response = as_(director).post(reverse("records:council_establish"),
                                  establish_data(item, police, clerk, director))
    body = response.content.decode()
    assert response.status_code == 403 and "councils.destruction.chair" in body and "Điều 23 khoản 4" in body
    assert "Nguyễn Văn Ngoài; Sở Nội vụ; Phó Giám đốc" in body


def test_a_malformed_outside_line_names_the_field(item, director, deputy, clerk, police):
    response = as_(director).post(reverse("records:council_establish"),
                                  establish_data(item, police, deputy, clerk, outside="; Sở Nội vụ"))
    assert response.status_code == 200 and "Dòng 1" in response.content.decode()


def test_council_list_and_detail_show_members_and_establishment(council, clerk):
    listing = as_(clerk).get(reverse("records:council_list"), {"kind": "destruction"}).content.decode()
    assert "05/QĐ-HĐTH" in listing
    assert "05/QĐ-HĐTH" not in as_(clerk).get(reverse("records:council_list"),
                                             {"kind": "declassification"}).content.decode()
    detail = as_(clerk).get(reverse("records:council_detail", args=[council.pk])).content.decode()
    assert "Trần Văn Phó" in detail and "Chủ tịch hội đồng" in detail and council.authority_basis in detail


def test_minutes_by_the_chair_through_the_page(council, deputy):
    detail = as_(deputy).get(reverse("records:council_detail", args=[council.pk])).content.decode()
    assert reverse("records:council_minutes", args=[council.pk]) in detail
    response = as_(deputy).post(reverse("records:council_minutes", args=[council.pk]), {
        "met_on": f"{today():%d/%m/%Y}", "minutes_reference": "01/BB-HĐTH", "conclusion": "Đề nghị tiêu hủy",
        "recommends": "1"})
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.status == CouncilStatus.REPORTED and council.recommends is True


def test_minutes_by_a_member_who_is_not_chair_are_refused_and_not_offered(item, director, deputy, police):
    member = person_in(police, title="Cán bộ", clearance=Level.TOI_MAT)  # sees the items, not chair
    council = councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                         members=seats(deputy, member), reference="05/QĐ-HĐTH", on=today())
    client = as_(member)
    assert reverse("records:council_minutes", args=[council.pk]) not in client.get(
        reverse("records:council_detail", args=[council.pk])).content.decode()
    response = client.post(reverse("records:council_minutes", args=[council.pk]), {
        "met_on": f"{today():%d/%m/%Y}", "minutes_reference": "01/BB-X", "conclusion": "Ý kiến riêng",
        "recommends": "0"})
    body = response.content.decode()
    assert response.status_code == 403 and "councils.minutes" in body and "Ý kiến riêng" in body


def test_a_hidden_council_is_404_and_absent_from_lists(council, stranger, item):
    client = as_(stranger)
    assert client.get(reverse("records:council_detail", args=[council.pk])).status_code == 404
    assert client.post(reverse("records:council_minutes", args=[council.pk]), {}).status_code == 404
    assert "05/QĐ-HĐTH" not in client.get(reverse("records:council_list")).content.decode()


# --- API -----------------------------------------------------------------------------------------

def test_api_lists_filters_and_shows_notices(issued, clerk):
    response = api(clerk).get("/api/records/notices/", {"status": "due"})
    assert response.status_code == 200 and response.json()["count"] == 3
    assert api(clerk).get("/api/records/notices/", {"status": "sent"}).json()["count"] == 0
    detail = api(clerk).get(f"/api/records/notices/{issued[0].pk}/").json()
    assert "Điều 20 khoản 4" in detail["deadline_basis"] and detail["status"] == "due"


def test_api_send_and_acknowledge(to_holder, clerk, holder):
    response = api(clerk).post(f"/api/records/notices/{to_holder.pk}/send/",
                               {"reference": "12/TB-CAT", "sent_on": today().isoformat()}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "sent"
    response = api(holder).post(f"/api/records/notices/{to_holder.pk}/acknowledge/",
                                {"on": today().isoformat(), "acknowledgement": "Đã đóng dấu"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "acknowledged"


def test_api_send_refusal_carries_rule_and_basis(to_holder, holder):
    response = api(holder).post(f"/api/records/notices/{to_holder.pk}/send/",
                                {"reference": "12/TB", "sent_on": today().isoformat()}, format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "registers.keeper_only" and "Nghị định 26/2020" in response.json()["basis"]


def test_api_acknowledge_by_someone_else_is_refused(to_holder, clerk):
    notices.send_notice(clerk, to_holder, reference="12/TB-CAT", sent_on=today())
    response = api(clerk).post(f"/api/records/notices/{to_holder.pk}/acknowledge/",
                               {"on": today().isoformat()}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "notices.acknowledge_by_holder"


def test_api_invalid_send_is_400_per_field_in_vietnamese(to_holder, clerk):
    response = api(clerk).post(f"/api/records/notices/{to_holder.pk}/send/",
                               {"reference": "12/TB", "sent_on": (today() - dt.timedelta(days=1)).isoformat()},
                               format="json")
    assert response.status_code == 400 and "Ngày gửi không được trước ngày quyết định" in response.json()["sent_on"][0]
    response = api(clerk).post(f"/api/records/notices/{to_holder.pk}/send/", {"sent_on": "x"}, format="json")
    assert response.status_code == 400 and {"reference", "sent_on"} <= set(response.json())


def test_api_hides_notices_and_councils_not_visible(to_holder, council, stranger):
    client = api(stranger)
    assert client.get(f"/api/records/notices/{to_holder.pk}/").status_code == 404
    assert client.post(f"/api/records/notices/{to_holder.pk}/send/",
                       {"reference": "1", "sent_on": today().isoformat()}, format="json").status_code == 404
    assert client.get("/api/records/notices/").json()["count"] == 0
    assert client.get(f"/api/records/councils/{council.pk}/").status_code == 404
    assert client.post(f"/api/records/councils/{council.pk}/minutes/", {
        "met_on": today().isoformat(), "minutes_reference": "1", "conclusion": "x", "recommends": True},
        format="json").status_code == 404
    assert client.get("/api/records/councils/").json()["count"] == 0


def council_payload(item, unit, chair, *others, **overrides):
    payload = {"kind": "destruction", "unit": unit.pk, "items": [item.pk], "reference": "08/QĐ-HĐTH",
               "members": [{"role": "chair", "person": chair.pk}, *[{"person": p.pk} for p in others],
                           {"external_name": "Nguyễn Văn Ngoài", "external_body": "Sở Nội vụ"}]}
    payload.update(overrides)
    return payload


def test_api_establish_then_minutes(item, director, deputy, clerk, police):
    response = api(director).post("/api/records/councils/", council_payload(item, police, deputy, clerk),
                                  format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["items"] == [item.pk] and len(body["members"]) == 3 and body["status"] == "established"
    response = api(deputy).post(f"/api/records/councils/{body['id']}/minutes/", {
        "met_on": today().isoformat(), "minutes_reference": "01/BB", "conclusion": "Đề nghị tiêu hủy",
        "recommends": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "reported"
    assert api(director).get("/api/records/councils/", {"status": "reported"}).json()["count"] == 1


def test_api_establish_without_authority_is_403_with_rule_and_basis(item, deputy, clerk, police):
    response = api(clerk).post("/api/records/councils/", council_payload(item, police, deputy, clerk), format="json")
    assert response.status_code == 403 and "Điều 23 khoản 3" in response.json()["basis"]
    assert response.json()["rule"]


def test_api_establish_with_a_hidden_item_is_404(item, deputy, clerk, police, stranger):
    response = api(stranger).post("/api/records/councils/", council_payload(item, police, deputy, clerk),
                                  format="json")
    assert response.status_code == 404


def test_api_establish_invalid_is_400_per_field(item, director, deputy, police):
    response = api(director).post("/api/records/councils/",
                                  council_payload(item, police, deputy, members=[{"role": "chair",
                                                                                   "person": deputy.pk}]),
                                  format="json")
    assert response.status_code == 400 and "members" in response.json()
    response = api(director).post("/api/records/councils/", {"kind": "x", "items": []}, format="json")
    assert response.status_code == 400 and {"kind", "items", "unit", "reference"} <= set(response.json())


def test_api_minutes_by_a_non_chair_are_refused(council, holder, item, director, deputy, police):
    member = person_in(police, title="Cán bộ", clearance=Level.TOI_MAT)  # sees the items, not chair
    other = councils.establish_council(director, kind=CouncilKind.DESTRUCTION, unit=police, items=[item],
                                       members=seats(deputy, member), reference="06/QĐ-HĐTH", on=today())
    response = api(member).post(f"/api/records/councils/{other.pk}/minutes/", {
        "met_on": today().isoformat(), "minutes_reference": "1", "conclusion": "x", "recommends": False},
        format="json")
    assert response.status_code == 403 and response.json()["rule"] == "councils.minutes"


def test_the_queue_rows_of_notices_link_to_the_notice(to_holder, clerk, holder):
    from django.template.loader import render_to_string

    row = render_to_string("records/queue_rows/notices_to_send.html", {"row": to_holder})
    assert reverse("records:notice_detail", args=[to_holder.pk]) in row and "Lê Văn Giữ" in row
    notices.send_notice(clerk, to_holder, reference="12/TB-CAT", sent_on=today())
    [_, to_ack] = notices.queues(holder, today())
    row = render_to_string("records/queue_rows/notices_to_acknowledge.html", {"row": to_ack.rows[0]})
    assert "12/TB-CAT" in row
