"""Shared fixtures: an organisation tree of one province, two sibling counties and a town.

    P (province) ── A (county) ── T (town under A)
                 └─ B (county, sibling of A)

Each of P, A, B and T has a market-supervision department and an emergency department; users:
office_p (campaign office at P), officer_a, officer_b, inspector_a, hotline_a, viewer_a, officer_t, admin.
"""

import datetime as dt
import os
from types import SimpleNamespace

import pytest

from zhenwei.core.choices import DivisionLevel, Role


def _test_today(value: str) -> dt.datetime:
    """``ZHENWEI_TEST_TODAY``: ``2027-01-31`` (noon) or ``2027-12-31T23:59``, local time (settings.TIME_ZONE)."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    moment = dt.datetime.fromisoformat(value if "T" in value or " " in value else f"{value}T12:00")
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture(autouse=True)
def _dates_frozen(request):
    """Tests marked ``dates`` run with the clock frozen at ``ZHENWEI_TEST_TODAY`` when it is set
    (``make test-dates`` runs them at a month-end and on New Year's Eve); otherwise at the real date.

    Python's clock only (Django's ``timezone.now()``/``localdate()``, ``datetime``, ``time``): the
    database's own ``now()`` is not moved, and the code does not use it."""
    value = os.environ.get("ZHENWEI_TEST_TODAY", "").strip()
    if not value or request.node.get_closest_marker("dates") is None:
        yield None
        return
    from freezegun import freeze_time

    with freeze_time(_test_today(value)) as frozen:
        yield frozen


@pytest.fixture
def org(db):
    from zhenwei.core.tests.factories import (
        DepartmentFactory,
        DepartmentKindFactory,
        DivisionFactory,
        UserFactory,
        user_with_role,
    )

    market = DepartmentKindFactory(code="market", name="市场监管")
    emergency = DepartmentKindFactory(code="emergency", name="应急管理")
    fire = DepartmentKindFactory(code="fire", name="消防救援")
    police = DepartmentKindFactory(code="police", name="公安")
    p = DivisionFactory(code="980000", name="测试省", level=DivisionLevel.PROVINCE)
    pc = DivisionFactory(code="980100", name="测试市", level=DivisionLevel.PREFECTURE, parent=p)
    a = DivisionFactory(code="980101", name="甲县", level=DivisionLevel.COUNTY, parent=pc)
    b = DivisionFactory(code="980102", name="乙县", level=DivisionLevel.COUNTY, parent=pc)
    t = DivisionFactory(code="980101001", name="甲县一镇", level=DivisionLevel.TOWN, parent=a)
    depts = {}
    for div in (p, pc, a, b, t):
        for kind in (market, emergency, fire, police):
            depts[(div.code, kind.code)] = DepartmentFactory(
                name=f"{div.name}{kind.name}", kind=kind, division=div
            )
    admin = UserFactory(username="admin_t", is_superuser=True)
    return SimpleNamespace(
        p=p,
        pc=pc,
        a=a,
        b=b,
        t=t,
        kinds=SimpleNamespace(market=market, emergency=emergency, fire=fire, police=police),
        dept=lambda div, kind: depts[(div.code, kind)],
        admin=admin,
        office_p=user_with_role("office_p", depts[(pc.code, "emergency")], Role.CAMPAIGN_OFFICE),
        officer_a=user_with_role("officer_a", depts[(a.code, "market")], Role.OFFICER),
        officer_b=user_with_role("officer_b", depts[(b.code, "market")], Role.OFFICER),
        inspector_a=user_with_role("inspector_a", depts[(a.code, "fire")], Role.INSPECTOR),
        hotline_a=user_with_role("hotline_a", depts[(a.code, "emergency")], Role.HOTLINE_OPERATOR),
        viewer_a=user_with_role("viewer_a", depts[(a.code, "emergency")], Role.VIEWER),
        officer_t=user_with_role("officer_t", depts[(t.code, "market")], Role.OFFICER),
    )


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def as_user(api_client):
    """as_user(user) → an APIClient authenticated as that user."""

    def _as(user):
        api_client.force_authenticate(user=user)
        return api_client

    return _as


def pytest_collection_modifyitems(config, items):
    """Every hypothesis test is also marked ``properties`` (``make properties`` runs them with their
    full example counts; zhenwei.core.tests.properties)."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.properties)
