"""Run several worker processes that start their work at the same instant, and
collect what each printed. Shared by the concurrency tests and benchmarks of the
ledger (core.ledger_stress) and of register numbering (records.numbering_stress)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def run_together(module: str, worker_args: list[list[str]], env: dict[str, str], *, what: str,
                 startup_seconds: float = 4.0, timeout: float = 600) -> list[dict]:
    """Start `python -m module ARGS --start-at T` once per ARGS; each worker waits for T,
    works, and prints one JSON line. Returns those lines parsed; raises if any worker fails."""
    start_at = time.time() + startup_seconds
    children = [
        subprocess.Popen([sys.executable, "-m", module, *args, "--start-at", repr(start_at)],
                         env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in worker_args
    ]
    results, failures = [], []
    for child in children:
        out, err = child.communicate(timeout=timeout)
        if child.returncode != 0:
            failures.append(err.strip()[-2000:])
        else:
            results.append(json.loads(out.strip().splitlines()[-1]))
    if failures:
        raise RuntimeError(f"{what} failed:\n" + "\n---\n".join(failures))
    return results
