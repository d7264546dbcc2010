"""Provision and transfer (cung cấp, chuyển giao): requests with the fields Arts. 15–16 list
and the commitments (D3, D4), decided by the authority for the level on the decision date,
in the system or recorded from an outside authority (foreign Tuyệt mật: the Prime Minister
only), refusals with reasons, and delivery to the outside requester with its paper receipt.
Dates are passed explicitly (acts) or frozen (pages, API)."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (
    CopyStatus, DecisionMode, DeliveryStatus, ProvisionScope, ProvisionStatus, RegisterEntry, RegisterKind,
)
from bmnn.records.services import custody
from bmnn.records.services import provision as service
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

IN_2026 = dt.date(2026, 4, 10)
IN_2025 = dt.date(2025, 10, 1)


@pytest.fixture
def officer(pa03):
    return person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT,
                     full_name="Phạm Thu Trang")


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Đỗ Văn Hải")


@pytest.fixture
def division_head(pa03):
    return person_in(pa03, title="Trưởng phòng", role=Role.LEADER, authority_class="police_division_head",
                     clearance=Level.TOI_MAT, full_name="Lê Thị Hoa")


@pytest.fixture
def item(officer, pa03):
    return issued_item(officer, pa03, level=Level.TOI_MAT, copies=3)


@pytest.fixture
def top_item(officer, pa03):
    return issued_item(officer, pa03, level=Level.TUYET_MAT, copies=2)


DOMESTIC_ORG = dict(scope="domestic", requester_kind="organisation", request_reference="45/CV-STC",
                    request_date=dt.date(2026, 4, 8), organisation_name="Sở Tài chính tỉnh Sơn Hà",
                    representative_name="Ngô Văn Bình", purpose="Phục vụ thẩm định dự toán",
                    related_duty="Được giao thẩm định dự toán chi an ninh năm 2026", commitment_to_protect=True)
DOMESTIC_PERSON = dict(scope="domestic", requester_kind="individual", request_date=dt.date(2026, 4, 9),
                       full_name="Trịnh Thị Mai", id_document="id_card", id_number="037190001234",
                       address="12 Lê Lợi, Sơn Hà", position="Thanh tra viên, Thanh tra tỉnh",
                       purpose="Phục vụ thanh tra", related_duty="Thành viên đoàn thanh tra theo Quyết định 12/QĐ-TTr",
                       commitment_to_protect=True)
FOREIGN_ORG = dict(scope="foreign", requester_kind="organisation", request_date=dt.date(2026, 4, 1),
                   organisation_name="Cơ quan Hợp tác X", representative_name="John Smith",
                   representative_nationality="Úc", representative_passport="PA1234567",
                   representative_position="Trưởng đại diện", purpose="Phối hợp chương trình phòng chống tội phạm",
                   related_duty="Chương trình hợp tác phòng, chống tội phạm xuyên quốc gia 2026",
                   commitment_to_protect=True, commitment_no_third_party=True, host_body="Bộ Công an (Cục Hợp tác quốc tế)")


def ask(recorder, item, base=DOMESTIC_ORG, on=IN_2026, **overrides):
    return service.record_request(recorder, item, on=on, **{**base, **overrides})


def record_outside(recorder, provision, capacity="minister_public_security", decided_on=dt.date(2026, 4, 9),
                   grant=True, **overrides):
    fields = dict(grant=grant, reference="123/QĐ-BCA", decided_on=decided_on, signer="Bộ trưởng Bộ Công an",
                  capacity=capacity, on=IN_2026)
    fields.update(overrides)
    return service.record_outside_decision(recorder, provision, **fields)


# --- Requests -----------------------------------------------------------------------------------

def test_domestic_organisation_request_is_recorded_with_its_fields_and_hashed_purpose(officer, item):
    provision = ask(officer, item)
    assert provision.status == ProvisionStatus.REQUESTED and provision.scope == ProvisionScope.DOMESTIC
    assert provision.organisation_name == "Sở Tài chính tỉnh Sơn Hà" and provision.commitment_to_protect
    event = LedgerEvent.objects.get(action="records.provision.request", object_id=str(provision.pk))
    assert "thẩm định dự toán" not in event.payload and "sha256:" in event.payload


def test_domestic_individual_request_keeps_identity_address_and_position(officer, item):
    provision = ask(officer, item, DOMESTIC_PERSON)
    assert (provision.full_name, provision.id_document, provision.id_number) == (
        "Trịnh Thị Mai", "id_card", "037190001234")
    assert provision.position.startswith("Thanh tra viên") and provision.organisation_name == ""
    assert "037190001234" not in LedgerEvent.objects.get(action="records.provision.request").payload


def test_individual_request_without_identity_number_address_or_position_is_invalid(officer, item):
    with pytest.raises(ValidationError) as error:
        ask(officer, item, DOMESTIC_PERSON, id_number="", address="", position="")
    assert {"id_number", "address", "position"} <= set(error.value.message_dict)


def test_domestic_request_must_state_the_directly_related_task(officer, item):
    with pytest.raises(ValidationError) as error:
        ask(officer, item, related_duty=" ")
    assert "nhiệm vụ liên quan trực tiếp" in error.value.message_dict["related_duty"][0]


def test_request_without_commitment_to_protect_is_refused_citing_article_15(officer, item):
    with pytest.raises(Refused) as refusal:
        ask(officer, item, commitment_to_protect=False)
    assert refusal.value.rule == "D3" and refusal.value.basis == "Điều 15 Luật BVBMNN 2018; Luật BVBMNN 2025 (◐ chưa xác minh)"
    assert refusal.value.field == "commitment_to_protect"
    assert not LedgerEvent.objects.filter(action="records.provision.request").exists()


def test_request_under_the_2018_regime_cites_the_2018_law_alone(officer, pa03):
    item = issued_item(officer, pa03, level=Level.TOI_MAT, on=IN_2025)
    with pytest.raises(Refused) as refusal:
        ask(officer, item, on=IN_2025, request_date=IN_2025, commitment_to_protect=False)
    assert refusal.value.basis == "Điều 15 Luật BVBMNN 2018"


def test_foreign_organisation_without_passport_nationality_or_position_is_invalid(officer, item):
    with pytest.raises(ValidationError) as error:
        ask(officer, item, FOREIGN_ORG, representative_passport="", representative_nationality="",
            representative_position="")
    assert {"representative_passport", "representative_nationality", "representative_position"} <= set(
        error.value.message_dict)


def test_foreign_request_without_no_third_party_commitment_is_refused(officer, item):
    with pytest.raises(Refused) as refusal:
        ask(officer, item, FOREIGN_ORG, commitment_no_third_party=False)
    assert refusal.value.rule == "D4" and refusal.value.basis.startswith("Điều 16 Luật BVBMNN 2018")
    assert refusal.value.field == "commitment_no_third_party"


def test_foreign_request_without_host_body_is_refused(officer, item):
    with pytest.raises(Refused) as refusal:
        ask(officer, item, FOREIGN_ORG, host_body="")
    assert refusal.value.rule == "D4" and refusal.value.field == "host_body"


def test_foreign_individual_gives_a_passport(officer, item):
    provision = ask(officer, item, FOREIGN_ORG, requester_kind="individual", full_name="Anna Berg",
                    id_number="X9876543", address="Stockholm", id_document="id_card")
    assert provision.id_document == "passport" and provision.representative_name == ""


def test_request_recorded_by_someone_who_keeps_no_register_of_the_unit_is_refused(item, pa03):
    staff = person_in(pa03, clearance=Level.TOI_MAT)
    with pytest.raises(Refused) as refusal:
        ask(staff, item)
    assert refusal.value.rule == "provision.keeper"


def test_request_on_an_item_the_recorder_may_not_know_of_is_404(item):
    from django.http import Http404

    outsider_unit = UnitFactory()
    outsider = person_in(outsider_unit, role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    with pytest.raises(Http404):
        ask(outsider, item)


# --- Decisions in the system ----------------------------------------------------------------------

def test_director_grants_a_domestic_toi_mat_request(officer, item, director):
    provision = service.decide(director, ask(officer, item), grant=True, on=IN_2026)
    assert provision.status == ProvisionStatus.GRANTED and provision.decision_mode == DecisionMode.IN_SYSTEM
    assert provision.decided_by == director and "Điều 15 khoản 1" in provision.authority_basis


@pytest.mark.parametrize("on", [IN_2025, IN_2026], ids=["regime-2018", "regime-2026"])
def test_head_of_division_deciding_a_toi_mat_provision_is_refused_citing_article_15(officer, pa03, division_head,
                                                                                    on):
    item = issued_item(officer, pa03, level=Level.TOI_MAT, on=on)
    provision = ask(officer, item, on=on, request_date=on)
    with pytest.raises(Refused) as refusal:
        service.decide(division_head, provision, grant=True, on=on)
    assert "Điều 15 khoản 1" in refusal.value.basis
    provision.refresh_from_db()
    assert provision.status == ProvisionStatus.REQUESTED


def test_head_of_division_may_decide_a_mat_provision(officer, pa03, division_head):
    item = issued_item(officer, pa03, level=Level.MAT)
    assert service.decide(division_head, ask(officer, item), grant=True, on=IN_2026).status == ProvisionStatus.GRANTED


def test_refusal_needs_written_reasons(officer, item, director):
    provision = ask(officer, item)
    with pytest.raises(ValidationError) as error:
        service.decide(director, provision, grant=False, reason=" ", on=IN_2026)
    assert "lý do" in error.value.message_dict["reason"][0]
    refused = service.decide(director, provision, grant=False, reason="Mục đích không phù hợp", on=IN_2026)
    assert refused.status == ProvisionStatus.REFUSED and refused.decision_reason == "Mục đích không phù hợp"


def test_a_decided_request_cannot_be_decided_again(officer, item, director):
    provision = service.decide(director, ask(officer, item), grant=True, on=IN_2026)
    with pytest.raises(Refused) as refusal:
        service.decide(director, provision, grant=False, reason="Đổi ý", on=IN_2026)
    assert refusal.value.rule == "provision.state"


def test_director_cannot_decide_a_foreign_tuyet_mat_request(officer, top_item, director):
    with pytest.raises(Refused) as refusal:
        service.decide(director, ask(officer, top_item, FOREIGN_ORG), grant=True, on=IN_2026)
    assert "Điều 16 khoản 1" in refusal.value.basis


def test_an_installation_override_cannot_give_foreign_tuyet_mat_authority(officer, top_item, director):
    from bmnn.rulebook.models import AuthorityOverride, OverrideEffect

    AuthorityOverride.objects.create(act="provide_foreign", level=Level.TUYET_MAT,
                                     authority_class="police_provincial_director", effect=OverrideEffect.ALLOW,
                                     reference="Quy chế 01/QC-CAT", reason="Thử", created_by=director,
                                     valid_from=dt.date(2020, 1, 1))
    with pytest.raises(Refused) as refusal:
        service.decide(director, ask(officer, top_item, FOREIGN_ORG), grant=True, on=IN_2026)
    assert refusal.value.rule == "D4" and "Thủ tướng Chính phủ" in refusal.value.message


# --- Decisions recorded from outside ------------------------------------------------------------

def test_foreign_toi_mat_request_granted_by_a_recorded_ministerial_decision(officer, item):
    provision = record_outside(officer, ask(officer, item, FOREIGN_ORG))
    assert provision.status == ProvisionStatus.GRANTED and provision.decision_mode == DecisionMode.RECORDED
    assert (provision.outside_reference, provision.outside_capacity) == ("123/QĐ-BCA", "minister_public_security")
    assert provision.decided_by is None and provision.decision_recorded_by == officer
    assert "Điều 16 khoản 1" in provision.authority_basis
    payload = json.loads(LedgerEvent.objects.get(action="records.provision.decide").payload)
    assert payload["mode"] == "recorded" and payload["reference"] == "123/QĐ-BCA"


def test_foreign_tuyet_mat_recorded_as_decided_by_a_minister_is_refused_citing_article_16(officer, top_item):
    provision = ask(officer, top_item, FOREIGN_ORG)
    with pytest.raises(Refused) as refusal:
        record_outside(officer, provision, capacity="minister_public_security")
    assert refusal.value.rule == "D4" and refusal.value.basis.startswith("Điều 16 khoản 1")
    assert "Thủ tướng Chính phủ" in refusal.value.message
    provision.refresh_from_db()
    assert provision.status == ProvisionStatus.REQUESTED


def test_foreign_tuyet_mat_recorded_as_decided_by_the_prime_minister_is_accepted(officer, top_item):
    provision = record_outside(officer, ask(officer, top_item, FOREIGN_ORG), capacity="prime_minister",
                               reference="09/QĐ-TTg", signer="Thủ tướng Chính phủ")
    assert provision.status == ProvisionStatus.GRANTED and provision.outside_capacity == "prime_minister"


def test_recorded_decision_is_judged_by_the_regime_of_its_own_date(officer, item):
    provision = ask(officer, item, FOREIGN_ORG, request_date=dt.date(2026, 2, 1))
    # A Minister held that authority under the 2018 regime too (in force until 28/02/2026).
    provision = record_outside(officer, provision, decided_on=dt.date(2026, 2, 20))
    payload = json.loads(LedgerEvent.objects.get(action="records.provision.decide").payload)
    assert payload["regime"] == "2018" and provision.authority_basis == "Điều 16 khoản 1 Luật BVBMNN 2018"


def test_recorded_domestic_decision_by_a_capacity_without_authority_for_the_level_is_refused(officer, item):
    with pytest.raises(Refused) as refusal:
        record_outside(officer, ask(officer, item), capacity="division_head_provincial")
    assert "Điều 15 khoản 1" in refusal.value.basis and refusal.value.field == "capacity"


def test_outside_decision_recorded_by_a_clerk_is_refused(officer, clerk, item):
    with pytest.raises(Refused) as refusal:
        record_outside(clerk, ask(officer, item, FOREIGN_ORG))
    assert refusal.value.rule == "provision.outside_recorder"


def test_outside_decision_needs_its_number_signer_and_date_not_before_the_request(officer, item):
    provision = ask(officer, item, FOREIGN_ORG)
    with pytest.raises(ValidationError) as error:
        record_outside(officer, provision, reference="", signer="")
    assert {"reference", "signer"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        record_outside(officer, provision, decided_on=dt.date(2026, 3, 1))
    assert "decided_on" in error.value.message_dict


def test_outside_refusal_needs_reasons(officer, item):
    provision = ask(officer, item, FOREIGN_ORG)
    with pytest.raises(ValidationError):
        record_outside(officer, provision, grant=False, reason="")
    refused = record_outside(officer, provision, grant=False, reason="Chưa đủ điều kiện hợp tác")
    assert refused.status == ProvisionStatus.REFUSED


# --- Delivery and receipt -----------------------------------------------------------------------

@pytest.fixture
def granted(officer, item, director):
    return service.decide(director, ask(officer, item, copies_requested=2), grant=True, on=IN_2026)


def test_granted_provision_is_delivered_to_the_outside_requester_with_envelope_and_handover_line(granted, officer,
                                                                                                 item):
    copies = list(item.copies.order_by("number")[:2])
    delivery = service.deliver(officer, granted, copies=copies, on=IN_2026)
    granted.refresh_from_db()
    assert granted.status == ProvisionStatus.DELIVERED and granted.delivery == delivery
    assert delivery.to_unit is None and delivery.to_external.startswith("Sở Tài chính tỉnh Sơn Hà")
    assert delivery.envelope_mark == "B" and not delivery.inner_envelope
    line = RegisterEntry.objects.get(kind=RegisterKind.HANDOVER, item=item)
    assert line.counterpart.startswith("Sở Tài chính") and line.copies_count == 2
    assert {c.status for c in item.copies.filter(pk__in=[c.pk for c in copies])} == {CopyStatus.IN_TRANSIT}


def test_the_paper_receipt_closes_the_provision_and_the_copies_leave_the_unit(granted, officer, item, pa03):
    copies = list(item.copies.order_by("number")[:2])
    service.deliver(officer, granted, copies=copies, on=IN_2026)
    service.record_receipt(officer, granted, signed_by="Ngô Văn Bình", signed_on=IN_2026, counted_copies=2,
                           paper_reference="Sổ chuyển giao, trang 3", on=IN_2026)
    granted.refresh_from_db()
    assert granted.status == ProvisionStatus.RECEIVED
    assert granted.delivery.status == DeliveryStatus.HANDED_OVER
    assert granted.delivery.external_receipt.signed_by == "Ngô Văn Bình"
    assert {c.status for c in item.copies.filter(pk__in=[c.pk for c in copies])} == {CopyStatus.PROVIDED}
    assert set(custody.held_by_unit([pa03.pk]).filter(item=item).values_list("number", flat=True)) == {3}


def test_receipt_counts_must_match_what_was_delivered(granted, officer, item):
    service.deliver(officer, granted, copies=list(item.copies.order_by("number")[:2]), on=IN_2026)
    with pytest.raises(Refused) as refusal:
        service.record_receipt(officer, granted, signed_by="Ngô Văn Bình", signed_on=IN_2026, counted_copies=1,
                               on=IN_2026)
    assert refusal.value.rule == "records.B7"
    granted.refresh_from_db()
    assert granted.status == ProvisionStatus.DELIVERED


def test_more_copies_than_granted_are_refused(granted, officer, item):
    with pytest.raises(Refused) as refusal:
        service.deliver(officer, granted, copies=list(item.copies.all()), on=IN_2026)
    assert refusal.value.rule == "D3" and refusal.value.field == "copies"


def test_a_refused_or_undecided_request_cannot_be_delivered(officer, item):
    provision = ask(officer, item)
    with pytest.raises(Refused) as refusal:
        service.deliver(officer, provision, copies=list(item.copies.all()[:1]), on=IN_2026)
    assert refusal.value.rule == "provision.state"


def test_an_outside_delivery_cannot_be_signed_for_in_the_system(granted, officer, item):
    from bmnn.records.services.delivery import may_receive

    delivery = service.deliver(officer, granted, copies=list(item.copies.all()[:1]), on=IN_2026)
    assert not may_receive(officer, delivery, IN_2026)


# --- What needs action --------------------------------------------------------------------------

def test_queues_list_requests_for_the_authority_and_deliveries_for_the_keeper(officer, item, director, division_head):
    provision = ask(officer, item)
    by_key = {q.key: q for q in service.queues(director, IN_2026)}
    assert by_key["provision_decisions"].rows == [provision]
    assert {q.key: q.count for q in service.queues(division_head, IN_2026)}["provision_decisions"] == 1  # leader records
    service.decide(director, provision, grant=True, on=IN_2026)
    assert {q.key: q.count for q in service.queues(officer, IN_2026)}["provision_deliveries"] == 1
    outsider = person_in(UnitFactory(), role=Role.LEADER, clearance=Level.TUYET_MAT)
    assert all(q.count == 0 for q in service.queues(outsider, IN_2026))
