"""Demo market monitors (村组市场监督员, seed 004) in 农坝镇, 云阳县, 万州区 and 港口镇, and reports
some of them made, entered by an officer of the division as tips (channel "market monitor") and
routed like any tip. Dates relative to today; idempotent (by name and village, and by description)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.models import Department, User
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR
from zhenwei.tips.choices import WrongKind
from zhenwei.tips.models import MarketMonitor, Tip
from zhenwei.tips.monitors import monitor_create, monitor_report_submit
from zhenwei.tips.services import TipInput

# name, village or community, managing department, phone, appointed on, active
MONITORS = [
    ("谭春梅", "农坝镇茶园村", "江口市场监管所", "13896001234", dt.date(2025, 3, 1), True),
    ("向国华", "农坝镇龙洞村", "江口市场监管所", "13896005678", dt.date(2025, 3, 1), True),
    ("冉小林", "农坝镇场镇社区", "江口市场监管所", "", dt.date(2024, 4, 15), False),
    ("黄德明", "青龙街道滨江社区", "云阳县市场监督管理局", "13708231122", dt.date(2026, 1, 10), True),
    ("牟红", "万州区高笋塘街道", "万州区市场监督管理局", "13594003344", dt.date(2026, 2, 20), True),
    ("梁锦添", "港口镇石特社区", "港口工商分局", "13926005566", dt.date(2017, 8, 20), True),
]

# monitor, officer entering it, category code, wrong kind, subject, product, place, authored day, text
REPORTS = [
    (
        "谭春梅",
        "nb_officer",
        "fire-extinguisher",
        WrongKind.COUNTERFEIT,
        "流动商贩（自称县消防培训中心）",
        "手提式干粉灭火器",
        "农坝镇茶园村村委会坝子",
        dt.date(2026, 11, 23),
        "有人以“消防安全培训”为名在村里兜售灭火器，每具180元，灭火器无身份标识码，村民已买约二十具。",
    ),
    (
        "向国华",
        "nb_officer",
        "fire-blanket",
        WrongKind.SUBSTANDARD,
        "龙洞村小卖部",
        "灭火毯",
        "农坝镇龙洞村3组小卖部",
        dt.date(2026, 10, 9),
        "小卖部在售灭火毯无厂名厂址，包装上无合格证，价格明显低于市场价。",
    ),
    (
        "黄德明",
        "yy_officer",
        "smoke-alarm",
        WrongKind.SUBSTANDARD,
        "滨江社区便民超市",
        "独立式感烟火灾探测报警器",
        "青龙街道滨江社区便民超市",
        dt.date(2026, 11, 10),
        "社区火灾后居民集中购买烟感报警器，超市所售报警器无3C标志，试按无声音。",
    ),
    (
        "牟红",
        "wz_officer",
        "fire-products",
        WrongKind.COUNTERFEIT,
        "高笋塘某五金店",
        "消防水带、灭火器",
        "万州区高笋塘街道某五金店",
        dt.date(2026, 9, 28),
        "五金店销售的消防水带和灭火器疑似假冒知名品牌，标签印刷模糊。",
    ),
    (
        "梁锦添",
        "zs_officer",
        "lamps",
        WrongKind.COUNTERFEIT,
        "石特社区某灯饰作坊",
        "LED吸顶灯",
        "港口镇石特社区工业路",
        dt.date(2026, 7, 14),
        "社区内一家无招牌作坊在生产贴牌LED灯具，疑似假冒他人注册商标。",
    ),
]


def _monitors() -> dict[str, MarketMonitor]:
    found = {}
    for name, village, dept_name, phone, appointed, active in MONITORS:
        monitor = MarketMonitor.objects.filter(name=name, village=village).first()
        if monitor is None:
            department = Department.objects.filter(name=dept_name).first()
            if department is None:
                continue
            monitor = monitor_create(
                name=name,
                village=village,
                department=department,
                phone=phone,
                appointed_on=min(demodates.on(appointed), demodates.today()),
                active=active,
                actor=ACTOR,
            )
        found[name] = monitor
    return found


def load(*, stdout) -> None:
    made = 0
    with transaction.atomic():
        monitors = _monitors()
        categories = {c.code: c for c in ProductCategory.objects.all()}
        for name, username, category, wrong, subject, product, place, day, text in REPORTS:
            monitor = monitors.get(name)
            officer = User.objects.filter(username=username).first()
            if (
                monitor is None
                or officer is None
                or Tip.objects.filter(monitor=monitor, description=text).exists()
            ):
                continue
            when = demodates.on(day)
            monitor_report_submit(
                monitor=monitor,
                actor=officer,
                received_at=demodates.at(dt.datetime(day.year, day.month, day.day, 16, 30)),
                data=TipInput(
                    description=text,
                    division=monitor.division,
                    category=categories.get(category),
                    wrong_kind=wrong,
                    subject_name=subject,
                    product_name=product,
                    address=place,
                    occurred_on=when,
                ),
            )
            made += 1
    stdout.write(f"tips: {len(monitors)} market monitors, {made} monitor reports entered as tips")
