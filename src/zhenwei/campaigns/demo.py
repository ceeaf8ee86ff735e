"""The campaigns of the seeds, plus one running now in 云阳县 so the demo has current work."""

import datetime as dt

from django.db import transaction

from zhenwei.core.audit import audit_create
from zhenwei.core.models import Department, Division

from .choices import CampaignKind
from .models import Campaign

# doc number (natural key), title, kind, division code, lead department, issuing body, issued, start, end
CAMPAIGNS = [
    ("农坝府发〔2023〕8号", "农坝镇打击冒牌消防培训和制售假冒伪劣消防产品专项整治", CampaignKind.FIRE_PRODUCTS,
     "500235116", "农坝镇应急办", "农坝镇人民政府", dt.date(2023, 3, 15), dt.date(2023, 3, 15), dt.date(2023, 4, 30)),
    ("渝应急发〔2021〕104号", "重庆市打击假冒政府网站制售假冒安全生产证书专项行动", CampaignKind.FAKE_CERTIFICATES,
     "500000", "重庆市应急管理局", "重庆市应急管理局 重庆市公安局", dt.date(2021, 12, 16), dt.date(2021, 12, 16),
     dt.date(2022, 6, 30)),
    ("中港府办〔2017〕74号", "2017年中山市港口镇打假工作方案", CampaignKind.ANTI_COUNTERFEIT,
     "442000108", "港口质监分局", "中山市港口镇人民政府办公室", dt.date(2017, 8, 30), dt.date(2017, 8, 30),
     dt.date(2017, 12, 31)),
    ("沪市监质监〔2024〕消防", "2024年消防产品质量专项整治与宣传活动", CampaignKind.FIRE_PRODUCTS,
     "310000", "上海市市场监督管理局", "上海市市场监管局 市公安局 市住房城乡建设管理委 市消防救援总队",
     dt.date(2024, 3, 1), dt.date(2024, 3, 1), dt.date(2024, 10, 31)),
    ("云安办发〔2026〕3号", "云阳县2026年打击假冒伪劣消防产品和假冒安全生产证书专项行动", CampaignKind.FIRE_PRODUCTS,
     "500235", "云阳县应急管理局", "云阳县安全生产委员会办公室", dt.date(2026, 2, 20), dt.date(2026, 3, 1),
     dt.date(2026, 12, 31)),
]


def load(*, stdout) -> None:
    with transaction.atomic():
        for number, title, kind, code, lead, body, issued, start, end in CAMPAIGNS:
            if Campaign.objects.filter(doc_number=number).exists():
                continue
            campaign = Campaign.objects.create(
                title=title, kind=kind, doc_title=f"关于印发《{title}》的通知", doc_number=number, issuing_body=body,
                issued_on=issued, division=Division.objects.get(code=code),
                lead_department=Department.objects.get(name=lead), starts_on=start, ends_on=end,
            )
            audit_create(actor="demo loader", obj=campaign)
    stdout.write(f"campaigns: {Campaign.objects.count()}")
