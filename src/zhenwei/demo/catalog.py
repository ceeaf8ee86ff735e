"""Product categories of the seeds and seed 004's table of lead and cooperating departments.

The categories also come from the data migration ``0002_product_categories`` (a fresh production
install must have them); get_or_create by code keeps this loader idempotent after it. The routing
rules stay here: they point at department kinds, which the core demo creates, not a migration.
"""

from django.db import transaction

from zhenwei.catalog.models import ProductCategory, RoutingRule
from zhenwei.core.audit import audit_create
from zhenwei.core.models import DepartmentKind
from zhenwei.demo.actor import ACTOR

# code, name, English, parent code, is fire product
CATEGORIES = [
    ("fire-products", "消防产品", "Fire products", None, True),
    ("fire-extinguisher", "灭火器", "Fire extinguisher", "fire-products", True),
    ("fire-blanket", "灭火毯", "Fire blanket", "fire-products", True),
    ("escape-descender", "逃生缓降器", "Escape descender", "fire-products", True),
    ("fire-sticker", "灭火贴", "Fire-extinguishing sticker", "fire-products", True),
    ("escape-respirator", "过滤式消防自救呼吸器", "Filter self-rescue respirator", "fire-products", True),
    ("smoke-alarm", "独立式火灾探测报警器", "Standalone fire detector alarm", "fire-products", True),
    ("emergency-sign-lamp", "消防应急标志灯具", "Emergency exit sign lamp", "fire-products", True),
    ("emergency-lighting", "消防应急照明灯具", "Emergency lighting", "fire-products", True),
    ("fire-door", "防火门", "Fire door", "fire-products", True),
    ("fire-shutter", "防火卷帘", "Fire shutter", "fire-products", True),
    ("fire-hose", "消防水带", "Fire hose", "fire-products", True),
    ("food-drug", "食品药品（含化妆品）", "Food and drugs (incl. cosmetics)", None, False),
    ("agri-inputs", "农资", "Agricultural inputs", None, False),
    ("building-materials", "建材", "Building materials", None, False),
    ("children-products", "儿童用品（含玩具）", "Children's products and toys", None, False),
    ("clothing", "服装", "Clothing", None, False),
    ("appliances", "燃气灶具、小家电", "Gas stoves and small appliances", None, False),
    ("lamps", "灯具", "Lamps", None, False),
    ("auto-parts", "汽车零配件", "Auto parts", None, False),
    ("e-commerce", "电子商务产品", "E-commerce goods", None, False),
    ("safety-certificate", "安全生产证书", "Work-safety certificates", None, False),
    ("fake-website", "假冒政府网站", "Fake government websites", None, False),
    ("fake-training", "冒牌消防培训", "Impostor fire-safety training", None, False),
]

# category code, lead kind, cooperating kinds, domain (blank = any). Seed 004 (中港府办〔2017〕74号) § 三.
TIP_RULES = [
    ("food-drug", "food_drug", ["police", "agriculture", "commerce", "quality", "industry"], ""),
    ("agri-inputs", "agriculture", ["commerce", "quality", "industry"], ""),
    ("building-materials", "housing", ["commerce", "quality"], ""),
    ("children-products", "quality", ["police", "publicity", "commerce", "industry"], ""),
    ("clothing", "quality", ["police"], "production"),
    ("clothing", "commerce", ["police"], ""),
    ("appliances", "quality", ["police", "commerce"], ""),
    ("lamps", "quality", ["police", "industry"], "production"),
    ("lamps", "commerce", ["police", "industry"], ""),
    ("auto-parts", "transport", ["police", "quality"], ""),
    ("e-commerce", "commerce", ["development", "police", "transport", "quality"], ""),
    # Seeds 000/001/003: fire products by domain; the town's emergency office leads where no one else is.
    ("fire-products", "market", ["fire", "police"], "production"),
    ("fire-products", "market", ["fire", "police"], "circulation"),
    ("fire-products", "housing", ["market", "fire"], "construction"),
    ("fire-products", "fire", ["market", "police"], "use"),
    ("fire-products", "emergency", ["market", "police"], ""),
    # Seed 002: 12350 tips on fake certificates and fake websites go to emergency management, police strike.
    ("safety-certificate", "emergency", ["police"], ""),
    ("fake-website", "emergency", ["cyber_police", "police"], ""),
    ("fake-training", "emergency", ["police", "market", "social_affairs"], ""),
]


# Direct, with the audit row a service would write: categories and routing rules are reference data
# edited in the admin (audited there); catalog has no write service for them.
def _rule(purpose, category, kind, role, domain="", outcome="", source_kind=None, note=""):
    rule, created = RoutingRule.objects.get_or_create(
        purpose=purpose,
        category=category,
        division=None,
        domain=domain,
        outcome=outcome,
        source_department_kind=source_kind,
        department_kind=kind,
        role=role,
        defaults={"note": note},
    )
    if created:
        audit_create(actor=ACTOR, obj=rule)
    return rule


def load(*, stdout) -> None:
    with transaction.atomic():
        by_code = {}
        for code, name, en, parent, fire in CATEGORIES:
            category, created = ProductCategory.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "name_en": en,
                    "parent": by_code.get(parent),
                    "is_fire_product": fire,
                    "sort": len(by_code) * 10,
                },
            )
            if created:
                audit_create(actor=ACTOR, obj=category)
            by_code[code] = category
        kinds = {k.code: k for k in DepartmentKind.objects.all()}
        for purpose in ("tip", "clue"):
            for cat, lead, cooperating, domain in TIP_RULES:
                _rule(
                    purpose,
                    by_code[cat],
                    kinds[lead],
                    "lead",
                    domain=domain,
                    note="中港府办〔2017〕74号 / 消防产品分工",
                )
                for kind in cooperating:
                    _rule(purpose, by_code[cat], kinds[kind], "cooperate", domain=domain)
        # Seed 001: every market-supervision result is copied to fire and rescue; an unqualified
        # use-domain product to market supervision and to the certification body.
        _rule(
            "inspection_result",
            by_code["fire-products"],
            kinds["fire"],
            "copy",
            source_kind=kinds["market"],
            note="沪市监〔2024〕抽查结果抄送消防救援",
        )
        _rule(
            "inspection_result",
            by_code["fire-products"],
            kinds["market"],
            "copy",
            domain="use",
            outcome="unqualified",
            note="使用领域不合格抄送市场监管",
        )
        _rule(
            "inspection_result",
            by_code["fire-products"],
            kinds["certification"],
            "copy",
            domain="use",
            outcome="unqualified",
            note="使用领域不合格抄送认证机构",
        )
        _rule(
            "inspection_result",
            by_code["fire-products"],
            kinds["market"],
            "copy",
            domain="construction",
            outcome="unqualified",
            note="建设领域不合格移交市场监管",
        )
        _rule(
            "inspection_result",
            by_code["fire-products"],
            kinds["fire"],
            "copy",
            domain="construction",
            outcome="unqualified",
            note="建设领域不合格移交消防救援",
        )
    stdout.write(
        f"catalog: {ProductCategory.objects.count()} categories, {RoutingRule.objects.count()} routing rules"
    )
