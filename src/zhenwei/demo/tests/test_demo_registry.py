"""The registry demo loads realistic records and a second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from zhenwei.core.validators import id_number_problem, uscc_problem
from zhenwei.registry.models import (
    Certificate,
    Enterprise,
    IdentityCode,
    InstitutionFinding,
    TrainingInstitution,
)
from zhenwei.registry.validators import identity_code_problem

pytestmark = pytest.mark.dates


@pytest.mark.django_db
def test_demo_load_is_idempotent_and_valid():
    from zhenwei.demo import catalog as catalog_demo
    from zhenwei.demo import core as core_demo
    from zhenwei.demo import registry as demo

    for module in (core_demo, catalog_demo, demo):
        module.load(stdout=io.StringIO())
    counts = [m.objects.count() for m in (Enterprise, IdentityCode, Certificate, TrainingInstitution)]
    assert counts[0] >= 40 and counts[1] == 2000 and counts[2] == 300 and counts[3] == 3
    demo.load(stdout=io.StringIO())
    assert [m.objects.count() for m in (Enterprise, IdentityCode, Certificate, TrainingInstitution)] == counts
    assert all(uscc_problem(u) is None for u in Enterprise.objects.values_list("uscc", flat=True))
    assert all(
        id_number_problem(i) is None for i in Certificate.objects.values_list("holder_id_number", flat=True)
    )
    assert all(
        identity_code_problem(c) is None for c in IdentityCode.objects.values_list("code", flat=True)[:200]
    )
    assert set(IdentityCode.objects.values_list("status", flat=True)) == {
        "active",
        "revoked",
        "recalled",
        "destroyed",
    }
    assert set(Certificate.objects.values_list("status", flat=True)) == {
        "valid",
        "expired",
        "revoked",
        "suspended",
    }
    assert TrainingInstitution.objects.filter(nature="impostor").count() == 1
    assert InstitutionFinding.objects.filter(status="open").exists()
    assert Certificate.objects.filter(employer__isnull=False).count() == 300


def test_audit_chain_still_verifies_after_demo(db):
    out = io.StringIO()
    from zhenwei.demo import catalog as catalog_demo
    from zhenwei.demo import core as core_demo
    from zhenwei.demo import registry as demo

    for module in (core_demo, catalog_demo, demo):
        module.load(stdout=io.StringIO())
    # The chain only: the registry demo bulk-creates records without per-record audit rows, which
    # `zhenwei demo load` seals as the baseline afterwards (see core/tests/test_audit_integrity.py).
    call_command("audit", "verify", "--chain-only", stdout=out)
    assert "broken" not in out.getvalue().lower()
