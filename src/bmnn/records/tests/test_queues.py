"""Work queues: each role sees what waits for it, and nothing it may not see."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (
    Copy, Delivery, DeliveryStatus, ItemStatus, Reproduction, ReproductionMethod, ReproductionStatus,
)
from bmnn.records.services.queues import queues_for
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(police):
    return person_in(police, title="Giám đốc", role=Role.LEADER, authority_class="police_provincial_director",
                     clearance=Level.TUYET_MAT)


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT)


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT)


def refs(queue):
    return {(row.item if hasattr(row, "item") else row).reference for row in queue.rows}


def delivery(item, to_unit, status=DeliveryStatus.SENT, **fields):
    return Delivery.objects.create(item=item, to_unit=to_unit, from_unit=item.holding_unit, envelope_mark="B",
                                   sent_at=timezone.now(), status=status, **fields)


def test_leader_with_authority_sees_proposals_awaiting_their_decision(director, staff, pa03):
    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT, status=ItemStatus.PROPOSED, drafter=staff)
    queues = queues_for(director)
    assert refs(queues.proposals) == {item.reference} and queues.proposals.count == 1
    assert queues.waiting == 1


def test_staff_without_authority_sees_no_proposals_not_even_their_own(staff, pa03):
    SecretItemFactory(holding_unit=pa03, level=Level.MAT, status=ItemStatus.PROPOSED, drafter=staff)
    SecretItemFactory(holding_unit=pa03, level=Level.MAT, status=ItemStatus.PROPOSED)
    assert queues_for(staff).proposals.count == 0


def test_proposal_above_the_leaders_clearance_or_outside_their_units_is_not_in_their_queue(police, pa03, staff):
    leader = person_in(police, title="Giám đốc", role=Role.LEADER, authority_class="police_provincial_director",
                       clearance=Level.TOI_MAT)
    SecretItemFactory(holding_unit=pa03, level=Level.TUYET_MAT, status=ItemStatus.PROPOSED, drafter=staff)
    SecretItemFactory(holding_unit=UnitFactory(), level=Level.MAT, status=ItemStatus.PROPOSED)
    assert queues_for(leader).proposals.count == 0


def test_leader_sees_reproduction_requests_they_may_permit(director, staff, pa03):
    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT)
    Reproduction.objects.create(item=item, method=ReproductionMethod.TRUE_COPY, copies_requested=1,
                                purpose="Phục vụ họp", requested_by=staff, requested_at=timezone.now())
    Reproduction.objects.create(item=item, method=ReproductionMethod.TRUE_COPY, copies_requested=1, purpose="x",
                                requested_by=staff, requested_at=timezone.now(), status=ReproductionStatus.DONE)
    assert refs(queues_for(director).reproductions) == {item.reference}
    assert queues_for(staff).reproductions.count == 0


def test_clerk_sees_classified_items_of_their_unit_awaiting_issue(clerk, pa03):
    waiting = SecretItemFactory(holding_unit=pa03, status=ItemStatus.CLASSIFIED)
    SecretItemFactory(holding_unit=pa03, status=ItemStatus.ISSUED)
    SecretItemFactory(holding_unit=pa03, status=ItemStatus.CLASSIFIED, level=Level.TUYET_MAT)  # above clearance
    assert refs(queues_for(clerk).to_issue) == {waiting.reference}


def test_staff_has_no_clerk_queues(staff, pa03):
    SecretItemFactory(holding_unit=pa03, status=ItemStatus.CLASSIFIED)
    assert queues_for(staff).to_issue.count == 0


def test_clerk_sees_signed_deliveries_awaiting_registration_and_mismatches(clerk, pa03, police):
    origin = UnitFactory(name="Phòng Tham mưu", code="PV01", parent=police)
    signed = delivery(SecretItemFactory(holding_unit=origin, reference="1/BC-PV01"), pa03, DeliveryStatus.RECEIVED)
    odd = delivery(SecretItemFactory(holding_unit=origin, reference="2/BC-PV01"), pa03, DeliveryStatus.MISMATCH)
    delivery(SecretItemFactory(holding_unit=origin, reference="3/BC-PV01"), origin, DeliveryStatus.RECEIVED)
    queues = queues_for(clerk)
    # Envelopes to the clerk's unit, though the items are held by PV01 (outer markings only).
    assert [d.pk for d in queues.deliveries_to_register.rows] == [signed.pk]
    assert [d.pk for d in queues.mismatches.rows] == [odd.pk]


def test_envelope_rows_in_the_queue_page_show_no_item_content(clerk, pa03, police):
    origin = UnitFactory(name="Phòng Tham mưu", code="PV01", parent=police)
    d = delivery(SecretItemFactory(holding_unit=origin, reference="9/BC-PV01"), pa03)
    page = login_with_second_factor(Client(), clerk).get(reverse("records:queues")).content.decode()
    assert reverse("records:delivery_detail", args=[d.pk]) in page and "9/BC-PV01" not in page


def test_everyone_sees_the_copies_they_hold_and_deliveries_named_to_them(staff, pa03, police):
    item = SecretItemFactory(holding_unit=pa03)
    Copy.objects.create(item=item, number=1, custodian_person=staff)
    Copy.objects.create(item=item, number=2, custodian_unit=pa03)
    named = delivery(item, pa03, named_recipient=staff)
    delivery(item, pa03)  # to the unit: a receiver (clerk, leader) signs, not this staff member
    queues = queues_for(staff)
    assert [c.number for c in queues.my_copies.rows] == [1]
    assert [d.pk for d in queues.receipts_to_confirm.rows] == [named.pk]


def test_clerk_confirms_deliveries_to_their_unit(clerk, pa03):
    item = SecretItemFactory(holding_unit=pa03)
    sent = delivery(item, pa03)
    delivery(item, pa03, status=DeliveryStatus.RECEIVED)
    assert [d.pk for d in queues_for(clerk).receipts_to_confirm.rows] == [sent.pk]


def test_person_without_clearance_sees_no_copies_and_no_items_to_issue(pa03):
    person = person_in(pa03, title="Văn thư", role=Role.CLERK)
    item = SecretItemFactory(holding_unit=pa03)
    Copy.objects.create(item=item, number=1, custodian_person=person)
    SecretItemFactory(holding_unit=pa03, status=ItemStatus.CLASSIFIED)
    queues = queues_for(person)
    assert queues.my_copies.count == 0 and queues.to_issue.count == 0


def test_queues_page_and_home_count_show_what_waits(director, staff, pa03):
    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT, status=ItemStatus.PROPOSED, drafter=staff,
                             reference="77/BC-PA03")
    hidden = SecretItemFactory(holding_unit=UnitFactory(), level=Level.MAT, status=ItemStatus.PROPOSED,
                               reference="99/BC-KHAC")
    client = login_with_second_factor(Client(), director)
    page = client.get(reverse("records:queues")).content.decode()
    assert item.reference in page and hidden.reference not in page
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("records:queues") in home and "1 việc đang chờ bạn" in home


def test_a_proposal_without_a_number_is_linked_by_its_type_and_internal_number(director, staff, pa03):
    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT, status=ItemStatus.PROPOSED, drafter=staff,
                             reference="", document_type="Báo cáo")
    client = login_with_second_factor(Client(), director)
    page = client.get(reverse("records:queues")).content.decode()
    detail = reverse("records:item_detail", args=[item.pk])
    assert f'<a href="{detail}">Báo cáo – chưa có số (#{item.pk})</a>' in page


def test_queues_api_gives_the_same_counts_and_nothing_hidden(director, staff, pa03):
    from rest_framework.test import APIClient

    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT, status=ItemStatus.PROPOSED, drafter=staff)
    SecretItemFactory(holding_unit=UnitFactory(), level=Level.MAT, status=ItemStatus.PROPOSED)
    data = login_with_second_factor(APIClient(), director).get("/api/records/queues/").json()
    proposals = next(q for q in data["queues"] if q["key"] == "proposals")
    assert data["waiting"] == 1 and proposals["ids"] == [item.pk]
