"""Concurrent registration: separate processes (each its own Django and connection) writing into
one register at the same moment get every number once — 1..N, no duplicate, no gap — on SQLite
(a file database, BEGIN IMMEDIATE) and PostgreSQL (ledger advisory lock, then the counter row).
The suite runs 8 processes × 60 lines; benchmarks/benchmark_numbering.py runs the full 8 × 500."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from bmnn.org.models import Role, UnitKind
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import RegisterEntry
from bmnn.records.numbering_stress import prepare, run_registrars

PROCESSES, EACH = 8, 60
on_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")


def assert_gapless(results, numbers_in_db):
    given = sorted(n for r in results for n in r["numbers"])
    assert given == list(range(1, PROCESSES * EACH + 1))  # each process saw its own numbers, none shared
    assert sorted(numbers_in_db) == given


def test_concurrent_registrars_get_gapless_unique_numbers_on_sqlite(tmp_path):
    env = {"BMNN_DATA_DIR": str(tmp_path), "BMNN_DATABASE_URL": ""}
    subprocess.run([sys.executable, "-m", "bmnn", "migrate", "-v", "0"], env={**os.environ, **env}, check=True)
    ids = prepare(env)
    results = run_registrars(PROCESSES, EACH, env, unit_id=ids["unit"], actor_id=ids["actor"], startup_seconds=2)
    db = sqlite3.connect(tmp_path / "bmnn.sqlite3")
    numbers = [n for (n,) in db.execute("SELECT number FROM records_registerentry")]
    assert_gapless(results, numbers)
    assert db.execute("SELECT COUNT(*) FROM records_register").fetchone() == (1,)  # one volume, opened once
    assert db.execute("SELECT last_number FROM records_registercounter").fetchone() == (PROCESSES * EACH,)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrars_get_gapless_unique_numbers_on_postgresql():
    unit = UnitFactory(kind=UnitKind.DIVISION, code="PTDS")
    clerk = person_in(unit, title="Văn thư", role=Role.CLERK)
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {"BMNN_DATABASE_URL": url, "BMNN_DATA_DIR": str(settings.DATA_DIR)}
    results = run_registrars(PROCESSES, EACH, env, unit_id=unit.pk, actor_id=clerk.pk, startup_seconds=2)
    assert_gapless(results, list(RegisterEntry.objects.filter(unit=unit).values_list("number", flat=True)))
    assert unit.registers.count() == 1
