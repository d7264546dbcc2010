"""Stock-take (kiểm kê): lists every copy the unit holds, each marked presented or missing;
the signed record turns missing copies into loss incidents due to be reported; only the
unit's security officer or leaders conduct it."""

import datetime as dt

import pytest
from django.db import transaction

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import CopyStatus, IncidentKind, StockTakeStatus
from bmnn.records.services import custody
from bmnn.records.services.stocktake import mark_line, report_incident, sign_stocktake, start_stocktake
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 30)


@pytest.fixture
def unit():
    return UnitFactory(name="Văn phòng Sở", code="VP")


@pytest.fixture
def officer(unit):
    return person_in(unit, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TOI_MAT,
                     full_name="Ngô Thị Lan")


@pytest.fixture
def clerk(unit):
    return person_in(unit, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT)


@pytest.fixture
def item(clerk, unit):
    return issued_item(clerk, unit, level=Level.TOI_MAT, copies=3)


def test_stocktake_lists_every_copy_the_unit_holds_including_those_with_its_people(officer, clerk, unit, item):
    elsewhere = UnitFactory()
    other_clerk = person_in(elsewhere, role=Role.CLERK, clearance=Level.MAT)
    other = issued_item(other_clerk, elsewhere, level=Level.MAT, copies=1)
    with transaction.atomic():
        custody.move_copy(item.copies.get(number=3), to_person=clerk, act="handover")
    stocktake = start_stocktake(officer, unit, ON, members=[clerk])
    listed = set(stocktake.lines.values_list("copy_id", flat=True))
    assert listed == set(item.copies.values_list("pk", flat=True))
    assert not listed & set(other.copies.values_list("pk", flat=True))
    assert list(stocktake.members.all()) == [clerk]
    assert LedgerEvent.objects.filter(action="records.stocktake.start", object_id=str(stocktake.pk)).exists()


def test_only_the_security_officer_or_leaders_conduct_a_stocktake(clerk, unit, item):
    with pytest.raises(Refused) as refusal:
        start_stocktake(clerk, unit, ON)
    assert refusal.value.rule == "stocktake.keeper_only" and "Luật BVBMNN 2018" in refusal.value.basis


def test_a_stocktake_cannot_be_signed_with_unchecked_lines(officer, unit, item):
    stocktake = start_stocktake(officer, unit, ON)
    mark_line(officer, stocktake.lines.first(), True)
    with pytest.raises(Refused) as refusal:
        sign_stocktake(officer, stocktake, ON)
    assert refusal.value.basis and "2" in refusal.value.message


def test_stocktake_finds_a_missing_copy_and_opens_a_loss_incident(officer, unit, item):
    stocktake = start_stocktake(officer, unit, ON)
    missing = item.copies.get(number=2)
    for line in stocktake.lines.all():
        mark_line(officer, line, line.copy_id != missing.pk, "Không tìm thấy trong tủ" if line.copy_id == missing.pk
                  else "")
    signed = sign_stocktake(officer, stocktake, ON)
    assert signed.status == StockTakeStatus.SIGNED and signed.signed_by == officer
    missing.refresh_from_db()
    assert missing.status == CopyStatus.MISSING
    incident = signed.incidents.get()
    assert incident.kind == IncidentKind.LOSS and incident.copy == missing and incident.unit == unit
    assert incident.reported_on is None  # due to be reported
    assert LedgerEvent.objects.filter(action="records.incident.open", object_id=str(incident.pk)).exists()
    assert LedgerEvent.objects.filter(action="records.stocktake.sign").exists()
    assert item.copies.filter(status=CopyStatus.HELD).count() == 2


def test_a_signed_stocktake_cannot_be_changed(officer, unit, item):
    stocktake = start_stocktake(officer, unit, ON)
    for line in stocktake.lines.all():
        mark_line(officer, line, True)
    sign_stocktake(officer, stocktake, ON)
    with pytest.raises(Refused):
        mark_line(officer, stocktake.lines.first(), False)


def test_reporting_an_incident_records_when_and_to_whom_once(officer, unit, item):
    stocktake = start_stocktake(officer, unit, ON)
    for line in stocktake.lines.all():
        mark_line(officer, line, False)
    sign_stocktake(officer, stocktake, ON)
    incident = stocktake.incidents.first()
    reported = report_incident(officer, incident, reported_on=ON, reported_to="Phòng PA03 Công an tỉnh")
    assert reported.reported_on == ON and reported.reported_to == "Phòng PA03 Công an tỉnh"
    with pytest.raises(Refused):
        report_incident(officer, incident, reported_on=ON, reported_to="PA03")


# --- Pages ---------------------------------------------------------------------------------

