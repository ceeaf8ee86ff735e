"""Demo plans, draws and inspections (2026-03..2026-11) in 云阳县/农坝镇, 万州区 and 浦东新区, and the
cases they opened at every stage: closed with all steps done, rectifying (one overdue), transferred
to the police and not acknowledged, flow tracing across counties, objections with samples at a lab,
judgments waiting to be served. Idempotent: skipped when the first demo plan exists.

Authored around 2026-11-25 (``TODAY``): stages and ages are reckoned in that calendar, and every date
handed to a service is placed relative to today by ``zhenwei.demo.demodates`` (``_days``, ``_on``)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhenwei.campaigns.models import Campaign
from zhenwei.cases.choices import ActionKind, CaseStatus
from zhenwei.cases.models import Case
from zhenwei.cases.services import (
    FlowPlace,
    case_action_add,
    case_action_complete,
    case_action_update,
    case_flow_trace,
    case_transition,
    share_acknowledge,
    shares_escalate,
)
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import user_scope
from zhenwei.core.models import Department, Division, Share, User
from zhenwei.demo import demodates, inspections_fire
from zhenwei.demo.actor import ACTOR
from zhenwei.inspections.models import ChecklistItem, InspectionPlan
from zhenwei.inspections.services import (
    conflict_declare,
    custody_record,
    inspection_evidence_add,
    inspection_judge,
    inspection_objection,
    inspection_record,
    inspection_serve,
    inspector_add,
    plan_create,
    plan_draw,
    plan_publish,
    sample_result,
    sample_take,
)
from zhenwei.registry.models import Enterprise, IdentityCode

TODAY = demodates.AUTHORED_TODAY  # the authored present: ages and stages are reckoned there
FIRST_PLAN = "云阳县2026年使用领域消防产品“双随机”抽查（第一批）"
# 1×1 PNG, enough for evidence_store's content sniffing.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000 1f15c4890000000d49444154789c6360000002"
    "00015e2ab5f90000000049454e44ae426082".replace(" ", "")
)

# name, username or None, department, division code, employer (enterprise name) or None
POOL = [
    ("李强", "yy_inspector", "云阳县消防救援大队", "500235", None),
    ("黄晓燕", None, "云阳县消防救援大队", "500235", None),
    ("王敏", "yy_inspector2", "云阳县市场监督管理局", "500235", None),
    ("刘洋", None, "云阳县市场监督管理局", "500235", None),
    ("赵磊", "yy_inspector3", "云阳县应急管理局", "500235", None),
    ("陈立", "yy_officer", "云阳县市场监督管理局", "500235", None),
    ("冉光明", None, None, "500235", "云阳县安达消防器材经营部"),
    ("张明", "nb_officer", "农坝镇应急办", "500235116", None),
    ("谭军", None, "农坝镇应急办", "500235116", None),
    ("孙涛", "wz_officer", "万州区应急管理局", "500101", None),
    ("向东", None, "万州区消防救援支队", "500101", None),
    ("蒋红", None, "万州区市场监督管理局", "500101", None),
    ("沈佳怡", None, "浦东新区市场监督管理局", "310115", None),
    ("倪俊", None, "浦东新区市场监督管理局", "310115", None),
    ("陆海峰", None, "浦东新区消防救援支队", "310115", None),
]
CONFLICTS = [
    ("黄晓燕", "云阳县人民医院", "配偶在该院后勤科任职"),
    ("刘洋", "云阳县万家福商贸有限公司", "2023年前在该公司任职"),
]

# title, domain, division, department, count, start, end, seed, publish (0 no, 1 plan, 2 results), with campaign
PLANS = [
    (
        FIRST_PLAN,
        "use",
        "500235",
        "云阳县消防救援大队",
        6,
        dt.date(2026, 3, 10),
        dt.date(2026, 5, 29),
        "20260309-福彩3D-058",
        2,
        True,
    ),
    (
        "云阳县2026年流通领域消防产品质量“双随机”抽查",
        "circulation",
        "500235",
        "云阳县市场监督管理局",
        4,
        dt.date(2026, 6, 1),
        dt.date(2026, 8, 31),
        "20260529-福彩3D-142",
        2,
        True,
    ),
    (
        "万州区2026年人员密集场所消防产品监督抽查",
        "use",
        "500101",
        "万州区消防救援支队",
        2,
        dt.date(2026, 4, 13),
        dt.date(2026, 9, 30),
        "20260410-wanzhou",
        1,
        False,
    ),
    (
        "浦东新区2026年生产领域消防产品监督抽查",
        "production",
        "310115",
        "浦东新区市场监督管理局",
        2,
        dt.date(2026, 5, 6),
        dt.date(2026, 7, 31),
        "20260430-pudong-sh",
        2,
        False,
    ),
    (
        "云阳县2026年第三季度使用领域消防产品抽查",
        "use",
        "500235",
        "云阳县消防救援大队",
        5,
        dt.date(2026, 9, 1),
        dt.date(2026, 11, 30),
        "20260828-福彩3D-233",
        1,
        True,
    ),
    (
        "农坝镇2026年第四季度使用领域消防产品检查",
        "use",
        "500235116",
        "农坝镇应急办",
        3,
        dt.date(2026, 10, 12),
        dt.date(2026, 12, 18),
        "20261009-nongba",
        1,
        True,
    ),
]
DRAFT_PLAN = (
    "云阳县2026年12月建设领域消防产品抽查（草稿）",
    "construction",
    "500235",
    "云阳县住房和城乡建设委员会",
)

PRODUCTS = {
    "fire-extinguisher": ("手提式干粉灭火器", "MFZ/ABC4", "具"),
    "emergency-lighting": ("消防应急照明灯具", "ZFZD-E3W5101", "套"),
    "escape-respirator": ("过滤式消防自救呼吸器", "TZL30", "具"),
    "smoke-alarm": ("独立式光电感烟火灾探测报警器", "JTY-GD-SA1201", "只"),
    "fire-blanket": ("灭火毯", "1.2m×1.2m", "条"),
    "emergency-sign-lamp": ("消防应急标志灯具", "BLJC-1LROEI1W", "套"),
}
CATEGORY_CYCLE = list(PRODUCTS)
# Unqualified inspections, in date order, go through these stages.
STAGES_PAST = ["closed_counterfeit", "closed_unqualified"]
STAGES_RECENT = ["flow_trace", "objection_lab", "rectifying_overdue", "police_unacknowledged", "rectifying"]


def _d(name):
    return Department.objects.get(name=name)


def _u(username):
    return User.objects.filter(username=username).first() if username else None


def _at(day: dt.date, hour: int = 10):
    """A placed date (from ``_days``/``_on``) at a local hour."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _on(day: dt.date) -> dt.date:
    """An authored date placed relative to today."""
    return demodates.on(day)


