"""Registers: gapless numbers per unit, kind and year, restarting each year and continuing across
volumes; a refused act takes its number back; a cancelled line keeps its number and stays visible;
a year closed at year end refuses new lines; cover data; reading a volume with filters, masking the
lines of items the reader may not see, and the pages and API."""

import datetime as dt
import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import person_in
from bmnn.records.models import ItemStatus, Recipient, Register, RegisterEntry, RegisterKind
from bmnn.records.services import registers
from bmnn.records.services.issue import issue_item
from bmnn.records.services.registers import LineFilters, cancel_entry, close_register, lines, record_entry
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db

IN_2026 = dt.date(2026, 4, 10)
OUT = RegisterKind.OUTGOING


@pytest.fixture
def clerk(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TOI_MAT, full_name="Phạm Thu Trang")


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.TUYET_MAT, full_name="Bùi Văn Nam")


def entry(clerk, unit, on=IN_2026, kind=OUT, item=None, **fields):
    with transaction.atomic():
        return record_entry(clerk, unit=unit, kind=kind, entry_date=on, item=item, **fields)


def item_in(unit, level=Level.MAT, **fields):
    return SecretItemFactory(holding_unit=unit, level=level, status=ItemStatus.ISSUED, **fields)


# --- Numbering -------------------------------------------------------------------------------

def test_numbers_run_from_one_without_gaps_and_restart_each_year(clerk, pa03):
    numbers = [entry(clerk, pa03, dt.date(2026, 12, 30 + i)).number for i in range(2)]
    assert numbers == [1, 2]
    assert [entry(clerk, pa03, dt.date(2027, 1, 2)).number for _ in range(2)] == [1, 2]
    assert Register.objects.filter(unit=pa03, kind=OUT).count() == 2  # one per year


def test_each_kind_and_unit_has_its_own_series(clerk, pa03, police):
    assert entry(clerk, pa03).number == 1
    assert entry(clerk, pa03, kind=RegisterKind.INCOMING).number == 1
    assert entry(clerk, police).number == 1
    assert entry(clerk, pa03).number == 2


