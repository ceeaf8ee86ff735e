"""Exports that look like the paper forms: XLSX (also the upload template), DOCX and PDF.

Layout of the number part (seed 002 annex 1): 类别 | 分项 | 项目（单位） | 本月数据 | 累计数据, with the
category and subcategory cells merged over their rows; the free-text part above it; the preparer
line below. Roll-ups add a sheet / table with every lower unit's figures beside the sum.
"""

from __future__ import annotations

import io
from decimal import Decimal
from itertools import groupby

from zhenwei.security.exports import safe_cell

from .choices import RowKind
from .selectors import Form, FormLine

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
META_COLUMN = 7  # hidden column G: row codes and the template slug, read back by the upload parser


def fmt(value: Decimal | None, unit: str = "") -> str:
    """Numbers as printed: integers without decimals, money in 万元 with up to 4 decimals."""
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return f"{int(value)}"
    places = 4 if unit == "万元" else 2
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text


def item_label(line: FormLine) -> str:
    row = line.row
    return f"{row.label}（{row.unit}）" if row.unit else row.label


def month_label(form: Form) -> str:
    return f"{form.month.year}年{form.month.month}月"


def units_with_data(form: Form) -> list[int]:
    """Indexes of lower units worth printing: with a report or any non-zero figure."""
    keep = []
    for i, unit in enumerate(form.units):
        if unit.pk in form.unit_reports:
            keep.append(i)
            continue
        for line in form.lines:
            if line.units and any(v for v in line.units[i] if v):
                keep.append(i)
                break
    return keep


def reporting_summary(form: Form) -> str:
    """应报 / 已报 / 未报 of the lower units, naming each missing one and what it carries."""
    if not form.unit_status:
        return ""
    missing = [
        s.unit.name + (f"（累计沿用{s.carried_from.month:%Y-%m}报送数）" if s.carried_from else "")
        for s in form.missing_units
    ]
    text = f"下级单位报送情况：应报{len(form.unit_status)}个，已报{len(form.reported_units)}个"
    return text + (f"，未报{len(missing)}个：{'、'.join(missing)}" if missing else "")


def _sections(lines: list[FormLine]):
    """Consecutive lines grouped by section, then by group (for merged cells)."""
    for section, sec_lines in groupby(lines, key=lambda x: x.row.section):
        sec_lines = list(sec_lines)
        yield section, [(g, list(gl)) for g, gl in groupby(sec_lines, key=lambda x: x.row.group)]


# ---- XLSX ------------------------------------------------------------------------------------------


def _safe(cell, value):
    """Write a cell through the shared formula-injection guard: text that a spreadsheet would run
    (``= + - @``, full-width forms, after leading spaces or a tab) gets an apostrophe in front;
    numbers, dates and empty cells are written as they are."""
    cell.value = safe_cell(value)
    return cell


