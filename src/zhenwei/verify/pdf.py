"""Printable certificate (A4) with the signed QR, Chinese text in the packaged CJK font."""

from __future__ import annotations

import io

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from zhenwei.core.fonts import reportlab_font
from zhenwei.core.masking import mask_id_number, mask_text

from . import conf
from .services import qr_certificate_payload


def qr_png(text: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def certificate_pdf(*, certificate, full_id: bool = False) -> bytes:
    """One A4 page: the certificate's facts and a QR any phone or ``zhenwei qr verify`` can check."""
    font = reportlab_font()
    payload = qr_certificate_payload(certificate=certificate)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    # A PDF is not text the answer guard can read: the number (T + ID number for special operation
    # certificates) is masked here unless the whole ID number is shown.
    number = certificate.number if full_id else mask_text(certificate.number)
    pdf.setTitle(f"安全生产证书 {number}")
    width, height = A4
    pdf.setStrokeColorRGB(0.72, 0.11, 0.11)
    pdf.setLineWidth(3)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 40 * mm, certificate.get_kind_display()[:24])
    pdf.setFont(font, 12)
    pdf.drawCentredString(width / 2, height - 48 * mm, "（核验件 · 以平台查询结果为准）")
    rows = [
        ("证书编号", number),
        ("持证人", certificate.holder_name),
        (
            "身份证号",
            certificate.holder_id_number if full_id else mask_id_number(certificate.holder_id_number),
        ),
        ("作业类别", certificate.operation_category or "—"),
        ("准操项目", certificate.operation_item or "—"),
        ("发证机关", certificate.authority),
        ("发证日期", certificate.issued_on.isoformat()),
        ("有效期至", certificate.expires_on.isoformat()),
        ("状态", certificate.get_status_display()),
    ]
    y = height - 70 * mm
    for label, value in rows:
        pdf.setFont(font, 13)
        pdf.drawString(30 * mm, y, f"{label}：")
        pdf.drawString(60 * mm, y, str(value)[:40])
        y -= 11 * mm
    image = ImageReader(io.BytesIO(qr_png(payload)))
    size = 62 * mm
    pdf.drawImage(image, (width - size) / 2, 42 * mm, size, size)
    pdf.setFont(font, 10)
    pdf.drawCentredString(
        width / 2,
        36 * mm,
        f"扫码或访问 {conf.base_url()}/verify/qr/ 核验签名；证书查询 {conf.base_url()}/verify/certificate/",
    )
    pdf.drawCentredString(width / 2, 30 * mm, "发现伪造证书请拨打安全生产举报投诉热线 12350")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
