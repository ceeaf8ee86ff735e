"""The campaigns of the seeds, plus one running now in 云阳县 so the demo has current work.

The seeds' campaigns (2017–2024) are history and keep their dates; the current one, authored for
2026-03..12 around 2026-11-25, is placed relative to today by ``zhenwei.demo.demodates`` (``_place``).
Document numbers (the natural keys) keep the year they were authored with."""

import datetime as dt

from django.db import transaction

from zhenwei.campaigns.checks import certificate_check_create
from zhenwei.campaigns.choices import CampaignKind
from zhenwei.campaigns.models import Campaign
from zhenwei.campaigns.services import (
    campaign_save,
    campaign_share_with_participants,
    duty_save,
    group_member_save,
    liaison_save,
    task_save,
)
from zhenwei.core.audit import audit_create
from zhenwei.core.models import Department, Division
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR

# doc number (natural key), title, kind, division code, lead department, issuing body, issued, start, end
CAMPAIGNS = [
    (
        "农坝府发〔2023〕8号",
        "农坝镇打击冒牌消防培训和制售假冒伪劣消防产品专项整治",
        CampaignKind.FIRE_PRODUCTS,
        "500235116",
        "农坝镇应急办",
        "农坝镇人民政府",
        dt.date(2023, 3, 15),
        dt.date(2023, 3, 15),
        dt.date(2023, 4, 30),
    ),
    (
        "渝应急发〔2021〕104号",
        "重庆市打击假冒政府网站制售假冒安全生产证书专项行动",
        CampaignKind.FAKE_CERTIFICATES,
        "500000",
        "重庆市应急管理局",
        "重庆市应急管理局 重庆市公安局",
        dt.date(2021, 12, 16),
        dt.date(2021, 12, 16),
        dt.date(2022, 6, 30),
    ),
    (
        "中港府办〔2017〕74号",
        "2017年中山市港口镇打假工作方案",
        CampaignKind.ANTI_COUNTERFEIT,
        "442000108",
        "港口质监分局",
        "中山市港口镇人民政府办公室",
        dt.date(2017, 8, 30),
        dt.date(2017, 8, 30),
        dt.date(2017, 12, 31),
    ),
    (
        "沪市监质监〔2024〕消防",
        "2024年消防产品质量专项整治与宣传活动",
        CampaignKind.FIRE_PRODUCTS,
        "310000",
        "上海市市场监督管理局",
        "上海市市场监管局 市公安局 市住房城乡建设管理委 市消防救援总队",
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 1),
        dt.date(2024, 10, 31),
    ),
    (
        "云安办发〔2026〕3号",
        "云阳县2026年打击假冒伪劣消防产品和假冒安全生产证书专项行动",
        CampaignKind.FIRE_PRODUCTS,
        "500235",
        "云阳县应急管理局",
        "云阳县安全生产委员会办公室",
        dt.date(2026, 2, 20),
        dt.date(2026, 3, 1),
        dt.date(2026, 12, 31),
    ),
]


def _place(day: dt.date | None) -> dt.date | None:
    """The current campaign's dates (2026 on) placed relative to today; the seeds' history as it was."""
    return demodates.on(day) if day is not None and day.year >= 2026 else day


def _place_month(day: dt.date | None) -> dt.date | None:
    return demodates.month(day) if day is not None and day.year >= 2026 else day


def load(*, stdout) -> None:
    with transaction.atomic():
        for number, title, kind, code, lead, body, issued, start, end in CAMPAIGNS:
            if Campaign.objects.filter(doc_number=number).exists():
                continue
            campaign = Campaign(
                title=title,
                kind=kind,
                doc_title=f"关于印发《{title}》的通知",
                doc_number=number,
                issuing_body=body,
                issued_on=_place(issued),
                division=Division.objects.get(code=code),
                lead_department=Department.objects.get(name=lead),
                starts_on=_place(start),
                ends_on=_place(end),
            )
            campaign_save(campaign=campaign, actor=ACTOR)
    stdout.write(f"campaigns: {Campaign.objects.count()}")
    load_details(stdout=stdout)
    load_submissions(stdout=stdout)
    load_checks(stdout=stdout)
    from zhenwei.demo.campaigns_checks import load as load_check_follow_ups  # self-checks, upload-made checks

    load_check_follow_ups(stdout=stdout)


# ---- phases, leading groups, liaisons, task matrices and reporting duties --------------------------
# Appended as a second step of load(): each part keyed by natural keys, so a second run changes nothing.

