"""Ledger benchmark: append (with the change it records), verify speed against plain
SHA-256 over the same bytes, and 8 concurrent writer processes — on SQLite and on
PostgreSQL (a scratch database `bmnn_bench`, created and dropped here; that leg is
skipped, and says so, when PostgreSQL does not answer).

    .venv/bin/python benchmarks/benchmark_ledger.py [--quick] [--json results.json]

Targets (docs/benchmarks.md): append ≥ 1,000 events/s, verify ≥ 200,000 events/s,
concurrent writers leave one intact chain with no duplicate seq."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_SERVER = os.environ.get("BMNN_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/")
PG_DATABASE = "bmnn_bench"
TARGET_APPEND, TARGET_VERIFY = 1_000, 200_000


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "date": dt.date.today().isoformat(), "load_before": load}


def _postgres_admin():
    import psycopg

    return psycopg.connect(PG_SERVER.rstrip("/") + "/postgres", autocommit=True, connect_timeout=3)


def run_leg(label: str, database_url: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bmnn-bench-{label}-") as data_dir:
        env = {**os.environ, "BMNN_DATA_DIR": data_dir, "BMNN_DATABASE_URL": database_url,
               "BMNN_LEDGER_CHECKPOINT_EVERY": "1000"}
        cmd = [sys.executable, str(HERE / "ledger_leg.py"), "--append", str(args.append),
               "--writers", str(args.writers), "--per-writer", str(args.per_writer),
               "--verify-events", str(args.verify_events), "--repeat", str(args.repeat)]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{label} leg failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def scratch_postgres_leg(database: str, run_leg, args) -> dict | str:
    """Run `run_leg("postgresql", url, args)` against a scratch database created and
    dropped here; a message instead of results when PostgreSQL does not answer.
    Every benchmark's PostgreSQL leg goes through this one function."""
    try:
        admin = _postgres_admin()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"không kết nối được {PG_SERVER} ({str(exc).strip().splitlines()[0] if str(exc).strip() else exc})"
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {database}")
        try:
            return run_leg("postgresql", PG_SERVER.rstrip("/") + "/" + database, args)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def postgres_leg(args) -> dict | str:
    return scratch_postgres_leg(PG_DATABASE, run_leg, args)


def verdicts(leg: dict) -> list[tuple[str, bool]]:
    w = leg["concurrent_writers"]
    return [
        (f"append with change ≥ {TARGET_APPEND:,}/s", leg["append_with_change"]["per_second"] >= TARGET_APPEND),
        (f"verify ≥ {TARGET_VERIFY:,}/s", leg["verify"]["per_second"] >= TARGET_VERIFY),
        ("writers: chain intact, no duplicate seq, all written",
         w["chain_intact"] and w["duplicate_seq"] == 0 and w["gapless"] and w["written"] == w["expected"]),
    ]


def show(label: str, leg: dict) -> None:
    a, e, w, v = leg["append_with_change"], leg["append_event_only"], leg["concurrent_writers"], leg["verify"]
    print(f"\n== {label}: {leg['version'].split(' on ')[0]}")
    print(f"  append (org.Unit row + its event, one transaction each): {a['per_second']:,.0f} events/s "
          f"({a['events']} in {a['seconds']:.2f} s)")
    print(f"  measured alongside: the org.Unit row alone {leg['change_only']['per_second']:,.0f}/s; "
          f"event alone {e['per_second']:,.0f}/s; empty write transaction {leg['empty_write']['per_second']:,.0f}/s; "
          f"one round trip {leg['round_trip_us']:.0f} µs")
    if "append_with_change_async_commit" in leg:
        print(f"  reference, synchronous_commit=off: org.Unit row + event "
              f"{leg['append_with_change_async_commit']['per_second']:,.0f} events/s")
    print(f"  {w['processes']} writer processes × {w['events_each']}: written {w['written']}/{w['expected']}, "
          f"duplicate seq {w['duplicate_seq']}, gapless {w['gapless']}, chain intact {w['chain_intact']}, "
          f"{w['aggregate_per_second']:,.0f} events/s together")
    print(f"  verify: {v['per_second']:,.0f} events/s over {v['events']:,} events "
          f"({v['checkpoints']} checkpoints, best of {len(v['seconds_all'])}: {v['seconds_best']:.2f} s, "
          f"slow batches {v['slow_batches']})")
    print(f"  plain SHA-256 over the same bytes ({v['avg_bytes_per_event']:.0f} B/event): "
          f"{v['plain_sha256_per_second']:,.0f} hashes/s; verify/plain = {v['ratio_to_plain_sha256']:.2f}; "
          f"bulk {v['plain_sha256_bulk_mb_per_second']:.0f} MB/s")
    for name, ok in verdicts(leg):
        print(f"  [{'ĐẠT' if ok else 'KHÔNG ĐẠT'}] {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run, not for the record)")
    parser.add_argument("--append", type=int, default=3000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--per-writer", type=int, default=500)
    parser.add_argument("--verify-events", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.quick:
        args.append, args.per_writer, args.verify_events, args.repeat = 300, 50, 20_000, 1
    results = {"machine": machine(), "legs": {}}
    print("Ledger benchmark:", json.dumps(results["machine"], ensure_ascii=False))
    status = 0
    if args.only in (None, "sqlite"):
        results["legs"]["sqlite"] = run_leg("sqlite", "", args)
        show("SQLite", results["legs"]["sqlite"])
    if args.only in (None, "postgresql"):
        pg = postgres_leg(args)
        if isinstance(pg, str):
            print(f"\n== PostgreSQL: BỎ QUA / SKIPPED — {pg}. Phần PostgreSQL không được đo, không tính là đạt.")
            results["legs"]["postgresql"] = {"skipped": pg}
        else:
            results["legs"]["postgresql"] = pg
            show("PostgreSQL", pg)
    for leg in results["legs"].values():
        if "skipped" not in leg and not all(ok for _, ok in verdicts(leg)):
            status = 1
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
