"""Classification: the drafter proposes, a person with the authority decides on a list
entry valid that day, or returns it with a reason. Each refusal names its rule and basis."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.errors import Refused
from bmnn.core.ledger import secret_hash
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records import services
from bmnn.records.models import (ClassificationDecision, ClassificationOutcome, ItemKind, ItemStatus, SecretList,
                                 SecretListEntry, UnmarkedReport)

pytestmark = pytest.mark.django_db

IN_2026 = dt.date(2026, 4, 10)  # Law 117/2025 regime
IN_2025 = dt.date(2025, 10, 1)  # Law 29/2018 regime


@pytest.fixture
def drafter(pa03):
    return person_in(pa03, clearance=Level.TUYET_MAT, full_name="Bùi Văn Nam")


@pytest.fixture
def secret_list():
    return SecretList.objects.create(code="DM", title="Danh mục thử", decision_reference="1/QĐ-T",
                                     issued_on=dt.date(2020, 1, 1), valid_from=dt.date(2020, 1, 1))


@pytest.fixture
def entry(secret_list):
    return SecretListEntry.objects.create(secret_list=secret_list, number="2", content="Báo cáo an ninh",
                                          level=Level.TUYET_MAT, valid_from=dt.date(2020, 1, 1))


def proposal(drafter, unit, entry, **overrides):
    fields = dict(holding_unit=unit, kind=ItemKind.DOCUMENT, document_type="Báo cáo", level=Level.TOI_MAT,
                  list_entry=entry, recipients=[{"unit": unit, "copies": 2}, {"external_name": "Bộ Công an"}],
                  copies_planned=3, reproduction_allowed=False, pages=5, attachments=1,
                  summary="Tình hình an ninh quý I", reference="12/BC-PA03", on=IN_2026)
    fields.update(overrides)
    return services.propose(drafter, **fields)


def test_proposal_records_recipients_and_the_ledger_keeps_only_the_summary_hash(drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    assert item.status == ItemStatus.PROPOSED and item.drafter == drafter
    assert [(r.unit_id, r.external_name, r.copies) for r in item.recipients.order_by("pk")] == [
        (pa03.pk, "", 2), (None, "Bộ Công an", 1)]
    event = LedgerEvent.objects.get(action="records.item.propose", object_id=str(item.pk))
    assert "Tình hình" not in event.payload + event.description
    assert json.loads(event.payload)["summary"] == secret_hash("Tình hình an ninh quý I")


def test_the_head_decides_and_the_decision_records_the_authority(director, drafter, pa03, entry):
    item = services.decide(director, proposal(drafter, pa03, entry), IN_2026)
    assert (item.status, item.decided_by, item.classified_on) == (ItemStatus.CLASSIFIED, director, IN_2026)
    record = ClassificationDecision.objects.get(item=item)
    assert record.outcome == ClassificationOutcome.APPROVED and record.via == "position" and record.authority_basis
    event = LedgerEvent.objects.get(action="records.item.classify", object_id=str(item.pk))
    assert json.loads(event.payload)["authority"]["via"] == "position"


def test_classification_without_a_list_entry_after_1_march_2026_is_refused(director, drafter, pa03):
    item = proposal(drafter, pa03, None)
    with pytest.raises(Refused) as refused:
        services.decide(director, item, IN_2026)
    assert refused.value.rule == "2026:requirements.list_entry_required"
    assert "Điều 5 khoản 1 Luật BVBMNN 2025" in refused.value.basis
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED and not ClassificationDecision.objects.exists()


def test_classification_without_a_list_entry_under_2018_is_refused_citing_art_10(director, drafter, pa03):
    item = proposal(drafter, pa03, None, on=IN_2025)
    with pytest.raises(Refused) as refused:
        services.decide(director, item, IN_2025)
    assert refused.value.rule == "2018:requirements.list_entry_required"
    assert "Điều 10 khoản 1 Luật BVBMNN 2018" in refused.value.basis


def test_an_expired_entry_is_refused(director, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    entry.valid_to = dt.date(2026, 3, 31)  # removed from the list before the decision
    entry.save()
    with pytest.raises(Refused) as refused:
        services.decide(director, item, IN_2026)
    assert refused.value.rule == "2026:requirements.list_entry_required" and "Điều 5" in refused.value.basis


def test_an_entry_that_allows_a_lower_level_is_refused(director, drafter, pa03, entry):
    entry.level = Level.MAT
    entry.save()
    with pytest.raises(Refused) as refused:
        proposal(drafter, pa03, entry)
    assert refused.value.field == "level" and "Điều 5" in refused.value.basis


def test_a_tuyet_mat_summary_under_2026_is_refused(drafter, pa03, entry):
    with pytest.raises(Refused) as refused:
        proposal(drafter, pa03, entry, level=Level.TUYET_MAT)
    assert refused.value.rule == "2026:requirements.tuyet_mat_summary"
    assert "Nghị định 63/2026" in refused.value.basis
    item = proposal(drafter, pa03, entry, level=Level.TUYET_MAT, summary="")
    assert item.summary_encrypted in (b"", bytearray(b""), memoryview(b"")) or not bytes(item.summary_encrypted)


def test_a_tuyet_mat_summary_under_2018_needs_the_deciders_consent(director, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry, level=Level.TUYET_MAT, on=IN_2025)
    with pytest.raises(Refused) as refused:
        services.decide(director, item, IN_2025)
    assert refused.value.rule == "2018:requirements.tuyet_mat_summary" and "Điều 4" in refused.value.basis
    assert services.decide(director, item, IN_2025, summary_consent=True).status == ItemStatus.CLASSIFIED


def test_a_decider_without_classify_authority_is_refused_citing_the_article(police, drafter, pa03, entry):
    colleague = person_in(pa03, clearance=Level.TOI_MAT)
    with pytest.raises(Refused) as refused:
        services.decide(colleague, proposal(drafter, pa03, entry), IN_2026)
    assert refused.value.rule == "2026:classify" and "Điều 2 khoản 1 Luật BVBMNN 2025" in refused.value.basis


def test_a_drafter_without_an_assignment_covering_the_level_is_refused(pa03, entry):
    drafter = person_in(pa03, clearance=Level.MAT)
    with pytest.raises(Refused) as refused:
        proposal(drafter, pa03, entry)
    assert refused.value.rule == "classification.drafter_assigned" and "Nghị định 26/2020" in refused.value.basis


def test_a_drafter_outside_the_holding_unit_is_refused(police, pa03, entry):
    outsider = person_in(UnitFactory(parent=police), clearance=Level.TOI_MAT, covers=[pa03])
    with pytest.raises(Refused) as refused:
        proposal(outsider, pa03, entry)
    assert refused.value.rule == "classification.drafter_in_unit" and "Điều 2" in refused.value.basis


@pytest.mark.parametrize("level, years", [(Level.TUYET_MAT, 30), (Level.TOI_MAT, 20), (Level.MAT, 10)])
def test_protection_period_is_the_base_period_of_the_level(director, drafter, pa03, entry, level, years):
    item = services.decide(director, proposal(drafter, pa03, entry, level=level, summary=""), IN_2026)
    assert item.protection_until == dt.date(2026 + years, 4, 10) and not item.protection_shortened


def test_an_activity_may_have_a_shorter_period_set_at_classification(director, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry, kind=ItemKind.ACTIVITY, shorter_period_until=dt.date(2027, 1, 1))
    item = services.decide(director, item, IN_2026)
    assert item.protection_until == dt.date(2027, 1, 1) and item.protection_shortened


def test_a_shorter_period_for_a_document_is_refused(drafter, pa03, entry):
    with pytest.raises(Refused) as refused:
        proposal(drafter, pa03, entry, shorter_period_until=dt.date(2027, 1, 1))
    assert refused.value.rule == "2026:protection_periods.activity" and "Điều 19 khoản 2" in refused.value.basis


def test_a_place_has_no_end_date_until_released(director, drafter, pa03, entry):
    item = services.decide(director, proposal(drafter, pa03, entry, kind=ItemKind.PLACE), IN_2026)
    assert item.protection_until is None


def test_return_needs_a_reason_and_the_drafter_proposes_again(director, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    with pytest.raises(ValidationError):
        services.return_to_drafter(director, item, "  ", on=IN_2026)
    item = services.return_to_drafter(director, item, "Xem lại số bản", on=IN_2026)
    assert item.status == ItemStatus.RETURNED and item.return_reason == "Xem lại số bản"
    assert ClassificationDecision.objects.get(item=item).outcome == ClassificationOutcome.RETURNED
    assert LedgerEvent.objects.filter(action="records.item.return", object_id=str(item.pk)).exists()
    item = proposal(drafter, pa03, entry, item=item, copies_planned=4)
    assert item.status == ItemStatus.PROPOSED and item.copies_planned == 4 and item.return_reason == ""
    assert services.decide(director, item, IN_2026).status == ItemStatus.CLASSIFIED


def test_only_a_proposal_can_be_decided(director, drafter, pa03, entry):
    item = services.decide(director, proposal(drafter, pa03, entry), IN_2026)
    with pytest.raises(Refused) as refused:
        services.decide(director, item, IN_2026)
    assert refused.value.rule == "classification.not_proposed" and refused.value.basis


def test_a_refused_decision_leaves_no_ledger_event(director, drafter, pa03):
    item = proposal(drafter, pa03, None)
    before = LedgerEvent.objects.count()
    with pytest.raises(Refused):
        services.decide(director, item, IN_2026)
    assert LedgerEvent.objects.count() == before


def test_unmarked_information_is_reported_and_proposed_by_the_assigned_person(director, drafter, pa03, entry):
    receiver = person_in(pa03, clearance=Level.MAT)
    item = services.report_unmarked(
        receiver, proposer=drafter, received_from="Sở Ngoại vụ tỉnh Sơn Hà", note="Công văn không đóng dấu mật",
        holding_unit=pa03, kind=ItemKind.DOCUMENT, document_type="Công văn", level=Level.TOI_MAT, list_entry=entry,
        recipients=[], copies_planned=1, reproduction_allowed=False, pages=2, attachments=0, summary="", on=IN_2026)
    report = UnmarkedReport.objects.get(item=item)
    assert report.reported_by == receiver and item.drafter == drafter and item.status == ItemStatus.PROPOSED
    event = LedgerEvent.objects.get(action="records.item.report_unmarked")
    assert event.actor_id == receiver.pk and json.loads(event.payload)["reported_by"] == receiver.pk
    assert services.decide(director, item, IN_2026).status == ItemStatus.CLASSIFIED


def test_a_decision_cannot_be_dated_ahead(director, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    with pytest.raises(ValidationError):
        services.decide(director, item, dt.date.today() + dt.timedelta(days=2))

# --- Pages ------------------------------------------------------------------------------------------

def form_data(unit, entry, **overrides):
    data = {"holding_unit": unit.pk, "kind": ItemKind.DOCUMENT, "document_type": "Báo cáo", "level": Level.TOI_MAT,
            "list_entry": entry.pk if entry else "", "recipients": f"{unit.code}: 2\nBộ Công an: 1",
            "copies_planned": 3, "pages": 5, "attachments": 0, "summary": "Tình hình quý II", "reference": "7/BC"}
    data.update(overrides)
    return data


def test_proposal_page_creates_a_proposal_with_its_recipients(client, drafter, pa03, entry):
    login_with_second_factor(client, drafter)
    assert client.get("/tai-lieu/de-xuat/").status_code == 200
    response = client.post("/tai-lieu/de-xuat/", form_data(pa03, entry))
    assert response.status_code == 302
    item = drafter_items(drafter).get()
    assert item.status == ItemStatus.PROPOSED and item.recipients.count() == 2


def drafter_items(person):
    from bmnn.records.models import SecretItem

    return SecretItem.objects.filter(drafter=person)


def test_proposal_page_keeps_input_and_shows_the_refusal_with_its_basis(client, drafter, pa03, entry):
    login_with_second_factor(client, drafter)
    response = client.post("/tai-lieu/de-xuat/", form_data(pa03, entry, level=Level.TUYET_MAT,
                                                           summary="Không được lưu"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Nghị định 63/2026" in body and "Không được lưu" in body and "7/BC" in body
    assert not drafter_items(drafter).exists()


def test_proposal_page_marks_the_summary_field_to_hide_for_tuyet_mat(client, drafter):
    login_with_second_factor(client, drafter)
    body = client.get("/tai-lieu/de-xuat/").content.decode()
    assert 'data-hidden-for-level="TUYET_MAT"' in body and "bmnn/js/classification.js" in body


def test_decide_page_classifies_and_the_detail_shows_the_decision(client, director, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    login_with_second_factor(client, director)
    assert client.get(f"/tai-lieu/{item.pk}/quyet-dinh/").status_code == 200
    assert "/quyet-dinh/" in client.get(f"/tai-lieu/{item.pk}/").content.decode()  # the decide link, for the head
    response = client.post(f"/tai-lieu/{item.pk}/quyet-dinh/", {"action": "decide", "decided_on": "10/04/2026"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.CLASSIFIED
    body = client.get(f"/tai-lieu/{item.pk}/").content.decode()
    assert "Bộ Công an" in body and director.full_name in body and "10/04/2046" in body


def test_decide_page_shows_the_refusal_for_someone_without_authority(client, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    colleague = person_in(pa03, clearance=Level.TOI_MAT)
    login_with_second_factor(client, colleague)
    assert "/quyet-dinh/" not in client.get(f"/tai-lieu/{item.pk}/").content.decode()
    response = client.post(f"/tai-lieu/{item.pk}/quyet-dinh/", {"action": "decide", "decided_on": "10/04/2026"})
    assert response.status_code == 403 and "Điều 2 khoản 1 Luật BVBMNN 2025" in response.content.decode()


def test_return_page_needs_a_reason_and_the_drafter_can_revise(client, director, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    login_with_second_factor(client, director)
    response = client.post(f"/tai-lieu/{item.pk}/quyet-dinh/", {"action": "return", "reason": ""})
    assert response.status_code == 200 and "has-error" in response.content.decode()
    client.post(f"/tai-lieu/{item.pk}/quyet-dinh/", {"action": "return", "reason": "Bổ sung nơi nhận"})
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED
    client.logout()
    login_with_second_factor(client, drafter)
    page = client.get(f"/tai-lieu/{item.pk}/de-xuat-lai/").content.decode()
    assert "Bổ sung nơi nhận" in page and "Bộ Công an: 1" in page
    client.post(f"/tai-lieu/{item.pk}/de-xuat-lai/", form_data(pa03, entry))
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED


def test_a_person_without_an_assignment_gets_404_on_the_decide_page(client, drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    login_with_second_factor(client, person_in(pa03))
    assert client.get(f"/tai-lieu/{item.pk}/quyet-dinh/").status_code == 404


def test_lists_page_shows_entries_valid_on_the_date(client, drafter, entry):
    SecretListEntry.objects.create(secret_list=entry.secret_list, number="9", content="Mục đã bỏ", level=Level.MAT,
                                   valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2024, 12, 31))
    login_with_second_factor(client, drafter)
    body = client.get("/tai-lieu/danh-muc/?on=01/04/2026").content.decode()
    assert "Báo cáo an ninh" in body and "Mục đã bỏ" not in body
    assert "Mục đã bỏ" in client.get("/tai-lieu/danh-muc/?on=01/04/2024").content.decode()


def test_report_page_records_who_reported_and_the_assigned_proposer(client, drafter, pa03, entry):
    receiver = person_in(pa03, clearance=Level.MAT)
    login_with_second_factor(client, receiver)
    assert client.get("/tai-lieu/bao-cao-chua-xac-dinh-do-mat/").status_code == 200
    response = client.post("/tai-lieu/bao-cao-chua-xac-dinh-do-mat/", form_data(
        pa03, entry, received_from="Sở Ngoại vụ", proposer=drafter.pk, summary=""))
    assert response.status_code == 302 and response["Location"] == "/tai-lieu/"  # above the receiver's clearance
    report = UnmarkedReport.objects.get()
    assert report.reported_by == receiver and report.item.drafter == drafter and report.received_from == "Sở Ngoại vụ"

# --- API --------------------------------------------------------------------------------------------

def api_as(person):
    from rest_framework.test import APIClient

    return login_with_second_factor(APIClient(), person)


def api_proposal(unit, entry, **overrides):
    data = {"holding_unit": unit.pk, "kind": "document", "document_type": "Báo cáo", "level": "TOI_MAT",
            "list_entry": entry.pk if entry else None, "recipients": [{"unit": unit.pk, "copies": 2}, {"external_name": "Bộ Công an"}],
            "copies_planned": 3, "summary": "Tình hình", "reference": "8/BC"}
    data.update(overrides)
    return data


def test_api_proposes_decides_and_returns(director, drafter, pa03, entry):
    created = api_as(drafter).post("/api/records/classification/", api_proposal(pa03, entry), format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    head = api_as(director)
    assert head.post(f"/api/records/classification/{pk}/return/", {"reason": ""}, format="json").status_code == 400
    assert head.post(f"/api/records/classification/{pk}/return/", {"reason": "Sửa nơi nhận"},
                     format="json").status_code == 200
    revised = api_as(drafter).post(f"/api/records/classification/{pk}/revise/", api_proposal(pa03, entry),
                                   format="json")
    assert revised.status_code == 200
    decided = head.post(f"/api/records/classification/{pk}/decide/", {"decided_on": "2026-04-10"}, format="json")
    assert decided.status_code == 200 and decided.json()["classified_on"] == "2026-04-10"


def test_api_refuses_a_tuyet_mat_summary_under_2026_with_its_basis(drafter, pa03, entry):
    response = api_as(drafter).post("/api/records/classification/",
                                    api_proposal(pa03, entry, level="TUYET_MAT", summary="Bí mật"), format="json")
    assert response.status_code == 403
    body = response.json()
    assert body["rule"] == "2026:requirements.tuyet_mat_summary" and "Nghị định 63/2026" in body["basis"]


def test_api_refuses_classification_without_a_list_entry_with_its_basis(director, drafter, pa03):
    created = api_as(drafter).post("/api/records/classification/", api_proposal(pa03, None, list_entry=None),
                                   format="json")
    response = api_as(director).post(f"/api/records/classification/{created.json()['id']}/decide/",
                                     {"decided_on": "2026-04-10"}, format="json")
    assert response.status_code == 403 and "Điều 5 khoản 1 Luật BVBMNN 2025" in response.json()["basis"]


def test_api_decide_on_an_item_the_caller_cannot_see_is_404(drafter, pa03, entry):
    item = proposal(drafter, pa03, entry)
    response = api_as(person_in(pa03)).post(f"/api/records/classification/{item.pk}/decide/", {}, format="json")
    assert response.status_code == 404


def test_api_lists_and_load_is_for_the_administrator_only(drafter, entry):
    from bmnn.org.tests.factories import PersonFactory

    listed = api_as(drafter).get("/api/records/lists/", {"on": "01/04/2026"})
    assert listed.status_code == 200 and listed.json()[0]["entries"][0]["number"] == "2"
    yaml_text = "code: X\ntitle: T\ndecision_reference: 1/QĐ\nissued_on: 2025-01-01\nvalid_from: 2025-01-01\n" \
                "entries:\n  - {number: '1', content: C, level: MAT}\n"
    refused = api_as(drafter).post("/api/records/lists/load/", {"yaml": yaml_text}, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "org.admin_only"
    admin = PersonFactory(is_system_admin=True)
    assert api_as(admin).post("/api/records/lists/load/", {"yaml": yaml_text}, format="json").status_code == 201


def test_schema_has_the_classification_endpoints(drafter):
    response = api_as(drafter).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in ("/api/records/classification/", "/api/records/classification/{id}/decide/",
                 "/api/records/classification/{id}/return/", "/api/records/classification/{id}/revise/",
                 "/api/records/lists/", "/api/records/lists/load/"):
        assert path in paths, path
