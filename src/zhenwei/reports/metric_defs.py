"""Metric definitions over the platform's records, one block per source app.

Keys are stable names used by template rows; ``key:param`` passes a parameter (a product category
code). Models are resolved lazily, so a metric over an app that is not there yet is simply
unavailable (its cells show "—" with the reason).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from .metrics import DerivedMetric, Metric, register

WAN = Decimal("0.0001")  # 元 → 万元
CERT_CATEGORIES = ("safety-certificate", "fake-website", "fake-training")


def in_category(prefix: str = "category"):
    """Records of a product category or of its direct subcategories (param = category code)."""

    def where(param: str | None) -> Q:
        if not param:
            return Q()
        return Q(**{f"{prefix}__code": param}) | Q(**{f"{prefix}__parent__code": param})

    return where


def fixed(q: Q, category_prefix: str | None = None):
    def where(param: str | None) -> Q:
        if param and category_prefix:
            return q & in_category(category_prefix)(param)
        return q

    return where


# ---- registry (台账) -------------------------------------------------------------------------------
register(
    Metric(
        key="registry.enterprises",
        label="辖区内生产经营单位数量",
        model="registry.Enterprise",
        unit="家",
        date_field=None,
        where=lambda p: Q(is_active=True),
        note="在册单位（时点数，本月与累计相同）",
    ),
)

# ---- cases (线索、案件) ----------------------------------------------------------------------------
register(
    Metric(
        key="cases.clues",
        label="登记线索",
        model="cases.Clue",
        unit="条",
        where=in_category(),
    ),
    Metric(
        key="cases.clues_handed_over",
        label="发现并移交相关部门问题线索",
        model="cases.Clue",
        unit="条",
        where=lambda p: (
            Q(department__isnull=False)
            & (Q(category__code__in=CERT_CATEGORIES) if not p else in_category()(p))
        ),
        note="已指定承办部门的证书、网站、培训类线索",
    ),
)

# ---- campaigns (任务落实) --------------------------------------------------------------------------
register(
    Metric(
        key="campaigns.tasks_done",
        label="完成任务",
        model="campaigns.TaskAssignment",
        unit="个",
        date_field="updated_at",
        where=lambda p: Q(status="done"),
    ),
)


def _minus(values):
    return max(values[0] - values[1], Decimal(0))


register(
    DerivedMetric(
        key="registry.not_self_checked",
        label="未开展自查",
        inputs=("registry.enterprises", "registry.self_checked"),
        combine=_minus,
        unit="家",
    ),
)
