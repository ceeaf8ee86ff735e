"""Demo monthly reports: 云阳县 has submitted and had accepted its forms for 2026-03..09 (October is
left open for a newcomer to submit); 农坝镇 reports its fire-products form to the county; 江口镇, not
on the platform, uploaded its filled-in XLSX form for September and October. The months are authored
for 2026 and placed relative to today (``demodates.month``: every month moves by the same number of
months, so the last accepted month is two months before the month the authored November lands on)."""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction

from zhenwei.core import demodates
from zhenwei.core.models import Division, User

from .exports import to_xlsx
from .models import MonthlyReport, ReportTemplate
from .selectors import form_compute
from .services import report_accept, report_ensure, report_submit, report_update, report_upload

MONTHS = [dt.date(2026, m, 1) for m in range(3, 10)]
PUBLICITY = "县融媒体中心专题报道{n}篇，微信公众号推送{m}期，发放宣传资料{k}份"
# 江口镇's paper figures (fire-products form): row code → (month, cumulative) per month.
JIANGKOU = {
    dt.date(2026, 9, 1): {
        "f01": (6, 31),
        "f05": (14, 62),
        "f06": (2, 9),
        "f07": (1, 3),
        "f15": (1, 4),
        "f16": (2, 7),
    },
    dt.date(2026, 10, 1): {
        "f01": (4, 35),
        "f05": (9, 71),
        "f06": (1, 10),
        "f07": (0, 3),
        "f15": (2, 6),
        "f16": (1, 8),
    },
}


def _jiangkou_xlsx(template, division, authored) -> bytes:
    """The blank form exported by the platform, filled in as 江口镇 would."""
    from openpyxl import load_workbook

    from .exports import META_COLUMN

    form = form_compute(template=template, division=division, month=demodates.month(authored))
    wb = load_workbook(io.BytesIO(to_xlsx(form, blank=True)))
    ws = wb.worksheets[0]
    figures = JIANGKOU[authored]
    for r in range(1, ws.max_row + 1):
        code = ws.cell(row=r, column=META_COLUMN).value
        if code in figures:
            ws.cell(row=r, column=4, value=figures[code][0])
            ws.cell(row=r, column=5, value=figures[code][1])
        elif code == "notice":
            ws.cell(
                row=r,
                column=4,
                value="江口镇关于开展打击假冒伪劣消防产品专项整治的通知（江口府发〔2026〕11号）",
            )
        elif code == "preparer":
            ws.cell(row=r, column=2, value="向红梅")
            ws.cell(row=r, column=4, value="023-55710131")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def load(*, stdout) -> None:
    users = {
        u.username: u for u in User.objects.filter(username__in=["yy_office", "cq_office", "nb_officer"])
    }
    if len(users) < 3:
        stdout.write("reports: demo users missing, skipped")
        return
    templates = {t.slug: t for t in ReportTemplate.objects.all()}
    yunyang = Division.objects.get(code="500235")
    nongba = Division.objects.get(code="500235116")
    jiangkou = Division.objects.get(code="500235131")
    made = 0
    with transaction.atomic():
        fire = templates["fire-products-monthly"]
        for authored in [*MONTHS, dt.date(2026, 10, 1)]:
            month = demodates.month(authored)
            if MonthlyReport.objects.filter(template=fire, division=nongba, month=month).exists():
                continue
            report = report_ensure(template=fire, division=nongba, month=month, actor=users["nb_officer"])
            report_update(
                report=report, actor=users["nb_officer"], preparer="张明", preparer_phone="023-55690116"
            )
            report_submit(report=report, actor=users["nb_officer"])
            if authored.month < 10:
                report_accept(report=report, actor=users["yy_office"])
            made += 1
        for authored in JIANGKOU:
            month = demodates.month(authored)
            if MonthlyReport.objects.filter(template=fire, division=jiangkou, month=month).exists():
                continue
            data = _jiangkou_xlsx(fire, jiangkou, authored)
            report = report_upload(
                template=fire,
                division=jiangkou,
                month=month,
                fileobj=io.BytesIO(data),
                name=f"江口镇消防产品月报{month:%Y%m}.xlsx",
                actor=users["yy_office"],
            )
            if authored.month == 9:
                report_accept(report=report, actor=users["yy_office"])
            made += 1
        for slug in ("cert-campaign-monthly", "fire-products-monthly", "anti-counterfeit-monthly"):
            template = templates[slug]
            for i, authored in enumerate(MONTHS):
                month = demodates.month(authored)
                if MonthlyReport.objects.filter(template=template, division=yunyang, month=month).exists():
                    continue
                report = report_ensure(
                    template=template, division=yunyang, month=month, actor=users["yy_office"]
                )
                texts = {}
                if slug == "cert-campaign-monthly":
                    texts["publicity"] = PUBLICITY.format(n=2 + i % 3, m=3 + i, k=800 + 150 * i)
                report_update(
                    report=report,
                    actor=users["yy_office"],
                    texts=texts or None,
                    preparer="赵磊",
                    preparer_phone="023-55123350",
                )
                report_submit(report=report, actor=users["yy_office"])
                report_accept(report=report, actor=users["cq_office"])
                made += 1
    stdout.write(f"reports: {made} new monthly reports")
