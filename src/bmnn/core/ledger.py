"""Appending to the ledger. Every service calls `record_event` inside the same
transaction as the change it records (the caller's `transaction.atomic`), so
either both are stored or neither is.

hash = SHA-256(prev_hash ‖ canonical JSON of the row); the canonical form is
defined in `bmnn.core.ledger_canon` and docs/ledger.md, and `bmnn ledger verify`
recomputes it from the stored columns.

Appends are serialised so the chain never forks and `seq` stays gapless:
SQLite runs every transaction as BEGIN IMMEDIATE (settings), so the writer
already holds the database's single write lock; PostgreSQL appends through
bmnn_ledger_append(), which takes a transaction-scoped advisory lock before
reading the head (docs/ledger.md). `prev_hash` is also unique in the database,
so a fork could not be stored even if the locking were bypassed.

What the ledger must never hold: secret content. Pass secret fields as
`secret_hash(value)`; descriptions and payloads are shown to every ledger reader."""

from __future__ import annotations

import contextvars
import hashlib
import json
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from bmnn.core.ledger_canon import EVENT_COLUMNS, GENESIS, canonical_json, chain_hash
from bmnn.core.models import LedgerEvent
from bmnn.core.text import nfc

__all__ = ["GENESIS", "record_event", "record_read", "secret_hash", "current_request_id", "canonical_payload"]

_CONCRETE = LedgerEvent._meta.concrete_fields
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("bmnn_request_id", default="")

# pg_advisory_xact_lock key for "the ledger head": ASCII "bmnnLEDG" as a signed 64-bit integer.
ADVISORY_LOCK_KEY = int.from_bytes(b"bmnnLEDG", "big", signed=True)


def canonical_payload(payload: dict | None) -> str:
    """The payload as stored: JSON with sorted keys, compact, non-ASCII kept (dates etc. as text)."""
    return json.dumps(payload or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def secret_hash(value) -> str:
    """What the ledger keeps of a secret field: its SHA-256, never the value."""
    return "sha256:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()


def _clean(text, limit: int) -> str:
    """NFC, no NUL (PostgreSQL text cannot hold it), cut to the column's length."""
    text = nfc(str(text or "")).replace("\x00", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _identifier(value, name: str, limit: int) -> str:
    value = str(value or "")
    if len(value) > limit:
        # A truncated action or object id would point at the wrong thing: refuse instead.
        raise ValueError(f"Ledger {name} longer than {limit} characters: {value[:40]}…")
    return value


# Order of the non-computed columns, as in the canonical form (after seq, at_us).
_FIELDS = ("actor_id", "unit_id", "actor_name", "unit_code", "action", "object_type", "object_id", "description",
           "payload", "request_id")
_INSERT_SQLITE = (f"INSERT INTO core_ledgerevent ({', '.join(EVENT_COLUMNS)}) "
                  f"VALUES ({', '.join(['?'] * len(EVENT_COLUMNS))})")


def _append_sqlite(raw, fields: dict) -> tuple[int, int, str, str]:
    """SQLite: the transaction is BEGIN IMMEDIATE (settings), so the database's single
    write lock is already ours; read the head, hash, insert. Straight on the sqlite3
    connection: this runs on every act, and Django's cursor wrappers cost more than
    the two statements themselves."""
    row = raw.execute("SELECT seq, hash FROM core_ledgerevent ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (row[0] + 1, row[1]) if row else (1, GENESIS)
    at_us = time.time_ns() // 1000
    values = [fields[k] for k in _FIELDS]
    digest = chain_hash(prev_hash, canonical_json(seq, at_us, *values))
    raw.execute(_INSERT_SQLITE, (seq, at_us, *values, prev_hash, digest))
    return seq, at_us, prev_hash, digest


def _append_postgresql(raw, fields: dict) -> tuple[int, int, str, str]:
    """PostgreSQL: one round trip to bmnn_ledger_append() (migration 0004), which takes a
    transaction-scoped advisory lock, reads the head in a statement of its own (so it
    sees every append committed before the lock was granted), hashes and inserts.
    The hash is recomputed here with the reference form: the append is refused if
    the database's and Python's canonical forms ever disagree."""
    values = [fields[k] for k in _FIELDS]
    with raw.cursor() as cursor:
        cursor.execute("SELECT seq, at_us, prev_hash, hash FROM bmnn_ledger_append(%s, %s, %s, %s, %s, %s, %s, %s, "
                       "%s, %s, %s)", [ADVISORY_LOCK_KEY, *values])
        seq, at_us, prev_hash, digest = cursor.fetchone()
    if chain_hash(prev_hash, canonical_json(seq, at_us, *values)) != digest:
        raise RuntimeError(f"Ledger event #{seq}: the database and Python canonical forms disagree; not appended.")
    return seq, at_us, prev_hash, digest


def _actor_fields(actor) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", True) or getattr(actor, "pk", None) is None:
        return None, ""
    return actor.pk, (getattr(actor, "full_name", "") or getattr(actor, "username", "") or "")


def record_event(action: str, *, actor=None, unit=None, obj=None, object_type: str = "", object_id="",
                 description: str = "", payload: dict | None = None) -> LedgerEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor_id, actor_name = _actor_fields(actor)
    fields = dict(
        actor_id=actor_id,
        actor_name=_clean(actor_name, 200),
        unit_id=getattr(unit, "pk", None),
        unit_code=_clean(getattr(unit, "code", "") if unit is not None else "", 50),
        action=_identifier(action, "action", 80),
        object_type=_identifier(object_type, "object_type", 80),
        object_id=_identifier(object_id, "object_id", 64),
        description=_clean(description, 500),
        payload=canonical_payload(payload),
        request_id=_identifier(current_request_id.get(), "request_id", 64),
    )
    # No savepoint: a failure here must fail the caller's whole transaction anyway,
    # and SAVEPOINT/RELEASE would be two more statements on every act.
    db = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(savepoint=False):
        append = _append_postgresql if db.vendor == "postgresql" else _append_sqlite
        with db.wrap_database_errors:  # the DB-API's exceptions as Django's, as through a Django cursor
            seq, at_us, prev_hash, digest = append(db.connection, fields)
        every = getattr(settings, "LEDGER_CHECKPOINT_EVERY", 0)
        if every and seq % every == 0:
            from bmnn.core.checkpoints import sign_head

            sign_head(seq, digest)
    values = {"seq": seq, "at_us": at_us, "prev_hash": prev_hash, "hash": digest, **fields}
    # from_db: positional construction, marked as already stored (cheaper than keyword __init__).
    return LedgerEvent.from_db(db.alias, None, [values[f.attname] for f in _CONCRETE])


def record_read(request_or_actor, obj=None, action: str | None = None, description: str = "", *,
                unit=None, object_type: str = "", object_id="", payload: dict | None = None) -> LedgerEvent:
    """Log that someone looked at something (a protected page, an export, the ledger itself).

    Reads happen in GET requests that change nothing, so this opens its own
    transaction; inside an existing one it simply joins it. `request_or_actor` is
    a request (its user is the actor) or a person. The default action is
    "<app>.<model>.read" for an object, "read" otherwise."""
    actor = getattr(request_or_actor, "user", request_or_actor)
    if action is None:
        action = f"{obj._meta.app_label}.{obj._meta.model_name}.read" if obj is not None else "read"
    with transaction.atomic(savepoint=False):
        return record_event(action, actor=actor, unit=unit, obj=obj, object_type=object_type,
                            object_id=object_id, description=description, payload=payload)
