"""`bmnn tick` at scale: 1,000,000 synthetic items in a scratch PostgreSQL database
(`bmnn_bench_tick`, created and dropped here; skipped, and says so, when PostgreSQL does
not answer), 2.0 % of them expired on the tick date (tick_leg.py states the make-up), then
`bmnn tick` (every step) timed, a second run timed (must change nothing), and the baseline
in the same run: a naive one-transaction-per-item loop over 10,000 more expired items,
extrapolated to the first run's count, against the tick step on another 10,000.

    .venv/bin/python benchmarks/benchmark_tick.py [--quick] [--items N] [--sqlite] [--json results.json]

Target (docs/benchmarks.md): the first run under 60 s on PostgreSQL. --sqlite adds the same
leg on a scratch SQLite file (not needed for the target)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from benchmark_ledger import machine, scratch_postgres_leg  # noqa: E402  (same machine record, same server)

PG_DATABASE = "bmnn_bench_tick"
TARGET_SECONDS = 60


def run_leg(label: str, database_url: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bmnn-bench-tick-{label}-") as data_dir:
        env = {**os.environ, "BMNN_DATA_DIR": data_dir, "BMNN_DATABASE_URL": database_url}
        cmd = [sys.executable, str(HERE / "tick_leg.py"), "--items", str(args.items)]
        done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)  # progress bar on stderr
        if done.returncode != 0:
            raise RuntimeError(f"{label} leg failed (exit {done.returncode})")
        return json.loads(done.stdout.strip().splitlines()[-1])


def show(label: str, leg: dict) -> bool:
    first, second = leg["tick_first"], leg["tick_second"]
    naive, bulk = leg["naive_sample"], leg["bulk_sample"]
    print(f"\n== {label}: {leg['version'].split(' on ')[0][:80]}")
    print(f"  {leg['items']:,} items generated in {leg['generate_seconds']:,.0f} s; periods shaped in "
          f"{leg['shape_seconds']:,.1f} s; expired on {leg['on']}: {leg['expected_expired']:,} "
          f"({100 * leg['expected_expired'] / leg['items']:.2f} %); extended, kept: {leg['extended_kept']:,}; "
          f"ledger before: {leg.get('ledger_events_before', 0):,} events")
    print(f"  bmnn tick, first run: {first['seconds']:,.1f} s — {first['declassified']:,} declassified, "
          f"{first['rows']:,} rows, {first['ledger_events']:,} ledger events")
    print(f"  bmnn tick, second run: {second['seconds']:,.1f} s — unchanged: {second['unchanged']}")
    print(f"  baseline, naive loop (one transaction per item) on {naive['items']:,}: {naive['seconds']:,.1f} s "
          f"({naive['per_item_ms']:.2f} ms/item) → extrapolated to the first run: "
          f"{naive['extrapolated_seconds']:,.0f} s")
    print(f"  tick step on another {bulk['items']:,}: {bulk['seconds']:,.1f} s ({bulk['per_item_ms']:.2f} ms/item); "
          f"ratio naive / tick per item: {naive['per_item_ms'] / max(bulk['per_item_ms'], 1e-9):.1f}")
    ok = (first["seconds"] < TARGET_SECONDS and second["unchanged"]
          and first["declassified"] == leg["expected_expired"] and bulk["items"] == bulk["expected"])
    print(f"  [{'ĐẠT' if ok else 'KHÔNG ĐẠT'}] first run < {TARGET_SECONDS} s, second run changes nothing, "
          f"every expired item declassified")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50,000 items (a smoke run, not for the record)")
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--sqlite", action="store_true", help="also run the leg on SQLite")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.quick:
        args.items = min(args.items, 50_000)
    results = {"machine": machine(), "items": args.items, "legs": {}}
    print("Tick benchmark:", json.dumps(results["machine"], ensure_ascii=False), flush=True)
    status = 0
    pg = scratch_postgres_leg(PG_DATABASE, run_leg, args)
    if isinstance(pg, str):
        print(f"\n== PostgreSQL: BỎ QUA / SKIPPED — {pg}. Không được đo, không tính là đạt.")
        results["legs"]["postgresql"] = {"skipped": pg}
        status = 1
    else:
        results["legs"]["postgresql"] = pg
        status |= 0 if show("PostgreSQL", pg) else 1
    if args.sqlite:
        results["legs"]["sqlite"] = run_leg("sqlite", "", args)
        show("SQLite", results["legs"]["sqlite"])
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
