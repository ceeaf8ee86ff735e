"""Product categories are data: present after migrations, and the demo loader adds no duplicates."""

import io

import pytest

from zhenwei.catalog.models import ProductCategory

SEED_FIRE_PRODUCTS = [
    "灭火器",
    "灭火毯",
    "逃生缓降器",
    "灭火贴",
    "过滤式消防自救呼吸器",
    "独立式火灾探测报警器",
    "消防应急标志灯具",
    "消防应急照明灯具",
    "防火门",
    "防火卷帘",
    "消防水带",
]


@pytest.mark.django_db
def test_categories_exist_after_migrations():
    fire = ProductCategory.objects.get(code="fire-products")
    names = set(ProductCategory.objects.filter(parent=fire).values_list("name", flat=True))
    assert set(SEED_FIRE_PRODUCTS) <= names
    assert all(c.is_fire_product for c in ProductCategory.objects.filter(parent=fire))
    assert (
        ProductCategory.objects.filter(
            code__in=["food-drug", "agri-inputs", "auto-parts", "e-commerce"]
        ).count()
        == 4
    )


@pytest.mark.django_db
def test_demo_after_migration_adds_no_categories():
    from zhenwei.demo import catalog as demo
    from zhenwei.demo import core as core_demo

    before = ProductCategory.objects.count()
    core_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    assert ProductCategory.objects.count() == before
