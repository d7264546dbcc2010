"""Registers and items at scale: 1,000,000 synthetic items (with copies and register
lines) in a scratch SQLite file and a scratch PostgreSQL database (`bmnn_bench_reg`,
created and dropped here; that leg is skipped, and says so, when PostgreSQL does not
answer), then p50/p95 of filtered list pages through Django's test client, logged in
as a register keeper — the access filter included.

    .venv/bin/python benchmarks/benchmark_registers.py [--quick] [--items N] [--only sqlite|postgresql]
                                                        [--json results.json]

Targets (docs/benchmarks.md): p95 of the filtered item list (and register page, when
it exists) < 300 ms on PostgreSQL and < 800 ms on SQLite. Measured alongside, in the
same run: a trivial page and the same query without the access filter, and the ratios."""

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

PG_DATABASE = "bmnn_bench_reg"
TARGETS_MS = {"sqlite": 800, "postgresql": 300}
TARGET_PAGES = ("item_list_filtered", "register_filtered")


def run_leg(label: str, database_url: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bmnn-bench-reg-{label}-") as data_dir:
        env = {**os.environ, "BMNN_DATA_DIR": data_dir, "BMNN_DATABASE_URL": database_url}
        cmd = [sys.executable, str(HERE / "registers_leg.py"), "--items", str(args.items),
               "--requests", str(args.requests)]
        # stderr passes through: the generator's progress bar shows on the terminal.
        done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{label} leg failed (exit {done.returncode})")
        return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_leg(args) -> dict | str:
    return scratch_postgres_leg(PG_DATABASE, run_leg, args)


def verdicts(label: str, leg: dict) -> list[tuple[str, bool | None]]:
    target = TARGETS_MS[label]
    out = []
    for name in TARGET_PAGES:
        page = leg["pages"].get(name, {})
        if "skipped" in page:
            out.append((f"{name}: {page['skipped']}", None))
        else:
            out.append((f"{name} p95 < {target} ms", page["p95_ms"] < target))
    return out


def show(key: str, label: str, leg: dict) -> None:
    print(f"\n== {label}: {leg['version'].split(' on ')[0][:80]}")
    print(f"  generated {leg['items']:,} items in {leg['generate_seconds']:,.0f} s "
          f"({leg['items'] / max(leg['generate_seconds'], 1e-9):,.0f} items/s, with copies, custody and register lines)")
    for name, page in leg["pages"].items():
        if "skipped" in page:
            print(f"  {name:40s} skipped: {page['skipped']}")
            continue
        found = f", {page['rows_found']:,} rows match" if page.get("rows_found") is not None else ""
        print(f"  {name:40s} p50 {page['p50_ms']:7.1f} ms  p95 {page['p95_ms']:7.1f} ms  (n={page['n']}{found})")
    pages = leg["pages"]
    base = pages["baseline_trivial_page"]["p95_ms"]
    listed = pages["item_list_filtered"]["p95_ms"]
    bare = pages["baseline_query_without_access_filter"]["p95_ms"]
    orm = pages["same_query_with_access_filter_orm"]["p95_ms"]
    print(f"  ratio filtered item list / trivial page (p95): {listed / base:.1f}")
    print(f"  ratio same query with / without access filter (ORM, p95): {orm / max(bare, 1e-9):.1f}")
    for name, ok in verdicts(key, leg):
        print(f"  [{'—' if ok is None else 'ĐẠT' if ok else 'KHÔNG ĐẠT'}] {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50,000 items (a smoke run, not for the record)")
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.quick:
        args.items = min(args.items, 50_000)
    results = {"machine": machine(), "items": args.items, "legs": {}}
    print("Registers benchmark:", json.dumps(results["machine"], ensure_ascii=False), flush=True)
    if args.only in (None, "sqlite"):
        results["legs"]["sqlite"] = run_leg("sqlite", "", args)
        show("sqlite", "SQLite", results["legs"]["sqlite"])
    if args.only in (None, "postgresql"):
        pg = postgres_leg(args)
        if isinstance(pg, str):
            print(f"\n== PostgreSQL: BỎ QUA / SKIPPED — {pg}. Phần PostgreSQL không được đo, không tính là đạt.")
            results["legs"]["postgresql"] = {"skipped": pg}
        else:
            results["legs"]["postgresql"] = pg
            show("postgresql", "PostgreSQL", pg)
    status = 0
    for label, leg in results["legs"].items():
        if "skipped" not in leg and any(ok is False for _, ok in verdicts(label, leg)):
            status = 1
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
