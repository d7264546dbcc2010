"""A whole scan: walk the roots, take what the cache already knows, have the workers read
the rest, and build the `bmnn.scan/1` report with the machine's facts.

The parent process walks, looks files up in the cache by chunks of 500, and watches the
workers; it never reads a document. Machine facts are collected in a thread meanwhile.

Progress (stderr, tqdm): files done, MB/s read, files seen so far. The walk runs ahead of
the readers (up to QUEUE_HIGH files queued), so while it lasts the bar shows a running
count without an estimate; once the walk ends the total is known and tqdm shows the ETA.
A rescan of unchanged files never starts a worker.

Ctrl-C: workers are stopped, files in progress are left out (not reported as failed),
what is done is written to the cache and the report is written with "completed": false;
running the same command again skips what is done.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import platform
import socket
import sqlite3
import sys
import threading
import time

from bmnn.scanner import VERSION
from bmnn.scanner import report as reports
from bmnn.scanner.cache import Cache
from bmnn.scanner.extract import EXTRACTORS
from bmnn.scanner.model import Budget, Problem
from bmnn.scanner.pool import Pool, Task, WorkerConfig
from bmnn.scanner.walker import Exclusions, FileRef, Walker, default_roots, shown

JUDGE = "bmnn.scanner.rules:judge"
CHUNK = 500
QUEUE_HIGH = 20_000
FLUSH_SECONDS = 2.0
FACTS_WAIT = 120.0


def profile(budget: Budget) -> str:
    """What makes a cached answer reusable: the scanner's version and what it reads."""
    return f"{VERSION}:{'full' if budget.full else 'stamp'}:{'ocr' if budget.ocr else 'no-ocr'}"


def run(roots: list[str] | None = None, *, output: str | None = None, jobs: int | None = None, ocr: bool = False,
        full: bool = False, cache_path: str | None = None, resume: bool = True, probe: str | None = None,
        progress: bool = True, budget: Budget | None = None, judge: str | None = None,
        exclusions: Exclusions | None = None) -> dict:
    """Scan and return the report (written to `output` when given). `report["completed"]`
    is False when the scan was interrupted."""
    started = reports.iso()
    clock = time.monotonic()
    budget = dataclasses.replace(budget or Budget(), full=full, ocr=ocr)
    jobs = max(1, jobs or os.cpu_count() or 1)
    roots = [os.path.abspath(r) for r in roots] if roots else default_roots()
    exclusions = exclusions or Exclusions.default(full=full)
    own_files = [p for p in (output, cache_path) if p]
    own_files += [cache_path + suffix for suffix in ("-wal", "-shm", "-journal")] if cache_path else []
    facts = _Facts(probe)
    tally = Tally()
    cache = _open_cache(cache_path, budget, resume)
    cache_path = cache.path if cache is not None else None
    walker = Walker(roots, exclusions, skip_files=own_files)
    config = WorkerConfig(budget=budget, judge=judge or JUDGE, extractors=dict(EXTRACTORS))
    bar = _bar(progress)
    completed = True
    try:
        Driver(walker, cache, config, jobs, tally, bar).run()
    except KeyboardInterrupt:
        completed = False
    finally:
        if cache is not None:
            cache.close()
        if bar is not None:
            bar.close()
    machine, verdict = facts.result(FACTS_WAIT if completed else 5.0)
    result = {
        "schema": reports.SCHEMA,
        "scanner": {"name": "bmnn-scanner", "version": VERSION},
        "machine": machine,
        "verdict": verdict,
        "roots": [shown(r) for r in roots],
        "options": {"jobs": jobs, "ocr": ocr, "full": full, "cache": cache_path, "probe": probe,
                    "excluded": exclusions.describe()},
        "started_at": started,
        "finished_at": reports.iso(),
        "completed": completed,
        "stats": tally.stats(walker.skipped, time.monotonic() - clock),
        "findings": sorted(tally.findings, key=reports.finding_order),
        "problems": sorted(tally.problems, key=reports.problem_order),
    }
    reports.seal(result)
    if output:
        reports.write(result, output)
    return result


def _open_cache(path: str | None, budget: Budget, resume: bool) -> Cache | None:
    if not path:
        return None
    try:
        return Cache(path, profile(budget), read=resume)
    except (OSError, sqlite3.Error) as exc:  # a read-only or broken cache must not stop the scan
        print(f"Không mở được bộ nhớ đệm, quét không dùng nó / cache not usable, scanning without it: "
              f"{path}: {exc}", file=sys.stderr)
        return None


class Tally:
    """What the scan found so far."""

    def __init__(self):
        self.seen = self.scanned = self.from_cache = self.bytes = self.skipped = 0
        self.by_type: dict[str, int] = {}
        self.findings: list[dict] = []
        self.problems: list[dict] = []

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem.as_json())

    def add(self, ref: FileRef, result: dict, *, cached: bool) -> None:
        if result.get("gone"):
            self.seen -= 1  # removed between the walk and its reading
            return
        if cached:
            self.from_cache += 1
        else:
            self.scanned += 1
            self.bytes += result["bytes"]
        for kind, count in result["types"].items():
            self.by_type[kind] = self.by_type.get(kind, 0) + count
        self.skipped += result["skipped"]
        if result["findings"] or result["problems"]:
            self._place(ref, result)

    def _place(self, ref: FileRef, result: dict) -> None:
        base = ref.display
        for finding in result["findings"]:
            on_disk = finding["path"] == ""
            self.findings.append({**finding, "path": base + finding["path"],
                                  "modified": reports.iso_ns(ref.mtime_ns) if on_disk else None})
        for problem in result["problems"]:
            self.problems.append({**problem, "path": base + problem["path"]})

    def stats(self, walk_skipped: int, seconds: float) -> dict:
        return {"files_seen": self.seen, "files_scanned": self.scanned, "files_from_cache": self.from_cache,
                "bytes_read": self.bytes, "by_type": dict(sorted(self.by_type.items())),
                "skipped": self.skipped + walk_skipped, "errors": len(self.problems),
                "seconds": round(seconds, 3)}