D = dt.date
PHASES = {
    "农坝府发〔2023〕8号": [
        (
            "mobilise",
            "动员部署阶段",
            D(2023, 3, 1),
            D(2023, 3, 15),
            "研究本辖区问题现状，明确联络人，召开动员会议。",
        ),
        (
            "rectify",
            "专项整治阶段",
            D(2023, 3, 15),
            D(2023, 3, 31),
            "对线下、线上冒牌消防培训及制售假冒伪劣消防产品全面排查，建立底数清单、问题台账。",
        ),
        (
            "consolidate",
            "巩固提升阶段",
            D(2023, 4, 1),
            D(2023, 4, 30),
            "梳理总结成效、典型做法和不足，建立全链条防范与监督机制。",
        ),
    ],
    "渝应急发〔2021〕104号": [
        (
            "mobilise",
            "组织部署阶段",
            D(2021, 12, 16),
            D(2021, 12, 31),
            "各区县制定实施方案，12月25日前报送市专项行动工作组办公室。",
        ),
        (
            "rectify",
            "专项行动实施阶段",
            D(2022, 1, 1),
            D(2022, 4, 30),
            "生产经营单位自查自改；区县应急局开展不少于1次持证上岗专项执法检查。",
        ),
        (
            "consolidate",
            "总结完善阶段",
            D(2022, 5, 1),
            D(2022, 6, 30),
            "总结经验，研究长效机制，5月10日前报送书面报告。",
        ),
    ],
    "中港府办〔2017〕74号": [
        (
            "mobilise",
            "宣传部署阶段",
            D(2017, 8, 1),
            D(2017, 8, 31),
            "制定工作方案，发动村组市场监督员排查摸底。",
        ),
        (
            "rectify",
            "集中整治阶段",
            D(2017, 9, 1),
            D(2017, 11, 30),
            "开展两次统一集中行动，依法查办一批制售假冒伪劣商品案件。",
        ),
        ("consolidate", "检查总结阶段", D(2017, 12, 1), D(2017, 12, 31), "检查专项行动成效，召开总结会议。"),
    ],
    "沪市监质监〔2024〕消防": [
        ("mobilise", "部署阶段", D(2024, 3, 1), D(2024, 3, 31), "各区研究制定工作方案，召开联席会议。"),
        (
            "rectify",
            "专项整治与宣传阶段",
            D(2024, 4, 1),
            D(2024, 9, 30),
            "生产、流通、建设、使用领域监督抽查，联合执法，行刑衔接。",
        ),
        ("consolidate", "总结阶段", D(2024, 10, 1), D(2024, 10, 31), "10月底前按职责分工报送工作总结。"),
    ],
    "云安办发〔2026〕3号": [
        (
            "mobilise",
            "动员部署阶段",
            D(2026, 3, 1),
            D(2026, 3, 31),
            "制定实施方案，成立领导小组，明确各镇乡街道联络员。",
        ),
        (
            "rectify",
            "专项整治阶段",
            D(2026, 4, 1),
            D(2026, 10, 31),
            "持证上岗执法检查、消防产品监督抽查、冒牌培训摸排、打击制售假证。",
        ),
        (
            "consolidate",
            "巩固提升阶段",
            D(2026, 11, 1),
            D(2026, 12, 31),
            "总结成效，建立长效机制，12月10日前报送工作总结。",
        ),
    ],
}

# (role, name, post, department name or None)
GROUPS = {
    "农坝府发〔2023〕8号": [
        ("leader", "余游海", "农坝镇镇长", "农坝镇人民政府"),
        ("deputy", "胡开林", "农坝镇安全分管领导", "农坝镇人民政府"),
        ("member", "刘德明", "镇应急办负责人", "农坝镇应急办"),
        ("member", "陈小琴", "镇社事办负责人", "农坝镇社事办"),
        ("member", "谭建国", "农坝派出所所长", "农坝派出所"),
        ("office_director", "胡开林", "兼任办公室主任（办公室设在镇应急办）", "农坝镇应急办"),
    ],
    "渝应急发〔2021〕104号": [
        ("leader", "邹瑜", "市应急局党委委员、政治部主任", "重庆市应急管理局"),
        ("deputy", "李延超", "市公安局网安总队副总队长（主持工作）", "重庆市公安局网安总队"),
        ("member", "陈德忠", "市应急局二级巡视员、兼安全生产考试中心主任", "重庆市应急管理局"),
        ("member", "冯志强", "市公安局网安总队副总队长", "重庆市公安局网安总队"),
        ("member", "胡晓", "市公安局刑警总队便衣侦查支队支队长", "重庆市公安局"),
        ("member", "董林", "市应急局新闻宣传处处长", "重庆市应急管理局"),
        ("office_director", "董林", "办公室由市应急局新闻宣传处牵头", "重庆市应急管理局"),
        ("office_contact", "廖珍林", "市专项行动工作组办公室联系人", "重庆市应急管理局"),
    ],
    "中港府办〔2017〕74号": [
        ("leader", "梁志伟", "港口镇副镇长", "港口镇人民政府"),
        ("office_director", "张荣钦", "镇打假办（设在质监分局）联系人", "港口质监分局"),
    ],
    "沪市监质监〔2024〕消防": [
        ("member", "郎敏斐", "市市场监管局联系人", "上海市市场监督管理局"),
        ("member", "刘莹璐", "市公安局联系人", "上海市公安局"),
        ("member", "浦昊", "市住房城乡建设管理委联系人", "上海市住房城乡建设管理委"),
        ("member", "王明国", "市消防救援总队联系人", "上海市消防救援总队"),
    ],
    "云安办发〔2026〕3号": [
        ("leader", "余游海", "云阳县人民政府副县长", "云阳县人民政府"),
        ("deputy", "胡开林", "县应急管理局局长", "云阳县应急管理局"),
        ("deputy", "周勇", "县公安局副局长", "云阳县公安局"),
        ("member", "陈立", "县市场监管局副局长", "云阳县市场监督管理局"),
        ("member", "何平", "县消防救援大队大队长", "云阳县消防救援大队"),
        ("member", "黄伟", "县住房城乡建委副主任", "云阳县住房和城乡建设委员会"),
        ("office_director", "赵磊", "县应急管理局安全生产基础科科长", "云阳县应急管理局"),
        ("office_contact", "刘芳", "专项办联络员（12350 热线）", "云阳县应急管理局"),
    ],
}

