"""The liaison list export, versioned duty submissions with accept / return, and notices of
criticism (issue 15, section 1)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhenwei.campaigns import selectors, services
from zhenwei.campaigns.exports import COLUMNS, TITLE
from zhenwei.campaigns.models import (
    CriticismNotice,
    DutySubmission,
    Liaison,
    ReportingDuty,
)
from zhenwei.core.models import AuditEntry

from ._helpers import audits, client_for, docx_bytes, make_campaign, make_office


@pytest.fixture
def office(org):
    """Campaign offices of county 甲 and county 乙."""
    return make_office(org)


@pytest.fixture
def campaign(office):
    return make_campaign(office)


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

    r = client_for(office.office_a).get(f"/staff/campaigns/{liaisons.pk}/liaisons.xlsx")
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

    r = client_for(office.viewer_a).get(f"/staff/campaigns/{liaisons.pk}/liaisons.docx")
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
    town = client_for(office.officer_t)
    r = town.post(
        f"/staff/campaigns/duties/{summary.pk}/submit/",
        {
            "file": SimpleUploadedFile("总结.docx", docx_bytes("第一版"), "application/octet-stream"),
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
    r = client_for(office.office_a).post(
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
    assert audits(v1, "transition").count() == 1
    v2 = services.duty_submit(
        duty=summary,
        actor=office.officer_t,
        fileobj=io.BytesIO(docx_bytes("第二版")),
        file_name="总结（修改）.docx",
    )
    assert v2.version == 2
    services.submission_review(submission=v2, to="accepted", actor=office.office_a)
    assert summary.pk not in _overdue_ids(office)
    assert DutySubmission.objects.filter(duty=summary).count() == 2  # the old version is kept
    with pytest.raises(ValidationError):
        services.duty_submit(
            duty=summary, actor=office.officer_t, fileobj=io.BytesIO(docx_bytes()), file_name="x.docx"
        )
    page = client_for(office.office_a).get(f"/staff/campaigns/duties/{summary.pk}/").content.decode()
    assert "第2版" in page and "第1版" in page and "缺少典型案例分析" in page


def test_duty_submit_needs_a_file_and_scope(office, summary, as_user):
    with pytest.raises(ValidationError):
        services.duty_submit(duty=summary, actor=office.officer_t)
    r = as_user(office.officer_b).post(
        f"/api/v1/campaigns/duties/{summary.pk}/submit/",
        {"file": SimpleUploadedFile("a.docx", docx_bytes(), "application/octet-stream")},
        format="multipart",
    )
    assert r.status_code == 404
    r = as_user(office.officer_t).post(
        f"/api/v1/campaigns/duties/{summary.pk}/submit/",
        {"file": SimpleUploadedFile("a.docx", docx_bytes(), "application/octet-stream"), "note": "已报"},
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

    c = client_for(office.office_a)
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
    assert audits(notice, "create").count() == 1
    assert Notification.objects.filter(
        recipient=office.officer_t, url__endswith=f"/notices/{notice.pk}/"
    ).exists()
    assert notice.number in c.get(f"/staff/campaigns/{summary.campaign_id}/").content.decode()
    assert client_for(office.officer_t).get(f"/staff/campaigns/notices/{notice.pk}/").status_code == 200
    assert client_for(office.officer_b).get(f"/staff/campaigns/notices/{notice.pk}/").status_code == 404
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
