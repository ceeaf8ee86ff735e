"""Workflow, deadlines in working days, the tip → clue → case flow, identity protection, staff pages."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from zhenwei.cases.models import Clue
from zhenwei.core.models import AuditEntry, CalendarOverride
from zhenwei.tips.models import Tip
from zhenwei.tips.selectors import _investigation_stage, tip_public_progress
from zhenwei.tips.services import tip_accept

from .helpers import submit

TZ = ZoneInfo("Asia/Shanghai")
NAMED = {
    "anonymous": False,
    "reporter_name": "王建国",
    "reporter_phone": "13812345678",
    "reporter_id_number": "11010519491231002X",
}


def test_acceptance_deadline_skips_national_day(org, cats):
    received = dt.datetime(2026, 9, 30, 10, 0, tzinfo=TZ)
    tip, _ = submit(org.a, category=cats.ext, received_at=received)
    # 15 working days after 30 Sep: 1–7 Oct are holidays, Sat 10 Oct is an adjusted working day.
    assert tip.acceptance_due == dt.date(2026, 10, 27)
    complaint, _ = submit(
        org.a,
        category=cats.ext,
        kind="complaint",
        received_at=received,
        description="我买的灭火器不能用，商家拒绝退换货",
    )
    assert complaint.acceptance_due == dt.date(2026, 10, 15)  # 7 working days: 8, 9, 10, 12, 13, 14, 15


def test_administrator_calendar_overrides_count(org, cats):
    received = dt.datetime(2026, 6, 1, 10, 0, tzinfo=TZ)  # Monday
    plain, _ = submit(org.a, category=cats.ext, kind="complaint", received_at=received)
    assert plain.acceptance_due == dt.date(2026, 6, 10)
    for day in (2, 3, 4):
        CalendarOverride.objects.create(date=dt.date(2026, 6, day), is_workday=False, note="防汛停工")
    later, _ = submit(
        org.a,
        category=cats.ext,
        kind="complaint",
        received_at=received,
        description="另一起投诉：买到的灭火毯没有任何标志",
    )
    assert later.acceptance_due == dt.date(2026, 6, 15)


def test_overdue_tips_on_staff_home(org, cats, client):
    old, _ = submit(org.a, category=cats.ext, received_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ))
    fresh, _ = submit(org.a, category=cats.cert, description="有人在群里卖不用考试的操作证，全国联网可查")
    client.force_login(org.officer_a)
    html = client.get("/staff/").content.decode()
    assert old.number in html and fresh.number in html
    row = html.split(old.number)[0].rsplit("<tr", 1)[1]
    assert 'class="overdue"' in row
    client.force_login(org.officer_b)
    assert old.number not in client.get("/staff/").content.decode()
    overdue = client.get("/api/v1/tips/?overdue=true")
    assert overdue.status_code == 403 or old.pk not in [t["id"] for t in overdue.json().get("results", [])]


def test_tip_to_clue_end_to_end_through_the_api(org, cats, api_client, as_user):
    body = {
        "category": "safety-certificate",
        "wrong_kind": "fake_certificate",
        "division": org.a.code,
        "description": "有人在微信群里卖特种作业操作证，不用考试直接拿证，全国联网可查",
        "certificate_number": "T500235199001011234",
    }
    code = api_client.post("/api/v1/tips/public/", body, format="json").json()["receipt"]
    tip = Tip.objects.get()
    client = as_user(org.officer_a)
    assert client.post(f"/api/v1/tips/{tip.pk}/handle/", {}).status_code == 400  # must be accepted first
    response = client.post(f"/api/v1/tips/{tip.pk}/accept/", {"note": "受理"})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    clue = Clue.objects.get(pk=response.json()["clue"])
    assert clue.source == "tip" and clue.source_object == tip and clue.department == tip.lead_department
    assert client.post(f"/api/v1/tips/{tip.pk}/handle/", {}).status_code == 200
    assert client.post(f"/api/v1/tips/{tip.pk}/reply/", {"text": ""}).status_code == 400
    assert client.post(f"/api/v1/tips/{tip.pk}/reply/", {"text": "已移交公安机关查处。"}).status_code == 200
    assert client.post(f"/api/v1/tips/{tip.pk}/close/", {"public_text": "办结"}).status_code == 200
    assert client.post(f"/api/v1/tips/{tip.pk}/accept/", {}).status_code == 400  # closed is final
    tip.refresh_from_db()
    assert tip.closed_at and tip.accepted_at
    kinds = list(tip.events.values_list("kind", flat=True))
    assert kinds[0] == "received" and "clue" in kinds and kinds[-1] == "transition"
    api_client.force_authenticate(user=None)
    progress = api_client.get(f"/api/v1/tips/public/{code}/").json()
    assert progress["stage"] == "已办结" and progress["investigation"] == ""
    # The clue turns into a case: the tipster reads it (status read without importing cases internals).
    Clue.objects.filter(pk=clue.pk).update(status="converted")
    assert api_client.get(f"/api/v1/tips/public/{code}/").json()["investigation"] == "已立案调查"


def test_investigation_stage_reads_the_case_of_the_clue():
    assert _investigation_stage(None) == ""
    open_case = SimpleNamespace(
        case=SimpleNamespace(status="investigating", status_group="handling"), status="converted"
    )
    assert _investigation_stage(open_case) == "已立案调查"
    closed_case = SimpleNamespace(
        case=SimpleNamespace(status="closed", status_group="closed"), status="converted"
    )
    assert _investigation_stage(closed_case) == "已立案，案件已办结"


def test_duplicate_shares_the_original_clue_and_progress(org, cats, api_client):
    original, _ = submit(
        org.a, category=cats.ext, identity_code="12345AB67890CD", description="第一次反映：灭火器身份码查不到"
    )
    dup, code = submit(
        org.a, category=cats.ext, identity_code="12345AB67890CD", description="同一个身份码的灭火器又有人反映"
    )
    tip_accept(tip=original, actor=org.officer_a)
    dup_accepted = tip_accept(tip=dup, actor=org.officer_a)
    original.refresh_from_db()
    assert dup_accepted.clue_id == original.clue_id  # one clue for one matter
    assert Clue.objects.count() == 1
    assert tip_public_progress(code).investigation == "线索核查中"


def test_decline_needs_reason_and_tipster_reads_it(org, cats, as_user):
    tip, code = submit(org.a, category=cats.ext)
    client = as_user(org.officer_a)
    assert client.post(f"/api/v1/tips/{tip.pk}/decline/", {"reason": ""}).status_code == 400
    assert (
        client.post(
            f"/api/v1/tips/{tip.pk}/decline/",
            {"reason": "不属于本部门职责，请向12315反映", "note": "内部说明XYZ"},
        ).status_code
        == 200
    )
    progress = tip_public_progress(code)
    assert progress.stage == "不予受理" and any("12315" in e["text"] for e in progress.events)
    assert "XYZ" not in str(progress.as_dict())


def test_viewer_cannot_act(org, cats, as_user):
    tip, _ = submit(org.a, category=cats.ext)
    client = as_user(org.viewer_a)
    assert client.get(f"/api/v1/tips/{tip.pk}/").status_code == 200
    assert client.post(f"/api/v1/tips/{tip.pk}/accept/", {}).status_code == 403


# --- identity ------------------------------------------------------------------------------------


def test_hotline_entry_with_caller_details(org, cats, as_user):
    client = as_user(org.hotline_a)
    body = {
        "channel": "12350",
        "category": "fire-extinguisher",
        "wrong_kind": "counterfeit",
        "division": org.t.code,
        "description": "来电反映：镇上商店卖的灭火器扫码查不到",
        **NAMED,
    }
    response = client.post("/api/v1/tips/", body, format="json")
    assert response.status_code == 201, response.content
    assert len(response.json()["receipt"].replace("-", "")) == 15
    tip = Tip.objects.get()
    assert tip.channel == "12350" and tip.created_by == org.hotline_a and tip.reporter_name == "王建国"
    # The audit trail never carries the identity.
    assert "王建国" not in str(list(AuditEntry.objects.values_list("after", flat=True)))
    # A call about the sibling county: registered and routed there; the operator's county cannot see it.
    response = client.post(
        "/api/v1/tips/",
        {**body, "division": org.b.code, "description": "来电反映乙县商店卖假灭火器"},
        format="json",
    )
    assert response.status_code == 201
    elsewhere = Tip.objects.get(pk=response.json()["id"])
    assert elsewhere.lead_department == org.dept(org.b, "emergency")
    assert as_user(org.officer_b).get(f"/api/v1/tips/{elsewhere.pk}/").status_code == 200
    assert as_user(org.officer_a).get(f"/api/v1/tips/{elsewhere.pk}/").status_code == 404
    # An officer without the hotline capability registers only in their own divisions.
    refused = as_user(org.officer_a).post("/api/v1/tips/", {**body, "division": org.b.code}, format="json")
    assert refused.status_code == 403


def test_identity_whole_only_with_tipster_capability_and_audited(org, cats, as_user):
    tip, _ = submit(org.a, category=cats.ext, **NAMED)
    audited = AuditEntry.objects.filter(action="view_pii", object_id=str(tip.pk))

    officer = as_user(org.officer_a)  # officers have "pii" but not "tipster"
    reporter = officer.get(f"/api/v1/tips/{tip.pk}/").json()["reporter"]
    assert reporter == {
        "anonymous": False,
        "name": "王*国",
        "phone": "138****5678",
        "id_number": "110***********002X",
        "masked": True,
    }
    assert audited.count() == 0

    hotline = as_user(org.hotline_a)
    listed = hotline.get("/api/v1/tips/").json()["results"][0]["reporter"]
    assert listed["masked"] is True and audited.count() == 0  # lists always mask
    whole = hotline.get(f"/api/v1/tips/{tip.pk}/").json()["reporter"]
    assert whole["name"] == "王建国" and whole["phone"] == "13812345678" and whole["masked"] is False
    assert audited.count() == 1
    entry = audited.get()
    assert entry.actor == org.hotline_a and "王建国" not in str(entry.after)
    hotline.get(f"/api/v1/tips/{tip.pk}/")
    assert audited.count() == 2  # every view


def test_staff_page_masks_and_reveal_is_audited(org, cats, client):
    tip, _ = submit(org.a, category=cats.ext, **NAMED)
    client.force_login(org.officer_a)
    html = client.get(f"/staff/tips/{tip.pk}/").content.decode()
    assert "王*国" in html and "王建国" not in html and "13812345678" not in html
    assert client.post(f"/staff/tips/{tip.pk}/identity/").status_code == 403
    client.force_login(org.office_p)  # campaign office above A holds "tipster"
    html = client.get(f"/staff/tips/{tip.pk}/").content.decode()
    assert "王建国" not in html and "查看完整身份" in html
    revealed = client.post(f"/staff/tips/{tip.pk}/identity/").content.decode()
    assert "王建国" in revealed and "13812345678" in revealed
    assert (
        AuditEntry.objects.filter(action="view_pii", object_id=str(tip.pk), actor=org.office_p).count() == 1
    )


# --- staff pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/staff/tips/",
        "/staff/tips/rewards/",
        "/staff/tips/new/",
        "/staff/tips/?status=received&overdue=true&q=灭火器",
    ],
)
def test_staff_pages_render(org, cats, client, path):
    submit(org.a, category=cats.ext)
    client.force_login(org.hotline_a)
    assert client.get(path).status_code == 200


def test_staff_entry_form_and_actions(org, cats, client):
    client.force_login(org.hotline_a)
    response = client.post(
        "/staff/tips/new/",
        {
            "channel": "12345",
            "kind": "tip",
            "category": cats.ext.pk,
            "wrong_kind": "counterfeit",
            "division": [org.p.code, org.pc.code, org.a.code],
            "description": "来电：县城商店卖的灭火器扫码查不到",
            "anonymous": "on",
        },
    )
    assert response.status_code == 200 and 'class="receipt"' in response.content.decode()
    tip = Tip.objects.get()
    client.force_login(org.officer_a)
    detail = client.get(f"/staff/tips/{tip.pk}/")
    assert detail.status_code == 200 and tip.number in detail.content.decode()
    client.post(f"/staff/tips/{tip.pk}/action/note/", {"note": "已电话联系"})
    client.post(f"/staff/tips/{tip.pk}/action/accept/", {"note": ""})
    tip.refresh_from_db()
    assert tip.status == "accepted" and tip.clue_id
    assert tip.events.filter(kind="note", note="已电话联系").exists()


def test_list_filters(org, cats, as_user):
    submit(org.a, category=cats.ext)
    submit(
        org.a,
        category=cats.cert,
        description="有人在群里卖不用考试的操作证，全国联网可查",
        channel="110",
        actor=org.hotline_a,
    )
    client = as_user(org.officer_a)
    assert client.get("/api/v1/tips/?channel=110").json()["count"] == 1
    assert client.get("/api/v1/tips/?category=safety-certificate").json()["count"] == 1
    assert client.get(f"/api/v1/tips/?within={org.t.code}").json()["count"] == 0
    assert client.get("/api/v1/tips/?q=操作證").json()["count"] == 1  # Traditional query matches


def test_tip_clue_case_progress_with_the_cases_app(org, cats, as_user):
    """Tip → clue → case: the cases app triages the clue into a case; the tipster reads the case stage."""
    from zhenwei.cases import services as case_services

    if not hasattr(case_services, "clue_triage"):
        pytest.skip("cases app has no clue_triage yet")
    tip, code = submit(org.a, category=cats.ext)
    response = as_user(org.officer_a).post(f"/api/v1/tips/{tip.pk}/accept/", {})
    clue = Clue.objects.get(pk=response.json()["clue"])
    case = case_services.clue_triage(clue=clue, decision="case", actor=org.officer_a, kind="counterfeit")
    assert case is not None and case.clue_id == clue.pk
    assert tip_public_progress(code).investigation == "已立案调查"
    case_services.case_transition(case=case, to="dismissed", actor=org.officer_a, note="经查不构成违法")
    assert tip_public_progress(code).investigation == "已立案，案件已办结"


def test_list_query_count_does_not_grow(org, cats, as_user, django_assert_max_num_queries):
    for n in range(3):
        submit(
            org.a,
            category=cats.ext,
            identity_code=f"1234{n}AB67890CD",
            description=f"第{n}起：灭火器扫码查不到，压力表不动，地址不同{n}号",
        )
    client = as_user(org.officer_a)
    client.get("/api/v1/tips/")  # warm the scope cache path
    with django_assert_max_num_queries(12) as small:
        client.get("/api/v1/tips/")
    for n in range(3, 23):
        submit(
            org.a,
            category=cats.ext,
            identity_code=f"1234{n % 10}AB6789{n % 10}CD",
            description=f"第{n}起另一个地方的举报，编号{n * 7919}",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/api/v1/tips/").json()["count"] == 23
