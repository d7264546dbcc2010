"""Lists of state secrets: only the system administrator loads them; reloading updates
entries and ends (never deletes) those dropped from the file; each load is in the ledger."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from bmnn.core.errors import Refused
from bmnn.core.models import LedgerEvent
from bmnn.org.tests.factories import PersonFactory, UnitFactory, person_in
from bmnn.records import services
from bmnn.records.models import SecretList, SecretListEntry
from bmnn.records.services.lists import entries_allowing, lists_on

pytestmark = pytest.mark.django_db

DEMO_FILE = Path(services.lists.__file__).resolve().parent.parent / "lists" / "demo.yaml"


def data(**overrides):
    base = {"code": "DM-TEST", "title": "Danh mục thử", "decision_reference": "9/QĐ-TEST",
            "issued_on": "15/12/2025", "sector": "Thử", "valid_from": dt.date(2020, 1, 1),
            "entries": [{"number": "1", "content": "Kế hoạch", "level": "TUYET_MAT"},
                        {"number": "2", "content": "Báo cáo", "level": "MAT"}]}
    base.update(overrides)
    return base


@pytest.fixture
def admin():
    return PersonFactory(is_system_admin=True)


def test_admin_loads_a_list_with_its_entries_and_the_ledger_records_it(admin):
    secret_list = services.load_list(admin, data())
    assert secret_list.issued_on == dt.date(2025, 12, 15)
    assert list(secret_list.entries.values_list("number", "level")) == [("1", "TUYET_MAT"), ("2", "MAT")]
    event = LedgerEvent.objects.get(action="records.list.load")
    assert event.actor_id == admin.pk and json.loads(event.payload)["added"] == ["1", "2"]


def test_only_the_system_administrator_loads_a_list():
    unit = UnitFactory()
    with pytest.raises(Refused) as refused:
        services.load_list(person_in(unit), data())
    assert refused.value.rule == "org.admin_only" and refused.value.basis
    assert not SecretList.objects.exists()


def test_reload_updates_entries_and_ends_a_dropped_entry_without_deleting_it(admin):
    services.load_list(admin, data())
    on = dt.date(2026, 5, 1)
    services.load_list(admin, data(entries=[{"number": "1", "content": "Kế hoạch mới", "level": "TOI_MAT"}]), on=on)
    first, second = SecretListEntry.objects.order_by("number")
    assert (first.content, first.level, first.valid_to) == ("Kế hoạch mới", "TOI_MAT", None)
    assert second.valid_to == dt.date(2026, 4, 30)  # still there, no longer valid from the load date
    assert not second.is_valid_on(on) and second.is_valid_on(dt.date(2026, 4, 30))
    payload = json.loads(LedgerEvent.objects.filter(action="records.list.load").last().payload)
    assert payload["changed"] == ["1"] and payload["removed"] == ["2"]


def test_a_list_with_an_unknown_level_is_rejected(admin):
    with pytest.raises(ValidationError):
        services.load_list(admin, data(entries=[{"number": "1", "content": "x", "level": "SECRET"}]))


def test_entries_valid_on_a_date_and_allowing_a_level(admin):
    services.load_list(admin, data(entries=[
        {"number": "1", "content": "a", "level": "TUYET_MAT"},
        {"number": "2", "content": "b", "level": "MAT"},
        {"number": "3", "content": "c", "level": "TOI_MAT", "valid_to": "31/12/2024"}]))
    on = dt.date(2026, 4, 1)
    assert [e.number for e in lists_on(on)[0].entries_on] == ["1", "2"]
    assert [e.number for e in entries_allowing("TOI_MAT", on)] == ["1"]


def test_the_demo_list_file_loads_and_says_it_is_fictitious(admin):
    assert "HƯ CẤU" in DEMO_FILE.read_text(encoding="utf-8")
    secret_list = services.load_list_file(admin, DEMO_FILE)
    assert "HƯ CẤU" in secret_list.title and secret_list.entries.count() >= 3


def test_command_loads_and_shows_lists(admin):
    out = StringIO()
    call_command("lists", "load", str(DEMO_FILE), "--as", admin.username, stdout=out)
    call_command("lists", "show", "--on", "01/04/2026", stdout=out)
    assert "DEMO-CA-SONHA" in out.getvalue()


def test_command_without_as_uses_the_only_administrator_and_refuses_others(admin):
    out = StringIO()
    call_command("lists", "load", str(DEMO_FILE), stdout=out)
    assert LedgerEvent.objects.get(action="records.list.load").actor_id == admin.pk
    PersonFactory(is_system_admin=True)
    with pytest.raises(CommandError):
        call_command("lists", "load", str(DEMO_FILE), stdout=out)
    staff = person_in(UnitFactory())
    with pytest.raises(CommandError, match="quản trị"):
        call_command("lists", "load", str(DEMO_FILE), "--as", staff.username, stdout=out)
