"""The printable warning poster (警示公告, seed 000: 印制张贴警示公告，公布举报电话): hotline numbers and a
QR code to the official certificate verification page, on A4 or A3, drawn with reportlab."""

from __future__ import annotations

import io
import re

import segno
from django.conf import settings
from django.utils import timezone
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from zhenwei.core.fonts import reportlab_font

SIZES = {"A4": A4, "A3": A3}
DEFAULT_VERIFY_URL = "http://cx.mem.gov.cn/"
RED = HexColor("#C00000")
_NO_LINE_START = set("，。；：、）”’！？")
_NO_LINE_END = set("“‘（")
POINTS = [
    "凡是推销消防产品的培训都是假培训",
    "凡是上门收费的培训都是假培训",
    "凡是以培训为名接洽消防工程的都是假培训",
    "特种作业操作证、安全生产考核合格证必须参加考试，考试合格后发证；“免考”“包过”“直接拿证”“全国联网可查”都是骗局",
    "证书真伪只在应急管理部官方平台 cx.mem.gov.cn 查询，网址须以 .mem.gov.cn 结尾",
    "购买消防产品认准 3C 认证标志和消防产品身份信息标志，可在 cccf.com.cn 查询",
]


def verification_url() -> str:
    """The official certificate verification page from the web-watch registry (cx.mem.gov.cn)."""
    from zhenwei.webwatch.models import OfficialDomain

    row = OfficialDomain.objects.filter(is_active=True, is_verification=True, host="cx.mem.gov.cn").first()
    row = row or OfficialDomain.objects.filter(is_active=True, is_verification=True).order_by("sort").first()
    return (row.url or f"http://{row.host}/") if row else DEFAULT_VERIFY_URL


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break Chinese text into lines: Latin words and addresses stay whole, an opening quote never
    ends a line and closing punctuation never starts one."""
    tokens = re.findall(r"[A-Za-z0-9.:/_%-]+|.", text)
    lines: list[str] = []
    current = ""
    for token in tokens:
        if current and stringWidth(current + token, font, size) > width and token not in _NO_LINE_START:
            carry = ""
            while current and current[-1] in _NO_LINE_END:
                carry, current = current[-1] + carry, current[:-1]
            lines.append(current)
            current = carry + token
        else:
            current += token
    if current:
        lines.append(current)
    return lines


def _qr(pdf: canvas.Canvas, url: str, x: float, y: float, side: float) -> None:
    """Draw the QR code as vector squares (sharp at any print size), bottom-left corner at (x, y)."""
    code = segno.make(url, error="m")
    rows = list(code.matrix_iter(scale=1, border=2))
    cell = side / len(rows)
    pdf.setFillColor(white)
    pdf.rect(x, y, side, side, stroke=0, fill=1)
    pdf.setFillColor(black)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + c * cell, y + side - (r + 1) * cell, cell, cell, stroke=0, fill=1)


def render_poster(*, size: str = "A4", issuer: str = "", url: str | None = None) -> bytes:
    """The poster as PDF bytes. ``issuer`` (e.g. 农坝镇人民政府) is printed at the foot."""
    if size not in SIZES:
        raise ValueError(f"unknown paper size {size!r}; use A4 or A3")
    width, height = SIZES[size]
    k = width / A4[0]  # everything scales with the paper
    font = reportlab_font()
    url = url or verification_url()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    pdf.setTitle("警示公告")
    margin = 18 * mm * k
    # Red band with the title.
    pdf.setFillColor(RED)
    pdf.rect(0, height - 62 * mm * k, width, 62 * mm * k, stroke=0, fill=1)
    pdf.setFillColor(white)
    pdf.setFont(font, 44 * k)
    pdf.drawCentredString(width / 2, height - 32 * mm * k, "警 示 公 告")
    pdf.setFont(font, 15 * k)
    pdf.drawCentredString(width / 2, height - 48 * mm * k, "谨防冒牌消防培训  ·  严禁制售假冒安全生产证书")
    # The points.
    pdf.setFillColor(black)
    y = height - 78 * mm * k
    size_pt = 14 * k
    for i, point in enumerate(POINTS, start=1):
        lines = _wrap(point, font, size_pt, width - 2 * margin - 10 * mm * k)
        pdf.setFillColor(RED)
        pdf.setFont(font, size_pt)
        pdf.drawString(margin, y, f"{i}.")
        pdf.setFillColor(black)
        for line in lines:
            pdf.drawString(margin + 8 * mm * k, y, line)
            y -= size_pt * 1.5
        y -= size_pt * 0.5
    # Hotlines.
    y -= 4 * mm * k
    pdf.setFillColor(RED)
    pdf.setFont(font, 20 * k)
    pdf.drawString(margin, y, "举报电话")
    y -= 14 * mm * k
    hotlines = [(n, str(label)) for n, label in settings.HOTLINES if n not in ("119",)]
    column = (width - 2 * margin) / max(len(hotlines), 1)
    for i, (number, label) in enumerate(hotlines):
        cx = margin + column * (i + 0.5)
        pdf.setFillColor(black)
        pdf.setFont(font, 30 * k)
        pdf.drawCentredString(cx, y, number)
        pdf.setFont(font, 9.5 * k)
        pdf.drawCentredString(cx, y - 7 * mm * k, label)
    # QR code to the official verification page.
    side = 52 * mm * k
    qr_y = margin + 16 * mm * k
    _qr(pdf, url, margin, qr_y, side)
    pdf.setFont(font, 16 * k)
    text_x = margin + side + 8 * mm * k
    pdf.drawString(text_x, qr_y + side - 12 * mm * k, "扫码核验安全生产证书")
    pdf.setFont(font, 12 * k)
    pdf.drawString(text_x, qr_y + side - 22 * mm * k, "官方查询平台：")
    pdf.drawString(text_x, qr_y + side - 30 * mm * k, url)
    pdf.setFont(font, 10 * k)
    pdf.drawString(text_x, qr_y + side - 40 * mm * k, "扫码后请核对地址栏：网址须以 .mem.gov.cn 结尾")
    # Foot.
    pdf.setFont(font, 11 * k)
    foot = (
        f"{issuer[:40]}  {timezone.localdate():%Y年%m月%d日}"
        if issuer
        else f"{timezone.localdate():%Y年%m月}"
    )
    pdf.drawRightString(width - margin, margin, foot)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
