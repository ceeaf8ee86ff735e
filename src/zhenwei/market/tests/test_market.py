"""Eliminated products, listing import and checks, seller clues, logistics-site checks."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zhenwei.cases.models import Clue
from zhenwei.market.eliminated import eliminated_match
from zhenwei.market.importers import import_listings
from zhenwei.market.models import Listing, LogisticsChecklistItem
from zhenwei.market.services import logistics_check_record
from zhenwei.registry.tests.factories import (
    CertificateFactory,
    EnterpriseFactory,
    IdentityCodeFactory,
    ProductFactory,
)

HEADER = "platform,shop,seller_id,title,price,claimed_code,url,time,division_code\n"


def _feed(tmp_path, rows, name="feed.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _normal_rows(n=6, division="980101"):
    return [
        f"淘宝,安全消防专营店,S{i:03d},手提式干粉灭火器 4kg MFZ/ABC4,{90 + i},,https://item.example.cn/{i},2026-03-10,{division}"
        for i in range(n)
    ]


# ------------------------------------------------------------------ eliminated products


def test_eliminated_match_text_traditional_and_exclusions(db):
    names = [t.name for t in eliminated_match("正品 1211滅火器 哈龍 老式")]
    assert names == ["卤代烷（哈龙）灭火器"]
    assert [t.name for t in eliminated_match("手提式化学泡沫灭火器 倒置使用")] == ["手提式化学泡沫灭火器"]
    # a water-based foam extinguisher is not the eliminated chemical-foam one
    assert eliminated_match("水基型泡沫灭火器 倒置使用灭火器说明") == []
    assert eliminated_match("手提式干粉灭火器 4kg") == []


def test_eliminated_match_registry_product(org):
    product = ProductFactory(division=org.a, name="直排式燃气热水器", model="JSZ-6")
    assert [t.kind for t in eliminated_match(product)] == ["banned"]
    flagged = ProductFactory(division=org.a, name="某型灭火器", is_eliminated=True)
    assert eliminated_match(flagged)  # flagged in the registry, matched through its category


def test_eliminated_api_match(org, as_user):
    r = as_user(org.officer_a).post(
        "/api/v1/market/eliminated-products/match/", {"text": "水银体温计 家用"}, format="json"
    )
    assert r.status_code == 200 and r.json()[0]["name"] == "含汞体温计、含汞血压计"
    assert len(as_user(org.officer_b).get("/api/v1/market/eliminated-products/").json()["results"]) >= 6


# ------------------------------------------------------------------ import


def test_import_rejects_bad_rows_with_line_numbers_and_is_idempotent(org, tmp_path):
    path = _feed(
        tmp_path,
        [
            *_normal_rows(2),
            "淘宝,店,,无卖家编号的商品,10,,,,980101",  # line 4
            "淘宝,店,S9,价格错误,abc,,,,980101",  # line 5
            "淘宝,店,S9,区划错误,10,,,,123456",  # line 6
            "淘宝,店,S9,链接错误,10,,ftp://x,,980101",  # line 7
        ],
    )
    first = import_listings(path=path, actor=org.officer_a)
    assert (first.read, first.created, first.rejected) == (6, 2, 4)
    assert [line for line, _ in first.errors] == [4, 5, 6, 7]
    assert "卖家编号为空" in first.errors[0][1] and "不是数字" in first.errors[1][1]
    second = import_listings(path=path, actor=org.officer_a)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    path.write_text(path.read_text(encoding="utf-8").replace(",90,", ",85,"), encoding="utf-8")
    third = import_listings(path=path, actor=org.officer_a)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert Listing.objects.count() == 2


def test_import_jsonl_with_chinese_keys_and_default_division(org, tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        {
            "平台": "拼多多",
            "店铺": "好物店",
            "卖家编号": "P1",
            "标题": "消防水带 20米",
            "价格": "120",
            "链接": "https://p.example.cn/1",
        },
        {
            "platform": "拼多多",
            "seller_id": "P2",
            "title": "烟感报警器",
            "price": 35,
            "time": "2026-04-01 10:00",
        },
    ]
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n", encoding="utf-8"
    )
    summary = import_listings(path=path, actor=org.officer_a)
    assert (summary.created, summary.rejected) == (2, 1) and summary.errors[0][0] == 3
    hose = Listing.objects.get(seller_id="P1")
    assert hose.division == org.a and hose.category.code == "fire-hose"
    assert Listing.objects.get(seller_id="P2").category.code == "smoke-alarm"


def test_import_command(org, tmp_path):
    path = _feed(tmp_path, _normal_rows(3))
    out, err = StringIO(), StringIO()
    call_command("import", "listings", str(path), "--user", "officer_a", stdout=out, stderr=err)
    assert "created 3" in out.getvalue() and "suspicious 0" in out.getvalue()


# ------------------------------------------------------------------ checks and clues


def test_unknown_certificate_opens_one_clue_per_seller(org, tmp_path):
    path = _feed(
        tmp_path,
        [
            *_normal_rows(6),
            "淘宝,消防器材批发,BAD1,3C认证 灭火器 5kg,88,2026081899999999,https://item.example.cn/x1,2026-03-12,980101",
            "淘宝,消防器材批发,BAD1,灭火器 2kg 车载,60,2026081899999998,https://item.example.cn/x2,2026-03-12,980101",
        ],
    )
    summary = import_listings(path=path, actor=org.officer_a)
    assert (summary.suspicious, summary.clues) == (2, 1)
    clue = Clue.objects.get(dedupe_key="listing-seller:淘宝:BAD1")
    assert clue.source == "listing" and clue.division == org.a
    assert clue.department == org.dept(org.a, "market")  # nearest market supervision (no routing rule)
    assert "2026081899999999" in clue.description and "2件可疑商品" in clue.title
    assert set(Listing.objects.filter(seller_id="BAD1").values_list("clue", flat=True)) == {clue.pk}
    assert Listing.objects.get(url__endswith="/x1").finding_codes == ["unknown_certificate"]
    # re-importing opens no second clue
    import_listings(path=path, actor=org.officer_a)
    assert Clue.objects.filter(dedupe_key="listing-seller:淘宝:BAD1").count() == 1


def test_registry_codes_and_certificates(org, tmp_path):
    good = IdentityCodeFactory(product=ProductFactory(division=org.a))
    revoked = IdentityCodeFactory(product=ProductFactory(division=org.a), status="revoked")
    product_cert = ProductFactory(division=org.a).access_certificate_no
    valid_cert = CertificateFactory(division=org.a).number
    expired = CertificateFactory(division=org.a, expires_on=dt.date(2025, 1, 1)).number
    path = _feed(
        tmp_path,
        [
            f"京东,店A,A1,灭火器,90,{good.code.lower()},https://jd.example.cn/1,,980101",
            f"京东,店A,A2,灭火器,90,{revoked.code},https://jd.example.cn/2,,980101",
            f"京东,店A,A3,灭火器,90,{product_cert},https://jd.example.cn/3,,980101",
            f"京东,店A,A4,低压电工 操作证,90,{valid_cert},https://jd.example.cn/4,,980101",
            f"京东,店A,A5,低压电工 操作证,90,{expired},https://jd.example.cn/5,,980101",
            "京东,店A,A6,灭火器,90,12345AB67890CD,https://jd.example.cn/6,,980101",
        ],
    )
    import_listings(path=path, actor=org.officer_a)
    codes = {x.seller_id: x.finding_codes for x in Listing.objects.all()}
    assert codes["A1"] == [] and codes["A3"] == [] and codes["A4"] == []
    assert codes["A2"] == ["code_inactive"]
    assert codes["A5"] == ["certificate_invalid"]
    assert codes["A6"] == ["unknown_identity_code"]


def test_eliminated_price_and_ad_findings(org, tmp_path):
    path = _feed(
        tmp_path,
        [
            *_normal_rows(6),
            "淘宝,老库存,E1,1211灭火器 库存清仓,45,,https://item.example.cn/e1,,980101",
            "淘宝,低价店,L1,手提式干粉灭火器 4kg,9.9,,https://item.example.cn/l1,,980101",
            "淘宝,办证,C1,特种作业操作证 免考包过 官网可查 加微信,300,,https://item.example.cn/c1,,980101",
        ],
    )
    import_listings(path=path, actor=org.officer_a)
    assert "eliminated" in Listing.objects.get(seller_id="E1").finding_codes
    assert Listing.objects.get(seller_id="L1").finding_codes == ["price_far_below"]
    assert "fake_certificate_ad" in Listing.objects.get(seller_id="C1").finding_codes
    assert not Listing.objects.get(seller_id="S000").is_suspicious


def test_price_check_needs_enough_listings(org, tmp_path, settings):
    settings.MARKET_PRICE_MIN_SAMPLE = 50
    path = _feed(
        tmp_path,
        [*_normal_rows(6), "淘宝,低价店,L1,手提式干粉灭火器 4kg,9.9,,https://item.example.cn/l1,,980101"],
    )
    import_listings(path=path, actor=org.officer_a)
    assert Listing.objects.get(seller_id="L1").finding_codes == []


def test_listings_are_not_visible_to_the_sibling_county(org, tmp_path, as_user, client):
    import_listings(path=_feed(tmp_path, _normal_rows(2)), actor=org.officer_a)
    assert as_user(org.officer_b).get("/api/v1/market/listings/").json()["results"] == []
    assert len(as_user(org.officer_a).get("/api/v1/market/listings/").json()["results"]) == 2
    assert len(as_user(org.office_p).get("/api/v1/market/listings/").json()["results"]) == 2
    listing = Listing.objects.first()
    client.force_login(org.officer_b)
    assert client.get(f"/staff/market/listings/{listing.pk}/").status_code == 404
    client.force_login(org.officer_a)
    assert client.get(f"/staff/market/listings/{listing.pk}/").status_code == 200
    assert client.get("/staff/market/listings/?is_suspicious=false").status_code == 200
    assert client.get("/staff/market/sellers/").status_code == 200


# ------------------------------------------------------------------ logistics


@pytest.fixture
def depot(org):
    return EnterpriseFactory(name="甲县顺达快递分拨中心", kind="logistics", division=org.a)


def _answers(result="pass"):
    return {i.code: result for i in LogisticsChecklistItem.objects.filter(is_active=True)}


def test_logistics_checklist_is_seeded(db):
    groups = set(LogisticsChecklistItem.objects.values_list("group", flat=True))
    assert {"acceptance_inspection", "real_name", "security_screening"} <= groups


def test_logistics_check_rules(org, depot):
    answers = _answers()
    check = logistics_check_record(
        enterprise=depot,
        department=org.dept(org.a, "market"),
        checked_on=dt.date(2026, 3, 15),
        answers=answers,
        actor=org.officer_a,
    )
    assert check.result == "pass" and check.answers.count() == len(answers)
    answers["SM-01"] = ("fail", "未查验寄件人身份证件")
    check = logistics_check_record(
        enterprise=depot,
        department=org.dept(org.a, "market"),
        checked_on=dt.date(2026, 3, 15),
        answers=answers,
        actor=org.officer_a,
    )
    assert (check.result, check.failed_count) == ("fail", 1)
    with pytest.raises(ValidationError, match="具体情况"):
        logistics_check_record(
            enterprise=depot,
            department=org.dept(org.a, "market"),
            checked_on=dt.date(2026, 3, 15),
            answers={**answers, "SM-01": "fail"},
            actor=org.officer_a,
        )
    missing = dict(answers)
    missing.pop("AJ-01")
    with pytest.raises(ValidationError, match="AJ-01"):
        logistics_check_record(
            enterprise=depot,
            department=org.dept(org.a, "market"),
            checked_on=dt.date(2026, 3, 15),
            answers=missing,
            actor=org.officer_a,
        )
    shop = EnterpriseFactory(kind="retailer", division=org.a)
    with pytest.raises(ValidationError, match="不是快递物流"):
        logistics_check_record(
            enterprise=shop,
            department=org.dept(org.a, "market"),
            checked_on=dt.date(2026, 3, 15),
            answers=_answers(),
            actor=org.officer_a,
        )


def test_logistics_api(org, depot, as_user):
    client = as_user(org.officer_a)
    items = client.get("/api/v1/market/logistics-checks/checklist/").json()
    payload = {
        "enterprise": depot.pk,
        "department": org.dept(org.a, "market").pk,
        "checked_on": "2026-03-15",
        "answers": [{"code": i["code"], "result": "pass"} for i in items],
    }
    r = client.post("/api/v1/market/logistics-checks/", payload, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["result"] == "pass"
    assert as_user(org.officer_b).get(f"/api/v1/market/logistics-checks/{r.json()['id']}/").status_code == 404
    payload["enterprise"] = depot.pk
    assert (
        as_user(org.officer_b).post("/api/v1/market/logistics-checks/", payload, format="json").status_code
        == 400
    )


def test_listing_list_query_count_does_not_grow(org, tmp_path, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(org.officer_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/market/listings/").status_code == 200
        return len(ctx.captured_queries)

    import_listings(path=_feed(tmp_path, _normal_rows(2), "a.csv"), actor=org.officer_a)
    count()
    few = count()
    import_listings(path=_feed(tmp_path, _normal_rows(12), "b.csv"), actor=org.officer_a)
    assert count() == few


def test_import_long_utf8_file_and_gb18030(org, tmp_path):
    # more than the 4 KB encoding sample, so a character is cut at the sample's end
    rows = [
        f"淘宝,消防器材店铺{i},S{i:04d},手提式干粉灭火器 4kg 第{i}款,{90 + i % 9},,https://x.example.cn/{i},,980101"
        for i in range(120)
    ]
    assert import_listings(path=_feed(tmp_path, rows), actor=org.officer_a).created == 120
    gb = tmp_path / "gb.csv"
    gb.write_bytes((HEADER + "淘宝,国标店,G1,灭火毯 1.2米,45,,,,980101\n").encode("gb18030"))
    assert import_listings(path=gb, actor=org.officer_a).created == 1
    assert Listing.objects.get(seller_id="G1").category.code == "fire-blanket"
