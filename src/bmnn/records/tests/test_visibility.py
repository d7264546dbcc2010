"""Existence is hidden: an item a person may not see is 404 on the page and the API,
and absent from lists, counts and search. Reads of visible items are logged."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.tests.factories import AccessAssignmentFactory, PersonFactory, UnitFactory, person_in
from bmnn.records.models import SecretItem
from bmnn.records.tests.factories import AccessGrantFactory, SecretItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(name="Phòng An ninh chính trị nội bộ", code="PA03")


def page_client(person):
    from django.test import Client

    return login_with_second_factor(Client(), person)


def api_client(person):
    return login_with_second_factor(APIClient(), person)


def listed(person, **params):
    """(references on the page, count on the page, references and count from the API)."""
    page = page_client(person).get(reverse("records:item_list"), params)
    assert page.status_code == 200
    api = api_client(person).get("/api/records/items/", params)
    assert api.status_code == 200
    return ({i.reference for i in page.context["page"].object_list}, page.context["count"],
            {i["reference"] for i in api.json()["results"]}, api.json()["count"])


def assert_invisible(person, item):
    refs, count, api_refs, api_count = listed(person)
    assert item.reference not in refs and item.reference not in api_refs
    assert count == api_count == SecretItem.objects.visible_to(person).count()
    refs, count, api_refs, api_count = listed(person, q=item.reference)
    assert (refs, count, api_refs, api_count) == (set(), 0, set(), 0)
    assert page_client(person).get(reverse("records:item_detail", args=[item.pk])).status_code == 404
    assert api_client(person).get(f"/api/records/items/{item.pk}/").status_code == 404


def test_item_at_the_persons_level_in_their_unit_is_listed_and_readable(unit):
    person = person_in(unit, clearance=Level.TOI_MAT)
    item = SecretItemFactory(holding_unit=unit, level=Level.TOI_MAT)
    assert listed(person) == ({item.reference}, 1, {item.reference}, 1)
    response = page_client(person).get(reverse("records:item_detail", args=[item.pk]))
    assert response.status_code == 200 and item.reference in response.content.decode()


def test_item_above_the_persons_assignment_is_invisible(unit):
    person = person_in(unit, clearance=Level.MAT)
    SecretItemFactory(holding_unit=unit, level=Level.MAT, reference="1/BC-PA03")
    secret = SecretItemFactory(holding_unit=unit, level=Level.TOI_MAT, reference="2/BC-PA03")
    assert_invisible(person, secret)
    assert listed(person)[1] == 1


def test_item_in_another_unit_is_invisible(unit):
    person = person_in(unit, clearance=Level.TUYET_MAT)
    other = SecretItemFactory(holding_unit=UnitFactory(name="Kho bạc Nhà nước khu vực V"), level=Level.MAT)
    assert_invisible(person, other)


def test_assignment_covering_a_unit_is_not_need_to_know_for_its_items(unit):
    # Clearance for another unit passes the mandatory filter but not need-to-know.
    other_unit = UnitFactory()
    person = person_in(unit, clearance=Level.MAT, covers=[unit, other_unit])
    assert_invisible(person, SecretItemFactory(holding_unit=other_unit))


def test_a_higher_assignment_for_one_unit_does_not_raise_the_level_at_another(unit):
    from bmnn.org.tests.factories import CommitmentFactory, PositionFactory, TenureFactory

    other = UnitFactory()
    person = person_in(unit, clearance=Level.TOI_MAT)
    TenureFactory(person=person, position=PositionFactory(unit=other))
    CommitmentFactory(assignment=AccessAssignmentFactory(person=person, max_level=Level.MAT, units=[other]))
    here = SecretItemFactory(holding_unit=unit, level=Level.TOI_MAT)
    there_mat = SecretItemFactory(holding_unit=other, level=Level.MAT)
    there_toi_mat = SecretItemFactory(holding_unit=other, level=Level.TOI_MAT)
    visible = set(SecretItem.objects.visible_to(person).values_list("pk", flat=True))
    assert visible == {here.pk, there_mat.pk} and there_toi_mat.pk not in visible


def test_item_in_a_sub_unit_is_visible_to_the_parent_units_people(unit):
    division = UnitFactory(parent=unit)
    person = person_in(unit, clearance=Level.MAT)
    item = SecretItemFactory(holding_unit=division)
    assert listed(person)[0] == {item.reference}


def test_system_administrator_without_assignment_sees_nothing(unit):
    admin = PersonFactory(is_system_admin=True, is_staff=True, is_superuser=True)
    item = SecretItemFactory(holding_unit=unit)
    assert_invisible(admin, item)


def test_assignment_without_commitment_gives_nothing(unit):
    person = person_in(unit)  # holds a position in the unit
    AccessAssignmentFactory(person=person, max_level=Level.TUYET_MAT, units=[unit])  # no commitment signed
    assert_invisible(person, SecretItemFactory(holding_unit=unit))


def test_explicit_grant_makes_one_item_visible(unit):
    other_unit = UnitFactory()
    person = person_in(unit, clearance=Level.TOI_MAT, covers=[unit, other_unit])
    granted = SecretItemFactory(holding_unit=other_unit, level=Level.MAT)
    not_granted = SecretItemFactory(holding_unit=other_unit, level=Level.MAT)
    AccessGrantFactory(item=granted, person=person)
    assert listed(person) == ({granted.reference}, 1, {granted.reference}, 1)
    assert page_client(person).get(reverse("records:item_detail", args=[granted.pk])).status_code == 200
    assert_invisible(person, not_granted)


def test_explicit_grant_does_not_lift_clearance(unit):
    person = person_in(unit, clearance=Level.MAT)
    above = SecretItemFactory(holding_unit=unit, level=Level.TUYET_MAT)
    AccessGrantFactory(item=above, person=person)
    assert_invisible(person, above)


def test_search_ignores_diacritics_and_only_searches_visible_items(unit):
    person = person_in(unit, clearance=Level.MAT)
    item = SecretItemFactory(holding_unit=unit, reference="12/BC-PA03", document_type="Báo cáo")
    SecretItemFactory(holding_unit=unit, reference="3/KH-PA03", document_type="Kế hoạch")
    assert listed(person, q="bao cao")[0] == {item.reference}
    assert listed(person, q="BÁO CÁO")[2] == {item.reference}
    assert listed(person, q="12/bc")[1] == 1


def test_reading_an_item_is_logged_on_page_and_api(unit):
    person = person_in(unit, clearance=Level.MAT)
    item = SecretItemFactory(holding_unit=unit)
    page_client(person).get(reverse("records:item_detail", args=[item.pk]))
    api_client(person).get(f"/api/records/items/{item.pk}/")
    reads = LedgerEvent.objects.filter(action="records.item.read", object_id=str(item.pk))
    assert reads.count() == 2
    assert {e.actor_id for e in reads} == {person.pk}
    assert all(item.summary not in e.payload and item.summary not in e.description for e in reads)


def test_reading_a_proposal_without_a_number_names_it_in_the_ledger(unit):
    person = person_in(unit, clearance=Level.MAT)
    item = SecretItemFactory(holding_unit=unit, reference="", document_type="Tờ trình")
    page_client(person).get(reverse("records:item_detail", args=[item.pk]))
    read = LedgerEvent.objects.get(action="records.item.read", object_id=str(item.pk))
    assert read.description == f"Xem Tờ trình chưa có số (#{item.pk})"


def test_failed_read_of_a_hidden_item_leaves_no_read_event(unit):
    person = person_in(unit, clearance=Level.MAT)
    item = SecretItemFactory(holding_unit=UnitFactory())
    page_client(person).get(reverse("records:item_detail", args=[item.pk]))
    assert not LedgerEvent.objects.filter(action="records.item.read").exists()


def test_api_list_does_not_carry_the_summary_but_detail_does(unit):
    person = person_in(unit, clearance=Level.MAT)
    item = SecretItemFactory(holding_unit=unit)
    listing = api_client(person).get("/api/records/items/").json()["results"][0]
    assert "summary" not in listing
    assert api_client(person).get(f"/api/records/items/{item.pk}/").json()["summary"] == item.summary


def test_anonymous_visitor_is_sent_to_login_and_api_refuses():
    from django.test import Client

    assert Client().get(reverse("records:item_list")).status_code == 302
    assert APIClient().get("/api/records/items/").status_code in (401, 403)


def test_api_detail_with_a_non_numeric_id_is_not_found(unit):
    person = person_in(unit, clearance=Level.MAT)
    assert api_client(person).get("/api/records/items/abc/").status_code == 404


def test_level_filter_counts_only_visible_items_of_that_level(unit):
    person = person_in(unit, clearance=Level.TOI_MAT)
    SecretItemFactory(holding_unit=unit, level=Level.MAT)
    secret = SecretItemFactory(holding_unit=unit, level=Level.TOI_MAT)
    SecretItemFactory(holding_unit=unit, level=Level.TUYET_MAT)
    assert listed(person, level="TOI_MAT") == ({secret.reference}, 1, {secret.reference}, 1)
    assert listed(person, level="TUYET_MAT")[1] == 0


def test_a_list_larger_than_the_count_cap_asks_for_a_filter(unit, monkeypatch):
    from django.test import Client
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor
    from bmnn.core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    person = person_in(unit, clearance=Level.MAT)
    SecretItemFactory.create_batch(3, holding_unit=unit, level=Level.MAT)
    client = login_with_second_factor(Client(), person)
    body = client.get(reverse("records:item_list")).content.decode()
    assert "Hơn 2 tài liệu bạn được phép biết" in body


def test_hidden_and_missing_items_get_the_same_vietnamese_page(unit):
    person = person_in(unit, clearance=Level.MAT)
    hidden = SecretItemFactory(holding_unit=UnitFactory())
    client = page_client(person)
    pages = [client.get(reverse("records:item_detail", args=[pk])) for pk in (hidden.pk, hidden.pk + 1000)]
    assert [p.status_code for p in pages] == [404, 404]
    main = [p.content.decode().split('<main id="main">')[1].split("</main>")[0] for p in pages]
    assert main[0] == main[1] and "Không tìm thấy tài liệu" in main[0]


def _copy_held_by(item, *, unit=None, person=None):
    from django.db import transaction

    from bmnn.records.services import custody

    with transaction.atomic():
        return custody.create_copies(item, 1, custodian_unit=unit, custodian_person=person, act="test")[0]


def test_a_unit_holding_a_copy_sees_the_item_with_an_assignment_covering_only_itself(unit):
    receiving = UnitFactory(name="Phòng Tham mưu", code="PV01")
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    _copy_held_by(item, unit=receiving)
    clerk = person_in(receiving, clearance=Level.MAT)
    assert listed(clerk) == ({item.reference}, 1, {item.reference}, 1)


def test_holding_a_copy_elsewhere_does_not_lift_the_level_condition(unit):
    receiving = UnitFactory(name="Phòng Tham mưu", code="PV01")
    item = SecretItemFactory(holding_unit=unit, level=Level.TOI_MAT)
    _copy_held_by(item, unit=receiving)
    assert_invisible(person_in(receiving, clearance=Level.MAT), item)


def test_a_third_unit_does_not_see_an_item_because_another_unit_holds_a_copy(unit):
    receiving = UnitFactory(name="Phòng Tham mưu", code="PV01")
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    _copy_held_by(item, unit=receiving)
    assert_invisible(person_in(UnitFactory(), clearance=Level.MAT), item)


def test_the_person_holding_a_copy_sees_the_item(unit):
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    elsewhere = UnitFactory()
    holder = person_in(elsewhere, clearance=Level.MAT)
    _copy_held_by(item, person=holder)
    assert listed(holder)[1] == 1
