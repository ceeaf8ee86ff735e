"""Meetings and decisions: tasks for owners, home page, overdue, preparation page, minutes DOCX."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from zhenwei.core.models import AuditEntry
from zhenwei.core.waiting import waiting_items
from zhenwei.joint import services
from zhenwei.joint.models import Decision
from zhenwei.notifications.models import Notification

pytestmark = pytest.mark.dates  # due dates and overdue decisions are reckoned from today


def _today() -> dt.date:
    """Today in the platform's time zone, asked when the test runs (not when the module is imported)."""
    return timezone.localdate()


@pytest.fixture
def meeting(org, campaign):
    return services.meeting_create(
        campaign=campaign,
        convening_department=org.dept(org.a, "emergency"),
        title="甲县专项整治第一次联席会议",
        held_on=_today() - dt.timedelta(days=20),
        place="县应急局三楼会议室",
        chair="王县长",
        attending_departments=[org.dept(org.a, "market"), org.dept(org.a, "fire"), org.dept(org.a, "police")],
        attendees="张三 县市场监管局 副局长\n李四 县消防救援大队 大队长",
        topics="通报前期工作\n部署集中行动",
        actor=org.office_p,
    )


def test_decision_notifies_owner_and_shows_on_home_page(org, meeting):
    d = services.decision_add(
        meeting=meeting,
        text="开展灭火器市场专项检查",
        owner_department=org.dept(org.a, "market"),
        due_on=_today() + dt.timedelta(days=10),
        actor=org.office_p,
    )
    assert d.seq == 1
    assert Notification.objects.filter(recipient=org.officer_a, kind="meeting_decision").count() == 1
    items = [i for i in waiting_items(org.officer_a) if "开展灭火器市场专项检查" in i.title]
    assert len(items) == 1 and not items[0].overdue and items[0].due == d.due_on
    # the sibling county's officer sees nothing
    assert not [i for i in waiting_items(org.officer_b) if "灭火器" in i.title]


def test_decision_becomes_overdue_when_its_date_passes(org, meeting):
    d = services.decision_add(
        meeting=meeting,
        text="排查物流寄递渠道",
        owner_department=org.dept(org.a, "market"),
        due_on=_today() - dt.timedelta(days=1),
        actor=org.office_p,
    )
    assert d.is_overdue
    item = next(i for i in waiting_items(org.officer_a) if "排查物流寄递渠道" in i.title)
    assert item.overdue
    services.decision_transition(decision=d, to="done", note="已完成排查 12 家", actor=org.officer_a)
    assert not Decision.objects.get(pk=d.pk).is_overdue
    assert not [i for i in waiting_items(org.officer_a) if "排查物流寄递渠道" in i.title]


def test_remind_job_notifies_overdue_once(org, meeting):
    services.decision_add(
        meeting=meeting,
        text="逾期事项",
        owner_department=org.dept(org.a, "market"),
        due_on=_today() - dt.timedelta(days=2),
        actor=org.office_p,
    )
    first = services.decisions_remind()
    assert first >= 1
    assert services.decisions_remind() == 0
    assert Notification.objects.filter(recipient=org.officer_a, kind="overdue").count() == 1


def test_due_date_before_meeting_is_rejected(org, meeting):
    with pytest.raises(ValidationError, match="早于会议日期"):
        services.decision_add(
            meeting=meeting,
            text="x",
            owner_department=org.dept(org.a, "market"),
            due_on=meeting.held_on - dt.timedelta(days=1),
            actor=org.office_p,
        )


def test_done_needs_a_progress_note_and_transitions_are_checked(org, meeting):
    d = services.decision_add(
        meeting=meeting,
        text="y",
        owner_department=org.dept(org.a, "market"),
        due_on=_today() + dt.timedelta(days=3),
        actor=org.office_p,
    )
    with pytest.raises(ValidationError, match="落实情况"):
        services.decision_transition(decision=d, to="done", actor=org.officer_a)
    services.decision_transition(decision=d, to="cancelled", note="并入其他事项", actor=org.office_p)
    with pytest.raises(ValidationError):
        services.decision_transition(decision=d, to="open", actor=org.office_p)


def test_sibling_county_cannot_update_a_decision(org, meeting):
    d = services.decision_add(
        meeting=meeting,
        text="z",
        owner_department=org.dept(org.a, "market"),
        due_on=_today() + dt.timedelta(days=3),
        actor=org.office_p,
    )
    with pytest.raises(PermissionDenied):
        services.decision_transition(decision=d, to="in_progress", note="x", actor=org.officer_b)


