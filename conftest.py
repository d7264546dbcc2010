"""Shared test setup for every app.

Each test run gets its own data directory (scripts/run_tests.py sets
BMNN_DATA_DIR); password hashing uses Argon2 with test-sized parameters so that
factories creating people stay fast (production keeps Django's parameters)."""

import pytest

# Lets transactional tests empty the append-only ledger tables between tests.
pytest_plugins = ["bmnn.core.ledger_testing"]

from bmnn.accounts.testing import FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