class Driver:
    """The parent's loop: walk a little, look up the cache, feed and watch the workers."""

    def __init__(self, walker: Walker, cache: Cache | None, config: WorkerConfig, jobs: int, tally: Tally, bar):
        self.walk = walker.batches()
        self.walking = True
        self.cache = cache
        self.config = config
        self.jobs = jobs
        self.tally = tally
        self.bar = bar
        self.pool: Pool | None = None  # started at the first file the cache does not know
        self.tasks: dict[int, FileRef] = {}
        self.next_id = 0
        self.flushed = self.started = time.monotonic()

    def run(self) -> None:
        try:
            while self.walking or self.tasks:
                if self.walking and (self.pool is None or self.pool.queued < QUEUE_HIGH):
                    self._walk_some()
                if self.pool is not None:
                    hungry = self.walking and self.pool.queued < QUEUE_HIGH
                    for task, result in self.pool.poll(0.0 if hungry else 0.1):
                        self._done(self.tasks.pop(task.id), result, cached=False)
                self._flush()
                self._show()
        except BaseException:
            if self.pool is not None:
                self.pool.kill()
            self.pool = None
            raise
        finally:
            if self.pool is not None:
                self.pool.close()

    def _walk_some(self) -> None:
        chunk: list[FileRef] = []
        until = time.monotonic() + 0.05
        for batch in self.walk:
            for item in batch:
                if type(item) is FileRef:
                    chunk.append(item)
                else:
                    self.tally.problem(item)
            if len(chunk) >= CHUNK or time.monotonic() > until:
                break
        else:
            self.walking = False
        self.tally.seen += len(chunk)
        if not self.walking and self.bar is not None:
            self.bar.total = self.tally.seen
        known = self.cache.lookup(chunk) if self.cache is not None else [None] * len(chunk)
        for ref, result in zip(chunk, known):
            if result is not None:
                self.tally.add(ref, result, cached=True)
            else:
                self._submit(ref)

    def _submit(self, ref: FileRef) -> None:
        if self.pool is None:
            self.pool = Pool(self.jobs, self.config)
        self.next_id += 1
        self.tasks[self.next_id] = ref
        self.pool.submit(Task(self.next_id, ref.path, ref.display, ref.size))

    def _done(self, ref: FileRef, result: dict, *, cached: bool) -> None:
        self.tally.add(ref, result, cached=cached)
        if self.cache is not None and not cached and not result.get("gone"):
            self.cache.put(ref, result)

    def _flush(self) -> None:
        if self.cache is None:
            return
        now = time.monotonic()
        if self.cache.pending >= CHUNK or (self.cache.pending and now - self.flushed > FLUSH_SECONDS):
            self.cache.flush()
            self.flushed = now

    def _show(self) -> None:
        if self.bar is None:
            return
        tally = self.tally
        done = tally.scanned + tally.from_cache
        if done != self.bar.n:
            self.bar.update(done - self.bar.n)
            elapsed = max(time.monotonic() - self.started, 1e-6)
            self.bar.set_postfix_str(f"{tally.bytes / elapsed / 1e6:.1f} MB/s, {tally.seen} thấy / seen",
                                     refresh=False)


def _bar(progress: bool):
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=None, unit=" tệp", file=sys.stderr, mininterval=0.5, dynamic_ncols=True,
                desc="Quét / scanning")


class _Facts:
    """Machine facts, collected in a thread while the files are read."""

    def __init__(self, probe: str | None):
        self.machine: dict | None = None
        self.verdict: dict | None = None
        self.thread = threading.Thread(target=self._collect, args=(probe,), daemon=True, name="bmnn-facts")
        self.thread.start()

    def _collect(self, probe: str | None) -> None:
        try:
            facts = importlib.import_module("bmnn.scanner.facts")
            machine = facts.collect(probe)
            verdict = facts.verdict(machine)
        except Exception as exc:  # noqa: BLE001 - the files are still worth reporting
            self.machine, self.verdict = _unknown_machine(probe, f"machine facts failed: {type(exc).__name__}: {exc}")
            return
        self.machine, self.verdict = machine, verdict

    def result(self, wait: float) -> tuple[dict, dict]:
        self.thread.join(wait)
        if self.machine is None:
            return _unknown_machine(None, "machine facts not collected in time")
        return self.machine, self.verdict


def _unknown_machine(probe: str | None, error: str) -> tuple[dict, dict]:
    machine = {
        "hostname": socket.gethostname(), "machine_id": None,
        "os": {"system": platform.system(), "release": platform.release(), "version": platform.version(),
               "platform": platform.platform()},
        "users": [], "boot_time": None, "interfaces": [], "default_routes": [], "dns_servers": [],
        "public_connections": [], "os_connectivity": {"source": None, "value": None, "active_probe_disabled": None},
        "proxy": None, "network_history": [], "usb_history": [], "removable_drives": [], "probe": None,
        "errors": [error],
    }
    return machine, {"value": "unknown", "evidence": [error]}
