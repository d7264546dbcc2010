"""Concurrent writers for the ledger, used by the tests and the benchmarks.

`run_writers(processes, events, env)` starts that many separate Python processes
(each its own Django and its own database connection) which append `events`
events each at the same moment; each event goes in its own transaction, with an
org.Unit row inserted alongside when `with_unit` is set (the "change it records").

    python -m bmnn.core.ledger_stress --worker 3 --events 500 --start-at 1790000000.5 [--with-unit]"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from bmnn.core.stress import run_together


def _write(worker: int, events: int, with_unit: bool) -> None:
    import datetime as dt

    from django.db import transaction

    from bmnn.core.ledger import record_event

    if with_unit:
        from bmnn.org.models import Unit, UnitKind
    for i in range(events):
        with transaction.atomic():
            unit = None
            if with_unit:
                unit = Unit.objects.create(kind=UnitKind.DIVISION, name=f"Phòng thử {worker}-{i}",
                                           code=f"W{worker}-{i}", valid_from=dt.date(2026, 1, 1))
            record_event("bench.append", unit=unit, obj=unit, description=f"Người ghi {worker}, sự kiện {i}",
                         payload={"worker": worker, "i": i})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", type=int, required=True)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--start-at", type=float, default=0.0)
    parser.add_argument("--with-unit", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmnn.settings")
    import django

    django.setup()
    from django.db import connection

    connection.ensure_connection()
    delay = args.start_at - time.time()
    if delay > 0:
        time.sleep(delay)
    started = time.perf_counter()
    _write(args.worker, args.events, args.with_unit)
    seconds = time.perf_counter() - started
    print(json.dumps({"worker": args.worker, "events": args.events, "seconds": seconds}))
    return 0


def run_writers(processes: int, events: int, env: dict[str, str], *, with_unit: bool = False,
                startup_seconds: float = 4.0, timeout: float = 600) -> list[dict]:
    """Run the writers and return each one's {"worker", "events", "seconds"}; raises if one fails."""
    args = [["--worker", str(k), "--events", str(events), *(["--with-unit"] if with_unit else [])]
            for k in range(processes)]
    return run_together("bmnn.core.ledger_stress", args, env, what="ledger writer",
                        startup_seconds=startup_seconds, timeout=timeout)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
