"""The verification demo loads on a bare registry and a second run changes nothing."""

import io

import pytest
from django.core.cache import cache
from django.utils import timezone

from zhenwei.cases.models import Clue
from zhenwei.core.tests.factories import DivisionFactory
from zhenwei.demo import demodates
from zhenwei.demo import verify as demo
from zhenwei.verify.models import ScanEvent, SigningKey, SuspectCode

pytestmark = pytest.mark.dates


@pytest.fixture(autouse=True)
def _keys_dir(settings, tmp_path):
    """The signing key in a temporary KEYS_DIR (as in verify's own tests), a cold cache."""
    settings.KEYS_DIR = tmp_path / "keys"
    cache.clear()


def test_demo_is_idempotent(db):
    province = DivisionFactory(code="500000", name="重庆市", level="province")
    DivisionFactory(code="500235", name="云阳县", level="county", parent=province)
    demo.load(stdout=io.StringIO())
    counts = (
        ScanEvent.objects.count(),
        SigningKey.objects.count(),
        SuspectCode.objects.count(),
        Clue.objects.count(),
    )
    assert counts[0] > 200 and counts[1] == 1
    assert SuspectCode.objects.filter(reason="destroyed").exists()
    assert ScanEvent.objects.filter(verdict="unknown").exists()
    months = {
        timezone.localtime(at).date().replace(day=1)
        for at in ScanEvent.objects.values_list("created_at", flat=True)
    }
    assert months >= set(demodates.covered_months())
    assert ScanEvent.objects.order_by("-created_at").first().created_at < timezone.now()
    demo.load(stdout=io.StringIO())
    assert counts == (
        ScanEvent.objects.count(),
        SigningKey.objects.count(),
        SuspectCode.objects.count(),
        Clue.objects.count(),
    )
