"""One scan, in a fresh process, through the entry point a user's `bmnn scan` calls:
`bmnn.scanner.scan.run(roots, jobs=2, cache_path=…, output=…)`. The clock runs around
run() only, so it includes what a user waits for once the program has loaded: worker
start-up (spawn, imports, the rules' automaton), facts collection, the walk, the cache,
the readers and writing the report. Interpreter start-up and `import bmnn.scanner.scan`
are timed separately. Prints one JSON line.

    .venv/bin/python benchmarks/scanner_leg.py ROOT --output report.json [--cache FILE] [--jobs 2]

With --profile, no pool: every file under ROOT goes through the worker's own function
(`examine.examine_file`, with the real rules) in this one process under cProfile, and the
time is summed by detected kind and by function — what one worker spends where.

    .venv/bin/python benchmarks/scanner_leg.py ROOT --profile [--top 25]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time


def scan_once(args) -> dict:
    started = time.perf_counter()
    from bmnn.scanner import scan

    imported = time.perf_counter() - started
    if args.recycle_after:  # a what-if, not the shipped configuration: see --recycle-after
        from bmnn.scanner.pool import Pool

        Pool.__init__.__kwdefaults__["recycle_after"] = args.recycle_after
    cpu_before = _cpu()
    started = time.perf_counter()
    report = scan.run(args.roots, output=args.output, jobs=args.jobs, ocr=False, full=args.full,
                      cache_path=args.cache, resume=True, probe=None, progress=False)
    seconds = time.perf_counter() - started
    cpu_after = _cpu()
    tiers: dict[str, int] = {}
    for finding in report["findings"]:
        tiers[finding["tier"]] = tiers.get(finding["tier"], 0) + 1
    problems: dict[str, int] = {}
    for problem in report["problems"]:
        problems[problem["kind"]] = problems.get(problem["kind"], 0) + 1
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss << 10  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss << 10
    return {"import_seconds": imported, "seconds": seconds, "completed": report["completed"],
            "stats": report["stats"], "findings": tiers, "problems": problems,
            "maxrss_parent": own, "maxrss_largest_worker": children,
            "cpu_parent": cpu_after[0] - cpu_before[0], "cpu_workers": cpu_after[1] - cpu_before[1]}


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its ended children (the workers:
    the pool joins every worker it stops, so their time is counted once they are gone)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def profile(args) -> None:
    import cProfile
    import pstats

    from bmnn.scanner.examine import examine_file
    from bmnn.scanner.model import Budget
    from bmnn.scanner.pool import load
    from bmnn.scanner.scan import JUDGE
    from bmnn.scanner.walker import Exclusions, FileRef, Walker

    judge = load(JUDGE)
    budget = Budget(full=args.full)
    refs = [ref for root in args.roots for ref in Walker([root], Exclusions.default()) if isinstance(ref, FileRef)]
    by_kind: dict[str, list[float]] = {}
    profiler = cProfile.Profile()
    started = time.perf_counter()
    for ref in refs:
        begun = time.perf_counter()
        profiler.enable()
        result = examine_file(ref.path, ref.display, ref.size, budget, judge)
        profiler.disable()
        entry = by_kind.setdefault(result["kind"], [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - begun
    total = time.perf_counter() - started
    print(f"{len(refs)} files in {total:.2f} s in one process under cProfile "
          f"({len(refs) / total:.0f} files/s; the profiler itself slows Python code 1.5–2×)")
    for kind, (count, seconds) in sorted(by_kind.items(), key=lambda item: -item[1][1]):
        print(f"  {kind:>16}: {count:6d} files, {seconds:7.2f} s, {1000 * seconds / count:6.2f} ms/file")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print("  by step (cumulative seconds under the profiler, share of the total):")
    for label, seconds in steps(stats):
        print(f"  {label:>46}: {seconds:7.2f} s  {100 * seconds / max(stats.total_tt, 1e-9):5.1f} %")
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


STEPS = (
    ("sniff (sniff.detect)", "sniff.py", "detect"),
    ("read (the extractor)", "examine.py", "_extract"),
    ("rules (judge)", "examine.py", "_judge"),
    ("  of which the flagged file's SHA-256", "examine.py", "_sha256"),
    ("  of which rules.judge", "rules.py", "judge"),
    ("    of which the prefilter", "prefilter.py", "might_contain_mark"),
    ("    of which normalisation", "normalize.py", "normalize_line"),
    ("zip central directories read (sniff + reader)", "zipfile.py", "_RealGetContents"),
)


def steps(stats) -> list[tuple[str, float]]:
    """Cumulative time of the pipeline's steps inside one worker, and of each extractor."""
    out = []
    for label, filename, function in STEPS:
        total = sum(cumulative for (path, _, name), (_, _, _, cumulative, _) in stats.stats.items()
                    if path.endswith(filename) and name == function)
        out.append((label, total))
    for (path, _, name), (_, _, _, cumulative, _) in sorted(stats.stats.items(), key=lambda item: -item[1][3]):
        if "/scanner/extract/" in path and name.startswith("extract_"):
            out.append((f"  {name}", cumulative))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+")
    parser.add_argument("--output")
    parser.add_argument("--cache")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--recycle-after", type=int,
                        help="what-if: replace each worker after this many files instead of pool.RECYCLE_AFTER")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if args.profile:
        profile(args)
        return 0
    print(json.dumps(scan_once(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
