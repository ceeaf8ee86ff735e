"""Exports look like the paper form; the XLSX is also the upload template, validated cell by cell."""

import io
import shutil
import subprocess

import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from zhenwei.reports import services
from zhenwei.reports.exports import META_COLUMN, to_docx, to_pdf, to_xlsx
from zhenwei.reports.selectors import form_compute

from .conftest import OCT
from .test_workflow import client_for, line


def _row_of(ws, code):
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=META_COLUMN).value == code:
            return r
    raise AssertionError(code)


def test_xlsx_has_the_paper_layout(records, cert):
    report = services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.officer_a)
    services.report_update(
        report=report, actor=records.officer_a, preparer="王五", preparer_phone="023-55123456"
    )
    form = form_compute(template=cert, division=records.pc, month=OCT, with_units=True)
    wb = load_workbook(io.BytesIO(to_xlsx(form)))
    ws = wb["月报表"]
    assert ws["A1"].value == "专项行动情况月报表"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:E1" in merged
    labels = [
        ws.cell(row=r, column=3).value or ws.cell(row=r, column=2).value
        for r in range(1, ws.max_row + 1)
        if ws.cell(row=r, column=META_COLUMN).value
        and str(ws.cell(row=r, column=META_COLUMN).value).startswith("r")
    ]
    assert labels[0] == "辖区内生产经营单位（含央企子公司、分公司）数量（家）"
    assert labels[9] == "行政罚款（万元）" and labels[11] == "行政罚款（元）"
    assert len(labels) == 22
    r06, r10 = _row_of(ws, "r06"), _row_of(ws, "r10")
    assert f"B{r06}:B{r10}" in merged  # 生产经营单位 spans its five rows
    assert f"A{r06}:A{r10}" in merged  # 开展专项执法检查
    r14 = _row_of(ws, "r14")
    assert ws.cell(row=r14, column=4).value == 3 and ws.cell(row=r14, column=5).value == 4
    assert ws.cell(row=r14, column=2).value == "非法利用信息网络搭建假冒政府网站或为其提供技术服务"
    last = ws.max_row
    assert ws.cell(row=last, column=1).value == "填表人" and ws.cell(row=last, column=3).value == "联系电话"
    assert int(ws.page_setup.paperSize) == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.cell(row=r14, column=4).border.left.style == "thin"
    units = wb["分单位"]
    assert units.cell(row=2, column=4).value == "合计" and units.cell(row=2, column=6).value == records.a.name


def test_xlsx_neutralises_formula_injection(records, cert):
    """The shared guard (zhenwei.security.exports.safe_cell): text that a spreadsheet would run gets an
    apostrophe in front, full-width triggers too; figures stay numbers."""
    report = services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.officer_a)
    services.report_update(
        report=report,
        actor=records.officer_a,
        texts={"notice": '=HYPERLINK("http://x","y")'},
        preparer="＝cmd|' /C calc'!A0",
        preparer_phone="@SUM(1+1)",
    )
    form = form_compute(template=cert, division=records.a, month=OCT)
    raw = to_xlsx(form)
    ws = load_workbook(io.BytesIO(raw)).active
    cell = ws.cell(row=_row_of(ws, "notice"), column=4)
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x","y")'
    preparer_row = _row_of(ws, "preparer")
    assert ws.cell(row=preparer_row, column=2).value == "'＝cmd|' /C calc'!A0"
    assert ws.cell(row=preparer_row, column=4).value == "'@SUM(1+1)"
    assert b"<f>" not in raw  # no formula anywhere in the workbook
    # Ordinary text is untouched and figures are numbers, not text.
    assert ws.cell(row=_row_of(ws, "r14"), column=2).value.startswith("非法利用")
    figures = [ws.cell(row=_row_of(ws, "r14"), column=c) for c in (4, 5)]
    assert all(c.data_type == "n" and isinstance(c.value, int | float) and c.value > 0 for c in figures)


def test_docx_table_with_merged_cells(records, cert):
    form = form_compute(template=cert, division=records.pc, month=OCT, with_units=True)
    doc = Document(io.BytesIO(to_docx(form)))
    assert doc.paragraphs[0].text == "专项行动情况月报表"
    table = doc.tables[1]
    first_col = [row.cells[0].text for row in table.rows]
    assert first_col[1] == first_col[5] == "生产经营单位全面自查情况"  # merged: same cell repeated
    assert table.rows[6].cells[1].text == table.rows[10].cells[1].text == "生产经营单位"
    items = [row.cells[2].text for row in table.rows[1:]]
    assert items[0].startswith("辖区内生产经营单位") and items[-1] == "上报处理（人）"
    assert table.rows[14].cells[3].text == "3"
    assert any("填表人" in p.text for p in doc.paragraphs)


def test_pdf_page_is_not_blank(records, cert, tmp_path):
    form = form_compute(template=cert, division=records.a, month=OCT)
    pdf = to_pdf(form)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    if pdftoppm := shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603 - fixed arguments on our own file
            [pdftoppm, "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True
        )
        from PIL import Image

        image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    else:
        import pypdfium2 as pdfium

        image = pdfium.PdfDocument(str(path))[0].render(scale=0.5).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 500


