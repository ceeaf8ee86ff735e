import datetime as dt

from django.utils import timezone

from zhenwei.core.validators import uscc_check_char


def uscc(body: str) -> str:
    """A valid unified social credit code from 17 characters (GB 32100 check character appended)."""
    return body + uscc_check_char(body)


def decided_on() -> dt.date:
    """The factory's decision date: 300 days before today, so the entry is active on any date."""
    return timezone.localdate() - dt.timedelta(days=300)


def entry_kwargs(division, **overrides):
    decided = decided_on()
    data = {
        "division": division,
        "list_kind": "serious_dishonest",
        "subject_name": "重庆盾安消防器材有限公司",
        "credit_code": uscc("91500235MA60XK3L2"),
        "reason": "生产销售不合格灭火器，货值金额较大，情节严重",
        "legal_basis": "《市场监督管理严重违法失信名单管理办法》第九条",
        "deciding_authority": "甲县市场监督管理局",
        "decision_number": "甲市监失信〔2026〕1号",
        "decision_date": decided,
        "publication_start": decided + dt.timedelta(days=8),
        "publication_end": decided + dt.timedelta(days=8 + 3 * 365),
        "appeal_route": "对列入决定不服的，可在收到决定书之日起六十日内申请行政复议，或六个月内提起行政诉讼。",
    }
    data.update(overrides)
    return data
