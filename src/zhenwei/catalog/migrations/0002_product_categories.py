"""The product categories of the seeds, as data: a fresh production install must have them.

The list is frozen here (a migration must not change when the code does); catalog/demo.py keeps
using get_or_create on the same codes, so running it afterwards changes nothing.
"""

from django.db import migrations

# code, name, English, parent code, is fire product
CATEGORIES = [
    ("fire-products", "消防产品", "Fire products", None, True),
    ("fire-extinguisher", "灭火器", "Fire extinguisher", "fire-products", True),
    ("fire-blanket", "灭火毯", "Fire blanket", "fire-products", True),
    ("escape-descender", "逃生缓降器", "Escape descender", "fire-products", True),
    ("fire-sticker", "灭火贴", "Fire-extinguishing sticker", "fire-products", True),
    ("escape-respirator", "过滤式消防自救呼吸器", "Filter self-rescue respirator", "fire-products", True),
    ("smoke-alarm", "独立式火灾探测报警器", "Standalone fire detector alarm", "fire-products", True),
    ("emergency-sign-lamp", "消防应急标志灯具", "Emergency exit sign lamp", "fire-products", True),
    ("emergency-lighting", "消防应急照明灯具", "Emergency lighting", "fire-products", True),
    ("fire-door", "防火门", "Fire door", "fire-products", True),
    ("fire-shutter", "防火卷帘", "Fire shutter", "fire-products", True),
    ("fire-hose", "消防水带", "Fire hose", "fire-products", True),
    ("food-drug", "食品药品（含化妆品）", "Food and drugs (incl. cosmetics)", None, False),
    ("agri-inputs", "农资", "Agricultural inputs", None, False),
    ("building-materials", "建材", "Building materials", None, False),
    ("children-products", "儿童用品（含玩具）", "Children's products and toys", None, False),
    ("clothing", "服装", "Clothing", None, False),
    ("appliances", "燃气灶具、小家电", "Gas stoves and small appliances", None, False),
    ("lamps", "灯具", "Lamps", None, False),
    ("auto-parts", "汽车零配件", "Auto parts", None, False),
    ("e-commerce", "电子商务产品", "E-commerce goods", None, False),
    ("safety-certificate", "安全生产证书", "Work-safety certificates", None, False),
    ("fake-website", "假冒政府网站", "Fake government websites", None, False),
    ("fake-training", "冒牌消防培训", "Impostor fire-safety training", None, False),
]


def add_categories(apps, schema_editor):
    ProductCategory = apps.get_model("catalog", "ProductCategory")
    by_code = {}
    for sort, (code, name, en, parent, fire) in enumerate(CATEGORIES):
        category, _ = ProductCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": en,
                "parent": by_code.get(parent),
                "is_fire_product": fire,
                "sort": sort * 10,
            },
        )
        by_code[code] = category


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