def to_xlsx(form: Form, *, blank: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "月报表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    bold = Font(bold=True)

    def put(r, c, value, *, align=center, font=None):
        cell = _safe(ws.cell(row=r, column=c), value)
        cell.alignment = align
        cell.border = border
        if font:
            cell.font = font
        return cell

    def frame(r1, c1, r2, c2):
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                ws.cell(row=r, column=c).border = border

    ws.merge_cells("A1:E1")
    # Written as is: the upload parser matches A1 against the template title, which only platform
    # administrators set (audited); every other text cell goes through _safe.
    title = ws.cell(row=1, column=1, value=form.template.title)
    title.font = Font(bold=True, size=16)
    title.alignment = center
    ws.row_dimensions[1].height = 30
    put(2, 1, "单 位", font=bold)
    ws.merge_cells("B2:E2")
    put(
        2,
        2,
        form.division.full_name if hasattr(form.division, "full_name") else str(form.division),
        align=left,
    )
    frame(2, 2, 2, 5)
    put(3, 1, "月 份", font=bold)
    ws.merge_cells("B3:E3")
    put(3, 2, month_label(form), align=left)
    frame(3, 2, 3, 5)
    ws.cell(row=1, column=META_COLUMN, value=f"zhenwei:{form.template.slug}")
    r = 4
    text_lines = [x for x in form.lines if x.row.kind == RowKind.TEXT]
    number_lines = [x for x in form.lines if x.row.kind == RowKind.NUMBER]
    if text_lines:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
        put(r, 1, "一、组织部署情况", align=left, font=bold)
        frame(r, 1, r, 5)
        r += 1
        put(r, 1, "类 别", font=bold)
        put(r, 2, "项 目", font=bold)
        put(r, 3, "内容要求", font=bold)
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=5)
        put(r, 4, "相关内容", font=bold)
        frame(r, 4, r, 5)
        r += 1
        for section, groups in _sections(text_lines):
            start = r
            for _group, lines in groups:
                for line in lines:
                    put(r, 1, section)
                    put(r, 2, line.row.group or "")
                    put(r, 3, line.row.label, align=left)
                    ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=5)
                    put(r, 4, "" if blank else line.text, align=left)
                    frame(r, 4, r, 5)
                    ws.cell(row=r, column=META_COLUMN, value=line.row.code)
                    # Free text wraps in the merged cell: give the row room for every line it needs.
                    lines_needed = max(2, -(-len("" if blank else line.text) // 15))
                    ws.row_dimensions[r].height = 15 * lines_needed + 4
                    r += 1
            if r - 1 > start:
                ws.merge_cells(start_row=start, start_column=1, end_row=r - 1, end_column=1)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    put(r, 1, "二、专项实施情况（每月一报）", align=left, font=bold)
    frame(r, 1, r, 5)
    r += 1
    put(r, 1, "类 别", font=bold)
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
    put(r, 2, "项 目", font=bold)
    frame(r, 2, r, 3)
    put(r, 4, "本月数据", font=bold)
    put(r, 5, "累计数据", font=bold)
    header_row = r
    r += 1
    for section, groups in _sections(number_lines):
        sec_start = r
        for group, lines in groups:
            grp_start = r
            for line in lines:
                put(r, 1, section)
                if group:
                    put(r, 2, group)
                    put(r, 3, item_label(line), align=left)
                else:
                    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
                    put(r, 2, item_label(line), align=left)
                    frame(r, 2, r, 3)
                for col, cell in ((4, line.month), (5, line.cumulative)):
                    value = None if blank or cell.value is None else float(cell.value)
                    c = put(r, col, value)
                    if value is not None:
                        c.number_format = "0.0000" if line.row.unit == "万元" and value % 1 else "0"
                ws.cell(row=r, column=META_COLUMN, value=line.row.code)
                r += 1
            if group and r - 1 > grp_start:
                ws.merge_cells(start_row=grp_start, start_column=2, end_row=r - 1, end_column=2)
        if r - 1 > sec_start:
            ws.merge_cells(start_row=sec_start, start_column=1, end_row=r - 1, end_column=1)
    put(r, 1, "填表人", font=bold)
    put(r, 2, "" if blank else form.preparer)
    put(r, 3, "联系电话", font=bold)
    ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=5)
    put(r, 4, "" if blank else form.preparer_phone)
    frame(r, 4, r, 5)
    ws.cell(row=r, column=META_COLUMN, value="preparer")
    last = r
    for col, width in zip("ABCDE", (16, 22, 40, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.column_dimensions[get_column_letter(META_COLUMN)].hidden = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:E{last}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.freeze_panes = None

    keep = units_with_data(form)
    if keep and not blank:
        us = wb.create_sheet("分单位")
        us.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3 + 2 * (len(keep) + 1))
        t = _safe(
            us.cell(row=1, column=1),
            f"{form.template.title}（分单位汇总）{form.division.name} {month_label(form)}",
        )
        t.font = Font(bold=True, size=14)
        t.alignment = center
        heads = [("合计", None)] + [(form.units[i].name, i) for i in keep]
        us.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
        us.merge_cells(start_row=2, start_column=2, end_row=3, end_column=2)
        us.merge_cells(start_row=2, start_column=3, end_row=3, end_column=3)
        for c, text in ((1, "类 别"), (2, "项 目"), (3, "单位")):
            cell = _safe(us.cell(row=2, column=c), text)
            cell.font = bold
            cell.alignment = center
        for j, (name, _i) in enumerate(heads):
            col = 4 + 2 * j
            us.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 1)
            _safe(us.cell(row=2, column=col), name).alignment = center
            us.cell(row=3, column=col, value="本月").alignment = center
            us.cell(row=3, column=col + 1, value="累计").alignment = center
        rr = 4
        for line in number_lines:
            _safe(us.cell(row=rr, column=1), line.row.section).alignment = left
            _safe(
                us.cell(row=rr, column=2), (f"{line.row.group}·" if line.row.group else "") + line.row.label
            )
            _safe(us.cell(row=rr, column=3), line.row.unit)
            vals = [(line.month.value, line.cumulative.value)] + [line.units[i] for i in keep]
            for j, (m, c) in enumerate(vals):
                us.cell(row=rr, column=4 + 2 * j, value=None if m is None else float(m))
                us.cell(row=rr, column=5 + 2 * j, value=None if c is None else float(c))
            rr += 1
        for row in us.iter_rows(min_row=2, max_row=rr - 1, max_col=3 + 2 * len(heads)):
            for cell in row:
                cell.border = border
        _safe(us.cell(row=rr + 1, column=1), reporting_summary(form))
        us.column_dimensions["A"].width = 18
        us.column_dimensions["B"].width = 36
        us.page_setup.orientation = "landscape"
        us.page_setup.paperSize = us.PAPERSIZE_A4
        us.page_setup.fitToWidth = 1
        us.page_setup.fitToHeight = 0
        us.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---- DOCX ------------------------------------------------------------------------------------------


def to_docx(form: Form) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(form.template.title)
    run.bold = True
    run.font.size = Pt(16)
    doc.add_paragraph(f"单位：{form.division.full_name}　　月份：{month_label(form)}")

    text_lines = [x for x in form.lines if x.row.kind == RowKind.TEXT]
    number_lines = [x for x in form.lines if x.row.kind == RowKind.NUMBER]
    if text_lines:
        doc.add_paragraph("一、组织部署情况")
        t = doc.add_table(rows=1 + len(text_lines), cols=4)
        t.style = "Table Grid"
        for c, text in enumerate(("类别", "项目", "内容要求", "相关内容")):
            t.cell(0, c).text = text
        r = 1
        for section, groups in _sections(text_lines):
            start = r
            for _g, lines in groups:
                for line in lines:
                    t.cell(r, 1).text = line.row.group
                    t.cell(r, 2).text = line.row.label
                    t.cell(r, 3).text = line.text
                    r += 1
            merged = t.cell(start, 0).merge(t.cell(r - 1, 0)) if r - 1 > start else t.cell(start, 0)
            merged.text = section
    doc.add_paragraph("二、专项实施情况（每月一报）")
    table = doc.add_table(rows=1 + len(number_lines), cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, text in enumerate(("类别", "项目", "", "本月数据", "累计数据")):
        table.cell(0, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2)).text = "项目"
    r = 1
    for section, groups in _sections(number_lines):
        sec_start = r
        for group, lines in groups:
            grp_start = r
            for line in lines:
                if group:
                    table.cell(r, 2).text = item_label(line)
                else:
                    table.cell(r, 1).merge(table.cell(r, 2)).text = item_label(line)
                table.cell(r, 3).text = fmt(line.month.value, line.row.unit)
                table.cell(r, 4).text = fmt(line.cumulative.value, line.row.unit)
                r += 1
            if group:
                cell = (
                    table.cell(grp_start, 1).merge(table.cell(r - 1, 1))
                    if r - 1 > grp_start
                    else table.cell(grp_start, 1)
                )
                cell.text = group
        cell = (
            table.cell(sec_start, 0).merge(table.cell(r - 1, 0))
            if r - 1 > sec_start
            else table.cell(sec_start, 0)
        )
        cell.text = section
    doc.add_paragraph(f"填表人：{form.preparer}　　　　联系电话：{form.preparer_phone}")

    keep = units_with_data(form)
    if keep:
        doc.add_paragraph(f"附：分单位情况（{form.division.name}，本月/累计）")
        ut = doc.add_table(rows=1 + len(number_lines), cols=2 + len(keep))
        ut.style = "Table Grid"
        ut.cell(0, 0).text = "项目"
        ut.cell(0, 1).text = "合计"
        for j, i in enumerate(keep):
            ut.cell(0, 2 + j).text = form.units[i].name
        for rr, line in enumerate(number_lines, start=1):
            ut.cell(rr, 0).text = item_label(line)
            ut.cell(
                rr, 1
            ).text = f"{fmt(line.month.value, line.row.unit)}/{fmt(line.cumulative.value, line.row.unit)}"
            for j, i in enumerate(keep):
                m, c = line.units[i]
                ut.cell(rr, 2 + j).text = f"{fmt(m, line.row.unit)}/{fmt(c, line.row.unit)}"
        doc.add_paragraph(reporting_summary(form))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---- PDF -------------------------------------------------------------------------------------------


def to_pdf(form: Form) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from zhenwei.core.fonts import reportlab_font
    from zhenwei.core.masking import pii_text

    def shown(value: str) -> str:
        # A PDF cannot be masked on its way out (its text is compressed), so personal data in free
        # text (text rows, notes, the preparer's phone) is masked here unless the user holds "pii"
        # in the form's division; whole values are recorded for the answer's audit row.
        return pii_text(value, obj=form.division)

    font = reportlab_font()
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=form.template.title,
    )
    story = [
        Paragraph(form.template.title, title),
        Spacer(1, 4 * mm),
        Paragraph(f"单位：{form.division.full_name}　　月份：{month_label(form)}", body),
        Spacer(1, 3 * mm),
    ]
    text_lines = [x for x in form.lines if x.row.kind == RowKind.TEXT]
    number_lines = [x for x in form.lines if x.row.kind == RowKind.NUMBER]
    # 说明: why a figure is "—" (no source on the platform), as on the form page.
    data = [["类别", "项目", "", "本月数据", "累计数据", "说明"]]
    spans = [("SPAN", (1, 0), (2, 0))]
    for line in text_lines:
        data.append(
            [
                Paragraph(line.row.section, body),
                Paragraph(line.row.group, body),
                Paragraph(line.row.label, body),
                Paragraph(shown(line.text or ""), body),
                "",
                "",
            ]
        )
        spans.append(("SPAN", (3, len(data) - 1), (4, len(data) - 1)))
    for section, groups in _sections(number_lines):
        sec_start = len(data)
        for group, lines in groups:
            grp_start = len(data)
            for line in lines:
                data.append(
                    [
                        Paragraph(section, body) if len(data) == sec_start else "",
                        Paragraph(group, body) if group and len(data) == grp_start else "",
                        Paragraph(item_label(line), body),
                        fmt(line.month.value, line.row.unit),
                        fmt(line.cumulative.value, line.row.unit),
                        Paragraph(shown(f"“—”：{line.note}"), body) if line.note else "",
                    ]
                )
                if not group:
                    data[-1][1] = Paragraph(item_label(line), body)
                    data[-1][2] = ""
                    spans.append(("SPAN", (1, len(data) - 1), (2, len(data) - 1)))
            if group and len(data) - 1 > grp_start:
                spans.append(("SPAN", (1, grp_start), (1, len(data) - 1)))
        if len(data) - 1 > sec_start:
            spans.append(("SPAN", (0, sec_start), (0, len(data) - 1)))
    data.append(
        [shown(f"填表人：{form.preparer}"), "", shown(f"联系电话：{form.preparer_phone}"), "", "", ""]
    )
    spans += [
        ("SPAN", (0, len(data) - 1), (1, len(data) - 1)),
        ("SPAN", (2, len(data) - 1), (5, len(data) - 1)),
    ]
    table = Table(data, colWidths=[24 * mm, 30 * mm, 50 * mm, 20 * mm, 20 * mm, 36 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (3, 0), (4, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                *spans,
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buf.getvalue()


EXPORTERS = {"xlsx": (to_xlsx, XLSX_MIME), "docx": (to_docx, DOCX_MIME), "pdf": (to_pdf, PDF_MIME)}


def export(form: Form, fmt_name: str) -> tuple[bytes, str]:
    try:
        func, mime = EXPORTERS[fmt_name]
    except KeyError:
        raise ValueError(f"unknown format {fmt_name!r} (xlsx, docx, pdf)") from None
    return func(form), mime


def filename(form: Form, fmt_name: str) -> str:
    return f"{form.template.slug}-{form.division.code}-{form.month:%Y-%m}.{fmt_name}"


def departments_xlsx(overview) -> bytes:
    """The campaign office's view as XLSX (sheet 分部门): for each number row, each member
    department's 本月 / 累计, the total, and under the header each department's status (逾期未报…)."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "分部门"
    title = f"{overview.template.title}（分部门） {overview.division.name} {overview.month:%Y年%m月}"
    _safe(ws.cell(row=1, column=1), title).font = Font(bold=True, size=13)
    header = ["类别", "项目", "单位"]
    for column in overview.columns:
        header += [f"{column.department.name} 本月", f"{column.department.name} 累计"]
    header += ["合计 本月", "合计 累计"]
    for i, text in enumerate(header, start=1):
        cell = _safe(ws.cell(row=3, column=i), text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    status = ["", "报送情况", ""]
    for column in overview.columns:
        status += [f"{column.status_display}（应于{column.due:%m月%d日}前）", ""]
    for i, text in enumerate(status, start=1):
        _safe(ws.cell(row=4, column=i), text)
    r = 5
    for row, figures, total in overview.table():
        values = [row.section, row.label, row.unit]
        for m, c in [*figures, total]:
            values += [None if m is None else float(m), None if c is None else float(c)]
        for i, value in enumerate(values, start=1):
            _safe(ws.cell(row=r, column=i), value)
        r += 1
    late = "、".join(c.department.name for c in overview.late) or "无"
    _safe(ws.cell(row=r + 1, column=1), f"逾期未报部门：{late}")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 36
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
