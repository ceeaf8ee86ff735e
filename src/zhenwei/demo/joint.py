"""Demo joint work in 云阳县: three meetings with decisions (done, due, overdue), the 3·15 joint action
with inspections, cases, seizures, a transfer to the police and a logistics check collected into it, a
destruction event, publicity over 2026-03..11 (also 万州区, 浦东新区, 港口镇) and urgent reports.

Idempotent: every record is looked up by its title before it is created. Dates are authored around
2026-11-25 and placed relative to today (zhenwei.demo.demodates), so the keys do not hold dates."""

from __future__ import annotations

import datetime as dt
import io
import logging
from decimal import Decimal

from django.db import transaction

from zhenwei.campaigns.models import Campaign
from zhenwei.core.models import Department, Division, User
from zhenwei.demo import demodates, joint_destruction
from zhenwei.demo.actor import ACTOR
from zhenwei.joint import services
from zhenwei.joint.models import DestructionEvent, JointAction, Meeting, PublicityActivity, UrgentReport

log = logging.getLogger(__name__)
CAMPAIGN = "云安办发〔2026〕3号"
# A 1×1 PNG: stands in for the photos of the destruction (demo only).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _d(name: str) -> Department:
    return Department.objects.get(name=name)


MEETINGS = [
    {
        "title": "云阳县打击假冒伪劣消防产品和假冒安全生产证书专项行动第一次联席会议",
        "kind": "joint_meeting",
        "held_on": dt.date(2026, 3, 5),
        "place": "云阳县应急管理局三楼会议室",
        "chair": "胡开林（县专项办主任）",
        "attending": [
            "云阳县市场监督管理局",
            "云阳县公安局",
            "云阳县消防救援大队",
            "云阳县住房和城乡建设委员会",
            "农坝镇人民政府",
        ],
        "attendees": "胡开林 县应急管理局 副局长\n陈立 县市场监管局 稽查大队长\n周勇 县公安局 治安大队副大队长\n何平 县消防救援大队 防火监督科科长\n张明 农坝镇应急办 主任",
        "topics": "通报专项行动实施方案及职责分工\n研究“3·15”集中行动部署\n建立信息共享、会商研判、联合查处机制",
        "summary": "会议传达了云安办发〔2026〕3号文件精神，各成员单位汇报了前期摸底排查情况。会议认为，当前我县消防产品流通领域和寄递渠道仍存在监管薄弱环节，冒牌消防培训时有发生。",
        "recorder": "赵磊",
        "decisions": [
            (
                "由县市场监管局牵头，于3月15日前组织开展“3·15”消防产品和寄递渠道联合执法行动",
                "云阳县市场监督管理局",
                ["云阳县公安局", "云阳县消防救援大队"],
                dt.date(2026, 3, 14),
                "done",
                "3月15日至17日开展联合执法，检查经营单位和物流场所，立案2件。",
            ),
            (
                "县公安局建立涉嫌犯罪案件行刑衔接快速通道，明确对接人",
                "云阳县公安局",
                [],
                dt.date(2026, 4, 30),
                "done",
                "已明确治安大队为对接科室，周勇同志为联络人。",
            ),
            (
                "县消防救援大队完成全县人员密集场所消防产品使用领域检查",
                "云阳县消防救援大队",
                ["云阳县市场监督管理局"],
                dt.date(2026, 6, 30),
                "in_progress",
                "已检查学校、医院、养老机构等42家，尚余商场市场12家。",
            ),
        ],
    },
    {
        "title": "云阳县专项行动中期会商研判会",
        "kind": "consultation",
        "held_on": dt.date(2026, 7, 10),
        "place": "云阳县人民政府第二会议室",
        "chair": "胡开林（县专项办主任）",
        "attending": ["云阳县市场监督管理局", "云阳县公安局", "云阳县消防救援大队", "农坝镇人民政府"],
        "attendees": "胡开林 县应急管理局 副局长\n陈立 县市场监管局 稽查大队长\n周勇 县公安局 治安大队副大队长",
        "topics": "研判网络销售假冒消防产品新动向\n研究寄递渠道监管措施",
        "summary": "会议研判认为，假冒灭火器、过滤式自救呼吸器通过电商平台和快递渠道流入我县的情况突出，需加强线上线下联动。",
        "recorder": "赵磊",
        "decisions": [
            (
                "县市场监管局约谈辖区电商平台经营者，落实平台主体责任，报送约谈情况",
                "云阳县市场监督管理局",
                ["云阳县公安局"],
                dt.date(2026, 8, 31),
                "open",
                "",
            ),
            (
                "农坝镇应急办在各村（社区）张贴警示公告，公布举报电话",
                "农坝镇应急办",
                [],
                dt.date(2026, 12, 10),
                "open",
                "",
            ),
            (
                "县市场监管局对双江物流园、顺丰速运营业部开展收寄验视专项检查并报送结果",
                "云阳县市场监督管理局",
                ["云阳县公安局"],
                dt.date(2026, 11, 27),
                "in_progress",
                "已检查双江物流园。",
            ),
        ],
    },
    {
        "title": "云阳县专项行动第三次联席会议",
        "kind": "joint_meeting",
        "held_on": dt.date(2026, 11, 30),
        "place": "云阳县应急管理局三楼会议室",
        "chair": "胡开林（县专项办主任）",
        "attending": [
            "云阳县市场监督管理局",
            "云阳县公安局",
            "云阳县消防救援大队",
            "云阳县住房和城乡建设委员会",
            "农坝镇人民政府",
        ],
        "attendees": "",
        "topics": "通报前两次会议议定事项落实情况\n研究年底集中销毁和总结工作",
        "summary": "",
        "recorder": "",
        "decisions": [],
    },
]