# (unit, department name or None, division code, name, post, phone, mobile, notes)
LIAISONS = {
    "渝应急发〔2021〕104号": [
        (
            "云阳县应急管理局",
            "云阳县应急管理局",
            "500235",
            "赵磊",
            "安全生产基础科 科长",
            "023-55123350",
            "13908251736",
            "",
        ),
        (
            "云阳县公安局",
            "云阳县公安局",
            "500235",
            "周勇",
            "网安大队 副大队长",
            "023-55122110",
            "13709481625",
            "含公安部门工作情况",
        ),
        (
            "万州区应急管理局",
            "万州区应急管理局",
            "500101",
            "孙涛",
            "执法支队 副支队长",
            "023-58222350",
            "13896352418",
            "",
        ),
        (
            "万州区公安分局",
            "万州区公安分局",
            "500101",
            "韩冬",
            "网安支队 民警",
            "023-58221110",
            "15923486571",
            "",
        ),
    ],
    "沪市监质监〔2024〕消防": [
        (
            "上海市市场监督管理局",
            "上海市市场监督管理局",
            "310000",
            "郎敏斐",
            "质量监督处",
            "021-64220000转2321",
            "",
            "",
        ),
        ("上海市公安局", "上海市公安局", "310000", "刘莹璐", "经侦总队", "021-22029139", "", ""),
        (
            "上海市住房城乡建设管理委",
            "上海市住房城乡建设管理委",
            "310000",
            "浦昊",
            "建设市场监管处",
            "021-54614788转4061",
            "",
            "",
        ),
        (
            "上海市消防救援总队",
            "上海市消防救援总队",
            "310000",
            "王明国",
            "防火监督部",
            "021-28955512",
            "",
            "",
        ),
        (
            "浦东新区市场监督管理局",
            "浦东新区市场监督管理局",
            "310115",
            "沈佳怡",
            "产品质量科",
            "021-50201234",
            "13817264590",
            "",
        ),
    ],
    "中港府办〔2017〕74号": [
        (
            "港口质监分局",
            "港口质监分局",
            "442000108",
            "张荣钦",
            "镇打假办联系人",
            "0760-87898903",
            "13702816254",
            "打假办设在质监分局",
        ),
        ("港口工商分局", "港口工商分局", "442000108", "梁慧敏", "市场科", "0760-88401213", "13926015873", ""),
        (
            "港口食药监分局",
            "港口食药监分局",
            "442000108",
            "黄志坚",
            "稽查股",
            "0760-88401320",
            "13590712468",
            "",
        ),
    ],
    "云安办发〔2026〕3号": [
        (
            "云阳县应急管理局",
            "云阳县应急管理局",
            "500235",
            "赵磊",
            "安全生产基础科 科长",
            "023-55123350",
            "13908251736",
            "专项办",
        ),
        ("云阳县公安局", "云阳县公安局", "500235", "周勇", "副局长", "023-55122110", "13709481625", ""),
        (
            "云阳县市场监督管理局",
            "云阳县市场监督管理局",
            "500235",
            "陈立",
            "产品质量股 股长",
            "023-55131205",
            "13628497153",
            "",
        ),
        (
            "云阳县消防救援大队",
            "云阳县消防救援大队",
            "500235",
            "何平",
            "防火监督科",
            "023-55120119",
            "13983571246",
            "",
        ),
        (
            "农坝镇应急办",
            "农坝镇应急办",
            "500235116",
            "张明",
            "应急办 主任",
            "023-55690116",
            "15213867409",
            "",
        ),
        (
            "江口镇人民政府",
            None,
            "500235131",
            "向红梅",
            "安全办 干事",
            "023-55710131",
            "18723150964",
            "未上线，报表以 XLSX 上传",
        ),
        ("龙角镇人民政府", None, "500235105", "冉光辉", "应急办 主任", "023-55650105", "13594470831", ""),
    ],
}

