"""Fixtures for tips: categories and routing rules on top of the shared ``org`` tree."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from zhenwei.catalog.models import ProductCategory, RoutingRule
from zhenwei.tips.models import RewardScheme, RewardTier


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cats(org):
    # The categories come with catalog's data migration; created here only if it is absent.
    fire, _ = ProductCategory.objects.get_or_create(code="fire-products", defaults={"name": "消防产品"})
    ext, _ = ProductCategory.objects.get_or_create(
        code="fire-extinguisher", defaults={"name": "灭火器", "parent": fire}
    )
    cert, _ = ProductCategory.objects.get_or_create(
        code="safety-certificate", defaults={"name": "安全生产证书"}
    )
    web, _ = ProductCategory.objects.get_or_create(code="fake-website", defaults={"name": "假冒政府网站"})
    RoutingRule.objects.filter(purpose="tip").delete()
    k = org.kinds
    rules = SimpleNamespace(
        # Fire products: emergency leads anywhere; market and police cooperate.
        fire_lead=RoutingRule.objects.create(
            purpose="tip", category=fire, department_kind=k.emergency, role="lead"
        ),
        fire_coop=RoutingRule.objects.create(
            purpose="tip", category=fire, department_kind=k.market, role="cooperate"
        ),
        # More specific: extinguishers in county A are led by market supervision.
        ext_a_lead=RoutingRule.objects.create(
            purpose="tip", category=ext, division=org.a, department_kind=k.market, role="lead"
        ),
        cert_lead=RoutingRule.objects.create(
            purpose="tip", category=cert, department_kind=k.emergency, role="lead"
        ),
        cert_police=RoutingRule.objects.create(
            purpose="tip", category=cert, department_kind=k.police, role="cooperate"
        ),
        web_lead=RoutingRule.objects.create(
            purpose="tip", category=web, department_kind=k.police, role="lead"
        ),
    )
    return SimpleNamespace(fire=fire, ext=ext, cert=cert, web=web, rules=rules)


@pytest.fixture
def scheme(db):
    s = RewardScheme.objects.create(
        name="测试奖励办法", minimum_amount=Decimal("500"), cap_per_case=Decimal("100000"), basis="测试"
    )
    RewardTier.objects.create(
        scheme=s, fine_from=Decimal("0"), fine_to=Decimal("100000"), share_percent=Decimal("6")
    )
    RewardTier.objects.create(
        scheme=s, fine_from=Decimal("100000"), fine_to=Decimal("1000000"), share_percent=Decimal("4")
    )
    RewardTier.objects.create(
        scheme=s, fine_from=Decimal("1000000"), fine_to=None, share_percent=Decimal("2")
    )
    return s
