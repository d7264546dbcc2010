"""`bmnn records generate`: refuses without the synthetic flag; on a small count,
consistent items, copies and gapless register numbering, and one ledger event."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.management.commands.records import ENV_FLAG, SYNTHETIC_TYPE
from bmnn.records.models import Copy, CustodyRecord, RegisterCounter, RegisterEntry, RegisterKind, SecretItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    a = UnitFactory(name="Phòng Tham mưu", code="PV01")
    b = UnitFactory(name="Phòng An ninh chính trị nội bộ", code="PA03")
    person_in(a, role=Role.CLERK, clearance=Level.TUYET_MAT)
    return a, b


def generate(*args, **kwargs):
    call_command("records", "generate", *args, "--no-progress", **kwargs)


def test_refuses_without_the_synthetic_flag(units, monkeypatch):
    monkeypatch.delenv(ENV_FLAG, raising=False)
    with pytest.raises(CommandError, match="i-know-this-is-synthetic"):
        generate("--items", "5")
    assert not SecretItem.objects.exists() and not LedgerEvent.objects.filter(action__startswith="records.").exists()


def test_environment_flag_also_allows_it(units, monkeypatch):
    monkeypatch.setenv(ENV_FLAG, "1")
    generate("--items", "3")
    assert SecretItem.objects.count() == 3


def test_generates_marked_items_with_copies_custody_and_one_ledger_event(units):
    generate("--items", "40", "--seed", "7", "--i-know-this-is-synthetic")
    assert SecretItem.objects.count() == 40
    assert set(SecretItem.objects.values_list("document_type", flat=True)) == {SYNTHETIC_TYPE}
    assert SecretItem.objects.filter(search_text__contains="du lieu thu tai").count() == 40
    planned = sum(SecretItem.objects.values_list("copies_planned", flat=True))
    assert Copy.objects.count() == planned == CustodyRecord.objects.filter(until__isnull=True).count()
    events = LedgerEvent.objects.filter(action="records.synthetic.generate")
    payload = json.loads(events.get().payload)
    assert events.count() == 1 and payload["items"] == 40 and payload["seed"] == 7


def test_register_numbers_are_gapless_per_unit_kind_and_year_and_rise_with_dates(units):
    generate("--items", "60", "--i-know-this-is-synthetic")
    generate("--items", "30", "--seed", "2", "--i-know-this-is-synthetic")  # continues the series
    series = RegisterEntry.objects.values("unit", "kind", "year").annotate(n=Count("pk"))
    assert {s["kind"] for s in series} == {RegisterKind.OUTGOING, RegisterKind.INCOMING}
    for s in series:
        entries = list(RegisterEntry.objects.filter(unit=s["unit"], kind=s["kind"], year=s["year"])
                       .order_by("number").values_list("number", "entry_date"))
        assert [n for n, _ in entries] == list(range(1, s["n"] + 1))
        counter = RegisterCounter.objects.get(unit=s["unit"], kind=s["kind"], year=s["year"])
        assert counter.last_number == s["n"]
    # The first run's lines are in date order; each item has exactly one outgoing line.
    assert RegisterEntry.objects.filter(kind=RegisterKind.OUTGOING).count() == 90
    assert all(e.entry_date.year == e.year for e in RegisterEntry.objects.all())


def test_unit_option_puts_everything_in_that_unit(units):
    generate("--items", "10", "--unit", "PA03", "--i-know-this-is-synthetic")
    assert set(SecretItem.objects.values_list("holding_unit__code", flat=True)) == {"PA03"}
    assert not RegisterEntry.objects.filter(kind=RegisterKind.INCOMING).exists()


def test_ordinary_inserts_continue_after_the_generated_ids(units):
    from bmnn.records.tests.factories import SecretItemFactory

    generate("--items", "5", "--i-know-this-is-synthetic")
    generated = set(SecretItem.objects.values_list("pk", flat=True))
    assert SecretItemFactory(holding_unit=units[0]).pk not in generated
    copy = Copy.objects.create(item=SecretItem.objects.first(), number=9, custodian_unit=units[0])
    assert copy.pk > max(Copy.objects.exclude(pk=copy.pk).values_list("pk", flat=True))
