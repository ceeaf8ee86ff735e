"""Metric definitions over the platform's records, one block per source app.

Keys are stable names used by template rows; ``key:param`` passes a parameter (a product category
code). Models are resolved lazily, so a metric over an app that is not there yet is simply
unavailable (its cells show "—" with the reason).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, F, Q, Value
from django.db.models.functions import Coalesce

from .metrics import DerivedMetric, Metric, category_ids, register

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


# ---- registry (台账) -------------------------------------------------------------------------------
register(
    Metric(
        key="registry.enterprises",
        label="辖区内生产经营单位数量",
        model="registry.Enterprise",
        unit="家",
        date_field=None,
        state={"is_active": True},
        note="月末在册单位（时点数，按创建时间与审计记录回溯到月末，本月与累计相同）",
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
# Actions count when done, on the day they were done (决定、移送、函告之日).
LIVE_ACTION = Q(status="done")

# ---- campaigns: enterprise self-checks and certificate-holding checks ------------------------------
register(
    Metric(
        key="registry.self_checked",
        label="开展自查的生产经营单位",
        model="campaigns.EnterpriseSelfCheck",
        unit="家",
        date_field="checked_on",
        agg="distinct",
        field="enterprise",
    ),
    Metric(
        key="registry.selfcheck_fake_found",
        label="自查发现假冒证件",
        model="campaigns.EnterpriseSelfCheck",
        unit="人",
        date_field="checked_on",
        agg="sum",
        field="fake_found",
    ),
    Metric(
        key="registry.selfcheck_reported",
        label="自查上报处理",
        model="campaigns.EnterpriseSelfCheck",
        unit="人",
        date_field="checked_on",
        agg="sum",
        field="reported",
    ),
    Metric(
        key="inspections.cert_units",
        label="持证上岗执法检查",
        model="campaigns.CertificateCheck",
        unit="家",
        date_field="checked_on",
        agg="distinct",
        field="enterprise",
    ),
    Metric(
        key="inspections.cert_fake",
        label="执法检查发现假证",
        model="campaigns.CertificateCheck",
        unit="个",
        date_field="checked_on",
        agg="sum",
        field="fake_found",
    ),
    Metric(
        key="inspections.cert_expired",
        label="执法检查发现逾期证件",
        model="campaigns.CertificateCheck",
        unit="个",
        date_field="checked_on",
        agg="sum",
        field="expired_found",
    ),
    Metric(
        key="inspections.cert_missing",
        label="执法检查发现未持证",
        model="campaigns.CertificateCheck",
        unit="个",
        date_field="checked_on",
        agg="sum",
        field="missing_found",
    ),
    Metric(
        key="inspections.employers_rectify",
        label="责令整改的用人单位",
        model="campaigns.CertificateCheck",
        unit="家",
        date_field="checked_on",
        where=lambda p: Q(ordered_to_rectify=True),
        agg="distinct",
        field="enterprise",
    ),
    Metric(
        key="inspections.employers_suspended",
        label="停产整顿的用人单位",
        model="campaigns.CertificateCheck",
        unit="家",
        date_field="checked_on",
        where=lambda p: Q(suspended=True),
        agg="distinct",
        field="enterprise",
    ),
    Metric(
        key="cases.employer_persons_reported",
        label="用人单位上报处理人员",
        model="campaigns.CertificateCheck",
        unit="人",
        date_field="checked_on",
        where=lambda p: Q(fake_found__gt=0) | Q(missing_found__gt=0),
        agg="sum",
        field="persons_reported",
    ),
)

# ---- inspections (监督检查、现场判定) --------------------------------------------------------------
register(
    Metric(
        key="inspections.count",
        label="监督检查（产品批次）",
        model="inspections.Inspection",
        unit="个",
        date_field="inspected_on",
        where=in_category(),
    ),
    Metric(
        key="inspections.qualified",
        label="现场判定合格",
        model="inspections.Inspection",
        unit="个",
        date_field="inspected_on",
        where=fixed_and_category(Q(judgment="qualified")),
    ),
    Metric(
        key="inspections.units",
        label="检查经营主体",
        model="inspections.Inspection",
        unit="家",
        date_field="inspected_on",
        where=in_category(),
        agg="distinct",
        field="subject_name",
        note="按被检查单位名称去重",
    ),
    Metric(
        key="inspections.fire_units",
        label="检查单位（消防产品）",
        model="inspections.Inspection",
        unit="家",
        date_field="inspected_on",
        where=lambda p: fire(),
        agg="distinct",
        field="subject_name",
        note="按被检查单位名称去重",
    ),
    Metric(
        key="inspections.fire_products",
        label="检查消防产品（按领域）",
        model="inspections.Inspection",
        unit="个",
        date_field="inspected_on",
        where=lambda p: fire() & (Q(domain=p) if p else Q()),
    ),
    Metric(
        key="inspections.fire_unqualified",
        label="发现不合格消防产品",
        model="inspections.Inspection",
        unit="个",
        date_field="inspected_on",
        where=lambda p: fire() & Q(judgment="unqualified"),
    ),
)

# ---- cases (案件) and their actions (措施) ---------------------------------------------------------
register(
    Metric(
        key="cases.cases",
        label="立案查处案件",
        model="cases.Case",
        unit="个",
        date_field="opened_on",
        where=fixed_and_category(~Q(status="dismissed")),
    ),
    Metric(
        key="cases.closed",
        label="办结案件",
        model="cases.Case",
        unit="个",
        date_field="closed_on",
        where=fixed_and_category(Q(status="closed")),
        duration_from="opened_on",
    ),
    Metric(
        key="cases.penalties",
        label="作出行政处罚",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=fixed_and_category(Q(kind="penalty") & LIVE_ACTION, "case__category"),
    ),
    Metric(
        key="cases.fines_wan",
        label="罚没款",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="万元",
        where=fixed_and_category(Q(kind="penalty") & LIVE_ACTION, "case__category"),
        agg="sum",
        field=FINES_PLUS_CONFISCATED,
        scale=WAN,
        note="行政处罚措施的罚款与没收违法所得之和",
    ),
    Metric(
        key="cases.letters",
        label="函告、移交其他部门",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=fixed_and_category(Q(kind="letter") & LIVE_ACTION, "case__category"),
    ),
    Metric(
        key="cases.police_cases",
        label="移送公安机关案件",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=fixed_and_category(Q(kind="police_transfer") & LIVE_ACTION, "case__category"),
        agg="distinct",
        field="case",
    ),
    Metric(
        key="cases.seized",
        label="查封扣押、收缴销毁",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=fixed_and_category(Q(kind__in=("seizure", "destruction")) & LIVE_ACTION, "case__category"),
    ),
    # The fake-certificate rows of seed 002 annex 1, by case kind and party.
    Metric(
        key="cases.cert_fines_wan",
        label="持证上岗执法检查行政罚款",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="万元",
        where=lambda p: (
            Q(kind="penalty", case__kind="fake_certificate", case__source="inspection") & LIVE_ACTION
        ),
        agg="sum",
        field=FINES_PLUS_CONFISCATED,
        scale=WAN,
    ),
    Metric(
        key="cases.cert_dens",
        label="查处制售假证窝点",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=lambda p: Q(kind="seizure", case__kind="fake_certificate") & LIVE_ACTION,
        agg="distinct",
        field="case",
        note="有查封扣押措施的假证案件",
    ),
    Metric(
        key="cases.cert_den_fines_yuan",
        label="制售假证行政罚款",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="元",
        where=lambda p: (
            Q(kind="penalty", case__kind="fake_certificate", case__enterprise__isnull=True) & LIVE_ACTION
        ),
        agg="sum",
        field=FINES_PLUS_CONFISCATED,
        note="当事人不是登记在册的生产经营单位",
    ),
    Metric(
        key="cases.police_persons",
        label="涉嫌刑事并移送公安部门",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="人",
        where=lambda p: Q(kind="police_transfer", case__kind=p or "fake_certificate") & LIVE_ACTION,
        note="每次移送计一人",
    ),
    Metric(
        key="cases.employer_fines_wan",
        label="用人单位行政罚款",
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="万元",
        where=lambda p: (
            Q(kind="penalty", case__kind="fake_certificate", case__enterprise__isnull=False)
            & ~Q(case__source="inspection")
            & LIVE_ACTION
        ),
        agg="sum",
        field=FINES_PLUS_CONFISCATED,
        scale=WAN,
    ),
)

# ---- webwatch (假冒网站) ---------------------------------------------------------------------------
register(
    Metric(
        key="webwatch.sites_found",
        label="发现假冒网站",
        model="webwatch.SuspectSite",
        unit="家",
        date_field="discovered_on",
        where=lambda p: (
            Q(kind="fake_website") & ~Q(verdict__in=("official", "unrelated")) & ~Q(status="closed")
        ),
    ),
    Metric(
        key="webwatch.sites_blocked",
        label="封堵网站",
        model="webwatch.SuspectSite",
        unit="家",
        date_field="blocked_on",
        where=lambda p: Q(kind="fake_website", blocked_on__isnull=False),
    ),
    Metric(
        key="webwatch.tech_services",
        label="非法提供技术服务",
        model="webwatch.SuspectSite",
        unit="家",
        date_field="discovered_on",
        where=lambda p: Q(kind="tech_service") & ~Q(status="closed"),
    ),
)

# ---- tips (举报投诉) ---------------------------------------------------------------------------------
register(
    Metric(
        key="tips.tips",
        label="受理举报投诉",
        model="tips.Tip",
        unit="条",
        date_field="received_at",
        where=fixed_and_category(Q(duplicate_of__isnull=True)),
        note="不含重复举报",
    ),
)

# ---- registry: impostor training (冒牌消防培训) -------------------------------------------------------
register(
    Metric(
        key="registry.training_institutions",
        label="摸排培训机构",
        model="registry.TrainingInstitution",
        unit="家",
        date_field="created_at",
    ),
    Metric(
        key="registry.findings",
        label="问题清单事项",
        model="registry.InstitutionFinding",
        unit="条",
        division_field="institution__division",
        date_field="found_on",
    ),
)

# ---- joint work (联合行动、宣传) ----------------------------------------------------------------------
register(
    Metric(
        key="joint.publicity_events",
        label="开展宣传活动",
        model="joint.PublicityActivity",
        unit="个",
        date_field="held_on",
    ),
    Metric(
        key="joint.destruction_events",
        label="集中销毁活动",
        model="joint.DestructionEvent",
        unit="个",
        date_field="held_on",
    ),
)

# ---- credit, market -----------------------------------------------------------------------------
register(
    Metric(
        key="credit.entries",
        label="列入失信名单",
        model="credit.CreditEntry",
        unit="家",
        date_field="decision_date",
    ),
    Metric(
        key="market.suspicious_listings",
        label="网络交易可疑商品",
        model="market.Listing",
        unit="条",
        date_field="first_seen",
        where=fixed_and_category(Q(is_suspicious=True)),
    ),
    Metric(
        key="market.logistics_checks",
        label="寄递物流检查",
        model="market.LogisticsCheck",
        unit="家",
        date_field="checked_on",
        agg="distinct",
        field="enterprise",
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
        as_of=True,
        note="在册单位数减去累计已自查单位数（时点数）",
    ),
)
