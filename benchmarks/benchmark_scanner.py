"""Endpoint-scanner benchmark: files per second on 2 cores for Office files, text PDFs, a
realistic mixed folder and the rescan of an unchanged folder; how the cost grows from
1,000 to 100,000 files; a naive scanner (python-docx + pypdf + a regex) on the same
folders in the same run, for speed and for false alarms; peak memory (parent + workers)
of every scan, the labelled corpus and the hostile folder included.

    .venv/bin/python benchmarks/benchmark_scanner.py [--quick] [--json results.json] [--keep]

Each scan runs in a fresh process through `bmnn.scanner.scan.run(..., jobs=2)` — what
`bmnn scan` calls — timed around run(), so worker start-up, machine facts, the walk, the
cache and the report are in the figure (benchmarks/scanner_leg.py). The folders are
written first (benchmarks/scanner_corpora.py, documents from the repo's corpus
generator); writing them is not timed. They are therefore warm: just written, in the
page cache. Targets (docs/benchmarks.md, scanner section): Office ≥ 800 files/s, text
PDFs ≥ 150 files/s, mixed ≥ 300 files/s, unchanged rescan ≥ 20,000 files/s, peak RSS
< 300 MB, every problem of the labelled corpus and the hostile folder reported.
Exit status 0 when every target is met, 1 otherwise."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scanner_corpora as corpora  # noqa: E402 - benchmarks/ is not a package

TARGET_OFFICE, TARGET_PDF, TARGET_MIXED, TARGET_RESCAN = 800, 150, 300, 20_000
TARGET_RSS = 300_000_000  # bytes: "peak memory under 300 MB", parent and workers together
JOBS = 2
PROBLEM_EXPECTS = {"clean", "not_marked", "marked", "review", "found"}  # everything else names problem kinds


# ---------------------------------------------------------------- the machine

def machine(tmp: Path) -> dict:
    import psutil

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_bytes": psutil.virtual_memory().total,
            "python": platform.python_version(), "platform": platform.platform(), "disk": disk(tmp),
            "code": code_version(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "load_at_start": load()}


def disk(path: Path) -> str:
    """The device and file system holding the temporary folders, and whether the kernel
    calls it rotational (a virtual disk often says 1 whatever is behind it)."""
    try:
        found = subprocess.run(["findmnt", "-no", "SOURCE,FSTYPE", "-T", str(path)], capture_output=True,
                               text=True, timeout=5).stdout.split()
        source, fstype = found[0], found[1]
        device = Path(source).name.rstrip("0123456789") if source.startswith("/dev/") else ""
        rota = Path(f"/sys/block/{device}/queue/rotational")
        rotational = rota.read_text().strip() if device and rota.exists() else "?"
        return f"{source} ({fstype}, rotational={rotational})"
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def code_version() -> str:
    """The commit measured, and the scanner files changed in the work tree but not committed
    (several people edit this tree at once: what runs is the work tree)."""
    try:
        git = ["git", "-C", str(HERE.parent)]
        head = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=10).stdout.strip()
        changed = subprocess.run(git + ["status", "--porcelain", "--", "src/bmnn/scanner"], capture_output=True,
                                 text=True, timeout=10).stdout.split("\n")
        changed = [line[3:] for line in changed if line.strip()]
        return head + (f" + uncommitted: {', '.join(changed)}" if changed else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


def load() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


# ---------------------------------------------------------------- running a leg

class PeakRss(threading.Thread):
    """Samples the RSS of a process and all its descendants every INTERVAL seconds and
    keeps the largest sum (shared pages counted in each process: an upper bound)."""

    INTERVAL = 0.05

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_processes = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stopping.is_set():
            total = count = 0
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                processes = []
            for process in processes:
                try:
                    total += process.memory_info().rss
                    count += 1
                except psutil.Error:
                    pass
            if total > self.peak:
                self.peak, self.peak_processes = total, count
            self.stopping.wait(self.INTERVAL)

    def stop(self) -> int:
        self.stopping.set()
        self.join()
        return self.peak


def run_process(cmd: list[str]) -> dict:
    """Run a leg; its last stdout line is JSON. Adds the load before, the process's wall
    time and the sampled peak RSS of its process tree."""
    before = load()
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=HERE.parent)
    sampler = PeakRss(process.pid)
    sampler.start()
    out, err = process.communicate()
    wall = time.perf_counter() - started
    peak = sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({process.returncode}):\n{err[-4000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(load_before=before, process_seconds=wall, peak_rss=peak, peak_rss_processes=sampler.peak_processes)
    return result


def ours(root: Path, cache: Path | None, output: Path, recycle_after: int | None = None) -> dict:
    cmd = [sys.executable, str(HERE / "scanner_leg.py"), str(root), "--output", str(output), "--jobs", str(JOBS)]
    if cache is not None:
        cmd += ["--cache", str(cache)]
    if recycle_after:
        cmd += ["--recycle-after", str(recycle_after)]
    result = run_process(cmd)
    files = result["stats"]["files_seen"]
    result["files_per_second"] = files / result["seconds"]
    cpu = result["cpu_parent"] + result["cpu_workers"]
    result["cpu_ms_per_file"] = 1000 * cpu / files if files else 0.0
    # What the CPU time spent allows when both cores are free and busy all the time: an upper
    # bound that moves far less with other people's load than the wall-clock rate does.
    result["cpu_bound_files_per_second"] = files / (cpu / JOBS) if cpu else 0.0
    return result


def naive(root: Path) -> dict:
    return run_process([sys.executable, str(HERE / "scanner_naive.py"), str(root)])


# ---------------------------------------------------------------- the legs

def leg_documents(name: str, write, n: int, work: Path, repeat: int, whatif: int) -> dict:
    """(a) Office or (b) text PDFs: write n files, scan (fresh cache each time), naive;
    with `whatif`, one more scan whose workers are replaced every `whatif` files."""
    root = work / name
    started = time.perf_counter()
    files, size = write(root, n)
    leg: dict = {"files": files, "bytes": size, "generate_seconds": time.perf_counter() - started,
                 "census": corpora.census(root)}
    leg["ours"] = [ours(root, work / f"{name}-{i}.cache", work / f"{name}-{i}.json") for i in range(repeat)]
    leg["median_files_per_second"] = statistics.median(r["files_per_second"] for r in leg["ours"])
    leg["naive"] = naive(root)
    leg["ratio"] = leg["median_files_per_second"] / leg["naive"]["files_per_second"]
    if whatif:
        leg["whatif"] = ours(root, work / f"{name}-w.cache", work / f"{name}-w.json", recycle_after=whatif)
        leg["whatif_recycle"] = whatif
    shutil.rmtree(root)
    return leg


def leg_mixed(n: int, work: Path, repeat: int, with_naive: bool, whatif: int = 0, cold: bool = False) -> dict:
    """(c) a mixed profile of n files, first scan with a fresh cache; (d) the same folder
    again with the same cache (nothing changed: every file must come from the cache);
    with `cold`, once more (fresh cache) after the files' data left the page cache."""
    root = work / f"mixed-{n}"
    started = time.perf_counter()
    files, size = corpora.mixed(root, n)
    leg: dict = {"files": files, "bytes": size, "generate_seconds": time.perf_counter() - started}
    leg["ours"], leg["rescan"] = [], []
    for i in range(repeat):
        cache = work / f"mixed-{n}-{i}.cache"
        leg["ours"].append(ours(root, cache, work / f"mixed-{n}-{i}.json"))
        leg["rescan"].append(ours(root, cache, work / f"mixed-{n}-{i}-again.json"))
    leg["median_files_per_second"] = statistics.median(r["files_per_second"] for r in leg["ours"])
    leg["rescan_median_files_per_second"] = statistics.median(r["files_per_second"] for r in leg["rescan"])
    leg["rescan_all_from_cache"] = all(r["stats"]["files_from_cache"] == r["stats"]["files_seen"]
                                       for r in leg["rescan"])
    if with_naive:
        leg["naive"] = naive(root)
        leg["ratio"] = leg["median_files_per_second"] / leg["naive"]["files_per_second"]
    if whatif:
        leg["whatif"] = ours(root, work / f"mixed-{n}-w.cache", work / f"mixed-{n}-w.json", recycle_after=whatif)
        leg["whatif_recycle"] = whatif
    if cold:
        started = time.perf_counter()
        leg["evicted"] = corpora.evict(root)
        leg["evict_seconds"] = time.perf_counter() - started
        leg["cold"] = ours(root, work / f"mixed-{n}-cold.cache", work / f"mixed-{n}-cold.json")
    shutil.rmtree(root)
    return leg