ACTION = {
    "title": "云阳县“3·15”消防产品和寄递渠道联合执法行动",
    "kind": "joint_enforcement",
    "lead": "云阳县市场监督管理局",
    "participants": ["云阳县消防救援大队", "云阳县公安局", "云阳县应急管理局"],
    "starts_on": dt.date(2026, 3, 15),
    "ends_on": dt.date(2026, 3, 17),
    "targets": ["market", "retailer", "ecommerce", "logistics", "construction"],
    "officers": 46,
    "description": "按照第一次联席会议部署，以县城批发市场、消防器材经营门店、电商经营者、物流园和在建工地为重点，开展联合执法。",
}

# subject, place, department, product, judgment note, (case title or None)
INSPECTIONS = [
    (
        "云阳县安达消防器材经营部",
        "云阳县双江街道建设路45号",
        "云阳县市场监督管理局",
        "手提式干粉灭火器 MFZ/ABC4",
        "销售无身份证标志的灭火器",
        "云阳县安达消防器材经营部销售假冒伪劣灭火器案",
    ),
    (
        "云阳县万家福商贸有限公司",
        "云阳县双江街道滨江路128号",
        "云阳县市场监督管理局",
        "过滤式消防自救呼吸器 TZL30",
        "",
        None,
    ),
    (
        "云阳县农坝镇宏发建材经营部",
        "云阳县农坝镇新街78号",
        "云阳县市场监督管理局",
        "手提式干粉灭火器 MFZ/ABC2",
        "标志与台账不符",
        "云阳县农坝镇宏发建材经营部销售不合格灭火器案",
    ),
    (
        "云阳县滨江花园二期建设项目部",
        "云阳县双江街道滨江大道",
        "云阳县消防救援大队",
        "钢质防火门 GFM-1021",
        "",
        None,
    ),
    (
        "云阳县农坝镇惠民超市",
        "云阳县农坝镇农坝街56号",
        "云阳县消防救援大队",
        "独立式感烟火灾探测报警器",
        "",
        None,
    ),
]

