"""Delivery and receipt (rules B1, B3, B7): only an item in the outgoing register leaves; the envelope
follows the level; the receiver's password or TOTP code signs the receipt; a count mismatch is recorded and
blocks registration; matching counts register the item in the incoming register and move custody; a
named-person-only envelope is registered from its outer markings and routed unopened; items from outside
bodies are registered on arrival. Every act leaves its ledger event."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from bmnn.accounts import services as accounts
from bmnn.accounts import totp
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role, UnitKind
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (CopyStatus, CustodyRecord, Delivery, DeliveryStatus, ItemStatus, Receipt,
                                 RegisterEntry, RegisterKind, SecretItem)
from bmnn.records.services import delivery as svc
from bmnn.records.services import custody, registers
from bmnn.records.services.issue import issue_item
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 4, 10)
PASSWORD = "Mat-khau-thu-2026"  # PersonFactory's password


@pytest.fixture
def pa05(police):
    return UnitFactory(name="Phòng An ninh kinh tế", code="PA05", kind=UnitKind.DIVISION, parent=police)


@pytest.fixture
def sender(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Lê Thị Gửi")


# The access filter's mandatory part tests the item's holding unit (the sender), so the
# receiving unit's people hold assignments covering the whole provincial police.
@pytest.fixture
def receiver(pa05, police):
    return person_in(pa05, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Trần Văn Nhận",
                     covers=[police])


@pytest.fixture
def named(pa05, police):
    return person_in(pa05, title="Phó Trưởng phòng", role=Role.DEPUTY, clearance=Level.TUYET_MAT,
                     full_name="Phạm Có Tên", covers=[police])


@pytest.fixture
def head05(pa05, police):
    return person_in(pa05, title="Trưởng phòng", role=Role.LEADER, clearance=Level.TUYET_MAT,
                     full_name="Đỗ Trưởng Phòng", covers=[police])


def classified(unit, level=Level.TOI_MAT, copies=3):
    item = SecretItemFactory(holding_unit=unit, level=level, status=ItemStatus.CLASSIFIED, copies_planned=copies,
                             pages=12, attachments=1, summary="Nội dung mật thử nghiệm", reference="")
    item.recipients.create(external_name="Nơi nhận thử", copies=copies)
    return item


def item_of(sender, unit, level=Level.TOI_MAT, copies=3):
    """Issued the way the registry does it: outgoing number, reference "01/BC-PA03", copies in storage."""
    return issue_item(sender, classified(unit, level, copies), ON).item


def not_issued(unit, level=Level.MAT, copies=1):
    """Copies in the unit's storage but no outgoing-register line (rule B1 refuses its delivery)."""
    item = classified(unit, level, copies)
    with transaction.atomic():
        custody.create_copies(item, copies, custodian_unit=unit, act="test")
    return item


def send(sender, item, to_unit, count=2, **kw):
    return svc.deliver(sender, item, copies=list(item.copies.order_by("number")[:count]), to_unit=to_unit, on=ON, **kw)


def receive(receiver, delivery, copies=2, pages=12, attachments=1, **kw):
    kw.setdefault("password", PASSWORD)
    return svc.confirm_receipt(receiver, delivery, counted_copies=copies, counted_pages=pages,
                               counted_attachments=attachments, on=ON, **kw)


def events(action):
    return LedgerEvent.objects.filter(action=action)


# --- Deliver ---------------------------------------------------------------------------------

def test_delivery_without_an_outgoing_register_entry_is_refused_citing_decree_26_art_4_1_a(sender, pa03, pa05):
    item = not_issued(pa03, level=Level.TOI_MAT, copies=2)
    with pytest.raises(Refused) as refusal:
        send(sender, item, pa05)
    assert refusal.value.rule == "records.B1"
    assert "Điều 4 khoản 1 điểm a" in refusal.value.basis and "26/2020" in refusal.value.basis
    assert not Delivery.objects.exists() and not events("records.delivery.send").exists()
    assert not RegisterEntry.objects.filter(kind=RegisterKind.HANDOVER).exists()


def test_delivery_of_an_item_whose_outgoing_line_was_cancelled_is_refused(sender, pa03, pa05):
    item = item_of(sender, pa03)
    registers.cancel_entry(sender, RegisterEntry.objects.get(item=item, kind=RegisterKind.OUTGOING), "Ghi nhầm", ON)
    with pytest.raises(Refused) as refusal:
        send(sender, item, pa05)
    assert refusal.value.rule == "records.B1" and "Điều 4 khoản 1 điểm a" in refusal.value.basis