def test_command_writes_each_format(records, cert, tmp_path):
    for fmt in ("xlsx", "docx", "pdf"):
        out = tmp_path / f"f.{fmt}"
        call_command(
            "report",
            "monthly",
            "--template",
            "cert-campaign-monthly",
            "--division",
            records.pc.code,
            "--month",
            "2026-10",
            "--format",
            fmt,
            "-o",
            str(out),
        )
        assert out.stat().st_size > 1000
    wb = load_workbook(tmp_path / "f.xlsx")
    assert wb.active["A1"].value == "专项行动情况月报表"


def test_export_page_downloads_and_is_audited(records):
    from zhenwei.core.models import AuditEntry

    c = client_for(records.office_p)
    resp = c.get(f"/staff/reports/form/cert-campaign-monthly/{records.pc.code}/2026-10/export/docx")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export").exists()


# ---- uploads ----------------------------------------------------------------------------------------


def _filled(template, division, values=None, **cells):
    form = form_compute(template=template, division=division, month=OCT)
    wb = load_workbook(io.BytesIO(to_xlsx(form, blank=True)))
    ws = wb.active
    for code, (m, c) in (values or {}).items():
        r = _row_of(ws, code)
        ws.cell(row=r, column=4, value=m)
        ws.cell(row=r, column=5, value=c)
    for coord, value in cells.items():
        ws[coord] = value
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_upload_is_counted_in_the_rollup(records, cert):
    buf = _filled(cert, records.b, {"r14": (4, 9), "r06": (12, 40)})
    report = services.report_upload(
        template=cert, division=records.b, month=OCT, fileobj=buf, name="乙县.xlsx", actor=records.office_p
    )
    assert report.source == "upload" and report.status == "submitted"
    city = form_compute(template=cert, division=records.pc, month=OCT, with_units=True)
    r14 = line(city, "r14")
    assert r14.units[1] == (4, 9)
    assert r14.month.value == 2 + 4  # A's records + B's uploaded figure (B's own records replaced)
    r06 = line(city, "r06")
    assert r06.month.value == 12  # a row with no platform records yet still sums the upload


def test_upload_through_the_page(records, cert):
    c = client_for(records.office_p)
    buf = _filled(cert, records.b, {"r14": (1, 2)})
    buf.name = "乙县.xlsx"
    resp = c.post(
        "/staff/reports/upload/",
        {"template": "cert-campaign-monthly", "division": records.b.code, "month": "2026-10", "file": buf},
    )
    assert resp.status_code == 302


@pytest.mark.parametrize(
    "values, expected",
    [
        ({"r14": ("十二", 3)}, "不是数字"),
        ({"r14": (-1, 3)}, "不能为负数"),
        ({"r14": (1.5, 3)}, "应为整数"),
        ({"r14": (5, 3)}, "累计数据小于本月数据"),
    ],
)
def test_upload_errors_name_the_cell(records, cert, values, expected):
    buf = _filled(cert, records.b, values)
    with pytest.raises(ValidationError) as exc:
        services.report_upload(
            template=cert, division=records.b, month=OCT, fileobj=buf, name="x.xlsx", actor=records.office_p
        )
    message = " ".join(exc.value.messages)
    assert expected in message
    assert "D" in message or "E" in message


def test_upload_wrong_unit_names_the_cell(records, cert):
    form = form_compute(template=cert, division=records.b, month=OCT)
    wb = load_workbook(io.BytesIO(to_xlsx(form, blank=True)))
    ws = wb.active
    r = _row_of(ws, "r06")
    ws.cell(row=r, column=3, value="执法检查（个）")
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    with pytest.raises(ValidationError) as exc:
        services.report_upload(
            template=cert, division=records.b, month=OCT, fileobj=buf, name="x.xlsx", actor=records.office_p
        )
    assert f"C{r}" in exc.value.messages[0] and "家" in exc.value.messages[0]


def test_upload_wrong_template_is_refused(records, cert, fire):
    buf = _filled(fire, records.b)
    with pytest.raises(ValidationError) as exc:
        services.report_upload(
            template=cert, division=records.b, month=OCT, fileobj=buf, name="x.xlsx", actor=records.office_p
        )
    assert "模板不符" in exc.value.messages[0]
    from zhenwei.reports.models import MonthlyReport

    assert not MonthlyReport.objects.exists()


def test_upload_not_an_xlsx(records, cert):
    with pytest.raises(ValidationError):
        services.report_upload(
            template=cert,
            division=records.b,
            month=OCT,
            fileobj=io.BytesIO(b"hello"),
            name="x.xlsx",
            actor=records.office_p,
        )


def test_upload_outside_scope_is_refused(records, cert):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.report_upload(
            template=cert,
            division=records.b,
            month=OCT,
            fileobj=_filled(cert, records.b),
            name="x.xlsx",
            actor=records.officer_a,
        )


def test_pdf_has_the_notes_column(records, cert):
    """The 说明 column of the form page is in the PDF too: the heading, and why a figure is "—"."""
    form = form_compute(template=cert, division=records.a, month=OCT)
    number = next(x for x in form.lines if x.row.kind == "number")
    number.month.value = number.cumulative.value = None
    number.note = "本平台暂无此项数据来源"  # as form_compute sets it for a metric without records
    document = pypdfium2.PdfDocument(to_pdf(form))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    flat = "".join(text.split())
    assert "说明" in flat
    assert "本平台暂无此项数据来源" in flat