def leg_labelled(work: Path) -> dict:
    """The labelled corpus (scale 1, broken and encrypted files included): ours and the
    naive scanner judged against labels.json; every labelled problem reported?"""
    from bmnn.scanner.corpus import generate, read_labels

    root = work / "labelled"
    generate(root, scale=1, seed=1)
    labels = read_labels(root)
    output = work / "labelled.json"
    leg = {"ours": ours(root, None, output), "naive": naive(root)}
    report = json.loads(output.read_text(encoding="utf-8"))
    leg["accuracy"] = accuracy(labels, report, leg["naive"]["flagged"], root)
    leg["problems"] = problems_reported(labels, report, root)
    leg["naive"].pop("flagged")
    shutil.rmtree(root)
    return leg


def leg_hostile(work: Path) -> dict:
    """The hostile folder (zip bomb, XML bomb, deep and wide zips, corrupt deflate, 2 GiB
    sparse file, link loops, chmod 000, long path, odd names) in one scan."""
    from bmnn.scanner.corpus import generate_hostile
    from bmnn.scanner.corpus.hostile import remove_hostile

    root = work / "hostile"
    labels = generate_hostile(root)
    output = work / "hostile.json"
    try:
        leg: dict = {"ours": ours(root, None, output)}
        report = json.loads(output.read_text(encoding="utf-8"))
        leg["problems"] = problems_reported(labels, report, root)
    except RuntimeError as exc:
        leg = {"failed": str(exc)[-2000:], "problems": {"expected": None, "missing": ["the scan failed"]}}
    finally:
        remove_hostile(root)
        shutil.rmtree(root, ignore_errors=True)
    return leg


