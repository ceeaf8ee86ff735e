"""Campaign detail (document, phases, group, liaisons, task matrix, progress, duties), task workflow,
reminders and the overdue list."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from zhenwei.campaigns import selectors, services
from zhenwei.campaigns.models import (
    Campaign,
    CampaignPhase,
    CampaignTask,
    LeadingGroupMember,
    Liaison,
    ReportingDuty,
    TaskAssignment,
)
from zhenwei.core.models import AuditEntry

TODAY = dt.date(2026, 11, 25)


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def campaign(org):
    c = Campaign.objects.create(
        title="甲县打击假冒消防产品专项整治",
        kind="fire_products",
        doc_title="关于印发专项整治方案的通知",
        doc_number="甲安办发〔2026〕3号",
        issuing_body="甲县安委办",
        issued_on=dt.date(2026, 2, 20),
        division=org.a,
        lead_department=org.dept(org.a, "emergency"),
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 12, 31),
        report_template="fire-products-monthly",
    )
    for sort, (kind, name, s, e) in enumerate(
        [
            ("mobilise", "动员部署", "2026-03-01", "2026-03-31"),
            ("rectify", "专项整治", "2026-04-01", "2026-10-31"),
            ("consolidate", "巩固提升", "2026-11-01", "2026-12-31"),
        ],
        start=1,
    ):
        CampaignPhase.objects.create(campaign=c, sort=sort, kind=kind, name=name, starts_on=s, ends_on=e)
    LeadingGroupMember.objects.create(campaign=c, role="leader", sort=1, name="王县长", post="副县长")
    LeadingGroupMember.objects.create(
        campaign=c, role="office_director", sort=2, name="胡主任", post="应急局局长"
    )
    Liaison.objects.create(
        campaign=c,
        sort=1,
        unit="甲县市场监管",
        division=org.a,
        name="李联络",
        post="科长",
        phone="023-55123456",
        mobile="13912345678",
    )
    t1 = CampaignTask.objects.create(
        campaign=c,
        sort=1,
        title="使用领域抽查",
        lead_department=org.dept(org.a, "fire"),
        due_on=dt.date(2026, 9, 30),
    )
    t1.cooperating_departments.set([org.dept(org.a, "market")])
    t2 = CampaignTask.objects.create(
        campaign=c, sort=2, title="冒牌培训摸排", lead_department=org.dept(org.a, "emergency")
    )
    TaskAssignment.objects.create(task=t1, division=org.a, status="done", evidence="抽查结果公告")
    TaskAssignment.objects.create(task=t1, division=org.t, status="in_progress")
    TaskAssignment.objects.create(task=t2, division=org.a, status="pending")
    TaskAssignment.objects.create(task=t2, division=org.t, status="done", evidence="台账")
    return c


def test_detail_shows_document_phases_group_matrix_and_progress(campaign, org):
    html = client_for(org.officer_a).get(f"/staff/campaigns/{campaign.pk}/").content.decode()
    for text in (
        "甲安办发〔2026〕3号",
        "动员部署",
        "巩固提升",
        "王县长",
        "办公室主任",
        "使用领域抽查",
        "冒牌培训摸排",
        "2/4，50%",
        "甲县一镇",
    ):
        assert text in html, text
    assert "/staff/reports/form/fire-products-monthly/980101/" in html


def test_progress_by_division_and_department(campaign, org):
    tm = selectors.task_matrix(campaign=campaign, user=org.officer_a)
    by_div = {r.label: (r.done, r.total) for r in tm["by_division"]}
    assert by_div == {"甲县": (1, 2), "甲县一镇": (1, 2)}
    by_dept = {r.label: (r.done, r.total) for r in tm["by_department"]}
    assert by_dept == {"甲县消防救援": (1, 2), "甲县应急管理": (1, 2)}
    assert [len(cells) for _t, cells in tm["matrix"]] == [2, 2]


def test_campaign_above_is_visible_only_when_copied_to_a_participating_department(campaign, org):
    assert (
        client_for(org.officer_a).get(f"/staff/campaigns/{campaign.pk}/").status_code == 200
    )  # its own division
    city = Campaign.objects.create(
        title="测试市专项行动",
        kind="fake_certificates",
        doc_number="测市发〔2026〕1号",
        division=org.pc,
        lead_department=org.dept(org.pc, "emergency"),
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    c = client_for(org.officer_a)
    assert c.get(f"/staff/campaigns/{city.pk}/").status_code == 404
    ReportingDuty.objects.create(
        campaign=city,
        kind="monthly_report",
        title="月报",
        division=org.a,
        department=org.dept(org.a, "market"),
        template="cert-campaign-monthly",
        day_of_month=5,
        first_month=dt.date(2026, 3, 1),
        last_month=dt.date(2026, 12, 1),
    )
    assert services.campaign_share_with_participants(campaign=city, actor=org.office_p) == 1
    assert services.campaign_share_with_participants(campaign=city, actor=org.office_p) == 0
    assert c.get(f"/staff/campaigns/{city.pk}/").status_code == 200
    assert client_for(org.officer_b).get(f"/staff/campaigns/{city.pk}/").status_code == 404
    assert c.post(f"/staff/campaigns/{city.pk}/").status_code == 405


def test_town_officer_sees_the_county_campaign_and_only_town_tasks(campaign, org):
    assert client_for(org.officer_t).get(f"/staff/campaigns/{campaign.pk}/").status_code == 404
    ReportingDuty.objects.create(
        campaign=campaign,
        kind="final_summary",
        title="镇工作总结",
        division=org.t,
        department=org.dept(org.t, "market"),
        due_on=dt.date(2026, 12, 10),
    )
    services.campaign_share_with_participants(campaign=campaign, actor=org.officer_a)
    tm = selectors.task_matrix(campaign=campaign, user=org.officer_t)
    assert [d.code for d in tm["divisions"]] == [org.t.code]
    assert client_for(org.officer_t).get(f"/staff/campaigns/{campaign.pk}/").status_code == 200
    assert client_for(org.officer_b).get(f"/staff/campaigns/{campaign.pk}/").status_code == 404


def test_liaison_phones_masked_without_pii_and_whole_view_audited(campaign, org):
    viewer = client_for(org.viewer_a).get(f"/staff/campaigns/{campaign.pk}/").content.decode()
    assert "13912345678" not in viewer and "139****5678" in viewer
    assert not AuditEntry.objects.filter(action="view_pii").exists()
    officer = client_for(org.officer_a).get(f"/staff/campaigns/{campaign.pk}/").content.decode()
    assert "13912345678" in officer
    assert AuditEntry.objects.filter(action="view_pii", actor=org.officer_a).exists()


def test_task_done_needs_evidence_and_is_audited(campaign, org):
    a = TaskAssignment.objects.get(task__sort=2, division=org.a)
    with pytest.raises(ValidationError):
        services.assignment_transition(assignment=a, to="done", actor=org.officer_a)
    services.assignment_transition(assignment=a, to="in_progress", actor=org.officer_a, progress="已部署")
    c = client_for(org.officer_a)
    c.post(f"/staff/campaigns/assignments/{a.pk}/", {"status": "done", "evidence": "培训机构台账17家"})
    a.refresh_from_db()
    assert a.status == "done" and a.evidence == "培训机构台账17家"
    assert AuditEntry.objects.filter(model="campaigns.taskassignment", action="transition").count() == 2


def test_viewer_cannot_change_a_task(campaign, org):
    from django.core.exceptions import PermissionDenied

    a = TaskAssignment.objects.get(task__sort=2, division=org.a)
    with pytest.raises(PermissionDenied):
        services.assignment_transition(assignment=a, to="in_progress", actor=org.viewer_a)


@pytest.fixture
def duties(campaign, org):
    monthly = ReportingDuty.objects.create(
        campaign=campaign,
        kind="monthly_report",
        title="消防产品月报",
        division=org.a,
        department=org.dept(org.a, "market"),
        template="fire-products-monthly",
        day_of_month=5,
        first_month=dt.date(2026, 9, 1),
        last_month=dt.date(2026, 12, 1),
    )
    summary = ReportingDuty.objects.create(
        campaign=campaign,
        kind="final_summary",
        title="工作总结",
        division=org.a,
        department=org.dept(org.a, "market"),
        due_on=dt.date(2026, 11, 27),
    )
    return monthly, summary


def test_monthly_duty_is_done_when_the_report_is_submitted(duties, org):
    from zhenwei.reports.models import ReportTemplate
    from zhenwei.reports.services import report_ensure, report_submit

    upcoming, overdue = selectors.duties_for_user(user=org.officer_a, today=TODAY)
    assert [(i.period, i.due) for i in overdue] == [
        (dt.date(2026, 9, 1), dt.date(2026, 10, 5)),
        (dt.date(2026, 10, 1), dt.date(2026, 11, 5)),
    ]
    assert [i.duty.title for i in upcoming] == ["工作总结"]  # due in 2 days, reminded 3 days before
    report = report_ensure(
        template=ReportTemplate.objects.get(slug="fire-products-monthly"),
        division=org.a,
        month=dt.date(2026, 9, 1),
        actor=org.officer_a,
    )
    report_submit(report=report, actor=org.officer_a)
    _, overdue = selectors.duties_for_user(user=org.officer_a, today=TODAY)
    assert [i.period for i in overdue] == [dt.date(2026, 10, 1)]


def test_one_off_duty_submission(duties, org):
    _monthly, summary = duties
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    buf.seek(0)
    services.duty_submit(duty=summary, actor=org.officer_a, note="已报送", fileobj=buf, file_name="总结.docx")
    upcoming, _ = selectors.duties_for_user(user=org.officer_a, today=TODAY)
    assert upcoming == []


def test_campaign_office_sees_overdue_units_below(duties, org):
    _, overdue = selectors.duties_for_user(user=org.office_p, today=TODAY)
    assert {i.duty.division for i in overdue} == {org.a}
    _, overdue_b = selectors.duties_for_user(user=org.officer_b, today=TODAY)
    assert overdue_b == []


def test_home_page_lists_reminders_and_overdue(duties, org):
    from zhenwei.campaigns.home import waiting

    items = waiting(org.officer_a)
    assert any(i.title.startswith("逾期未报") and i.overdue for i in items)
    html = client_for(org.officer_a).get("/staff/").content.decode()
    assert "消防产品月报" in html


def test_command_prints_reminders_and_overdue(duties, org):
    out = io.StringIO()
    call_command("campaign_duties", "--date", "2026-11-25", stdout=out)
    text = out.getvalue()
    assert "reminders (1)" in text and "工作总结" in text
    assert "overdue (2)" in text and "51 days late" in text


def test_overdue_page(duties, org):
    html = client_for(org.office_p).get(f"/staff/campaigns/overdue/?division={org.a.code}").content.decode()
    assert "消防产品月报" in html
    assert (
        client_for(org.officer_a).get(f"/staff/campaigns/overdue/?division={org.b.code}").status_code == 404
    )


def test_list_page(campaign, org):
    html = client_for(org.officer_a).get("/staff/campaigns/?q=甲安办").content.decode()
    assert "甲县打击假冒消防产品专项整治" in html