def test_a_person_without_an_assignment_cannot_even_find_the_item_to_deliver(sender, pa03, pa05):
    item = item_of(sender, pa03)
    outsider = person_in(pa03, full_name="Người Ngoài")
    with pytest.raises(Http404):
        send(outsider, item, pa05)
    assert not Delivery.objects.exists()


def test_a_person_who_sees_the_item_but_is_neither_clerk_nor_assigned_for_delivery_is_refused(sender, pa03, pa05):
    item = item_of(sender, pa03, level=Level.TOI_MAT)
    mat_only = person_in(pa03, full_name="Cán Bộ Mật", clearance=Level.MAT)
    item.grants.create(person=mat_only, granted_by=sender, reason="thử")
    with pytest.raises(Http404):  # Tối mật is above the assignment: hidden, so not deliverable
        send(mat_only, item, pa05)
    reader = person_in(pa03, full_name="Cán Bộ Đọc", clearance=Level.TOI_MAT)
    delivery = send(reader, item, pa05)  # assigned for Tối mật of PA03: may deliver (Law Art. 13.1)
    assert delivery.sent_by == reader


def test_delivery_records_envelope_handover_line_in_transit_copies_and_ledger_event(sender, pa03, pa05):
    item = item_of(sender, pa03, level=Level.TOI_MAT)
    delivery = send(sender, item, pa05)
    assert delivery.envelope_mark == "B" and not delivery.inner_envelope
    assert delivery.pages == 12 and delivery.attachments == 1 and delivery.copies.count() == 2
    handover = delivery.handover_entry
    assert handover.kind == RegisterKind.HANDOVER and handover.unit == pa03 and handover.number == 1
    assert handover.copies_count == 2 and "Bì B" in handover.note
    for copy in delivery.copies.all():
        # Custody stays with the sending unit until the receiver signs.
        assert copy.status == CopyStatus.IN_TRANSIT and copy.custodian_unit == pa03
    event = events("records.delivery.send").get()
    payload = json.loads(event.payload)
    assert payload["envelope"] == "B" and payload["copies"] == [1, 2]
    assert "Nội dung mật" not in event.payload


def test_tuyet_mat_goes_in_an_inner_sealed_envelope_inside_an_a_envelope(sender, pa03, pa05, named):
    item = item_of(sender, pa03, level=Level.TUYET_MAT)
    delivery = send(sender, item, pa05, named_recipient=named, named_recipient_only=True)
    assert delivery.envelope_mark == "A" and delivery.inner_envelope
    sheet = svc.envelope_sheet(delivery)
    assert sheet["outer"]["marks"] == ["A"] and sheet["outer"]["reference"] == ""
    assert sheet["inner"]["sealed"] and "TUYỆT MẬT" in sheet["inner"]["marks"]
    assert svc.NAMED_ONLY_MARK in sheet["inner"]["marks"]
    assert "Phạm Có Tên" in sheet["inner"]["addressee"]


def test_copies_not_held_by_the_sending_unit_cannot_be_delivered(sender, pa03, pa05, receiver):
    item = item_of(sender, pa03)
    send(sender, item, pa05, count=1)
    with pytest.raises(Refused) as refusal:
        send(sender, item, pa05, count=1)  # copy 01 is already in transit
    assert refusal.value.rule == "records.delivery.copies_held" and refusal.value.basis


def test_named_only_needs_a_name(sender, pa03, pa05):
    item = item_of(sender, pa03)
    with pytest.raises(ValidationError):
        send(sender, item, pa05, named_recipient_only=True)


# --- Receive ---------------------------------------------------------------------------------

