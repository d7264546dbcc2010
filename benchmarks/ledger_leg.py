"""One database leg of the ledger benchmark (run by benchmark_ledger.py in a
fresh process whose environment names the database and a temporary data dir).

Prints one JSON object: append rate, concurrent writers' outcome, verify rate and
plain SHA-256 rate over the same bytes."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmnn.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _kinds(connection) -> dict:
    """Each kind of transaction measured, as a function of its index i."""
    import datetime as dt

    from django.db import transaction

    from bmnn.core.ledger import record_event
    from bmnn.org.models import Unit, UnitKind

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_commit (id integer PRIMARY KEY)")

    def unit(i: int, prefix: str):
        return Unit.objects.create(kind=UnitKind.DIVISION, name=f"Phòng Nghiệp vụ {prefix}{i}", code=f"{prefix}{i}",
                                   valid_from=dt.date(2026, 1, 1))

    def with_change(i: int) -> None:  # the figure the target is about
        with transaction.atomic():
            u = unit(i, "B")
            record_event("org.unit.create", unit=u, obj=u, description=f"Tạo đơn vị {u.name}",
                         payload={"name": u.name, "code": u.code, "valid_from": u.valid_from})

    def change_only(i: int) -> None:  # the same change without its event: what the ledger adds
        with transaction.atomic():
            unit(i, "C")

    def event_only(i: int) -> None:
        with transaction.atomic():
            record_event("bench.event_only", description=f"Sự kiện {i}", payload={"i": i})

    def empty_write(i: int) -> None:  # BEGIN, a tiny INSERT, COMMIT: the floor under everything
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit (id) VALUES (%s)", [i])

    return {"append_with_change": with_change, "change_only": change_only, "append_event_only": event_only,
            "empty_write": empty_write}


def bench_appends(n: int, rounds: int = 6) -> dict:
    """Every kind in turn, in `rounds` slices, so that all of them see the same disk and
    machine load (fsync latency on a shared machine drifts from minute to minute)."""
    from django.db import connection

    kinds = _kinds(connection)
    for name, run in kinds.items():  # warm-up: connections, statement caches, the signing key
        for i in range(50):
            run(10_000_000 + i)
    seconds = dict.fromkeys(kinds, 0.0)
    per_round = max(1, n // rounds)
    for r in range(rounds):
        for name, run in kinds.items():
            started = time.perf_counter()
            for i in range(r * per_round, (r + 1) * per_round):
                run(i)
            seconds[name] += time.perf_counter() - started
    total = per_round * rounds
    result = {name: {"events": total, "seconds": s, "per_second": total / s} for name, s in seconds.items()}
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for _ in range(500):
            cursor.execute("SELECT 1")
            cursor.fetchone()
        result["round_trip_us"] = (time.perf_counter() - started) / 500 * 1e6
    return result


def bench_append_async_commit(n: int) -> dict | None:
    """PostgreSQL only, for reference: the org.Unit row + event with synchronous_commit=off for
    this session (a crash may lose the last fraction of a second of commits, never half of one)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    run = _kinds(connection)["append_with_change"]
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
    try:
        started = time.perf_counter()
        for i in range(20_000_000, 20_000_000 + n):
            run(i)
        seconds = time.perf_counter() - started
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = on")
    return {"events": n, "seconds": seconds, "per_second": n / seconds}


def bench_writers(processes: int, each: int) -> dict:
    from django.db import connection

    from bmnn.core.ledger_stress import run_writers
    from bmnn.core.ledger_verify import verify_database

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_ledgerevent")
        before = cursor.fetchone()[0]
    started = time.time()
    results = run_writers(processes, each, {}, with_unit=True, startup_seconds=3.0)
    wall = max(r["seconds"] for r in results)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq), COUNT(DISTINCT prev_hash) "
                       "FROM core_ledgerevent")
        count, distinct, low, high, links = cursor.fetchone()
    report = verify_database()
    return {
        "processes": processes, "events_each": each, "written": count - before,
        "expected": processes * each, "duplicate_seq": count - distinct, "gapless": (low, high) == (1, count),
        "distinct_prev_hash": links == count, "chain_intact": report.ok,
        "slowest_writer_seconds": wall, "aggregate_per_second": processes * each / wall,
        "elapsed_with_startup": time.time() - started,
    }


# --- a big ledger for the verify benchmark ---------------------------------------

