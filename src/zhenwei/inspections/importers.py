"""``zhenwei import lab_results FILE.xlsx``: lab results by sample number (样品编号)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from zhenwei.core.access import ScopeCheck
from zhenwei.core.services import ImportSummary
from zhenwei.security.uploads import shown, table_rows

from .choices import SampleResult
from .models import Sample

HEADERS = {
    "number": {"样品编号", "sample", "sample_number"},
    "result": {"检验结论", "结论", "result"},
    "result_on": {"结论日期", "检验日期", "result_on", "date"},
    "report_number": {"报告编号", "检验报告编号", "report", "report_number"},
    "detail": {"不合格项目", "说明", "detail"},
}
RESULT_WORDS = {
    "合格": SampleResult.QUALIFIED,
    "qualified": SampleResult.QUALIFIED,
    "不合格": SampleResult.UNQUALIFIED,
    "unqualified": SampleResult.UNQUALIFIED,
}


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))


def lab_results_import(*, path, actor=None, progress=None) -> ImportSummary:
    """Read an XLSX with columns 样品编号, 检验结论 (合格/不合格), 结论日期, 报告编号, 不合格项目."""
    from .services import sample_result

    summary = ImportSummary()
    scope = ScopeCheck(actor)
    # Opened, checked (size, zip directory, caps) and streamed by the one upload guard.
    lines = table_rows(Path(path), profile="import")
    first = next(lines, None)
    if not first or not first[1]:
        raise ValidationError(gettext("文件为空"))
    header = first[1]
    names = [str(h or "").strip().lower() for h in header]
    index = {}
    for key, options in HEADERS.items():
        index[key] = next((i for i, h in enumerate(names) if h in {o.lower() for o in options}), None)
    if index["number"] is None or index["result"] is None:
        raise ValidationError(
            gettext("表头须包含“样品编号”和“检验结论”，实际为：%(shown_join_map_str_heade)s")
            % {"shown_join_map_str_heade": shown(", ".join(map(str, header)), 120)}
        )
    for line, row in lines:
        if not row or all(c in (None, "") for c in row):
            continue
        summary.read += 1

        def cell(key, row=row):
            i = index.get(key)
            return row[i] if i is not None and i < len(row) else None

        number = str(cell("number") or "").strip()
        sample = Sample.objects.select_related("inspection").filter(number=number).first()
        if sample is None:
            summary.reject(line, f"样品编号 {shown(number)} 不存在")
            continue
        if scope.outside({sample.inspection.division_id}):  # cached per division: no query per row
            summary.reject(line, f"样品 {shown(number)} 属于其他辖区，导入人无权录入结论")
            continue
        result = RESULT_WORDS.get(str(cell("result") or "").strip().lower())
        if result is None:
            summary.reject(line, f"检验结论“{shown(cell('result'))}”应为合格或不合格")
            continue
        try:
            result_on = _date(cell("result_on"))
        except ValueError:
            summary.reject(line, f"结论日期“{shown(cell('result_on'))}”无法识别")
            continue
        if sample.result == result and (result_on is None or sample.result_on == result_on):
            summary.unchanged += 1
            continue
        try:
            sample_result(
                sample=sample,
                result=result,
                actor=actor,
                result_on=result_on,
                report_number=str(cell("report_number") or ""),
                detail=str(cell("detail") or ""),
            )
        except ValidationError as exc:
            summary.reject(line, "；".join(exc.messages))
            continue
        if sample.result == SampleResult.PENDING:
            summary.created += 1
        else:
            summary.updated += 1
        if progress:
            progress(summary.read)
    return summary


IMPORTERS = {"lab_results": lab_results_import}
