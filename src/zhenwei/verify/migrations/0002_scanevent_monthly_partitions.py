"""The scan log becomes a table partitioned by month on PostgreSQL (zhenwei/verify/partitions.py).

No change to the model state: Django still sees one table with the same columns and indexes.
SQLite keeps its plain table.
"""

from django.db import migrations


def forward(apps, schema_editor):
    from zhenwei.verify.partitions import convert_to_partitioned

    convert_to_partitioned(schema_editor)


def backward(apps, schema_editor):
    from zhenwei.verify.partitions import convert_to_plain

    convert_to_plain(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("verify", "0001_signing_keys_scan_events_suspect_codes")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
