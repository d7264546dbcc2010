"""The `bmnn.scan/1` report: its canonical form and hash, order, and atomic writing.

`report_sha256` is the SHA-256 of the report serialised canonically (UTF-8, keys sorted,
separators "," and ":", no whitespace, non-ASCII kept) without `report_sha256` itself, as
the schema says; the file on disk is indented for people, and `verify()` recomputes the
hash from whatever layout it was read in.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime
from importlib import resources

from bmnn.scanner.model import LEVEL_ORDER, Level

SCHEMA = "bmnn.scan/1"


def canonical(report: dict) -> bytes:
    body = {key: value for key, value in report.items() if key != "report_sha256"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal(report: dict) -> dict:
    report["report_sha256"] = hashlib.sha256(canonical(report)).hexdigest()
    return report


def verify(report: dict) -> bool:
    return report.get("report_sha256") == hashlib.sha256(canonical(report)).hexdigest()


def schema() -> dict:
    text = resources.files("bmnn.scanner").joinpath("schema/scan-report-1.schema.json").read_text("utf-8")
    return json.loads(text)


def iso(moment: datetime | None = None) -> str:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_ns(ns: int) -> str:
    return iso(datetime.fromtimestamp(ns / 1e9, UTC))


def finding_order(finding: dict) -> tuple:
    """Highest level first (a file with only other marks last), then by path."""
    level = finding.get("level")
    rank = LEVEL_ORDER[Level(level)] if level else 0
    return (-rank, finding["path"])


def problem_order(problem: dict) -> tuple:
    return (problem["path"], problem["kind"], problem["detail"])


def write(report: dict, path: str) -> None:
    """Write the report whole or not at all: a temporary file beside it, then a rename."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".bmnn-scan-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            # "schema" first, so a later scan knows the file for a report from its head.
            ordered = {"schema": report.get("schema"), **{k: report[k] for k in sorted(report) if k != "schema"}}
            json.dump(ordered, out, ensure_ascii=False, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def read(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