# ---------------------------------------------------------------- judging against labels

def _by_label_path(report: dict, root: Path) -> tuple[dict, dict]:
    from bmnn.scanner.corpus import relative_report_path

    findings = {relative_report_path(f["path"], root): f for f in report["findings"]}
    problems: dict[str, list[str]] = {}
    for p in report["problems"]:
        problems.setdefault(relative_report_path(p["path"], root), []).append(p["kind"])
    return findings, problems


def accuracy(labels: dict, report: dict, naive_flagged: list[str], root: Path) -> dict:
    """Files on disk (not archive members, not zips: the naive loop does not open
    archives) labelled positive ("marked") or negative ("clean", "not_marked")."""
    findings, _ = _by_label_path(report, root)
    naive_set = set(naive_flagged)
    entries = [e for e in labels["files"] if "!" not in e["path"] and e["format"] != "zip"
               and e["path"] != "labels.json"]
    positives = [e for e in entries if e["expect"] == "marked"]
    negatives = [e for e in entries if e["expect"] in ("clean", "not_marked")]

    def tier(path: str) -> str | None:
        return findings.get(path, {}).get("tier")

    return {
        "positives": len(positives), "negatives": len(negatives),
        "naive_false_alarms": sum(e["path"] in naive_set for e in negatives),
        "naive_found": sum(e["path"] in naive_set for e in positives),
        "ours_false_alarms": sum(tier(e["path"]) == "marked" for e in negatives),
        "ours_review_on_negatives": sum(tier(e["path"]) == "review" for e in negatives),
        "ours_found_at_level": sum(tier(e["path"]) == "marked" and findings[e["path"]]["level"] == e["level"]
                                   for e in positives),
        "ours_missed": sorted(e["path"] for e in positives if tier(e["path"]) != "marked"),
        "naive_missed": len(positives) - sum(e["path"] in naive_set for e in positives),
    }


