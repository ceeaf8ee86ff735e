"""The campaign office's set-up (services, API, pages), the liaison list export, versioned duty
submissions with accept / return, and notices of criticism (issue 15, section 1)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhenwei.campaigns import selectors, services
from zhenwei.campaigns.exports import COLUMNS, TITLE
from zhenwei.campaigns.models import (
    Campaign,
    CampaignPhase,
    CampaignTask,
    CriticismNotice,
    DutySubmission,
    Liaison,
    ReportingDuty,
)
from zhenwei.core.choices import Role
from zhenwei.core.models import AuditEntry
from zhenwei.core.tests.factories import user_with_role


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _docx(text: str = "实施方案") -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture
def office(org):
    """Campaign offices of county 甲 and county 乙."""
    org.office_a = user_with_role("office_a", org.dept(org.a, "emergency"), Role.CAMPAIGN_OFFICE)
    org.office_b = user_with_role("office_b", org.dept(org.b, "emergency"), Role.CAMPAIGN_OFFICE)
    return org


@pytest.fixture
def campaign(office):
    today = timezone.localdate()
    return services.campaign_save(
        campaign=Campaign(
            title="甲县打击假冒安全生产证书专项行动",
            kind="fake_certificates",
            doc_number="甲安办发〔2026〕3号",
            division=office.a,
            lead_department=office.dept(office.a, "emergency"),
            starts_on=today - dt.timedelta(days=90),
            ends_on=today + dt.timedelta(days=90),
        ),
        actor=office.office_a,
    )


def _audits(obj, action=None):
    qs = AuditEntry.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk))
    return qs.filter(action=action) if action else qs


# ---- services ------------------------------------------------------------------------------------


def test_campaign_save_writes_an_audit_row(campaign):
    assert _audits(campaign, "create").count() == 1


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
    assert _audits(ok, "create").exists()
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
    assert _audits(campaign, "create").count() == 1
    r = api.patch(f"/api/v1/campaigns/{pk}/", {"title": "甲县打假专项行动（修订）"}, format="json")
    assert r.status_code == 200, r.content
    assert _audits(campaign, "update").count() == 1
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
    c = _client(office.office_a)
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
    assert _client(office.inspector_a).get(url).status_code == 403
    assert _client(office.office_b).get(url).status_code == 404


# ---- the liaison list export ------------------------------------------------------------------------


@pytest.fixture
def liaisons(office, campaign):
    services.liaison_save(
        liaison=Liaison(
            campaign=campaign,
            sort=1,
            unit="甲县应急管理局",
            division=office.a,
            name="李四",
            post="安监科科长",
            phone="023-55123456",
            mobile="13912345678",
            notes="主联络员",
        ),
        actor=office.office_a,
    )
    services.liaison_save(
        liaison=Liaison(
            campaign=campaign,
            sort=2,
            unit="甲县一镇",
            division=office.t,
            name="赵六",
            post="应急办主任",
            mobile="13800001111",
        ),
        actor=office.office_a,
    )
    return campaign


def test_liaison_xlsx_has_the_annex_form(office, liaisons):
    from openpyxl import load_workbook

    r = _client(office.office_a).get(f"/staff/campaigns/{liaisons.pk}/liaisons.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A1"].value == "附件2" and ws["A2"].value == TITLE == "联络员基本信息表"
    assert (
        [c.value for c in ws[3]]
        == list(COLUMNS)
        == ["序号", "单位", "姓名", "部门及职务", "电话(传真)", "手机号", "备注"]
    )
    assert [c.value for c in ws[4]] == [
        1,
        "甲县应急管理局",
        "李四",
        "安监科科长",
        "023-55123456",
        "13912345678",
        "主联络员",
    ]
    assert [c.value for c in ws[5]][:3] == [2, "甲县一镇", "赵六"]
    assert AuditEntry.objects.filter(action="export", model="campaigns.campaign").count() == 1
    assert AuditEntry.objects.filter(action="view_pii").exists()


def test_liaison_docx_masks_phones_for_a_viewer(office, liaisons):
    from docx import Document

    r = _client(office.viewer_a).get(f"/staff/campaigns/{liaisons.pk}/liaisons.docx")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    assert [p.text for p in doc.paragraphs][:2] == ["附件2", "联络员基本信息表"]
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(COLUMNS)
    row = [c.text for c in table.rows[1].cells]
    assert row[:4] == ["1", "甲县应急管理局", "李四", "安监科科长"]
    assert row[4] == "********3456" and row[5] == "139****5678"


def test_api_liaison_export(office, liaisons, as_user):
    from openpyxl import load_workbook

    r = as_user(office.office_a).get(f"/api/v1/campaigns/{liaisons.pk}/liaisons-xlsx/")
    assert r.status_code == 200
    assert load_workbook(io.BytesIO(r.content)).active["B4"].value == "甲县应急管理局"
    assert as_user(office.office_b).get(f"/api/v1/campaigns/{liaisons.pk}/liaisons-docx/").status_code == 404


# ---- versioned duty submissions ----------------------------------------------------------------------


@pytest.fixture
def summary(office, campaign):
    return services.duty_save(
        duty=ReportingDuty(
            campaign=campaign,
            kind="final_summary",
            title="镇工作总结",
            division=office.t,
            department=office.dept(office.t, "market"),
            due_on=timezone.localdate() - dt.timedelta(days=3),
        ),
        actor=office.office_a,
    )


def _overdue_ids(office):
    return [i.duty.pk for i in selectors.overdue_duties(division=office.a)]


@pytest.mark.dates
def test_duty_versions_returned_then_accepted(office, summary):
    assert summary.pk in _overdue_ids(office)  # nobody submitted: overdue
    town = _client(office.officer_t)
    r = town.post(
        f"/staff/campaigns/duties/{summary.pk}/submit/",
        {
            "file": SimpleUploadedFile("总结.docx", _docx("第一版"), "application/octet-stream"),
            "note": "第一版",
        },
    )
    assert r.status_code == 302, r.content[:500]
    v1 = DutySubmission.objects.get(duty=summary)
    assert v1.version == 1 and v1.file is not None and v1.file.original_name == "总结.docx"
    assert summary.pk not in _overdue_ids(office)  # submitted, waiting for review
    # Returning needs a reason; the town cannot review.
    with pytest.raises(ValidationError):
        services.submission_review(submission=v1, to="returned", actor=office.office_a)
    with pytest.raises(PermissionDenied):
        services.submission_review(submission=v1, to="accepted", actor=office.officer_t)
    r = _client(office.office_a).post(
        f"/staff/campaigns/submissions/{v1.pk}/review/", {"to": "returned", "reason": "缺少典型案例分析"}
    )
    assert r.status_code == 302
    v1.refresh_from_db()
    assert (
        v1.status == "returned"
        and v1.review_reason == "缺少典型案例分析"
        and v1.reviewed_by == office.office_a
    )
    assert summary.pk in _overdue_ids(office)  # returned: open again
    assert _audits(v1, "transition").count() == 1
    v2 = services.duty_submit(
        duty=summary,
        actor=office.officer_t,
        fileobj=io.BytesIO(_docx("第二版")),
        file_name="总结（修改）.docx",
    )
    assert v2.version == 2
    services.submission_review(submission=v2, to="accepted", actor=office.office_a)
    assert summary.pk not in _overdue_ids(office)
    assert DutySubmission.objects.filter(duty=summary).count() == 2  # the old version is kept
    with pytest.raises(ValidationError):
        services.duty_submit(
            duty=summary, actor=office.officer_t, fileobj=io.BytesIO(_docx()), file_name="x.docx"
        )
    page = _client(office.office_a).get(f"/staff/campaigns/duties/{summary.pk}/").content.decode()
    assert "第2版" in page and "第1版" in page and "缺少典型案例分析" in page


def test_duty_submit_needs_a_file_and_scope(office, summary, as_user):
    with pytest.raises(ValidationError):
        services.duty_submit(duty=summary, actor=office.officer_t)
    r = as_user(office.officer_b).post(
        f"/api/v1/campaigns/duties/{summary.pk}/submit/",
        {"file": SimpleUploadedFile("a.docx", _docx(), "application/octet-stream")},
        format="multipart",
    )
    assert r.status_code == 404
    r = as_user(office.officer_t).post(
        f"/api/v1/campaigns/duties/{summary.pk}/submit/",
        {"file": SimpleUploadedFile("a.docx", _docx(), "application/octet-stream"), "note": "已报"},
        format="multipart",
    )
    assert r.status_code == 201, r.content
    sub = DutySubmission.objects.get(pk=r.json()["id"])
    r = as_user(office.office_a).post(
        f"/api/v1/campaigns/submissions/{sub.pk}/review/", {"to": "accepted"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "accepted"


# ---- notices of criticism ---------------------------------------------------------------------------


@pytest.mark.dates
def test_notice_proposed_issued_and_notified(office, summary):
    from zhenwei.notifications.models import Notification

    c = _client(office.office_a)
    page = c.get(f"/staff/campaigns/{summary.campaign_id}/notices/new/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "甲县一镇" in text and "镇工作总结" in text
    unit = selectors.overdue_units(campaign=summary.campaign)[0]
    r = c.post(
        f"/staff/campaigns/{summary.campaign_id}/notices/new/",
        {"unit": unit.key, "text": "甲县一镇未按期报送工作总结，现予通报。"},
    )
    assert r.status_code == 302, r.content[:800]
    notice = CriticismNotice.objects.get()
    year = timezone.localdate().year
    assert notice.number == f"甲安办通〔{year}〕1号"
    assert notice.target_division == office.t and list(notice.duties.all()) == [summary]
    assert _audits(notice, "create").count() == 1
    assert Notification.objects.filter(
        recipient=office.officer_t, url__endswith=f"/notices/{notice.pk}/"
    ).exists()
    assert notice.number in c.get(f"/staff/campaigns/{summary.campaign_id}/").content.decode()
    assert _client(office.officer_t).get(f"/staff/campaigns/notices/{notice.pk}/").status_code == 200
    assert _client(office.officer_b).get(f"/staff/campaigns/notices/{notice.pk}/").status_code == 404
    # The next one takes the next number; an office of another county cannot issue.
    second = services.notice_issue(
        campaign=summary.campaign,
        target_division=office.t,
        text="再次通报",
        duties=[summary],
        actor=office.office_a,
    )
    assert second.number == f"甲安办通〔{year}〕2号"
    with pytest.raises(PermissionDenied):
        services.notice_issue(
            campaign=summary.campaign, target_division=office.t, text="x", actor=office.office_b
        )


def test_api_notice_refused_for_a_unit_outside(office, summary, as_user):
    r = as_user(office.office_a).post(
        "/api/v1/campaigns/notices/",
        {"campaign": summary.campaign_id, "target_division": office.b.pk, "text": "通报"},
        format="json",
    )
    assert r.status_code == 400 and "target_division" in r.json()["errors"]
    r = as_user(office.office_a).post(
        "/api/v1/campaigns/notices/",
        {
            "campaign": summary.campaign_id,
            "target_division": office.t.pk,
            "duties": [summary.pk],
            "text": "通报",
        },
        format="json",
    )
    assert r.status_code == 201, r.content


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
    c = _client(office.office_a)
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
