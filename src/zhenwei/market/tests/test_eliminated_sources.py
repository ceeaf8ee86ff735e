"""The seeded eliminated-product list says how each notice was checked; unconfirmed ones show 待核实."""

import importlib

from django.apps import apps
from django.test import Client

from zhenwei.market.models import EliminatedProductType
from zhenwei.market.reference import ELIMINATED_PRODUCTS, ELIMINATED_SOURCES

correct = importlib.import_module("zhenwei.market.migrations.0004_correct_eliminated_notices").correct


def test_every_seeded_entry_records_its_check(db):
    rows = {t.name: t for t in EliminatedProductType.objects.all()}
    assert set(ELIMINATED_SOURCES) == {p[0] for p in ELIMINATED_PRODUCTS} <= set(rows)
    for name, source in ELIMINATED_SOURCES.items():
        assert rows[name].source_check == source["source_check"] and rows[name].source_check_note
        if source["source_check"] == "verified":
            assert rows[name].source_url and rows[name].notice_number and rows[name].issued_on
    halon = rows["卤代烷（哈龙）灭火器"]
    assert halon.notice_number == "公通字〔1994〕94号" and "公消〔2001〕217号" in halon.source_check_note
    assert rows["手提式化学泡沫灭火器"].source_check == "unverified"
    assert rows["浴用直排式燃气热水器"].issuing_body == "国家轻工业局 国家国内贸易局"


def test_the_correction_is_idempotent_and_repairs_a_stale_row(db):
    EliminatedProductType.objects.filter(name="普通照明白炽灯").update(
        notice_number="旧文号", source_check="unverified", note="15瓦及以上已全部禁止"
    )
    before = EliminatedProductType.objects.count()
    correct(apps, None)
    lamp = EliminatedProductType.objects.get(name="普通照明白炽灯")
    assert lamp.source_check == "verified" and "2011年第28号" in lamp.notice_number
    snapshot = list(EliminatedProductType.objects.order_by("pk").values())
    correct(apps, None)
    assert list(EliminatedProductType.objects.order_by("pk").values()) == snapshot
    assert EliminatedProductType.objects.count() == before


def test_api_and_page_show_unverified_entries_as_such(org, as_user):
    body = as_user(org.officer_a).get("/api/v1/market/eliminated-products/?page_size=50").json()["results"]
    by_name = {t["name"]: t for t in body}
    assert by_name["手提式酸碱灭火器"]["source_check_label"] == "待核实"
    assert by_name["普通照明白炽灯"]["source_check_label"] == "已核实"
    assert by_name["普通照明白炽灯"]["source_url"].startswith("http")
    match = as_user(org.officer_a).post(
        "/api/v1/market/eliminated-products/match/", {"text": "酸碱灭火器"}, format="json"
    )
    assert match.json()[0]["source_check"] == "unverified"
    client = Client()
    client.force_login(org.officer_a)
    html = client.get("/staff/market/eliminated/").content.decode()
    assert "待核实" in html and "已核实" in html and "公通字〔1994〕94号" in html