PUBLICITY = [
    # kind, title, date, organiser, place, audience, views, materials, division code
    (
        "consultation_desk",
        "“3·15”消费者权益日消防产品识假辨假咨询台",
        dt.date(2026, 3, 15),
        "云阳县市场监督管理局",
        "云阳县滨江广场",
        620,
        0,
        1800,
        None,
    ),
    (
        "video_screening",
        "重点单位负责人集中观看消防产品科普宣传片",
        dt.date(2026, 3, 26),
        "农坝镇应急办",
        "农坝镇人民政府会议室",
        86,
        0,
        120,
        None,
    ),
    (
        "poster_campaign",
        "张贴“凡是推销消防产品的培训都是假培训”警示公告",
        dt.date(2026, 4, 8),
        "农坝镇应急办",
        "农坝镇各村（社区）公示栏",
        0,
        0,
        260,
        None,
    ),
    (
        "training_course",
        "消防器材经营者法律法规培训班",
        dt.date(2026, 4, 22),
        "云阳县市场监督管理局",
        "云阳县市场监管局培训室",
        73,
        0,
        150,
        None,
    ),
    (
        "short_video",
        "三招识别假冒灭火器（短视频）",
        dt.date(2026, 5, 12),
        "云阳县消防救援大队",
        "抖音“云阳消防”",
        0,
        48600,
        0,
        None,
    ),
    (
        "media_report",
        "云阳县联合执法查处一批假冒伪劣消防产品",
        dt.date(2026, 5, 20),
        "云阳县应急管理局",
        "云阳网、三峡都市报",
        0,
        15300,
        0,
        None,
    ),
    (
        "live_stream",
        "“安全生产月”消防产品真伪鉴别直播",
        dt.date(2026, 6, 16),
        "云阳县应急管理局",
        "微信视频号“云阳应急”",
        0,
        9200,
        0,
        None,
    ),
    (
        "consultation_desk",
        "“安全生产月”安全宣传咨询日",
        dt.date(2026, 6, 16),
        "农坝镇应急办",
        "农坝镇农坝街",
        340,
        0,
        900,
        None,
    ),
    (
        "training_course",
        "养老机构、学校消防安全管理人培训",
        dt.date(2026, 7, 24),
        "云阳县消防救援大队",
        "云阳县消防救援大队",
        128,
        0,
        260,
        None,
    ),
    (
        "short_video",
        "假冒安全生产证书网站曝光",
        dt.date(2026, 8, 18),
        "云阳县应急管理局",
        "微信公众号“云阳应急”",
        0,
        21800,
        0,
        None,
    ),
    (
        "poster_campaign",
        "寄递渠道“收寄验视、实名收寄、过机安检”宣传",
        dt.date(2026, 9, 9),
        "云阳县市场监督管理局",
        "双江物流园、快递网点",
        0,
        0,
        420,
        None,
    ),
    (
        "video_screening",
        "九小场所经营者观看警示教育片",
        dt.date(2026, 10, 14),
        "农坝镇应急办",
        "农坝镇文化服务中心",
        112,
        0,
        200,
        None,
    ),
    (
        "media_report",
        "“119”消防宣传月：识别假冒消防产品",
        dt.date(2026, 11, 9),
        "云阳县消防救援大队",
        "云阳县融媒体中心",
        0,
        12700,
        0,
        None,
    ),
    (
        "consultation_desk",
        "万州区消防产品质量宣传进社区",
        dt.date(2026, 5, 28),
        "万州区市场监督管理局",
        "万州区高笋塘广场",
        410,
        0,
        1100,
        None,
    ),
    (
        "live_stream",
        "浦东新区消防产品质量“云课堂”",
        dt.date(2026, 6, 5),
        "浦东新区市场监督管理局",
        "“浦东市场监管”视频号",
        0,
        31200,
        0,
        None,
    ),
    (
        "training_course",
        "港口镇经营者打假法律法规培训",
        dt.date(2026, 9, 17),
        "港口质监分局",
        "港口镇人民政府礼堂",
        156,
        0,
        300,
        None,
    ),
]


def _campaign() -> Campaign | None:
    return Campaign.objects.filter(doc_number=CAMPAIGN).first()


def _meetings(campaign: Campaign) -> int:
    made = 0
    for spec in MEETINGS:
        if Meeting.objects.filter(title=spec["title"]).exists():
            continue
        meeting = services.meeting_create(
            campaign=campaign,
            convening_department=_d("云阳县应急管理局"),
            title=spec["title"],
            kind=spec["kind"],
            held_on=demodates.on(spec["held_on"]),
            start_time=dt.time(9, 30),
            place=spec["place"],
            chair=spec["chair"],
            attending_departments=[_d(n) for n in spec["attending"]],
            attendees=spec["attendees"],
            topics=spec["topics"],
            summary=spec["summary"],
            recorder=spec["recorder"],
            actor=ACTOR,
        )
        for text, owner, coop, authored_due, status, note in spec["decisions"]:
            due = demodates.on(authored_due)
            decision = services.decision_add(
                meeting=meeting,
                text=text,
                owner_department=_d(owner),
                cooperating_departments=[_d(n) for n in coop],
                due_on=due,
                actor=ACTOR,
            )
            if status == "done":
                services.decision_transition(decision=decision, to="in_progress", actor=ACTOR)
                services.decision_transition(decision=decision, to="done", note=note, actor=ACTOR, on=due)
            elif status == "in_progress":
                services.decision_transition(decision=decision, to="in_progress", note=note, actor=ACTOR)
        made += 1
    return made