def test_stocktake_pages_start_check_off_with_htmx_sign_and_report(client, officer, unit, item):
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    login_with_second_factor(client, officer)
    response = client.post(reverse("records:stocktake_list"), {"unit": unit.pk, "as_of": "30/06/2026"})
    assert response.status_code == 302
    stocktake = unit.stock_takes.get()
    lines = list(stocktake.lines.order_by("pk"))
    for index, line in enumerate(lines):
        row = client.post(reverse("records:stocktake_mark", args=[stocktake.pk, line.pk]),
                          {"presented": "0" if index == 0 else "1", "note": ""}, HTTP_HX_REQUEST="true")
        assert row.status_code == 200 and f'id="line-{line.pk}"' in row.content.decode()
    assert client.post(reverse("records:stocktake_detail", args=[stocktake.pk])).status_code == 302
    incident = stocktake.incidents.get()
    assert "Chưa báo cáo" in client.get(reverse("records:incident_list")).content.decode()
    response = client.post(reverse("records:incident_report", args=[incident.pk]),
                           {"reported_on": "30/06/2026", "reported_to": "Phòng PA03"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.reported_to == "Phòng PA03"


def test_signing_with_unchecked_lines_shows_the_refusal(client, officer, unit, item):
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    stocktake = start_stocktake(officer, unit, ON)
    login_with_second_factor(client, officer)
    response = client.post(reverse("records:stocktake_detail", args=[stocktake.pk]))
    assert response.status_code == 403 and "Luật BVBMNN 2018" in response.content.decode()


def test_a_stocktake_of_another_unit_is_not_shown(client, officer, unit, item):
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor

    stocktake = start_stocktake(officer, unit, ON)
    stranger = person_in(UnitFactory(), role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    login_with_second_factor(client, stranger)
    assert client.get(reverse("records:stocktake_detail", args=[stocktake.pk])).status_code == 404


# --- API -----------------------------------------------------------------------------------

def api_as(person):
    from rest_framework.test import APIClient

    from bmnn.accounts.testing import login_with_second_factor

    return login_with_second_factor(APIClient(), person)


def test_api_stocktake_mark_sign_and_report(officer, clerk, unit, item):
    client = api_as(officer)
    response = client.post("/api/records/stocktakes/", {"unit": unit.pk, "as_of": "2026-06-30",
                                                        "members": [clerk.pk]}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert len(data["lines"]) == 3 and not data["lines"][0]["hidden"]
    response = client.post(f"/api/records/stocktakes/{data['id']}/sign/")
    assert response.status_code == 403 and response.json()["rule"] == "stocktake.all_lines"
    for index, line in enumerate(data["lines"]):
        client.post(f"/api/records/stocktakes/{data['id']}/mark/", {"line": line["id"], "presented": index != 1},
                    format="json")
    signed = client.post(f"/api/records/stocktakes/{data['id']}/sign/").json()
    assert signed["status"] == "signed" and len(signed["incidents"]) == 1
    incidents = client.get("/api/records/incidents/").json()["results"]
    assert incidents[0]["reported_on"] is None
    response = client.post(f"/api/records/incidents/{incidents[0]['id']}/report/",
                           {"reported_on": "2026-06-30", "reported_to": "PA03"}, format="json")
    assert response.status_code == 200 and response.json()["reported_to"] == "PA03"


def test_api_stocktake_refused_to_a_clerk_and_hidden_from_other_units(officer, clerk, unit, item):
    response = api_as(clerk).post("/api/records/stocktakes/", {"unit": unit.pk, "as_of": "2026-06-30"},
                                  format="json")
    assert response.status_code == 403 and "Luật BVBMNN 2018" in response.json()["basis"]
    stocktake = start_stocktake(officer, unit, ON)
    stranger = person_in(UnitFactory(), role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    assert api_as(stranger).get(f"/api/records/stocktakes/{stocktake.pk}/").status_code == 404


def _take(officer, unit, missing_numbers, item):
    stocktake = start_stocktake(officer, unit, ON)
    for line in stocktake.lines.select_related("copy"):
        mark_line(officer, line, line.copy.number not in missing_numbers)
    return sign_stocktake(officer, stocktake, ON)


def test_a_copy_still_missing_at_the_next_stocktake_opens_no_second_incident(officer, unit, item):
    _take(officer, unit, {2}, item)
    second = _take(officer, unit, {2}, item)
    assert not second.incidents.exists()
    assert item.copies.get(number=2).status == CopyStatus.MISSING


def test_a_missing_copy_presented_later_is_held_again(officer, unit, item):
    _take(officer, unit, {2}, item)
    _take(officer, unit, set(), item)
    assert item.copies.get(number=2).status == CopyStatus.HELD
