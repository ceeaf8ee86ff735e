from io import StringIO

import pytest

from zhenwei.credit.models import CreditEntry, Disclosure
from zhenwei.demo import core as core_demo
from zhenwei.demo import credit as demo

pytestmark = pytest.mark.dates


def test_demo_is_idempotent_and_covers_every_status(db):
    core_demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    counts = (CreditEntry.objects.count(), Disclosure.objects.count())
    assert {e.status for e in CreditEntry.objects.all()} == {
        "pending",
        "active",
        "expired",
        "removed",
        "repaired",
    }
    assert Disclosure.objects.filter(withdrawn=True).count() == 2  # the removed and the repaired listing
    demo.load(stdout=StringIO())
    assert (CreditEntry.objects.count(), Disclosure.objects.count()) == counts
