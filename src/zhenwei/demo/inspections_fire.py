"""Demo fire investigations (火灾延伸调查) and ledger checks (进销货台账), placed relative to today.

A residential fire in 云阳县 whose extinguishers and smoke alarm are traced to a maker in 万州区, a
seller in the county and a maker not in the registry (clues opened for some); a warehouse fire in
万州区; a fire in 浦东新区 (seed 001 is Shanghai's). Ledger checks on three seller inspections of
云阳县 and 农坝镇, with discrepancies and one supplier handed over as a clue. Idempotent by title."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.models import Department
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR
from zhenwei.inspections.extension_choices import LedgerProblem
from zhenwei.inspections.fire import (
    fire_investigation_create,
    fire_investigation_open_clues,
    fire_product_open_clues,
)
from zhenwei.inspections.ledger import ledger_check_record, ledger_entry_open_clue
from zhenwei.inspections.models import FireInvestigation, Inspection, LedgerCheck
from zhenwei.registry.models import Enterprise


def _e(name: str) -> Enterprise | None:
    return Enterprise.objects.filter(name=name).first()


FIRES = [
    {
        "title": "云阳县青龙街道滨江小区“11·08”住宅火灾延伸调查",
        "department": "云阳县消防救援大队",
        "occurred_on": dt.date(2026, 11, 8),
        "place": "云阳县青龙街道滨江小区7栋2单元楼道",
        "cause_summary": "电动自行车在楼道充电引发火灾；住户自备灭火器无法喷射，楼道火灾报警器未报警。",
        "injuries": 2,
        "open": "all",
        "products": [
            {
                "category": "fire-extinguisher",
                "product_type": "手提式干粉灭火器",
                "brand": "三峡安",
                "model": "MFZ/ABC4",
                "identity_code": "2611080012345",
                "quantity": Decimal("3"),
                "unit": "具",
                "certificate_number": "CCCF-2026-0815",
                "maker": "重庆万州三峡消防设备有限公司",
                "seller": "云阳县安达消防器材经营部",
                "finding": "压力表指针在红区，筒体无合格证，身份标识码查询无记录。",
            },
            {
                "category": "smoke-alarm",
                "product_type": "独立式光电感烟火灾探测报警器",
                "brand": "安宁",
                "model": "JTY-GD-AN01",
                "quantity": Decimal("1"),
                "unit": "个",
                "maker_name": "浙江某电子有限公司（未在台账）",
                "seller": "云阳县万家福商贸有限公司",
                "finding": "报警器无电池，外壳无3C认证标志。",
            },
        ],
    },
    {
        "title": "万州区恒通物流仓库“10·21”火灾延伸调查",
        "department": "万州区消防救援支队",
        "occurred_on": dt.date(2026, 10, 21),
        "place": "万州区恒通物流有限公司3号仓库",
        "cause_summary": "仓库电气线路短路引燃货物，防火卷帘未能下降。",
        "open": "maker",
        "products": [
            {
                "category": "fire-shutter",
                "product_type": "钢质防火卷帘",
                "model": "GFJ-4030-F3",
                "quantity": Decimal("2"),
                "unit": "樘",
                "maker": "重庆万州三峡消防设备有限公司",
                "seller_name": "万州区某门业经营部",
                "finding": "卷帘控制器无认证标志，耐火时间标称与铭牌不符。",
            }
        ],
    },
    {
        "title": "浦东新区金杨养老院“09·14”火灾延伸调查",
        "department": "浦东新区消防救援支队",
        "occurred_on": dt.date(2026, 9, 14),
        "place": "上海浦东新区金杨养老院二楼活动室",
        "cause_summary": "取暖器靠近窗帘引燃；配备的灭火毯展开后破损。",
        "products": [
            {
                "category": "fire-blanket",
                "product_type": "灭火毯",
                "brand": "浦安",
                "model": "1.2m×1.2m",
                "quantity": Decimal("4"),
                "unit": "条",
                "maker": "上海浦安消防科技有限公司",
                "seller_name": "网购（某电商平台店铺）",
            }
        ],
    },
]

LEDGERS = [
    # (subject, product of the inspection, ledger kept, note, entries, open the clue of entry n)
    (
        "云阳县安达消防器材经营部",
        None,
        True,
        "纸质台账，记录不全。",
        [
            {
                "product_name": "手提式干粉灭火器 MFZ/ABC4",
                "supplier": "重庆万州三峡消防设备有限公司",
                "quantity": Decimal("200"),
                "found_quantity": Decimal("126"),
                "unit": "具",
                "entry_date": dt.date(2026, 6, 2),
                "voucher": "",
            },
            {
                "product_name": "灭火毯 1.2m×1.2m",
                "supplier_name": "万州区某消防器材批发部",
                "quantity": Decimal("50"),
                "unit": "条",
                "entry_date": dt.date(2026, 6, 20),
                "voucher": "FP-0620-17",
                "problems": [LedgerProblem.NO_CERTIFICATE],
            },
        ],
        1,
    ),
    (
        "云阳县农坝镇惠民超市",
        None,
        False,
        "经营者称未建立进销货台账，责令限期建立。",
        [],
        None,
    ),
    (
        "云阳县万家福商贸有限公司",
        None,
        True,
        "",
        [
            {
                "product_name": "独立式光电感烟火灾探测报警器",
                "supplier_name": "浙江某电子有限公司",
                "quantity": Decimal("80"),
                "found_quantity": Decimal("80"),
                "unit": "个",
                "entry_date": dt.date(2026, 9, 3),
                "voucher": "ZJ-20260903-01",
            },
            {
                "direction": "sale",
                "product_name": "独立式光电感烟火灾探测报警器",
                "supplier_name": "",
                "quantity": Decimal("12"),
                "unit": "个",
                "entry_date": dt.date(2026, 10, 15),
                "voucher": "XS-1015-03",
            },
        ],
        None,
    ),
]


def _fires(stdout) -> int:
    made = 0
    categories = {c.code: c for c in ProductCategory.objects.all()}
    for spec in FIRES:
        if FireInvestigation.objects.filter(title=spec["title"]).exists():
            continue
        department = Department.objects.filter(name=spec["department"]).first()
        if department is None:
            continue
        products = []
        for raw in spec["products"]:
            p = dict(raw)
            p["category"] = categories.get(p.get("category"))
            for role in ("maker", "seller"):
                if role in p:
                    found = _e(p.pop(role))
                    if found is not None:
                        p[role] = found
            products.append(p)
        investigation = fire_investigation_create(
            title=spec["title"],
            department=department,
            occurred_on=demodates.on(spec["occurred_on"]),
            place=spec["place"],
            cause_summary=spec["cause_summary"],
            injuries=spec.get("injuries", 0),
            products=products,
            actor=ACTOR,
        )
        if spec.get("open") == "all":
            fire_investigation_open_clues(investigation=investigation, actor=ACTOR)
        elif spec.get("open") == "maker":
            for product in investigation.products.all():
                fire_product_open_clues(product=product, actor=ACTOR, roles=["maker"])
        made += 1
    return made


def _ledgers() -> int:
    made = 0
    for subject, _product, kept, note, entries, open_n in LEDGERS:
        inspection = (
            Inspection.objects.filter(subject_name=subject, domain="circulation")
            .order_by("-inspected_on")
            .first()
        )
        if inspection is None or LedgerCheck.objects.filter(inspection=inspection).exists():
            continue
        rows = []
        for raw in entries:
            e = dict(raw)
            e["entry_date"] = demodates.on(e["entry_date"]) if e.get("entry_date") else None
            if "supplier" in e:
                found = _e(e.pop("supplier"))
                if found is not None:
                    e["supplier"] = found
            rows.append(e)
        check = ledger_check_record(
            inspection=inspection,
            ledger_kept=kept,
            checked_on=inspection.inspected_on,
            period="近六个月",
            note=note,
            entries=rows,
            actor=ACTOR,
        )
        if open_n:
            ledger_entry_open_clue(entry=list(check.entries.all())[open_n - 1], actor=ACTOR)
        made += 1
    return made


def load(*, stdout) -> None:
    with transaction.atomic():
        fires = _fires(stdout)
        ledgers = _ledgers()
    stdout.write(f"inspections: {fires} fire investigations, {ledgers} ledger checks")
