"""The liaison list as seed 002's annex 2 (附件2 联络员基本信息表), in XLSX and DOCX.

Phones follow the personal-data rules: whole only where the reader holds "pii" for the liaison's
division (``selectors.liaison_rows``), each export showing any whole value records one disclosure
(``zhenwei.core.masking.disclose``), and every export writes an ``export`` audit row."""

from __future__ import annotations

import io

from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.masking import disclose
from zhenwei.security.exports import safe_row

from .models import Campaign
from .selectors import LiaisonView, liaison_rows

TITLE = "联络员基本信息表"
ANNEX = "附件2"
COLUMNS = ("序号", "单位", "姓名", "部门及职务", "电话(传真)", "手机号", "备注")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _rows(campaign: Campaign, user) -> list[LiaisonView]:
    rows = liaison_rows(campaign=campaign, user=user)
    whole = [v for r in rows if not r.masked for v in (r.phone, r.mobile) if v]
    if whole:
        disclose(campaign, user=user, kinds=["phone"], values=whole, note="联络员基本信息表导出")
    return rows


def _cells(row: LiaisonView) -> list:
    li = row.liaison
    return [li.sort, li.unit, li.name, li.post, row.phone, row.mobile, li.notes]


def _audit(campaign: Campaign, user, fmt: str, count: int) -> None:
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=campaign,
        note=f"{TITLE} {fmt}，{count} 行",
    )


def liaisons_xlsx(*, campaign: Campaign, user) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    rows = _rows(campaign, user)
    wb = Workbook()
    ws = wb.active
    ws.title = TITLE
    ws["A1"] = ANNEX
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    ws["A2"] = TITLE
    ws["A2"].font = Font(bold=True, size=16)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append(safe_row(_cells(row)))
    thin = Side(style="thin")
    for r in ws.iter_rows(min_row=3, max_row=3 + len(rows), max_col=len(COLUMNS)):
        for cell in r:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for letter, width in zip("ABCDEFG", (6, 26, 10, 22, 16, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    _audit(campaign, user, "xlsx", len(rows))
    return buf.getvalue()


def liaisons_docx(*, campaign: Campaign, user) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    rows = _rows(campaign, user)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    doc.add_paragraph(ANNEX)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(16)
    table = doc.add_table(rows=1 + len(rows), cols=len(COLUMNS))
    table.style = "Table Grid"
    for c, text in enumerate(COLUMNS):
        table.cell(0, c).text = text
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(_cells(row)):
            table.cell(r, c).text = "" if value is None else str(value)
    buf = io.BytesIO()
    doc.save(buf)
    _audit(campaign, user, "docx", len(rows))
    return buf.getvalue()


EXPORTERS = {"xlsx": (liaisons_xlsx, XLSX_MIME), "docx": (liaisons_docx, DOCX_MIME)}