def test_matching_receipt_registers_in_the_incoming_register_with_the_next_number_and_moves_custody(
        sender, receiver, pa03, pa05):
    with transaction.atomic():  # an earlier incoming line: the receipt takes the next number
        registers.record_entry(receiver, unit=pa05, kind=RegisterKind.INCOMING, entry_date=ON, counterpart="X")
    item = item_of(sender, pa03)
    delivery = send(sender, item, pa05)
    assert not SecretItem.objects.visible_to(receiver, ON).filter(pk=item.pk).exists()
    receipt = receive(receiver, delivery)
    assert receipt.confirmed_with == "password" and not receipt.mismatch
    assert (receipt.counted_copies, receipt.counted_pages, receipt.counted_attachments) == (2, 12, 1)
    entry = receipt.incoming_entry
    assert entry.kind == RegisterKind.INCOMING and entry.unit == pa05 and entry.number == 2
    assert entry.counterpart == pa03.name and entry.item == item
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.REGISTERED
    for copy in delivery.copies.all():
        assert copy.custodian_unit == pa05 and copy.status == CopyStatus.HELD
        assert CustodyRecord.objects.filter(copy=copy).count() == 2
    assert SecretItem.objects.visible_to(receiver, ON).filter(pk=item.pk).exists()
    assert events("records.delivery.receipt").count() == 1 and events("records.delivery.register").count() == 1


def test_receipt_signed_with_the_current_totp_code(sender, receiver, pa03, pa05):
    secret, _codes = accounts.enrol_totp(receiver)
    delivery = send(sender, item_of(sender, pa03), pa05)
    receipt = receive(receiver, delivery, password=None, code=totp.now_code(secret, accounts.clock.now()))
    assert receipt.confirmed_with == "totp" and receipt.incoming_entry is not None


@pytest.mark.parametrize("credentials", [{"password": "sai-mat-khau"}, {"password": None, "code": "000000"},
                                         {"password": None}])
def test_wrong_password_or_code_is_refused_and_nothing_is_recorded(sender, receiver, pa03, pa05, credentials):
    delivery = send(sender, item_of(sender, pa03), pa05)
    before = LedgerEvent.objects.count()
    with pytest.raises(Refused) as refusal:
        receive(receiver, delivery, **credentials)
    assert refusal.value.rule == "records.receipt.signature" and "Điều 13" in refusal.value.basis
    assert not Receipt.objects.exists() and LedgerEvent.objects.count() == before
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert not RegisterEntry.objects.filter(kind=RegisterKind.INCOMING).exists()


def test_count_mismatch_is_recorded_cites_decree_26_art_4_3_and_blocks_registration(sender, receiver, pa03, pa05):
    delivery = send(sender, item_of(sender, pa03), pa05)
    with pytest.raises(svc.CountMismatch) as refusal:
        receive(receiver, delivery, pages=11)
    assert refusal.value.rule == "records.B7" and "Điều 4 khoản 3" in refusal.value.basis
    receipt = refusal.value.receipt
    assert Receipt.objects.get().mismatch and "số trang" in receipt.mismatch_note
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.MISMATCH
    assert not RegisterEntry.objects.filter(kind=RegisterKind.INCOMING).exists()
    assert all(c.custodian_unit == pa03 for c in delivery.copies.all())
    assert json.loads(events("records.delivery.receipt").get().payload)["mismatch"] is True
    with pytest.raises(Refused) as blocked:
        svc.register_received(receiver, delivery, on=ON)
    assert blocked.value.rule == "records.B7"


def test_resolved_mismatch_allows_registration(sender, receiver, pa03, pa05):
    delivery = send(sender, item_of(sender, pa03), pa05)
    with pytest.raises(svc.CountMismatch) as mismatch:
        receive(receiver, delivery, copies=1)
    outsider = person_in(pa05, full_name="Cán Bộ Khác")
    with pytest.raises(Refused):
        svc.resolve_mismatch(outsider, mismatch.value.receipt, "Đã đối chiếu", ON)
    svc.resolve_mismatch(sender, mismatch.value.receipt, "Bên giao xác nhận đủ 2 bản, người nhận đếm sót", ON)
    entry = svc.register_received(receiver, delivery, on=ON)
    assert entry.kind == RegisterKind.INCOMING and entry.number == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.REGISTERED
    assert Receipt.objects.get().incoming_entry == entry
    assert events("records.delivery.resolve_mismatch").count() == 1
    assert events("records.delivery.register").count() == 1


def test_a_person_outside_the_receiving_unit_cannot_sign(sender, pa03, pa05, police):
    delivery = send(sender, item_of(sender, pa03), pa05)
    other = person_in(pa03, role=Role.CLERK, clearance=Level.TUYET_MAT)
    with pytest.raises(Refused) as refusal:
        receive(other, delivery)
    assert refusal.value.rule and refusal.value.basis
    assert not Receipt.objects.exists()


