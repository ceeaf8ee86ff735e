"""Public certificate check: every verdict, masking, Traditional names, and no leak on mismatch."""

import pytest

URL = "/api/v1/verify/certificate"


def post(client, number, name):
    return client.post(URL, {"number": number, "name": name}, content_type="application/json")


@pytest.mark.parametrize("which", ["valid", "expired", "revoked", "suspended"])
def test_status_verdicts(client, certificates, which):
    cert = certificates[which]
    data = post(client, cert.number, "张小三").json()
    assert data["verdict"] == which
    assert data["certificate"]["status"] == which
    assert data["message"]


def test_valid_answer_masks_name_and_id(client, certificates):
    cert = certificates["valid"]
    data = post(client, cert.number, "张小三").json()
    facts = data["certificate"]
    assert facts["holder_name"] == "张*三"
    assert facts["holder_id_number"] == cert.holder_id_number[:3] + "*" * 11 + cert.holder_id_number[-4:]
    assert cert.holder_id_number not in str(data)
    assert "张小三" not in str(data)
    assert facts["operation_item"] == "低压电工作业"
    assert facts["expires_on"] == cert.expires_on.isoformat()


@pytest.mark.parametrize(
    "name,masked",
    [("张三", "张*"), ("欧阳小明", "欧**明"), ("王", "*")],
)
def test_masking_rules_for_short_and_long_names(client, org, name, masked):
    from zhenwei.registry.tests.factories import CertificateFactory

    cert = CertificateFactory(holder_name=name, division=org.a)
    assert post(client, cert.number, name).json()["certificate"]["holder_name"] == masked


def test_stored_valid_but_past_expiry_answers_expired(client, certificates):
    cert = certificates["expired"]
    assert cert.status == "valid"  # only the date has passed
    assert post(client, cert.number, "张小三").json()["verdict"] == "expired"


def test_unknown_number(client, certificates):
    data = post(client, "T000000000000000000", "张小三").json()
    assert data["verdict"] == "unknown"
    assert "certificate" not in data
    assert "12350" in data["message"]


def test_wrong_name_answers_mismatch_and_reveals_nothing(client, certificates):
    cert = certificates["valid"]
    data = post(client, cert.number, "李四").json()
    assert data["verdict"] == "mismatch"
    assert set(data) == {"number", "verdict", "verdict_label", "message"}
    text = str(data)
    assert "张" not in text and cert.holder_id_number[-4:] not in text and cert.authority not in text


def test_traditional_and_spaced_names_match(client, certificates):
    cert = certificates["valid"]
    assert post(client, cert.number, "張小三").json()["verdict"] == "valid"
    assert post(client, cert.number, " 张 小三 ").json()["verdict"] == "valid"
    assert post(client, f" {cert.number.lower()} ", "张小三").json()["verdict"] == "valid"


def test_missing_fields_answer_400_with_detail(client, db):
    response = client.post(URL, {"number": "T1"}, content_type="application/json")
    assert response.status_code == 400
    assert "name" in response.json()["detail"]


def test_certificate_rate_limited(client, certificates, settings):
    settings.VERIFY_RATE_LIMIT = "2/m"
    cert = certificates["valid"]
    codes = [post(client, cert.number, "李四").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