def test_a_refused_act_takes_its_number_back(clerk, pa03):
    entry(clerk, pa03)
    with pytest.raises(Refused):
        with transaction.atomic():
            record_entry(clerk, unit=pa03, kind=OUT, entry_date=IN_2026)
            raise Refused("thử", rule="test", basis="test")
    assert entry(clerk, pa03).number == 2
    assert list(RegisterEntry.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_a_closed_volume_continues_in_the_next_volume_with_the_next_number(clerk, pa03):
    first = entry(clerk, pa03)
    close_register(clerk, first.register, IN_2026, year_end=False)
    second = entry(clerk, pa03)
    assert (second.number, second.register.volume) == (2, 2)
    assert registers.cover_of(second.register).first_number == 2


def test_a_year_closed_at_year_end_refuses_new_lines_with_the_basis(clerk, pa03):
    line = entry(clerk, pa03, dt.date(2026, 12, 30))
    close_register(clerk, line.register, dt.date(2026, 12, 31))
    with pytest.raises(Refused) as refusal:
        entry(clerk, pa03, dt.date(2026, 12, 31))
    assert refusal.value.rule == "registers.closed_for_year" and "2026" in refusal.value.message
    assert refusal.value.basis
    assert entry(clerk, pa03, dt.date(2027, 1, 4)).number == 1  # the new year opens its own register
    with pytest.raises(Refused):
        cancel_entry(clerk, line, "Ghi nhầm", dt.date(2027, 1, 4))


def test_closing_a_year_before_its_last_day_is_refused(clerk, pa03):
    line = entry(clerk, pa03)
    with pytest.raises(Refused) as refusal:
        close_register(clerk, line.register, IN_2026)
    assert refusal.value.rule == "registers.year_end_early"
    assert not Register.objects.get(pk=line.register_id).is_closed


def test_closing_twice_is_refused_and_close_is_in_the_ledger(clerk, pa03):
    line = entry(clerk, pa03)
    close_register(clerk, line.register, IN_2026, year_end=False)
    with pytest.raises(Refused):
        close_register(clerk, line.register, IN_2026, year_end=False)
    event = LedgerEvent.objects.get(action="records.register.close")
    assert json.loads(event.payload)["last_number"] == 1


def test_a_cancelled_line_keeps_its_number_and_stays_visible(clerk, pa03):
    first, second = entry(clerk, pa03), entry(clerk, pa03)
    cancel_entry(clerk, first, "Ghi nhầm tài liệu", IN_2026)
    assert entry(clerk, pa03).number == 3
    page = lines(clerk, first.register)
    assert [line.entry.number for line in page.lines] == [1, 2, 3]
    assert page.lines[0].cancelled and page.lines[0].entry.cancel_reason == "Ghi nhầm tài liệu"
    assert LedgerEvent.objects.filter(action="records.register.cancel_entry", object_id=str(first.pk)).exists()
    assert second.cancelled_on is None


def test_cancelling_needs_a_reason_a_keeper_and_happens_once(clerk, staff, pa03):
    line = entry(clerk, pa03)
    with pytest.raises(Refused) as no_reason:
        cancel_entry(clerk, line, "  ", IN_2026)
    assert no_reason.value.rule == "registers.cancel_reason"
    with pytest.raises(Refused) as not_keeper:
        cancel_entry(staff, line, "Ghi nhầm", IN_2026)
    assert not_keeper.value.rule == "registers.keeper_only" and not_keeper.value.basis
    cancel_entry(clerk, line, "Ghi nhầm", IN_2026)
    with pytest.raises(Refused):
        cancel_entry(clerk, line, "Ghi nhầm", IN_2026)


# --- Cover and lines --------------------------------------------------------------------------

def test_cover_shows_bodies_year_volume_and_first_and_last_number_and_date(clerk, pa03):
    entry(clerk, pa03, dt.date(2026, 2, 3))
    last = entry(clerk, pa03, dt.date(2026, 5, 6))
    cover = registers.cover_of(last.register)
    assert (cover.register.parent_body_name, cover.register.body_name) == ("Công an tỉnh Sơn Hà",
                                                                           "Phòng An ninh chính trị nội bộ")
    assert (cover.register.year, cover.register.volume) == (2026, 1)
    assert (cover.first_number, cover.last_number, cover.count) == (1, 2, 2)
    assert (cover.first_date, cover.last_date) == (dt.date(2026, 2, 3), dt.date(2026, 5, 6))


def test_lines_are_paged_by_number_both_ways(clerk, pa03):
    for _ in range(7):
        register = entry(clerk, pa03).register
    page = lines(clerk, register, page_size=3)
    assert [ln.entry.number for ln in page.lines] == [1, 2, 3] and page.has_next and not page.has_previous
    assert page.count == 7
    page = lines(clerk, register, after=3, page_size=3)
    assert [ln.entry.number for ln in page.lines] == [4, 5, 6] and page.has_next and page.has_previous
    page = lines(clerk, register, before=4, page_size=3)
    assert [ln.entry.number for ln in page.lines] == [1, 2, 3] and not page.has_previous


def test_filters_by_number_date_status_level_and_reference_without_diacritics(clerk, pa03):
    entry(clerk, pa03, dt.date(2026, 1, 5), item=item_in(pa03, reference="1/BC-PA03", document_type="Báo cáo"))
    entry(clerk, pa03, dt.date(2026, 2, 5), item=item_in(pa03, reference="2/KH-PA03", document_type="Kế hoạch",
                                                         level=Level.TOI_MAT))
    third = entry(clerk, pa03, dt.date(2026, 3, 5), item=item_in(pa03, reference="3/BC-PA03"))
    cancel_entry(clerk, third, "Ghi nhầm", IN_2026)
    register = third.register

    def numbers(**filters):
        return [ln.entry.number for ln in lines(clerk, register, LineFilters(**filters)).lines]

    assert numbers(number_from=2, number_to=3) == [2, 3]
    assert numbers(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28)) == [2]
    assert numbers(status="cancelled") == [3] and numbers(status="active") == [1, 2]
    assert numbers(level=Level.TOI_MAT) == [2]
    assert numbers(q="ke hoach") == [2] and numbers(q="bc-pa03") == [1, 3]
    assert lines(clerk, register, LineFilters(q="bc")).count is None  # filtered pages are not counted


