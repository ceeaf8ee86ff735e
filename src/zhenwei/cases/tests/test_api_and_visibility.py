"""API: 409 on premature close, filters; visibility across divisions through API and pages."""

import datetime as dt

from django.test import Client

from zhenwei.cases.choices import ActionKind, CaseKind
from zhenwei.cases.models import Case
from zhenwei.cases.services import case_action_add, clue_open


def test_premature_close_answers_409_with_blocking_actions(org, make_case, as_user):
    case = make_case(kind=CaseKind.COUNTERFEIT)
    action = case_action_add(case=case, kind=ActionKind.SEIZURE, actor=org.officer_a)
    r = as_user(org.officer_a).post(f"/api/v1/cases/{case.pk}/transition/", {"to": "closed"}, format="json")
    assert r.status_code == 409
    body = r.json()
    assert "不能结案" in body["detail"]
    assert {(b["kind"], b["id"]) for b in body["blocking_actions"]} == {
        ("seizure", action.pk),
        ("evidence", None),
        ("destruction", None),
    }
    assert Case.objects.get(pk=case.pk).status == "investigating"


def test_invalid_transition_is_400_with_detail(org, make_case, as_user):
    case = make_case()
    r = as_user(org.officer_a).post(
        f"/api/v1/cases/{case.pk}/transition/", {"to": "transferred"}, format="json"
    )
    assert r.status_code == 400 and "不能从" in r.json()["detail"]


def test_case_list_filters(org, make_case, as_user):
    a = make_case(title="甲县案件")
    t = make_case(title="镇案件", division=org.t, source="tip")
    case_action_add(
        case=t, kind=ActionKind.EVIDENCE, actor=org.officer_a, due_on=dt.date.today() - dt.timedelta(days=3)
    )
    api = as_user(org.officer_a)

    def ids(q):
        return {c["id"] for c in api.get(f"/api/v1/cases/?{q}").json()["results"]}

    assert ids("") == {a.pk, t.pk}
    assert ids("status=open") == {a.pk}
    assert ids("status=handling") == {t.pk}
    assert ids("source=tip") == {t.pk}
    assert ids(f"division={org.t.code}") == {t.pk}
    assert ids("overdue=true") == {t.pk}
    assert ids("overdue=false") == {a.pk}
    assert ids(f"department={org.dept(org.t, 'market').pk}") == {t.pk}


