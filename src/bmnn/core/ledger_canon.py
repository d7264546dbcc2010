"""The ledger's canonical form, chain hash and checkpoint signature, defined once.

This module imports nothing from Django, so the same code verifies an exported
file on a machine that has no database (docs/ledger.md describes the same rules
for anyone who wants to re-implement them).

Canonical form of one event (format 1):

    a JSON array of 12 strings, in this order,
        seq, at_us, actor_id, unit_id, actor_name, unit_code,
        action, object_type, object_id, description, payload, request_id
    integers written in decimal, a missing actor_id/unit_id as "",
    serialised compactly (no spaces), UTF-8, non-ASCII characters as themselves;
    inside strings only '"', '\\' and the control characters U+0000..U+001F are
    escaped (\\b \\t \\n \\f \\r, others as \\u00xx in lower-case hex).

That is exactly `json.dumps(values, ensure_ascii=False, separators=(",", ":"))`
and also the RFC 8785 (JCS) serialisation of the array.

    hash = hex(SHA-256(prev_hash ‖ canonical))   (prev_hash: 64 lower-case hex
                                                  characters; "0"*64 for event 1)

Every value is a string so that the databases can produce the same bytes
cheaply while verifying (ledger_verify.py); the Python form here is the
reference the fast paths are checked against."""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64
FORMAT = 1

# Column order of the canonical array (also the order the fast paths select).
CANONICAL_FIELDS = (
    "seq", "at_us", "actor_id", "unit_id", "actor_name", "unit_code",
    "action", "object_type", "object_id", "description", "payload", "request_id",
)
# Every column of an event row, as exported.
EVENT_COLUMNS = CANONICAL_FIELDS + ("prev_hash", "hash")
CHECKPOINT_COLUMNS = ("seq", "head_hash", "at_us", "public_key", "signature")
CHECKPOINT_DOMAIN = "bmnn.ledger.checkpoint.v1"

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def _text(value) -> str:
    return "" if value is None else str(value)


def canonical_json(seq, at_us, actor_id, unit_id, actor_name, unit_code, action, object_type, object_id,
                   description, payload, request_id) -> str:
    """The canonical JSON text of one event (see the module docstring)."""
    return _dumps([
        str(seq), str(at_us), _text(actor_id), _text(unit_id), actor_name, unit_code,
        action, object_type, object_id, description, payload, request_id,
    ])


def canonical_of(row: dict) -> str:
    return canonical_json(*(row[name] for name in CANONICAL_FIELDS))


def chain_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def checkpoint_message(seq: int, head_hash: str, at_us: int) -> bytes:
    """The bytes an installation signs for a checkpoint."""
    return _dumps([CHECKPOINT_DOMAIN, str(seq), head_hash, str(at_us)]).encode("utf-8")


def public_key_hex(private_key) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def sign_checkpoint(private_key, seq: int, head_hash: str, at_us: int) -> str:
    return private_key.sign(checkpoint_message(seq, head_hash, at_us)).hex()


def signature_valid(public_key: str, signature: str, seq: int, head_hash: str, at_us: int) -> bool:
    """True when `signature` (hex) is an Ed25519 signature by `public_key` (hex) of this checkpoint."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(signature), checkpoint_message(seq, head_hash, at_us))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def normalise_public_key(text: str) -> str:
    """A public key given by a person: 64 hex characters (spaces and case ignored)."""
    key = "".join(text.split()).lower()
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        raise ValueError("Khóa công khai phải gồm 64 ký tự thập lục phân (32 byte Ed25519).")
    return key
