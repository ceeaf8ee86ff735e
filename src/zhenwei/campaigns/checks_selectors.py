"""Reads of self-checks and certificate checks; every one goes through restrict()."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from zhenwei.core.access import restrict, user_scope

from .checks_choices import Rectification
from .checks_filtersets import rectification_q
from .models import CertificateCheck, CertificateCheckRow, EnterpriseSelfCheck


def campaign_choices(*, user) -> QuerySet:
    """Campaigns a user may record checks for: those they see (campaigns.selectors.campaign_list),
    and those of the divisions above their own, whose campaigns apply to them (a town officer records
    self-checks for the county's campaign)."""
    from .models import Campaign
    from .selectors import campaign_list

    scope = user_scope(user)
    if scope.is_global:
        return campaign_list(user=user)
    above = set()
    for path in scope.division_paths:
        parts = path.strip("/").split("/")
        above.update("/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
    visible = campaign_list(user=user).values("pk")
    return (
        Campaign.objects.filter(Q(pk__in=visible) | Q(division__path__in=above))
        .select_related("division")
        .order_by("-starts_on")
    )


def self_check_list(*, user, action: str = "view") -> QuerySet[EnterpriseSelfCheck]:
    """Self-checks the user may see (or change)."""
    return restrict(
        EnterpriseSelfCheck.objects.select_related("campaign", "enterprise", "division", "recorded_by"),
        user,
        action,
    )


def certificate_check_list(*, user, action: str = "view") -> QuerySet[CertificateCheck]:
    """Certificate checks the user may see (or change)."""
    return restrict(
        CertificateCheck.objects.select_related(
            "campaign", "enterprise", "division", "department", "result_file", "case", "clue"
        ),
        user,
        action,
    )


def certificate_check_rows(*, check: CertificateCheck, user) -> QuerySet[CertificateCheckRow]:
    """The per-person rows of a check the user may see."""
    return restrict(CertificateCheckRow.objects.filter(check_record=check), user)


def overdue_self_checks(*, user, today: dt.date | None = None) -> QuerySet[EnterpriseSelfCheck]:
    """Self-checks whose rectification deadline has passed without it being done (逾期未整改)."""
    today = today or timezone.localdate()
    return (
        self_check_list(user=user)
        .filter(rectification_q(Rectification.OVERDUE, today))
        .order_by("rectify_by")
    )


@dataclass
class EnterpriseSummary:
    """An enterprise's self-checks over a campaign, in one row."""

    enterprise_id: int
    enterprise: str
    division: str
    checks: int
    last_checked_on: dt.date | None
    persons_checked: int
    fake_found: int
    expired_found: int
    reported: int
    overdue: int


def self_check_summary(
    *, qs: QuerySet[EnterpriseSelfCheck], today: dt.date | None = None, limit: int = 200
) -> list[EnterpriseSummary]:
    """Per enterprise: how many self-checks, when the last one, what they found, rectifications overdue."""
    today = today or timezone.localdate()
    rows = (
        qs.order_by()
        .values("enterprise_id", "enterprise__name", "division__name")
        .annotate(
            n=Count("pk"),
            last=Max("checked_on"),
            persons=Sum("persons_checked"),
            fake=Sum("fake_found"),
            expired=Sum("expired_found"),
            rep=Sum("reported"),
            overdue=Count("pk", filter=rectification_q(Rectification.OVERDUE, today)),
        )
        .order_by("-overdue", "enterprise__name")[:limit]
    )
    return [
        EnterpriseSummary(
            enterprise_id=r["enterprise_id"],
            enterprise=r["enterprise__name"],
            division=r["division__name"],
            checks=r["n"],
            last_checked_on=r["last"],
            persons_checked=r["persons"] or 0,
            fake_found=r["fake"] or 0,
            expired_found=r["expired"] or 0,
            reported=r["rep"] or 0,
            overdue=r["overdue"],
        )
        for r in rows
    ]


def certificate_check_totals(*, qs: QuerySet[CertificateCheck]) -> dict:
    """Totals over a list of certificate checks (the list page's footer)."""
    return qs.order_by().aggregate(
        checks=Count("pk"),
        enterprises=Count("enterprise", distinct=True),
        persons=Sum("persons_checked"),
        fake=Sum("fake_found"),
        expired=Sum("expired_found"),
        missing=Sum("missing_found"),
        with_case=Count("pk", filter=Q(case__isnull=False)),
    )
