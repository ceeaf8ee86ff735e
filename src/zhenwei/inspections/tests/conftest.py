"""A small world for inspection tests: routing rules, subjects in county A, town T and county B, a pool."""

from types import SimpleNamespace

import pytest

from zhenwei.catalog.models import ProductCategory, RoutingRule
from zhenwei.core.models import DepartmentKind
from zhenwei.core.tests.factories import DepartmentFactory
from zhenwei.inspections.models import PoolInspector
from zhenwei.registry.models import Enterprise


@pytest.fixture
def world(org):
    fire_products = ProductCategory.objects.get(code="fire-products")
    extinguisher = ProductCategory.objects.get(code="fire-extinguisher")
    certification = DepartmentKind.objects.create(code="certification", name="产品认证机构")
    cert_body = DepartmentFactory(name="认证中心", kind=certification, division=org.p)
    rules = [
        dict(
            category=fire_products,
            department_kind=org.kinds.fire,
            role="copy",
            source_department_kind=org.kinds.market,
        ),
        dict(
            category=fire_products,
            department_kind=org.kinds.market,
            role="copy",
            domain="use",
            outcome="unqualified",
        ),
        dict(
            category=fire_products,
            department_kind=certification,
            role="copy",
            domain="use",
            outcome="unqualified",
        ),
    ]
    for r in rules:
        RoutingRule.objects.create(purpose="inspection_result", **r)
    RoutingRule.objects.create(
        purpose="clue", category=fire_products, department_kind=org.kinds.market, role="lead"
    )
    subjects = []
    for i, (div, kind) in enumerate(
        [(org.a, "retailer")] * 6
        + [(org.t, "retailer")] * 4
        + [(org.t, "school")] * 3
        + [(org.b, "retailer")] * 3
    ):
        subjects.append(
            Enterprise.objects.create(
                name=f"测试单位{i:02d}",
                division=div,
                kind=kind,
                address=f"{div.name}测试路{i}号",
                is_circulation=True,
                is_use=True,
            )
        )
    a_market, a_fire, a_emergency = (org.dept(org.a, k) for k in ("market", "fire", "emergency"))
    pool = [
        PoolInspector.objects.create(name="李强", user=org.inspector_a, department=a_fire, division=org.a),
        PoolInspector.objects.create(name="王敏", user=org.officer_a, department=a_market, division=org.a),
        PoolInspector.objects.create(name="赵磊", department=a_emergency, division=org.a),
        PoolInspector.objects.create(name="孙丽", department=a_market, division=org.a),
        PoolInspector.objects.create(name="周专家", employer=subjects[0], division=org.a),
    ]
    return SimpleNamespace(
        org=org,
        extinguisher=extinguisher,
        fire_products=fire_products,
        subjects=subjects,
        pool=pool,
        cert_body=cert_body,
        a_market=a_market,
        a_fire=a_fire,
    )
