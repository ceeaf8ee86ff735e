"""What the metric definitions share: product-category filters, money in 万元, the case actions
that count and when, and the derived metrics' combinations."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, F, Q, Value
from django.db.models.functions import Coalesce

from ..asof import Then
from ..metrics import category_ids

WAN = Decimal("0.0001")  # 元 → 万元
CERT_CATEGORIES = ("safety-certificate", "fake-website", "fake-training")


def in_category(prefix: str = "category"):
    """Records of a product category or of its direct subcategories (param = category code)."""

    def where(param: str | None) -> Q:
        if not param:
            return Q()
        ids = category_ids(param)
        if ids is not None:
            return Q(**{f"{prefix}_id__in": ids})
        return Q(**{f"{prefix}__code": param}) | Q(**{f"{prefix}__parent__code": param})

    return where


def fixed(q: Q, category_prefix: str | None = None):
    def where(param: str | None) -> Q:
        if param and category_prefix:
            return q & in_category(category_prefix)(param)
        return q

    return where


def fire(prefix: str = "category") -> Q:
    return Q(**{f"{prefix}__is_fire_product": True})


def fixed_and_category(q: Q, prefix: str = "category"):
    """A fixed filter, narrowed to a product category when the key carries one."""

    def where(param: str | None) -> Q:
        return q & in_category(prefix)(param) if param else q

    return where


FINES_PLUS_CONFISCATED = Coalesce(F("fine_yuan"), Value(0), output_field=DecimalField()) + Coalesce(
    F("confiscated_yuan"), Value(0), output_field=DecimalField()
)
# Actions count when done, on the day they were done (决定、函告、查封之日)…
LIVE_ACTION = Q(status="done")  # done is final (only an open action can be cancelled)
# …except a transfer to the police, which counts on the day it was made (the action's created_at,
# which case_action_add dates with its ``on``, as it dates the share to the police), whatever the
# police later decide; a cancelled transfer never counts.
POLICE_TRANSFER = Q(kind="police_transfer")
# An open transfer cancelled later still counts in the months before its cancellation (audit trail).
NOT_CANCELLED = (Then("status", not_in=("cancelled",)),)
POLICE_TRANSFER_DATE = "created_at"


def _minus(values):
    return max(values[0] - values[1], Decimal(0))


def _sum(values):
    return sum(values, Decimal(0))


def is_sum_of_parts(metric) -> bool:
    """A derived metric that adds its inputs: its cell lists the records of every input."""
    return getattr(metric, "combine", None) is _sum