def _days(start: dt.date, n: int) -> dt.date:
    """``n`` days after an authored date, at most the authored present, placed relative to today."""
    return _on(min(start + dt.timedelta(days=n), TODAY))


class Loader:
    """Keeps the lookups of one demo run."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.campaign = Campaign.objects.filter(doc_number="云安办发〔2026〕3号").first()
        self.categories = {c.code: c for c in ProductCategory.objects.filter(code__in=CATEGORY_CYCLE)}
        self.codes = {
            code: list(
                IdentityCode.objects.filter(product__category__code=code, status="active")
                .select_related("product", "batch")
                .order_by("code")[:40]
            )
            for code in CATEGORY_CYCLE
        }
        self.items = {}
        for item in ChecklistItem.objects.select_related("category"):
            self.items.setdefault(item.category.code, []).append(item)
        self.n = 0
        self.unqualified = []
        self.unqualified_count = 0

    def checks(self, category_code: str, fail_reason: str | None):
        items = self.items.get("fire-products", []) + self.items.get(category_code, [])
        out = {}
        failed = False
        for item in items:
            if fail_reason and not failed and item.failure_reason == fail_reason:
                out[item.pk] = ("fail", "现场核查不符合")
                failed = True
            else:
                out[item.pk] = ("pass", "")
        return out

    def inspection(
        self,
        *,
        division,
        department,
        enterprise,
        domain,
        day,
        inspectors,
        plan=None,
        target=None,
        unqualified=None,
        actor=None,
    ):
        self.n += 1
        category_code = CATEGORY_CYCLE[self.n % len(CATEGORY_CYCLE)]
        category = self.categories[category_code]
        name, model, unit = PRODUCTS[category_code]
        genuine = (
            self.codes[category_code][self.n % max(len(self.codes[category_code]), 1)]
            if self.codes[category_code]
            else None
        )
        reason = None
        code = genuine.code if genuine else ""
        origin = genuine.product.manufacturer_name if genuine else "浙江信达可恩消防实业有限责任公司"
        if unqualified == "counterfeit":
            reason = "R04"
            code = f"{31000 + self.n:05d}KX{52000 + self.n * 7:05d}QZ"
        elif unqualified:
            reason = {"fire-extinguisher": "R10", "escape-respirator": "R10"}.get(category_code, "R08")
        # The record is written by the first inspector who may write in the division (a pool may
        # send a town's inspector to a county target: the town cannot write county records).
        actor = actor or next((u for u in inspectors if user_scope(u).can_in("change", division)), None)
        inspection = inspection_record(
            actor=actor,
            division=division,
            department=department,
            category=category,
            domain=domain,
            subject_name=enterprise.name,
            place=f"{enterprise.address}（{['一楼大厅', '库房', '楼梯间', '配电房'][self.n % 4]}）",
            enterprise=enterprise,
            plan=plan,
            target=target,
            campaign=plan.campaign if plan else self.campaign,
            product_name=name,
            model=model,
            unit=unit,
            quantity=Decimal(4 + self.n % 17),
            batch_no=genuine.batch.batch_no if genuine and genuine.batch else f"2025{(self.n % 12) + 1:02d}",
            origin=origin,
            identity_code=code,
            inspected_on=_on(day),
            inspectors=inspectors,
            checks=self.checks(category_code, reason),
        )
        if self.n % 3 == 0:
            inspection_evidence_add(
                inspection=inspection,
                fileobj=io.BytesIO(PNG),
                name=f"现场照片-{self.n:03d}.png",
                declared_type="image/png",
                actor=actor,
                description="产品铭牌及标志",
            )
        return inspection


def _pool():
    created = {}
    for name, username, dept, code, employer in POOL:
        division = Division.objects.get(code=code)
        created[name] = inspector_add(
            name=name,
            division=division,
            user=_u(username),
            department=_d(dept) if dept else None,
            employer=Enterprise.objects.filter(name=employer).first() if employer else None,
            certificate_number=""
            if employer
            else f"渝{code[:4]}{len(created) + 1:04d}"
            if code.startswith("5")
            else f"沪{len(created) + 1:05d}",
            actor=ACTOR,
        )
    for inspector, enterprise, reason in CONFLICTS:
        e = Enterprise.objects.filter(name=enterprise).first()
        if e is not None:
            conflict_declare(inspector=created[inspector], enterprise=e, reason=reason, actor=ACTOR)
    return created


def _progress(stage: str, inspection, judged: dt.date, owner):
    """Take the case an unqualified inspection opened to one stage of the closed loop."""
    case = inspection.case
    police = Department.objects.filter(division=case.division, kind__code="police").first() or _d(
        "云阳县公安局"
    )
    police_user = _u("yy_police")
    if stage in ("closed_counterfeit", "closed_unqualified"):
        inspection_serve(inspection=inspection, actor=owner, served_on=_days(judged, 1))
    if stage == "closed_unqualified":
        order = case_action_add(
            case=case,
            kind=ActionKind.ORDER_CORRECT,
            actor=owner,
            owner=owner,
            on=_days(judged, 1),
            due_on=_days(judged, 15),
            document_number=f"责改〔2026〕{inspection.pk}号",
            title="责令更换不合格产品",
        )
        case_action_complete(
            action=order, actor=owner, done_on=_days(judged, 9), outcome="已全部更换并提交购货凭证"
        )
        recheck = case_action_add(
            case=case,
            kind=ActionKind.RECHECK,
            actor=owner,
            owner=owner,
            on=_days(judged, 10),
            due_on=_days(judged, 16),
        )
        case_action_complete(
            action=recheck, actor=owner, done_on=_days(judged, 12), recheck_passed=True, outcome="复查合格"
        )
        case_transition(
            case=case, to=CaseStatus.CLOSED, actor=owner, note="整改到位，复查合格", on=_days(judged, 13)
        )
    elif stage == "closed_counterfeit":
        qty = inspection.quantity or Decimal(6)
        steps = [
            (ActionKind.EVIDENCE, 0, 0, {}, "现场拍照、封存购销凭证"),
            (
                ActionKind.SEIZURE,
                0,
                1,
                {"quantity_seized": qty, "goods_value_yuan": qty * Decimal("85"), "unit": inspection.unit},
                "就地查封",
            ),
            (
                ActionKind.DESTRUCTION,
                20,
                24,
                {"quantity_destroyed": qty, "unit": inspection.unit},
                "监督销毁",
            ),
            (
                ActionKind.PENALTY,
                15,
                28,
                {"fine_yuan": Decimal(5000 + 1000 * (inspection.pk % 5))},
                "处罚决定已执行",
            ),
        ]
        for kind, start, done, figures, outcome in steps:
            a = case_action_add(case=case, kind=kind, actor=owner, owner=owner, on=_days(judged, start))
            case_action_complete(
                action=a, actor=owner, done_on=_days(judged, done), outcome=outcome, **figures
            )
        pol = case_action_add(
            case=case,
            kind=ActionKind.POLICE_TRANSFER,
            actor=owner,
            owner=owner,
            on=_days(judged, 3),
            police_department=police,
            document_number=f"移〔2026〕{inspection.pk}号",
        )
        share = Share.objects.get(pk=pol.share_id)
        share_acknowledge(share=share, actor=police_user)
        # Direct, history only: the service stamps now; the demo dates the acknowledgement.
        Share.objects.filter(pk=share.pk).update(acknowledged_at=_at(_days(judged, 4), 16))
        pol.refresh_from_db()
        case_action_update(
            action=pol,
            actor=police_user,
            police_decision="not_filed",
            police_decision_on=_days(judged, 12),
            police_received_on=_days(judged, 4),
        )
        case_action_complete(
            action=pol, actor=owner, done_on=_days(judged, 12), outcome="未达刑事立案标准，退回行政处罚"
        )
        case_transition(
            case=case,
            to=CaseStatus.CLOSED,
            actor=owner,
            note="查扣、销毁、罚款均已完成",
            on=_days(judged, 30),
        )
    elif stage == "rectifying":
        inspection_serve(inspection=inspection, actor=owner, served_on=_days(judged, 1))
        case_action_add(
            case=case,
            kind=ActionKind.ORDER_CORRECT,
            actor=owner,
            owner=owner,
            on=_days(judged, 2),
            due_on=_on(TODAY + dt.timedelta(days=9)),
            title="责令限期更换",
        )
    elif stage == "rectifying_overdue":
        inspection_serve(inspection=inspection, actor=owner, served_on=_days(judged, 2))
        case_action_add(
            case=case,
            kind=ActionKind.ORDER_CORRECT,
            actor=owner,
            owner=owner,
            on=_days(judged, 2),
            due_on=_on(dt.date(2026, 11, 13)),
            title="责令限期更换超期灭火器",
        )
    elif stage == "police_unacknowledged":
        inspection_serve(inspection=inspection, actor=owner, served_on=_days(judged, 1))
        ev = case_action_add(
            case=case, kind=ActionKind.EVIDENCE, actor=owner, owner=owner, on=_days(judged, 1)
        )
        case_action_complete(action=ev, actor=owner, done_on=_days(judged, 1), outcome="封存假冒产品和进货单")
        case_action_add(
            case=case,
            kind=ActionKind.POLICE_TRANSFER,
            actor=owner,
            owner=owner,
            on=_days(judged, 2),
            police_department=police,
            document_number=f"移〔2026〕{inspection.pk}号",
        )
    elif stage == "flow_trace":
        inspection_serve(inspection=inspection, actor=owner, served_on=_days(judged, 1))
        ev = case_action_add(
            case=case, kind=ActionKind.EVIDENCE, actor=owner, owner=owner, on=_days(judged, 1)
        )
        case_action_complete(action=ev, actor=owner, done_on=_days(judged, 1), outcome="调取进销货台账")
        trace = case_action_add(
            case=case,
            kind=ActionKind.FLOW_TRACE,
            actor=owner,
            owner=owner,
            on=_days(judged, 3),
            title="同批次产品流向追溯",
        )
        case_flow_trace(
            action=trace,
            actor=owner,
            on=_days(judged, 3),
            due_on=_days(judged, 30),
            places=[
                FlowPlace(
                    place="云阳县农坝镇惠民超市",
                    division=Division.objects.get(code="500235116"),
                    quantity=Decimal(12),
                ),
                FlowPlace(
                    place="万州区高笋塘某消防器材店",
                    division=Division.objects.get(code="500101"),
                    quantity=Decimal(30),
                ),
            ],
        )
        rec = case_action_add(
            case=case,
            kind=ActionKind.RECALL,
            actor=owner,
            owner=owner,
            on=_days(judged, 4),
            title="责令经销商召回同批次产品",
        )
        case_action_complete(
            action=rec,
            actor=owner,
            done_on=_days(judged, 20),
            quantity_recalled=Decimal(18),
            unit="具",
            outcome="已召回18具",
        )
    elif stage == "objection_lab":
        inspection_serve(inspection=inspection, actor=owner, served_on=_days(judged, 1))
        inspection_objection(
            inspection=inspection, actor=owner, on=_days(judged, 2), note="当事人认为产品在有效期内"
        )
        sample = sample_take(
            inspection=inspection,
            seal_number=f"云封{inspection.pk:05d}",
            holder=str(owner),
            actor=owner,
            quantity=Decimal(2),
            lab_name="国家消防产品质量检验检测中心（重庆）",
            sampled_on=_on(judged),
        )
        custody_record(
            sample=sample, action="sent", holder="EMS 1187 2026 9", actor=owner, at=_at(_days(judged, 5))
        )
        custody_record(
            sample=sample,
            action="received_by_lab",
            holder="检验中心收样室 刘工",
            actor=owner,
            at=_at(_days(judged, 7), 14),
        )
        sample.refresh_from_db()
        if sample.result_due_on and sample.result_due_on < _on(TODAY - dt.timedelta(days=5)):
            sample_result(
                sample=sample,
                result="unqualified",
                actor=owner,
                result_on=sample.result_due_on,
                report_number=f"XF{inspection.pk:06d}",
                detail="喷射性能不合格",
            )
    return case


def load(*, stdout) -> None:
    if InspectionPlan.objects.filter(title=FIRST_PLAN).exists():
        stdout.write(f"inspections: {InspectionPlan.objects.count()} plans (demo already loaded)")
    else:
        with transaction.atomic():
            _load(stdout)
    inspections_fire.load(stdout=stdout)  # fire investigations and ledger checks


def _load(stdout) -> None:
    loader = Loader(stdout)
    _pool()
    admin = _u("yy_office")
    recent = []
    for idx, (title, domain, code, dept, count, start, end, seed, publish, with_campaign) in enumerate(PLANS):
        division = Division.objects.get(code=code)
        department = _d(dept)
        # The county's own staff plan its inspections (nobody writes another county's plan).
        planner = admin if user_scope(admin).can_in("change", division) else _local_user(division)
        plan = plan_create(
            title=title,
            domain=domain,
            division=division,
            department=department,
            starts_on=_on(start),
            ends_on=_on(end),
            target_count=count,
            campaign=loader.campaign if with_campaign else None,
            actor=planner,
            categories=[loader.categories["fire-extinguisher"], loader.categories["emergency-lighting"]],
        )
        plan = plan_draw(plan=plan, actor=planner, seed=seed)
        # Direct, history only: plan_draw stamps now; the demo dates the draw the day before.
        InspectionPlan.objects.filter(pk=plan.pk).update(drawn_at=_at(_on(start - dt.timedelta(days=1)), 9))
        if publish:
            plan_publish(plan=plan, actor=planner)
        span = max((min(end, TODAY) - start).days, 1)
        targets = list(
            plan.targets.select_related("enterprise")
            .prefetch_related("inspectors__user")
            .order_by("position")
        )
        # The last plan is under way: only part of its targets inspected so far.
        if idx == len(PLANS) - 1:
            targets = targets[:2]
        for n, target in enumerate(targets):
            day = start + dt.timedelta(days=(span * (n + 1)) // (len(targets) + 1))
            users = [i.user for i in target.inspectors.all() if i.user] or [_local_user(division)]
            unq = None
            if (loader.n + n) % 5 in (1, 3):
                unq = "counterfeit" if loader.unqualified_count % 2 == 0 else "quality"
                loader.unqualified_count += 1
            inspection = loader.inspection(
                division=target.enterprise.division,
                department=department,
                enterprise=target.enterprise,
                domain=domain,
                day=day,
                inspectors=users,
                plan=plan,
                target=target,
                unqualified=unq,
            )
            judged = day
            inspection = inspection_judge(
                inspection=inspection,
                judgment="unqualified" if unq else "qualified",
                actor=users[0],
                on=_on(judged),
                note="现场检查判定" if unq else "",
            )
            if unq:
                (recent if judged >= dt.date(2026, 9, 1) else loader.unqualified).append(
                    (inspection, judged, users[0])
                )
        if publish == 2:
            plan_publish(plan=plan, actor=planner, results=True)
    plan_create(
        title=DRAFT_PLAN[0],
        domain=DRAFT_PLAN[1],
        division=Division.objects.get(code=DRAFT_PLAN[2]),
        department=_d(DRAFT_PLAN[3]),
        starts_on=_on(dt.date(2026, 12, 1)),
        ends_on=_on(dt.date(2026, 12, 25)),
        target_percent=Decimal(50),
        campaign=loader.campaign,
        actor=admin,
    )
    for inspection, judged, owner in loader.unqualified:
        stage = "closed_counterfeit" if inspection.case.kind == "counterfeit" else "closed_unqualified"
        _progress(stage, inspection, judged, _case_owner(inspection, owner))
    for i, (inspection, judged, owner) in enumerate(recent):
        _progress(STAGES_RECENT[i % len(STAGES_RECENT)], inspection, judged, _case_owner(inspection, owner))
    _daily_inspections(loader)
    escalated = shares_escalate(today=demodates.present(), actor=ACTOR)
    stdout.write(
        f"inspections: {InspectionPlan.objects.count()} plans, {loader.n} inspections, "
        f"{Case.objects.filter(source='inspection').count()} cases from inspections, {len(escalated)} escalations"
    )


def _local_user(division):
    """An officer working in the division or the nearest division above it."""
    from zhenwei.core.models import Membership

    for code in reversed(division.ancestor_codes):
        m = (
            Membership.objects.filter(department__division__code=code, is_active=True)
            .exclude(role="viewer")
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if m is not None:
            return m.user
    raise LookupError(f"no demo user for {division}")


def _case_owner(inspection, fallback):
    """Cases are handled by an officer of the inspecting department when there is one."""
    membership = (
        inspection.department.memberships.filter(role="officer", is_active=True)
        .select_related("user")
        .first()
    )
    owner = membership.user if membership else fallback
    if inspection.case_id:
        # Direct: inspection_judge opens the case for the inspector; cases has no service that hands
        # a case to another officer, so the demo sets the owner as an administrator would.
        Case.objects.filter(pk=inspection.case_id).update(owner=owner)
    return owner


def _daily_inspections(loader: Loader) -> None:
    """Day-to-day inspections this month: judgments waiting to be served, one not yet judged, and two
    county cases under way (a police transfer nobody signed for, an order to correct)."""
    nongba = Division.objects.get(code="500235116")
    yunyang = Division.objects.get(code="500235")
    shops = list(Enterprise.objects.filter(division=nongba).order_by("pk"))
    county = {e.name: e for e in Enterprise.objects.filter(division=yunyang)}
    rows = [
        (shops[5], dt.date(2026, 11, 10), "quality", None),  # not served: overdue
        (shops[6], dt.date(2026, 11, 24), "counterfeit", None),  # to be served by 11-27
        (shops[7], dt.date(2026, 11, 19), None, None),
        (shops[0], TODAY, "pending", None),
        (county.get("云阳县百货大楼"), dt.date(2026, 11, 4), "counterfeit", "police_unacknowledged"),
        (county.get("云阳县万家福商贸有限公司"), dt.date(2026, 11, 12), "quality", "rectifying"),
    ]
    for enterprise, day, outcome, stage in rows:
        if enterprise is None:
            continue
        in_town = enterprise.division_id == nongba.pk
        department = _d("农坝镇应急办") if in_town else _d("云阳县市场监督管理局")
        officer = _u("nb_officer") if in_town else _u("yy_officer")
        inspectors = [officer] if in_town else [officer, _u("yy_inspector2")]
        inspection = loader.inspection(
            division=enterprise.division,
            department=department,
            enterprise=enterprise,
            domain="use" if enterprise.is_use else "circulation",
            day=day,
            inspectors=inspectors,
            unqualified=None if outcome in (None, "pending") else outcome,
            actor=officer,
        )
        if outcome == "pending":
            continue
        inspection = inspection_judge(
            inspection=inspection,
            judgment="unqualified" if outcome else "qualified",
            actor=officer,
            on=_on(day),
        )
        if stage:
            _progress(stage, inspection, day, officer)