# (sort, title, category code, lead department, [cooperating], due)
TASKS = {
    "农坝府发〔2023〕8号": [
        (
            1,
            "摸排接受过消防培训的单位和个人，建立培训机构台账、形成问题清单",
            "fake-training",
            "农坝镇应急办",
            ["农坝镇社事办", "农坝派出所"],
            D(2023, 3, 31),
        ),
        (2, "依法查处假冒国家机关工作人员招摇撞骗行为", "fake-training", "农坝派出所", [], D(2023, 3, 31)),
        (
            3,
            "查处冒牌培训机构高价兜售消防产品、虚假宣传行为",
            "fake-training",
            "农坝镇应急办",
            ["江口市场监管所"],
            D(2023, 3, 31),
        ),
        (
            4,
            "现场检查判定、抽样送检使用领域消防产品质量",
            "fire-products",
            "农坝镇应急办",
            [],
            D(2023, 3, 31),
        ),
        (
            5,
            "集中查处假冒伪劣消防产品，深挖造假源头，捣毁造假窝点",
            "fire-products",
            "农坝镇应急办",
            ["农坝派出所"],
            D(2023, 4, 30),
        ),
        (
            6,
            "邀请正规培训机构开展消防科普，教育群众辨别真伪培训",
            "fire-products",
            "农坝镇应急办",
            [],
            D(2023, 4, 30),
        ),
        (
            7,
            "组织重点企业、单位负责人观看消防产品科普宣传片",
            "fire-products",
            "农坝镇应急办",
            ["农坝镇社事办"],
            D(2023, 4, 30),
        ),
        (8, "印制张贴警示公告，公布举报电话", "fire-products", "农坝镇应急办", [], D(2023, 4, 30)),
    ],
    "中港府办〔2017〕74号": [
        (
            1,
            "食品、药品（含化妆品）专项打假",
            "food-drug",
            "港口食药监分局",
            ["港口公安分局", "港口镇农业和农村工作局", "港口工商分局", "港口质监分局", "港口镇经信局"],
            D(2017, 11, 30),
        ),
        (
            2,
            "农资专项打假",
            "agri-inputs",
            "港口镇农业和农村工作局",
            ["港口工商分局", "港口质监分局", "港口镇经信局"],
            D(2017, 11, 30),
        ),
        (
            3,
            "建材专项打假",
            "building-materials",
            "港口镇住建局",
            ["港口工商分局", "港口质监分局"],
            D(2017, 11, 30),
        ),
        (
            4,
            "儿童用品（含玩具）专项打假",
            "children-products",
            "港口质监分局",
            ["港口公安分局", "港口镇宣传文体服务中心", "港口工商分局", "港口镇经信局"],
            D(2017, 11, 30),
        ),
        (5, "服装专项打假", "clothing", "港口质监分局", ["港口工商分局", "港口公安分局"], D(2017, 11, 30)),
        (
            6,
            "燃气灶具、小家电专项打假",
            "appliances",
            "港口质监分局",
            ["港口公安分局", "港口工商分局"],
            D(2017, 11, 30),
        ),
        (
            7,
            "灯具专项打假",
            "lamps",
            "港口质监分局",
            ["港口工商分局", "港口公安分局", "港口镇经信局"],
            D(2017, 11, 30),
        ),
        (
            8,
            "儿童用品（含玩具）专项打假（协助上级有毒有害物质检测）",
            "children-products",
            "港口质监分局",
            ["港口公安分局", "港口工商分局", "港口镇经信局"],
            D(2017, 11, 30),
        ),
        (
            9,
            "汽车零配件专项打假",
            "auto-parts",
            "港口交通分局",
            ["港口公安分局", "港口质监分局"],
            D(2017, 11, 30),
        ),
        (
            10,
            "电子商务产品专项打假",
            "e-commerce",
            "港口工商分局",
            ["港口镇发改局", "港口公安分局", "港口交通分局", "港口质监分局"],
            D(2017, 11, 30),
        ),
    ],
    "沪市监质监〔2024〕消防": [
        (
            1,
            "生产和流通领域消防产品监督抽查",
            "fire-products",
            "上海市市场监督管理局",
            ["上海市消防救援总队"],
            D(2024, 10, 31),
        ),
        (
            2,
            "建设领域消防产品抽查",
            "fire-products",
            "上海市住房城乡建设管理委",
            ["上海市市场监督管理局", "上海市消防救援总队"],
            D(2024, 10, 31),
        ),
        (
            3,
            "使用领域消防产品监督抽查",
            "fire-products",
            "上海市消防救援总队",
            ["上海市市场监督管理局", "上海市住房城乡建设管理委"],
            D(2024, 10, 31),
        ),
        (
            4,
            "强化行刑衔接，涉嫌犯罪的及时移送公安机关",
            "fire-products",
            "上海市公安局",
            ["上海市市场监督管理局", "上海市消防救援总队"],
            D(2024, 10, 31),
        ),
    ],
    "云安办发〔2026〕3号": [
        (
            1,
            "生产经营单位逐人逐证自查“三项岗位”人员证书",
            "safety-certificate",
            "云阳县应急管理局",
            [],
            D(2026, 5, 31),
        ),
        (
            2,
            "持证上岗情况专项执法检查（不少于1次）",
            "safety-certificate",
            "云阳县应急管理局",
            ["云阳县公安局"],
            D(2026, 10, 31),
        ),
        (
            3,
            "打击伪造、变造、买卖安全生产证书，捣毁制假窝点",
            "safety-certificate",
            "云阳县公安局",
            ["云阳县应急管理局"],
            D(2026, 10, 31),
        ),
        (
            4,
            "假冒政府网站和虚假证书查验网站监测、封堵",
            "fake-website",
            "云阳县公安局",
            ["云阳县应急管理局"],
            D(2026, 10, 31),
        ),
        (
            5,
            "生产、流通领域消防产品监督抽查",
            "fire-products",
            "云阳县市场监督管理局",
            ["云阳县消防救援大队"],
            D(2026, 9, 30),
        ),
        (
            6,
            "使用领域消防产品监督抽查",
            "fire-products",
            "云阳县消防救援大队",
            ["云阳县市场监督管理局"],
            D(2026, 9, 30),
        ),
        (
            7,
            "冒牌消防培训机构摸排，建立台账和问题清单",
            "fake-training",
            "云阳县应急管理局",
            ["云阳县公安局", "云阳县市场监督管理局"],
            D(2026, 6, 30),
        ),
        (
            8,
            "“3·15”及安全生产月消防产品宣传和警示曝光",
            "fire-products",
            "云阳县消防救援大队",
            ["云阳县应急管理局"],
            D(2026, 6, 30),
        ),
    ],
}
TASK_DIVISIONS = {
    "农坝府发〔2023〕8号": ["500235116"],
    "中港府办〔2017〕74号": ["442000108"],
    "沪市监质监〔2024〕消防": ["310115"],
    "云安办发〔2026〕3号": ["500235", "500235116", "500235131", "500235105"],
}
REPORT_TEMPLATES = {
    "农坝府发〔2023〕8号": "fire-products-monthly",
    "渝应急发〔2021〕104号": "cert-campaign-monthly",
    "中港府办〔2017〕74号": "anti-counterfeit-monthly",
    "沪市监质监〔2024〕消防": "fire-products-monthly",
    "云安办发〔2026〕3号": "fire-products-monthly",
}
GOALS = {
    "云安办发〔2026〕3号": "坚决打击制售假冒伪劣消防产品和伪造、买卖安全生产证书违法犯罪行为，查处一批持假人员和用假企业，"
    "捣毁一批制假窝点，曝光一批典型案件，规范消防产品和安全培训市场秩序。",
    "渝应急发〔2021〕104号": "坚决捣毁一批伪造安全生产证书的制假窝点，惩治一批假冒政府网站的技术团伙，查处一批持假人员和用假企业，"
    "曝光一批典型违法犯罪案件，进一步规范安全生产培训市场秩序。",
    "农坝府发〔2023〕8号": "坚决打击冒牌消防培训和生产、销售、使用假冒伪劣消防产品的违法行为，加大消防宣传力度，增强公众消防安全意识。",
    "中港府办〔2017〕74号": "建立健全打假工作长效机制，狠抓重点产品和突出问题整治，集中力量查处大要案。",
    "沪市监质监〔2024〕消防": "推进完善消防产品质量多部门全领域全过程综合监管机制，严厉打击假冒伪劣消防产品违法行为。",
}
OFFICE_CONTACTS = {
    "渝应急发〔2021〕104号": "廖珍林，电话 13996021200，电子邮箱 276764413@qq.com",
    "中港府办〔2017〕74号": "张荣钦，电话 87898903",
    "云安办发〔2026〕3号": "赵磊，电话 023-55123350",
}
# (doc number, kind, title, division, department, template, day, first month, last month, due, done?)
DUTIES = [
    (
        "云安办发〔2026〕3号",
        "plan",
        "专项行动实施方案",
        "500235",
        "云阳县应急管理局",
        "",
        None,
        None,
        None,
        D(2026, 3, 10),
        False,  # versions in SUBMISSIONS
    ),
    (
        "云安办发〔2026〕3号",
        "liaison_list",
        "联络员基本信息表",
        "500235",
        "云阳县应急管理局",
        "",
        None,
        None,
        None,
        D(2026, 3, 10),
        False,  # versions in SUBMISSIONS
    ),
    (
        "云安办发〔2026〕3号",
        "monthly_report",
        "专项行动情况月报表",
        "500235",
        "云阳县应急管理局",
        "cert-campaign-monthly",
        5,
        D(2026, 3, 1),
        D(2026, 12, 1),
        None,
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "monthly_report",
        "消防产品专项整治情况月报表",
        "500235",
        "云阳县应急管理局",
        "fire-products-monthly",
        5,
        D(2026, 3, 1),
        D(2026, 12, 1),
        None,
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "monthly_report",
        "打假工作统计月报表",
        "500235",
        "云阳县市场监督管理局",
        "anti-counterfeit-monthly",
        5,
        D(2026, 3, 1),
        D(2026, 12, 1),
        None,
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "monthly_report",
        "消防产品专项整治情况月报表",
        "500235116",
        "农坝镇应急办",
        "fire-products-monthly",
        5,
        D(2026, 3, 1),
        D(2026, 12, 1),
        None,
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "monthly_report",
        "消防产品专项整治情况月报表",
        "500235131",
        None,
        "fire-products-monthly",
        5,
        D(2026, 3, 1),
        D(2026, 12, 1),
        None,
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "final_summary",
        "专项行动工作总结",
        "500235",
        "云阳县应急管理局",
        "",
        None,
        None,
        None,
        D(2026, 12, 10),
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "final_summary",
        "专项行动阶段工作总结",
        "500235116",
        "农坝镇应急办",
        "",
        None,
        None,
        None,
        D(2026, 11, 20),
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "final_summary",
        "专项行动工作总结",
        "500235116",
        "农坝镇应急办",
        "",
        None,
        None,
        None,
        D(2026, 11, 27),
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "plan",
        "镇专项行动实施方案",
        "500235116",
        "农坝镇应急办",
        "",
        None,
        None,
        None,
        D(2026, 3, 20),
        False,
    ),
    (
        "云安办发〔2026〕3号",
        "plan",
        "镇专项行动实施方案",
        "500235131",
        None,
        "",
        None,
        None,
        None,
        D(2026, 3, 20),
        False,
    ),
    (
        "农坝府发〔2023〕8号",
        "final_summary",
        "专项整治工作总结",
        "500235116",
        "农坝镇应急办",
        "",
        None,
        None,
        None,
        D(2023, 4, 30),
        True,
    ),
    (
        "渝应急发〔2021〕104号",
        "plan",
        "专项行动工作实施方案",
        "500235",
        "云阳县应急管理局",
        "",
        None,
        None,
        None,
        D(2021, 12, 25),
        True,
    ),
    (
        "渝应急发〔2021〕104号",
        "liaison_list",
        "联络员基本信息表",
        "500235",
        "云阳县应急管理局",
        "",
        None,
        None,
        None,
        D(2021, 12, 25),
        True,
    ),
    (
        "渝应急发〔2021〕104号",
        "final_summary",
        "专项行动书面报告",
        "500235",
        "云阳县应急管理局",
        "",
        None,
        None,
        None,
        D(2022, 5, 10),
        True,
    ),
    (
        "中港府办〔2017〕74号",
        "final_summary",
        "打假工作总结",
        "442000108",
        "港口质监分局",
        "",
        None,
        None,
        None,
        D(2017, 12, 31),
        True,
    ),
    (
        "沪市监质监〔2024〕消防",
        "final_summary",
        "专项整治与宣传活动工作总结",
        "310115",
        "浦东新区市场监督管理局",
        "",
        None,
        None,
        None,
        D(2024, 10, 31),
        True,
    ),
]
# Task states for the current campaign: (task sort, division) → (status, evidence); the rest are done for past campaigns.
CURRENT_STATES = {
    (1, "500235"): ("done", "云安办发〔2026〕5号 自查情况通报；自查台账 1,286 人次"),
    (2, "500235"): ("in_progress", ""),
    (3, "500235"): ("in_progress", ""),
    (4, "500235"): ("done", "网安大队监测报告 2026-07；封堵网站 3 家"),
    (5, "500235"): ("done", "县市场监管局 2026 年消防产品监督抽查结果公告"),
    (6, "500235"): ("in_progress", ""),
    (7, "500235"): ("done", "培训机构台账（17家）、问题清单"),
    (8, "500235"): ("done", "3·15 宣传活动简报第 2 期"),
    (1, "500235116"): ("done", "农坝镇企业自查汇总表"),
    (6, "500235116"): ("done", "使用领域检查记录 32 份"),
    (7, "500235116"): ("in_progress", ""),
    (8, "500235116"): ("done", "警示公告张贴照片 12 张"),
    (1, "500235131"): ("blocked", ""),
    (6, "500235131"): ("pending", ""),
    (1, "500235105"): ("done", "龙角镇自查汇总表"),
}


