"""What earlier scans found, so that an unchanged file is not read again.

A file is known by (volume, file id, size, modification time) and by the scan's
profile (scanner version and the options that change what is read: stamp or full mode,
OCR). A new scanner version invalidates everything it did not write. Errors are kept too
(a file that timed out is not retried on every scan, the complaint against rga) except
"denied", which a change of permissions can lift without touching the file.

Speed (≥ 20,000 unchanged files/s with the walk): lookups go by chunks of up to 500
file ids in one query, writes are batched in one transaction per `flush()`, and the
database runs in WAL mode with synchronous=NORMAL (a crash loses at most the last
batch, which is then simply read again).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence

from bmnn.scanner.walker import FileRef

CHUNK = 500
PARSED_MEMO = 4096
UNCACHED_PROBLEMS = {"denied"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    device INTEGER NOT NULL,
    file_id INTEGER NOT NULL,
    profile TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (device, file_id, profile)
) WITHOUT ROWID;
"""


def default_path() -> str:
    """Per-user cache: %LOCALAPPDATA%\\bmnn on Windows, $XDG_CACHE_HOME/bmnn or ~/.cache/bmnn elsewhere."""
    base = os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return os.path.join(base, "bmnn", "scan-cache.sqlite")


def cacheable(result: dict) -> bool:
    return not any(p["kind"] in UNCACHED_PROBLEMS for p in result.get("problems", ()))


class Cache:
    def __init__(self, path: str, profile: str, *, read: bool = True):
        self.path = path
        self.profile = profile
        self.read = read  # False: --no-resume style, write results but use none
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._version = profile.split(":", 1)[0]
        # Rows of another scanner version can never be used again.
        self.db.execute("DELETE FROM files WHERE profile NOT LIKE ?", (self._version + ":%",))
        self._pending: list[tuple] = []
        self._parsed: dict[str, dict] = {}

    def lookup(self, refs: Sequence[FileRef]) -> list[dict | None]:
        """For each ref, its cached result if the file is unchanged since, else None."""
        found: list[dict | None] = [None] * len(refs)
        if not self.read or not refs:
            return found
        for start in range(0, len(refs), CHUNK):
            # (file id, size, time) → position(s) in refs, per volume: one dict probe per row
            by_device: dict[int, dict[tuple[int, int, int], list[int]]] = {}
            for i in range(start, min(start + CHUNK, len(refs))):
                _path, size, mtime_ns, file_id, device = refs[i]
                by_device.setdefault(device, {}).setdefault((file_id, size, mtime_ns), []).append(i)
            for device, wanted in by_device.items():
                ids = list({key[0] for key in wanted})
                marks = ",".join("?" * len(ids))
                rows = self.db.execute(
                    f"SELECT file_id, size, mtime_ns, result FROM files "  # noqa: S608 - only placeholders
                    f"WHERE device = ? AND file_id IN ({marks}) AND profile = ?",
                    (device, *ids, self.profile)).fetchall()
                for file_id, size, mtime_ns, result in rows:
                    positions = wanted.get((file_id, size, mtime_ns))
                    if positions is not None:
                        parsed = self._parse(result)
                        for i in positions:
                            found[i] = parsed
        return found

    def _parse(self, text: str) -> dict:
        """Most files have the same few answers ("clean text", "clean docx"…): parse each
        once. The dicts are shared, so callers must not change them."""
        result = self._parsed.get(text)
        if result is None:
            result = json.loads(text)
            if len(self._parsed) < PARSED_MEMO:
                self._parsed[text] = result
        return result

    def put(self, ref: FileRef, result: dict) -> None:
        if ref.file_id == 0 or not cacheable(result):
            return  # no stable identity (some file systems), or a result that may change by itself
        self._pending.append((ref.device, ref.file_id, self.profile, ref.size, ref.mtime_ns,
                              json.dumps(result, ensure_ascii=False, separators=(",", ":"))))

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> None:
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        self.db.execute("BEGIN")
        self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", rows)
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.flush()
        self.db.close()

    def store_many(self, items: Iterable[tuple[FileRef, dict]]) -> None:
        for ref, result in items:
            self.put(ref, result)
        self.flush()
