"""Fixtures of the verification tests: keys in a temporary KEYS_DIR, a product with codes, a
routing rule so suspect codes reach the market department, certificates."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from zhenwei.catalog.models import RoutingRule
from zhenwei.catalog.tests.factories import ProductCategoryFactory
from zhenwei.registry.choices import CertificateStatus, CodeStatus
from zhenwei.registry.tests.factories import (
    CertificateFactory,
    IdentityCodeFactory,
    ProductBatchFactory,
    ProductFactory,
    make_id_number,
)


@pytest.fixture(autouse=True)
def _keys_dir(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    cache.clear()
    from zhenwei.verify import services

    services._place_cache.clear()
    yield


@pytest.fixture
def signing_key(db):
    from zhenwei.verify.keys import key_create

    return key_create(actor="test")


@pytest.fixture
def catalog(org):
    category = ProductCategoryFactory(code="fire-extinguisher", name="灭火器")
    RoutingRule.objects.create(
        purpose="clue", category=category, department_kind=org.kinds.market, role="lead", note="test"
    )
    return category


@pytest.fixture
def product(org, catalog):
    return ProductFactory(
        category=catalog,
        name="手提式干粉灭火器",
        model="MFZ/ABC4",
        manufacturer_name="重庆安消消防器材有限公司",
        access_certificate_no="2026081801000123",
        division=org.a,
    )


@pytest.fixture
def codes(product):
    batch = ProductBatchFactory(product=product, batch_no="B20260301", produced_on=dt.date(2026, 3, 1))
    made = {}
    for status in CodeStatus.values:
        made[status] = IdentityCodeFactory(product=product, batch=batch, status=status)
    return made


@pytest.fixture
def certificates(org):
    in_four_years = timezone.localdate() + dt.timedelta(days=4 * 365)  # valid on any date
    common = {"division": org.a, "holder_name": "张小三", "expires_on": in_four_years}
    return {
        "valid": CertificateFactory(
            number="T500235198503120011", holder_id_number=make_id_number(11), **common
        ),
        "expired": CertificateFactory(
            number="T500235198503120012",
            holder_id_number=make_id_number(12),
            **{**common, "expires_on": dt.date(2025, 1, 1)},
        ),
        "revoked": CertificateFactory(
            number="T500235198503120013",
            holder_id_number=make_id_number(13),
            status=CertificateStatus.REVOKED,
            **common,
        ),
        "suspended": CertificateFactory(
            number="T500235198503120014",
            holder_id_number=make_id_number(14),
            status=CertificateStatus.SUSPENDED,
            **common,
        ),
    }