# One-off duties of the 2026 云阳县 campaign as submitted (number, division code, title) → versions
# (submitted on, review: "accepted" / "returned" / None for not yet reviewed, reason). Dates are
# authored ones, placed relative to today: the county's plan was returned once and accepted, its
# liaison list accepted at once, 农坝镇's plan came five days late and was accepted, 江口镇's plan
# was returned and never resubmitted (open, overdue), and nobody submitted 农坝镇's stage summary
# (overdue: the notice of criticism below names it).
SUBMISSIONS = {
    ("云安办发〔2026〕3号", "500235", "专项行动实施方案"): [
        (D(2026, 3, 8), "returned", "缺少各成员单位任务分工表，请补充后重新报送"),
        (D(2026, 3, 10), "accepted", ""),
    ],
    ("云安办发〔2026〕3号", "500235", "联络员基本信息表"): [(D(2026, 3, 9), "accepted", "")],
    ("云安办发〔2026〕3号", "500235116", "镇专项行动实施方案"): [(D(2026, 3, 25), "accepted", "")],
    ("云安办发〔2026〕3号", "500235131", "镇专项行动实施方案"): [
        (D(2026, 3, 18), "returned", "方案未明确镇级牵头部门和完成时限，请修改后重新报送"),
    ],
}
NOTICE = (
    "云安办发〔2026〕3号",
    "500235116",
    "专项行动阶段工作总结",
    D(2026, 11, 24),
    "农坝镇应急办未按专项行动方案要求在规定期限内报送阶段工作总结，经督促仍未报送，现予通报。"
    "请农坝镇于收到通报后3个工作日内报送，并将整改情况书面报县专项行动办公室。",
)