def test_officer_b_cannot_read_or_change_county_a_cases(org, make_case, as_user):
    case = make_case()
    action = case_action_add(case=case, kind=ActionKind.EVIDENCE, actor=org.officer_a)
    api = as_user(org.officer_b)
    assert api.get("/api/v1/cases/").json()["results"] == []
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert (
        api.post(
            f"/api/v1/cases/{case.pk}/transition/", {"to": "dismissed", "note": "x"}, format="json"
        ).status_code
        == 404
    )
    assert (
        api.post(f"/api/v1/cases/{case.pk}/actions/", {"kind": "penalty"}, format="json").status_code == 404
    )
    assert api.post(f"/api/v1/case-actions/{action.pk}/complete/", {}, format="json").status_code == 404
    client = Client()
    client.force_login(org.officer_b)
    assert client.get(f"/staff/cases/{case.pk}/").status_code == 404
    assert (
        client.post(f"/staff/cases/{case.pk}/transition/", {"to": "dismissed", "note": "x"}).status_code
        == 404
    )
    assert client.post(f"/staff/cases/actions/{action.pk}/complete/", {}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == "investigating"
    # The town officer sees nothing of the county's case; the county's viewer reads but cannot change.
    assert as_user(org.officer_t).get(f"/api/v1/cases/{case.pk}/").status_code == 404
    viewer = as_user(org.viewer_a)
    assert viewer.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert (
        viewer.post(
            f"/api/v1/cases/{case.pk}/transition/", {"to": "dismissed", "note": "x"}, format="json"
        ).status_code
        == 403
    )


def test_a_transfer_lets_the_receiving_department_act(org, make_case, as_user):
    case = make_case()
    api = as_user(org.officer_a)
    r = api.post(
        f"/api/v1/cases/{case.pk}/share/",
        {"kind": "transfer", "to_department": org.dept(org.b, "market").pk},
        format="json",
    )
    assert r.status_code == 201
    b = as_user(org.officer_b)
    assert b.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    share_id = b.get("/api/v1/case-shares/").json()["results"][0]["id"]
    assert b.post(f"/api/v1/case-shares/{share_id}/acknowledge/", {}, format="json").status_code == 200
    assert b.post(f"/api/v1/case-shares/{share_id}/acknowledge/", {}, format="json").status_code == 400
    assert Case.objects.get(pk=case.pk).coordination_level == "city"


def test_clue_triage_into_case_or_closed_with_reason(org, as_user):
    api = as_user(org.officer_a)
    dept = org.dept(org.a, "market")
    clue = clue_open(
        source="tip", title="群众举报某店销售假灭火器", division=org.a, department=dept, actor=None
    )
    r = api.post(f"/api/v1/clues/{clue.pk}/triage/", {"decision": "close"}, format="json")
    assert r.status_code == 400 and "理由" in r.json()["detail"]
    r = api.post(
        f"/api/v1/clues/{clue.pk}/triage/", {"decision": "case", "kind": "counterfeit"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "converted"
    case = Case.objects.get(pk=r.json()["case_id"])
    assert case.clue_id == clue.pk and case.source == "tip" and case.department == dept
    other = clue_open(source="scan", title="可疑扫码", division=org.a, department=dept, actor=None)
    r = api.post(
        f"/api/v1/clues/{other.pk}/triage/", {"decision": "close", "reason": "经核实为正品"}, format="json"
    )
    assert r.json()["status"] == "closed" and r.json()["closed_reason"] == "经核实为正品"
    assert (
        as_user(org.officer_b)
        .post(f"/api/v1/clues/{other.pk}/triage/", {"decision": "case"}, format="json")
        .status_code
        == 404
    )


def test_evidence_through_the_api_and_notifications_on_transfer(org, make_case, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenwei.core.models import EvidenceFile
    from zhenwei.notifications.models import Notification

    case = make_case()
    api = as_user(org.officer_a)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = api.post(
        f"/api/v1/cases/{case.pk}/evidence/",
        {"file": SimpleUploadedFile("a.png", png, "image/png")},
        format="multipart",
    )
    assert r.status_code == 201 and EvidenceFile.objects.filter(pk=r.json()["id"], object_id=case.pk).exists()
    r = api.post(
        f"/api/v1/cases/{case.pk}/evidence/",
        {"file": SimpleUploadedFile("a.png", b"not an image", "image/png")},
        format="multipart",
    )
    assert r.status_code == 400 and r.json()["detail"]
    api.post(
        f"/api/v1/cases/{case.pk}/share/",
        {"kind": "transfer", "to_department": org.dept(org.b, "market").pk},
        format="json",
    )
    assert Notification.objects.filter(recipient=org.officer_b, kind="transfer").exists()


def test_status_filter_lists_each_value_once_in_the_schema_and_closed_means_the_group(
    org, make_case, as_user
):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    params = schema["paths"]["/api/v1/cases/"]["get"]["parameters"]
    status = next(p for p in params if p["name"] == "status")
    items = status["schema"].get("items", status["schema"])
    enum = items.get("enum") or schema["components"]["schemas"][items["$ref"].rsplit("/", 1)[1]]["enum"]
    assert len(enum) == len(set(enum)) and "closed" in enum and "dismissed" in enum
    closed, dismissed = make_case(title="已结"), make_case(title="已撤")
    Case.objects.filter(pk=closed.pk).update(status="closed")  # the states, not the way there
    Case.objects.filter(pk=dismissed.pk).update(status="dismissed")
    make_case(title="在办")
    api = as_user(org.officer_a)
    got = {c["id"] for c in api.get("/api/v1/cases/?status=closed").json()["results"]}
    assert got == {closed.pk, dismissed.pk}
    got = {c["id"] for c in api.get("/api/v1/cases/?status=dismissed").json()["results"]}
    assert got == {dismissed.pk}
