"""Metrics on no built-in template: the dashboard's series, and figures an administrator may put on
a template of their own."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from ..metrics import Metric, register
from .common import fixed_and_category, in_category

register(
    Metric(
        key="campaigns.tasks_done",
        label=gettext_lazy("完成任务"),
        model="campaigns.TaskAssignment",
        unit="个",
        date_field="updated_at",
        where=lambda p: Q(status="done"),
    ),
    Metric(
        key="inspections.count",
        label=gettext_lazy("监督检查（产品批次）"),
        model="inspections.Inspection",
        department_field="department",
        unit="个",
        date_field="inspected_on",
        where=in_category(),
    ),
    Metric(
        key="inspections.qualified",
        label=gettext_lazy("现场判定合格"),
        model="inspections.Inspection",
        department_field="department",
        unit="个",
        date_field="inspected_on",
        where=fixed_and_category(Q(judgment="qualified")),
    ),
    Metric(
        key="cases.closed",
        label=gettext_lazy("办结案件"),
        model="cases.Case",
        unit="个",
        date_field="closed_on",
        where=fixed_and_category(Q(status="closed")),
        department_field="department",
        duration_from="opened_on",
    ),
)

register(
    Metric(
        key="joint.destruction_events",
        label=gettext_lazy("集中销毁活动"),
        model="joint.DestructionEvent",
        unit="个",
        date_field="held_on",
    ),
    Metric(
        key="credit.entries",
        label=gettext_lazy("列入失信名单"),
        model="credit.CreditEntry",
        unit="家",
        date_field="decision_date",
    ),
    Metric(
        key="market.suspicious_listings",
        label=gettext_lazy("网络交易可疑商品"),
        model="market.Listing",
        unit="条",
        date_field="first_seen",
        where=fixed_and_category(Q(is_suspicious=True)),
    ),
    Metric(
        key="market.logistics_checks",
        label=gettext_lazy("寄递物流检查"),
        model="market.LogisticsCheck",
        unit="家",
        date_field="checked_on",
        agg="distinct",
        field="enterprise",
    ),
)
