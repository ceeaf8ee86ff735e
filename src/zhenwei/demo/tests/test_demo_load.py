from io import StringIO

import pytest
from django.core.management import call_command

from zhenwei.core.models import AuditEntry, Department, Division, User

pytestmark = pytest.mark.dates


def test_demo_load_is_idempotent_and_has_the_real_slice(demo_data, db):
    # demo_data (conftest.py) is the first load, shared with the other tests on the demo data.
    counts = (
        Division.objects.count(),
        Department.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )
    again = StringIO()
    call_command("demo", "load", stdout=again)
    assert "sealed 0 demo records" in again.getvalue()  # nothing new for the audit baseline to seal
    assert (
        Division.objects.count(),
        Department.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    nongba = Division.objects.get(name="农坝镇")
    assert nongba.parent.code == "500235" and nongba.parent.name == "云阳县"
    assert Division.objects.get(code="442000108").name == "港口镇"
    assert Division.objects.filter(path__startswith="/310000/", level="county").count() >= 10
    roles = set(User.objects.values_list("memberships__role", flat=True))
    assert {
        "platform_admin",
        "campaign_office",
        "officer",
        "inspector",
        "hotline_operator",
        "viewer",
    } <= roles
