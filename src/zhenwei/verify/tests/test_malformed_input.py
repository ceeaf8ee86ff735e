"""A typo on the public checks is not an accusation: a malformed identity code or certificate number is
told how one looks and where it is printed; only a well-formed code that is not registered gets the
not-found warning."""

import urllib.parse

from zhenwei.verify.models import ScanEvent

ACCUSATION = "可能是假冒伪劣产品"


def test_malformed_product_code_is_told_the_format_not_the_accusation(client, db):
    html = client.get("/verify/", {"code": "hello world!"}).content.decode()
    assert ACCUSATION not in html and "查无此码" not in html
    assert "不是格式正确的产品身份标识码" in html
    assert "14位" in html and "5位数字+2位字母+5位数字+2位字母" in html  # how a code looks
    assert "铭牌" in html  # where it is printed
    assert ScanEvent.objects.count() == 1  # still logged: counterfeiters print wrong shapes too


def test_well_formed_unknown_code_still_gets_the_warning(client, db):
    html = client.get("/verify/", {"code": "12345ZZ54321ZZ"}).content.decode()
    assert ACCUSATION in html and "查无此码" in html


def test_api_marks_a_malformed_code(client, db):
    data = client.get("/api/v1/verify/product/" + urllib.parse.quote("hello world!")).json()
    assert data["verdict"] == "unknown" and data["malformed"] is True
    assert data["problem"] and ACCUSATION not in data["message"]
    ok = client.get("/api/v1/verify/product/12345ZZ54321ZZ").json()
    assert "malformed" not in ok and ACCUSATION in ok["message"]


def test_malformed_certificate_number_is_not_called_forged(client, db):
    html = client.post("/verify/certificate/", {"number": "hello world!", "name": "张三"}).content.decode()
    assert "证书可能是伪造的" not in html and "查无此证书" not in html
    assert "不是格式正确的证书编号" in html and "T" in html and "19位" in html
    unknown = client.post("/verify/certificate/", {"number": "T500235198503120011", "name": "张三"})
    assert "查无此证书" in unknown.content.decode()
