"""PostgreSQL: record_event appends through bmnn_ledger_append() (lock, head, hash and
insert in one round trip). Re-installing is idempotent and leaves SQLite unchanged."""

from django.db import migrations

from bmnn.core import ledger_triggers


def install(apps, schema_editor):
    ledger_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_ledger_append_only"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
