"""Seed the built-in report templates (reference data in production too)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zhenwei.reports.builtin import templates_ensure

    templates_ensure(apps.get_model("reports", "ReportTemplate"), apps.get_model("reports", "TemplateRow"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
