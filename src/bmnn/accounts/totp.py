"""TOTP (RFC 6238) with the parameters every authenticator app uses: SHA-1, 30 s,
6 digits. A code is accepted one step either side of now (clock drift), and only
for a step later than the last one accepted (no reuse, RFC 6238 §5.2)."""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import re
import secrets

import pyotp
import segno

from bmnn.core import crypto

INTERVAL = 30
DIGITS = 6
WINDOW = 1
ISSUER = "bmnn"
RECOVERY_CODE_COUNT = 10
MIN_SECRET_BYTES = 16  # RFC 4226 §4: at least 128 bits (pyotp itself refuses fewer than 112)
_RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read off paper without mistakes
_RECOVERY_LENGTH = 10  # 31^10 ≈ 2^49.5, and stored only as a keyed hash


def new_secret() -> str:
    """160 random bits, base32 (the length RFC 4226 recommends for SHA-1)."""
    return pyotp.random_base32(length=32)


def clean_secret(secret: str) -> str:
    """Upper-case base32 without spaces; ValueError if it is not a usable secret."""
    cleaned = re.sub(r"[\s-]", "", secret or "").upper().rstrip("=")
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("secret is not base32") from exc
    if len(raw) < MIN_SECRET_BYTES:
        raise ValueError("secret shorter than 128 bits")
    return cleaned


def step_at(moment) -> int:
    return int(moment.timestamp()) // INTERVAL


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).generate_otp(step)


def now_code(secret: str, moment) -> str:
    return code_at(secret, step_at(moment))


def match_step(secret: str, code: str, moment, last_used_step: int = 0) -> int | None:
    """The step `code` belongs to, within ±WINDOW of `moment` and after `last_used_step`."""
    code = re.sub(r"\s", "", code or "")
    if not re.fullmatch(rf"\d{{{DIGITS}}}", code):
        return None
    current = step_at(moment)
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # Compare every candidate (no early exit) so timing does not tell which step matched.
        if hmac.compare_digest(code_at(secret, step), code) and step > last_used_step and found is None:
            found = step
    return found


def looks_like_totp(code: str) -> bool:
    return bool(re.fullmatch(rf"\d{{{DIGITS}}}", re.sub(r"\s", "", code or "")))


def provisioning_uri(secret: str, account_name: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(name=account_name, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The otpauth URI as a QR code, an SVG in a data: URI (rendered here, no network)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=4, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def group(secret: str, size: int = 4) -> str:
    """'JBSW Y3DP …' — easier to type by hand into an app."""
    return " ".join(secret[i:i + size] for i in range(0, len(secret), size))


def encrypt_secret(secret: str, person_id: int) -> bytes:
    return crypto.encrypt(secret.encode("ascii"), aad=f"accounts.secondfactor:{person_id}".encode())


def decrypt_secret(blob: bytes, person_id: int) -> str:
    return crypto.decrypt(blob, aad=f"accounts.secondfactor:{person_id}".encode()).decode("ascii")


# --- Recovery codes -------------------------------------------------------------

def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    codes = set()
    while len(codes) < count:
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.add(f"{raw[:5]}-{raw[5:]}")
    return sorted(codes)


def normalise_recovery_code(code: str) -> str:
    return re.sub(r"[^0-9a-z]", "", (code or "").lower())


def recovery_code_hash(code: str) -> str:
    return crypto.keyed_hash(normalise_recovery_code(code).encode("ascii"), "accounts.recovery-code")
