"""Reference data: the logistics-site checklist and the starting list of eliminated/banned products."""

from django.db import migrations


def load(apps, schema_editor):
    from zhenwei.market.reference import ELIMINATED_PRODUCTS, LOGISTICS_CHECKLIST

    Item = apps.get_model("market", "LogisticsChecklistItem")
    Eliminated = apps.get_model("market", "EliminatedProductType")
    Category = apps.get_model("catalog", "ProductCategory")
    for code, group, text, basis, sort in LOGISTICS_CHECKLIST:
        Item.objects.get_or_create(code=code, defaults={"group": group, "text": text, "basis": basis, "sort": sort})
    categories = {c.code: c for c in Category.objects.all()}
    for name, kind, keywords, exclude, cat, title, number, body, effective, note in ELIMINATED_PRODUCTS:
        Eliminated.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "keywords": keywords,
                "exclude_keywords": exclude,
                "category": categories.get(cat),
                "notice_title": title,
                "notice_number": number,
                "issuing_body": body,
                "effective_on": effective,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0001_listings_eliminated_logistics"),
        ("catalog", "0002_product_categories"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
