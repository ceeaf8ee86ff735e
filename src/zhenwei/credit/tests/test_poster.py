"""The warning poster renders: the page is not blank, the text area has ink, sizes are right."""

import pypdfium2 as pdfium
import pytest


def _page(content: bytes):
    return pdfium.PdfDocument(content)[0]


def _dark_fraction(image, box) -> float:
    region = image.convert("L").crop(box)
    histogram = region.histogram()
    return sum(histogram[:100]) / (region.width * region.height)


@pytest.mark.django_db
def test_poster_a4_renders_with_text_and_qr(client):
    response = client.get("/credit/poster.pdf", {"size": "A4", "issuer": "农坝镇人民政府"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = _page(response.content)
    width, height = page.get_size()
    assert round(width) == 595 and round(height) == 842
    image = page.render(scale=1).to_pil()
    w, h = image.size
    assert image.convert("L").getextrema()[0] < 50, "page is blank"
    # The points (text area under the red band) carry dark ink; the red band is not white.
    assert _dark_fraction(image, (40, int(h * 0.25), w - 40, int(h * 0.5))) > 0.01
    assert (
        image.convert("RGB").getpixel((w // 2, 10))[0] > 150
        and image.convert("RGB").getpixel((w // 2, 10))[1] < 60
    )
    # The QR code's corner (bottom left) is mostly dark modules.
    assert _dark_fraction(image, (55, int(h * 0.72), 200, int(h * 0.86))) > 0.3
    text = page.get_textpage().get_text_range()
    assert "12350" in text and "cx.mem.gov.cn" in text and "警" in text


@pytest.mark.django_db
def test_poster_a3_and_bad_size(client):
    page = _page(client.get("/credit/poster.pdf", {"size": "a3"}).content)
    assert round(page.get_size()[0]) == 842
    assert client.get("/credit/poster.pdf", {"size": "B5"}).status_code == 400
