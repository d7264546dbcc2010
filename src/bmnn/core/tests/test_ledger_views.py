"""The ledger browser and the ledger API: who may see them, filters, pagination,
the integrity check, checkpoints to print and export, and that these reads are
themselves written to the ledger."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core import ledger_triggers
from bmnn.core.checkpoints import checkpoint_now, installation_public_key
from bmnn.core.ledger import record_event
from bmnn.core.models import LedgerCheckpoint, LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import PersonFactory, UnitFactory, person_in

pytestmark = pytest.mark.django_db



@pytest.fixture
def unit():
    return UnitFactory(code="PA03")


@pytest.fixture
def officer(unit):
    return person_in(unit, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, full_name="Đỗ Thị Mật")


@pytest.fixture
def client_of(client):
    def log_in(person):
        return login_with_second_factor(client, person)
    return log_in


def reads(action: str) -> list[LedgerEvent]:
    return list(LedgerEvent.objects.filter(action=action))


def tamper_description(seq: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_ledgerevent DISABLE TRIGGER USER")
            cursor.execute("UPDATE core_ledgerevent SET description = 'sửa lén' WHERE seq = %s", [seq])
            cursor.execute("ALTER TABLE core_ledgerevent ENABLE TRIGGER USER")
        else:
            ledger_triggers.uninstall(connection)
            cursor.execute("UPDATE core_ledgerevent SET description = 'sửa lén' WHERE seq = %s", [seq])
            ledger_triggers.install(connection)


# --- who may see the ledger --------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.SECURITY_OFFICER, Role.INSPECTOR, Role.LEADER])
def test_officers_inspectors_and_leaders_see_the_ledger(client_of, unit, role):
    response = client_of(person_in(unit, role=role)).get(reverse("core:ledger"))
    assert response.status_code == 200
    assert "Nhật ký hoạt động" in response.content.decode()


def test_system_administrator_sees_the_ledger(client_of):
    assert client_of(PersonFactory(is_system_admin=True)).get(reverse("core:ledger")).status_code == 200


@pytest.mark.parametrize("role", [Role.STAFF, Role.CLERK, Role.DEPUTY])
def test_others_get_404_everywhere(client_of, unit, role):
    record_event("test.act")
    client = client_of(person_in(unit, role=role))
    for url in (reverse("core:ledger"), reverse("core:ledger_event", args=[1]), reverse("core:ledger_checkpoints"),
                reverse("core:ledger_checkpoints_json")):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("core:ledger_verify")).status_code == 404
    assert not reads("core.ledger.verify")


def test_a_past_security_officer_no_longer_sees_the_ledger(client_of, unit):
    person = person_in(unit, role=Role.SECURITY_OFFICER)
    person.tenures.update(valid_to=timezone.localdate() - dt.timedelta(days=1))
    assert client_of(person).get(reverse("core:ledger")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("core:ledger"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --- list, filters, pagination --------------------------------------------------------------

def test_list_shows_newest_first_and_records_the_read(client_of, officer):
    record_event("org.unit.create", description="Thành lập Phòng PA03")
    record_event("records.item.read", description="Xem công văn 12/CV")
    response = client_of(officer).get(reverse("core:ledger"))
    page = response.content.decode()
    assert page.index("Xem công văn 12/CV") < page.index("Thành lập Phòng PA03")
    [read] = reads("core.ledger.read")
    assert read.actor_id == officer.pk and read.actor_name == "Đỗ Thị Mật"


def test_filters_by_action_actor_and_object(client_of, officer, unit):
    other = PersonFactory(full_name="Trần Văn Khác")
    record_event("records.item.read", actor=officer, obj=unit, description="Đọc A")
    record_event("records.item.print", actor=other, description="In B")
    record_event("org.unit.update", actor=other, obj=unit, description="Sửa C")
    client = client_of(officer)

    def shown(**params):
        page = client.get(reverse("core:ledger"), params).content.decode()
        return {d for d in ("Đọc A", "In B", "Sửa C") if d in page}

    assert shown(action="records.") == {"Đọc A", "In B"}
    assert shown(action="org.unit.update") == {"Sửa C"}
    assert shown(actor="Khác") == {"In B", "Sửa C"}
    assert shown(actor=str(officer.pk)) == {"Đọc A"}
    assert shown(object_type="org.unit", object_id=str(unit.pk)) == {"Đọc A", "Sửa C"}
    read = reads("core.ledger.read")[-1]
    assert f"object_id={unit.pk}" in read.description


def test_filters_by_date_range_typed_as_dd_mm_yyyy(client_of, officer):
    record_event("test.act", description="Hôm nay")
    today = timezone.localdate()
    client = client_of(officer)
    fmt = "%d/%m/%Y"
    assert "Hôm nay" in client.get(reverse("core:ledger"), {"date_from": today.strftime(fmt),
                                                            "date_to": today.strftime(fmt)}).content.decode()
    yesterday = (today - dt.timedelta(days=1)).strftime(fmt)
    assert "Hôm nay" not in client.get(reverse("core:ledger"), {"date_to": yesterday}).content.decode()


def test_a_wrong_date_is_explained_and_kept(client_of, officer):
    page = client_of(officer).get(reverse("core:ledger"), {"date_from": "31/02/2026"}).content.decode()
    assert 'value="31/02/2026"' in page and "errorlist" in page


def test_list_is_paginated(client_of, officer):
    for i in range(55):
        record_event("test.act", description=f"Sự kiện {i}")
    client = client_of(officer)
    first = client.get(reverse("core:ledger")).content.decode()
    assert "Sự kiện 54" in first and "Sự kiện 3<" not in first and "Trang 1/2" in first
    second = client.get(reverse("core:ledger"), {"page": 2}).content.decode()
    assert "Sự kiện 3<" in second


def test_htmx_filter_returns_only_the_rows(client_of, officer):
    record_event("test.act", description="Dòng một")
    response = client_of(officer).get(reverse("core:ledger"), {"action": "test."}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Dòng một" in body and "<html" not in body


# --- one event --------------------------------------------------------------------------------

def test_event_detail_shows_every_column_and_its_hash_check(client_of, officer, unit):
    event = record_event("org.unit.update", actor=officer, unit=unit, obj=unit, description="Đổi tên",
                         payload={"before": {"name": "Phòng cũ"}, "after": {"name": "Phòng mới"}})
    page = client_of(officer).get(reverse("core:ledger_event", args=[event.seq])).content.decode()
    for text in ("Đổi tên", "Phòng mới", event.hash, event.prev_hash, "PA03", "khớp nội dung"):
        assert text in page
    assert [r.object_id for r in reads("core.ledgerevent.read")] == [str(event.seq)]


def test_event_detail_flags_an_edited_event(client_of, officer):
    record_event("test.act", description="gốc")
    tamper_description(1)
    page = client_of(officer).get(reverse("core:ledger_event", args=[1])).content.decode()
    assert "không khớp nội dung" in page


def test_unknown_event_is_404(client_of, officer):
    assert client_of(officer).get(reverse("core:ledger_event", args=[999])).status_code == 404


# --- integrity check ----------------------------------------------------------------------------

def test_verify_button_reports_an_intact_ledger_and_is_logged(client_of, officer):
    record_event("test.act")
    response = client_of(officer).post(reverse("core:ledger_verify"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "Nhật ký toàn vẹn" in body and "<html" not in body
    [logged] = reads("core.ledger.verify")
    assert logged.actor_id == officer.pk and json.loads(logged.payload)["ok"] is True


def test_verify_button_names_the_first_bad_event(client_of, officer):
    for i in range(4):
        record_event("test.act", description=f"số {i}")
    tamper_description(3)
    body = client_of(officer).post(reverse("core:ledger_verify"), HTTP_HX_REQUEST="true").content.decode()
    assert "KHÔNG toàn vẹn" in body and reverse("core:ledger_event", args=[3]) in body
    assert "đã bị sửa sau khi ghi" in body
    assert json.loads(reads("core.ledger.verify")[0].payload)["first_problem_seq"] == 3


def test_verify_result_is_in_the_readers_language_and_its_ledger_event_stays_vietnamese(client_of, officer,
                                                                                        settings):
    for i in range(4):
        record_event("test.act", description=f"số {i}")
    tamper_description(3)
    client = client_of(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.post(reverse("core:ledger_verify"), HTTP_HX_REQUEST="true").content.decode()
    assert "Ledger NOT intact" in body
    assert "the content of the event was altered after it was written" in body and "sau khi ghi" not in body
    [logged] = reads("core.ledger.verify")
    assert "KHÔNG toàn vẹn: sự kiện #3 (test.act, " in logged.description
    assert logged.description.endswith("nội dung sự kiện đã bị sửa sau khi ghi.")


def test_verify_without_htmx_renders_a_whole_page(client_of, officer):
    body = client_of(officer).post(reverse("core:ledger_verify")).content.decode()
    assert "<html" in body and "Nhật ký toàn vẹn" in body


def test_verify_needs_post(client_of, officer):
    assert client_of(officer).get(reverse("core:ledger_verify")).status_code == 405


# --- checkpoints ---------------------------------------------------------------------------------

def test_checkpoints_page_lists_signatures_and_the_public_key(client_of, officer):
    record_event("test.act")
    checkpoint = checkpoint_now()[0]
    page = client_of(officer).get(reverse("core:ledger_checkpoints")).content.decode()
    assert installation_public_key() in page and checkpoint.signature in page and checkpoint.head_hash in page
    assert reads("core.ledgercheckpoint.read")


def test_checkpoints_export_as_json_for_a_superior_body(client_of, officer):
    record_event("test.act")
    checkpoint = checkpoint_now()[0]
    response = client_of(officer).get(reverse("core:ledger_checkpoints_json"))
    data = json.loads(response.content)
    assert "attachment" in response["Content-Disposition"]
    assert data["public_key"] == installation_public_key()
    assert data["checkpoints"][0]["signature"] == checkpoint.signature
    assert reads("core.ledgercheckpoint.export")[0].actor_id == officer.pk


def test_signing_a_checkpoint_from_the_page(client_of, officer):
    record_event("test.act")
    response = client_of(officer).post(reverse("core:ledger_checkpoint_create"))
    assert response.status_code == 302
    event = LedgerEvent.objects.get(action="core.ledger.checkpoint")
    assert event.actor_id == officer.pk
    assert LedgerCheckpoint.objects.filter(seq=event.seq).exists()


# --- API ---------------------------------------------------------------------------------------------

@pytest.fixture
def api(officer):
    return login_with_second_factor(APIClient(), officer)


def test_api_lists_events_newest_first_with_filters(api):
    record_event("records.item.read", description="một")
    record_event("org.unit.create", description="hai")
    data = api.get("/api/ledger/events/").json()
    assert [e["description"] for e in data["results"]][:2] == ["hai", "một"]
    filtered = api.get("/api/ledger/events/", {"action": "records."}).json()["results"]
    assert [e["description"] for e in filtered] == ["một"]
    assert set(filtered[0]) >= {"seq", "at", "at_us", "prev_hash", "hash", "payload"}
    assert reads("core.ledger.read")


def test_api_filters_by_date_and_seq(api):
    record_event("test.act", description="a")
    record_event("test.act", description="b")
    today = timezone.localdate().isoformat()
    assert len(api.get("/api/ledger/events/", {"date_from": today, "action": "test."}).json()["results"]) == 2
    assert [e["description"] for e in api.get("/api/ledger/events/", {"seq_from": 2, "seq_to": 2}).json()[
        "results"]] == ["b"]


def test_api_retrieves_one_event_and_checkpoints(api):
    event = record_event("test.act")
    checkpoint_now()
    assert api.get(f"/api/ledger/events/{event.seq}/").json()["hash"] == event.hash
    checkpoints = api.get("/api/ledger/checkpoints/").json()["results"]
    assert checkpoints[0]["public_key"] == installation_public_key()


def test_api_verify_reports_the_first_bad_event(api):
    for _ in range(3):
        record_event("test.act")
    assert api.post("/api/ledger/verify/").json()["ok"] is True
    tamper_description(2)
    report = api.post("/api/ledger/verify/").json()
    assert report["ok"] is False and report["chain_problem"]["seq"] == 2 and report["chain_problem"]["kind"] == "hash"


def test_api_hides_the_ledger_from_others(unit):
    client = login_with_second_factor(APIClient(), person_in(unit, role=Role.STAFF))
    record_event("test.act")
    assert client.get("/api/ledger/events/").status_code == 404
    assert client.get("/api/ledger/events/1/").status_code == 404
    assert client.post("/api/ledger/verify/").status_code == 404
    assert APIClient().get("/api/ledger/events/").status_code in (401, 403)