def problems_reported(labels: dict, report: dict, root: Path) -> dict:
    """Every label that names a problem kind has such a problem in the report (on a
    member of the file when the label says "match": "prefix")."""
    _, problems = _by_label_path(report, root)
    expected = [e for e in labels["files"] if e["expect"] not in PROBLEM_EXPECTS]
    missing = []
    for entry in expected:
        kinds = set(entry["expect"].split("|"))
        if entry.get("match") == "prefix":
            found = [k for path, ks in problems.items() if path == entry["path"] or path.startswith(entry["path"] + "!")
                     for k in ks]
        else:
            found = problems.get(entry["path"], [])
        if not kinds & set(found):
            missing.append(f"{entry['path']} ({entry['expect']})")
    return {"expected": len(expected), "missing": missing, "completed": report["completed"],
            "reported_total": len(report["problems"])}


# ---------------------------------------------------------------- output

def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def show_ours(label: str, runs: list[dict]) -> None:
    for r in runs:
        s = r["stats"]
        print(f"  {label}: {r['files_per_second']:,.0f} files/s — {s['files_seen']:,} files in {r['seconds']:.2f} s "
              f"(load before {r['load_before']})")
        print(f"      read {s['files_scanned']:,}, from cache {s['files_from_cache']:,}, skipped {s['skipped']:,}, "
              f"problems {s['errors']}; whole process {r['process_seconds']:.2f} s, of which import "
              f"{r['import_seconds']:.2f} s")
        print(f"      CPU {r['cpu_parent']:.2f} s parent + {r['cpu_workers']:.2f} s workers = "
              f"{r['cpu_ms_per_file']:.2f} ms/file (two free cores would allow ≤ "
              f"{r['cpu_bound_files_per_second']:,.0f} files/s)")
        print(f"      peak RSS {mb(r['peak_rss'])} summed over {r['peak_rss_processes']} processes "
              f"(ru_maxrss: parent {mb(r['maxrss_parent'])}, largest worker {mb(r['maxrss_largest_worker'])})")


def show_naive(leg: dict) -> None:
    if "naive" not in leg:
        return
    n = leg["naive"]
    print(f"  naive (1 process): {n['files_per_second']:,.0f} files/s — {n['files']:,} files in {n['seconds']:.2f} s, "
          f"{n['errors']} could not be opened, {len(n['flagged']) if 'flagged' in n else n.get('flagged_count', 0):,} "
          f"flagged; peak RSS {mb(n['peak_rss'])}; load before {n['load_before']}")
    print("      " + "; ".join(f"{label}: {h['files']:,} files, {1000 * h['seconds'] / max(h['files'], 1):.2f} ms/file"
                               + (f", {h['errors']} failed" if h["errors"] else "")
                               for label, h in n.get("by_handler", {}).items()))
    print(f"  ratio ours (2 processes) / naive (1 process): {leg['ratio']:.1f}× "
          f"(per core: {leg['ratio'] / JOBS:.1f}×)")


def show_whatif(leg: dict) -> None:
    if "whatif" in leg:
        show_ours(f"what-if, not judged: workers replaced every {leg['whatif_recycle']:,} files instead of "
                  f"pool.RECYCLE_AFTER", [leg["whatif"]])


