import datetime as dt

import pytest


@pytest.fixture
def campaign(org):
    from zhenwei.campaigns.models import Campaign

    return Campaign.objects.create(
        title="甲县打击假冒伪劣消防产品专项行动",
        kind="fire_products",
        doc_number="甲安办发〔2026〕1号",
        division=org.a,
        lead_department=org.dept(org.a, "emergency"),
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 12, 31),
    )


@pytest.fixture
def category(db):
    from zhenwei.catalog.models import ProductCategory

    cat, _ = ProductCategory.objects.get_or_create(
        code="fire-extinguisher", defaults={"name": "灭火器", "is_fire_product": True}
    )
    return cat