def test_a_line_whose_item_the_reader_may_not_see_shows_only_number_and_date(clerk, pa03):
    hidden = item_in(pa03, reference="9/BC-PA03", level=Level.TUYET_MAT)
    shown = item_in(pa03, reference="10/BC-PA03")
    register = entry(clerk, pa03, item=hidden, counterpart="Bộ Công an").register
    entry(clerk, pa03, item=shown)
    page = lines(clerk, register)
    assert [(ln.entry.number, ln.visible) for ln in page.lines] == [(1, False), (2, True)]
    assert page.lines[0].item is None and page.lines[0].summary == ""
    # A filter on content never matches a hidden line: it would tell its level or reference.
    assert lines(clerk, register, LineFilters(q="9/BC")).lines == []
    assert lines(clerk, register, LineFilters(level=Level.TUYET_MAT)).lines == []


def test_the_register_line_carries_no_tuyet_mat_summary_under_2026_but_others_keep_theirs(pa03):
    keeper = person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    top = item_in(pa03, level=Level.TUYET_MAT, summary="Kế hoạch bảo vệ")
    mat = item_in(pa03, level=Level.MAT, summary="Báo cáo tháng")
    register = entry(keeper, pa03, item=top).register
    entry(keeper, pa03, item=mat)
    summaries = [ln.summary for ln in lines(keeper, register).lines]
    assert summaries == ["", "Báo cáo tháng"]