def verdicts(results: dict) -> list[tuple[str, bool]]:
    out = []
    legs = results["legs"]
    if "office" in legs:
        out.append((f"(a) Office ≥ {TARGET_OFFICE:,} files/s", legs["office"]["median_files_per_second"] >= TARGET_OFFICE))
    if "pdf" in legs:
        out.append((f"(b) text PDFs ≥ {TARGET_PDF:,} files/s", legs["pdf"]["median_files_per_second"] >= TARGET_PDF))
    mixed = legs.get("mixed", {})
    if results["mixed_size"] in mixed:
        leg = mixed[results["mixed_size"]]
        out.append((f"(c) mixed, {results['mixed_size']:,} files ≥ {TARGET_MIXED:,} files/s",
                    leg["median_files_per_second"] >= TARGET_MIXED))
        out.append((f"(d) rescan of the unchanged mixed folder ≥ {TARGET_RESCAN:,} files/s, all from the cache",
                    leg["rescan_median_files_per_second"] >= TARGET_RESCAN and leg["rescan_all_from_cache"]))
    for name in ("labelled", "hostile"):
        if name in legs:
            p = legs[name]["problems"]
            out.append((f"{name}: scan completed, every labelled problem reported",
                        p["expected"] is not None and p.get("completed", False) and not p["missing"]))
    peaks = [r["peak_rss"] for r in _our_runs(legs)]
    if peaks:
        out.append((f"peak RSS (parent + workers) < {mb(TARGET_RSS)} in every scan", max(peaks) < TARGET_RSS))
    return out


def _our_runs(legs: dict) -> list[dict]:
    runs = []
    for name, leg in legs.items():
        if name == "mixed":
            for sized in leg.values():
                runs += sized["ours"] + sized["rescan"]
        elif "ours" in leg:
            runs += leg["ours"] if isinstance(leg["ours"], list) else [leg["ours"]]
    return runs


def report(results: dict) -> None:
    legs = results["legs"]
    for key, title in (("office", "(a) Office files"), ("pdf", "(b) text PDFs")):
        if key in legs:
            leg = legs[key]
            print(f"\n== {title}: {leg['files']:,} files, {mb(leg['bytes'])} (written in {leg['generate_seconds']:.0f} s, "
                  f"not timed): {leg['census']}")
            show_ours("ours", leg["ours"])
            show_naive(leg)
            show_whatif(leg)
    for size, leg in legs.get("mixed", {}).items():
        tag = "(c)/(e)" if size == results["mixed_size"] else "(e)"
        print(f"\n== {tag} mixed profile, {leg['files']:,} files, {mb(leg['bytes'])} "
              f"(written in {leg['generate_seconds']:.0f} s, not timed)")
        show_ours("ours, first scan, fresh cache", leg["ours"])
        show_ours("(d) rescan, same cache", leg["rescan"])
        show_naive(leg)
        show_whatif(leg)
        if "cold" in leg:
            show_ours(f"not judged: file data of the {leg['evicted']:,} files evicted from the page cache first "
                      f"(fadvise DONTNEED; directories and inodes still cached), fresh cache", [leg["cold"]])
    if "labelled" in legs:
        leg = legs["labelled"]
        a, p = leg["accuracy"], leg["problems"]
        print(f"\n== labelled corpus (scale 1): {a['positives']} positive and {a['negatives']} negative files on disk")
        show_ours("ours", [leg["ours"]])
        print(f"  naive: {a['naive_false_alarms']} false alarms on {a['negatives']} negatives, found "
              f"{a['naive_found']} of {a['positives']} positives ({leg['naive']['errors']} files it could not open)")
        print(f"  ours:  {a['ours_false_alarms']} false alarms (marked) on {a['negatives']} negatives "
              f"({a['ours_review_on_negatives']} sent to review), {a['ours_found_at_level']} of {a['positives']} "
              f"positives marked at their level; missed: {a['ours_missed']}")
        print(f"  problems: {p['expected'] - len(p['missing'])} of {p['expected']} labelled problems reported; "
              f"missing: {p['missing']}")
    if "hostile" in legs:
        leg = legs["hostile"]
        print("\n== hostile folder")
        if "failed" in leg:
            print(f"  the scan FAILED: {leg['failed']}")
        else:
            show_ours("ours", [leg["ours"]])
            p = leg["problems"]
            print(f"  problems: {p['expected'] - len(p['missing'])} of {p['expected']} labelled problems reported "
                  f"({p['reported_total']} problems in the report); missing: {p['missing']}")
    growth = legs.get("mixed", {})
    if len(growth) > 1:
        print("\n== (e) growth, mixed profile (first scan / rescan)")
        for size, leg in growth.items():
            first, again = leg["ours"][0], leg["rescan"][0]
            print(f"  {size:>7,} files: {first['seconds']:7.2f} s, {leg['median_files_per_second']:7,.0f} files/s, "
                  f"{1000 * first['seconds'] / size:.2f} ms/file | rescan {again['seconds']:6.2f} s, "
                  f"{leg['rescan_median_files_per_second']:9,.0f} files/s | peak RSS {mb(first['peak_rss'])}")
    print()
    for name, ok in verdicts(results):
        print(f"  [{'ĐẠT' if ok else 'KHÔNG ĐẠT'}] {name}")


