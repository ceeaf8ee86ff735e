"""What other apps may call in credit (docs/architecture.md, "Contracts between apps")."""

from __future__ import annotations

import datetime as dt

from .models import CreditEntry
from .selectors import active_q

__all__ = ["listed_enterprise_ids"]


def listed_enterprise_ids(*, day: dt.date | None = None) -> set[int]:
    """Registry enterprises with a credit listing published on ``day`` (default today): the
    inspection draw weighs them up (seed 005, "信用风险分类")."""
    return set(
        CreditEntry.objects.filter(active_q(day), enterprise__isnull=False).values_list(
            "enterprise_id", flat=True
        )
    )
