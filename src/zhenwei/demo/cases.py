"""Demo cases that do not come from inspections: 12350 tips on fake certificates, a fake website,
impostor fire training in 农坝镇, clues awaiting triage, a dismissed case, an incoming transfer.
Inspection cases are loaded by inspections/demo.py. Idempotent: keyed on case titles. Dates are
authored around 2026-11-25 and placed relative to today (``_on``, zhenwei.demo.demodates)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhenwei.campaigns.models import Campaign
from zhenwei.cases.choices import ActionKind, CaseStatus, DeadlineCode
from zhenwei.cases.models import Case, Clue, DeadlineRule
from zhenwei.cases.services import (
    case_action_add,
    case_action_complete,
    case_action_update,
    case_open,
    case_transition,
    clue_open,
    clue_triage,
    deadline_rule_set,
    share_acknowledge,
    share_create,
)
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.models import Department, Division, Share, User
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR

DEADLINES = [
    (DeadlineCode.TRANSFER_ACK, 2, "部门间移交抄送：2个工作日内签收"),
    (DeadlineCode.TRANSFER_ESCALATE, 3, "超过3个工作日未签收的移交，升级至专项办督办"),
    (DeadlineCode.JUDGMENT_SERVE, 3, "公安部令第122号第二十六条：判定不合格的，三日内告知"),
    (DeadlineCode.LAB_SEND, 5, "公安部令第122号第二十六条：有异议的，五日内送检"),
    (DeadlineCode.LAB_RESULT, 3, "公安部令第122号第二十六条：收到样品后三日内出具结果"),
    (DeadlineCode.CORRECTION, 10, "责令改正默认期限"),
    (DeadlineCode.CASE_HANDLING, 60, "一般程序案件办理期限（参照《市场监督管理行政处罚程序规定》）"),
]


def _on(year: int, month: int, day: int) -> dt.date:
    """An authored date placed relative to today."""
    return demodates.on(dt.date(year, month, day))


def _d(name: str) -> Department:
    return Department.objects.get(name=name)


def _u(username: str) -> User:
    return User.objects.get(username=username)


def _ack(share: Share, user: User, on: dt.date) -> None:
    share_acknowledge(share=share, actor=user)
    # Direct, history only: the service stamps now; the demo dates the acknowledgement (no service).
    Share.objects.filter(pk=share.pk).update(
        acknowledged_at=timezone.make_aware(dt.datetime.combine(on, dt.time(15)))
    )


def _police(case: Case, actor, on: dt.date, police: Department, number: str):
    action = case_action_add(
        case=case,
        kind=ActionKind.POLICE_TRANSFER,
        actor=actor,
        on=on,
        owner=actor,
        police_department=police,
        document_number=number,
    )
    action.refresh_from_db()
    return action


def load(*, stdout) -> None:
    for code, days, basis in DEADLINES:
        if not DeadlineRule.objects.filter(code=code).exists():
            deadline_rule_set(code=code, working_days=days, basis=basis, actor=ACTOR)
    if Case.objects.filter(title__startswith="冒用“特种作业操作证”查询平台").exists():
        stdout.write(f"cases: {Case.objects.count()} cases (demo already loaded)")
        return
    yunyang, nongba, wanzhou = (Division.objects.get(code=c) for c in ("500235", "500235116", "500101"))
    campaign = Campaign.objects.filter(doc_number="云安办发〔2026〕3号").first()
    cert_cat = ProductCategory.objects.filter(code="safety-certificate").first()
    web_cat = ProductCategory.objects.filter(code="fake-website").first()
    training = ProductCategory.objects.filter(code="fake-training").first()
    extinguisher = ProductCategory.objects.get(code="fire-extinguisher")
    office, yy_police, nb_officer, yy_officer = (
        _u("yy_office"),
        _u("yy_police"),
        _u("nb_officer"),
        _u("yy_officer"),
    )
    emergency, police = _d("云阳县应急管理局"), _d("云阳县公安局")
    with transaction.atomic():
        # 1. 12350 tip on fake special-operation certificates → case → police → closed.
        clue = clue_open(
            source="tip",
            title="冒用“特种作业操作证”查询平台、兜售假证",
            division=yunyang,
            category=cert_cat,
            department=emergency,
            actor=office,
            description="12350举报：微信群“云阳电工证速成”兜售免考特种作业操作证，附假冒查询网址。",
        )
        case = clue_triage(
            clue=clue,
            decision="case",
            actor=office,
            kind="fake_certificate",
            owner=office,
            title="冒用“特种作业操作证”查询平台、兜售假证案",
            party_name="谭某某",
            campaign=campaign,
        )
        # Direct, history only: the authored opening day (and deadline) of a case opened today by
        # case_open; case_backdate would recompute the deadline and move the timeline's event.
        Case.objects.filter(pk=case.pk).update(opened_on=_on(2026, 4, 8), due_on=_on(2026, 7, 3))
        ev = case_action_add(
            case=case,
            kind=ActionKind.EVIDENCE,
            actor=office,
            on=_on(2026, 4, 8),
            owner=office,
            title="固定聊天记录、收款记录和假证照片",
        )
        case_action_complete(
            action=ev, actor=office, done_on=_on(2026, 4, 9), outcome="已公证固定电子证据 36 份"
        )
        pol = _police(case, office, _on(2026, 4, 10), police, "云应急移〔2026〕2号")
        _ack(Share.objects.get(pk=pol.share_id), yy_police, _on(2026, 4, 10))
        case_action_update(
            action=pol,
            actor=yy_police,
            police_decision="filed",
            police_decision_on=_on(2026, 4, 20),
            police_case_number="云公（刑）立字〔2026〕41号",
        )
        case_action_complete(action=pol, actor=office, done_on=_on(2026, 4, 20), outcome="县公安局立案侦查")
        cr = case_action_add(
            case=case,
            kind=ActionKind.CREDIT_REFERRAL,
            actor=office,
            on=_on(2026, 5, 28),
            title="推送用假企业至信用平台",
        )
        case_action_complete(
            action=cr, actor=office, done_on=_on(2026, 6, 2), outcome="2家用假企业列入失信名单"
        )
        case_transition(
            case=case,
            to=CaseStatus.CLOSED,
            actor=office,
            note="刑事立案，行政环节办结",
            on=_on(2026, 6, 10),
        )

        # 2. Fake government website found by web watch → transferred to the cyber police, awaiting decision.
        clue = clue_open(
            source="webwatch",
            title="假冒“重庆市应急管理局证书查询”网站 cqyjglj-cx.com",
            division=yunyang,
            category=web_cat,
            department=emergency,
            actor=office,
            description="网络监测发现仿冒站点，页面可“查询”伪造的安全生产证书。",
        )
        case = clue_triage(
            clue=clue,
            decision="case",
            actor=office,
            kind="fake_website",
            owner=office,
            title="假冒应急管理部门证书查询网站案",
            campaign=campaign,
        )
        # Direct, history only (as above).
        Case.objects.filter(pk=case.pk).update(opened_on=_on(2026, 9, 15), due_on=_on(2026, 12, 11))
        ev = case_action_add(
            case=case,
            kind=ActionKind.EVIDENCE,
            actor=office,
            on=_on(2026, 9, 15),
            owner=office,
            title="网页截屏、域名注册与解析信息",
        )
        case_action_complete(
            action=ev, actor=office, done_on=_on(2026, 9, 16), outcome="已保存网页快照和WHOIS记录"
        )
        letter = case_action_add(
            case=case,
            kind=ActionKind.LETTER,
            actor=office,
            on=_on(2026, 9, 17),
            recipient="重庆市通信管理局",
            title="函告关停仿冒网站",
            document_number="云安办函〔2026〕19号",
        )
        case_action_complete(action=letter, actor=office, done_on=_on(2026, 9, 25), outcome="网站已停止解析")
        _police(case, office, _on(2026, 9, 26), _d("重庆市公安局网安总队"), "云应急移〔2026〕7号")

        # 3. Impostor fire training in 农坝镇 selling fire products (seed 000) → seized, destroyed, fined, closed.
        clue = clue_open(
            source="tip",
            title="冒牌“消防培训”进村兜售灭火器、灭火毯",
            division=nongba,
            category=training,
            department=_d("农坝镇应急办"),
            actor=nb_officer,
            description="群众反映有人以“消防部门培训”名义在团结村集中授课并高价推销灭火器。",
        )
        case = clue_triage(
            clue=clue,
            decision="case",
            actor=nb_officer,
            kind="counterfeit",
            owner=nb_officer,
            title="冒牌消防培训兜售假冒灭火器案",
            party_name="重庆某安防科技有限公司（无实体）",
            campaign=campaign,
        )
        # Direct, history only (as above).
        Case.objects.filter(pk=case.pk).update(opened_on=_on(2026, 7, 6), due_on=_on(2026, 9, 29))
        steps = [
            (ActionKind.EVIDENCE, _on(2026, 7, 6), _on(2026, 7, 6), {}, "现场录像、宣传单、收款码"),
            (
                ActionKind.SEIZURE,
                _on(2026, 7, 6),
                _on(2026, 7, 7),
                {"quantity_seized": Decimal(46), "goods_value_yuan": Decimal("5980"), "unit": "具"},
                "扣押灭火器38具、灭火毯8条",
            ),
            (
                ActionKind.DESTRUCTION,
                _on(2026, 8, 3),
                _on(2026, 8, 20),
                {"quantity_destroyed": Decimal(46), "unit": "具"},
                "集中销毁",
            ),
            (
                ActionKind.PENALTY,
                _on(2026, 8, 5),
                _on(2026, 8, 28),
                {"fine_yuan": Decimal("20000"), "confiscated_yuan": Decimal("3120")},
                "罚款并没收违法所得",
            ),
        ]
        for kind, on, done, figures, outcome in steps:
            a = case_action_add(case=case, kind=kind, actor=nb_officer, on=on, owner=nb_officer)
            case_action_complete(action=a, actor=nb_officer, done_on=done, outcome=outcome, **figures)
        case_transition(
            case=case, to=CaseStatus.CLOSED, actor=nb_officer, note="处罚决定已执行", on=_on(2026, 9, 2)
        )

        # 4. A tip that did not hold up: dismissed with a reason.
        clue = clue_open(
            source="tip",
            title="举报云阳县某超市销售过期灭火器",
            division=yunyang,
            category=extinguisher,
            department=_d("云阳县市场监督管理局"),
            actor=yy_officer,
        )
        case = clue_triage(
            clue=clue,
            decision="case",
            actor=yy_officer,
            kind="unqualified",
            owner=yy_officer,
            title="某超市销售过期灭火器（举报）",
        )
        # Direct, history only (as above).
        Case.objects.filter(pk=case.pk).update(opened_on=_on(2026, 5, 12))
        case_transition(
            case=case,
            to=CaseStatus.DISMISSED,
            actor=yy_officer,
            on=_on(2026, 5, 20),
            note="现场核查：所售灭火器均在有效期内，举报不实",
        )

        # 5. Clues awaiting triage, and one closed with a reason.
        clue_open(
            source="tip",
            title="农坝镇兴旺农贸市场有摊位出售“灭火贴”“灭火弹”",
            division=nongba,
            category=ProductCategory.objects.filter(code="fire-sticker").first(),
            department=_d("江口市场监管所"),
            actor=nb_officer,
            description="群众电话反映，产品无厂名厂址。",
        )
        clue_open(
            source="scan",
            title="同一身份标识码在云阳、万州两地被扫描",
            division=yunyang,
            category=extinguisher,
            department=_d("云阳县市场监督管理局"),
            actor=None,
            dedupe_key="demo:scan:clone:1",
            description="疑似克隆标识码，需核查流向。",
        )
        closed = clue_open(
            source="tip",
            title="反映某学校灭火器数量不足",
            division=yunyang,
            category=extinguisher,
            department=_d("云阳县消防救援大队"),
            actor=None,
        )
        clue_triage(
            clue=closed,
            decision="close",
            actor=_u("yy_fire"),
            reason="属于消防设施配置问题，已转日常消防监督检查处理，不涉及假冒伪劣",
        )

        # 6. A matter transferred in from 万州区, not yet acknowledged by 云阳县 market supervision.
        wz = _u("wz_officer")
        case = case_open(
            title="万州区查获假冒灭火器，来源指向云阳县某经营部",
            kind="counterfeit",
            source="transfer",
            division=wanzhou,
            department=_d("万州区应急管理局"),
            category=extinguisher,
            owner=wz,
            actor=wz,
            opened_on=_on(2026, 11, 18),
            party_name="云阳县安达消防器材经营部",
        )
        ev = case_action_add(case=case, kind=ActionKind.EVIDENCE, actor=wz, on=_on(2026, 11, 18), owner=wz)
        case_action_complete(action=ev, actor=wz, done_on=_on(2026, 11, 19), outcome="进货单据、送货单")
        share_create(
            target=case,
            kind="transfer",
            to_department=_d("云阳县市场监督管理局"),
            from_department=case.department,
            actor=wz,
            on=_on(2026, 11, 20),
            reason="请核查云阳县安达消防器材经营部进货来源及其他销售去向",
        )
    stdout.write(f"cases: {Case.objects.count()} cases, {Clue.objects.count()} clues")