def _demo_file(title: str, version: int) -> bytes:
    """A small DOCX standing for the submitted document."""
    import io

    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph(f"第{version}版（演示数据）")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def load_submissions(*, stdout) -> None:
    """Versioned submissions of the current campaign's one-off duties and one notice, via services."""
    import io

    from django.utils import timezone as tz

    from zhenwei.campaigns import services
    from zhenwei.campaigns.models import CriticismNotice, DutySubmission, ReportingDuty

    actor = ACTOR
    made = 0
    with transaction.atomic():
        for (number, code, title), versions in SUBMISSIONS.items():
            duty = ReportingDuty.objects.get(campaign__doc_number=number, division__code=code, title=title)
            if duty.submissions.exists():
                continue
            for version, (day, verdict, reason) in enumerate(versions, start=1):
                sub = services.duty_submit(
                    duty=duty,
                    actor=actor,
                    note="演示数据",
                    fileobj=io.BytesIO(_demo_file(title, version)),
                    file_name=f"{duty.division.name}{title}（第{version}版）.docx",
                )
                at = tz.make_aware(dt.datetime.combine(_place(day), dt.time(10)))
                # Direct, history only: the services stamp now; the demo dates submission and review.
                DutySubmission.objects.filter(pk=sub.pk).update(submitted_at=at)
                if verdict:
                    services.submission_review(submission=sub, to=verdict, reason=reason, actor=actor)
                    DutySubmission.objects.filter(pk=sub.pk).update(reviewed_at=at + dt.timedelta(days=1))
                made += 1
        number, code, title, day, text = NOTICE
        duty = ReportingDuty.objects.get(campaign__doc_number=number, division__code=code, title=title)
        if not CriticismNotice.objects.filter(campaign=duty.campaign).exists():
            services.notice_issue(
                campaign=duty.campaign,
                target_division=duty.division,
                target_department=duty.department,
                duties=[duty],
                text=text,
                issued_on=_place(day),
                actor=actor,
            )
            made += 1
    stdout.write(f"campaign submissions and notices: {made} new rows")


