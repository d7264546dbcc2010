"""One database leg of the tick benchmark (run by benchmark_tick.py in a fresh process
whose environment names the database and a temporary data dir).

1. The organisation of the registers benchmark (registers_leg.organisation) and N synthetic
   items from `bmnn records generate`.
2. Protection periods shaped in one UPDATE (share stated in docs/benchmarks.md), by id:
   id % 1000 < 20 (2.0 %)   classified 10/20/30 years (by level) and 1–30 days before the tick
                            date: expired, not extended — declassified by the tick;
   20 ≤ id % 1000 < 25 (0.5 %) classified as long ago but extended by one base period: kept;
   id % 1000 = 999 (0.1 %)  places (no date): never touched;
   the rest                 classified on their document date (the last two years): kept.
3. The ledger grown to a realistic size (--ledger-events, 20,000 by default), then
   `bmnn tick --on <date>` (every step) timed in a fresh session; then again (must change nothing).
4. Baseline in the same run: 10,000 more items made to expire, declassified by a naive loop
   (one transaction per item: lock and save the item through the ORM, create its row, its
   ledger event); then another 10,000 by the tick step — the same work, the same database.
Prints one JSON object."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from registers_leg import organisation, setup  # noqa: E402  (same organisation, same migrate)

ON = dt.date(2026, 11, 23)
SAMPLE = 10_000


def _sql_date_add(vendor: str, column: str, amount: str, unit: str) -> str:
    """`column + amount unit` as a date, in the database's own dialect."""
    if vendor == "postgresql":
        return f"CAST({column} + ({amount}) * INTERVAL '1 {unit}' AS date)"
    return f"date({column}, ({amount}) || ' {unit}s')"


def shape_periods(on: dt.date) -> None:
    from django.db import connection

    vendor = connection.vendor
    years = "(CASE level WHEN 'MAT' THEN 10 WHEN 'TOI_MAT' THEN 20 ELSE 30 END)"
    tick_day = "CAST(%s AS date)" if vendor == "postgresql" else "%s"
    until_expired = _sql_date_add(vendor, tick_day, "-1 - id %% 30", "day")
    classified_expired = _sql_date_add(vendor, until_expired, f"-{years}", "year")
    until_extended = _sql_date_add(vendor, tick_day, f"{years}", "year")
    classified_extended = _sql_date_add(vendor, tick_day, f"-{years} - 1", "year")
    until_current = _sql_date_add(vendor, "issued_on", years, "year")
    sql = f"""
        UPDATE records_secretitem SET
          kind = CASE WHEN id %% 1000 = 999 THEN 'place' ELSE kind END,
          classified_on = CASE WHEN id %% 1000 < 20 THEN {classified_expired}
                               WHEN id %% 1000 < 25 THEN {classified_extended}
                               ELSE issued_on END,
          protection_until = CASE WHEN id %% 1000 = 999 THEN NULL
                                  WHEN id %% 1000 < 20 THEN {until_expired}
                                  WHEN id %% 1000 < 25 THEN {until_extended}
                                  ELSE {until_current} END"""
    value = on.isoformat()
    with connection.cursor() as cursor:
        cursor.execute(sql, [value] * sql.count("%s"))
        cursor.execute("ANALYZE")


def expire_sample(on: dt.date, remainder_from: int, count: int) -> list[int]:
    """Make `count` not-yet-expired items expire yesterday (ids chosen by a remainder band)."""
    from bmnn.records.models import ItemKind, ItemStatus, SecretItem

    ids = list(SecretItem.objects.filter(status=ItemStatus.ISSUED, protection_until__gte=on)
               .exclude(kind=ItemKind.PLACE).extra(where=["id %% 1000 >= %s"], params=[remainder_from])
               .order_by("pk").values_list("pk", flat=True)[:count])
    SecretItem.objects.filter(pk__in=ids).update(protection_until=on - dt.timedelta(days=1))
    return ids


def naive(on: dt.date, ids: list[int]) -> float:
    """One transaction per item, the ORM's save(): how an act is usually written."""
    from django.db import transaction

    from bmnn.core import ledger
    from bmnn.records.models import Declassification, DeclassificationGround, ItemStatus, SecretItem
    from bmnn.records.services.declass import basis

    cite = basis(DeclassificationGround.EXPIRED, on)
    started = time.perf_counter()
    for pk in ids:
        with transaction.atomic():
            item = SecretItem.objects.select_for_update().select_related("holding_unit").get(pk=pk)
            if item.status == ItemStatus.DECLASSIFIED or item.protection_until >= on:
                continue
            item.status = ItemStatus.DECLASSIFIED
            item.save(update_fields=["status"])
            row = Declassification.objects.create(item=item, ground=DeclassificationGround.EXPIRED, level=item.level,
                                                  unit=item.holding_unit, decided_on=on, basis=cite,
                                                  effective_on=item.protection_until + dt.timedelta(days=1))
            ledger.record_event("records.declass.expired", unit=item.holding_unit, obj=item,
                                description=f"Tự động giải mật {item.reference}",
                                payload={"declassification": row.pk, "on": on, "basis": cite})
    return time.perf_counter() - started


