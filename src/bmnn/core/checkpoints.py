"""Checkpoints: the installation's Ed25519 signature over the chain head.

One is made inside `record_event` every settings.LEDGER_CHECKPOINT_EVERY events
and one on demand (`bmnn ledger checkpoint`, or the ledger page). A superior
body keeps the printed or exported list; whoever later rewrites the ledger
cannot produce a chain whose hash at those numbers matches the signatures."""

from __future__ import annotations

import functools
import time

from django.db import transaction

from bmnn import paths
from bmnn.core.ledger_canon import CHECKPOINT_COLUMNS, public_key_hex, sign_checkpoint
from bmnn.core.models import LedgerCheckpoint, from_us


@functools.lru_cache(maxsize=4)
def _key_for(data_dir: str):
    return paths.installation_key()


def installation_key():
    """The signing key, loaded once per process (and per data directory)."""
    return _key_for(str(paths.data_dir()))


def installation_public_key() -> str:
    return public_key_hex(installation_key())


def sign_head(seq: int, head_hash: str) -> LedgerCheckpoint:
    """Sign the head `seq`/`head_hash` and store the checkpoint (caller holds the ledger lock)."""
    key = installation_key()
    at_us = time.time_ns() // 1000
    checkpoint = LedgerCheckpoint(seq=seq, head_hash=head_hash, at_us=at_us, public_key=public_key_hex(key),
                                  signature=sign_checkpoint(key, seq, head_hash, at_us))
    checkpoint.save()
    return checkpoint


def checkpoint_now(actor=None) -> tuple[LedgerCheckpoint | None, bool]:
    """Sign the current head on demand. The request itself becomes an event first,
    so the checkpoint covers it. Returns (checkpoint, created); (None, False) on an empty ledger."""
    from bmnn.core.ledger import record_event

    with transaction.atomic():
        event = record_event("core.ledger.checkpoint", actor=actor,
                             description="Ký điểm kiểm chứng đầu chuỗi nhật ký theo yêu cầu")
        existing = LedgerCheckpoint.objects.filter(seq=event.seq).first()
        if existing is not None:  # the periodic checkpoint fell on this very event
            return existing, False
        return sign_head(event.seq, event.hash), True


def as_dict(checkpoint: LedgerCheckpoint) -> dict:
    return {name: getattr(checkpoint, name) for name in CHECKPOINT_COLUMNS}


def export_document() -> dict:
    """Every checkpoint, for a superior body to hold (JSON)."""
    return {
        "format": "bmnn-ledger-checkpoints/1",
        "public_key": installation_public_key(),
        "exported_at_us": time.time_ns() // 1000,
        "checkpoints": [dict(as_dict(cp), at=from_us(cp.at_us).isoformat())
                        for cp in LedgerCheckpoint.objects.order_by("seq")],
    }
