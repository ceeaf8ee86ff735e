"""Reads of the market app through the one visibility rule."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from zhenwei.core.access import restrict

from .models import Listing, LogisticsCheck


def listing_list(*, user) -> QuerySet[Listing]:
    return restrict(Listing.objects.select_related("category", "division", "clue"), user)


def seller_summary(*, user, suspicious_only: bool = True):
    """Suspicious listings grouped by seller (platform, seller id): count, shop name, clue."""
    qs = listing_list(user=user)
    if suspicious_only:
        qs = qs.filter(is_suspicious=True)
    return (
        qs.values("platform", "seller_id")
        .annotate(
            listings=Count("pk"),
            shop=Max("shop_name"),
            clue_id=Max("clue_id"),
            suspicious=Count("pk", filter=Q(is_suspicious=True)),
        )
        .order_by("-suspicious", "platform", "seller_id")
    )


def logistics_check_list(*, user) -> QuerySet[LogisticsCheck]:
    return restrict(LogisticsCheck.objects.select_related("enterprise", "department"), user)
