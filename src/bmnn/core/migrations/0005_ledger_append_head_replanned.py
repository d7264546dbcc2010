"""PostgreSQL: bmnn_ledger_append() reads the ledger head with a query planned on every
call (EXECUTE), so a long-lived session never keeps a plan made on an empty ledger.
Re-installing is idempotent and leaves SQLite unchanged."""

from django.db import migrations

from bmnn.core import ledger_triggers


def install(apps, schema_editor):
    ledger_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_ledger_append_function"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
