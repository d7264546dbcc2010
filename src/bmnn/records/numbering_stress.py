"""Concurrent registration into one register, used by the tests and the benchmark.

`run_registrars(processes, entries, env, unit_id=, actor_id=)` starts that many
separate Python processes (each its own Django and database connection) which,
at the same moment, each write `entries` lines into the outgoing register of one
unit, each line in its own transaction with its ledger event — as an act does.
`prepare(env)` creates the unit and the clerk in a fresh database (SQLite file).

    python -m bmnn.records.numbering_stress --worker 3 --entries 500 --unit 1 --actor 2 --start-at 1790000000.5
    python -m bmnn.records.numbering_stress --prepare"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from bmnn.core.stress import run_together

ENTRY_DATE = "2026-04-10"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmnn.settings")
    import django

    django.setup()


def _prepare() -> dict:
    """A unit and its clerk (no access assignment needed: numbering checks none)."""
    import datetime as dt

    from bmnn.org.models import Person, Position, Role, Tenure, Unit, UnitKind

    since = dt.date(2020, 1, 1)
    unit = Unit.objects.create(kind=UnitKind.DIVISION, name="Phòng Thử Đánh Số", code="PTDS", valid_from=since)
    clerk = Person.objects.create(username=f"numbering.clerk.{unit.pk}", full_name="Văn Thư Thử")
    position = Position.objects.create(unit=unit, title="Văn thư", role=Role.CLERK, valid_from=since)
    Tenure.objects.create(person=clerk, position=position, valid_from=since)
    return {"unit": unit.pk, "actor": clerk.pk}


def _register(worker: int, entries: int, unit_id: int, actor_id: int) -> list[int]:
    import datetime as dt

    from django.db import transaction

    from bmnn.core.ledger import record_event
    from bmnn.org.models import Person, Unit
    from bmnn.records.models import RegisterKind
    from bmnn.records.services.registers import record_entry

    unit, actor = Unit.objects.get(pk=unit_id), Person.objects.get(pk=actor_id)
    on = dt.date.fromisoformat(ENTRY_DATE)
    numbers = []
    for i in range(entries):
        with transaction.atomic():
            entry = record_entry(actor, unit=unit, kind=RegisterKind.OUTGOING, entry_date=on,
                                 counterpart=f"Người ghi {worker}", note=f"{worker}-{i}")
            record_event("bench.register_entry", actor=actor, unit=unit, obj=entry,
                         description=f"Vào sổ đi số {entry.number}/{entry.year}", payload={"worker": worker, "i": i})
        numbers.append(entry.number)
    return numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--worker", type=int)
    parser.add_argument("--entries", type=int)
    parser.add_argument("--unit", type=int)
    parser.add_argument("--actor", type=int)
    parser.add_argument("--start-at", type=float, default=0.0)
    args = parser.parse_args(argv)
    _setup()
    if args.prepare:
        print(json.dumps(_prepare()))
        return 0
    from django.db import connection

    connection.ensure_connection()
    delay = args.start_at - time.time()
    if delay > 0:
        time.sleep(delay)
    started = time.perf_counter()
    numbers = _register(args.worker, args.entries, args.unit, args.actor)
    seconds = time.perf_counter() - started
    print(json.dumps({"worker": args.worker, "entries": args.entries, "seconds": seconds, "numbers": numbers}))
    return 0


def prepare(env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-m", "bmnn.records.numbering_stress", "--prepare"],
                          env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_registrars(processes: int, entries: int, env: dict[str, str], *, unit_id: int, actor_id: int,
                   startup_seconds: float = 4.0, timeout: float = 900) -> list[dict]:
    """Run the registrars and return each one's {"worker", "entries", "seconds", "numbers"}; raises if one fails."""
    args = [["--worker", str(k), "--entries", str(entries), "--unit", str(unit_id), "--actor", str(actor_id)]
            for k in range(processes)]
    return run_together("bmnn.records.numbering_stress", args, env, what="registrar",
                        startup_seconds=startup_seconds, timeout=timeout)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
