"""The whole "Done when" flow through the API: plan, draw, unqualified inspection with a sample,
the case it opens, correction, re-check, destruction, police transfer, closing (409 first)."""

import datetime as dt

from django.utils import timezone

from zhenwei.core.models import Share
from zhenwei.core.tests.factories import user_with_role
from zhenwei.inspections.models import ChecklistItem, Inspection


def test_full_flow_through_the_api(world, as_user):
    org = world.org
    api = as_user(org.officer_a)
    today = timezone.localdate()
    r = api.post(
        "/api/v1/inspection-plans/",
        {
            "title": "甲县使用领域灭火器抽查",
            "domain": "use",
            "division": org.a.code,
            "department": world.a_market.pk,
            "categories": ["fire-extinguisher"],
            "target_count": 4,
            "starts_on": str(today - dt.timedelta(days=10)),
            "ends_on": str(today + dt.timedelta(days=30)),
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    plan_id = r.json()["id"]
    r = api.post(f"/api/v1/inspection-plans/{plan_id}/draw/", {"seed": "api-seed"}, format="json")
    assert r.status_code == 200 and len(r.json()["targets"]) == 4
    assert all(len(t["inspectors"]) >= 2 for t in r.json()["targets"])
    assert api.get(f"/api/v1/inspection-plans/{plan_id}/redraw/").json()["same"] is True
    target = r.json()["targets"][0]

    items = api.get("/api/v1/checklist-items/?category=fire-extinguisher").json()["results"]
    by_code = {i["code"]: i["id"] for i in items}
    assert {"A01", "B01", "D01"} <= set(by_code)
    r = as_user(org.inspector_a).post(
        "/api/v1/inspections/",
        {
            "target": target["id"],
            "division": org.a.code,
            "department": world.a_fire.pk,
            "domain": "use",
            "category": "fire-extinguisher",
            "place": "甲县测试路1号一楼大厅",
            "product_name": "手提式干粉灭火器",
            "model": "MFZ/ABC4",
            "batch_no": "20250312",
            "origin": "某消防器材有限公司",
            "quantity": "12",
            "identity_code": "ab12cd34ef56gh",
            "inspected_on": str(today),
            "checks": [
                {"item": by_code["A01"], "result": "pass"},
                {"item": by_code["D01"], "result": "fail", "note": "压力表指针在红区"},
            ],
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    inspection = r.json()
    assert inspection["verification"]["found"] is False  # unknown code: looks counterfeit
    iid = inspection["id"]

    r = api.post(
        f"/api/v1/inspections/{iid}/judge/", {"judgment": "unqualified", "note": "现场判定"}, format="json"
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    assert set(body["reason_codes"]) == {"R04", "R08"}  # fake mark (code not found) and failed on-site test
    assert body["serve_due_on"] and body["deadlines"][0]["state"] == "pending"
    case_id = body["case"]
    assert case_id
    # Routing: unqualified use-domain fire product → market supervision and the certification body.
    shares = Share.objects.filter(object_id=iid, content_type__model="inspection")
    assert {s.to_department_id for s in shares} == {world.a_market.pk, world.cert_body.pk}

    assert api.post(f"/api/v1/inspections/{iid}/serve/", {}, format="json").status_code == 200
    assert (
        api.post(f"/api/v1/inspections/{iid}/objection/", {"note": "当事人不服"}, format="json").status_code
        == 200
    )
    r = api.post(
        f"/api/v1/inspections/{iid}/samples/",
        {
            "seal_number": "FT-2026-0001",
            "holder": "李强",
            "quantity": "2",
            "lab_name": "国家消防产品质检中心",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    sid = r.json()["id"]
    assert (
        api.post(
            f"/api/v1/samples/{sid}/custody/", {"action": "sent", "holder": "快递 SF1234"}, format="json"
        ).status_code
        == 201
    )
    r = api.post(
        f"/api/v1/samples/{sid}/custody/",
        {"action": "received_by_lab", "holder": "检验中心 收样员"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["result_due_on"]
    r = api.post(
        f"/api/v1/samples/{sid}/result/",
        {"result": "unqualified", "report_number": "XF2026-118"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["result"] == "unqualified"

    case = api.get(f"/api/v1/cases/{case_id}/").json()
    assert case["kind"] == "counterfeit" and case["source"] == "inspection"
    # Premature closing is refused with the blocking actions.
    r = api.post(f"/api/v1/cases/{case_id}/transition/", {"to": "closed"}, format="json")
    assert r.status_code == 409
    assert r.json()["detail"] and {b["kind"] for b in r.json()["blocking_actions"]} >= {
        "evidence",
        "destruction",
    }

    def add(kind, **kw):
        resp = api.post(f"/api/v1/cases/{case_id}/actions/", {"kind": kind, **kw}, format="json")
        assert resp.status_code == 201, resp.json()
        return resp.json()["id"]

    def complete(action_id, **kw):
        resp = api.post(f"/api/v1/case-actions/{action_id}/complete/", kw, format="json")
        assert resp.status_code == 200, resp.json()
        return resp.json()

    ev = add("evidence", title="现场照片、封样")
    order = add(
        "order_correct", title="责令停止销售并更换不合格灭火器", document_number="甲市监责改〔2026〕12号"
    )
    assert api.get(f"/api/v1/cases/{case_id}/").json()["status"] == "rectifying"
    police = add("police_transfer", document_number="甲市监移〔2026〕3号")
    assert api.get(f"/api/v1/cases/{case_id}/").json()["status"] == "transferred"
    destroy = add("destruction", title="收缴假冒灭火器")
    complete(ev, outcome="已固定")
    complete(order, outcome="已下架更换")
    recheck = add("recheck")
    r = api.post(f"/api/v1/case-actions/{recheck}/complete/", {}, format="json")
    assert r.status_code == 400 and "复查" in r.json()["detail"]
    complete(recheck, recheck_passed=True, outcome="复查合格")
    r = api.post(f"/api/v1/case-actions/{destroy}/complete/", {}, format="json")
    assert r.status_code == 400 and "销毁数量" in r.json()["detail"]
    complete(destroy, quantity_destroyed="12", unit="具")

    # The police see the transferred case, acknowledge, and record their decision.
    police_user = user_with_role("police_a", org.dept(org.a, "police"))
    pol = as_user(police_user)
    inbox = pol.get("/api/v1/case-shares/").json()["results"]
    share = next(s for s in inbox if s["target_type"] == "case" and s["object_id"] == case_id)
    assert pol.post(f"/api/v1/case-shares/{share['id']}/acknowledge/", {}, format="json").status_code == 200
    api = as_user(org.officer_a)
    r = api.post(f"/api/v1/case-actions/{police}/complete/", {}, format="json")
    assert r.status_code == 400  # no decision yet
    api.post(
        f"/api/v1/case-actions/{police}/progress/",
        {"police_decision": "filed", "police_case_number": "甲公刑立字〔2026〕88号"},
        format="json",
    )
    done = complete(police, outcome="公安机关已立案")
    assert done["police_received_on"] and done["police_decision"] == "filed"

    r = api.post(f"/api/v1/cases/{case_id}/transition/", {"to": "closed", "note": "处置完毕"}, format="json")
    assert r.status_code == 200, r.json()
    closed = r.json()
    assert closed["status"] == "closed" and closed["status_group"] == "closed" and closed["closed_on"]
    kinds = [e["kind"] for e in closed["events"]]
    assert kinds[0] == "created" and kinds.count("action_done") == 5 and "acknowledged" in kinds
    assert Inspection.objects.get(pk=iid).case_id == case_id
    assert ChecklistItem.objects.filter(category__code="fire-products").count() >= 8
