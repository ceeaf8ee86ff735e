"""An inspected product on the eliminated/banned list (国家明令淘汰, seed 000) is flagged with its notice
and becomes an unqualified finding (reason R09) unless the inspector writes why the match is wrong."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from zhenwei.inspections.services import inspection_judge, inspection_record
from zhenwei.market.models import EliminatedProductType


def _payload(world, product_name, model=""):
    return {
        "division": world.org.a.code,
        "department": world.a_fire.pk,
        "domain": "use",
        "category": "fire-extinguisher",
        "place": "甲县某商场",
        "subject_name": "甲县某商场",
        "product_name": product_name,
        "model": model,
    }


def _record(world, product_name, model=""):
    return inspection_record(
        actor=world.org.inspector_a,
        division=world.org.a,
        department=world.a_fire,
        category=world.extinguisher,
        domain="use",
        subject_name="甲县某商场",
        place="甲县某商场",
        product_name=product_name,
        model=model,
    )


def test_an_eliminated_product_is_flagged_over_the_api_and_judged_unqualified_with_r09(world, as_user):
    halon = EliminatedProductType.objects.get(name="卤代烷（哈龙）灭火器")
    api = as_user(world.org.inspector_a)
    r = api.post(
        "/api/v1/inspections/", _payload(world, "手提式灭火器", model="1211 滅火器 4kg"), format="json"
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    assert [m["id"] for m in body["eliminated_matches"]] == [halon.pk]
    match = body["eliminated_matches"][0]
    assert match["notice_title"] == halon.notice_title and match["notice_number"] == halon.notice_number
    listed = api.get("/api/v1/inspections/?judgment=pending").json()["results"]
    assert next(i for i in listed if i["id"] == body["id"])["eliminated_matches"][0]["name"] == halon.name

    judged = api.post(f"/api/v1/inspections/{body['id']}/judge/", {"judgment": "unqualified"}, format="json")
    assert judged.status_code == 200, judged.json()
    assert judged.json()["reason_codes"] == ["R09"]
    from zhenwei.cases.models import Case

    case = Case.objects.get(pk=judged.json()["case"])
    assert halon.notice_number in case.clue.description and "国家明令淘汰产品" in case.clue.description


def test_a_normal_product_is_not_flagged(world, as_user):
    r = as_user(world.org.inspector_a).post(
        "/api/v1/inspections/", _payload(world, "手提式干粉灭火器", model="MFZ/ABC4"), format="json"
    )
    assert r.status_code == 201 and r.json()["eliminated_matches"] == []
    # Water-based foam is lawful: the exclusion keeps it off the chemical-foam entry.
    assert _record(world, "水基型泡沫灭火器").eliminated_matches == []
    inspection = _record(world, "二氧化碳灭火器")
    assert inspection_judge(
        inspection=inspection, judgment="qualified", actor=world.org.inspector_a
    ).judgment == ("qualified")


def test_judging_a_flagged_product_qualified_needs_the_reason_the_match_is_wrong(world):
    inspection = _record(world, "化学泡沫灭火器")
    assert inspection.eliminated_matches
    with pytest.raises(ValidationError, match="明令淘汰"):
        inspection_judge(inspection=inspection, judgment="qualified", actor=world.org.inspector_a)
    inspection.refresh_from_db()
    assert inspection.judgment == "pending"
    inspection = inspection_judge(
        inspection=inspection,
        judgment="qualified",
        actor=world.org.inspector_a,
        note="经核对铭牌为水基型泡沫灭火器，标签误写",
    )
    assert inspection.judgment == "qualified" and inspection.eliminated_matches  # the match stays on record


def test_the_pages_show_the_warning_with_the_notice(world):
    halon = EliminatedProductType.objects.get(name="卤代烷（哈龙）灭火器")
    inspection = _record(world, "哈龙灭火器")
    client = Client()
    client.force_login(world.org.inspector_a)
    html = client.get(f"/staff/inspections/{inspection.pk}/").content.decode()
    assert 'id="eliminated-warning"' in html and halon.notice_number in html and halon.notice_title in html
    assert 'value="R09"' in html and "checked" in html.split('value="R09"')[1][:40]
    assert "明令淘汰" in client.get("/staff/inspections/").content.decode()
    normal = _record(world, "ABC干粉灭火器")
    assert 'id="eliminated-warning"' not in client.get(f"/staff/inspections/{normal.pk}/").content.decode()


def test_an_unverified_notice_is_shown_as_such(world, as_user):
    inspection = _record(world, "手提式酸碱灭火器")
    assert inspection.eliminated_matches[0]["source_check"] == "unverified"
    client = Client()
    client.force_login(world.org.inspector_a)
    assert "依据待核实" in client.get(f"/staff/inspections/{inspection.pk}/").content.decode()
    api = as_user(world.org.inspector_a).get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert api["eliminated_matches"][0]["source_check_label"] == "待核实"


def test_the_form_warns_early_and_again_after_saving(world):
    import datetime as dt

    from django.urls import reverse

    client = Client()
    client.force_login(world.org.inspector_a)
    url = reverse("inspections:inspection-create")
    page = client.get(url).content.decode()
    assert 'id="eliminated-warning"' in page and "inspections/eliminated_check.js" in page
    assert reverse("api:market-eliminated-match") in page
    r = client.post(
        url,
        {
            "category": world.extinguisher.pk,
            "subject_name": "甲县某商场",
            "place": "甲县某商场",
            "division": world.org.a.pk,
            "department": world.a_fire.pk,
            "domain": "use",
            "product_name": "1211灭火器",
            "unit": "个",
            "inspected_on": dt.date.today().isoformat(),
        },
        follow=True,
    )
    html = r.content.decode()
    assert "该产品命中国家明令淘汰/禁售产品" in html and "公通字〔1994〕94号" in html
