"""Demo monthly reports: 云阳县 has submitted and had accepted its forms for 2026-03..09 (October is
left open for a newcomer to submit); 农坝镇 reports its fire-products form to the county; 江口镇, not
on the platform, uploaded its filled-in XLSX form for September and October. 云阳县's anti-counterfeit
work (seed 004's product areas: inspections, clues, cases with fines, a transfer to the police) is
entered through the services month by month, so the 打假 form has figures in every demo month; its
member departments report their own columns (seed 004) — October all submitted, November partly
submitted and partly late. The months are authored
for 2026 and placed relative to today (``demodates.month``: every month moves by the same number of
months, so the last accepted month is two months before the month the authored November lands on)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhenwei.core.models import Division, User
from zhenwei.demo import demodates
from zhenwei.reports.exports import to_xlsx
from zhenwei.reports.models import MonthlyReport, ReportTemplate
from zhenwei.reports.selectors import campaign_for, form_compute
from zhenwei.reports.services import report_accept, report_ensure, report_submit, report_update, report_upload

MONTHS = [dt.date(2026, m, 1) for m in range(3, 10)]
PUBLICITY = "县融媒体中心专题报道{n}篇，微信公众号推送{m}期，发放宣传资料{k}份"
# 江口镇's paper figures (fire-products form): row code → (month, cumulative) per month.
JIANGKOU = {
    dt.date(2026, 9, 1): {
        "f01": (6, 31),
        "f05": (14, 62),
        "f06": (2, 9),
        "f07": (1, 3),
        "f15": (1, 4),
        "f16": (2, 7),
    },
    dt.date(2026, 10, 1): {
        "f01": (4, 35),
        "f05": (9, 71),
        "f06": (1, 10),
        "f07": (0, 3),
        "f15": (2, 6),
        "f16": (1, 8),
    },
}


def _jiangkou_xlsx(template, division, authored) -> bytes:
    """The blank form exported by the platform, filled in as 江口镇 would."""
    from openpyxl import load_workbook

    from zhenwei.reports.exports import META_COLUMN

    form = form_compute(template=template, division=division, month=demodates.month(authored))
    wb = load_workbook(io.BytesIO(to_xlsx(form, blank=True)))
    ws = wb.worksheets[0]
    figures = JIANGKOU[authored]
    for r in range(1, ws.max_row + 1):
        code = ws.cell(row=r, column=META_COLUMN).value
        if code in figures:
            ws.cell(row=r, column=4, value=figures[code][0])
            ws.cell(row=r, column=5, value=figures[code][1])
        elif code == "notice":
            ws.cell(
                row=r,
                column=4,
                value="江口镇关于开展打击假冒伪劣消防产品专项整治的通知（江口府发〔2026〕11号）",
            )
        elif code == "preparer":
            ws.cell(row=r, column=2, value="向红梅")
            ws.cell(row=r, column=4, value="023-55710131")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# 云阳县's anti-counterfeit work per authored month: (product area, subject inspected, inspector's
# department kind) — the 打假 form's rows by product area (seed 004 三、重点任务).
ANTI_AREAS = [
    "food-drug",
    "building-materials",
    "clothing",
    "appliances",
    "lamps",
    "auto-parts",
    "e-commerce",
    "children-products",
    "agri-inputs",
]
ANTI_MARK = "（打假示例）"


def _anti_counterfeit_records(users, yunyang) -> int:
    """Inspections, clues and cases in seed 004's product areas for 云阳县, one set per demo month up
    to today, through the services (each audited); skipped when already there."""
    from zhenwei.cases import services as cases
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.core.models import Department
    from zhenwei.inspections.models import Inspection
    from zhenwei.inspections.services import inspection_record

    if Inspection.objects.filter(subject_name__endswith=ANTI_MARK).exists():
        return 0
    market = Department.objects.get(name="云阳县市场监督管理局")
    police = Department.objects.get(name="云阳县公安局")
    inspector, officer = users["yy_inspector2"], users["yy_officer"]
    categories = {c.code: c for c in ProductCategory.objects.filter(code__in=ANTI_AREAS)}
    today = timezone.localdate()
    made = 0
    for i, m in enumerate(range(3, 12)):
        day = demodates.on(dt.date(2026, m, 8))
        if day > today:
            break
        area = categories[ANTI_AREAS[i % len(ANTI_AREAS)]]
        second = categories[ANTI_AREAS[(i + 3) % len(ANTI_AREAS)]]
        for n, (category, domain) in enumerate(
            ((area, "circulation"), (area, "production"), (second, "circulation"))
        ):
            inspection_record(
                actor=inspector,
                division=yunyang,
                department=market,
                category=category,
                domain=domain,
                subject_name=f"云阳县{['双江', '青龙', '盘龙'][n]}商贸行{ANTI_MARK}",
                place="云阳县城区",
                product_name=category.name,
                inspected_on=day,
            )
        cases.clue_open(
            source="inspection",
            title=f"{category.name}疑似假冒（{day:%m月}检查发现）",
            division=yunyang,
            category=area,
            department=market,
            actor=officer,
        )
        case = cases.case_open(
            title=f"销售假冒{area.name}案",
            kind="other",
            source="inspection",
            division=yunyang,
            department=market,
            category=area,
            actor=officer,
            opened_on=day,
        )
        penalty = cases.case_action_add(case=case, kind="penalty", actor=officer, title="行政处罚")
        done = min(day + dt.timedelta(days=6), today)
        cases.case_action_complete(
            action=penalty,
            actor=officer,
            done_on=done,
            fine_yuan=Decimal(8000 + 2000 * i),
            confiscated_yuan=Decimal(1500),
            outcome="罚款并没收违法所得",
        )
        if m in (5, 9):
            cases.case_action_add(
                case=case,
                kind="police_transfer",
                actor=officer,
                title="涉嫌销售伪劣产品罪，移送公安",
                police_department=police,
                on=done,
            )
        made += 1
    return made


def _department_reports(users, yunyang, template) -> int:
    """Seed 004: the member departments report their own columns. October: all four submitted;
    November: the market supervision bureau and the fire brigade submitted, the police started a
    draft, the emergency bureau has nothing (both late once the 5th has passed)."""
    from zhenwei.core.models import Department
    from zhenwei.reports.departments import campaign_members
    from zhenwei.reports.services import department_report_ensure

    made = 0
    by_department = {
        "云阳县市场监督管理局": users.get("yy_officer"),
        "云阳县公安局": users.get("yy_police"),
        "云阳县消防救援大队": users.get("yy_fire"),
        "云阳县应急管理局": users.get("yy_office"),
    }
    for authored, submitting in (
        (dt.date(2026, 10, 1), set(by_department)),
        (dt.date(2026, 11, 1), {"云阳县市场监督管理局", "云阳县消防救援大队"}),
    ):
        month = demodates.month(authored)
        if month >= timezone.localdate().replace(day=1):
            continue
        campaign = campaign_for(template=template, division=yunyang, month=month)
        members = {m.department.name for m in campaign_members(campaign=campaign, division=yunyang)}
        for name, user in by_department.items():
            if user is None or name not in members or name == "云阳县应急管理局" and name not in submitting:
                continue
            department = Department.objects.get(name=name)
            if MonthlyReport.objects.filter(template=template, department=department, month=month).exists():
                continue
            report = department_report_ensure(
                template=template, division=yunyang, department=department, month=month, actor=user
            )
            report_update(
                report=report, actor=user, preparer=user.display_name, preparer_phone="023-55123350"
            )
            if name in submitting:
                report_submit(report=report, actor=user)
            made += 1
    return made


def load(*, stdout) -> None:
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "yy_office",
                "cq_office",
                "nb_officer",
                "yy_officer",
                "yy_inspector2",
                "yy_police",
                "yy_fire",
            ]
        )
    }
    if len(users) < 7:
        stdout.write("reports: demo users missing, skipped")
        return
    templates = {t.slug: t for t in ReportTemplate.objects.all()}
    yunyang = Division.objects.get(code="500235")
    nongba = Division.objects.get(code="500235116")
    jiangkou = Division.objects.get(code="500235131")
    made = 0
    with transaction.atomic():
        anti_records = _anti_counterfeit_records(users, yunyang)
        fire = templates["fire-products-monthly"]
        for authored in [*MONTHS, dt.date(2026, 10, 1)]:
            month = demodates.month(authored)
            if MonthlyReport.objects.filter(template=fire, division=nongba, month=month).exists():
                continue
            report = report_ensure(template=fire, division=nongba, month=month, actor=users["nb_officer"])
            report_update(
                report=report, actor=users["nb_officer"], preparer="张明", preparer_phone="023-55690116"
            )
            report_submit(report=report, actor=users["nb_officer"])
            if authored.month < 10:
                report_accept(report=report, actor=users["yy_office"])
            made += 1
        for authored in JIANGKOU:
            month = demodates.month(authored)
            if MonthlyReport.objects.filter(template=fire, division=jiangkou, month=month).exists():
                continue
            data = _jiangkou_xlsx(fire, jiangkou, authored)
            report = report_upload(
                template=fire,
                division=jiangkou,
                month=month,
                fileobj=io.BytesIO(data),
                name=f"江口镇消防产品月报{month:%Y%m}.xlsx",
                actor=users["yy_office"],
            )
            if authored.month == 9:
                report_accept(report=report, actor=users["yy_office"])
            made += 1
        for slug in ("cert-campaign-monthly", "fire-products-monthly", "anti-counterfeit-monthly"):
            template = templates[slug]
            for i, authored in enumerate(MONTHS):
                month = demodates.month(authored)
                if MonthlyReport.objects.filter(template=template, division=yunyang, month=month).exists():
                    continue
                report = report_ensure(
                    template=template, division=yunyang, month=month, actor=users["yy_office"]
                )
                texts = {}
                if slug == "cert-campaign-monthly":
                    texts["publicity"] = PUBLICITY.format(n=2 + i % 3, m=3 + i, k=800 + 150 * i)
                report_update(
                    report=report,
                    actor=users["yy_office"],
                    texts=texts or None,
                    preparer="赵磊",
                    preparer_phone="023-55123350",
                )
                report_submit(report=report, actor=users["yy_office"])
                report_accept(report=report, actor=users["cq_office"])
                made += 1
        departments = _department_reports(users, yunyang, templates["anti-counterfeit-monthly"])
    stdout.write(
        f"reports: {made} new monthly reports, {departments} department reports, "
        f"{anti_records} months of anti-counterfeit records"
    )