def test_a_2025_tuyet_mat_line_stored_with_consent_keeps_its_summary(pa03):
    keeper = person_in(pa03, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    top = item_in(pa03, level=Level.TUYET_MAT, summary="Kế hoạch bảo vệ")
    line = entry(keeper, pa03, dt.date(2025, 10, 1), item=top)
    assert registers.line_summary(line) == "Kế hoạch bảo vệ"


# --- Pages and API ----------------------------------------------------------------------------

def page_client(person):
    return login_with_second_factor(Client(), person)


def api_client(person):
    return login_with_second_factor(APIClient(), person)


def test_keeper_sees_the_units_registers_and_others_get_404(clerk, staff, pa03):
    register = entry(clerk, pa03).register
    url = reverse("records:register_list", args=[pa03.pk])
    response = page_client(clerk).get(url)
    assert response.status_code == 200 and "Sổ đăng ký bí mật nhà nước đi" in response.content.decode()
    assert page_client(staff).get(url).status_code == 404
    assert page_client(staff).get(reverse("records:register_detail", args=[register.pk])).status_code == 404
    assert api_client(staff).get(f"/api/records/registers/{register.pk}/").status_code == 404
    assert api_client(staff).get("/api/records/registers/").json()["count"] == 0


def test_register_page_masks_hidden_lines_and_logs_the_read(clerk, pa03):
    hidden = item_in(pa03, reference="9/BC-PA03", level=Level.TUYET_MAT)
    register = entry(clerk, pa03, item=hidden, counterpart="Bộ Công an").register
    entry(clerk, pa03, item=item_in(pa03, reference="10/BC-PA03"))
    response = page_client(clerk).get(reverse("records:register_detail", args=[register.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "10/BC-PA03" in html
    assert "9/BC-PA03" not in html and "Bộ Công an" not in html
    assert LedgerEvent.objects.filter(action="records.register.read", object_id=str(register.pk)).exists()


def test_register_page_filters_and_shows_cancelled_lines_struck_through(clerk, pa03):
    line = entry(clerk, pa03, item=item_in(pa03, reference="1/BC-PA03"))
    cancel_entry(clerk, line, "Ghi nhầm", IN_2026)
    response = page_client(clerk).get(reverse("records:register_detail", args=[line.register_id]),
                                      {"status": "cancelled", "q": "bc"})
    html = response.content.decode()
    assert response.status_code == 200 and "cancelled" in html and "Ghi nhầm" in html


def test_cancel_and_close_through_the_pages(clerk, pa03):
    line = entry(clerk, pa03)
    client = page_client(clerk)
    response = client.post(reverse("records:register_entry_cancel", args=[line.pk]), {"reason": ""})
    assert response.status_code == 200 and "lý do" in response.content.decode()
    response = client.post(reverse("records:register_entry_cancel", args=[line.pk]), {"reason": "Ghi nhầm"})
    assert response.status_code == 302
    assert RegisterEntry.objects.get(pk=line.pk).cancel_reason == "Ghi nhầm"
    response = client.post(reverse("records:register_close", args=[line.register_id]), {"year_end": ""})
    assert response.status_code == 302 and Register.objects.get(pk=line.register_id).is_closed


def test_issue_through_the_page_and_the_api(clerk, pa03):
    items = []
    for _ in range(2):
        item = SecretItemFactory(holding_unit=pa03, level=Level.MAT, status=ItemStatus.CLASSIFIED, reference="")
        Recipient.objects.create(item=item, external_name="Phòng Tham mưu")
        items.append(item)
    response = page_client(clerk).post(reverse("records:issue", args=[items[0].pk]), {"storage_place": "Tủ 1"})
    assert response.status_code == 302
    response = api_client(clerk).post("/api/records/issues/", {"item": items[1].pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 2 and len(response.json()["copies"]) == 1
    again = api_client(clerk).post("/api/records/issues/", {"item": items[1].pk}, format="json")
    assert again.status_code == 403 and again.json()["rule"] == "issue.already_issued"


def test_api_lists_entries_with_filters_masks_and_cancels_and_closes(clerk, pa03):
    hidden = item_in(pa03, reference="9/BC-PA03", level=Level.TUYET_MAT)
    line = entry(clerk, pa03, item=hidden)
    entry(clerk, pa03, item=item_in(pa03, reference="10/KH-PA03", document_type="Kế hoạch"))
    client = api_client(clerk)
    data = client.get(f"/api/records/registers/{line.register_id}/entries/").json()
    assert [(e["number"], e["hidden"], e["reference"]) for e in data["results"]] == [(1, True, None),
                                                                                    (2, False, "10/KH-PA03")]
    data = client.get(f"/api/records/registers/{line.register_id}/entries/", {"q": "ke hoach"}).json()
    assert [e["number"] for e in data["results"]] == [2]
    cover = client.get(f"/api/records/registers/{line.register_id}/").json()
    assert (cover["first_number"], cover["last_number"], cover["body_name"]) == (1, 2, pa03.name)
    response = client.post(f"/api/records/register-entries/{line.pk}/cancel/", {"reason": ""}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "registers.cancel_reason"
    response = client.post(f"/api/records/register-entries/{line.pk}/cancel/", {"reason": "Nhầm"}, format="json")
    assert response.status_code == 200 and response.json()["cancelled_on"]
    response = client.post(f"/api/records/registers/{line.register_id}/close/", {"year_end": False}, format="json")
    assert response.status_code == 200 and response.json()["closed_on"]


def test_a_years_register_across_volumes_with_filters_for_its_keepers_only(clerk, staff, pa03):
    first = entry(clerk, pa03, item=item_in(pa03, reference="1/BC-PA03"))
    close_register(clerk, first.register, IN_2026, year_end=False)
    entry(clerk, pa03, item=item_in(pa03, reference="2/KH-PA03", document_type="Kế hoạch"))
    url = reverse("records:register_entries")
    params = {"unit": pa03.pk, "kind": "outgoing", "year": 2026}
    response = page_client(clerk).get(url, params)
    assert response.status_code == 200 and response.context["count"] == 2
    assert [ln.entry.number for ln in response.context["page"].lines] == [1, 2]
    response = page_client(clerk).get(url, {**params, "q": "ke hoach"})
    assert [ln.entry.number for ln in response.context["page"].lines] == [2]
    assert page_client(staff).get(url, params).status_code == 404


def test_register_index_lists_the_units_whose_registers_the_person_keeps(clerk, staff, pa03):
    response = page_client(clerk).get(reverse("records:register_index"))
    assert response.status_code == 200 and [u.pk for u in response.context["units"]] == [pa03.pk]
    assert page_client(staff).get(reverse("records:register_index")).context["units"] == []