def _action_records(action: JointAction, campaign: Campaign, stdout) -> None:
    """Inspections, cases, seizures and a police transfer of 3·15, through their own services."""
    from zhenwei.cases.services import case_action_add, case_open
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.inspections.services import inspection_record
    from zhenwei.market.models import LogisticsChecklistItem
    from zhenwei.market.services import logistics_check_record
    from zhenwei.registry.models import Enterprise

    extinguisher = ProductCategory.objects.get(code="fire-extinguisher")
    police = _d("云阳县公安局")
    for n, (subject, place, dept, product, problem, case_title) in enumerate(INSPECTIONS):
        day = action.starts_on + dt.timedelta(days=n % 3)
        enterprise = Enterprise.objects.filter(name=subject).first()
        department = _d(dept)
        division = enterprise.division if enterprise else department.division
        inspection = inspection_record(
            actor=ACTOR,
            division=division,
            department=department,
            category=extinguisher,
            domain="circulation" if dept.endswith("市场监督管理局") else "use",
            subject_name=subject,
            place=place,
            product_name=product,
            enterprise=enterprise,
            campaign=campaign,
            inspected_on=day,
            note=problem or "未发现问题",
        )
        if case_title:
            case = case_open(
                title=case_title,
                kind="counterfeit",
                source="inspection",
                division=division,
                department=department,
                category=extinguisher,
                domain="circulation",
                enterprise=enterprise,
                campaign=campaign,
                source_object=inspection,
                opened_on=day,
                actor=ACTOR,
                summary=f"{day:%m月%d日}联合执法检查发现{problem}。",
            )
            seized = Decimal("126") if n == 0 else Decimal("38")
            case_action_add(
                case=case,
                kind="seizure",
                actor=ACTOR,
                on=day,
                place=place,
                quantity_seized=seized,
                goods_value_yuan=seized * Decimal("85"),
                unit="具",
                document_number=f"云市监扣〔2026〕{31 + n}号",
            )
            if n == 0:
                case_action_add(
                    case=case,
                    kind="police_transfer",
                    actor=ACTOR,
                    on=day + dt.timedelta(days=2),
                    police_department=police,
                    document_number="云市监移〔2026〕5号",
                )
    depot = Enterprise.objects.filter(name="云阳县双江物流园").first()
    if depot is not None:
        answers = {i.code: "pass" for i in LogisticsChecklistItem.objects.filter(is_active=True)}
        answers["SJ-04"] = ("fail", "对批量寄递的无标识灭火器未登记报告")
        logistics_check_record(
            enterprise=depot,
            department=_d("云阳县市场监督管理局"),
            checked_on=action.starts_on + dt.timedelta(days=1),
            answers=answers,
            inspectors="王敏、陈立",
            campaign=campaign,
            actor=ACTOR,
            note="联合执法期间检查，现场责令整改。",
        )
    made = services.action_collect(action=action, actor=ACTOR)
    stdout.write(f"joint: 3·15 action collected {made} records")


def _action(campaign: Campaign, stdout) -> JointAction:
    action = JointAction.objects.filter(title=ACTION["title"]).first()
    if action is not None:
        return action
    with transaction.atomic():
        action = services.action_create(
            campaign=campaign,
            kind=ACTION["kind"],
            title=ACTION["title"],
            lead_department=_d(ACTION["lead"]),
            starts_on=demodates.on(ACTION["starts_on"]),
            ends_on=demodates.on(ACTION["ends_on"]),
            participating_departments=[_d(n) for n in ACTION["participants"]],
            divisions=[Division.objects.get(code="500235")],
            target_kinds=ACTION["targets"],
            officers_deployed=ACTION["officers"],
            description=ACTION["description"],
            actor=ACTOR,
        )
    try:
        with transaction.atomic():
            _action_records(action, campaign, stdout)
    except Exception as exc:  # noqa: BLE001 - other apps' services may still be changing; keep the demo loading
        log.warning("3·15 demo records not created: %s", exc)
        stdout.write(f"joint: 3·15 action has no linked records ({type(exc).__name__}: {exc})")
    return action


