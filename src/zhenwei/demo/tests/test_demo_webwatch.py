from io import StringIO

import pytest

from zhenwei.demo import core as core_demo
from zhenwei.demo import webwatch as demo
from zhenwei.webwatch.models import SiteEvent, SiteEvidence, SuspectSite

pytestmark = pytest.mark.dates


def test_demo_is_idempotent_and_covers_every_stage(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    core_demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    counts = (SuspectSite.objects.count(), SiteEvidence.objects.count(), SiteEvent.objects.count())
    assert counts[0] >= 15
    assert set(SuspectSite.objects.values_list("status", flat=True)) == {
        "discovered",
        "evidence_kept",
        "referred",
        "blocked",
        "closed",
    }
    demo.load(stdout=StringIO())
    assert (SuspectSite.objects.count(), SiteEvidence.objects.count(), SiteEvent.objects.count()) == counts