def test_a_delivery_is_signed_for_once(sender, receiver, pa03, pa05):
    delivery = send(sender, item_of(sender, pa03), pa05)
    receive(receiver, delivery)
    with pytest.raises(Refused) as refusal:
        receive(receiver, delivery)
    assert refusal.value.rule == "records.receipt.once"


# --- Named person only -----------------------------------------------------------------------

def test_named_only_envelope_is_registered_from_outer_markings_and_routed_unopened(sender, receiver, named, pa03,
                                                                                     pa05):
    item = item_of(sender, pa03, level=Level.TOI_MAT)
    delivery = send(sender, item, pa05, named_recipient=named, named_recipient_only=True)
    # The clerk signs for the sealed envelope: only the envelopes are counted.
    receipt = receive(receiver, delivery, pages=0, attachments=0)
    entry = receipt.incoming_entry
    assert "không bóc bì" in entry.note and named.full_name in entry.note
    assert "Nội dung mật" not in entry.note and "Báo cáo" not in entry.note
    for copy in delivery.copies.all():
        assert copy.custodian_person == named and copy.custodian_unit is None
    # Routed unopened: the clerk does not get to see the item, the named person does.
    assert not SecretItem.objects.visible_to(receiver, ON).filter(pk=item.pk).exists()
    assert SecretItem.objects.visible_to(named, ON).filter(pk=item.pk).exists()
    event = events("records.delivery.register").get()
    payload = json.loads(event.payload)
    assert set(payload) >= {"reference", "level", "sender"}
    assert "summary" not in payload and "document_type" not in payload and "Nội dung" not in event.payload


def test_express_named_only_envelope_goes_to_the_leader_when_the_named_person_is_absent(
        sender, receiver, named, head05, pa03, pa05):
    delivery = send(sender, item_of(sender, pa03), pa05, named_recipient=named, named_recipient_only=True,
                    express=True)
    assert svc.EXPRESS_MARK in svc.envelope_sheet(delivery)["outer"]["marks"]
    receipt = receive(receiver, delivery, recipient_absent=True)
    assert all(c.custodian_person == head05 for c in delivery.copies.all())
    assert head05.full_name in receipt.incoming_entry.note


def test_named_person_may_sign_for_their_own_envelope(sender, named, pa03, pa05):
    delivery = send(sender, item_of(sender, pa03), pa05, named_recipient=named, named_recipient_only=True)
    receipt = receive(named, delivery)
    assert receipt.received_by == named and all(c.custodian_person == named for c in delivery.copies.all())


# --- Arrival from outside --------------------------------------------------------------------

def test_external_arrival_creates_the_item_its_copies_and_the_incoming_line_in_one_act(receiver, pa05):
    item = svc.register_arrival(receiver, from_external="Bộ Công an (A02)", reference="45/A02-P3", issued_on=ON,
                                level=Level.MAT, document_type="Công văn", copies=2, pages=4, attachments=0, on=ON)
    assert item.status == ItemStatus.RECEIVED and item.issuing_body_external == "Bộ Công an (A02)"
    assert item.holding_unit == pa05 and item.issuing_unit is None and item.summary == ""
    assert [c.number for c in item.copies.all()] == [1, 2]
    assert all(c.custodian_unit == pa05 for c in item.copies.all())
    entry = RegisterEntry.objects.get(kind=RegisterKind.INCOMING, item=item)
    assert entry.number == 1 and entry.counterpart == "Bộ Công an (A02)" and entry.copies_count == 2
    assert events("records.delivery.arrival").get().object_id == str(item.pk)


def test_external_named_only_arrival_keeps_only_outer_markings(receiver, named, pa05):
    item = svc.register_arrival(receiver, from_external="UBND tỉnh", reference="7/UBND-M", issued_on=ON,
                                level=Level.TOI_MAT, document_type="Kế hoạch", copies=1, pages=3, attachments=0,
                                named_recipient=named, named_recipient_only=True, on=ON)
    assert item.document_type == "" and item.summary == ""
    assert item.copies.get().custodian_person == named


