"""The metrics of ``cert-campaign-monthly`` (专项行动情况月报表, seed 002 annex 1), in the order of
its rows; docs/reports.md has the same table in words."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from ..asof import Then
from ..metrics import DerivedMetric, Metric, register
from .common import (
    CERT_CATEGORIES,
    FINES_PLUS_CONFISCATED,
    LIVE_ACTION,
    NOT_CANCELLED,
    POLICE_TRANSFER,
    POLICE_TRANSFER_DATE,
    WAN,
    _minus,
    _sum,
    in_category,
)

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
# A ledger record closed as no problem (排除) is left out, by its status at the end of the month: a
# site found in October and closed in December still counts in October.
NOT_EXCLUDED = (Then("status", not_in=("closed",), on="closed_on"),)

# ---- r01–r05 生产经营单位全面自查情况 (register; enterprise self-checks) ----------------------------
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
    Metric(
        key="registry.self_checked",
        label=gettext_lazy("开展自查的生产经营单位"),
        model="campaigns.EnterpriseSelfCheck",
        unit="家",
        date_field="checked_on",
        agg="distinct",
        field="enterprise",
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
)

# ---- r06–r10 开展专项执法检查 (certificate-holding checks; fines of cases found by inspection) -----
register(
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
)

# ---- r11–r13 虚假信息兜售、非法伪造变造买卖假证 (dens, their fines, transfers to the police) -------
register(
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
)

# ---- r14–r18 假冒政府网站 (matters handed over, the web-watch ledger; r18 is police_persons) -------
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
)

# ---- r19–r22 用人单位不查验或默许无证 --------------------------------------------------------------
register(
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
