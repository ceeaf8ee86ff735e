"""The demo part: realistic spread, loads twice without changing anything."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from zhenwei.core.models import AuditEntry
from zhenwei.demo import catalog as catalog_demo
from zhenwei.demo import core as core_demo
from zhenwei.demo import demodates
from zhenwei.demo import tips as tips_demo
from zhenwei.tips.choices import TipChannel
from zhenwei.tips.models import Reward, Tip
from zhenwei.tips.receipt import receipt_from_seed
from zhenwei.tips.selectors import tip_public_progress

pytestmark = pytest.mark.dates


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached lookups start cold (as in tips' own tests)."""
    cache.clear()
    yield
    cache.clear()


def test_demo_loads_once_and_is_idempotent(db):
    out = StringIO()
    core_demo.load(stdout=out)
    catalog_demo.load(stdout=out)
    tips_demo.load(stdout=out)
    counts = (Tip.objects.count(), Reward.objects.count(), AuditEntry.objects.count())
    tips_demo.load(stdout=out)
    assert (Tip.objects.count(), Reward.objects.count(), AuditEntry.objects.count()) == counts

    assert 55 <= counts[0] <= 65
    assert set(Tip.objects.values_list("channel", flat=True)) == set(TipChannel.values)
    in_yunyang = Tip.objects.filter(division__path__contains="/500235/").count()
    assert in_yunyang > counts[0] / 2
    months = {timezone.localtime(t.received_at).date().replace(day=1) for t in Tip.objects.all()}
    assert months >= set(demodates.covered_months())
    assert max(t.received_at for t in Tip.objects.all()) < timezone.now()  # no tip from the future
    assert Tip.objects.filter(duplicate_of__isnull=False).exclude(duplicate_reason="").count() >= 3
    assert any(t.is_overdue for t in Tip.objects.all())
    assert set(Reward.objects.values_list("status", flat=True)) >= {"proposed", "approved", "paid"}
    assert Tip.objects.filter(status="closed").count() > 5
    assert Tip.objects.values("category").annotate(n=Count("id")).count() >= 10
    progress = tip_public_progress(receipt_from_seed(tips_demo.SEED))
    assert progress is not None and progress.events
