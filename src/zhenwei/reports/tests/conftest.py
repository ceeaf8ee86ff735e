"""Fixtures of the report tests: records in the org tree of the root conftest."""

import datetime as dt

import pytest
from django.utils import timezone

from zhenwei.reports.models import ReportTemplate

OCT = dt.date(2026, 10, 1)


def at(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def cert(db):
    return ReportTemplate.objects.get(slug="cert-campaign-monthly")


@pytest.fixture
def anti(db):
    return ReportTemplate.objects.get(slug="anti-counterfeit-monthly")


@pytest.fixture
def fire(db):
    return ReportTemplate.objects.get(slug="fire-products-monthly")


def make_clue(
    division, *, category="safety-certificate", created=dt.date(2026, 10, 10), department=None, title="线索"
):
    from zhenwei.cases.models import Clue
    from zhenwei.catalog.models import ProductCategory

    clue = Clue.objects.create(
        source="tip",
        title=title,
        division=division,
        category=ProductCategory.objects.get(code=category),
        department=department,
    )
    Clue.objects.filter(pk=clue.pk).update(created_at=at(created))
    clue.refresh_from_db()
    return clue


def make_enterprise(division, name="重庆某某化工有限公司", created=dt.date(2026, 1, 5)):
    """An enterprise on record since ``created`` (a stock row counts it from then on)."""
    from zhenwei.registry.models import Enterprise

    enterprise = Enterprise.objects.create(name=name, division=division)
    Enterprise.objects.filter(pk=enterprise.pk).update(created_at=at(created))
    enterprise.refresh_from_db()
    return enterprise


@pytest.fixture
def records(org):
    """Clues and enterprises spread over A (county), T (town under A) and B (sibling county)."""
    a_police = org.dept(org.a, "police")
    b_police = org.dept(org.b, "police")
    make_clue(org.a, department=a_police, title="A 十月 假证线索")
    make_clue(org.t, department=org.dept(org.t, "police"), title="T 十月 假证线索")
    make_clue(
        org.t, department=org.dept(org.t, "police"), created=dt.date(2026, 9, 3), title="T 九月 假证线索"
    )
    make_clue(org.b, department=b_police, title="B 十月 假证线索")
    make_clue(org.a, department=None, title="A 未移交")
    make_clue(org.a, category="food-drug", title="A 食品线索")
    make_clue(org.a, category="food-drug", created=dt.date(2026, 11, 2), title="A 十一月食品线索")
    for i in range(3):
        make_enterprise(org.a, name=f"甲县企业{i}")
    make_enterprise(org.t, name="甲县一镇企业")
    make_enterprise(org.b, name="乙县企业")
    return org
