"""Verifying the ledger: recompute every hash, follow every link, check every
checkpoint signature, and name the FIRST event that does not match.

Two sources:
- the database (`verify_database`), fast: the database assembles each event's
  hash input from its stored columns in one string (SQLite `json_array`,
  PostgreSQL `COPY` text whose escaping is turned into JSON escaping for a
  whole batch at once), and Python only hashes and compares. Any batch where
  that fast path disagrees is re-checked row by row with the reference
  canonical form (ledger_canon), which alone decides what is reported; so an
  encoder difference can only cost time, never hide or invent a fault.
- an exported JSON-lines file (`verify_file`), with a trusted public key, and
  no database at all: this module imports Django only inside the database path.

Run offline without Django:  python -m bmnn.core.ledger_verify FILE --public-key HEX"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sys
import time
from collections.abc import Iterable, Iterator

from bmnn.core.ledger_canon import (
    CHECKPOINT_COLUMNS, EVENT_COLUMNS, GENESIS, canonical_json, chain_hash, normalise_public_key,
    signature_valid,
)
from bmnn.core.message import Message, gettext_noop, translated

BATCH = 20_000
PROGRESS_FROM = 50_000  # events; smaller runs finish before a bar would help
VN = dt.timezone(dt.timedelta(hours=7), "ICT")  # Việt Nam: UTC+7, no summer time


def format_at(at_us) -> str:
    try:
        moment = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(microseconds=int(at_us))
    except (TypeError, ValueError, OverflowError):
        return str(at_us)
    return moment.astimezone(VN).strftime("%d/%m/%Y %H:%M:%S")


def format_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclasses.dataclass
class Problem:
    """One fault. `message` is Vietnamese (CLI, JSON, ledger descriptions); the problems the
    database check finds are Messages, which the ledger page shows translated (localized_*)."""

    kind: str  # hash | link | gap | order | format | checkpoint_* | trigger
    message: str
    seq: int | None = None
    action: str = ""
    at_us: int | None = None
    stored: str = ""
    recomputed: str = ""

    @property
    def at_text(self) -> str:
        return format_at(self.at_us) if self.at_us is not None else ""

    def headline(self) -> str:
        if self.seq is None:
            return self.message
        details = ", ".join(x for x in (self.action, format_at(self.at_us) if self.at_us is not None else "") if x)
        if details:
            return Message(gettext_noop("sự kiện #%(seq)s (%(details)s): %(message)s"),
                           seq=self.seq, details=details, message=self.message)
        return Message(gettext_noop("sự kiện #%(seq)s: %(message)s"), seq=self.seq, message=self.message)

    @property
    def localized_message(self) -> str:
        return translated(self.message)

    def localized_headline(self) -> str:
        return translated(self.headline())

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Report:
    source: str
    events: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    head_hash: str = ""
    anchored: bool = True  # the first event checked links to the genesis value
    checkpoints: int = 0
    chain_problem: Problem | None = None
    checkpoint_problems: list[Problem] = dataclasses.field(default_factory=list)
    other_problems: list[Problem] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    slow_batches: int = 0

    @property
    def ok(self) -> bool:
        return self.chain_problem is None and not self.checkpoint_problems and not self.other_problems

    @property
    def first_problem(self) -> Problem | None:
        return self.chain_problem or next(iter(self.checkpoint_problems + self.other_problems), None)

    @property
    def localized_warnings(self) -> list[str]:
        return [translated(warning) for warning in self.warnings]

    def as_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["ok"] = self.ok
        return data

    def lines(self) -> list[str]:
        out = [f"Kiểm tra nhật ký: {self.source}"]
        if self.events:
            rate = f" ({format_int(int(self.events / self.seconds))} sự kiện/giây)" if self.seconds > 0 else ""
            secs = f"{self.seconds:.2f}".replace(".", ",")
            out.append(f"Đã kiểm {format_int(self.events)} sự kiện (#{self.first_seq} – #{self.last_seq}) "
                       f"trong {secs} giây{rate}.")
            out.append(f"Đầu chuỗi: #{self.last_seq} {self.head_hash}")
        else:
            out.append("Nhật ký chưa có sự kiện nào.")
        if not self.anchored:
            out.append(f"Lưu ý: bản xuất bắt đầu từ sự kiện #{self.first_seq}; liên kết với các sự kiện trước "
                       f"đó không kiểm được trong tệp này.")
        out.append(f"Điểm kiểm chứng đã kiểm: {format_int(self.checkpoints)}.")
        for warning in self.warnings:
            out.append(f"Cảnh báo: {warning}")
        if self.chain_problem:
            p = self.chain_problem
            out.append(f"LỖI ĐẦU TIÊN TRONG CHUỖI: {p.headline()}")
            if p.stored or p.recomputed:
                out.append(f"  Giá trị lưu:      {p.stored}")
                out.append(f"  Giá trị tính lại: {p.recomputed}")
        for p in self.checkpoint_problems:
            out.append(f"LỖI ĐIỂM KIỂM CHỨNG: {p.headline()}")
        for p in self.other_problems:
            out.append(f"LỖI: {p.headline()}")
        out.append("KẾT QUẢ: TOÀN VẸN." if self.ok else "KẾT QUẢ: KHÔNG TOÀN VẸN.")
        return out


# --- the reference check, one row at a time ----------------------------------

class ChainChecker:
    """Feeds rows (tuples in EVENT_COLUMNS order) and stops at the first fault."""

    def __init__(self, expected_seq: int | None = 1, prev_hash: str | None = GENESIS):
        self.expected_seq = expected_seq  # None: take the first row's seq (a partial export)
        self.prev_hash = prev_hash  # None: take the first row's prev_hash as the anchor
        self.count = 0
        self.first_seq: int | None = None
        self.last_seq: int | None = None
        self.head_hash = ""

    def feed(self, row) -> Problem | None:
        seq, at_us, action = row[0], row[1], row[6]
        prev_hash, stored = row[12], row[13]

        def problem(kind, message, **extra):
            return Problem(kind=kind, message=message, seq=seq if isinstance(seq, int) else None, action=str(action),
                           at_us=at_us if isinstance(at_us, int) else None, **extra)

        expected = self.expected_seq if self.expected_seq is not None else seq
        if not isinstance(seq, int) or isinstance(seq, bool):
            return problem("format", Message(
                gettext_noop("số thứ tự không hợp lệ (%(value)s) ở vị trí của sự kiện #%(expected)s."),
                value=repr(seq), expected=expected))
        if seq != expected:
            if seq > expected:
                missing = f"#{expected}" if seq == expected + 1 else f"#{expected} – #{seq - 1}"
                return problem("gap", Message(gettext_noop("đứt quãng số thứ tự: thiếu sự kiện %(missing)s."),
                                              missing=missing),
                               stored=str(seq), recomputed=str(expected))
            return problem("order", Message(gettext_noop("số thứ tự không tăng dần: đang chờ sự kiện #%(expected)s."),
                                            expected=expected),
                           stored=str(seq), recomputed=str(expected))
        if self.prev_hash is not None and prev_hash != self.prev_hash:
            if self.prev_hash == GENESIS and self.count == 0:
                message = Message(gettext_noop(
                    "liên kết bị đứt: mã băm trước (prev_hash) không khớp giá trị khởi đầu (64 số 0); "
                    "sự kiện này hoặc sự kiện liền trước đã bị sửa."))
            else:
                message = Message(gettext_noop(
                    "liên kết bị đứt: mã băm trước (prev_hash) không khớp mã băm của sự kiện #%(previous)s; "
                    "sự kiện này hoặc sự kiện liền trước đã bị sửa."), previous=seq - 1)
            return problem("link", message, stored=str(prev_hash), recomputed=self.prev_hash)
        try:
            recomputed = chain_hash(prev_hash, canonical_json(*row[:12]))
        except (TypeError, AttributeError, UnicodeError) as exc:
            return problem("format", Message(gettext_noop("không dựng lại được dạng chuẩn của sự kiện (%(error)s)."),
                                             error=str(exc)))
        if recomputed != stored:
            return problem("hash", Message(gettext_noop(
                "mã băm lưu khác mã băm tính lại từ nội dung: nội dung sự kiện đã bị sửa sau khi ghi.")),
                stored=str(stored), recomputed=recomputed)
        if self.first_seq is None:
            self.first_seq = seq
        self.count += 1
        self.last_seq = seq
        self.expected_seq = seq + 1
        self.prev_hash = self.head_hash = stored
        return None


def check_checkpoints(report: Report, checkpoints: Iterable[dict], hash_at: dict[int, str],
                      trusted_keys: set[str], *, chain_first: int | None, chain_last: int | None) -> None:
    """Signature by a trusted key, and head hash equal to the verified chain at that seq."""
    broken_at = report.chain_problem.seq if report.chain_problem else None
    for cp in checkpoints:
        report.checkpoints += 1
        seq = cp.get("seq")

        def problem(kind, message, **extra):
            located = Message(gettext_noop("điểm kiểm chứng tại #%(seq)s: %(message)s"), seq=seq, message=message)
            return Problem(kind=kind, message=located, seq=None, at_us=cp.get("at_us"), **extra)

        if cp.get("public_key") not in trusted_keys:
            report.checkpoint_problems.append(problem(
                "checkpoint_key",
                Message(gettext_noop("được ký bằng khóa không phải khóa công khai tin cậy của cơ sở.")),
                stored=str(cp.get("public_key")), recomputed=", ".join(sorted(trusted_keys))))
            continue
        if not isinstance(seq, int) or not signature_valid(cp["public_key"], str(cp.get("signature")), seq,
                                                            str(cp.get("head_hash")), cp.get("at_us")):
            report.checkpoint_problems.append(problem(
                "checkpoint_signature",
                Message(gettext_noop("chữ ký không hợp lệ (điểm kiểm chứng bị giả mạo hoặc bị sửa)."))))
            continue
        if chain_last is None or seq > chain_last:
            report.checkpoint_problems.append(problem(
                "checkpoint_beyond",
                Message(gettext_noop("chuỗi chỉ có đến #%(last)s: các sự kiện đã được ký đã bị xóa hoặc cắt bỏ."),
                        last=chain_last or 0)))
            continue
        if chain_first is not None and seq < chain_first:
            continue  # before a partial export: nothing to compare with
        if broken_at is not None and seq >= broken_at:
            report.warnings.append(Message(gettext_noop(
                "Điểm kiểm chứng #%(seq)s không đối chiếu được vì chuỗi đã hỏng từ sự kiện #%(broken)s."),
                seq=seq, broken=broken_at))
            continue
        if hash_at.get(seq) != cp.get("head_hash"):
            report.checkpoint_problems.append(problem(
                "checkpoint_head", Message(gettext_noop(
                    "mã băm đầu chuỗi đã ký khác mã băm của chuỗi tại số thứ tự này: chuỗi đã bị viết lại.")),
                stored=str(cp.get("head_hash")), recomputed=str(hash_at.get(seq))))


# --- the database --------------------------------------------------------------

_SQLITE_FAST = (
    "SELECT prev_hash || json_array(CAST(seq AS TEXT), CAST(at_us AS TEXT), IFNULL(CAST(actor_id AS TEXT), ''), "
    "IFNULL(CAST(unit_id AS TEXT), ''), actor_name, unit_code, action, object_type, object_id, description, "
    "payload, request_id) || hash FROM core_ledgerevent WHERE seq BETWEEN ? AND ? ORDER BY seq"
)
# COPY's text format escapes backslash and \b \f \n \r \t \v inside values and
# leaves everything else alone, so a raw tab only ever separates columns. Turning
# '"' into '\"' and each separating tab into '","' gives JSON string escaping,
# except for the rare control characters JSON writes as \u00xx (and \v): those
# rows simply fail here and are decided by the slow path.
_PG_FAST = (
    "COPY (SELECT prev_hash, seq, at_us, actor_id, unit_id, actor_name, unit_code, action, object_type, "
    "object_id, description, payload, request_id, hash FROM core_ledgerevent "
    "WHERE seq BETWEEN {lo:d} AND {hi:d} ORDER BY seq) TO STDOUT (NULL '')"
)
_ROWS = (f"SELECT {', '.join(EVENT_COLUMNS)} FROM core_ledgerevent WHERE seq BETWEEN %s AND %s ORDER BY seq")


def _fast_batch_sqlite(raw, lo: int, hi: int, prev: bytes, wanted: set[int], hash_at: dict) -> tuple[bool, bytes]:
    """SQLite builds prev_hash ‖ canonical ‖ hash per row (json_array escapes as JSON does)."""
    sha = hashlib.sha256
    previous = raw.text_factory
    raw.text_factory = bytes
    try:
        rows = raw.execute(_SQLITE_FAST, (lo, hi)).fetchall()
    finally:
        raw.text_factory = previous
    if len(rows) != hi - lo + 1:
        return False, prev
    for (line,) in rows:
        if not line or line[:64] != prev or sha(line[:-64]).hexdigest().encode() != line[-64:]:
            return False, prev
        prev = line[-64:]
    for seq in wanted:
        if lo <= seq <= hi:
            hash_at[seq] = rows[seq - lo][0][-64:].decode("ascii")
    return True, prev


def _fast_batch_postgres(raw, lo: int, hi: int, prev: bytes, wanted: set[int], hash_at: dict) -> tuple[bool, bytes]:
    """COPY streams the raw columns; each row is turned into its hash input and hashed
    while the server keeps sending (the two overlap, which is what makes this fast)."""
    sha = hashlib.sha256
    targets = sorted(seq - lo for seq in wanted if lo <= seq <= hi) + [-1]
    ok, n, t = True, 0, 0
    with raw.cursor() as cursor, cursor.copy(_PG_FAST.format(lo=lo, hi=hi)) as copy:
        read = copy.read  # one row per read()
        while chunk := read():
            if ok:
                # prev_hash","seq",…,"request_id","hash\n  →  prev_hash["seq",…,"request_id"]
                line = bytes(chunk).replace(b'"', b'\\"').replace(b"\t", b'","')
                ok = line[:64] == prev and sha(b'%s["%s"]' % (line[:64], line[67:-68])).hexdigest().encode() \
                    == line[-65:-1]
                if ok:  # otherwise keep reading: the COPY has to be drained
                    prev = line[-65:-1]
                    if n == targets[t]:
                        hash_at[lo + n] = prev.decode("ascii")
                        t += 1
            n += 1
    return ok and n == hi - lo + 1, prev


def verify_database(*, trusted_keys: set[str] | None = None, progress: bool = False, using: str = "default",
                    batch: int = BATCH) -> Report:
    from django.conf import settings
    from django.db import connections

    from bmnn.core import ledger_triggers
    from bmnn.core.checkpoints import installation_public_key

    connection = connections[using]
    started = time.perf_counter()
    report = Report(source=f"cơ sở dữ liệu ({connection.vendor})")
    trusted = set(trusted_keys) if trusted_keys else {installation_public_key()}
    with connection.cursor() as cursor:
        # Checkpoints first: any checkpoint read then is covered by the head read next,
        # even while others keep appending.
        cursor.execute(f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM core_ledgercheckpoint ORDER BY seq")
        checkpoints = [dict(zip(CHECKPOINT_COLUMNS, row)) for row in cursor.fetchall()]
        cursor.execute("SELECT COUNT(*), MAX(seq) FROM core_ledgerevent")
        total, last = cursor.fetchone()
    last = last or 0
    wanted = {cp["seq"] for cp in checkpoints if isinstance(cp["seq"], int)}
    hash_at: dict[int, str] = {}

    connection.ensure_connection()
    raw = connection.connection
    fast_batch = _fast_batch_postgres if connection.vendor == "postgresql" else _fast_batch_sqlite
    checker = ChainChecker()
    bar = _progress(last, progress)
    try:
        lo = 1
        while lo <= last:
            hi = min(lo + batch - 1, last)
            prev = checker.prev_hash.encode("ascii", "replace")
            try:
                ok, prev = fast_batch(raw, lo, hi, prev, wanted, hash_at)
            except Exception:  # noqa: BLE001 - e.g. a value of the wrong type planted in SQLite: go slow
                ok = False
            if ok:
                checker.count += hi - lo + 1
                checker.first_seq = checker.first_seq or lo
                checker.last_seq, checker.expected_seq = hi, hi + 1
                checker.prev_hash = checker.head_hash = prev.decode("ascii")
            else:
                report.slow_batches += 1
                with connection.cursor() as cursor:
                    cursor.execute(_ROWS, [lo, hi])
                    rows = cursor.fetchall()
                for row in rows:
                    report.chain_problem = checker.feed(row)
                    if report.chain_problem:
                        break
                    if row[0] in wanted:
                        hash_at[row[0]] = row[13]
                if report.chain_problem:
                    break
            if bar is not None:
                bar.update(hi - lo + 1)
            lo = hi + 1
    finally:
        if bar is not None:
            bar.close()
    report.events = checker.count
    report.first_seq, report.last_seq, report.head_hash = checker.first_seq, checker.last_seq, checker.head_hash
    if report.chain_problem is None and checker.count != total:
        report.chain_problem = Problem("gap", Message(
            gettext_noop("bảng có %(rows)s dòng nhưng chuỗi #1 – #%(last)s có %(count)s."),
            rows=total, last=last, count=checker.count))
    check_checkpoints(report, checkpoints, hash_at, trusted, chain_first=1, chain_last=last or None)
    every = getattr(settings, "LEDGER_CHECKPOINT_EVERY", 0)
    if every and report.chain_problem is None:
        missing = [s for s in range(every, last + 1, every) if s not in wanted]
        if missing:
            report.warnings.append(Message(gettext_noop(
                "Thiếu %(missing)s điểm kiểm chứng định kỳ (mỗi %(every)s sự kiện), đầu tiên tại #%(first)s."),
                missing=len(missing), every=every, first=missing[0]))
    report.other_problems.extend(Problem("trigger", text) for text in ledger_triggers.problems(connection))
    report.seconds = time.perf_counter() - started
    return report


def _progress(total: int, wanted: bool):
    if not wanted or total < PROGRESS_FROM:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=" sự kiện", unit_scale=True, desc="Kiểm tra", file=sys.stderr, leave=False)


# --- an exported file -----------------------------------------------------------

def _records(path: str) -> Iterator[tuple[int, dict | None, str]]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                yield number, None, line
                continue
            yield number, record if isinstance(record, dict) else None, line


def verify_file(path: str, public_keys: Iterable[str], *, progress: bool = False) -> Report:
    """Verify an export (`bmnn ledger export`) against trusted public keys, without a database."""
    started = time.perf_counter()
    trusted = {normalise_public_key(k) for k in public_keys}
    report = Report(source=f"tệp {path}")
    checkpoints = [rec for _, rec, _ in _records(path) if rec and rec.get("type") == "checkpoint"]
    wanted = {cp.get("seq") for cp in checkpoints}
    hash_at: dict[int, str] = {}
    checker = ChainChecker(expected_seq=None, prev_hash=None)
    for number, rec, _ in _records(path):
        if rec is None:
            report.chain_problem = Problem("format", f"dòng {number} của tệp không phải JSON hợp lệ.",
                                           seq=checker.expected_seq)
            break
        if rec.get("type") != "event":
            continue
        if checker.count == 0:
            first_seq = rec.get("seq")
            if first_seq == 1:
                checker.expected_seq, checker.prev_hash = 1, GENESIS
            else:
                report.anchored = False
        try:
            row = tuple(rec[name] for name in EVENT_COLUMNS)
        except KeyError as exc:
            report.chain_problem = Problem("format", f"dòng {number} thiếu cột {exc}.", seq=rec.get("seq"))
            break
        report.chain_problem = checker.feed(row)
        if report.chain_problem:
            break
        if row[0] in wanted:
            hash_at[row[0]] = row[13]
    report.events = checker.count
    report.first_seq, report.last_seq, report.head_hash = checker.first_seq, checker.last_seq, checker.head_hash
    check_checkpoints(report, checkpoints, hash_at, trusted, chain_first=checker.first_seq,
                      chain_last=checker.last_seq)
    report.seconds = time.perf_counter() - started
    return report


def main(argv: list[str] | None = None) -> int:
    """Offline verification with nothing but Python and `cryptography`."""
    import argparse

    parser = argparse.ArgumentParser(description="Kiểm tra tệp xuất nhật ký bmnn bằng khóa công khai.")
    parser.add_argument("file")
    parser.add_argument("--public-key", action="append", required=True)
    args = parser.parse_args(argv)
    report = verify_file(args.file, args.public_key)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