def test_next_meeting_preparation_lists_overdue_decisions(org, campaign, meeting, client):
    services.decision_add(
        meeting=meeting,
        text="上次会议逾期事项",
        owner_department=org.dept(org.a, "market"),
        due_on=_today() - dt.timedelta(days=5),
        actor=org.office_p,
    )
    services.decision_add(
        meeting=meeting,
        text="上次会议未到期事项",
        owner_department=org.dept(org.a, "fire"),
        due_on=_today() + dt.timedelta(days=5),
        actor=org.office_p,
    )
    nxt = services.meeting_create(
        campaign=campaign,
        convening_department=org.dept(org.a, "emergency"),
        title="第二次联席会议",
        held_on=_today() + dt.timedelta(days=1),
        place="县政府",
        actor=org.office_p,
    )
    client.force_login(org.office_p)
    page = client.get(f"/staff/joint/meetings/{nxt.pk}/prepare/").content.decode()
    overdue_part, pending_part = page.split("尚在落实中的议定事项")
    assert "上次会议逾期事项" in overdue_part and "上次会议未到期事项" in pending_part


def test_minutes_docx_layout(org, meeting, client):
    due = _today() + dt.timedelta(days=60)  # a due date after the meeting, whatever today is
    services.decision_add(
        meeting=meeting,
        text="开展灭火器市场专项检查",
        owner_department=org.dept(org.a, "market"),
        due_on=due,
        actor=org.office_p,
    )
    services.decision_add(
        meeting=meeting,
        text="公安机关提前介入",
        owner_department=org.dept(org.a, "police"),
        due_on=due + dt.timedelta(days=15),
        actor=org.office_p,
    )
    client.force_login(org.office_p)
    response = client.get(f"/staff/joint/meetings/{meeting.pk}/minutes.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "甲县专项整治第一次联席会议纪要"
    assert any(t.startswith("时间：") for t in text) and any(t.startswith("地点：县应急局") for t in text)
    assert any(t == "主持人：王县长" for t in text)
    assert any(t.startswith("出席单位：") and "甲县市场监管" in t for t in text)
    idx = next(i for i, t in enumerate(text) if t.endswith("会议议定事项"))
    assert text[idx + 1].startswith("（一）开展灭火器市场专项检查")
    assert (
        "责任单位：甲县市场监管" in text[idx + 1]
        and f"{due.year}年{due.month}月{due.day}日前" in text[idx + 1]
    )
    assert text[idx + 2].startswith("（二）公安机关提前介入")
    assert AuditEntry.objects.filter(action="export", model="joint.meeting").exists()


def test_sibling_county_cannot_see_the_meeting(org, meeting, client, as_user):
    client.force_login(org.officer_b)
    assert client.get(f"/staff/joint/meetings/{meeting.pk}/").status_code == 404
    assert as_user(org.officer_b).get("/api/v1/joint/meetings/").json()["results"] == []
    assert len(as_user(org.officer_a).get("/api/v1/joint/meetings/").json()["results"]) == 1


def test_api_create_meeting_decision_and_transition(org, campaign, as_user):
    client = as_user(org.office_p)
    r = client.post(
        "/api/v1/joint/meetings/",
        {
            "campaign": campaign.pk,
            "kind": "consultation",
            "title": "会商研判会",
            "convening_department": org.dept(org.a, "emergency").pk,
            "held_on": str(_today()),
            "place": "县应急局",
            "attending_departments": [org.dept(org.a, "police").pk],
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    mid = r.json()["id"]
    r = client.post(
        f"/api/v1/joint/meetings/{mid}/decisions/",
        {
            "text": "联合约谈电商平台",
            "owner_department": org.dept(org.a, "market").pk,
            "due_on": str(_today() + dt.timedelta(days=7)),
        },
        format="json",
    )
    assert r.status_code == 201 and r.json()["seq"] == 1
    did = r.json()["id"]
    r = as_user(org.officer_a).post(
        f"/api/v1/joint/decisions/{did}/transition/",
        {"to": "in_progress", "note": "已约谈2家"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    r = as_user(org.officer_a).post(
        f"/api/v1/joint/decisions/{did}/transition/", {"to": "cancelled"}, format="json"
    )
    assert r.status_code == 200
    assert (
        as_user(org.officer_b)
        .post(f"/api/v1/joint/decisions/{did}/transition/", {"to": "open"}, format="json")
        .status_code
        == 404
    )


def test_campaign_progress_page_shows_decisions(org, campaign, meeting, client):
    services.decision_add(
        meeting=meeting,
        text="进度页上的事项",
        owner_department=org.dept(org.a, "market"),
        due_on=_today() - dt.timedelta(days=1),
        actor=org.office_p,
    )
    client.force_login(org.officer_a)
    page = client.get(f"/staff/joint/campaigns/{campaign.pk}/").content.decode()
    assert "进度页上的事项" in page and "1 项逾期" in page
