"""Times as integer microseconds (`at_us`) so the hash is cheap to recompute and
exact on both databases; `prev_hash` unique so the chain cannot fork; fewer
indexes (and `seq` as SQLite's rowid) so that appending stays cheap.

Any event written before this migration used the earlier canonical form and
cannot be verified by the new one; installations had none in production yet."""

from django.db import migrations, models

import bmnn.core.models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="ledgerevent", name="at"),
        migrations.AddField(
            model_name="ledgerevent",
            name="at_us",
            field=models.BigIntegerField(db_index=True, default=0,
                                         verbose_name="Thời điểm (micro giây từ 1970, UTC)"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="ledgerevent",
            name="prev_hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="Mã băm trước"),
        ),
        migrations.AlterField(
            model_name="ledgerevent",
            name="seq",
            field=bmnn.core.models.SeqField(primary_key=True, serialize=False, verbose_name="Số thứ tự"),
        ),
        migrations.AlterField(
            model_name="ledgerevent",
            name="hash",
            field=models.CharField(max_length=64, verbose_name="Mã băm"),
        ),
        migrations.AlterField(
            model_name="ledgerevent",
            name="unit_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="Mã đơn vị"),
        ),
        migrations.RemoveField(model_name="ledgercheckpoint", name="at"),
        migrations.AddField(
            model_name="ledgercheckpoint",
            name="at_us",
            field=models.BigIntegerField(default=0, verbose_name="Thời điểm ký (micro giây từ 1970, UTC)"),
            preserve_default=False,
        ),
    ]
