"""Public pages (product with camera scanning, label landing, certificate, QR), staff pages and the
printable certificate PDF (rendered to an image and checked that it is not blank)."""

import pytest
from django.contrib.staticfiles import finders

from zhenwei.registry.choices import CodeStatus
from zhenwei.verify.models import ScanEvent


def test_product_page_form_and_scanner_assets(client, db):
    page = client.get("/verify/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="scan-start"' in html and 'id="scan-file"' in html
    assert "verify/jsqr-1.4.0.js" in html and "verify/scan.js" in html
    assert "cdn" not in html.lower()
    assert finders.find("verify/jsqr-1.4.0.js") and finders.find("verify/scan.js")
    assert ScanEvent.objects.count() == 0  # an empty form is not a scan


def test_product_page_answers_and_logs(client, codes):
    code = codes[CodeStatus.ACTIVE].code
    html = client.get("/verify/", {"code": code}, REMOTE_ADDR="203.0.113.9").content.decode()
    assert "手提式干粉灭火器" in html and "正品" in html
    html = client.get("/verify/", {"code": "12345ZZ54321ZZ"}).content.decode()
    assert "查无此码" in html and "12315" in html
    assert ScanEvent.objects.count() == 2


def test_product_page_place_by_name(client, codes, org):
    client.get("/verify/", {"code": codes[CodeStatus.ACTIVE].code, "place": "乙县"})
    assert ScanEvent.objects.get().division == org.b


def test_label_landing_page_tells_a_forged_label(client, codes, signing_key):
    from zhenwei.verify.labels import label_url

    code = codes[CodeStatus.ACTIVE].code
    url = label_url(code).replace("http://127.0.0.1:8000", "")
    good = client.get(url).content.decode()
    assert "标签签名有效" in good
    bad = client.get(url[:-1] + ("A" if url[-1] != "A" else "B")).content.decode()
    assert "标签签名无效" in bad


def test_product_page_rate_limited(client, codes, settings):
    settings.VERIFY_RATE_LIMIT = "1/m"
    code = codes[CodeStatus.ACTIVE].code
    assert client.get("/verify/", {"code": code}).status_code == 200
    assert client.get("/verify/", {"code": code}).status_code == 429


def test_certificate_page(client, certificates):
    cert = certificates["valid"]
    html = client.post("/verify/certificate/", {"number": cert.number, "name": "张小三"}).content.decode()
    assert "张*三" in html and "有效" in html
    assert cert.holder_id_number not in html
    html = client.post("/verify/certificate/", {"number": cert.number, "name": "李四"}).content.decode()
    assert "姓名不符" in html and "张*三" not in html


def test_qr_page(client, certificates, signing_key):
    from zhenwei.verify.services import qr_certificate_payload

    payload = qr_certificate_payload(certificate=certificates["valid"])
    html = client.post("/verify/qr/", {"qr": payload, "name": "张小三"}).content.decode()
    assert "签名有效" in html and "与签名一致" in html
    html = client.post("/verify/qr/", {"qr": "garbage"}).content.decode()
    assert "不是本平台的证书二维码" in html and ">malformed<" not in html  # the label, not the code


def test_portal_links_resolve(db):
    from django.apps import apps
    from django.urls import reverse

    for _title, url_name, _desc in apps.get_app_config("verify").portal_links:
        assert reverse(url_name)


def test_staff_index_shows_scans_and_suspects_in_scope(client, codes, org, settings):
    settings.CLONE_MAX_NETWORKS = 0
    client.get("/api/v1/verify/product/" + codes[CodeStatus.ACTIVE].code)
    client.force_login(org.officer_a)
    html = client.get("/staff/verify/").content.decode()
    assert codes[CodeStatus.ACTIVE].code in html
    client.force_login(org.officer_b)
    html = client.get("/staff/verify/").content.decode()
    assert codes[CodeStatus.ACTIVE].code not in html


def test_keys_page_needs_admin(client, org, signing_key):
    client.force_login(org.officer_a)
    assert client.get("/staff/verify/keys/").status_code == 403
    client.force_login(org.admin)
    assert signing_key.kid in client.get("/staff/verify/keys/").content.decode()


@pytest.fixture
def pdf_bytes(client, org, certificates, signing_key):
    client.force_login(org.officer_a)
    response = client.get("/staff/verify/certificate-pdf/", {"number": certificates["valid"].number})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_certificate_pdf_renders_a_non_blank_page_with_the_qr(pdf_bytes):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    assert len(pdf) == 1
    image = pdf[0].render(scale=1).to_pil().convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 0.01 * image.width * image.height  # text, frame and QR drawn
    text = pdf[0].get_textpage().get_text_range()
    assert "张小三" in text and "低压电工作业" in text


def test_certificate_pdf_masks_id_without_pii_and_audits_with_it(client, org, certificates, signing_key):
    import pypdfium2 as pdfium

    from zhenwei.core.models import AuditEntry

    cert = certificates["valid"]
    client.force_login(org.inspector_a)  # no "pii"
    data = client.get("/staff/verify/certificate-pdf/", {"number": cert.number}).content
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert cert.holder_id_number not in text
    client.force_login(org.officer_a)  # has "pii"
    data = client.get("/staff/verify/certificate-pdf/", {"number": cert.number}).content
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert cert.holder_id_number in text
    assert AuditEntry.objects.filter(action="view_pii", object_id=str(cert.pk)).count() == 1


def test_certificate_pdf_out_of_scope(client, org, certificates, signing_key):
    client.force_login(org.officer_b)
    response = client.get("/staff/verify/certificate-pdf/", {"number": certificates["valid"].number})
    assert response["Content-Type"].startswith("text/html")
    assert "管辖范围" in response.content.decode()


def test_staff_home_lists_open_suspects_in_scope(client, codes, org, settings):
    from zhenwei.verify.home import waiting

    settings.CLONE_MAX_NETWORKS = 0
    client.get("/api/v1/verify/product/" + codes[CodeStatus.ACTIVE].code)
    assert any(codes[CodeStatus.ACTIVE].code in item.title for item in waiting(org.officer_a))
    assert waiting(org.officer_b) == []
    assert waiting(org.viewer_a) == []


def test_admin_pages_load(client, org, codes, signing_key):
    client.get("/api/v1/verify/product/" + codes[CodeStatus.ACTIVE].code)
    client.force_login(org.admin)
    for url in ("/admin/verify/signingkey/", "/admin/verify/scanevent/", "/admin/verify/suspectcode/"):
        assert client.get(url).status_code == 200, url
