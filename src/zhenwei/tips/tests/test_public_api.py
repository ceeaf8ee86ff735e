"""The public surface: anonymous API, public pages, receipt progress, honeypot, rate limits, uploads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenwei.core.models import EvidenceFile
from zhenwei.tips.models import Tip
from zhenwei.tips.receipt import ALPHABET, LENGTH, receipt_clean

from .helpers import PNG

BODY = {
    "category": "fire-extinguisher",
    "wrong_kind": "counterfeit",
    "division": "980101001",
    "description": "镇上五金店卖的灭火器扫身份证标志查不到，压力表指针不动",
    "identity_code": "12345ab67890cd",
}


def test_public_submit_returns_receipt_and_routes(org, cats, api_client):
    response = api_client.post("/api/v1/tips/public/", BODY, format="json")
    assert response.status_code == 201, response.content
    code = response.json()["receipt"]
    clean = receipt_clean(code)
    assert clean is not None and len(clean) == LENGTH and set(clean) <= set(ALPHABET)
    tip = Tip.objects.get()
    assert tip.channel == "web" and tip.status == "received" and tip.anonymous
    assert tip.identity_code == "12345AB67890CD"
    assert tip.receipt_digest != clean and clean not in str(Tip.objects.values().get())  # only a hash is kept
    # Town T has its own market department: the most specific lead rule (extinguishers in A) picks it.
    assert tip.lead_department == org.dept(org.t, "market")


def test_public_cannot_choose_a_hotline_channel(org, cats, api_client):
    response = api_client.post("/api/v1/tips/public/", {**BODY, "channel": "12350"}, format="json")
    assert response.status_code == 201
    assert Tip.objects.get().channel == "web"


def test_receipt_progress_shows_public_stages_only(org, cats, api_client, as_user):
    code = api_client.post("/api/v1/tips/public/", BODY, format="json").json()["receipt"]
    tip = Tip.objects.get()
    officer = org.officer_t
    staff = as_user(officer)
    assert staff.post(f"/api/v1/tips/{tip.pk}/note/", {"note": "内部：店主是某某亲戚"}).status_code == 200
    assert staff.post(f"/api/v1/tips/{tip.pk}/accept/", {"note": "内部受理意见"}).status_code == 200
    staff.post(f"/api/v1/tips/{tip.pk}/reply/", {"text": "已现场查扣问题灭火器。", "note": "内部答复说明"})
    api_client.force_authenticate(user=None)
    response = api_client.get(f"/api/v1/tips/public/{code.lower()}/")
    assert response.status_code == 200
    data = response.json()
    text = str(data)
    assert data["status"] == "replied" and "已现场查扣问题灭火器" in text
    assert data["department"] == org.dept(org.t, "market").name
    assert data["investigation"] == "线索核查中"
    for secret in ("内部", "某某亲戚", officer.username, str(officer)):
        assert secret not in text


def test_wrong_receipt_is_404_and_typo_is_caught(org, cats, api_client):
    code = receipt_clean(api_client.post("/api/v1/tips/public/", BODY, format="json").json()["receipt"])
    typo = code[:3] + ALPHABET[(ALPHABET.index(code[3]) + 1) % len(ALPHABET)] + code[4:]
    assert receipt_clean(typo) is None  # the check character catches a single wrong character
    assert api_client.get(f"/api/v1/tips/public/{typo}/").status_code == 404


def test_honeypot_refuses_and_writes_nothing(org, cats, api_client):
    response = api_client.post(
        "/api/v1/tips/public/", {**BODY, "website": "http://spam.example"}, format="json"
    )
    assert response.status_code == 400
    assert Tip.objects.count() == 0


def test_public_submission_rate_limited_per_network(org, cats, api_client, settings):
    settings.TIPS_SUBMIT_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert (
            api_client.post(
                "/api/v1/tips/public/", BODY, format="json", REMOTE_ADDR="203.0.113.5"
            ).status_code
            == 201
        )
    blocked = api_client.post("/api/v1/tips/public/", BODY, format="json", REMOTE_ADDR="203.0.113.77")
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    # Another network is not affected.
    assert (
        api_client.post("/api/v1/tips/public/", BODY, format="json", REMOTE_ADDR="198.51.100.1").status_code
        == 201
    )
    assert Tip.objects.count() == 3


def test_status_lookups_rate_limited(org, cats, api_client, settings):
    settings.TIPS_STATUS_RATE_LIMIT = "3/m"
    codes = [api_client.get("/api/v1/tips/public/ABCDEFGHJKMNPQR/").status_code for _ in range(4)]
    assert codes[:3] == [404, 404, 404] and codes[3] == 429


def test_attachment_stored_and_bad_file_leaves_nothing(org, cats, api_client):
    good = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = api_client.post("/api/v1/tips/public/", {**BODY, "attachments": [good]}, format="multipart")
    assert response.status_code == 201, response.content
    tip = Tip.objects.get()
    assert EvidenceFile.objects.filter(object_id=tip.pk, mime_type="image/png").count() == 1

    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a picture" * 20, content_type="image/png")
    response = api_client.post("/api/v1/tips/public/", {**BODY, "attachments": [fake]}, format="multipart")
    assert response.status_code == 400
    assert "photo.png" in response.json()["detail"]
    assert Tip.objects.count() == 1 and EvidenceFile.objects.count() == 1


def test_attachment_size_cap(org, cats, api_client, monkeypatch):
    monkeypatch.setattr("zhenwei.tips.services.intake.MAX_ATTACHMENT_BYTES", 100)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * 500, content_type="image/png")
    response = api_client.post("/api/v1/tips/public/", {**BODY, "attachments": [big]}, format="multipart")
    assert response.status_code == 400 and "超过大小上限" in response.json()["detail"]
    assert Tip.objects.count() == 0


def test_named_tip_needs_phone_and_valid_id(org, cats, api_client):
    response = api_client.post(
        "/api/v1/tips/public/",
        {
            **BODY,
            "anonymous": False,
            "reporter_name": "王建国",
            "reporter_phone": "12",
            "reporter_id_number": "110101199003071234",
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "reporter_phone" in errors and "reporter_id_number" in errors
    assert Tip.objects.count() == 0


@pytest.mark.parametrize("path", ["/tips/new/", "/tips/status/"])
def test_public_pages_render_without_login(org, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'name="division"' in response.content.decode() or "回执码" in response.content.decode()


def test_public_form_submits_and_status_page_shows_progress(org, cats, client):
    response = client.post(
        "/tips/new/",
        {
            "kind": "tip",
            "category": cats.cert.pk,
            "wrong_kind": "fake_certificate",
            "division": ["980000", "980100", "980101", "980101001"],
            "description": "有人在微信群卖特种作业操作证，说不用考试直接拿证",
            "anonymous": "on",
            "website": "",
        },
    )
    assert response.status_code == 201, response.content.decode()[:2000]
    tip = Tip.objects.get()
    assert tip.division == org.t
    html = response.content.decode()
    code = html.split('class="receipt">')[1].split("<")[0]
    status = client.post("/tips/status/", {"code": code})
    assert status.status_code == 200 and "正在进行受理审查" in status.content.decode()
    assert client.post("/tips/status/", {"code": "ABCD-EFGH-JKMN-PQR"}).status_code == 404


def test_division_picker_returns_children(org, client):
    html = client.get("/tips/divisions/", {"division": ["980000", "980100", "980101"]}).content.decode()
    assert "980101001" in html and "甲县一镇" in html


def _form(cats, **extra):
    return {
        "kind": "tip",
        "category": cats.ext.pk,
        "wrong_kind": "counterfeit",
        "division": ["980000", "980100", "980101"],
        "description": "县城五金店卖的灭火器扫码查不到，压力表不动",
        "anonymous": "on",
        **extra,
    }


def test_public_form_honeypot_and_rate_limit(org, cats, client, settings):
    refused = client.post("/tips/new/", _form(cats, website="http://spam.example"))
    assert refused.status_code == 400 and "提交被拒绝" in refused.content.decode()
    assert Tip.objects.count() == 0
    settings.TIPS_SUBMIT_RATE_LIMIT = "1/h"
    assert client.post("/tips/new/", _form(cats)).status_code == 201
    blocked = client.post("/tips/new/", _form(cats))
    assert blocked.status_code == 429 and "提交过于频繁" in blocked.content.decode()
    assert Tip.objects.count() == 1


def test_public_form_errors_keep_the_chosen_place(org, cats, client):
    response = client.post("/tips/new/", _form(cats, description="太短"))
    html = response.content.decode()
    assert response.status_code == 400 and "至少 10 个字" in html
    assert 'value="980101" selected' in html
