"""Workers read files in their own processes; a reader that hangs, crashes or eats memory
costs its file (reported) and never the scan."""

import subprocess
import sys

import pytest

from bmnn.scanner.model import Budget
from bmnn.scanner.pool import Pool, Task, WorkerConfig, WorkerStartError
from bmnn.scanner.tests import fakes_pipeline as fakes


def _config(**budget):
    return WorkerConfig(Budget(**budget), judge=fakes.JUDGE, extractors=fakes.FAKE_EXTRACTORS)


def _files(tmp_path, contents: dict[str, str]) -> list[Task]:
    tasks = []
    for i, (name, text) in enumerate(contents.items(), 1):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        tasks.append(Task(i, str(path), str(path), path.stat().st_size))
    return tasks


def _run(pool: Pool, tasks: list[Task]) -> dict[str, dict]:
    for task in tasks:
        pool.submit(task)
    results = {}
    try:
        while len(results) < len(tasks):
            for task, result in pool.poll(0.2):
                assert task.name.rsplit("/", 1)[-1] not in results, "a file reported twice"
                results[task.name.rsplit("/", 1)[-1]] = result
    finally:
        pool.close()
    return results


def _kinds(result: dict) -> list[str]:
    return [p["kind"] for p in result["problems"]]


def test_files_are_read_and_judged_in_worker_processes(tmp_path):
    tasks = _files(tmp_path, {"a.txt": "TUYỆT MẬT\nnội dung", "b.txt": "không có gì"})
    results = _run(Pool(2, _config()), tasks)
    assert results["a.txt"]["findings"][0]["level"] == "TUYET_MAT"
    assert results["b.txt"]["findings"] == [] and results["b.txt"]["kind"] == "text"


def test_a_reader_that_hangs_is_stopped_and_the_rest_of_its_batch_is_read(tmp_path):
    tasks = _files(tmp_path, {"1.txt": "MẬT", "hang.txt": "HANG", "3.txt": "TỐI MẬT", "4.txt": "x"})
    pool = Pool(1, _config(seconds=1.0))
    results = _run(pool, tasks)
    assert _kinds(results["hang.txt"]) == ["timeout"]
    assert results["3.txt"]["findings"][0]["level"] == "TOI_MAT" and results["4.txt"]["problems"] == []
    assert pool.killed == 1


def test_a_reader_that_crashes_its_process_is_reported_crashed(tmp_path):
    tasks = _files(tmp_path, {"crash.txt": "CRASH", "after.txt": "MẬT"})
    results = _run(Pool(1, _config()), tasks)
    assert _kinds(results["crash.txt"]) == ["crashed"] and "exit code 3" in results["crash.txt"]["problems"][0]["detail"]
    assert results["after.txt"]["findings"][0]["level"] == "MAT"


def test_a_reader_past_its_memory_budget_is_stopped(tmp_path):
    tasks = _files(tmp_path, {"balloon.txt": "BALLOON", "after.txt": "MẬT"})
    results = _run(Pool(1, _config(memory_bytes=150 << 20, seconds=60)), tasks)
    assert _kinds(results["balloon.txt"]) == ["memory"]
    assert results["after.txt"]["findings"][0]["level"] == "MAT"


def test_a_reader_bug_costs_one_file(tmp_path):
    tasks = _files(tmp_path, {"raise.txt": "RAISE", "ok.txt": "MẬT"})
    results = _run(Pool(1, _config()), tasks)
    assert _kinds(results["raise.txt"]) == ["unreadable"] and "ValueError" in results["raise.txt"]["problems"][0]["detail"]
    assert results["ok.txt"]["findings"]


def test_workers_are_replaced_after_their_share_of_files(tmp_path):
    tasks = _files(tmp_path, {f"{i}.txt": "x" for i in range(100)})
    pool = Pool(1, _config(), recycle_after=10)
    results = _run(pool, tasks)
    assert len(results) == 100
    # retired at the end of a batch once past 10 files, when its successor has started
    assert pool.started >= 2


def test_a_judge_that_cannot_be_imported_stops_the_pool_with_the_reason(tmp_path):
    config = WorkerConfig(Budget(), judge="bmnn.scanner.no_such_module:judge", extractors=fakes.FAKE_EXTRACTORS)
    pool = Pool(1, config)
    pool.submit(_files(tmp_path, {"a.txt": "x"})[0])
    with pytest.raises(WorkerStartError, match="no_such_module"):
        for _ in range(100):
            pool.poll(0.2)
    assert pool.workers == []


def test_kill_stops_every_worker(tmp_path):
    pool = Pool(2, _config())
    procs = [w.proc for w in pool.workers]
    pool.kill()
    assert all(not proc.is_alive() for proc in procs)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX nice and ionice values")
def test_workers_lower_their_cpu_and_io_priority():
    code = ("import os, psutil; from bmnn.scanner.pool import _lower_priority; _lower_priority(); "
            "p = psutil.Process(); print(p.nice(), int(p.ionice().ioclass))")
    nice, ioclass = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   check=True).stdout.split()
    import psutil

    assert int(nice) >= 10 and int(ioclass) == int(psutil.IOPRIO_CLASS_IDLE)