def _destruction(campaign: Campaign, action: JointAction) -> None:
    title = "云阳县假冒伪劣消防产品集中销毁"
    if DestructionEvent.objects.filter(title=title).exists():
        return
    from zhenwei.cases.models import Case

    cases = {c.title: c for c in Case.objects.filter(campaign=campaign, title__contains="灭火器")}
    items = [
        {
            "goods": "假冒手提式干粉灭火器",
            "quantity": Decimal("126"),
            "unit": "具",
            "value_yuan": Decimal("10710"),
            "case": cases.get("云阳县安达消防器材经营部销售假冒伪劣灭火器案"),
        },
        {
            "goods": "不合格手提式干粉灭火器",
            "quantity": Decimal("38"),
            "unit": "具",
            "value_yuan": Decimal("3230"),
            "case": cases.get("云阳县农坝镇宏发建材经营部销售不合格灭火器案"),
        },
        {
            "goods": "无标识过滤式消防自救呼吸器",
            "quantity": Decimal("60"),
            "unit": "个",
            "value_yuan": Decimal("2400"),
        },
    ]
    event = services.destruction_create(
        title=title,
        organiser=_d("云阳县市场监督管理局"),
        held_on=demodates.on(dt.date(2026, 6, 18)),
        place="云阳县生活垃圾焚烧发电厂",
        method="拆解泄压后分类回收、焚烧",
        action=action,
        campaign=campaign,
        witnesses="胡开林 县应急管理局\n周勇 县公安局\n谭文 县人大代表\n李华 重庆市云阳县公证处公证员",
        description="对“3·15”联合执法和日常检查中依法没收的假冒伪劣消防产品进行集中销毁。",
        items=items,
        actor=ACTOR,
    )
    services.destruction_add_photo(
        event=event, fileobj=io.BytesIO(PNG), name="销毁现场.png", actor=ACTOR, description="销毁现场（示意）"
    )


def _publicity(campaign: Campaign) -> int:
    made = 0
    for kind, title, day, organiser, place, audience, views, materials, _code in PUBLICITY:
        if PublicityActivity.objects.filter(title=title).exists():
            continue
        dept = _d(organiser)
        services.publicity_create(
            kind=kind,
            title=title,
            held_on=demodates.on(day),
            organiser=dept,
            place=place,
            audience=audience,
            views=views,
            materials_distributed=materials,
            campaign=campaign if dept.division.path.startswith(campaign.division.path) else None,
            actor=ACTOR,
        )
        made += 1
    return made


def _urgent(campaign: Campaign) -> None:
    reports = [
        (
            "农坝镇发现冒牌消防培训机构上门兜售灭火器",
            "农坝镇应急办",
            dt.date(2026, 11, 24),
            False,
            "{day}上午，农坝镇茶园村村民反映，有自称“县消防培训中心”人员到村内举办“消防安全培训”，现场以每具180元价格兜售灭火器，"
            "疑似冒牌消防培训。镇应急办已会同农坝派出所到场，暂扣灭火器23具，登记人员2名。请县专项办研判是否并案处理。",
        ),
        (
            "云阳县市场监管局查获跨区域销售假冒灭火器线索",
            "云阳县市场监督管理局",
            dt.date(2026, 3, 16),
            True,
            "3·15联合执法中发现安达消防器材经营部所售灭火器来自万州区某批发商，涉及跨区县流通，建议报请市级协调。",
        ),
    ]
    for title, dept, authored, acknowledged, body in reports:
        if UrgentReport.objects.filter(title=title).exists():
            continue
        day = demodates.on(authored)
        report = services.urgent_report_submit(
            reporting_department=_d(dept),
            title=title,
            body=body.replace("{day}", f"{day.month}月{day.day}日"),
            campaign=campaign,
            occurred_on=day,
            actor=ACTOR,
        )
        if acknowledged:
            for recipient in report.recipients.all():
                member = User.objects.filter(
                    memberships__department=recipient.department, memberships__is_active=True
                ).first()
                if member is not None:
                    services.urgent_report_acknowledge(
                        recipient=recipient, actor=member, note="已阅，按程序办理"
                    )


def load(*, stdout) -> None:
    campaign = _campaign()
    if campaign is None:
        stdout.write("joint: campaign 云安办发〔2026〕3号 missing, skipped")
        return
    with transaction.atomic():
        meetings = _meetings(campaign)
    action = _action(campaign, stdout)
    with transaction.atomic():
        _destruction(campaign, action)
        publicity = _publicity(campaign)
        _urgent(campaign)
        reminders = services.decisions_remind()
    joint_destruction.load(stdout=stdout)
    totals = services.action_totals(action)
    stdout.write(
        f"joint: {meetings} meetings, {publicity} publicity activities, {reminders} reminders; 3·15 action: "
        f"{totals['units_checked']} units checked, {totals['cases_opened']} cases, "
        f"{totals['people_transferred_to_police']} transferred to police"
    )