def load_details(*, stdout) -> None:
    """Phases, leading groups, liaisons, task matrices and duties of the demo campaigns."""
    from zhenwei.campaigns.models import (
        CampaignPhase,
        CampaignTask,
        DutySubmission,
        LeadingGroupMember,
        Liaison,
        ReportingDuty,
        TaskAssignment,
    )
    from zhenwei.catalog.models import ProductCategory

    actor = ACTOR
    departments = {d.name: d for d in Department.objects.all()}
    divisions = {
        d.code: d
        for d in Division.objects.filter(
            code__in={
                "500235",
                "500235116",
                "500235131",
                "500235105",
                "500101",
                "310000",
                "310115",
                "442000108",
            }
        )
    }
    categories = {c.code: c for c in ProductCategory.objects.all()}
    created = 0
    with transaction.atomic():
        for number, phases in PHASES.items():
            campaign = Campaign.objects.get(doc_number=number)
            changed = False
            if not campaign.report_template:
                campaign.report_template = REPORT_TEMPLATES.get(number, "")
                changed = True
            if not campaign.goals and number in GOALS:
                campaign.goals = GOALS[number]
                changed = True
            if not campaign.office_contact and number in OFFICE_CONTACTS:
                campaign.office_contact = OFFICE_CONTACTS[number]
                changed = True
            if changed:
                campaign_save(campaign=campaign, actor=actor)
            for sort, (kind, name, start, end, text) in enumerate(phases, start=1):
                # Direct: a seed document's phases may begin before its campaign (农坝府发〔2023〕8号
                # mobilises from 3-1, the campaign runs from 3-15), which phase_save now refuses.
                _, new = CampaignPhase.objects.get_or_create(
                    campaign=campaign,
                    sort=sort,
                    defaults={
                        "kind": kind,
                        "name": name,
                        "starts_on": _place(start),
                        "ends_on": _place(end),
                        "description": text,
                    },
                )
                created += new
            for sort, (role, name, post, dept) in enumerate(GROUPS.get(number, []), start=1):
                if LeadingGroupMember.objects.filter(campaign=campaign, sort=sort).exists():
                    continue
                member = LeadingGroupMember(
                    campaign=campaign,
                    sort=sort,
                    role=role,
                    name=name,
                    post=post,
                    department=departments.get(dept),
                )
                group_member_save(member=member, actor=actor)
                created += 1
            for sort, (unit, dept, code, name, post, phone, mobile, notes) in enumerate(
                LIAISONS.get(number, []), 1
            ):
                if code not in divisions:
                    divisions[code] = Division.objects.get(code=code)
                if Liaison.objects.filter(campaign=campaign, unit=unit, name=name).exists():
                    continue
                liaison = Liaison(
                    campaign=campaign,
                    unit=unit,
                    name=name,
                    sort=sort,
                    department=departments.get(dept) if dept else None,
                    division=divisions[code],
                    post=post,
                    phone=phone,
                    mobile=mobile,
                    notes=notes,
                )
                liaison_save(liaison=liaison, actor=actor)
                created += 1
            past = campaign.ends_on < dt.date(2026, 1, 1)
            for sort, title, cat, lead, coop, due in TASKS.get(number, []):
                task = CampaignTask.objects.filter(campaign=campaign, sort=sort).first()
                if task is None:
                    task = CampaignTask(
                        campaign=campaign,
                        sort=sort,
                        title=title,
                        category=categories.get(cat),
                        lead_department=departments[lead],
                        due_on=_place(due),
                    )
                    task_save(task=task, actor=actor, cooperating_departments=[departments[c] for c in coop])
                    created += 1
                for code in TASK_DIVISIONS.get(number, []):
                    status, evidence = (
                        ("done", "工作台账、检查记录及总结材料（已归档）")
                        if past
                        else CURRENT_STATES.get((sort, code), ("in_progress", ""))
                    )
                    # Direct: an assignment as its division left it (authored state, evidence and
                    # progress); task_save makes fresh ones and the transitions would stamp today.
                    _, new = TaskAssignment.objects.get_or_create(
                        task=task,
                        division=divisions[code],
                        defaults={
                            "status": status,
                            "evidence": evidence,
                            "progress": "按方案推进" if status != "pending" else "",
                        },
                    )
                    created += new
        for number, kind, title, code, dept, template, day, first, last, due, done in DUTIES:
            campaign = Campaign.objects.get(doc_number=number)
            key = {"campaign": campaign, "kind": kind, "division": divisions[code], "template": template}
            duty = ReportingDuty.objects.filter(**key, title=title).first()
            if duty is None:
                duty = ReportingDuty(
                    **key,
                    title=title,
                    department=departments.get(dept) if dept else None,
                    day_of_month=day,
                    first_month=_place_month(first),
                    last_month=_place_month(last),
                    due_on=_place(due),
                )
                duty_save(duty=duty, actor=actor)
                created += 1
            if done and not duty.submissions.exists():
                from django.utils import timezone as tz

                # Direct: history of a duty met by e-mail before the platform (no file to submit
                # through duty_submit), accepted on its due day; counted in the audit note below.
                DutySubmission.objects.create(
                    duty=duty,
                    status="accepted",
                    note="已通过电子邮件报送",
                    submitted_at=tz.make_aware(dt.datetime.combine(_place(due), dt.time(9))),
                )
        for campaign in Campaign.objects.filter(doc_number__in=list(PHASES)):
            created += campaign_share_with_participants(campaign=campaign, actor=actor)
        if created:
            audit_create(
                actor=actor,
                obj=Campaign.objects.get(doc_number="云安办发〔2026〕3号"),
                note=f"demo: {created} campaign details (task assignments, e-mailed submissions, shares)",
            )
    stdout.write(f"campaign details: {created} new rows")


