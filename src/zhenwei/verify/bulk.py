"""Bulk certificate check for enterprises (逐人逐证核查, seed 002): a staff list in, an XLSX of
verdicts out. Certificates are fetched in batches (one query per 500 numbers, never one per row)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook

from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.masking import mask_id_number, mask_text
from zhenwei.core.validators import id_number_problem
from zhenwei.registry.choices import CertificateKind, CertificateStatus
from zhenwei.registry.contracts import holder_id_hash
from zhenwei.registry.models import Certificate
from zhenwei.security.exports import safe_cell
from zhenwei.security.uploads import table_rows

from . import conf
from .services import _certificate_number, names_match

NAME_HEADERS = {"name", "holder_name", "姓名", "持证人", "持证人姓名", "人员姓名"}
ID_HEADERS = {"id_number", "id", "holder_id_number", "身份证号", "身份证号码", "证件号码", "身份证"}
NUMBER_HEADERS = {"certificate_number", "certificate_no", "number", "证书编号", "证书号", "证号", "证书号码"}

VERDICT_LABELS = {
    "valid": "有效",
    "expired": "已过期",
    "revoked": "已撤销",
    "suspended": "已暂扣",
    "unknown": "查无此证",
    "mismatch": "姓名不符",
    "id_mismatch": "身份证号不符",
    "invalid": "数据有误",
}
REASONS = {
    "valid": "证书有效，持证人信息一致",
    "expired": "证书已过有效期（{expires_on}），不得凭此证上岗",
    "revoked": "证书已被撤销，不得凭此证上岗",
    "suspended": "证书已被暂扣，暂扣期间不得凭此证上岗",
    "unknown": "平台中查无此证书编号，证书可能系伪造，请核实来源并向应急管理部门报告",
    "mismatch": "证书编号存在，但姓名与登记信息不一致，疑似冒用或伪造",
    "id_mismatch": "姓名一致，但身份证号与登记信息不一致，疑似冒用或伪造",
}
BATCH = 500


@dataclass
class Row:
    line: int
    name: str
    id_number: str
    number: str
    verdict: str = ""
    reason: str = ""
    kind: str = ""
    operation_item: str = ""
    expires_on: dt.date | None = None


@dataclass
class BulkResult:
    rows: list[Row]
    counts: Counter = field(default_factory=Counter)
    xlsx: bytes = b""

    def summary_header(self) -> str:
        return ";".join(f"{k}={v}" for k, v in sorted(self.counts.items())) + f";total={len(self.rows)}"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _column_map(header: list[str]) -> dict[str, int]:
    normalized = [_cell_text(h).lower().replace(" ", "") for h in header]
    found: dict[str, int] = {}
    for key, names in (("name", NAME_HEADERS), ("id", ID_HEADERS), ("number", NUMBER_HEADERS)):
        for index, h in enumerate(normalized):
            if h in names:
                found[key] = index
                break
    missing = [
        label
        for key, label in (("name", "姓名"), ("id", "身份证号"), ("number", "证书编号"))
        if key not in found
    ]
    if missing:
        raise ValidationError(
            gettext(
                "表头缺少：%(join_missing)s（应包含 姓名、身份证号、证书编号，或 name、id_number、certificate_number）"
            )
            % {"join_missing": "、".join(missing)}
        )
    return found


def _read_rows(upload, filename: str) -> list[Row]:
    """Rows of a CSV (UTF-8 or GB18030) or XLSX file, streamed through the upload guard (profile
    "bulk_check": size, zip directory, row and column caps); ValidationError for anything else."""
    iterator = table_rows(upload, profile="bulk_check", name=filename)
    header = None
    rows: list[Row] = []
    limit = conf.bulk_max_rows()
    for line, values in iterator:
        values = list(values or [])
        if header is None:
            if not any(_cell_text(v) for v in values):
                continue
            header = _column_map(values)
            continue
        if not any(_cell_text(v) for v in values):
            continue
        if len(rows) >= limit:
            raise ValidationError(
                gettext("一次最多核查 %(limit)s 行（行上限），请拆分文件 (too many rows)") % {"limit": limit}
            )

        cells = {key: _cell_text(values[i]) if i < len(values) else "" for key, i in header.items()}
        rows.append(Row(line=line, name=cells["name"], id_number=cells["id"].upper(), number=cells["number"]))
    if header is None:
        raise ValidationError(gettext("文件为空"))
    return rows


def _judge(rows: list[Row], *, today: dt.date) -> None:
    numbers = {}
    for row in rows:
        row.number = _certificate_number(row.number)
        numbers.setdefault(row.number, None)
    wanted = [n for n in numbers if n]
    found: dict[str, dict] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        for cert in Certificate.objects.filter(number__in=chunk).values(
            "number", "holder_name", "holder_id_hash", "status", "expires_on", "kind", "operation_item"
        ):
            found[cert["number"]] = cert
    seen: Counter = Counter(r.number for r in rows if r.number)
    for row in rows:
        if not row.name or not row.number or not row.id_number:
            row.verdict = "invalid"
            missing = [
                n
                for n, v in (("姓名", row.name), ("身份证号", row.id_number), ("证书编号", row.number))
                if not v
            ]
            row.reason = f"缺少{'、'.join(missing)}"
            continue
        problem = id_number_problem(row.id_number)
        if problem:
            row.verdict, row.reason = "invalid", problem
            continue
        cert = found.get(row.number)
        if cert is None:
            row.verdict = "unknown"
        elif not names_match(row.name, cert["holder_name"]):
            row.verdict = "mismatch"
        elif holder_id_hash(row.id_number) != cert["holder_id_hash"]:
            row.verdict = "id_mismatch"
        else:
            status = cert["status"]
            if status == CertificateStatus.VALID and cert["expires_on"] < today:
                status = CertificateStatus.EXPIRED
            row.verdict = status
            row.kind = (
                str(CertificateKind(cert["kind"]).label)
                if cert["kind"] in CertificateKind.values
                else cert["kind"]
            )
            row.operation_item = cert["operation_item"]
            row.expires_on = cert["expires_on"]
        row.reason = REASONS[row.verdict].format(expires_on=row.expires_on)
        if seen[row.number] > 1:
            row.reason += f"；该证书编号在文件中出现 {seen[row.number]} 次"


def _workbook(result: BulkResult, *, filename: str, actor, today: dt.date) -> bytes:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("核查结果")
    sheet.append(
        [
            "行号",
            "姓名",
            "身份证号（脱敏）",
            "证书编号",
            "核查结论",
            "说明",
            "证书类型",
            "准操项目",
            "有效期至",
        ]
    )
    for r in result.rows:
        sheet.append(
            [
                r.line,
                safe_cell(r.name),
                safe_cell(mask_id_number(r.id_number)),
                # Masked like the ID column: a special operation certificate number is T + the ID
                # number, and this file travels (e-mail, print); the uploader keeps the original.
                safe_cell(mask_text(r.number)),
                VERDICT_LABELS[r.verdict],
                safe_cell(r.reason),
                r.kind,
                safe_cell(r.operation_item),
                r.expires_on,
            ]
        )
    summary = wb.create_sheet("汇总")
    summary.append(["项目", "数量"])
    summary.append(["核查总人数", len(result.rows)])
    for key, label in VERDICT_LABELS.items():
        summary.append([label, result.counts.get(key, 0)])
    problems = len(result.rows) - result.counts.get("valid", 0)
    summary.append(["需处理（非有效）", problems])
    summary.append([])
    summary.append(["上传文件", safe_cell(filename)])
    summary.append(["核查日期", today])
    summary.append(["核查人", safe_cell(str(actor))])
    summary.append(
        [
            "说明",
            "结论依据本平台登记的安全生产证书信息；查无此证、姓名或身份证号不符者，请核实证书来源并向属地应急管理部门报告。",
        ]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def result_filename() -> str:
    return f"certificate-check-{timezone.localdate():%Y%m%d}.xlsx"


def bulk_check(*, upload, actor, today: dt.date | None = None) -> BulkResult:
    """Check every row of an uploaded staff list; returns the verdicts and the XLSX to send back."""
    today = today or timezone.localdate()
    filename = getattr(upload, "name", "") or "upload"
    rows = _read_rows(upload, filename)
    if not rows:
        raise ValidationError(gettext("文件中没有数据行"))
    _judge(rows, today=today)
    result = BulkResult(rows=rows, counts=Counter(r.verdict for r in rows))
    result.xlsx = _workbook(result, filename=filename, actor=actor, today=today)
    audit_record(
        actor=actor,
        action=AuditAction.OTHER,
        model="verify.bulkcheck",
        object_repr=filename[:255],
        after={"rows": len(rows), **dict(result.counts)},
        note="bulk certificate check (逐人逐证核查)",
    )
    return result
