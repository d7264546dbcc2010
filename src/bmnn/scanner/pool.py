"""Worker processes that read files, and the watchdog that keeps them in bounds.

Parsers run in processes (PDFium is not thread-safe, and the only way to stop an
infinite loop in C is to kill its process: the Tika lesson). The `spawn` start method is
used everywhere so Linux behaves as Windows does.

- Each worker has its own pipe: a worker killed mid-message breaks only its own pipe,
  never a queue the others share.
- Tasks go out in batches (up to BATCH_FILES files or BATCH_BYTES bytes; a file larger
  than that goes alone), results come back one file at a time.
- Each worker publishes, in shared memory, the task it is on, when it began and its time
  limit (`budget.seconds`, `budget.pdf_seconds` once the file is sniffed as a PDF, plus
  `budget.ocr_seconds` with OCR; each archive member starts its own clock). The parent kills a worker past its limit (TIMEOUT),
  above `budget.memory_bytes` of RSS (MEMORY, polled every MEMORY_POLL seconds), and notices
  one that died (CRASHED). That file gets the problem; the rest of its batch goes back to
  the front of the queue; a fresh worker replaces it.
- A worker is replaced after `recycle_after` files (leaks in parsers stay bounded); its
  successor is started first, so no core idles while it boots.
- Workers lower their own CPU and I/O priority and ignore Ctrl-C (the parent handles it).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from bmnn.scanner.model import Budget, ProblemKind

BATCH_FILES = 32
BATCH_BYTES = 8 << 20
MEMORY_POLL = 0.25
RECYCLE_AFTER = 5000  # leaks are also bounded by the RSS watchdog; a boot costs ~0.5 s of a core
SEND_EVERY = 16  # results per message from a worker…
SEND_SECONDS = 0.1  # …or sooner when files are slow
_ID, _START, _LIMIT = 0, 1, 2
_IDLE = -1.0


@dataclass(slots=True)
class Task:
    id: int
    path: str  # as opened
    name: str  # as reported
    size: int


@dataclass(slots=True)
class WorkerConfig:
    budget: Budget
    judge: str = "bmnn.scanner.rules:judge"
    extractors: dict[str, str] = field(default_factory=dict)  # the registry to use (tests swap readers)
    lower_priority: bool = True


def load(target: str):
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


# ---------------------------------------------------------------- the worker side

def worker_main(conn, slot, config: WorkerConfig) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract: 13.6 s instead of 2.4 s per page without it
    if config.lower_priority:
        _lower_priority()
    try:
        from bmnn.scanner import extract
        from bmnn.scanner.examine import Watch, examine_file, new_result

        if config.extractors:
            extract.EXTRACTORS.clear()
            extract.EXTRACTORS.update(config.extractors)
            extract._loaded.clear()
        judge = load(config.judge)
    except BaseException:  # noqa: BLE001 - tell the parent why, instead of dying mute
        conn.send(("fatal", traceback.format_exc()))
        return
    conn.send(("ready",))
    budget = config.budget
    base_limit = budget.seconds + (budget.ocr_seconds if budget.ocr else 0.0)
    pdf_limit = budget.pdf_seconds + (budget.ocr_seconds if budget.ocr else 0.0)

    class SlotWatch(Watch):
        def sniffed(self, kind: str) -> None:
            slot[_START] = time.monotonic()
            slot[_LIMIT] = pdf_limit if kind == "pdf" else base_limit

        def grant(self, seconds: float) -> None:
            slot[_LIMIT] += seconds

    watch = SlotWatch()

    while True:
        try:
            batch = conn.recv()
        except EOFError:
            return
        if batch is None:
            return
        done: list[tuple[int, dict]] = []
        sent = time.monotonic()
        for task in batch:
            slot[_ID] = _IDLE  # the parent reads id, start, limit, id: never a torn pair
            slot[_START] = time.monotonic()
            slot[_LIMIT] = base_limit
            slot[_ID] = float(task.id)
            try:
                result = examine_file(task.path, task.name, task.size, budget, judge, watch)
            except Exception as exc:  # noqa: BLE001 - a bug must cost one file, not the scan
                result = new_result()
                result["problems"].append({"path": "", "kind": ProblemKind.UNREADABLE.value,
                                           "detail": f"internal error: {type(exc).__name__}: {str(exc)[:120]}"})
            slot[_ID] = _IDLE
            done.append((task.id, result))
            if len(done) >= SEND_EVERY or time.monotonic() - sent > SEND_SECONDS:
                conn.send(("results", done))  # results are sent a few at a time: fewer wake-ups
                done, sent = [], time.monotonic()
        conn.send(("results", done, "done"))


def _lower_priority() -> None:
    try:
        import psutil

        me = psutil.Process()
        if sys.platform == "win32":
            me.nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
            me.ionice(psutil.IOPRIO_LOW)
        else:
            me.nice(max(me.nice(), 10))
            if hasattr(me, "ionice"):
                me.ionice(psutil.IOPRIO_CLASS_IDLE)
    except Exception:  # noqa: BLE001, S110 - politeness is best effort
        pass


# ---------------------------------------------------------------- the parent side

class WorkerStartError(RuntimeError):
    """A worker could not start (its reader or rules failed to import)."""


@dataclass(eq=False)
class _Worker:
    proc: multiprocessing.Process
    conn: object
    slot: object
    ps: object = None  # psutil.Process, for RSS
    ready: bool = False
    batch: list[Task] = field(default_factory=list)
    reported: set[int] = field(default_factory=set)
    files: int = 0
    retire: bool = False  # replaced after its current batch, once its successor is ready
    closing: bool = False

    @property
    def busy(self) -> bool:
        return bool(self.batch)


class Pool:
    def __init__(self, jobs: int, config: WorkerConfig, *, recycle_after: int = RECYCLE_AFTER):
        self.jobs = max(1, jobs)
        self.config = config
        self.recycle_after = recycle_after
        self.ctx = multiprocessing.get_context("spawn")
        self.queue: deque[Task] = deque()
        self.workers: list[_Worker] = []
        self.killed = 0  # workers stopped by the watchdog or found dead
        self.started = 0  # workers started, replacements included
        self._next_memory_check = 0.0
        self._early_deaths = 0
        self._ensure_workers()

    # -- public

    def submit(self, task: Task) -> None:
        self.queue.append(task)

    @property
    def queued(self) -> int:
        return len(self.queue)

    @property
    def idle(self) -> bool:
        return not self.queue and not any(w.busy for w in self.workers)

    def poll(self, timeout: float = 0.1) -> list[tuple[Task, dict]]:
        """Hand out work, wait up to `timeout` for results, enforce the budgets."""
        out: list[tuple[Task, dict]] = []
        self._dispatch()
        waitables = {}
        for w in self.workers:
            waitables[w.conn] = w
            waitables[w.proc.sentinel] = w
        timeout = min(timeout, self._next_deadline())
        for ready in wait(list(waitables), timeout=max(timeout, 0.0)):
            w = waitables[ready]
            if w not in self.workers:
                continue
            if ready is w.conn:
                self._receive(w, out)
            elif not w.proc.is_alive():
                self._died(w, out)
        self._watchdog(out)
        self._dispatch()
        return out

    def close(self) -> None:
        for w in self.workers:
            if w.proc.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self.workers:
            w.proc.join(2)
            if w.proc.is_alive():
                self._stop(w)
        self.workers.clear()

    def kill(self) -> None:
        """Stop every worker now (Ctrl-C): files in progress are simply not reported."""
        for w in self.workers:
            self._stop(w)
        self.workers.clear()

    # -- workers

    def _spawn(self) -> _Worker:
        parent_end, child_end = self.ctx.Pipe()
        slot = self.ctx.RawArray("d", 3)
        slot[_ID] = _IDLE
        proc = self.ctx.Process(target=worker_main, args=(child_end, slot, self.config), daemon=True)
        with _sigint_ignored():  # so a Ctrl-C while the worker boots does not print its traceback
            proc.start()
        self.started += 1
        child_end.close()
        w = _Worker(proc, parent_end, slot)
        self.workers.append(w)
        return w

    def _ensure_workers(self) -> None:
        while sum(1 for w in self.workers if not w.retire) < self.jobs:
            self._spawn()

    def _stop(self, w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.terminate()
            w.proc.join(1)
            if w.proc.is_alive():
                w.proc.kill()
        w.proc.join(5)
        w.conn.close()

    def _remove(self, w: _Worker) -> None:
        if w in self.workers:
            self.workers.remove(w)
        self._ensure_workers()

    def _dispatch(self) -> None:
        successors_ready = all(w.ready for w in self.workers if not w.retire)
        for w in self.workers:
            if w.busy or not w.ready or w.closing:
                continue
            if w.retire and (successors_ready or not self.queue):
                w.closing = True
                try:
                    w.conn.send(None)
                except OSError:
                    pass
                continue
            if self.queue:
                w.batch = self._batch()
                w.reported = set()
                try:
                    w.conn.send(w.batch)
                except OSError:
                    pass  # it died; its sentinel will tell

    def _batch(self) -> list[Task]:
        batch: list[Task] = []
        size = 0
        while self.queue and len(batch) < BATCH_FILES:
            task = self.queue[0]
            if batch and size + task.size > BATCH_BYTES:
                break
            batch.append(self.queue.popleft())
            size += task.size
        return batch

    def _receive(self, w: _Worker, out: list) -> None:
        try:
            self._message(w, w.conn.recv(), out)  # wait() said it is readable
            while w.conn.poll():
                self._message(w, w.conn.recv(), out)
        except (EOFError, OSError):
            self._died(w, out)

    def _message(self, w: _Worker, message: tuple, out: list) -> None:
        match message:
            case ("ready",):
                w.ready = True
                w.ps = _psutil_process(w.proc.pid)
                self._early_deaths = 0
            case ("fatal", detail):
                self._stop(w)
                self.kill()
                raise WorkerStartError(detail)
            case ("results", done, *end):
                by_id = {t.id: t for t in w.batch}
                for task_id, result in done:
                    task = by_id.get(task_id)
                    if task is not None and task_id not in w.reported:
                        w.reported.add(task_id)
                        w.files += 1
                        out.append((task, result))
                if end:
                    self._batch_done(w)

    def _batch_done(self, w: _Worker) -> None:
        w.batch = []
        if w.files >= self.recycle_after and not w.retire:
            w.retire = True
            self._ensure_workers()

    def _drain(self, w: _Worker, out: list) -> None:
        """Results a worker sent before it stopped are still good."""
        try:
            while w.conn.poll(0):
                self._message(w, w.conn.recv(), out)
        except (EOFError, OSError, ValueError, TypeError, AttributeError, ImportError):
            pass  # killed mid-message: the rest is lost, its files are redone

    def _died(self, w: _Worker, out: list) -> None:
        current = int(w.slot[_ID])
        self._drain(w, out)
        code = w.proc.exitcode
        self._stop(w)
        if w.closing and not w.batch:
            self._remove(w)
            return
        if not w.ready:
            self._early_deaths += 1
            if self._early_deaths > 3:
                self.kill()
                raise WorkerStartError(f"workers die while starting (exit code {code})")
        self.killed += 1
        self._fail(w, current, ProblemKind.CRASHED, f"the reader's process died (exit code {code})", out)

    def _fail(self, w: _Worker, current: int, kind: ProblemKind, detail: str, out: list) -> None:
        from bmnn.scanner.examine import new_result

        for task in reversed(w.batch):
            if task.id in w.reported:
                continue
            if task.id == current:
                result = new_result()
                result["problems"].append({"path": "", "kind": kind.value, "detail": detail})
                out.append((task, result))
            else:
                self.queue.appendleft(task)  # not begun: another worker reads it
        w.batch = []
        self._remove(w)

    # -- the watchdog

    def _next_deadline(self) -> float:
        now = time.monotonic()
        soonest = MEMORY_POLL
        for w in self.workers:
            task_id, start, limit = _read_slot(w.slot)
            if task_id >= 0:
                soonest = min(soonest, start + limit - now + 0.01)
        return soonest

    def _watchdog(self, out: list) -> None:
        now = time.monotonic()
        check_memory = now >= self._next_memory_check
        if check_memory:
            self._next_memory_check = now + MEMORY_POLL
        for w in list(self.workers):
            if w not in self.workers or not w.busy:
                if check_memory and w in self.workers and w.ready and not w.retire and self._rss(w) > self.config.budget.memory_bytes:
                    w.retire = True  # an idle worker that grew: replace it
                    self._ensure_workers()
                continue
            task_id, start, limit = _read_slot(w.slot)
            if task_id < 0:
                continue
            if now - start > limit:
                self._kill(w, task_id, ProblemKind.TIMEOUT, f"stopped after {limit:g} s without an answer", out)
            elif check_memory and (rss := self._rss(w)) > self.config.budget.memory_bytes:
                self._kill(w, task_id, ProblemKind.MEMORY,
                           f"stopped at {rss >> 20} MiB, above {self.config.budget.memory_bytes >> 20} MiB", out)

    def _kill(self, w: _Worker, task_id: int, kind: ProblemKind, detail: str, out: list) -> None:
        self._stop_only(w)
        self._drain(w, out)
        self.killed += 1
        self._fail(w, task_id, kind, detail, out)
        w.conn.close()

    def _stop_only(self, w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.terminate()
            w.proc.join(1)
            if w.proc.is_alive():
                w.proc.kill()
        w.proc.join(5)

    def _rss(self, w: _Worker) -> int:
        if w.ps is None:
            return 0
        try:
            return w.ps.memory_info().rss
        except Exception:  # noqa: BLE001 - gone: its sentinel will tell
            return 0


@contextmanager
def _sigint_ignored():
    """POSIX children inherit an ignored SIGINT through exec, and Python then leaves it
    ignored; the worker ignores it itself too (on Windows that is the only way)."""
    if sys.platform == "win32" or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _read_slot(slot) -> tuple[int, float, float]:
    first = slot[_ID]
    start, limit = slot[_START], slot[_LIMIT]
    if slot[_ID] != first or first < 0:
        return -1, 0.0, 0.0
    return int(first), start, limit


def _psutil_process(pid: int):
    try:
        import psutil

        return psutil.Process(pid)
    except Exception:  # noqa: BLE001
        return None

