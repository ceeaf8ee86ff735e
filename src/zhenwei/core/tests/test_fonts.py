"""PDFs must show Chinese: render a page to an image and look at it."""

import io

import pypdfium2 as pdfium


def _render(text: str):
    from reportlab.lib.pagesizes import A6
    from reportlab.pdfgen import canvas

    from zhenwei.core.fonts import reportlab_font

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A6)
    c.setFont(reportlab_font(), 40)
    c.drawString(20, 300, text)
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    return page.render(scale=1).to_pil().convert("L").crop((0, 0, 200, 140))


def _ink(img) -> int:
    return sum(img.histogram()[:128])


def test_chinese_glyphs_render_as_distinct_shapes():
    zhuan, xiang, blank = _render("专"), _render("项"), _render(" ")
    assert _ink(blank) == 0
    assert _ink(zhuan) > 50 and _ink(xiang) > 50, "glyphs drew no ink"
    assert zhuan.tobytes() != xiang.tobytes(), "different characters drew the same shape (tofu boxes)"


def test_traditional_characters_are_in_the_font():
    assert _ink(_render("專")) > 50
