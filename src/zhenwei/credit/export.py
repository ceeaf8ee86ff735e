"""The credit-list feed for the national credit platforms (信用中国 and the enterprise credit
publicity system), in CSV and JSON. The format is documented in docs/credit.md; change both together."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from django.utils import timezone

from zhenwei.core.masking import mask_id_number

from .choices import SubjectKind
from .models import CreditEntry
from .publishing import mask_person

FORMAT_VERSION = "zhenwei-credit-1"
# (column, what it holds): the order of the CSV columns and the keys of each JSON record.
COLUMNS = [
    ("record_id", "平台内记录编号"),
    ("list_kind", "名单类别代码：serious_dishonest 严重违法失信名单 / blacklist 黑名单"),
    ("list_kind_name", "名单类别名称"),
    ("subject_kind", "主体类别代码：legal_person 法人和非法人组织 / individual 自然人"),
    ("subject_name", "主体名称（自然人姓名已遮蔽）"),
    ("credit_code", "统一社会信用代码（GB 32100，法人必填）"),
    ("id_number_masked", "自然人身份证号码（遮蔽，仅保留前3位和后4位）"),
    ("legal_representative", "法定代表人（自然人姓名已遮蔽）"),
    ("reason", "列入事由"),
    ("legal_basis", "列入依据"),
    ("deciding_authority", "决定机关"),
    ("decision_number", "决定文书号"),
    ("decision_date", "决定日期 YYYY-MM-DD"),
    ("publication_start", "公示起始日期"),
    ("publication_end", "公示截止日期（空表示未定）"),
    ("appeal_route", "救济途径"),
    ("status", "状态代码：pending / active / expired / removed / repaired（导出当日）"),
    ("removal_number", "移出决定文书号"),
    ("removal_date", "移出日期"),
    ("repair_number", "信用修复决定文书号"),
    ("repair_date", "信用修复日期"),
    ("division_code", "行政区划代码（GB/T 2260）"),
    ("updated_at", "最后更新时间（ISO 8601，含时区）"),
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def _d(value) -> str:
    return value.isoformat() if value else ""


def record(entry: CreditEntry, today=None) -> dict[str, str]:
    individual = entry.subject_kind == SubjectKind.INDIVIDUAL
    return {
        "record_id": str(entry.pk),
        "list_kind": entry.list_kind,
        "list_kind_name": entry.get_list_kind_display(),
        "subject_kind": entry.subject_kind,
        "subject_name": mask_person(entry.subject_name) if individual else entry.subject_name,
        "credit_code": entry.credit_code,
        "id_number_masked": mask_id_number(entry.id_number) if entry.id_number else "",
        "legal_representative": mask_person(entry.legal_representative),
        "reason": entry.reason,
        "legal_basis": entry.legal_basis,
        "deciding_authority": entry.deciding_authority,
        "decision_number": entry.decision_number,
        "decision_date": _d(entry.decision_date),
        "publication_start": _d(entry.publication_start),
        "publication_end": _d(entry.publication_end),
        "appeal_route": entry.appeal_route,
        "status": entry.status_on(today),
        "removal_number": entry.removal_number,
        "removal_date": _d(entry.removal_date),
        "repair_number": entry.repair_number,
        "repair_date": _d(entry.repair_date),
        "division_code": entry.division.code,
        "updated_at": timezone.localtime(entry.updated_at).isoformat(timespec="seconds"),
    }


def neutralise(value: str) -> str:
    """Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) is prefixed with '."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(entries: Iterable[CreditEntry]) -> str:
    """UTF-8 CSV with a BOM (Excel opens it as UTF-8), header of column codes, CRLF line ends."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c for c, _ in COLUMNS])
    today = timezone.localdate()
    for entry in entries:
        row = record(entry, today)
        writer.writerow([neutralise(row[c]) for c, _ in COLUMNS])
    return buffer.getvalue()


def to_json(entries: Iterable[CreditEntry]) -> str:
    today = timezone.localdate()
    records = [record(e, today) for e in entries]
    payload = {
        "format": FORMAT_VERSION,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "count": len(records),
        "records": records,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)
