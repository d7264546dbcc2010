"""Reading a scan report (`bmnn.scan/1`) before anything is stored: bytes → JSON →
schema → hash. The schema is the scanner's own (scanner/schema/scan-report-1.schema.json),
so the server accepts exactly what the scanner writes.

The hash is the scanner's own (`bmnn.scanner.report.canonical`, the canonical form the
schema's description gives): the server recomputes it with the very function that
sealed the report, and the tests and the demo build their reports with it too."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bmnn.scanner.report import canonical, schema

SCHEMA_ID = "bmnn.scan/1"
# A report lists machine facts and files with marks, never content: tens of MB would
# already be hundreds of thousands of findings. Anything bigger is not a report.
MAX_REPORT_BYTES = 64 * 1024 * 1024


class InvalidReport(ValidationError):
    """The file is not a readable `bmnn.scan/1` report (nothing is stored)."""


def report_sha256(report: dict) -> str:
    """SHA-256 of the report's canonical form (UTF-8, keys sorted, no whitespace, non-ASCII
    kept, `report_sha256` itself left out)."""
    return hashlib.sha256(canonical(report)).hexdigest()


@functools.cache
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def parse(data: bytes | str | dict) -> dict:
    """The report as a dict, or InvalidReport with a Vietnamese message."""
    if isinstance(data, dict):
        return data
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_REPORT_BYTES:
        raise InvalidReport(_("Tệp quá lớn để là một báo cáo quét (tối đa %(mb)s MB).")
                            % {"mb": MAX_REPORT_BYTES // (1024 * 1024)}, code="too_large")
    try:
        report = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidReport(_("Tệp không phải báo cáo quét: không đọc được nội dung JSON (UTF-8)."),
                            code="not_json") from None
    if not isinstance(report, dict):
        raise InvalidReport(_("Tệp không phải báo cáo quét: nội dung JSON không phải một đối tượng."),
                            code="not_json")
    return report


def _where(error) -> str:
    return "/".join(str(part) for part in error.absolute_path) or _("(gốc)")


def _problem(error) -> str:
    """A Vietnamese phrase for what is wrong (jsonschema's own messages are English)."""
    kind = error.validator
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return _("thiếu trường %(names)s") % {"names": ", ".join(missing)}
    if kind == "additionalProperties":
        return _("có trường không được phép")
    if kind in ("enum", "const", "oneOf", "anyOf"):
        return _("giá trị không được phép")
    if kind == "type":
        return _("sai kiểu dữ liệu")
    if kind in ("pattern", "maxLength", "minLength", "minItems", "minimum", "maximum"):
        return _("giá trị sai dạng hoặc vượt giới hạn")
    return _("không đúng quy định")


def validate(report: dict) -> None:
    """Schema `bmnn.scan/1` (the first error found, with where it is), then the dates."""
    if report.get("schema") != SCHEMA_ID:
        raise InvalidReport(_("Tệp không phải báo cáo quét của bmnn (cần lược đồ %(schema)s).")
                            % {"schema": SCHEMA_ID}, code="schema")
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(report))
    if error is not None:
        raise InvalidReport(_("Báo cáo quét không đúng lược đồ %(schema)s: tại «%(where)s», %(problem)s.")
                            % {"schema": SCHEMA_ID, "where": _where(error), "problem": _problem(error)},
                            code="schema")
    for name in ("started_at", "finished_at"):
        if parse_time(report[name]) is None:
            raise InvalidReport(_("Báo cáo quét không đúng lược đồ %(schema)s: tại «%(where)s», %(problem)s.")
                                % {"schema": SCHEMA_ID, "where": name, "problem": _("không phải ngày giờ ISO 8601")},
                                code="schema")


def parse_time(value) -> dt.datetime | None:
    """An ISO 8601 date-time as an aware datetime (naive ones are taken as UTC), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def machine_identity(machine: dict) -> str:
    """What stays the same from one scan of a machine to the next: the OS's machine id
    (Windows MachineGuid, Linux /etc/machine-id); without it the host name and the first
    hardware address, since a host name alone is often reused ("PC", "KETOAN")."""
    machine_id = (machine.get("machine_id") or "").strip()
    if machine_id:
        return machine_id[:200]
    macs = [i.get("mac") for i in machine.get("interfaces", []) if i.get("kind") != "loopback"]
    mac = next((m.strip().lower() for m in macs if m and m.strip("0:-. ")), "")
    return f"{machine.get('hostname', '')}|{mac}"[:200]
