import datetime as dt

from zhenwei.core.validators import uscc_check_char


def uscc(body: str) -> str:
    """A valid unified social credit code from 17 characters (GB 32100 check character appended)."""
    return body + uscc_check_char(body)


def entry_kwargs(division, **overrides):
    data = {
        "division": division,
        "list_kind": "serious_dishonest",
        "subject_name": "重庆盾安消防器材有限公司",
        "credit_code": uscc("91500235MA60XK3L2"),
        "reason": "生产销售不合格灭火器，货值金额较大，情节严重",
        "legal_basis": "《市场监督管理严重违法失信名单管理办法》第九条",
        "deciding_authority": "甲县市场监督管理局",
        "decision_number": "甲市监失信〔2026〕1号",
        "decision_date": dt.date(2026, 3, 2),
        "publication_start": dt.date(2026, 3, 10),
        "publication_end": dt.date(2029, 3, 9),
        "appeal_route": "对列入决定不服的，可在收到决定书之日起六十日内申请行政复议，或六个月内提起行政诉讼。",
    }
    data.update(overrides)
    return data
