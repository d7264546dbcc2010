"""Test helpers for the append-only ledger.

A transactional test (`@pytest.mark.django_db(transaction=True)`) commits its
rows, and Django empties every table afterwards; the ledger's triggers refuse
that as soon as an event exists. Such a test uses the `ledger_purge` fixture
(or the whole suite enables this module as a plugin: `pytest_plugins =
["bmnn.core.ledger_testing"]` in the root conftest, which purges after every
transactional test automatically):

    from bmnn.core.ledger_testing import ledger_purge  # noqa: F401  (fixture)

    @pytest.mark.django_db(transaction=True)
    def test_something(ledger_purge): ...

`purge_ledger()` refuses to run on anything but a test database."""

from __future__ import annotations

import pytest
from django.db import connections, transaction

from bmnn.core import ledger_triggers


def _is_test_database(connection) -> bool:
    # Django names test databases "test_<name>" (PostgreSQL, SQLite files) or uses in-memory SQLite.
    import os.path

    name = str(connection.settings_dict.get("NAME") or "")
    return os.path.basename(name).startswith("test") or "memory" in name


def purge_ledger(using: str = "default") -> None:
    """Empty the ledger tables of a TEST database, putting the triggers back afterwards."""
    connection = connections[using]
    if not _is_test_database(connection):
        raise RuntimeError(f"purge_ledger() only runs on a test database, not {connection.settings_dict['NAME']!r}.")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ledger_triggers.TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                cursor.execute(f"DELETE FROM {table}")
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            ledger_triggers.uninstall(connection)
            for table in ledger_triggers.TABLES:
                cursor.execute(f"DELETE FROM {table}")
            ledger_triggers.install(connection)


@pytest.fixture
def ledger_purge(transactional_db):
    """Empty the ledger after a transactional test, before Django flushes the database."""
    yield
    purge_ledger()


@pytest.fixture(autouse=True)
def _ledger_purge_after_transactional_tests(request):
    """As a plugin: purge after every transactional test (requested before the database fixtures,
    so it runs after them at set-up and before their flush at tear-down)."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if not (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))):
            yield
            return
    request.getfixturevalue("transactional_db")
    yield
    purge_ledger()
