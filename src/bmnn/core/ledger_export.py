"""Exporting the ledger as JSON lines: one event per line with every column,
then the checkpoints in the same range. Anyone holding the installation's public
key can verify the file elsewhere (`bmnn ledger verify --file`, or
`python -m bmnn.core.ledger_verify`, or their own code following docs/ledger.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db import connection

from bmnn.core.ledger_canon import CHECKPOINT_COLUMNS, EVENT_COLUMNS

BATCH = 5_000


def _line(kind: str, columns, row) -> str:
    return json.dumps({"type": kind, **dict(zip(columns, row))}, ensure_ascii=False, separators=(",", ":"))


def export_lines(from_seq: int | None = None, to_seq: int | None = None) -> Iterator[str]:
    lo = from_seq if from_seq is not None else 1
    hi = to_seq if to_seq is not None else 2 ** 62
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(seq) FROM core_ledgerevent")
        hi = min(hi, cursor.fetchone()[0] or 0)
    start = lo
    while start <= hi:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM core_ledgerevent "
                           f"WHERE seq BETWEEN %s AND %s ORDER BY seq", [start, min(start + BATCH - 1, hi)])
            rows = cursor.fetchall()
        for row in rows:
            yield _line("event", EVENT_COLUMNS, row)
        start += BATCH
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM core_ledgercheckpoint "
                       f"WHERE seq BETWEEN %s AND %s ORDER BY seq", [lo, hi])
        for row in cursor.fetchall():
            yield _line("checkpoint", CHECKPOINT_COLUMNS, row)


def count_in_range(from_seq: int | None, to_seq: int | None) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_ledgerevent WHERE seq BETWEEN %s AND %s",
                       [from_seq or 1, to_seq if to_seq is not None else 2 ** 62])
        return cursor.fetchone()[0]
