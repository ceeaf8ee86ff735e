"""Demo registry: enterprises and units, three training institutions (one impostor, seed 000),
fire products with batches and ~2,000 identity codes, ~300 work-safety certificates.

Idempotent: every record has a natural key (credit code, product key, code, certificate number)
and only missing records are created, in bulk, with one audit summary row per kind. Dates are
authored around 2026-11-25 and placed relative to today (zhenwei.demo.demodates); numbers and batch
numbers that embed a year keep it.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department, Division
from zhenwei.core.text import normalize
from zhenwei.core.validators import id_number_check_char, uscc_check_char
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR
from zhenwei.registry.choices import (
    AccessKind,
    CertificateKind,
    CertificateStatus,
    CodeFormat,
    CodeStatus,
    FindingStatus,
    InstitutionNature,
)
from zhenwei.registry.models import (
    Certificate,
    Enterprise,
    IdentityCode,
    InstitutionFinding,
    Product,
    ProductBatch,
    ProductSale,
    Trainer,
    TrainingCourse,
    TrainingEvent,
    TrainingInstitution,
)
from zhenwei.registry.services import enterprise_save, institution_child_add, institution_save, product_save
from zhenwei.registry.validators import holder_id_hash

TODAY = demodates.AUTHORED_TODAY  # the authored present: ages and stages are reckoned there

# (name, division code, kind, address, legal representative, domains, uscc prefix)
ENTERPRISES = [
    ("云阳县农坝镇中心小学", "500235116", "school", "云阳县农坝镇农坝街88号", "陈德明", "use", "12"),
    ("云阳县农坝中学", "500235116", "school", "云阳县农坝镇新街12号", "刘华强", "use", "12"),
    ("云阳县农坝镇卫生院", "500235116", "hospital", "云阳县农坝镇农坝街102号", "谭清云", "use", "12"),
    ("云阳县农坝镇敬老院", "500235116", "elderly_care", "云阳县农坝镇团结村3组", "向明秀", "use", "12"),
    ("云阳县康宁养老服务中心", "500235116", "elderly_care", "云阳县农坝镇新街45号", "冉光辉", "use", "52"),
    (
        "云阳县农坝镇兴旺农贸市场",
        "500235116",
        "market",
        "云阳县农坝镇农坝街1号",
        "彭家友",
        "circulation",
        "92",
    ),
    (
        "云阳县农坝镇宏发建材经营部",
        "500235116",
        "retailer",
        "云阳县农坝镇新街78号",
        "李宏发",
        "circulation",
        "92",
    ),
    (
        "云阳县农坝镇惠民超市",
        "500235116",
        "retailer",
        "云阳县农坝镇农坝街56号",
        "张玉兰",
        "circulation",
        "92",
    ),
    (
        "重庆农坝茶业有限公司",
        "500235116",
        "industrial",
        "云阳县农坝镇茶园村",
        "余长青",
        "production,use",
        "91",
    ),
    ("云阳县人民医院", "500235", "hospital", "云阳县双江街道建设路1号", "黄振华", "use", "12"),
    ("云阳县中医院", "500235", "hospital", "云阳县青龙街道滨江大道66号", "郑一鸣", "use", "12"),
    ("云阳县第一中学", "500235", "school", "云阳县双江街道环湖路99号", "杨光明", "use", "12"),
    ("云阳县实验小学", "500235", "school", "云阳县青龙街道书院路8号", "周丽娟", "use", "12"),
    ("云阳县社会福利院", "500235", "elderly_care", "云阳县双江街道福寿路16号", "邓红梅", "use", "12"),
    ("云阳县夕阳红养老院", "500235", "elderly_care", "云阳县青龙街道长寿路23号", "何永福", "use", "52"),
    (
        "重庆云阳盐化有限公司",
        "500235",
        "industrial",
        "云阳县云阳镇工业园区A区",
        "罗建国",
        "production,use",
        "91",
    ),
    (
        "云阳县长江机械制造有限公司",
        "500235",
        "industrial",
        "云阳县人和街道工业园区12号",
        "王志刚",
        "production",
        "91",
    ),
    (
        "云阳县万家福商贸有限公司",
        "500235",
        "trading",
        "云阳县双江街道滨江路128号",
        "吴海燕",
        "circulation",
        "91",
    ),
    (
        "云阳县安达消防器材经营部",
        "500235",
        "retailer",
        "云阳县双江街道建设路45号",
        "彭安达",
        "circulation",
        "92",
    ),
    ("云阳县双江物流园", "500235", "logistics", "云阳县双江街道物流大道1号", "张德顺", "circulation", "91"),
    ("云阳县顺丰速运营业部", "500235", "logistics", "云阳县青龙街道青龙路9号", "李顺", "circulation", "91"),
    (
        "云阳县滨江花园二期建设项目部",
        "500235",
        "construction",
        "云阳县双江街道滨江大道",
        "胡建军",
        "construction",
        "91",
    ),
    (
        "重庆云建建设集团有限公司",
        "500235",
        "construction",
        "云阳县青龙街道建设路200号",
        "苏云建",
        "construction",
        "91",
    ),
    (
        "云阳县百货大楼",
        "500235",
        "public_venue",
        "云阳县青龙街道商业街1号",
        "钟文华",
        "circulation,use",
        "91",
    ),
    (
        "重庆万州三峡消防设备有限公司",
        "500101",
        "manufacturer",
        "万州区高峰镇工业园5号",
        "谢长江",
        "production",
        "91",
    ),
    ("万州区第二高级中学", "500101", "school", "万州区高笋塘街道学府路3号", "孙德胜", "use", "12"),
    ("重庆三峡医院", "500101", "hospital", "万州区新城路165号", "冯医生", "use", "12"),
    ("万州区万达广场商业管理有限公司", "500101", "public_venue", "万州区北山大道", "邱明", "use", "91"),
    ("万州区恒通物流有限公司", "500101", "logistics", "万州区高峰物流园", "田恒通", "circulation", "91"),
    (
        "上海浦安消防科技有限公司",
        "310115",
        "manufacturer",
        "上海市浦东新区川沙路1888号",
        "施浦安",
        "production",
        "91",
    ),
    (
        "上海东方安全设备制造有限公司",
        "310115",
        "manufacturer",
        "上海市浦东新区康桥东路99号",
        "顾东方",
        "production",
        "91",
    ),
    ("上海浦东新区金杨养老院", "310115", "elderly_care", "上海市浦东新区金杨路500号", "陆美华", "use", "52"),
    (
        "上海浦东国际机场货运站",
        "310115",
        "logistics",
        "上海市浦东新区机场大道",
        "严国际",
        "circulation",
        "91",
    ),
    (
        "上海张江高科建设项目部",
        "310115",
        "construction",
        "上海市浦东新区张江路",
        "蒋高科",
        "construction",
        "91",
    ),
    (
        "中山市港口镇安信消防器材厂",
        "442000108",
        "manufacturer",
        "中山市港口镇兴港大道12号",
        "梁安信",
        "production",
        "91",
    ),
    (
        "中山市港口镇明辉灯饰有限公司",
        "442000108",
        "manufacturer",
        "中山市港口镇沙港西路33号",
        "冯明辉",
        "production",
        "91",
    ),
    (
        "中山市港口镇盛达消防设备有限公司",
        "442000108",
        "manufacturer",
        "中山市港口镇木河迳东路8号",
        "黄盛达",
        "production",
        "91",
    ),
    ("中山市港口中学", "442000108", "school", "中山市港口镇世纪东路2号", "梁志远", "use", "12"),
    (
        "中山市港口镇华星电商有限公司",
        "442000108",
        "ecommerce",
        "中山市港口镇民主社区",
        "杜华星",
        "circulation",
        "91",
    ),
    (
        "中山市港口镇百佳批发市场",
        "442000108",
        "market",
        "中山市港口镇港口大道",
        "林百佳",
        "circulation",
        "92",
    ),
]

# (manufacturer, category code, product name, model, access kind, certificate no.)
PRODUCTS = [
    (
        "重庆万州三峡消防设备有限公司",
        "fire-extinguisher",
        "手提式干粉灭火器",
        "MFZ/ABC4",
        "ccc",
        "2026081801000123",
    ),
    (
        "重庆万州三峡消防设备有限公司",
        "fire-extinguisher",
        "手提式干粉灭火器",
        "MFZ/ABC8",
        "ccc",
        "2026081801000124",
    ),
    (
        "重庆万州三峡消防设备有限公司",
        "fire-extinguisher",
        "推车式干粉灭火器",
        "MFTZ/ABC35",
        "ccc",
        "2026081801000125",
    ),
    (
        "上海浦安消防科技有限公司",
        "fire-extinguisher",
        "手提式水基型灭火器",
        "MSZ/3",
        "ccc",
        "2025081801002201",
    ),
    ("上海浦安消防科技有限公司", "fire-blanket", "灭火毯", "MT-1.2×1.2", "type_test", "沪检字2025-0331"),
    (
        "上海浦安消防科技有限公司",
        "escape-respirator",
        "过滤式消防自救呼吸器",
        "TZL30",
        "ccc",
        "2025081803000417",
    ),
    (
        "上海东方安全设备制造有限公司",
        "escape-descender",
        "逃生缓降器",
        "HJD-30",
        "technical_appraisal",
        "TJ2024-0186",
    ),
    (
        "上海东方安全设备制造有限公司",
        "smoke-alarm",
        "独立式感烟火灾探测报警器",
        "JTY-GD-DF01",
        "ccc",
        "2024081801005521",
    ),
    (
        "中山市港口镇安信消防器材厂",
        "emergency-sign-lamp",
        "消防应急标志灯具",
        "AX-BLJC-1LROEⅠ1W",
        "ccc",
        "2025081802001178",
    ),
    (
        "中山市港口镇安信消防器材厂",
        "emergency-lighting",
        "消防应急照明灯具",
        "AX-ZFJC-E3W",
        "ccc",
        "2025081802001179",
    ),
    (
        "中山市港口镇明辉灯饰有限公司",
        "emergency-lighting",
        "消防应急照明灯具",
        "MH-ZFZD-E5W",
        "ccc",
        "2025081802003390",
    ),
    (
        "中山市港口镇盛达消防设备有限公司",
        "fire-door",
        "钢质隔热防火门",
        "GFM-1021-dk5A1.50(甲级)",
        "ccc",
        "2024081804000762",
    ),
    (
        "中山市港口镇盛达消防设备有限公司",
        "fire-shutter",
        "钢质防火卷帘",
        "GFJ-300300-F2-C2-D-80",
        "ccc",
        "2024081804000763",
    ),
    (
        "中山市港口镇盛达消防设备有限公司",
        "fire-hose",
        "有衬里消防水带",
        "13-65-25-聚氨酯",
        "ccc",
        "2024081805000091",
    ),
    ("重庆万州三峡消防设备有限公司", "fire-sticker", "灭火贴", "MTT-0.2", "type_test", "渝检字2026-0098"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉鹏飞玉兰云海波春梅德成林东晓燕龙宇兵斌亮琴凤霞家祥永福光荣"

SPECIAL_ITEMS = [
    ("电工作业", "低压电工作业"),
    ("电工作业", "高压电工作业"),
    ("焊接与热切割作业", "熔化焊接与热切割作业"),
    ("高处作业", "登高架设作业"),
    ("高处作业", "高处安装、维护、拆除作业"),
    ("制冷与空调作业", "制冷与空调设备运行操作作业"),
    ("危险化学品安全作业", "氯碱电解工艺作业"),
    ("烟花爆竹安全作业", "烟火药制造作业"),
]

AUTHORITY = {
    "500235": "重庆市云阳县应急管理局",
    "500235116": "重庆市云阳县应急管理局",
    "500101": "重庆市万州区应急管理局",
    "310115": "上海市浦东新区应急管理局",
    "442000108": "中山市应急管理局",
}


def _uscc(prefix: str, division_code: str, n: int) -> str:
    first17 = f"{prefix}{division_code[:6]}{n:09d}"
    return first17 + uscc_check_char(first17)


def _fire_mark(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return (
        f"{rng.randrange(100000):05d}{rng.choice(letters)}{rng.choice(letters)}"
        f"{rng.randrange(100000):05d}{rng.choice(letters)}{rng.choice(letters)}"
    )


def _summary(model: str, counts: dict) -> None:
    if any(counts.values()):
        audit_record(
            actor=ACTOR, action=AuditAction.IMPORT, model=model, object_repr="demo data", after=counts
        )


def _enterprises(divisions: dict[str, Division]) -> dict[str, Enterprise]:
    """The units of the ledger, registered through enterprise_save like an officer would."""
    existing = set(Enterprise.objects.filter(uscc__isnull=False).values_list("uscc", flat=True))
    for n, (name, code, kind, address, legal, domains, prefix) in enumerate(ENTERPRISES, start=1):
        if code not in divisions:
            continue
        uscc = _uscc(prefix, code, 20260000 + n)
        if uscc in existing:
            continue
        flags = {f"is_{d}": True for d in domains.split(",")}
        enterprise_save(
            actor=ACTOR,
            data={
                "name": name,
                "uscc": uscc,
                "division": divisions[code],
                "address": address,
                "kind": kind,
                "legal_representative": legal,
                "contact_name": legal,
                "contact_phone": f"1{3 + n % 7}{n:02d}{(n * 7919) % 10000000:07d}"[:11],
                **flags,
            },
        )
    return {e.name: e for e in Enterprise.objects.filter(name__in=[row[0] for row in ENTERPRISES])}


def _products(enterprises: dict[str, Enterprise]) -> int:
    rng = random.Random(2026)
    categories = {c.code: c for c in ProductCategory.objects.all()}
    created_products = 0
    products = []
    for maker, cat, name, model, access, cert in PRODUCTS:
        manufacturer = enterprises.get(maker)
        if manufacturer is None or cat not in categories:
            continue
        key = {"category": categories[cat], "manufacturer_name": maker, "name": name, "model": model}
        product = Product.objects.filter(**key).first()
        if product is None:
            product = product_save(
                actor=ACTOR,
                data={
                    **key,
                    "manufacturer": manufacturer,
                    "manufacturer_uscc": manufacturer.uscc,
                    "access_kind": AccessKind(access),
                    "access_certificate_no": cert,
                    "division": manufacturer.division,
                },
            )
            created_products += 1
        products.append(product)
    batches = []
    for product in products:
        for b in range(3):
            produced = dt.date(2025, 9, 1) + dt.timedelta(days=75 * b + product.pk % 30)
            # Direct: registry has no batch service (batches come with the product-code import).
            batch, _ = ProductBatch.objects.get_or_create(
                product=product,
                batch_no=f"{produced:%Y%m%d}{b + 1:02d}",
                defaults={"produced_on": demodates.on(produced), "quantity": 5000},
            )
            batches.append(batch)
    existing = set(IdentityCode.objects.values_list("code", flat=True))
    codes, seen = [], set()
    now = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    for i in range(2000):
        batch = batches[i % len(batches)] if batches else None
        if batch is None:
            break
        code = _fire_mark(rng)
        roll = rng.random()
        if code in existing or code in seen:
            continue
        seen.add(code)
        status = (
            CodeStatus.REVOKED
            if roll < 0.03
            else CodeStatus.RECALLED
            if roll < 0.05
            else CodeStatus.DESTROYED
            if roll < 0.06
            else CodeStatus.ACTIVE
        )
        codes.append(
            IdentityCode(
                code=code,
                code_format=CodeFormat.FIRE_MARK,
                product_id=batch.product_id,
                batch=batch,
                status=status,
                status_changed_at=None
                if status == CodeStatus.ACTIVE
                else demodates.at(now - dt.timedelta(days=i % 200)),
            )
        )
    # A bulk path, like the product-code import: one audit summary for the lot (_summary).
    IdentityCode.objects.bulk_create(codes, batch_size=1000)
    _summary("registry.identitycode", {"products": created_products, "codes": len(codes)})
    return len(codes)


def _person(rng: random.Random, division_code: str) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(35 * 365))
    first17 = f"{division_code[:6]}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return name, first17 + id_number_check_char(first17)


def _certificates(enterprises: dict[str, Enterprise], divisions: dict[str, Division]) -> int:
    rng = random.Random(11643)
    employers = [e for e in enterprises.values() if e.division.code in AUTHORITY]
    existing = set(Certificate.objects.values_list("number", flat=True))
    new = []
    for i in range(300):
        employer = employers[i % len(employers)]
        name, id_number = _person(rng, employer.division.code)
        roll = rng.random()
        if roll < 0.7:
            kind = CertificateKind.SPECIAL_OPERATION
            category, item = rng.choice(SPECIAL_ITEMS)
            number = f"T{id_number}"
            years = 6
        else:
            kind = CertificateKind.PRINCIPAL if roll < 0.85 else CertificateKind.SAFETY_MANAGER
            category, item = "", ""
            number = f"{'A' if kind == CertificateKind.PRINCIPAL else 'B'}{employer.division.code[:6]}{2020 + i % 7}{i:05d}"
            years = 3
        # Draw every random value before skipping an existing record, so a re-run draws the same.
        issued = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365 - 30))
        if number in existing:
            continue
        expires = issued + dt.timedelta(days=365 * years + years // 4) - dt.timedelta(days=1)
        status = CertificateStatus.VALID
        if expires < TODAY and i % 3:
            status = CertificateStatus.EXPIRED  # else stays "valid" on record: effective_status says expired
        if i % 37 == 5:
            status = CertificateStatus.REVOKED
        elif i % 41 == 7:
            status = CertificateStatus.SUSPENDED
        division = divisions.get(employer.division.code[:6]) or employer.division
        placed = demodates.period(issued, expires)  # the status above is reckoned in the authored calendar
        new.append(
            Certificate(
                number=number,
                kind=kind,
                operation_category=category,
                operation_item=item,
                holder_name=name,
                holder_name_normalized=normalize(name),
                holder_id_number=id_number,
                holder_id_hash=holder_id_hash(id_number),
                authority=AUTHORITY[employer.division.code],
                issued_on=placed[0],
                expires_on=placed[1],
                status=status,
                employer=employer,
                division=division,
            )
        )
        existing.add(number)
    # A bulk path, like the certificate import: one audit summary for the lot (_summary).
    Certificate.objects.bulk_create(new, batch_size=500)
    _summary("registry.certificate", {"created": len(new)})
    return len(new)


INSTITUTIONS = [
    {
        "name": "云阳县消防救援大队消防科普教育基地",
        "nature": InstitutionNature.OFFICIAL,
        "division": "500235",
        "address": "云阳县双江街道消防站内",
        "claimed": "",
        "description": "官方消防宣传教育阵地，免费开展消防常识培训，不销售任何产品。",
        "trainers": [("谭志勇", "云阳县消防救援大队宣传干事", "云阳县消防救援大队宣传干事", False)],
        "courses": [("家庭消防安全常识", "火灾报警、初起火灾扑救、疏散逃生", None, False)],
        "events": [("2026-04-12", "云阳县农坝镇中心小学", "云阳县农坝镇中心小学", "全校师生", 620, None)],
        "sales": [],
        "findings": [],
    },
    {
        "name": "重庆安邦消防职业技能培训学校有限公司",
        "nature": InstitutionNature.REGISTERED,
        "division": "500235",
        "address": "云阳县青龙街道建设路88号",
        "claimed": "",
        "description": "依法登记的职业技能培训机构，开展消防设施操作员培训。",
        "trainers": [("邓立新", "消防设施操作员培训讲师", "持高级消防设施操作员证书", False)],
        "courses": [("消防设施操作员（初级）", "消防设施操作、维护保养", Decimal("1800.00"), False)],
        "events": [("2026-06-20", "云阳县人民医院", "云阳县人民医院", "后勤保卫人员", 45, Decimal("0"))],
        "sales": [
            (
                "fire-extinguisher",
                "手提式干粉灭火器 MFZ/ABC4",
                10,
                Decimal("85.00"),
                False,
                "培训现场推销，价格正常",
            )
        ],
        "findings": [
            (
                "培训中推销消防产品",
                "培训现场向受训单位推销灭火器，已责令停止。",
                "2026-06-25",
                "rectified",
                "已书面承诺不再在培训中推销产品",
            ),
        ],
    },
    {
        "name": "国安消防安全培训中心",
        "nature": InstitutionNature.IMPOSTOR,
        "division": "500235116",
        "address": "无固定场所（流动授课）",
        "claimed": "自称“云阳县消防大队培训中心”",
        "description": "冒用消防部门名义上门“培训”，以检查为名向学校、养老机构高价兜售灭火毯、灭火器、逃生缓降器。",
        "trainers": [
            ("刘某军", "自称县消防大队教官，出示伪造工作证", "无业人员，非消防救援人员", True),
            ("陈某", "自称消防监督员", "某商贸公司销售员", True),
        ],
        "courses": [
            (
                "消防安全检查培训",
                "宣称“不配备指定产品即属违法”，讲授错误的灭火贴使用方法",
                Decimal("50.00"),
                True,
            ),
        ],
        "events": [
            (
                "2026-03-18",
                "云阳县农坝镇敬老院",
                "云阳县农坝镇敬老院",
                "工作人员及老人",
                38,
                Decimal("1900.00"),
            ),
            (
                "2026-05-09",
                "云阳县康宁养老服务中心",
                "云阳县康宁养老服务中心",
                "护理人员",
                22,
                Decimal("1100.00"),
            ),
            ("2026-09-15", "云阳县农坝镇惠民超市", "云阳县农坝镇惠民超市", "店员", 9, Decimal("450.00")),
        ],
        "sales": [
            ("fire-blanket", "灭火毯（无标识）", 40, Decimal("198.00"), True, "市场价约30元"),
            ("escape-descender", "逃生缓降器（无身份证标志）", 6, Decimal("680.00"), True, ""),
            ("fire-sticker", "灭火贴", 120, Decimal("38.00"), True, "宣称可替代灭火器"),
        ],
        "findings": [
            (
                "冒充国家机关工作人员",
                "培训人员冒充消防救援人员，已移交农坝派出所。",
                "2026-03-20",
                "open",
                "",
            ),
            (
                "高价兜售无标识消防产品",
                "兜售的灭火毯、缓降器无消防产品身份证标志，已抽样送检。",
                "2026-03-20",
                "open",
                "",
            ),
            (
                "散播虚假消防知识",
                "宣称灭火贴可替代灭火器。",
                "2026-05-10",
                "rectified",
                "已在农坝镇开展辟谣宣传",
            ),
            ("虚假宣传", "以“上级要求”为名强制购买。", "2026-09-16", "closed", "江口市场监管所已立案查处"),
        ],
    },
]


def _institutions(enterprises: dict[str, Enterprise], divisions: dict[str, Division]) -> int:
    """The training-institution ledger, written through the ledger's services like an officer would."""
    categories = {c.code: c for c in ProductCategory.objects.all()}
    responsible = Department.objects.filter(division__code="500235116", kind__code="emergency").first()
    created = 0
    for spec in INSTITUTIONS:
        division = divisions.get(spec["division"])
        if division is None or TrainingInstitution.objects.filter(name=spec["name"]).exists():
            continue
        created += 1
        inst = institution_save(
            actor=ACTOR,
            data={
                "name": spec["name"],
                "nature": spec["nature"],
                "division": division,
                "address": spec["address"],
                "claimed_affiliation": spec["claimed"],
                "description": spec["description"],
            },
        )

        def add(model, inst=inst, **data):
            return institution_child_add(actor=ACTOR, institution=inst, model=model, data=data)

        trainers = [
            add(Trainer, name=n, claimed_identity=c, verified_identity=v, impersonates_official=imp)
            for n, c, v, imp in spec["trainers"]
        ]
        courses = [
            add(TrainingCourse, title=t, content=c, fee=f, has_false_content=false)
            for t, c, f, false in spec["courses"]
        ]
        events = []
        for held, place, host, audience, count, fee in spec["events"]:
            host_ent = enterprises.get(host)
            event = add(
                TrainingEvent,
                course=courses[0] if courses else None,
                held_on=demodates.on(dt.date.fromisoformat(held)),
                place=place,
                division=host_ent.division if host_ent else division,
                host_enterprise=host_ent,
                audience=audience,
                attendees=count,
                fee_collected=fee,
            )
            # Direct: institution_child_add takes no trainers; the API sets them the same way after it.
            event.trainers.set(trainers)
            events.append(event)
        for cat, product, qty, price, fake, note in spec["sales"]:
            add(
                ProductSale,
                event=events[0] if events else None,
                category=categories.get(cat),
                product_name=product,
                quantity=qty,
                unit_price=price,
                suspected_fake=fake,
                note=note,
            )
        for title, desc, found, status, resolution in spec["findings"]:
            found_on = demodates.on(dt.date.fromisoformat(found))
            add(
                InstitutionFinding,
                title=title,
                description=desc,
                found_on=found_on,
                rectify_by=found_on + dt.timedelta(days=30),
                responsible=responsible,
                status=FindingStatus(status),
                resolution=resolution,
            )
    _summary("registry.traininginstitution", {"created": created})
    return created


def load(*, stdout) -> None:
    divisions = {
        d.code: d
        for d in Division.objects.filter(
            code__in={"500235", "500235116", "500101", "310115", "442000108", "442000"}
        )
    }
    with transaction.atomic():
        enterprises = _enterprises(divisions)
        codes = _products(enterprises)
        certificates = _certificates(enterprises, divisions)
        institutions = _institutions(enterprises, divisions)
    stdout.write(
        f"registry: {Enterprise.objects.count()} enterprises, {Product.objects.count()} products, "
        f"{IdentityCode.objects.count()} identity codes (+{codes}), {Certificate.objects.count()} certificates "
        f"(+{certificates}), {TrainingInstitution.objects.count()} training institutions (+{institutions})"
    )
