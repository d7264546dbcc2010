"""Appending to the ledger. Every service calls `record_event` inside the same
transaction as the change it records (the caller's `transaction.atomic`).

hash = SHA-256(prev_hash ‖ canonical JSON of the row). The canonical form is
`canonical_bytes` below; `bmnn ledger verify` recomputes it from the columns."""

from __future__ import annotations

import contextvars
import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone

from bmnn.core.models import LedgerEvent

GENESIS = "0" * 64
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("bmnn_request_id", default="")


def canonical_payload(payload: dict | None) -> str:
    return json.dumps(payload or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def canonical_bytes(seq, at_iso, actor_id, actor_name, unit_id, unit_code, action, object_type, object_id,
                    description, payload, request_id) -> bytes:
    row = [seq, at_iso, actor_id, actor_name, unit_id, unit_code, action, object_type, object_id,
           description, payload, request_id]
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()


def secret_hash(value) -> str:
    """What the ledger keeps of a secret field: its SHA-256, never the value."""
    return "sha256:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()


def _lock_head() -> None:
    # SQLite transactions are IMMEDIATE (settings), so the write lock is already held.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(727274)")


def record_event(action: str, *, actor=None, unit=None, obj=None, object_type: str = "", object_id="",
                 description: str = "", payload: dict | None = None) -> LedgerEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    with transaction.atomic():
        _lock_head()
        head = LedgerEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS)
        at = timezone.now()
        description = description[:500]
        actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", True) else None
        actor_name = (getattr(actor, "full_name", "") or getattr(actor, "username", "")) if actor_id else ""
        unit_id = getattr(unit, "pk", None)
        unit_code = (getattr(unit, "code", "") or "") if unit is not None else ""
        payload_text = canonical_payload(payload)
        request_id = current_request_id.get()
        body = canonical_bytes(seq, at.isoformat(), actor_id, actor_name, unit_id, unit_code, action,
                               object_type, str(object_id or ""), description, payload_text, request_id)
        event = LedgerEvent.objects.create(
            seq=seq, at=at, actor_id=actor_id, actor_name=actor_name, unit_id=unit_id, unit_code=unit_code,
            action=action, object_type=object_type, object_id=str(object_id or ""), description=description,
            payload=payload_text, request_id=request_id, prev_hash=prev_hash, hash=chain_hash(prev_hash, body),
        )
    return event