def load_checks(*, stdout) -> None:
    """Enterprise self-checks (authored Mar–Jun 2026) and certificate-holding checks (Apr–Oct 2026) in
    云阳县, placed relative to today."""
    from zhenwei.campaigns.models import CertificateCheck, EnterpriseSelfCheck
    from zhenwei.registry.models import Enterprise

    campaign = Campaign.objects.get(doc_number="云安办发〔2026〕3号")
    county = Division.objects.get(code="500235")
    department = Department.objects.get(name="云阳县应急管理局")
    enterprises = list(
        Enterprise.objects.filter(division__path__startswith=county.path, is_active=True).order_by("name")[
            :24
        ]
    )
    made = self_checks = 0
    with transaction.atomic():
        for i, enterprise in enumerate(enterprises):
            if i % 6 == 5:
                continue  # a sixth have not self-checked: the form's 未开展自查 row
            # Keyed by (campaign, enterprise) without the date: an enterprise may have several
            # self-checks (campaigns_checks adds follow-ups), so look for this first one by its note.
            # Direct: these first self-checks are older paper records that found fakes without
            # noting a rectification deadline, which self_check_create now requires.
            _, new = EnterpriseSelfCheck.objects.get_or_create(
                campaign=campaign,
                enterprise=enterprise,
                note="逐人逐证登录应急管理部证书查询平台核验",
                defaults={
                    "division": enterprise.division,
                    "checked_on": demodates.on(dt.date(2026, 3 + i % 4, 6 + (i * 3) % 20)),
                    "persons_checked": 4 + (i * 7) % 30,
                    "fake_found": 1 if i % 7 == 2 else 0,
                    "reported": 1 if i % 7 == 2 else 0,
                },
            )
            made += new
            self_checks += new
        for i, enterprise in enumerate(enterprises[::2]):
            day = demodates.on(dt.date(2026, 4 + i % 7, 8 + (i * 5) % 18))
            fake = 1 if i % 4 == 1 else 0
            missing = 2 if i % 5 == 3 else 0
            if CertificateCheck.objects.filter(enterprise=enterprise, campaign=campaign).exists():
                continue  # keyed without the date, which moves with today
            certificate_check_create(
                enterprise=enterprise,
                department=department,
                checked_on=day,
                actor=ACTOR,
                campaign=campaign,
                persons_checked=3 + i % 9,
                fake_found=fake,
                expired_found=1 if i % 3 == 0 else 0,
                missing_found=missing,
                persons_reported=fake + (1 if missing else 0),
                ordered_to_rectify=bool(fake or missing),
                suspended=i == 5,
                note="检查特种作业人员持证上岗情况，核查证书来源及真实性",
            )
            made += 1
        if self_checks:
            audit_create(actor=ACTOR, obj=campaign, note=f"demo: {self_checks} self-checks")
    stdout.write(f"campaign checks: {made} new")