ACTIONS = ["records.item.read", "records.item.record", "records.copy.deliver", "org.unit.update",
           "org.person.update", "accounts.login", "records.item.print", "org.assignment.decide"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Đức", "Vũ Thị Hạnh"]
UNITS = ["PA03", "CAT", "STC", "VP-UBND", "KBNN-KV5", "SNV"]


def synthetic_rows(start_seq: int, prev_hash: str, count: int, rng: random.Random):
    """Realistic events (Vietnamese text, payloads, request ids) chained with the reference form."""
    from bmnn.core.ledger_canon import canonical_json, chain_hash

    at_us = time.time_ns() // 1000
    rows = []
    for seq in range(start_seq, start_seq + count):
        at_us += rng.randint(1_000, 900_000)
        k = rng.randrange(len(NAMES))
        action = ACTIONS[seq % len(ACTIONS)]
        object_id = str(rng.randint(1, 500_000))
        description = f"Xem tài liệu số {object_id}/QĐ-UBND về công tác bảo vệ bí mật nhà nước năm 2026"
        payload = json.dumps({"level": rng.choice(["MAT", "TOI_MAT", "TUYET_MAT"]), "copy": rng.randint(1, 9),
                              "summary": "sha256:" + hashlib.sha256(object_id.encode()).hexdigest()},
                             ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        values = (seq, at_us, k + 1, k + 10, NAMES[k], UNITS[k], action, "records.secretitem", object_id,
                  description, payload, "%032x" % rng.getrandbits(128))
        digest = chain_hash(prev_hash, canonical_json(*values))
        rows.append(values + (prev_hash, digest))
        prev_hash = digest
    return rows, prev_hash


def grow_ledger(total: int) -> int:
    """Append synthetic events (and a signed checkpoint every LEDGER_CHECKPOINT_EVERY) up to `total`."""
    from django.conf import settings
    from django.db import connection, transaction

    from bmnn.core.checkpoints import sign_head
    from bmnn.core.ledger_canon import EVENT_COLUMNS

    rng = random.Random(2026)
    # ANALYZE at the end, as autovacuum would soon after a load this size.
    every = settings.LEDGER_CHECKPOINT_EVERY
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash FROM core_ledgerevent ORDER BY seq DESC LIMIT 1")
        last, prev = cursor.fetchone()
    columns = ", ".join(EVENT_COLUMNS)
    while last < total:
        rows, prev = synthetic_rows(last + 1, prev, min(20_000, total - last), rng)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY core_ledgerevent ({columns}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
            else:
                cursor.executemany(f"INSERT INTO core_ledgerevent ({columns}) VALUES ({', '.join(['%s'] * 14)})",
                                   rows)
            for r in rows:
                if every and r[0] % every == 0:
                    sign_head(r[0], r[13])
        last = rows[-1][0]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE core_ledgerevent")
    return last


def hash_inputs(upto: int) -> list[bytes]:
    """Exactly the bytes verify hashes (prev_hash ‖ canonical), built in memory beforehand."""
    from django.db import connection

    from bmnn.core.ledger_canon import EVENT_COLUMNS, canonical_json

    out = []
    with connection.cursor() as cursor:
        for lo in range(1, upto + 1, 50_000):
            cursor.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM core_ledgerevent WHERE seq BETWEEN %s AND %s "
                           f"ORDER BY seq", [lo, lo + 49_999])
            out.extend((r[12] + canonical_json(*r[:12])).encode() for r in cursor.fetchall())
    return out


def bench_verify(total: int, repeat: int) -> dict:
    import gc

    from bmnn.core.ledger_verify import verify_database

    last = grow_ledger(total)
    runs = []
    for _ in range(repeat):
        gc.collect()
        report = verify_database()
        assert report.ok, report.lines()
        runs.append(report.seconds)
    data = hash_inputs(last)
    sha = hashlib.sha256
    plain = []
    for _ in range(repeat):
        started = time.perf_counter()
        for item in data:
            sha(item).hexdigest()
        plain.append(time.perf_counter() - started)
    size = sum(map(len, data))
    started = time.perf_counter()
    sha(b"".join(data)).hexdigest()
    bulk = time.perf_counter() - started
    best, best_plain = min(runs), min(plain)
    return {
        "events": last, "checkpoints": report.checkpoints, "slow_batches": report.slow_batches,
        "seconds_best": best, "seconds_all": runs, "per_second": last / best,
        "plain_sha256_per_second": last / best_plain, "ratio_to_plain_sha256": best_plain / best,
        "bytes_hashed": size, "avg_bytes_per_event": size / last,
        "plain_sha256_bulk_mb_per_second": size / bulk / 1e6,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--append", type=int, default=3000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--per-writer", type=int, default=500)
    parser.add_argument("--verify-events", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    result = {"vendor": connection.vendor, "version": version}
    appends = bench_appends(args.append)
    result["round_trip_us"] = appends.pop("round_trip_us")
    result.update(appends)
    async_commit = bench_append_async_commit(args.append)
    if async_commit:
        result["append_with_change_async_commit"] = async_commit
    result["concurrent_writers"] = bench_writers(args.writers, args.per_writer)
    result["verify"] = bench_verify(args.verify_events, args.repeat)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
