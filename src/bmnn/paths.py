"""The data directory and the per-installation keys kept in it.

Keys are generated on first use and written with mode 0600 so that only the
service account can read them; they never leave the data directory.
"""

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    path = Path(os.environ.get("BMNN_DATA_DIR", "var")).resolve()
    if not path.exists():
        # Only the service account may enter: the database and the keys live here.
        path.mkdir(parents=True, mode=0o700)
    return path


def _write_private(path: Path, content: bytes) -> None:
    # O_EXCL: two processes starting at once must not overwrite each other's key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, content)
    finally:
        os.close(fd)
    try:
        os.chmod(path, 0o600)
    except OSError:  # pragma: no cover - filesystems without POSIX modes (Windows)
        pass


def read_or_create(name: str, make) -> bytes:
    path = data_dir() / name
    if not path.exists():
        try:
            _write_private(path, make())
        except FileExistsError:
            pass
    return path.read_bytes()


def secret_key() -> str:
    return read_or_create("secret_key", lambda: secrets.token_urlsafe(64).encode()).decode().strip()


def _new_ed25519_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def installation_key():
    """The installation's Ed25519 private key, used to sign ledger checkpoints."""
    from cryptography.hazmat.primitives import serialization

    pem = read_or_create("installation_ed25519.pem", _new_ed25519_pem)
    return serialization.load_pem_private_key(pem, password=None)
