"""Demo tips: about sixty over 2026-03..2026-11, mostly in 云阳县 and its town 农坝镇, across every
channel and category; some in Traditional characters, some duplicates, some overdue; a few rewards.

Idempotent: each demo tip has a deterministic receipt code (receipt_from_seed), so a second run
finds them all and changes nothing. The plan is authored around 2026-11-25 (``TODAY``: ages and stages
are reckoned there) and every stored time is placed relative to today by ``zhenwei.demo.demodates``.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from zhenwei.cases.models import Clue
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.audit import audit_create
from zhenwei.core.models import Department, Division, User
from zhenwei.core.validators import id_number_check_char
from zhenwei.demo import demodates, tips_monitors
from zhenwei.demo.actor import ACTOR
from zhenwei.tips import rewards as reward_services
from zhenwei.tips import services
from zhenwei.tips.choices import RewardStatus, TipChannel, TipKind, TipStatus, WrongKind
from zhenwei.tips.models import Reward, RewardScheme, RewardTier, Tip
from zhenwei.tips.receipt import receipt_digest, receipt_from_seed

TZ = ZoneInfo("Asia/Shanghai")
SEED = 20260301
TODAY = demodates.AUTHORED_TODAY  # the authored present: ages and stages are reckoned there

# (category code, wrong kind, kind, text, extra fields)
SCENARIOS = [
    (
        "fire-extinguisher",
        WrongKind.COUNTERFEIT,
        TipKind.TIP,
        "{place}一家五金店在卖的干粉灭火器标签印着“3C”，但扫身份证标志二维码查不到，压力表指针一直停在绿区不动，怀疑是假冒产品。",
        {"product_name": "4kg 手提式干粉灭火器", "identity": True},
    ),
    (
        "fire-extinguisher",
        WrongKind.SUBSTANDARD,
        TipKind.COMPLAINT,
        "我在{place}买的灭火器用了一次就喷不出粉，店家不给退换，要求处理。",
        {"product_name": "2kg 车载灭火器"},
    ),
    (
        "emergency-lighting",
        WrongKind.SUBSTANDARD,
        TipKind.TIP,
        "{place}新开的KTV安全出口的应急照明灯断电后根本不亮，疏散指示标志也是塑料贴纸。",
        {"product_name": "消防应急照明灯"},
    ),
    (
        "fire-blanket",
        WrongKind.COUNTERFEIT,
        TipKind.TIP,
        "网上直播间卖的灭火毯声称能耐1000度，收到后没有任何认证标志，像普通石棉布。",
        {"product_name": "家用灭火毯", "url": "https://live.example-shop.cn/room/{n}"},
    ),
    (
        "fire-sticker",
        WrongKind.FALSE_ADVERTISING,
        TipKind.TIP,
        "{place}超市门口有人推销“灭火贴”，说贴在插座旁着火自动灭火，宣传单夸大功效。",
        {"product_name": "自动灭火贴"},
    ),
    (
        "escape-respirator",
        WrongKind.ELIMINATED,
        TipKind.TIP,
        "{place}一家宾馆客房里配的是已经淘汰的老式防毒面具，不是过滤式消防自救呼吸器。",
        {"product_name": "防毒面具"},
    ),
    (
        "fire-door",
        WrongKind.SUBSTANDARD,
        TipKind.TIP,
        "{place}安置房工地上装的防火门很轻，门框里面是空的，怀疑达不到耐火等级。",
        {"product_name": "钢质防火门"},
    ),
    (
        "safety-certificate",
        WrongKind.FAKE_CERTIFICATE,
        TipKind.TIP,
        "有人在微信群里发广告，说不用考试直接拿特种作业操作证（电工），全国联网可查，收费1800元。",
        {"certificate": True},
    ),
    (
        "safety-certificate",
        WrongKind.FAKE_CERTIFICATE,
        TipKind.TIP,
        "{place}一个工地上的焊工拿的焊接与热切割作业证，在应急管理部查询平台查不到，证书照片字体也不对。",
        {"certificate": True},
    ),
    (
        "fake-website",
        WrongKind.FAKE_WEBSITE,
        TipKind.TIP,
        "搜索“特种作业证查询”排在前面的网站不是官方的，页面仿冒应急管理部，能查到花钱买的假证。",
        {"url": "http://cx-mem-gov.cn.{host}.com/search"},
    ),
    (
        "fake-website",
        WrongKind.FAKE_WEBSITE,
        TipKind.TIP,
        "收到短信让登录一个“安全生产证书年审”网站缴费，网址很像政府网站但不是gov.cn结尾。",
        {"url": "https://mem-gov-{host}.top/login"},
    ),
    (
        "fake-training",
        WrongKind.IMPOSTOR_TRAINING,
        TipKind.TIP,
        "{place}有个“消防培训中心”冒充消防救援大队的名义到商铺收培训费，说不培训就要罚款。",
        {"training": "云阳县安平消防技能培训中心"},
    ),
    (
        "fake-training",
        WrongKind.IMPOSTOR_TRAINING,
        TipKind.COMPLAINT,
        "我报了{place}一家机构的消防设施操作员培训，交了3800元，说包过，结果机构根本没有资质，要求退费。",
        {"training": "渝东消防职业技能培训学校"},
    ),
    (
        "food-drug",
        WrongKind.COUNTERFEIT,
        TipKind.TIP,
        "{place}农贸市场有摊位卖散装“茅台”白酒，价格很低，瓶盖防伪码扫不出来。",
        {"product_name": "散装白酒"},
    ),
    (
        "building-materials",
        WrongKind.SUBSTANDARD,
        TipKind.TIP,
        "{place}一个建材店卖的螺纹钢没有标牌，直径明显偏细，已经有工地在用。",
        {"product_name": "HRB400 螺纹钢"},
    ),
    (
        "agri-inputs",
        WrongKind.COUNTERFEIT,
        TipKind.TIP,
        "{place}农资店卖的复合肥包装仿冒知名品牌，农户用后庄稼没有效果。",
        {"product_name": "复合肥"},
    ),
    (
        "lamps",
        WrongKind.SUBSTANDARD,
        TipKind.COMPLAINT,
        "在{place}买的LED台灯没有3C标志，用了两天就冒烟，商家不处理。",
        {"product_name": "LED 台灯"},
    ),
]

# Traditional-character versions of some texts (people in Hong Kong, Macao, Taiwan or using
# Traditional input methods report too); some repeat an earlier Simplified report on purpose.
TRADITIONAL = [
    (
        "fire-extinguisher",
        WrongKind.COUNTERFEIT,
        TipKind.TIP,
        "{place}一家五金店在賣的乾粉滅火器標籤印著「3C」，但掃身份證標誌二維碼查不到，壓力錶指針一直停在綠區不動，懷疑是假冒產品。",
        {"product_name": "4kg 手提式乾粉滅火器"},
    ),
    (
        "safety-certificate",
        WrongKind.FAKE_CERTIFICATE,
        TipKind.TIP,
        "有人在微信群裡發廣告，說不用考試直接拿特種作業操作證（電工），全國聯網可查，收費1800元。",
        {},
    ),
    (
        "fake-training",
        WrongKind.IMPOSTOR_TRAINING,
        TipKind.TIP,
        "{place}有個「消防培訓中心」冒充消防救援大隊的名義到商鋪收培訓費，說不培訓就要罰款。",
        {"training": "雲陽縣安平消防技能培訓中心"},
    ),
]

PLACES = {
    "500235116": ["农坝镇场镇", "农坝镇新街", "农坝镇农坝村", "农坝镇锦屏社区"],
    "500235": ["云阳县双江街道", "云阳县青龙街道", "云阳县人和街道", "云阳县盘龙街道"],
    "500235105": ["龙角镇场镇"],
    "500235115": ["路阳镇场镇"],
    "500101": ["万州区高笋塘", "万州区太白街道"],
    "310115": ["浦东新区川沙新镇", "浦东新区唐镇"],
    "442000108": ["港口镇民主社区", "港口镇西街"],
}
# Every report tells its own circumstances; two of these make each demo text distinct.
DETAILS = [
    "我是上周六下午去的，店里只有老板娘一个人。",
    "现场还堆着几十箱同样的货，外包装没有厂名厂址。",
    "我拍了照片，可以提供购买小票。",
    "听邻居说已经卖了大半年了，附近好几家饭馆都在用。",
    "老板说是从万州批发市场进的货，价格比正规的便宜一半。",
    "对方收款用的是个人微信，不开发票。",
    "希望有关部门尽快去查，以免出事。",
    "店门口挂着“厂家直销”的横幅，晚上九点以后才开门。",
    "我问过消防大队的朋友，说这种产品不合格。",
    "周边学校和敬老院也在他们那里采购。",
    "宣传单上留的电话是外地号码，打过去总是占线。",
    "产品说明书错别字很多，连生产日期都没有印。",
    "有好几个工友都被他们收了钱。",
    "我担心被报复，请为我保密。",
    "网上也有人发帖说遇到过同样的情况。",
    "当时还有一辆没有标识的面包车在卸货。",
]
FAKE_HOSTS = ["zhengshu-chaxun", "nianshen-pay", "tezhong-zuoye", "anquan-peixun"]
STREETS = ["滨江路", "人民路", "新华街", "建设路", "复兴路", "和平街", "长江大道", "兴港路"]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林"
GIVEN = [
    "建国",
    "丽",
    "海燕",
    "小平",
    "志强",
    "秀英",
    "德明",
    "晓东",
    "春梅",
    "永红",
    "桂兰",
    "国庆",
    "文静",
    "俊杰",
]
CHANNELS = list(TipChannel.values)
# Where a rule's lead kind has no department in the area, the demo's staff send the tip here.
FALLBACK = ["云阳县市场监督管理局", "万州区市场监督管理局", "浦东新区市场监督管理局", "港口工商分局"]

SCHEMES = [
    {
        "name": "云阳县打假举报奖励办法（试行）",
        "division": "500235",
        "minimum": Decimal("500"),
        "cap": Decimal("100000"),
        "basis": "云安办发〔2026〕3号 附件4；参照《市场监管领域重大违法行为举报奖励暂行办法》",
        "tiers": [(0, 100000, "6"), (100000, 1000000, "4"), (1000000, None, "2")],
    },
    {
        "name": "全国默认举报奖励标准",
        "division": None,
        "minimum": Decimal("200"),
        "cap": Decimal("1000000"),
        "basis": "参照《市场监管领域重大违法行为举报奖励暂行办法》（国市监稽规〔2021〕4号）",
        "tiers": [(0, 1000000, "5"), (1000000, None, "3")],
    },
]


def _id_number(rng: random.Random, area: str) -> str:
    born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 35 * 365))
    first17 = f"{area}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_number_check_char(first17)


def _identity_code(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return (
        f"{rng.randrange(10000, 99999)}{rng.choice(letters)}{rng.choice(letters)}"
        f"{rng.randrange(10000, 99999)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def _schemes(stdout) -> None:
    # Direct, with the audit row a service would write: reward schemes are reference data edited in
    # the admin; tips has no service for them.
    for spec in SCHEMES:
        division = Division.objects.filter(code=spec["division"]).first() if spec["division"] else None
        scheme, created = RewardScheme.objects.get_or_create(
            name=spec["name"],
            defaults={
                "division": division,
                "minimum_amount": spec["minimum"],
                "cap_per_case": spec["cap"],
                "basis": spec["basis"],
            },
        )
        if created:
            for low, high, pct in spec["tiers"]:
                RewardTier.objects.create(
                    scheme=scheme,
                    fine_from=Decimal(low),
                    fine_to=Decimal(high) if high is not None else None,
                    share_percent=Decimal(pct),
                )
            audit_create(actor=ACTOR, obj=scheme, note=f"{len(spec['tiers'])} tiers")


def _plan(rng: random.Random) -> list[dict]:
    """Sixty tips: scenario, place, time, channel, identity; duplicates placed on purpose."""
    division_codes = (
        ["500235116"] * 10
        + ["500235"] * 4
        + ["500235105", "500235115"]
        + ["500101"] * 2
        + ["310115"] * 2
        + ["442000108"]
    )
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    span_days = (dt.datetime(2026, 11, 24, 17, 0, tzinfo=TZ) - start).days
    plans = []
    for i in range(60):
        scenario = SCENARIOS[i % len(SCENARIOS)]
        code = division_codes[rng.randrange(len(division_codes))]
        day = start + dt.timedelta(
            days=int(span_days * i / 60) + rng.randrange(0, 3), minutes=rng.randrange(0, 480)
        )
        plans.append({"scenario": scenario, "code": code, "at": day, "channel": CHANNELS[i % len(CHANNELS)]})
    # Duplicates: a Traditional re-telling of an earlier report, the same identity code, the same URL.
    plans[20].update(scenario=TRADITIONAL[0], code=plans[0]["code"], details_of=0, traditional=True)
    plans[25].update(scenario=TRADITIONAL[1], details_of=7, traditional=True)
    plans[45].update(scenario=TRADITIONAL[2], code=plans[11]["code"], details_of=11, traditional=True)
    plans[35]["same_identity_as"] = 17
    plans[38]["scenario"], plans[38]["same_url_as"] = SCENARIOS[9], 9
    plans[38]["url_variant"] = "https://WWW.cx-mem-gov.cn.zhengshu-chaxun.com/search/?from=baidu"
    return plans


@lru_cache(maxsize=1)
def _s2t_converter():
    import opencc

    return opencc.OpenCC("s2t")


def _s2t(text: str) -> str:
    return _s2t_converter().convert(text)


def _actor(users: dict, code: str, *, hotline: bool) -> User:
    """Who registers (hotline) and who decides in each demo area."""
    if code.startswith("500235"):
        return users["yy_hotline"] if hotline else users["yy_office"]
    for prefix, username in (("500101", "wz_officer"), ("310115", "sh_officer"), ("442000", "zs_officer")):
        if code.startswith(prefix):
            return users[username]
    raise KeyError(code)


def load(*, stdout) -> None:
    rng = random.Random(SEED)  # noqa: S311 - demo data
    _schemes(stdout)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "yy_hotline",
                "yy_office",
                "yy_officer",
                "nb_officer",
                "wz_officer",
                "sh_officer",
                "zs_officer",
            ]
        )
    }
    if len(users) < 7:
        stdout.write("tips: demo users missing (load core first); skipped")
        return
    categories = {c.code: c for c in ProductCategory.objects.all()}
    divisions = {d.code: d for d in Division.objects.filter(code__in=PLACES)}
    fallback = {
        d.division.code: d for d in Department.objects.filter(name__in=FALLBACK).select_related("division")
    }
    plans = _plan(rng)
    created = 0
    tips: dict[int, Tip] = {}
    for i, plan in enumerate(plans):
        receipt = receipt_from_seed(SEED + i)
        existing = Tip.objects.filter(receipt_digest=receipt_digest(receipt)).first()
        # The random stream is consumed the same way on every run, so reruns stay identical.
        named = rng.random() < 0.45
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        phone = f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"
        id_number = _id_number(rng, plan["code"][:6]) if rng.random() < 0.5 else ""
        identity_code = _identity_code(rng)
        cert_number = _id_number(rng, "500235")
        street = f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号"
        if existing is not None:
            tips[i] = existing
            continue
        category_code, wrong_kind, kind, text, extra = plan["scenario"]
        place = PLACES[plan["code"]][i % len(PLACES[plan["code"]])]
        j = plan.get("details_of", i)
        details = DETAILS[j % len(DETAILS)] + DETAILS[(j * 7 + 3) % len(DETAILS)]
        if plan.get("traditional"):
            details = _s2t(details)
        if "same_identity_as" in plan:
            identity_code = tips[plan["same_identity_as"]].identity_code or identity_code
        division = divisions[plan["code"]]
        hotline = plan["channel"] != TipChannel.WEB
        data = services.TipInput(
            description=text.format(place=place) + details,
            division=division,
            kind=kind,
            category=categories.get(category_code),
            wrong_kind=wrong_kind,
            product_name=extra.get("product_name", ""),
            identity_code=identity_code if extra.get("identity") or "same_identity_as" in plan else "",
            certificate_number=cert_number if extra.get("certificate") else "",
            website_url=plan.get("url_variant")
            or extra.get("url", "").format(
                n=8800 + i, host=FAKE_HOSTS[(i // len(SCENARIOS)) % len(FAKE_HOSTS)]
            ),
            training_institution=extra.get("training", ""),
            address=f"{place}{street}",
            occurred_on=demodates.on((plan["at"] - dt.timedelta(days=rng.randrange(0, 5))).date()),
            anonymous=not named,
            reporter_name=name if named else "",
            reporter_phone=phone if named else "",
            reporter_id_number=id_number if named else "",
        )
        with transaction.atomic():
            tip, _ = services.tip_submit(
                data=data,
                channel=plan["channel"],
                actor=_actor(users, plan["code"], hotline=True) if hotline else None,
                received_at=demodates.at(plan["at"]),
                receipt=receipt,
            )
            _progress(tip, plan, users, fallback, rng)
        tips[i] = tip
        created += 1
    _rewards(tips, users)
    for t in tips.values():
        t.refresh_from_db()
    closed = next((i for i, t in tips.items() if t.status == TipStatus.CLOSED and t.rewards.exists()), 0)
    waiting = max((i for i, t in tips.items() if t.status == TipStatus.RECEIVED), default=59)
    stdout.write(
        f"tips: {Tip.objects.count()} tips ({created} new), {Reward.objects.count()} rewards; demo receipt codes "
        f"for /tips/status/: {receipt_from_seed(SEED + closed)} (closed, rewarded), "
        f"{receipt_from_seed(SEED + waiting)} (awaiting acceptance)"
    )
    tips_monitors.load(stdout=stdout)  # village market monitors and their reports


def _progress(tip: Tip, plan: dict, users: dict, fallback: dict, rng: random.Random) -> None:
    """Move a demo tip along as far as its age suggests: old ones closed, recent ones waiting."""
    actor = _actor(users, plan["code"], hotline=False)
    received = plan["at"]
    age = (TODAY - received.date()).days
    local = fallback.get(plan["code"][:6]) or fallback.get(plan["code"])
    if tip.lead_department is None and local is not None and age >= 6:
        services.tip_reroute(
            tip=tip,
            actor=actor,
            department=local,
            reason="本地无对应牵头部门（职能已并入市场监管），改由市场监管部门办理",
            at=demodates.at(received + dt.timedelta(hours=3)),
        )
        tip.refresh_from_db()
    if tip.lead_department is None or age < 6:
        return  # recent: awaiting the acceptance decision
    if 25 <= age <= 45 and rng.random() < 0.5:
        return  # left waiting past its deadline: overdue on the home page
    decided = received + dt.timedelta(days=rng.randrange(1, 6), hours=2)
    if tip.duplicate_of_id is None and rng.random() < 0.1:
        services.tip_decline(
            tip=tip,
            actor=actor,
            reason="反映的情况缺少具体地址和对象，无法核查；如有新的线索欢迎再次举报。",
            note="电话回访未接通",
            at=demodates.at(decided),
        )
        return
    tip = services.tip_accept(tip=tip, actor=actor, note="材料齐全，予以受理", at=demodates.at(decided))
    # The clue the acceptance opened is registered when the tip was accepted, not when the demo loads,
    # so that monthly reports count it in its month (the service stamps the clue with the real time).
    Clue.objects.filter(pk=tip.clue_id, created_at__gt=demodates.at(decided)).update(
        created_at=demodates.at(decided)
    )
    if age < 20:
        return
    tip = services.tip_transition(
        tip=tip,
        to=TipStatus.HANDLING,
        actor=actor,
        note="已派员现场核查",
        at=demodates.at(decided + dt.timedelta(days=3)),
    )
    if age < 50:
        return
    services.tip_note(
        tip=tip,
        actor=actor,
        note="现场检查发现涉嫌问题产品，已先行登记保存。",
        at=demodates.at(decided + dt.timedelta(days=5)),
    )
    tip = services.tip_reply(
        tip=tip,
        actor=actor,
        text="经核查，您反映的情况属实，执法部门已依法立案查处，感谢您的监督。",
        note="现场查扣问题产品，已立案",
        at=demodates.at(decided + dt.timedelta(days=20)),
    )
    if age > 80:
        services.tip_close(
            tip=tip,
            actor=actor,
            public_text="案件已依法处理，本件办结。",
            at=demodates.at(decided + dt.timedelta(days=30)),
        )


def _rewards(tips: dict[int, Tip], users: dict) -> None:
    """A few rewards in each state: proposed (awaiting approval), approved, paid."""
    candidates = [
        t
        for t in Tip.objects.filter(pk__in=[t.pk for t in tips.values()], division__code__startswith="500235")
        .filter(
            status__in=[TipStatus.CLOSED, TipStatus.REPLIED], clue__isnull=False, duplicate_of__isnull=True
        )
        .order_by("received_at")
    ]
    fines = [Decimal("30000"), Decimal("150000"), Decimal("8000"), Decimal("2500000"), Decimal("60000")]
    wanted = [
        RewardStatus.PAID,
        RewardStatus.PAID,
        RewardStatus.APPROVED,
        RewardStatus.PROPOSED,
        RewardStatus.PROPOSED,
    ]
    for tip, fine, target in zip(candidates, fines, wanted, strict=False):
        if tip.rewards.exists():
            continue
        with transaction.atomic():
            reward = reward_services.reward_propose(
                tip=tip,
                actor=users["yy_officer"],
                fine_amount=fine,
                case_reference=f"云市监处罚〔2026〕{100 + tip.pk}号",
                note="举报内容与查处结果一致，举报人首报",
            )
            if target in (RewardStatus.APPROVED, RewardStatus.PAID):
                reward = reward_services.reward_approve(reward=reward, actor=users["yy_office"], note="同意")
            if target == RewardStatus.PAID:
                reward_services.reward_pay(
                    reward=reward,
                    actor=users["yy_office"],
                    paid_on=timezone.localdate(),
                    method="bank_transfer",
                    reference=f"YYCZ2026{reward.pk:05d}",
                )
