"""Triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on the
ledger tables. Vendor-specific SQL, so RunPython rather than RunSQL."""

from django.db import migrations

from bmnn.core import ledger_triggers


def install(apps, schema_editor):
    ledger_triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    ledger_triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_ledger_at_us"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
