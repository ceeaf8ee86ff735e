"""Demo destruction events recorded through the form's service (joint.destruction): one in 万州区 and
one in 农坝镇, each with items and a photo, dated relative to today. Idempotent by title."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.db import transaction

from zhenwei.core.models import Department
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR
from zhenwei.joint.destruction import destruction_record
from zhenwei.joint.models import DestructionEvent

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)

EVENTS = [
    {
        "title": "万州区不合格防火卷帘及灭火器集中销毁",
        "organiser": "万州区市场监督管理局",
        "held_on": dt.date(2026, 11, 12),
        "place": "万州区再生资源回收中心",
        "method": "拆解后分类回收",
        "witnesses": "孙涛 万州区应急管理局\n万州区公安分局 民警二名",
        "items": [
            {
                "goods": "不合格钢质防火卷帘控制器",
                "quantity": Decimal("6"),
                "unit": "台",
                "value_yuan": Decimal("4800"),
            },
            {"goods": "过期手提式干粉灭火器", "quantity": Decimal("45"), "unit": "具"},
        ],
    },
    {
        "title": "农坝镇收缴冒牌培训兜售灭火器销毁",
        "organiser": "江口市场监管所",
        "held_on": dt.date(2026, 11, 20),
        "place": "农坝镇垃圾中转站",
        "method": "泄压拆解",
        "witnesses": "张明 农坝镇应急办\n农坝派出所 民警一名",
        "items": [{"goods": "冒牌培训兜售的手提式灭火器", "quantity": Decimal("23"), "unit": "具"}],
    },
]


def load(*, stdout) -> None:
    made = 0
    with transaction.atomic():
        for spec in EVENTS:
            if DestructionEvent.objects.filter(title=spec["title"]).exists():
                continue
            organiser = Department.objects.filter(name=spec["organiser"]).first()
            if organiser is None:
                continue
            destruction_record(
                title=spec["title"],
                organiser=organiser,
                held_on=demodates.on(spec["held_on"]),
                place=spec["place"],
                method=spec["method"],
                witnesses=spec["witnesses"],
                items=spec["items"],
                evidence=[(io.BytesIO(PNG), "销毁现场.png")],
                actor=ACTOR,
            )
            made += 1
    stdout.write(f"joint: {made} destruction events recorded through the form's service")
