"""Run every benchmark in this directory (benchmarks/benchmark_*.py), one after
the other, each in its own process; print what each printed and a summary.

    .venv/bin/python benchmarks/run_all.py [--quick] [--only NAME] [--json-dir DIR]

Each benchmark owns its command-line options; --quick is passed to those that
accept it. Exit status: 0 when every benchmark met its targets, 1 otherwise."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def accepts(script: Path, option: str) -> bool:
    return option in script.read_text(encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="Chạy mọi benchmark / run every benchmark")
    parser.add_argument("--quick", action="store_true", help="smaller sizes where a benchmark supports it")
    parser.add_argument("--only", help="run only benchmark_<ONLY>.py")
    parser.add_argument("--json-dir", help="ask benchmarks that support --json to write results here")
    args = parser.parse_args()
    scripts = sorted(HERE.glob("benchmark_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem == f"benchmark_{args.only}"]
    if not scripts:
        print("Không có benchmark nào / no benchmarks found.")
        return 1
    summary = []
    for script in scripts:
        cmd = [sys.executable, str(script)]
        if args.quick and accepts(script, '"--quick"'):
            cmd.append("--quick")
        if args.json_dir and accepts(script, '"--json"'):
            Path(args.json_dir).mkdir(parents=True, exist_ok=True)
            cmd += ["--json", str(Path(args.json_dir) / f"{script.stem}.json")]
        print(f"\n##### {script.name}", flush=True)
        started = time.perf_counter()
        code = subprocess.call(cmd, cwd=HERE.parent)
        summary.append((script.name, code, time.perf_counter() - started))
    print("\n##### Tổng hợp / summary")
    for name, code, seconds in summary:
        print(f"  {'ĐẠT  ' if code == 0 else 'KHÔNG'} {name} ({seconds:.0f} s)" + ("" if code == 0 else f" exit {code}"))
    return 0 if all(code == 0 for _, code, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
