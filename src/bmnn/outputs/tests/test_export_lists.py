"""Every list page can be exported: each spec runs over its page's query and gives a sheet with its
Vietnamese column heads; each page carries the "Xuất Excel" button keeping its filters; the
rulebook says who may export every list, in both regimes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import PositionFactory, TenureFactory
from bmnn.outputs.export import act
from bmnn.outputs.export import spec as specs
from bmnn.outputs.tests.export_fixtures import clerk, elsewhere, staff, treasury  # noqa: F401  (over conftest's)
from bmnn.outputs.tests.export_fixtures import header_row, open_xlsx
from bmnn.records.models import Register
from bmnn.records.tests.issued import issued_item
from bmnn.rulebook.forms import form_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(clerk, treasury):
    """The clerk also holds the state-secret officer's post: every list is theirs to export."""
    TenureFactory(person=clerk, position=PositionFactory(unit=treasury, title="Cán bộ bảo mật",
                                                         role=Role.SECURITY_OFFICER))
    issued_item(clerk, treasury, level=Level.TOI_MAT)
    return clerk


def _params(code, unit) -> dict:
    register = Register.objects.filter(unit=unit).first()
    return {"register": {"register": str(register.pk)},
            "register-series": {"unit": str(unit.pk), "kind": "outgoing", "year": "2026"},
            "registers": {"unit": str(unit.pk)},
            "inventory": {"unit": str(unit.pk), "from": "01/01/2026", "to": "31/12/2026"}}.get(code, {})


@pytest.mark.parametrize("code", specs.codes())
def test_every_list_exports_with_its_vietnamese_column_heads(keeper, treasury, code):
    spec = specs.get(code)
    printout, content = act.export_list(keeper, code, _params(code, treasury))
    ws = open_xlsx(content)
    assert [c.value for c in ws[header_row(ws)]] == [str(c.header) for c in spec.columns]
    assert len(ws.title) <= 31 and printout.form == f"export.{code}"


def _page_url(code, unit) -> str:
    register = Register.objects.filter(unit=unit).first()
    names = {"items": "records:item_list", "carryouts": "records:carryout_list", "councils": "records:council_list",
             "declassifications": "records:declass_list", "deliveries": "records:delivery_to_receive",
             "destructions": "records:destruction_list", "incidents": "records:incident_list",
             "meetings": "records:meeting_list", "notices": "records:notice_list",
             "provisions": "records:provision_list", "recalls": "records:recall_list",
             "departures": "records:departure_list", "reproductions": "records:reproduction_list",
             "stocktakes": "records:stocktake_list", "inventory": "records:inventory",
             "computers": "computers:computer_list", "violations": "computers:violation_list"}
    if code == "register":
        return reverse("records:register_detail", args=[register.pk])
    if code == "registers":
        return reverse("records:register_list", args=[unit.pk])
    if code == "register-series":
        return reverse("records:register_entries") + f"?unit={unit.pk}&kind=outgoing&year=2026"
    return reverse(names[code])


@pytest.mark.parametrize("code", specs.codes())
def test_every_list_page_has_the_export_button(keeper, treasury, code):
    response = login_with_second_factor(Client(), keeper).get(_page_url(code, treasury))
    assert response.status_code == 200
    assert reverse("outputs:export", args=[code]) in response.content.decode()
    assert "Xuất Excel" in response.content.decode()


def test_the_button_keeps_the_page_filters_but_not_its_page_number(keeper):
    response = login_with_second_factor(Client(), keeper).get(reverse("records:item_list") + "?level=MAT&page=2&q=bao")
    assert reverse("outputs:export", args=["items"]) + "?level=MAT&amp;q=bao" in response.content.decode()


@pytest.mark.parametrize("version", ["2018.1", "2026.1"])
def test_the_rulebook_says_who_may_export_every_list(version):
    forms = form_set("exports", version)
    assert set(specs.codes()) <= set(forms.entries)
    for entry in forms.entries.values():
        assert entry["roles"] and Role.STAFF not in entry["roles"]
        assert entry.citation and entry.verified is False and "Quy định của cơ sở" in entry.note


def test_the_rule_in_force_on_the_day_is_applied():
    assert act.rule_for("items", dt.date(2025, 6, 1))[0].version == "2018.1"
    assert act.rule_for("items", dt.date(2026, 6, 1))[0].version == "2026.1"


def test_an_unknown_role_in_an_exports_file_is_rejected():
    from bmnn.rulebook.forms import parse
    from bmnn.rulebook.loader import RegimeError

    text = """schema: 1
kind: exports
version: "x"
regime: "2026"
valid_from: 2026-03-01
entries:
  items: {name: "Tài liệu", roles: [clerk, janitor]}
"""
    with pytest.raises(RegimeError) as error:
        parse(text, "exports-x.yaml")
    assert "janitor" in str(error.value.problems)


def test_a_datetime_is_a_date_cell_with_hours_in_local_time(keeper, treasury):
    from bmnn.computers.models import Computer

    Computer.objects.create(unit=treasury, machine_id="m-1", hostname="KB-MAY-01", os="Windows 10",
                            last_scanned_at=dt.datetime(2026, 5, 4, 2, 30, tzinfo=dt.timezone.utc))
    ws = open_xlsx(act.export_list(keeper, "computers", {})[1])
    cell = ws.cell(row=header_row(ws) + 1, column=7)
    assert cell.value == dt.datetime(2026, 5, 4, 9, 30)  # Asia/Ho_Chi_Minh
    assert cell.number_format == "dd/mm/yyyy hh:mm"
