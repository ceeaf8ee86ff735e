"""The metrics of the two product templates: ``fire-products-monthly`` (消防产品专项整治情况月报表,
seeds 000, 001, 003) and ``anti-counterfeit-monthly`` (打假工作统计月报表, seed 004, each item per
product area: ``key:<category code>``); docs/reports.md has the same tables in words."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from ..asof import Then
from ..metrics import Metric, register
from .common import (
    FINES_PLUS_CONFISCATED,
    LIVE_ACTION,
    NOT_CANCELLED,
    POLICE_TRANSFER,
    POLICE_TRANSFER_DATE,
    WAN,
    fire,
    fixed_and_category,
    in_category,
)

# ---- on both: cases, 罚没款, transfers to the police (by product category on anti-counterfeit) -----
register(
    Metric(
        key="cases.cases",
        label=gettext_lazy("立案查处案件"),
        model="cases.Case",
        unit="个",
        date_field="opened_on",
        where=in_category(),
        # Dismissed by the end of the month (its closed_on dates the dismissal).
        then=(Then("status", not_in=("dismissed",), on="closed_on"),),
        department_field="department",
    ),
    Metric(
        key="cases.fines_wan",
        label=gettext_lazy("罚没款"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="万元",
        where=fixed_and_category(Q(kind="penalty") & LIVE_ACTION, "case__category"),
        department_field="case__department",
        agg="sum",
        field=FINES_PLUS_CONFISCATED,
        scale=WAN,
        note=gettext_lazy("行政处罚措施的罚款与没收违法所得之和"),
    ),
    Metric(
        key="cases.police_cases",
        label=gettext_lazy("移送公安机关案件"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field=POLICE_TRANSFER_DATE,
        unit="个",
        where=fixed_and_category(POLICE_TRANSFER, "case__category"),
        then=NOT_CANCELLED,
        department_field="case__department",
        agg="distinct",
        field="case",
        note=gettext_lazy("按移送日期计，不论公安机关是否立案"),
    ),
)

# ---- fire-products-monthly: inspections of fire products ------------------------------------------
register(
    Metric(
        key="inspections.fire_units",
        label=gettext_lazy("检查单位（消防产品）"),
        model="inspections.Inspection",
        department_field="department",
        unit="家",
        date_field="inspected_on",
        where=lambda p: fire(),
        agg="distinct",
        field="subject_name",
        note=gettext_lazy("按被检查单位名称去重"),
    ),
    Metric(
        key="inspections.fire_products",
        label=gettext_lazy("检查消防产品（按领域）"),
        model="inspections.Inspection",
        department_field="department",
        unit="个",
        date_field="inspected_on",
        where=lambda p: fire() & (Q(domain=p) if p else Q()),
    ),
    Metric(
        key="inspections.fire_unqualified",
        label=gettext_lazy("发现不合格消防产品"),
        model="inspections.Inspection",
        department_field="department",
        unit="个",
        date_field="inspected_on",
        where=lambda p: fire() & Q(judgment="unqualified"),
    ),
)

# ---- fire-products-monthly: case actions ----------------------------------------------------------
register(
    Metric(
        key="cases.penalties",
        label=gettext_lazy("作出行政处罚"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=fixed_and_category(Q(kind="penalty") & LIVE_ACTION, "case__category"),
        department_field="case__department",
    ),
    Metric(
        key="cases.letters",
        label=gettext_lazy("函告、移交其他部门"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=fixed_and_category(Q(kind="letter") & LIVE_ACTION, "case__category"),
        department_field="case__department",
    ),
    Metric(
        key="cases.seized",
        label=gettext_lazy("查封扣押、收缴销毁"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=fixed_and_category(Q(kind__in=("seizure", "destruction")) & LIVE_ACTION, "case__category"),
        department_field="case__department",
    ),
)

# ---- fire-products-monthly: impostor training (冒牌消防培训), publicity, tips -----------------------
register(
    Metric(
        key="registry.training_institutions",
        label=gettext_lazy("摸排培训机构"),
        model="registry.TrainingInstitution",
        unit="家",
        date_field="created_at",
    ),
    Metric(
        key="registry.findings",
        label=gettext_lazy("问题清单事项"),
        model="registry.InstitutionFinding",
        unit="条",
        division_field="institution__division",
        date_field="found_on",
    ),
    Metric(
        key="joint.publicity_events",
        label=gettext_lazy("开展宣传活动"),
        model="joint.PublicityActivity",
        unit="个",
        date_field="held_on",
    ),
    Metric(
        key="tips.tips",
        label=gettext_lazy("受理举报投诉"),
        model="tips.Tip",
        unit="条",
        date_field="received_at",
        where=in_category(),
        then=(Then("duplicate_of", null=True),),  # not yet found to repeat another by the month's end
        department_field="lead_department",
        note=gettext_lazy("不含月末已认定的重复举报"),
    ),
)

# ---- anti-counterfeit-monthly: 检查经营主体, 受理举报及发现线索 ------------------------------------
register(
    Metric(
        key="inspections.units",
        label=gettext_lazy("检查经营主体"),
        model="inspections.Inspection",
        department_field="department",
        unit="家",
        date_field="inspected_on",
        where=in_category(),
        agg="distinct",
        field="subject_name",
        note=gettext_lazy("按被检查单位名称去重"),
    ),
    Metric(
        key="cases.clues",
        label=gettext_lazy("登记线索"),
        model="cases.Clue",
        unit="条",
        where=in_category(),
        department_field="department",
    ),
)
