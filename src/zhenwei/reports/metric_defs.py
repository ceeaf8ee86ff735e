"""Metric definitions over the platform's records, one block per source app.

Keys are stable names used by template rows; ``key:param`` passes a parameter (a product category
code). Models are resolved lazily, so a metric over an app that is not there yet is simply
unavailable (its cells show "—" with the reason).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from .metrics import DerivedMetric, Metric, Then, category_ids, register

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
        label=gettext_lazy("辖区内生产经营单位数量"),
        model="registry.Enterprise",
        unit="家",
        date_field=None,
        state={"is_active": True},
        note=gettext_lazy("月末在册单位（时点数，按创建时间与审计记录回溯到月末，本月与累计相同）"),
    ),
)

# ---- cases (线索、案件) ----------------------------------------------------------------------------
register(
    Metric(
        key="cases.clues",
        label=gettext_lazy("登记线索"),
        model="cases.Clue",
        unit="条",
        where=in_category(),
        department_field="department",
    ),
    Metric(
        key="cases.clues_routed",
        label=gettext_lazy("有承办部门的证书、网站、培训类线索"),
        model="cases.Clue",
        unit="条",
        where=lambda p: Q(category__code__in=CERT_CATEGORIES) if not p else in_category()(p),
        # Routed to a handling department by the end of the month (triage may route it later).
        then=(Then("department", null=False),),
        department_field="department",
        note=gettext_lazy("月末已分办（或指定）承办部门的证书、网站、培训类线索，按登记日期"),
    ),
)

# ---- campaigns (任务落实) --------------------------------------------------------------------------
register(
    Metric(
        key="campaigns.tasks_done",
        label=gettext_lazy("完成任务"),
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
# Actions count when done, on the day they were done (决定、函告、查封之日)…
LIVE_ACTION = Q(status="done")  # done is final (only an open action can be cancelled)
# …except a transfer to the police, which counts on the day it was made (the action's created_at,
# which case_action_add dates with its ``on``, as it dates the share to the police), whatever the
# police later decide; a cancelled transfer never counts.
POLICE_TRANSFER = Q(kind="police_transfer")
# An open transfer cancelled later still counts in the months before its cancellation (audit trail).
NOT_CANCELLED = (Then("status", not_in=("cancelled",)),)
POLICE_TRANSFER_DATE = "created_at"

# Seed 002 annex 1 splits the fines of fake-certificate cases over three rows; each penalty lands in
# exactly one (tested over every combination): a case found by inspection → row 10 (万元); otherwise
# a party that is not a registered enterprise (a den, a seller of fake certificates) → row 12 (元);
# otherwise the employer enterprise named on the case → row 21 (万元).
CERT_PENALTY = Q(kind="penalty", case__kind="fake_certificate") & LIVE_ACTION
FROM_INSPECTION = Q(case__source="inspection")
CERT_FINE_ROWS = {
    "cases.cert_fines_wan": CERT_PENALTY & FROM_INSPECTION,
    "cases.cert_den_fines_yuan": CERT_PENALTY & ~FROM_INSPECTION & Q(case__enterprise__isnull=True),
    "cases.employer_fines_wan": CERT_PENALTY & ~FROM_INSPECTION & Q(case__enterprise__isnull=False),
}
# Cases whose matter belongs to the fake-certificate / fake-website rows (rows 13, 14, 18).
CERT_CASE = Q(case__kind__in=("fake_certificate", "fake_website")) | Q(
    case__category__code__in=CERT_CATEGORIES
)

# ---- campaigns: enterprise self-checks and certificate-holding checks ------------------------------
register(
    Metric(
        key="registry.self_checked",
        label=gettext_lazy("开展自查的生产经营单位"),
        model="campaigns.EnterpriseSelfCheck",
        unit="家",
        date_field="checked_on",
        agg="distinct",
        field="enterprise",
    ),
    Metric(
        key="registry.selfcheck_fake_found",
        label=gettext_lazy("自查发现假冒证件"),
        model="campaigns.EnterpriseSelfCheck",
        unit="人",
        date_field="checked_on",
        agg="sum",
        field="fake_found",
    ),
    Metric(
        key="registry.selfcheck_reported",
        label=gettext_lazy("自查上报处理"),
        model="campaigns.EnterpriseSelfCheck",
        unit="人",
        date_field="checked_on",
        agg="sum",
        field="reported",
    ),
    Metric(
        key="inspections.cert_units",
        label=gettext_lazy("持证上岗执法检查"),
        model="campaigns.CertificateCheck",
        department_field="department",
        unit="家",
        date_field="checked_on",
        agg="distinct",
        field="enterprise",
    ),
    Metric(
        key="inspections.cert_fake",
        label=gettext_lazy("执法检查发现假证"),
        model="campaigns.CertificateCheck",
        department_field="department",
        unit="个",
        date_field="checked_on",
        agg="sum",
        field="fake_found",
    ),
    Metric(
        key="inspections.cert_expired",
        label=gettext_lazy("执法检查发现逾期证件"),
        model="campaigns.CertificateCheck",
        department_field="department",
        unit="个",
        date_field="checked_on",
        agg="sum",
        field="expired_found",
    ),
    Metric(
        key="inspections.cert_missing",
        label=gettext_lazy("执法检查发现未持证"),
        model="campaigns.CertificateCheck",
        department_field="department",
        unit="个",
        date_field="checked_on",
        agg="sum",
        field="missing_found",
    ),
    Metric(
        key="inspections.employers_rectify",
        label=gettext_lazy("责令整改的用人单位"),
        model="campaigns.CertificateCheck",
        department_field="department",
        unit="家",
        date_field="checked_on",
        where=lambda p: Q(ordered_to_rectify=True),
        agg="distinct",
        field="enterprise",
    ),
    Metric(
        key="inspections.employers_suspended",
        label=gettext_lazy("停产整顿的用人单位"),
        model="campaigns.CertificateCheck",
        department_field="department",
        unit="家",
        date_field="checked_on",
        where=lambda p: Q(suspended=True),
        agg="distinct",
        field="enterprise",
    ),
    Metric(
        key="cases.employer_persons_reported",
        label=gettext_lazy("用人单位上报处理人员"),
        model="campaigns.CertificateCheck",
        department_field="department",
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

# ---- cases (案件) and their actions (措施) ---------------------------------------------------------
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
        key="cases.closed",
        label=gettext_lazy("办结案件"),
        model="cases.Case",
        unit="个",
        date_field="closed_on",
        where=fixed_and_category(Q(status="closed")),
        department_field="department",
        duration_from="opened_on",
    ),
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
    # The fake-certificate rows of seed 002 annex 1, by case kind and party.
    Metric(
        key="cases.cert_fines_wan",
        label=gettext_lazy("持证上岗执法检查行政罚款"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="万元",
        where=lambda p: CERT_FINE_ROWS["cases.cert_fines_wan"],
        department_field="case__department",
        agg="sum",
        field=FINES_PLUS_CONFISCATED,
        scale=WAN,
        note=gettext_lazy("监督检查发现的假证案件的行政处罚"),
    ),
    Metric(
        key="cases.cert_dens",
        label=gettext_lazy("查处制售假证窝点"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="个",
        where=lambda p: Q(kind="seizure", case__kind="fake_certificate") & LIVE_ACTION,
        department_field="case__department",
        agg="distinct",
        field="case",
        note=gettext_lazy("有查封扣押措施的假证案件"),
    ),
    Metric(
        key="cases.cert_den_fines_yuan",
        label=gettext_lazy("制售假证行政罚款"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="元",
        where=lambda p: CERT_FINE_ROWS["cases.cert_den_fines_yuan"],
        department_field="case__department",
        agg="sum",
        field=FINES_PLUS_CONFISCATED,
        note=gettext_lazy("非监督检查发现、当事人不是登记在册的生产经营单位"),
    ),
    Metric(
        key="cases.police_persons",
        label=gettext_lazy("涉嫌刑事并移送公安部门"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field=POLICE_TRANSFER_DATE,
        unit="人",
        where=lambda p: POLICE_TRANSFER & Q(case__kind=p or "fake_certificate"),
        then=NOT_CANCELLED,
        department_field="case__department",
        note=gettext_lazy("每次移送计一人，按移送日期计，不论公安机关是否立案"),
    ),
    Metric(
        key="cases.employer_fines_wan",
        label=gettext_lazy("用人单位行政罚款"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field="done_on",
        unit="万元",
        where=lambda p: CERT_FINE_ROWS["cases.employer_fines_wan"],
        department_field="case__department",
        agg="sum",
        field=FINES_PLUS_CONFISCATED,
        scale=WAN,
        note=gettext_lazy("非监督检查发现、案件当事单位为登记在册的用人单位"),
    ),
    Metric(
        key="cases.police_transfers_without_clue",
        label=gettext_lazy("未经线索直接立案并移送公安的证书、网站类案件"),
        model="cases.CaseAction",
        division_field="case__division",
        date_field=POLICE_TRANSFER_DATE,
        unit="条",
        where=lambda p: POLICE_TRANSFER & CERT_CASE & Q(case__clue__isnull=True),
        then=NOT_CANCELLED,
        department_field="case__department",
        agg="distinct",
        field="case",
        note=gettext_lazy("每案计一条；由线索立案的案件已按其线索计入"),
    ),
)

# ---- webwatch (假冒网站) ---------------------------------------------------------------------------
# A ledger record closed as no problem (排除) is left out, by its status at the end of the month: a
# site found in October and closed in December still counts in October.
NOT_EXCLUDED = (Then("status", not_in=("closed",), on="closed_on"),)
register(
    Metric(
        key="webwatch.sites_found",
        label=gettext_lazy("发现假冒网站"),
        model="webwatch.SuspectSite",
        unit="家",
        date_field="discovered_on",
        # Whatever the look-alike check said: an officer put the site in the ledger. Only a record
        # closed as no problem (排除) is left out; a blocked site can never be closed, so every site
        # counted by 封堵网站 is also counted here (found ≥ blocked).
        where=lambda p: Q(kind="fake_website"),
        then=NOT_EXCLUDED,
        department_field="department",
        note=gettext_lazy("台账中的假冒网站，不论检测结论；不含已排除的记录"),
    ),
    Metric(
        key="webwatch.sites_blocked",
        label=gettext_lazy("封堵网站"),
        model="webwatch.SuspectSite",
        unit="家",
        date_field="blocked_on",
        where=lambda p: Q(kind="fake_website", blocked_on__isnull=False),
        department_field="department",
    ),
    Metric(
        key="webwatch.tech_services",
        label=gettext_lazy("非法提供技术服务"),
        model="webwatch.SuspectSite",
        unit="家",
        date_field="discovered_on",
        where=lambda p: Q(kind="tech_service"),
        then=NOT_EXCLUDED,
        department_field="department",
    ),
    Metric(
        key="webwatch.referred_without_clue",
        label=gettext_lazy("台账直接移交（未开线索）"),
        model="webwatch.SuspectSite",
        unit="条",
        date_field="referred_on",
        where=lambda p: Q(referred_on__isnull=False),
        then=(Then("clue", null=True),),  # no clue opened by the end of the month
        department_field="department",
        note=gettext_lazy("移交网安、注册机构等的台账记录；已开线索的记录按其线索计入"),
    ),
)

# ---- tips (举报投诉) ---------------------------------------------------------------------------------
register(
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

# ---- registry: impostor training (冒牌消防培训) -------------------------------------------------------
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
)

# ---- joint work (联合行动、宣传) ----------------------------------------------------------------------
register(
    Metric(
        key="joint.publicity_events",
        label=gettext_lazy("开展宣传活动"),
        model="joint.PublicityActivity",
        unit="个",
        date_field="held_on",
    ),
    Metric(
        key="joint.destruction_events",
        label=gettext_lazy("集中销毁活动"),
        model="joint.DestructionEvent",
        unit="个",
        date_field="held_on",
    ),
)

# ---- credit, market -----------------------------------------------------------------------------
register(
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


def _minus(values):
    return max(values[0] - values[1], Decimal(0))


def _sum(values):
    return sum(values, Decimal(0))


def is_sum_of_parts(metric) -> bool:
    """A derived metric that adds its inputs: its cell lists the records of every input."""
    return getattr(metric, "combine", None) is _sum


register(
    # Row 14 counts each matter handed over once: by its clue when it has one (the clue routed to a
    # handling department), else by the transfer of its case to the police, else by the ledger's
    # referral of the site.
    DerivedMetric(
        key="cases.clues_handed_over",
        label=gettext_lazy("发现并移交相关部门问题线索"),
        inputs=(
            "cases.clues_routed",
            "cases.police_transfers_without_clue",
            "webwatch.referred_without_clue",
        ),
        combine=_sum,
        unit="条",
        note=gettext_lazy("有承办部门的线索 + 未经线索直接移送公安的案件 + 未开线索直接移交的台账记录"),
    ),
    DerivedMetric(
        key="registry.not_self_checked",
        label=gettext_lazy("未开展自查"),
        inputs=("registry.enterprises", "registry.self_checked"),
        combine=_minus,
        unit="家",
        as_of=True,
        note=gettext_lazy("在册单位数减去累计已自查单位数（时点数）"),
    ),
)
