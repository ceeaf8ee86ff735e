"""Reading a filled-in XLSX form back (divisions not on the platform): every problem is reported
with the cell it is in, all at once, and nothing is stored unless the whole form is valid. The file
is opened only by the upload guard (``zhenwei.security.uploads``, profile "report_form": size,
zip directory, rows and columns), streamed read-only; cell text quoted in a message is shortened."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from openpyxl.utils import get_column_letter

from zhenwei.security.uploads import shown, table_rows

from .choices import Column, RowKind
from .exports import META_COLUMN
from .models import ReportTemplate

MAX_ERRORS = 50
UNIT_RE = re.compile(r"[（(]\s*([^（）()]+?)\s*[)）]\s*$")


@dataclass
class ParsedForm:
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    preparer: str = ""
    preparer_phone: str = ""


def _norm(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


class _Sheet:
    """The first sheet of the form, read once through the upload guard (read-only, streamed, capped
    at the "report_form" profile's rows and columns), addressable like openpyxl's ``ws.cell``."""

    def __init__(self, fileobj, name: str):
        self.grid: list[list] = [
            list(cells)
            for _line, cells in table_rows(fileobj, profile="report_form", name=name, data_only=False)
        ]
        self.max_row = len(self.grid)

    def cell(self, *, row: int, column: int) -> _Cell:
        cells = self.grid[row - 1] if 0 < row <= self.max_row else []
        return _Cell(cells[column - 1] if column <= len(cells) else None, f"{get_column_letter(column)}{row}")


@dataclass(frozen=True)
class _Cell:
    value: object
    coordinate: str


def parse_upload(*, fileobj, template: ReportTemplate, name: str = "") -> ParsedForm:
    fileobj.seek(0)
    ws = _Sheet(fileobj, name)
    marker = str(ws.cell(row=1, column=META_COLUMN).value or "")
    title = _norm(ws.cell(row=1, column=1).value)
    if marker.startswith("zhenwei:"):
        slug = marker.split(":", 1)[1]
        if slug != template.slug:
            raise ValidationError(
                gettext("模板不符：上传的是“%(shown_slug)s”，应为“%(template_slug)s”（%(template_title)s）")
                % {
                    "shown_slug": shown(slug),
                    "template_slug": template.slug,
                    "template_title": template.title,
                }
            )
    elif title != _norm(template.title):
        raise ValidationError(
            gettext(
                "模板不符：A1 表名为“%(shown_ws_cell_row_1_colu)s”，应为“%(template_title)s”（请使用平台导出的空表填写）"
            )
            % {
                "shown_ws_cell_row_1_colu": shown(ws.cell(row=1, column=1).value or ""),
                "template_title": template.title,
            }
        )
    rows = {r.code: r for r in template.rows.all()}
    by_label = {_norm(r.label): r for r in rows.values() if r.kind == RowKind.NUMBER}
    errors: list[str] = []
    parsed = ParsedForm()
    seen: set[str] = set()
    for r in range(1, ws.max_row + 1):
        code = str(ws.cell(row=r, column=META_COLUMN).value or "").strip()
        if code == "preparer":
            parsed.preparer = str(ws.cell(row=r, column=2).value or "").strip()[:64]
            parsed.preparer_phone = str(ws.cell(row=r, column=4).value or "").strip()[:40]
            continue
        row = rows.get(code)
        label_cell = None
        if row is None:
            for c in (2, 3):
                text = ws.cell(row=r, column=c).value
                if text:
                    candidate = by_label.get(_norm(UNIT_RE.sub("", str(text))))
                    if candidate is not None:
                        row, label_cell = candidate, ws.cell(row=r, column=c)
            if row is None:
                continue
        if row.kind == RowKind.TEXT:
            parsed.texts[row.code] = str(ws.cell(row=r, column=4).value or "").strip()[:2000]
            seen.add(row.code)
            continue
        if row.kind != RowKind.NUMBER:
            continue
        seen.add(row.code)
        label_cell = label_cell or (ws.cell(row=r, column=3) if row.group else ws.cell(row=r, column=2))
        match = UNIT_RE.search(str(label_cell.value or ""))
        if match and row.unit and match.group(1) != row.unit:
            errors.append(
                f"{label_cell.coordinate}：“{row.label}”的单位应为“{row.unit}”，表中为“{shown(match.group(1))}”"
            )
        values: dict[str, str] = {}
        for col, column in ((4, Column.MONTH), (5, Column.CUMULATIVE)):
            cell = ws.cell(row=r, column=col)
            raw = cell.value
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                values[column] = "0"
                continue
            if isinstance(raw, str) and raw.strip().startswith("="):
                errors.append(f"{cell.coordinate}：请填写数值而不是公式（{row.label}）")
                continue
            try:
                number = Decimal(str(raw).strip().replace(",", ""))
                if not number.is_finite():
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                errors.append(f"{cell.coordinate}：“{shown(raw)}”不是数字（{row.label}，{row.unit}）")
                continue
            if number < 0:
                errors.append(f"{cell.coordinate}：不能为负数（{row.label}：{shown(raw)}）")
                continue
            if row.unit not in ("元", "万元") and number != number.to_integral_value():
                errors.append(f"{cell.coordinate}：“{row.label}”以“{row.unit}”计，应为整数（{shown(raw)}）")
                continue
            values[column] = str(number)
        if (
            Column.MONTH in values
            and Column.CUMULATIVE in values
            and Decimal(values[Column.CUMULATIVE]) < Decimal(values[Column.MONTH])
        ):
            errors.append(f"E{r}：累计数据小于本月数据（{row.label}）")
        parsed.values[row.code] = values
    missing = [r.label for r in rows.values() if r.kind == RowKind.NUMBER and r.code not in seen]
    if missing:
        errors.append("缺少以下行：" + "、".join(missing[:10]) + ("……" if len(missing) > 10 else ""))
    if errors:
        if len(errors) > MAX_ERRORS:  # the answer stays small whatever the file holds
            errors = [*errors[:MAX_ERRORS], f"……另有 {len(errors) - MAX_ERRORS} 处问题 (and more)"]
        raise ValidationError(errors)
    return parsed
