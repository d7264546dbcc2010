"""The data directory and the keys in it are private to the service account."""

import os
import stat

import pytest

from bmnn import paths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_data_directory_is_private(tmp_path, monkeypatch):
    monkeypatch.setenv("BMNN_DATA_DIR", str(tmp_path / "fresh"))
    assert _mode(paths.data_dir()) == 0o700


def test_keys_are_generated_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.setenv("BMNN_DATA_DIR", str(tmp_path))
    first = paths.secret_key()
    key = paths.installation_key()
    assert paths.secret_key() == first
    assert paths.installation_key().public_key().public_bytes_raw() == key.public_key().public_bytes_raw()
    for name in ("secret_key", "installation_ed25519.pem"):
        assert _mode(tmp_path / name) == 0o600


def test_the_running_installation_has_its_signing_key(settings):
    assert _mode(settings.DATA_DIR / "installation_ed25519.pem") == 0o600
