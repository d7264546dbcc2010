"""Register numbering under contention: 8 separate processes (each its own Django and
database connection), started at the same moment, each write 500 lines into the same
outgoing register, each line in its own transaction with its ledger event — as an
act does. Then: numbers 1..4000, no duplicate, no gap, one volume, counter = 4000,
and the throughput (lines/s, all processes together). On a scratch SQLite file and a
scratch PostgreSQL database (`bmnn_bench_num`, created and dropped here; skipped, and
said so, when PostgreSQL does not answer).

    .venv/bin/python benchmarks/benchmark_numbering.py [--quick] [--processes 8] [--each 500]
                                                        [--only sqlite|postgresql] [--json results.json]"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from benchmark_ledger import machine, scratch_postgres_leg  # noqa: E402  (same machine record, same server)

PG_DATABASE = "bmnn_bench_num"


def _count(database_url: str, data_dir: str, unit_id: int) -> dict:
    """Read back what the database holds, in a fresh process on the same database."""
    code = (
        "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'bmnn.settings'); django.setup()\n"
        "from bmnn.records.models import RegisterEntry, Register, RegisterCounter\n"
        f"n = list(RegisterEntry.objects.filter(unit_id={unit_id}).values_list('number', flat=True))\n"
        f"print(json.dumps({{'numbers': sorted(n), 'volumes': Register.objects.filter(unit_id={unit_id}).count(),"
        f" 'counter': RegisterCounter.objects.get(unit_id={unit_id}).last_number}}))\n")
    env = {**os.environ, "BMNN_DATA_DIR": data_dir, "BMNN_DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_leg(label: str, database_url: str, args) -> dict:
    from bmnn.records.numbering_stress import prepare, run_registrars

    with tempfile.TemporaryDirectory(prefix=f"bmnn-bench-num-{label}-") as data_dir:
        env = {"BMNN_DATA_DIR": data_dir, "BMNN_DATABASE_URL": database_url}
        subprocess.run([sys.executable, "-m", "bmnn", "migrate", "-v", "0"], env={**os.environ, **env}, check=True)
        ids = prepare(env)
        started = time.time()
        results = run_registrars(args.processes, args.each, env, unit_id=ids["unit"], actor_id=ids["actor"],
                                 startup_seconds=4)
        # Wall time from the common start to the last process's end (the start delay excluded).
        slowest = max(r["seconds"] for r in results)
        stored = _count(database_url, data_dir, ids["unit"])
    expected = args.processes * args.each
    given = sorted(n for r in results for n in r["numbers"])
    return {
        "processes": args.processes, "each": args.each, "expected": expected, "written": len(stored["numbers"]),
        "duplicates": len(given) - len(set(given)),
        "gapless": given == list(range(1, expected + 1)) and stored["numbers"] == given,
        "volumes": stored["volumes"], "counter": stored["counter"],
        "seconds": slowest, "per_second": expected / slowest if slowest else 0.0,
        "per_process_seconds": sorted(round(r["seconds"], 2) for r in results),
        "elapsed_including_startup": time.time() - started,
    }


def postgres_leg(args) -> dict | str:
    return scratch_postgres_leg(PG_DATABASE, run_leg, args)


def ok(leg: dict) -> bool:
    return (leg["written"] == leg["expected"] and leg["duplicates"] == 0 and leg["gapless"]
            and leg["volumes"] == 1 and leg["counter"] == leg["expected"])


def show(label: str, leg: dict) -> None:
    print(f"\n== {label}: {leg['processes']} processes × {leg['each']} lines")
    print(f"  written {leg['written']}/{leg['expected']}, duplicates {leg['duplicates']}, gapless {leg['gapless']}, "
          f"volumes {leg['volumes']}, counter {leg['counter']}")
    print(f"  {leg['per_second']:,.0f} lines/s together ({leg['seconds']:.2f} s for the slowest process; "
          f"per process {leg['per_process_seconds']})")
    print(f"  [{'ĐẠT' if ok(leg) else 'KHÔNG ĐẠT'}] numbers 1..{leg['expected']}, no duplicate, no gap")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 lines per process (a smoke run)")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--each", type=int, default=500)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.quick:
        args.each = 50
    results = {"machine": machine(), "legs": {}}
    print("Register numbering benchmark:", json.dumps(results["machine"], ensure_ascii=False))
    status = 0
    if args.only in (None, "sqlite"):
        results["legs"]["sqlite"] = leg = run_leg("sqlite", "", args)
        show("SQLite", leg)
        status |= 0 if ok(leg) else 1
    if args.only in (None, "postgresql"):
        pg = postgres_leg(args)
        if isinstance(pg, str):
            results["legs"]["postgresql"] = {"skipped": pg}
            print(f"\n== PostgreSQL: BỎ QUA — {pg}")
        else:
            results["legs"]["postgresql"] = pg
            show("PostgreSQL", pg)
            status |= 0 if ok(pg) else 1
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
