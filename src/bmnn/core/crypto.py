"""Field encryption for any app: AES-256-GCM with a per-installation key.

The master key is 32 random bytes in the data directory (`field_key`, mode 0600,
created on first use through `bmnn.paths.read_or_create`). It is deliberately not
SECRET_KEY: rotating SECRET_KEY (sessions, CSRF) must not make stored secrets
unreadable. Back `field_key` up together with the database; without it the
encrypted fields cannot be recovered.

Working keys are derived from the master key with HKDF-SHA256, one per purpose,
so the key that encrypts fields is never the one that computes keyed hashes.

    blob = encrypt(b"secret", aad=b"accounts.secondfactor:42")
    decrypt(blob, aad=b"accounts.secondfactor:42") == b"secret"

`aad` (associated data) is authenticated but not encrypted: bind each ciphertext
to the row and column it belongs to, so a blob copied to another row fails to
decrypt instead of yielding someone else's secret."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bmnn import paths

KEY_FILE = "field_key"
VERSION = b"\x01"  # format byte: lets a future key rotation tell blobs apart
NONCE_BYTES = 12


class DecryptionError(Exception):
    """The blob was altered, belongs to other associated data, or another key."""


def _new_master_key() -> bytes:
    return base64.b64encode(secrets.token_bytes(32)) + b"\n"


@functools.lru_cache(maxsize=None)
def _master_key(data_dir: str) -> bytes:
    raw = base64.b64decode(paths.read_or_create(KEY_FILE, _new_master_key).strip())
    if len(raw) != 32:
        raise RuntimeError(f"{KEY_FILE} must hold 32 bytes (base64); found {len(raw)}")
    return raw


@functools.lru_cache(maxsize=None)
def _derived(data_dir: str, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"bmnn/" + purpose.encode("utf-8")).derive(_master_key(data_dir))


def derive_key(purpose: str) -> bytes:
    """A 32-byte key for `purpose` (e.g. "field-encryption/v1"), stable per installation."""
    # Keyed by the data directory so tests that switch BMNN_DATA_DIR get that dir's key.
    return _derived(str(paths.data_dir()), purpose)


def encrypt(plaintext: bytes, aad: bytes = b"") -> bytes:
    """VERSION ‖ nonce (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes)."""
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(derive_key("field-encryption/v1")).encrypt(nonce, plaintext, aad)


def decrypt(blob: bytes, aad: bytes = b"") -> bytes:
    blob = bytes(blob)  # BinaryField values may come back as memoryview
    if not blob.startswith(VERSION) or len(blob) < 1 + NONCE_BYTES + 16:
        raise DecryptionError("unknown or truncated ciphertext")
    nonce, body = blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:]
    try:
        return AESGCM(derive_key("field-encryption/v1")).decrypt(nonce, body, aad)
    except InvalidTag as exc:
        raise DecryptionError("ciphertext does not authenticate") from exc


def keyed_hash(data: bytes, purpose: str) -> str:
    """HMAC-SHA256 hex digest under a key derived for `purpose`.

    For values that must be compared but never read back (one-time codes): a copy
    of the database alone is not enough to test guesses against the hashes."""
    return hmac.new(derive_key("keyed-hash/" + purpose), data, hashlib.sha256).hexdigest()