# ---------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="1,000 Office, 400 PDFs, mixed 1,000 and 10,000 (a smoke run, not for the record)")
    parser.add_argument("--office", type=int, default=5_000, help="Office files in (a)")
    parser.add_argument("--pdfs", type=int, default=2_000, help="text PDFs in (b)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="mixed-profile sizes for (e)")
    parser.add_argument("--mixed-size", type=int, default=10_000, help="the size that is (c)/(d) and gets the naive run")
    parser.add_argument("--repeat", type=int, default=1,
                        help="scans per folder up to --mixed-size (the median is judged; larger folders once)")
    parser.add_argument("--whatif-recycle", type=int, default=0, metavar="N",
                        help="also scan (a), (b) and (c) once with workers replaced every N files instead of "
                             "pool.RECYCLE_AFTER (a what-if, not judged)")
    parser.add_argument("--only", help="comma-separated legs: office,pdf,mixed,labelled,hostile")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (reports, caches)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.quick:
        args.office, args.pdfs, args.sizes = 1_000, 400, "1000,10000"
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    only = set(args.only.split(",")) if args.only else {"office", "pdf", "mixed", "labelled", "hostile"}
    work = Path(tempfile.mkdtemp(prefix="bmnn-bench-scanner-"))
    from bmnn.scanner.pool import RECYCLE_AFTER

    results: dict = {"machine": machine(work), "jobs": JOBS, "recycle_after": RECYCLE_AFTER, "mix": corpora.MIX_DOC, "mixed_size": args.mixed_size,
                     "quick": args.quick, "legs": {}}
    print("Scanner benchmark:", json.dumps(results["machine"], ensure_ascii=False),
          f"pool.RECYCLE_AFTER={RECYCLE_AFTER}", flush=True)
    legs = results["legs"]
    whatif = args.whatif_recycle
    try:
        if "office" in only:
            legs["office"] = leg_documents("office", corpora.office, args.office, work, args.repeat, whatif)
        if "pdf" in only:
            legs["pdf"] = leg_documents("pdf", corpora.pdfs, args.pdfs, work, args.repeat, whatif)
        if "mixed" in only:
            legs["mixed"] = {n: leg_mixed(n, work, args.repeat if n <= args.mixed_size else 1,
                                          with_naive=n == args.mixed_size, whatif=whatif if n == args.mixed_size else 0,
                                          cold=n == args.mixed_size)
                             for n in sizes}
        if "labelled" in only:
            legs["labelled"] = leg_labelled(work)
        if "hostile" in only:
            legs["hostile"] = leg_hostile(work)
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for leg in legs.get("mixed", {}).values():  # the list of flagged files is for the labelled leg only
        if "naive" in leg:
            leg["naive"]["flagged_count"] = len(leg["naive"].pop("flagged"))
    for key in ("office", "pdf"):
        if key in legs and "naive" in legs[key]:
            legs[key]["naive"]["flagged_count"] = len(legs[key]["naive"].pop("flagged"))
    report(results)
    results["verdicts"] = [{"target": name, "met": ok} for name, ok in verdicts(results)]
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(ok for _, ok in verdicts(results)) else 1


if __name__ == "__main__":
    sys.exit(main())
