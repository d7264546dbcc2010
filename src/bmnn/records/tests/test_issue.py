"""Issuing an item: only a classified item, by a keeper of the holding unit's registers who may
deliver secrets of its level; the outgoing number, its own number series in the reference, copies
1..n in the unit's storage with one custodian each, and a ledger event naming the register line."""

import datetime as dt
import json

import pytest
from django.http import Http404

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (Copy, CopyStatus, CustodyRecord, ItemKind, ItemStatus, Recipient, RegisterEntry,
                                 RegisterKind, SecretItem)
from bmnn.records.services.issue import compose_reference, issue_item
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db

IN_2026 = dt.date(2026, 4, 10)


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TOI_MAT, full_name="Bùi Văn Nam")


def classified(unit, *, copies=3, recipients=("Phòng Tham mưu",), **fields):
    fields = {"reference": "", "level": Level.TOI_MAT, "status": ItemStatus.CLASSIFIED, "issued_on": None, **fields}
    item = SecretItemFactory(holding_unit=unit, copies_planned=copies, **fields)
    for name in recipients:
        Recipient.objects.create(item=item, external_name=name)
    return item


def test_clerk_issues_a_classified_item_with_its_outgoing_number_and_copies(clerk, pa03):
    item = classified(pa03, copies=3)
    issued = issue_item(clerk, item, IN_2026, storage_place="Tủ sắt số 1")
    item.refresh_from_db()
    assert item.status == ItemStatus.ISSUED and item.issued_on == IN_2026
    entry = issued.entry
    assert (entry.kind, entry.year, entry.number, entry.item_id) == (RegisterKind.OUTGOING, 2026, 1, item.pk)
    assert entry.copies_count == 3 and entry.counterpart == "Phòng Tham mưu"
    assert item.reference == "01/BC-PA03"
    assert [c.number for c in issued.copies] == [1, 2, 3]


def test_each_copy_has_one_custodian_the_units_storage_with_an_open_custody_record(clerk, pa03):
    issued = issue_item(clerk, classified(pa03, copies=2), IN_2026, storage_place="Tủ sắt số 1")
    for copy in Copy.objects.filter(item=issued.item):
        assert copy.custodian_unit == pa03 and copy.custodian_person is None and copy.status == CopyStatus.HELD
        records = list(CustodyRecord.objects.filter(copy=copy))
        assert len(records) == 1 and records[0].until is None and records[0].act == "issue"
        assert records[0].storage_place == "Tủ sắt số 1"


def test_ledger_event_names_the_register_line_and_custody_points_to_it(clerk, pa03):
    issued = issue_item(clerk, classified(pa03), IN_2026)
    event = LedgerEvent.objects.get(action="records.item.issue", object_id=str(issued.item.pk))
    assert "số 1/2026" in event.description
    payload = json.loads(event.payload)
    assert payload["entry"] == issued.entry.pk and payload["number"] == 1 and payload["copies"] == [1, 2, 3]
    assert set(CustodyRecord.objects.filter(copy__item=issued.item).values_list("ledger_seq", flat=True)) == {event.seq}


def test_numbers_follow_in_the_outgoing_register_and_references_use_them(clerk, pa03):
    first = issue_item(clerk, classified(pa03, document_type="Công văn"), IN_2026)
    second = issue_item(clerk, classified(pa03, document_type="Kế hoạch"), IN_2026)
    assert (first.entry.number, first.item.reference) == (1, "01/PA03")
    assert (second.entry.number, second.item.reference) == (2, "02/KH-PA03")


def test_a_reference_with_the_number_left_blank_gets_it_and_a_full_one_is_kept(clerk, pa03):
    blank = issue_item(clerk, classified(pa03, reference="   /BC-PA03"), IN_2026)
    kept = issue_item(clerk, classified(pa03, reference="77/BC-PA03"), IN_2026)
    assert blank.item.reference == "01/BC-PA03" and kept.item.reference == "77/BC-PA03"