def grow_ledger(events: int) -> None:
    """A ledger of realistic size before timing (an installation with 1,000,000 items has
    millions of events; the generator writes one). Each 1,000 in a new connection: a
    session plans bmnn_ledger_append's head query once, and a plan made on an empty
    ledger scans it on every append (docs/benchmarks.md, "bmnn tick at scale")."""
    from django.db import connection, transaction

    from bmnn.core import ledger

    for start in range(0, events, 1000):
        connection.close()
        with transaction.atomic():
            for i in range(start, min(events, start + 1000)):
                ledger.record_event("bench.filler", object_type="bench", object_id=i,
                                    description="Sự kiện đệm của benchmark (không phải dữ liệu thật)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_ledgerevent")
    connection.close()


def timed_tick(on: dt.date) -> tuple[float, str]:
    from django.core.management import call_command
    from django.db import connection

    connection.close()  # a fresh session, as the scheduled `bmnn tick` process has
    out = io.StringIO()
    started = time.perf_counter()
    call_command("tick", "--on", on.strftime("%d/%m/%Y"), "--no-progress", stdout=out)
    return time.perf_counter() - started, out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--ledger-events", type=int, default=20_000,
                        help="events written to the ledger before timing (realistic size)")
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection

    from bmnn.core.models import LedgerEvent
    from bmnn.records.models import Declassification, ItemStatus, SecretItem
    from bmnn.records.services import declass

    police, divisions, keeper = organisation()
    started = time.perf_counter()
    call_command("records", "generate", "--items", str(args.items), "--seed", "1", "--actor", keeper.username,
                 "--i-know-this-is-synthetic", "--batch", "10000", stdout=sys.stderr)
    generate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    shape_periods(ON)
    shape_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "select version()")
        version = f"{connection.vendor} {cursor.fetchone()[0]}"
    expected = SecretItem.objects.filter(declass.expired_q(ON)).count()
    extended = SecretItem.objects.filter(classified_on__lt=ON - dt.timedelta(days=3650),
                                         protection_until__gt=ON).count()
    grow_ledger(args.ledger_events)
    events_before = LedgerEvent.objects.count()

    first_seconds, first_out = timed_tick(ON)
    declassified = SecretItem.objects.filter(status=ItemStatus.DECLASSIFIED).count()
    rows = Declassification.objects.count()
    events_first = LedgerEvent.objects.count() - events_before
    second_seconds, second_out = timed_tick(ON)
    unchanged = (SecretItem.objects.filter(status=ItemStatus.DECLASSIFIED).count() == declassified
                 and Declassification.objects.count() == rows
                 and LedgerEvent.objects.count() - events_before == events_first)

    naive_ids = expire_sample(ON, 100, SAMPLE)
    connection.close()
    naive_seconds = naive(ON, naive_ids)
    bulk_ids = expire_sample(ON, 500, SAMPLE)
    connection.close()
    started = time.perf_counter()
    bulk_changed = declass.declassify_expired(ON)
    bulk_seconds = time.perf_counter() - started
    result = {
        "version": version, "items": SecretItem.objects.count(), "on": ON.isoformat(),
        "generate_seconds": generate_seconds, "shape_seconds": shape_seconds,
        "expected_expired": expected, "extended_kept": extended, "ledger_events_before": events_before,
        "tick_first": {"seconds": first_seconds, "declassified": declassified, "rows": rows,
                       "ledger_events": events_first, "output": first_out},
        "tick_second": {"seconds": second_seconds, "unchanged": unchanged, "output": second_out},
        "naive_sample": {"items": len(naive_ids), "seconds": naive_seconds,
                         "per_item_ms": 1000 * naive_seconds / max(len(naive_ids), 1),
                         "extrapolated_seconds": naive_seconds / max(len(naive_ids), 1) * declassified},
        "bulk_sample": {"items": bulk_changed, "seconds": bulk_seconds,
                        "per_item_ms": 1000 * bulk_seconds / max(bulk_changed, 1), "expected": len(bulk_ids)},
    }
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
