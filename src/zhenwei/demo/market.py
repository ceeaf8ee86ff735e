"""Demo listing feed (seed 004: e-commerce and express delivery) and logistics checks.

The feed is built from the registry's demo data so that genuine listings verify: real identity codes
and product certificate numbers, plus the suspicious ones the checks must catch (a certificate number
that is not in the registry, a revoked identity code, an eliminated 1211 extinguisher, a price far below
the category, a fake-certificate ad). It goes through the real importer, so clues open as they would.
Idempotent: a second import finds every row unchanged and the clues already open. Dates are authored
around 2026-11-25 and placed relative to today (zhenwei.demo.demodates)."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from django.db import transaction

from zhenwei.core.models import Department
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR
from zhenwei.market.importers import import_listings
from zhenwei.market.models import Listing, LogisticsCheck, LogisticsChecklistItem
from zhenwei.market.services import logistics_check_record

HEADER = ["platform", "shop", "seller_id", "title", "price", "claimed_code", "url", "time", "division_code"]

# platform, shop, seller, title, price, division, claimed-code kind ("code", "revoked", "product", literal)
SELLERS = [
    ("淘宝", "云阳安达消防器材旗舰店", "tb-yy-anda", "500235"),
    ("拼多多", "三峡消防用品批发", "pdd-sx-xf01", "500235"),
    ("京东", "平安守护消防专营店", "jd-pahs-88", "500101"),
    ("抖音小店", "安家消防好物", "dy-ajxf-2026", "310115"),
    ("淘宝", "万州恒安劳保消防", "tb-wz-hengan", "500101"),
]
GENUINE_TITLES = [
    ("手提式干粉灭火器 4kg MFZ/ABC4 家用商铺 3C认证", 95),
    ("手提式干粉灭火器 2kg MFZ/ABC2 车载", 58),
    ("过滤式消防自救呼吸器 TZL30 酒店宾馆逃生面罩", 46),
    ("独立式光电感烟火灾探测报警器 家用烟感", 39),
    ("消防应急照明灯 双头应急灯 LED", 62),
    ("手提式干粉灭火器 5kg MFZ/ABC5 工厂仓库", 118),
    ("消防水带 65型 20米 有衬里", 135),
    ("手提式干粉灭火器 8kg MFZ/ABC8", 165),
]


def _rows() -> list[list[str]]:
    from zhenwei.registry.choices import CodeStatus
    from zhenwei.registry.models import IdentityCode, Product

    active = list(
        IdentityCode.objects.filter(status=CodeStatus.ACTIVE)
        .order_by("code")
        .values_list("code", flat=True)[:12]
    )
    revoked = (
        IdentityCode.objects.exclude(status=CodeStatus.ACTIVE)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    product_certs = list(
        Product.objects.exclude(access_certificate_no="")
        .order_by("pk")
        .values_list("access_certificate_no", flat=True)[:6]
    )
    rows: list[list[str]] = []
    n = 0
    for s, (platform, shop, seller, division) in enumerate(SELLERS[:3] + SELLERS[4:]):
        for t, (title, price) in enumerate(GENUINE_TITLES):
            if (s + t) % 3 == 2:
                continue
            code = ""
            if "灭火器" in title and active:
                code = active[n % len(active)]
            elif product_certs:
                code = product_certs[n % len(product_certs)]
            day = demodates.on(dt.date(2026, 3, 1) + dt.timedelta(days=(n * 9) % 260))
            rows.append(
                [
                    platform,
                    shop,
                    seller,
                    title,
                    f"{price + (n % 5) * 2}.00",
                    code,
                    f"https://item.example.cn/{seller}/{t}",
                    f"{day} 10:{n % 60:02d}",
                    division,
                ]
            )
            n += 1
    suspicious = [
        # a certificate number that is not in the registry → clue for the seller
        (
            "拼多多",
            "云阳消防器材批发部",
            "pdd-yy-xfpf",
            "3C认证 手提式干粉灭火器 4kg 正品保障 证书编号可查",
            "79.00",
            "2026081801999999",
            "https://item.example.cn/pdd-yy-xfpf/1",
            "2026-09-18 09:12",
            "500235",
        ),
        (
            "拼多多",
            "云阳消防器材批发部",
            "pdd-yy-xfpf",
            "手提式干粉灭火器 2kg 车载 厂家直销",
            "45.00",
            "2026081801999998",
            "https://item.example.cn/pdd-yy-xfpf/2",
            "2026-09-18 09:15",
            "500235",
        ),
        # a revoked identity code
        (
            "淘宝",
            "渝东消防配件",
            "tb-yd-pj",
            "手提式干粉灭火器 4kg 带身份证标志",
            "88.00",
            revoked or "",
            "https://item.example.cn/tb-yd-pj/1",
            "2026-10-09 14:02",
            "500235",
        ),
        # an eliminated product type
        (
            "抖音小店",
            "老库存清仓",
            "dy-qc-1211",
            "1211灭火器 库存清仓 4kg 卤代烷 机房适用",
            "60.00",
            "",
            "https://item.example.cn/dy-qc-1211/1",
            "2026-07-21 20:40",
            "310115",
        ),
        # far below the usual price of the category
        (
            "淘宝",
            "特价劳保",
            "tb-tj-lb",
            "手提式干粉灭火器 4kg 特价 包邮",
            "12.80",
            "",
            "https://item.example.cn/tb-tj-lb/1",
            "2026-11-02 11:30",
            "500101",
        ),
        # fake work-safety certificate ad
        (
            "淘宝",
            "证件加急服务",
            "tb-zj-jj",
            "特种作业操作证 电工证 焊工证 免考包过 官网可查 加急出证",
            "380.00",
            "",
            "https://item.example.cn/tb-zj-jj/1",
            "2026-08-03 16:20",
            "500235",
        ),
    ]
    for r in suspicious:
        day, time = r[7].split(" ")
        rows.append([*r[:7], f"{demodates.on(dt.date.fromisoformat(day))} {time}", *r[8:]])
    return rows


def _write_feed(rows: list[list[str]]) -> Path:
    handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="")
    with handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return Path(handle.name)


def _logistics() -> int:
    from zhenwei.registry.models import Enterprise

    made = 0
    plan = [
        ("云阳县顺丰速运营业部", "云阳县市场监督管理局", dt.date(2026, 9, 9), {}),
        (
            "云阳县双江物流园",
            "云阳县市场监督管理局",
            dt.date(2026, 10, 20),
            {"SM-02": ("fail", "3家协议客户未留存营业执照信息")},
        ),
        (
            "万州区恒通物流有限公司",
            "万州区市场监督管理局",
            dt.date(2026, 8, 12),
            {"AJ-01": ("fail", "安检机故障未及时维修，部分快件未过机")},
        ),
    ]
    items = [i.code for i in LogisticsChecklistItem.objects.filter(is_active=True)]
    for name, dept, authored, failures in plan:
        day = demodates.on(authored)
        enterprise = Enterprise.objects.filter(name=name).first()
        if (
            enterprise is None
            or LogisticsCheck.objects.filter(enterprise=enterprise, checked_on=day).exists()
        ):
            continue
        answers = {code: failures.get(code, "pass") for code in items}
        logistics_check_record(
            enterprise=enterprise,
            department=Department.objects.get(name=dept),
            checked_on=day,
            answers=answers,
            inspectors="王敏、陈立" if "云阳" in dept else "孙涛",
            actor=ACTOR,
        )
        made += 1
    return made


def load(*, stdout) -> None:
    path = _write_feed(_rows())
    try:
        summary = import_listings(path=path, actor=ACTOR)
    finally:
        path.unlink(missing_ok=True)
    with transaction.atomic():
        checks = _logistics()
    stdout.write(
        f"market: listings {summary.line()}; {Listing.objects.filter(is_suspicious=True).count()} suspicious in all; "
        f"{checks} logistics checks"
    )
