"""Publicity ledger and urgent reports (immediate, acknowledged, audited, on the home page)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhenwei.core.models import AuditEntry
from zhenwei.core.waiting import waiting_items
from zhenwei.joint import services
from zhenwei.joint.models import PublicityActivity
from zhenwei.notifications.models import Notification


def test_publicity_create_and_sibling_visibility(org, campaign, as_user):
    services.publicity_create(
        kind="video_screening",
        title="重点单位负责人集中观看宣传片",
        held_on=dt.date(2026, 4, 10),
        organiser=org.dept(org.a, "emergency"),
        place="县应急局",
        audience=85,
        campaign=campaign,
        actor=org.officer_a,
    )
    services.publicity_create(
        kind="short_video",
        title="识别假冒灭火器",
        held_on=dt.date(2026, 5, 3),
        organiser=org.dept(org.b, "market"),
        place="抖音",
        views=12000,
        actor=org.officer_b,
    )
    mine = as_user(org.officer_a).get("/api/v1/joint/publicity/").json()["results"]
    assert [p["title"] for p in mine] == ["重点单位负责人集中观看宣传片"]
    upper = as_user(org.office_p).get("/api/v1/joint/publicity/?kind=short_video").json()["results"]
    assert [p["views"] for p in upper] == [12000]
    assert PublicityActivity.objects.filter(division=org.a, held_on__month=4).count() == 1


def test_publicity_rejects_unknown_kind_and_foreign_division(org):
    with pytest.raises(ValidationError, match="宣传形式"):
        services.publicity_create(
            kind="flyer",
            title="x",
            held_on=dt.date(2026, 4, 1),
            organiser=org.dept(org.a, "market"),
            place="x",
            actor=org.officer_a,
        )
    with pytest.raises(PermissionDenied):
        services.publicity_create(
            kind="media_report",
            title="x",
            held_on=dt.date(2026, 4, 1),
            organiser=org.dept(org.b, "market"),
            place="x",
            actor=org.officer_a,
        )


def test_publicity_api_create_and_page(org, as_user, client):
    r = as_user(org.officer_a).post(
        "/api/v1/joint/publicity/",
        {
            "kind": "consultation_desk",
            "title": "3·15 咨询台",
            "held_on": "2026-03-15",
            "organiser": org.dept(org.a, "market").pk,
            "place": "县人民广场",
            "audience": 300,
            "materials_distributed": 1200,
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["division"] == org.a.pk
    client.force_login(org.officer_a)
    assert "3·15 咨询台" in client.get("/staff/joint/publicity/").content.decode()


def test_urgent_report_goes_to_campaign_office_and_level_above(org, campaign):
    report = services.urgent_report_submit(
        reporting_department=org.dept(org.a, "market"),
        title="发现跨省制假窝点线索",
        body="……",
        campaign=campaign,
        actor=org.officer_a,
    )
    recipients = {r.department for r in report.recipients.all()}
    assert org.dept(org.a, "emergency") in recipients  # the campaign office (lead department)
    assert org.dept(org.pc, "emergency") in recipients  # campaign office of the level above (office_p)
    assert org.dept(org.pc, "market") in recipients  # own line department above
    assert org.dept(org.a, "market") not in recipients
    assert Notification.objects.filter(recipient=org.office_p, kind="urgent_report").count() == 1
    assert AuditEntry.objects.filter(model="joint.urgentreport", action="create").exists()


def test_urgent_report_waits_on_home_page_until_acknowledged(org, campaign):
    report = services.urgent_report_submit(
        reporting_department=org.dept(org.a, "market"),
        title="重要情况",
        body="……",
        campaign=campaign,
        actor=org.officer_a,
    )
    assert any("重要情况待签收" in i.title for i in waiting_items(org.office_p))
    mine = report.recipients.get(department=org.dept(org.pc, "emergency"))
    with pytest.raises(PermissionDenied):
        services.urgent_report_acknowledge(recipient=mine, actor=org.officer_a)
    services.urgent_report_acknowledge(recipient=mine, actor=org.office_p, note="已阅，请县专项办跟进")
    assert not any("重要情况待签收" in i.title for i in waiting_items(org.office_p))
    assert Notification.objects.get(recipient=org.office_p, kind="urgent_report").read_at is not None
    report.refresh_from_db()
    assert report.status == "awaiting"  # others still have to acknowledge
    assert AuditEntry.objects.filter(model="joint.urgentreportrecipient", note="签收").count() == 1
    for r in report.recipients.filter(acknowledged_at__isnull=True):
        member = r.department.memberships.first()
        if member is None:
            from zhenwei.core.tests.factories import user_with_role

            member = type("M", (), {"user": user_with_role(f"u{r.pk}", r.department)})()
        services.urgent_report_acknowledge(recipient=r, actor=member.user)
    report.refresh_from_db()
    assert report.status == "acknowledged"


def test_urgent_report_api_and_sibling(org, campaign, as_user):
    r = as_user(org.officer_a).post(
        "/api/v1/joint/urgent-reports/",
        {
            "reporting_department": org.dept(org.a, "market").pk,
            "title": "API 报送",
            "body": "情况",
            "campaign": campaign.pk,
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    rid = r.json()["id"]
    assert as_user(org.officer_b).get(f"/api/v1/joint/urgent-reports/{rid}/").status_code == 404
    ack = as_user(org.office_p).post(
        f"/api/v1/joint/urgent-reports/{rid}/acknowledge/", {"note": "收到"}, format="json"
    )
    assert ack.status_code == 200
    assert any(x["acknowledged_at"] for x in ack.json()["recipients"])
    # cannot report in the name of another department
    bad = as_user(org.officer_a).post(
        "/api/v1/joint/urgent-reports/",
        {"reporting_department": org.dept(org.b, "market").pk, "title": "x", "body": "y"},
        format="json",
    )
    assert bad.status_code == 403


def test_urgent_report_acknowledged_by_one_member_is_read_for_the_whole_department(org, campaign, as_user):
    from zhenwei.core.tests.factories import user_with_role

    office_dept = org.dept(org.pc, "emergency")
    colleague = user_with_role("office_p2", office_dept, "officer")
    report = services.urgent_report_submit(
        reporting_department=org.dept(org.a, "market"),
        title="重要情况",
        body="……",
        campaign=campaign,
        actor=org.officer_a,
    )

    def unread(user):
        return as_user(user).get("/api/v1/notifications/unread-count/").json()["unread"]

    assert unread(org.office_p) == 1 and unread(colleague) == 1
    ack = as_user(colleague).post(f"/api/v1/joint/urgent-reports/{report.pk}/acknowledge/", {}, format="json")
    assert ack.status_code == 200
    assert unread(org.office_p) == 0 and unread(colleague) == 0
    # The other recipient departments have not signed: their members' notices stay unread.
    assert (
        Notification.objects.filter(kind="urgent_report", read_at__isnull=True)
        .exclude(recipient__in=[org.office_p, colleague])
        .exists()
    )
