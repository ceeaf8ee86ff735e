"""The campaign office's set-up: services, API and staff pages (HTMX inline sections), issue 15,
section 1. Liaison export, duty submissions and notices: test_office_duties.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhenwei.campaigns import services
from zhenwei.campaigns.models import (
    Campaign,
    CampaignPhase,
    CampaignTask,
    Liaison,
)
from zhenwei.core.models import AuditEntry

from ._helpers import audits, client_for, make_campaign, make_office


@pytest.fixture
def office(org):
    """Campaign offices of county 甲 and county 乙."""
    return make_office(org)


@pytest.fixture
def campaign(office):
    return make_campaign(office)


# ---- services ------------------------------------------------------------------------------------


def test_campaign_save_writes_an_audit_row(campaign):
    assert audits(campaign, "create").count() == 1


def test_campaign_office_of_another_county_is_refused(office, campaign):
    phase = CampaignPhase(
        campaign=campaign,
        sort=1,
        kind="mobilise",
        name="动员部署",
        starts_on=campaign.starts_on,
        ends_on=campaign.starts_on,
    )
    with pytest.raises(PermissionDenied):
        services.phase_save(phase=phase, actor=office.office_b)
    campaign.title = "改名"
    with pytest.raises(PermissionDenied):
        services.campaign_save(campaign=campaign, actor=office.office_b)
    assert not CampaignPhase.objects.exists()


@pytest.mark.parametrize("who", ["inspector_a", "officer_a", "viewer_a"])
def test_only_the_campaign_office_sets_up(office, campaign, who):
    liaison = Liaison(campaign=campaign, sort=1, unit="甲县应急局", division=office.a, name="李四")
    with pytest.raises(PermissionDenied):
        services.liaison_save(liaison=liaison, actor=getattr(office, who))


def test_phase_dates_inside_the_campaign_and_sort_numbers_unique(office, campaign):
    start = campaign.starts_on
    ok = services.phase_save(
        phase=CampaignPhase(
            campaign=campaign,
            sort=1,
            kind="mobilise",
            name="动员部署",
            starts_on=start,
            ends_on=start + dt.timedelta(days=10),
        ),
        actor=office.office_a,
    )
    assert audits(ok, "create").exists()
    with pytest.raises(ValidationError) as caught:
        services.phase_save(
            phase=CampaignPhase(
                campaign=campaign,
                sort=2,
                kind="rectify",
                name="专项整治",
                starts_on=start - dt.timedelta(days=1),
                ends_on=start + dt.timedelta(days=20),
            ),
            actor=office.office_a,
        )
    assert "starts_on" in caught.value.message_dict
    assert "阶段日期须在专项行动期间" in caught.value.message_dict["starts_on"][0]
    with pytest.raises(ValidationError) as caught:
        services.phase_save(
            phase=CampaignPhase(
                campaign=campaign, sort=1, kind="rectify", name="专项整治", starts_on=start, ends_on=start
            ),
            actor=office.office_a,
        )
    assert "序号 1 已被其他阶段使用" in caught.value.message_dict["sort"][0]
    with pytest.raises(ValidationError) as caught:
        services.phase_save(
            phase=CampaignPhase(
                campaign=campaign,
                sort=3,
                kind="rectify",
                name="专项整治",
                starts_on=start + dt.timedelta(days=5),
                ends_on=start,
            ),
            actor=office.office_a,
        )
    assert "ends_on" in caught.value.message_dict
    # Shortening the campaign so that a phase falls outside is refused, naming the phase.
    campaign.starts_on = start + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as caught:
        services.campaign_save(campaign=campaign, actor=office.office_a)
    assert "动员部署" in caught.value.message_dict["starts_on"][0]


def test_task_save_assigns_divisions_and_refuses_outside(office, campaign):
    task = services.task_save(
        task=CampaignTask(
            campaign=campaign,
            sort=1,
            title="持证上岗执法检查",
            lead_department=office.dept(office.a, "emergency"),
        ),
        actor=office.office_a,
        cooperating_departments=[office.dept(office.a, "police")],
        divisions=[office.a, office.t],
    )
    assert sorted(task.assignments.values_list("division__code", flat=True)) == [office.a.code, office.t.code]
    assert list(task.cooperating_departments.all()) == [office.dept(office.a, "police")]
    with pytest.raises(ValidationError) as caught:
        services.task_save(task=task, actor=office.office_a, divisions=[office.a, office.b])
    assert "乙县不在专项行动的行政区划内" in caught.value.message_dict["divisions"][0]
    # A division whose assignment has started is kept.
    a = task.assignments.get(division=office.t)
    services.assignment_transition(assignment=a, to="in_progress", actor=office.officer_t)
    with pytest.raises(ValidationError) as caught:
        services.task_save(task=task, actor=office.office_a, divisions=[office.a])
    assert "甲县一镇已开始落实该任务" in caught.value.message_dict["divisions"][0]


# ---- API -----------------------------------------------------------------------------------------


def _campaign_body(office, **extra):
    today = timezone.localdate()
    return {
        "title": "甲县打假专项行动",
        "kind": "anti_counterfeit",
        "doc_number": "甲打假办发〔2026〕1号",
        "division": office.a.pk,
        "lead_department": office.dept(office.a, "market").pk,
        "starts_on": str(today),
        "ends_on": str(today + dt.timedelta(days=60)),
        **extra,
    }


def test_api_campaign_office_creates_and_edits(office, as_user):
    api = as_user(office.office_a)
    r = api.post("/api/v1/campaigns/", _campaign_body(office), format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    campaign = Campaign.objects.get(pk=pk)
    assert audits(campaign, "create").count() == 1
    r = api.patch(f"/api/v1/campaigns/{pk}/", {"title": "甲县打假专项行动（修订）"}, format="json")
    assert r.status_code == 200, r.content
    assert audits(campaign, "update").count() == 1
    today = timezone.localdate()
    r = api.post(
        "/api/v1/campaigns/phases/",
        {
            "campaign": pk,
            "sort": 1,
            "kind": "mobilise",
            "name": "动员部署",
            "starts_on": str(today),
            "ends_on": str(today + dt.timedelta(days=5)),
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    r = api.post(
        "/api/v1/campaigns/phases/",
        {
            "campaign": pk,
            "sort": 1,
            "kind": "rectify",
            "name": "整治",
            "starts_on": str(today),
            "ends_on": str(today + dt.timedelta(days=90)),
        },
        format="json",
    )
    assert r.status_code == 400
    assert "sort" in r.json()["errors"] and "starts_on" in r.json()["errors"]
    r = api.post(
        "/api/v1/campaigns/tasks/",
        {
            "campaign": pk,
            "sort": 1,
            "title": "市场检查",
            "lead_department": office.dept(office.a, "market").pk,
            "cooperating_departments": [office.dept(office.a, "fire").pk],
            "divisions": [office.a.pk, office.t.pk],
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert len(r.json()["assignments"]) == 2
    r = api.post(
        "/api/v1/campaigns/liaisons/",
        {
            "campaign": pk,
            "sort": 1,
            "unit": "甲县市场监管局",
            "division": office.a.pk,
            "name": "王五",
            "mobile": "13911112222",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert api.get(f"/api/v1/campaigns/phases/?campaign={pk}").json()["count"] == 1


@pytest.mark.parametrize("who,codes", [("inspector_a", {403}), ("viewer_a", {403}), ("office_b", {403})])
def test_api_set_up_refused(office, campaign, as_user, who, codes):
    api = as_user(getattr(office, who))
    before = AuditEntry.objects.count()
    r = api.post("/api/v1/campaigns/", _campaign_body(office), format="json")
    assert r.status_code in codes, r.content
    today = timezone.localdate()
    r = api.post(
        "/api/v1/campaigns/phases/",
        {
            "campaign": campaign.pk,
            "sort": 1,
            "kind": "mobilise",
            "name": "x",
            "starts_on": str(today),
            "ends_on": str(today),
        },
        format="json",
    )
    assert r.status_code in codes | {400}, r.content  # office_b does not see the campaign: 400 naming it
    r = api.patch(f"/api/v1/campaigns/{campaign.pk}/", {"title": "改"}, format="json")
    assert r.status_code in {403, 404}
    assert Campaign.objects.count() == 1 and not CampaignPhase.objects.exists()
    assert Campaign.objects.get().title == campaign.title
    assert AuditEntry.objects.count() == before


def test_api_liaison_phones_masked_without_pii(office, campaign, as_user):
    services.liaison_save(
        liaison=Liaison(
            campaign=campaign,
            sort=1,
            unit="甲县应急局",
            division=office.a,
            name="李四",
            phone="023-55123456",
            mobile="13912345678",
        ),
        actor=office.office_a,
    )
    row = (
        as_user(office.inspector_a)
        .get(f"/api/v1/campaigns/liaisons/?campaign={campaign.pk}")
        .json()["results"][0]
    )
    assert row["mobile"] == "139****5678" and row["phone"].endswith("3456") and "5512" not in row["phone"]
    before = AuditEntry.objects.filter(action="view_pii").count()
    row = (
        as_user(office.office_a)
        .get(f"/api/v1/campaigns/liaisons/?campaign={campaign.pk}")
        .json()["results"][0]
    )
    assert row["mobile"] == "13912345678"
    assert AuditEntry.objects.filter(action="view_pii").count() == before + 1


# ---- staff pages (HTMX inline) ---------------------------------------------------------------------


def test_htmx_phase_add_returns_the_section(office, campaign):
    c = client_for(office.office_a)
    url = f"/staff/campaigns/{campaign.pk}/phases/new/"
    r = c.get(url, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and b"<form" in r.content and b"<html" not in r.content
    s = campaign.starts_on
    r = c.post(
        url,
        {
            "sort": 1,
            "kind": "mobilise",
            "name": "动员部署",
            "starts_on": s,
            "ends_on": s + dt.timedelta(days=3),
        },
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and r["HX-Retarget"] == "#section-phase"
    assert "动员部署" in r.content.decode()
    r = c.post(
        url,
        {"sort": 1, "kind": "rectify", "name": "重复", "starts_on": s, "ends_on": s},
        HTTP_HX_REQUEST="true",
    )
    assert "序号 1 已被其他阶段使用" in r.content.decode() and "HX-Retarget" not in r
    assert client_for(office.inspector_a).get(url).status_code == 403
    assert client_for(office.office_b).get(url).status_code == 404


def _part_bodies(office, campaign):
    today = timezone.localdate()
    return {
        "members": {"sort": 1, "role": "leader", "name": "王县长", "post": "副县长"},
        "liaisons": {
            "sort": 1,
            "unit": "甲县一镇",
            "division": office.t.pk,
            "name": "赵六",
            "mobile": "13800001111",
        },
        "tasks": {
            "sort": 1,
            "title": "持证上岗执法检查",
            "lead_department": office.dept(office.a, "emergency").pk,
            "cooperating_departments": [office.dept(office.a, "police").pk],
            "divisions": [office.a.pk, office.t.pk],
        },
        "duties": {
            "kind": "plan",
            "title": "镇实施方案",
            "division": office.t.pk,
            "due_on": today,
            "remind_days": 3,
        },
    }


@pytest.mark.parametrize(
    "part,section", [("members", "member"), ("liaisons", "liaison"), ("tasks", "task"), ("duties", "duty")]
)
def test_htmx_inline_add_of_each_part(office, campaign, part, section):
    c = client_for(office.office_a)
    url = f"/staff/campaigns/{campaign.pk}/{part}/new/"
    r = c.post(url, _part_bodies(office, campaign)[part], HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and r["HX-Retarget"] == f"#section-{section}", r.content.decode()[:1000]
    assert AuditEntry.objects.filter(action="create").exclude(model="campaigns.campaign").exists()
    # Without HTMX the same URL answers a whole page and redirects after the save.
    assert "<html" in c.get(url).content.decode()
    if part == "tasks":
        task = CampaignTask.objects.get()
        assert task.assignments.count() == 2
        r = c.post(f"/staff/campaigns/tasks/{task.pk}/delete/", HTTP_HX_REQUEST="true")
        assert r.status_code == 200 and not CampaignTask.objects.exists()
