"""Correct the seeded eliminated-product notices after checking them against public sources, and record
for each how it was checked (source, URL, 已核实 / 部分待核实 / 待核实). Idempotent: rows are found by
name and set to the reference values (a row an administrator deleted is not brought back); running it
twice changes nothing the second time."""

from django.db import migrations


def correct(apps, schema_editor):
    from zhenwei.market.reference import ELIMINATED_PRODUCTS, ELIMINATED_SOURCES

    Eliminated = apps.get_model("market", "EliminatedProductType")
    for name, kind, keywords, exclude, _cat, title, number, body, effective, note in ELIMINATED_PRODUCTS:
        values = {
            "kind": kind,
            "keywords": keywords,
            "exclude_keywords": exclude,
            "notice_title": title,
            "notice_number": number,
            "issuing_body": body,
            "effective_on": effective,
            "note": note,
            **ELIMINATED_SOURCES.get(name, {}),
        }
        row = Eliminated.objects.filter(name=name).first()
        if row is None:
            continue
        changed = [f for f, v in values.items() if getattr(row, f) != v]
        for f in changed:
            setattr(row, f, values[f])
        if changed:
            row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0003_eliminated_source_check"),
    ]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