def test_external_arrival_by_someone_who_keeps_no_register_is_refused(pa05):
    staff = person_in(pa05, full_name="Cán Bộ Thường")
    with pytest.raises(Refused) as refusal:
        svc.register_arrival(staff, from_external="UBND tỉnh", reference="8/UBND", issued_on=ON, level=Level.MAT,
                             copies=1, pages=1, attachments=0, on=ON)
    assert refusal.value.basis
    assert not SecretItem.objects.exists() and not events("records.delivery.arrival").exists()


# --- Pages -----------------------------------------------------------------------------------

def page(client, person):
    from bmnn.accounts.testing import login_with_second_factor

    return login_with_second_factor(client, person)


def test_deliver_page_sends_and_a_refusal_keeps_the_input_with_its_basis(client, sender, pa03, pa05):
    from django.urls import reverse

    page(client, sender)
    unregistered = not_issued(pa03)
    copy = unregistered.copies.get()
    response = client.post(reverse("records:deliver", args=[unregistered.pk]),
                           {"copies": [copy.pk], "to_unit": pa05.pk, "express": "on"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Điều 4 khoản 1 điểm a" in body and "records.B1" in body
    assert "checked" in body  # what was typed is kept

    item = item_of(sender, pa03)
    assert client.get(reverse("records:deliver", args=[item.pk])).status_code == 200
    copies = [c.pk for c in item.copies.order_by("number")[:2]]
    response = client.post(reverse("records:deliver", args=[item.pk]), {"copies": copies, "to_unit": pa05.pk})
    delivery = Delivery.objects.get(item=item)
    assert response.status_code == 302 and response["Location"] == reverse("records:delivery_detail",
                                                                           args=[delivery.pk])
    envelope = client.get(reverse("records:delivery_envelope", args=[delivery.pk])).content.decode()
    assert "<strong>B</strong>" in envelope


def test_receiver_finds_the_envelope_in_the_queue_and_signs_on_the_page(client, sender, receiver, pa03, pa05):
    from django.urls import reverse

    delivery = send(sender, item_of(sender, pa03), pa05)
    page(client, receiver)
    queue = client.get(reverse("records:delivery_to_receive")).content.decode()
    assert delivery.item.reference in queue and "Nội dung mật" not in queue
    detail = client.get(reverse("records:delivery_detail", args=[delivery.pk])).content.decode()
    assert "Nội dung mật" not in detail
    url = reverse("records:delivery_confirm_receipt", args=[delivery.pk])
    wrong = client.post(url, {"counted_copies": 2, "counted_pages": 12, "counted_attachments": 1,
                              "password": "sai"})
    assert wrong.status_code == 403 and not Receipt.objects.exists()
    assert 'value="12"' in wrong.content.decode()  # the counts typed are kept
    ok = client.post(url, {"counted_copies": 2, "counted_pages": 12, "counted_attachments": 1,
                           "password": PASSWORD})
    assert ok.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.REGISTERED


def test_only_a_receiver_is_offered_the_receipt_form(client, sender, receiver, pa03, pa05):
    from django.urls import reverse

    delivery = send(sender, item_of(sender, pa03), pa05)
    detail = reverse("records:delivery_detail", args=[delivery.pk])
    form_action = reverse("records:delivery_confirm_receipt", args=[delivery.pk])
    page(client, sender)
    body = client.get(detail).content.decode()
    assert form_action not in body and f"Chờ người nhận thuộc {pa05.name} ký nhận." in body
    page(client, receiver)
    assert form_action in client.get(detail).content.decode()


def test_mismatch_on_the_page_then_resolution_and_registration(client, sender, receiver, pa03, pa05):
    from django.urls import reverse

    delivery = send(sender, item_of(sender, pa03), pa05)
    page(client, receiver)
    response = client.post(reverse("records:delivery_confirm_receipt", args=[delivery.pk]),
                           {"counted_copies": 2, "counted_pages": 10, "counted_attachments": 1,
                            "password": PASSWORD})
    assert response.status_code == 409
    assert "Điều 4 khoản 3" in response.content.decode()
    assert Receipt.objects.get().mismatch
    response = client.post(reverse("records:delivery_resolve_mismatch", args=[delivery.pk]),
                           {"resolution": "Bên giao bổ sung 2 trang"})
    assert response.status_code == 302
    response = client.post(reverse("records:delivery_register", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.REGISTERED


def test_a_stranger_gets_404_on_a_delivery(client, sender, pa03, pa05, police):
    from django.urls import reverse

    delivery = send(sender, item_of(sender, pa03), pa05)
    stranger = person_in(UnitFactory(code="X", parent=police), clearance=Level.MAT)
    page(client, stranger)
    assert client.get(reverse("records:delivery_detail", args=[delivery.pk])).status_code == 404


def test_arrival_page_registers_an_outside_item(client, receiver, pa05):
    from django.urls import reverse

    page(client, receiver)
    assert client.get(reverse("records:delivery_arrival")).status_code == 200
    response = client.post(reverse("records:delivery_arrival"), {
        "from_external": "Bộ Công an", "reference": "9/A02", "issued_on": "02/04/2026", "level": Level.MAT,
        "document_type": "Công văn", "copies": 1, "pages": 2, "attachments": 0, "unit": pa05.pk})
    assert response.status_code == 302
    assert SecretItem.objects.get(reference="9/A02").status == ItemStatus.RECEIVED


# --- API -------------------------------------------------------------------------------------

def api(person):
    from rest_framework.test import APIClient

    from bmnn.accounts.testing import login_with_second_factor

    return login_with_second_factor(APIClient(), person)


def test_api_refuses_delivery_without_an_outgoing_number_with_rule_and_basis(sender, pa03, pa05):
    item = not_issued(pa03)
    response = api(sender).post("/api/records/deliveries/", {"item": item.pk, "copies": [item.copies.get().pk],
                                                              "to_unit": pa05.pk}, format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "records.B1" and "Điều 4 khoản 1 điểm a" in response.json()["basis"]


def test_api_delivery_receipt_mismatch_resolution_and_registration(sender, receiver, pa03, pa05):
    item = item_of(sender, pa03)
    copies = [c.pk for c in item.copies.order_by("number")[:2]]
    sent = api(sender).post("/api/records/deliveries/", {"item": item.pk, "copies": copies, "to_unit": pa05.pk},
                            format="json")
    assert sent.status_code == 201 and sent.json()["envelope_mark"] == "B"
    pk = sent.json()["id"]
    client = api(receiver)
    queue = client.get("/api/records/deliveries/to-receive/").json()
    assert [d["id"] for d in queue] == [pk] and "summary" not in queue[0]
    assert client.get(f"/api/records/deliveries/{pk}/envelope/").json()["outer"]["marks"] == ["B"]
    wrong = client.post(f"/api/records/deliveries/{pk}/confirm/", {
        "counted_copies": 2, "counted_pages": 12, "counted_attachments": 1, "password": "sai"}, format="json")
    assert wrong.status_code == 403 and wrong.json()["rule"] == "records.receipt.signature"
    mismatch = client.post(f"/api/records/deliveries/{pk}/confirm/", {
        "counted_copies": 1, "counted_pages": 12, "counted_attachments": 1, "password": PASSWORD}, format="json")
    assert mismatch.status_code == 409 and mismatch.json()["receipt"]["mismatch"] is True
    assert "Điều 4 khoản 3" in mismatch.json()["basis"]
    assert client.post(f"/api/records/deliveries/{pk}/resolve/", {"resolution": "Đếm lại đủ 2 bản"},
                       format="json").status_code == 200
    registered = client.post(f"/api/records/deliveries/{pk}/register/", {}, format="json")
    assert registered.status_code == 200 and registered.json()["status"] == "registered"
    assert registered.json()["receipts"][0]["incoming_entry_number"] == f"1/{ON.year}"


def test_api_arrival(receiver, pa05):
    response = api(receiver).post("/api/records/deliveries/arrival/", {
        "from_external": "Bộ Công an", "reference": "10/A02", "issued_on": "2026-04-02", "level": Level.MAT,
        "copies": 1, "pages": 2, "attachments": 0, "unit": pa05.pk}, format="json")
    assert response.status_code == 201
    assert SecretItem.objects.get(pk=response.json()["item"]).issuing_body_external == "Bộ Công an"


def test_api_stranger_gets_404(sender, pa03, pa05, police):
    delivery = send(sender, item_of(sender, pa03), pa05)
    stranger = person_in(UnitFactory(code="Y", parent=police), clearance=Level.MAT)
    assert api(stranger).get(f"/api/records/deliveries/{delivery.pk}/").status_code == 404