def test_compose_reference_pads_numbers_below_ten_and_folds_the_type():
    unit = UnitFactory.build(code="PA03")
    assert compose_reference(5, "BÁO CÁO", unit) == "05/BC-PA03"
    assert compose_reference(15, "Quyết định", unit) == "15/QĐ-PA03"


@pytest.mark.parametrize("status", [ItemStatus.DRAFT, ItemStatus.PROPOSED, ItemStatus.RETURNED])
def test_an_unclassified_item_is_refused_with_the_decree_article(clerk, pa03, status):
    item = classified(pa03, status=status)
    with pytest.raises(Refused) as refusal:
        issue_item(clerk, item, IN_2026)
    assert refusal.value.rule == "issue.not_classified"
    assert "Nghị định 26/2020/NĐ-CP" in refusal.value.basis and "Điều 4" in refusal.value.basis
    assert not RegisterEntry.objects.exists() and not Copy.objects.exists()
    assert SecretItem.objects.get(pk=item.pk).status == status


def test_an_issued_item_is_not_numbered_twice(clerk, pa03):
    item = classified(pa03)
    issue_item(clerk, item, IN_2026)
    with pytest.raises(Refused) as refusal:
        issue_item(clerk, item, IN_2026)
    assert refusal.value.rule == "issue.already_issued" and "1/2026" in refusal.value.message
    assert RegisterEntry.objects.count() == 1 and Copy.objects.count() == 3


def test_an_item_without_recipients_is_refused(clerk, pa03):
    with pytest.raises(Refused) as refusal:
        issue_item(clerk, classified(pa03, recipients=()), IN_2026)
    assert refusal.value.rule == "issue.recipients" and refusal.value.basis


def test_a_place_is_not_issued_as_copies(clerk, pa03):
    with pytest.raises(Refused) as refusal:
        issue_item(clerk, classified(pa03, kind=ItemKind.PLACE), IN_2026)
    assert refusal.value.rule == "issue.kind"


def test_staff_who_keep_no_register_are_refused_and_the_number_is_not_used(clerk, staff, pa03):
    with pytest.raises(Refused) as refusal:
        issue_item(staff, classified(pa03), IN_2026)
    assert refusal.value.rule == "registers.keeper_only" and refusal.value.basis
    assert issue_item(clerk, classified(pa03), IN_2026).entry.number == 1


def test_a_clerk_who_may_not_see_the_item_gets_404(clerk, pa03):
    item = classified(pa03, level=Level.TUYET_MAT)
    with pytest.raises(Http404):
        issue_item(clerk, item, IN_2026)
    assert not RegisterEntry.objects.exists()


def test_clerk_of_the_body_issues_for_a_division_without_a_clerk(police, pa03):
    body_clerk = person_in(police, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT)
    issued = issue_item(body_clerk, classified(pa03), IN_2026)
    assert issued.entry.unit == pa03


def test_copy_page_and_api_show_the_whole_custody_history(clerk, pa03):
    from django.test import Client
    from django.urls import reverse
    from rest_framework.test import APIClient

    from bmnn.accounts.testing import login_with_second_factor
    from bmnn.records.services import custody

    issued = issue_item(clerk, classified(pa03, copies=1), IN_2026, storage_place="Tủ sắt số 1")
    copy = issued.copies[0]
    custody.move_copy(copy, to_person=clerk, act="carry_out")
    response = login_with_second_factor(Client(), clerk).get(reverse("records:copy_detail", args=[copy.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Tủ sắt số 1" in html and "mang ra khỏi nơi lưu giữ" in html
    data = login_with_second_factor(APIClient(), clerk).get(f"/api/records/copies/{copy.pk}/").json()
    assert [r["act"] for r in data["custody"]] == ["issue", "carry_out"]
    assert data["custody"][0]["until"] is not None and data["custody"][1]["until"] is None
    outsider = person_in(UnitFactory(), clearance=Level.TOI_MAT)
    assert login_with_second_factor(Client(), outsider).get(
        reverse("records:copy_detail", args=[copy.pk])).status_code == 404
    assert login_with_second_factor(APIClient(), outsider).get(f"/api/records/copies/{copy.pk}/").status_code == 404
