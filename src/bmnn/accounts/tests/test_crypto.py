"""bmnn.core.crypto: AES-256-GCM with the installation's field key."""

import os
import stat

import pytest

from bmnn import paths
from bmnn.core import crypto


def test_round_trip_with_associated_data():
    blob = crypto.encrypt(b"bi mat", aad=b"row:1")
    assert crypto.decrypt(blob, aad=b"row:1") == b"bi mat"
    assert b"bi mat" not in blob


def test_other_associated_data_does_not_decrypt():
    blob = crypto.encrypt(b"bi mat", aad=b"row:1")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob, aad=b"row:2")


def test_tampering_is_detected():
    blob = bytearray(crypto.encrypt(b"bi mat"))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(blob))


def test_each_encryption_uses_a_fresh_nonce():
    assert crypto.encrypt(b"x") != crypto.encrypt(b"x")


def test_key_file_is_private():
    crypto.encrypt(b"x")
    mode = stat.S_IMODE(os.stat(paths.data_dir() / crypto.KEY_FILE).st_mode)
    assert mode == 0o600


def test_keyed_hash_depends_on_purpose():
    assert crypto.keyed_hash(b"a", "one") != crypto.keyed_hash(b"a", "two")
    assert crypto.keyed_hash(b"a", "one") == crypto.keyed_hash(b"a", "one")
