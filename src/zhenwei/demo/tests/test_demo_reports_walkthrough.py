"""The newcomer's walk through the demo: campaign → task matrix → 云阳县's monthly form → the records
behind a number → submit → the city office accepts → city roll-up as XLSX and DOCX. Also: the demo
loads twice without change, and every built-in form for 云阳县 has non-zero figures in the months the demo
covers. The demo is placed relative to today, so the months are asked of ``zhenwei.demo.demodates``."""

import datetime as dt
import io
from io import StringIO

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from zhenwei.campaigns.models import Campaign, CampaignTask, Liaison, ReportingDuty, TaskAssignment
from zhenwei.core.models import Division, User
from zhenwei.demo import demodates
from zhenwei.reports.models import MonthlyReport, ReportTemplate
from zhenwei.reports.selectors import form_compute

pytestmark = pytest.mark.dates


def _login(username):
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def _counts():
    return tuple(
        m.objects.count()
        for m in (Campaign, CampaignTask, TaskAssignment, Liaison, ReportingDuty, MonthlyReport)
    )


def test_demo_walkthrough(demo_data, db):
    before = _counts()
    from zhenwei.demo import campaigns as campaigns_demo
    from zhenwei.demo import reports as reports_demo

    campaigns_demo.load(stdout=StringIO())  # the whole demo twice is core's test; ours again here
    reports_demo.load(stdout=StringIO())
    assert _counts() == before

    yunyang = Division.objects.get(code="500235")
    for template in ReportTemplate.objects.all():
        nonzero = False
        for month in demodates.covered_months():
            form = form_compute(template=template, division=yunyang, month=month)
            if any(x.month.value for x in form.lines if x.row.kind == "number"):
                nonzero = True
                break
        assert nonzero, template.slug
    # Every built-in form has figures in each demo month up to the present (the 打假 form used to be
    # zero in every month), and seed 004's member departments report their own columns.
    from django.utils import timezone

    from zhenwei.reports.departments import department_overview

    present = timezone.localdate().replace(day=1)
    for template in ReportTemplate.objects.all():
        for month in demodates.covered_months():
            if month >= present:
                continue
            form = form_compute(template=template, division=yunyang, month=month)
            assert any(x.month.computed for x in form.lines if x.row.kind == "number"), (template.slug, month)
    anti = ReportTemplate.objects.get(slug="anti-counterfeit-monthly")
    october = department_overview(
        template=anti, division=yunyang, month=demodates.month(dt.date(2026, 10, 1))
    )
    assert len(october.columns) == 4 and len(october.submitted) == 4
    assert october.total("p1a")[0] is not None
    november = department_overview(
        template=anti, division=yunyang, month=demodates.month(dt.date(2026, 11, 1))
    )
    if november.month < present:
        assert {c.department.name for c in november.submitted} == {
            "云阳县市场监督管理局",
            "云阳县消防救援大队",
        }

    office = _login("yy_office")
    campaign = Campaign.objects.get(doc_number="云安办发〔2026〕3号")
    html = office.get(f"/staff/campaigns/{campaign.pk}/").content.decode()
    assert "任务分工与落实" in html and "农坝镇" in html and "专项整治阶段" in html
    october = demodates.month(dt.date(2026, 10, 1))  # the month the demo leaves open for submission
    form_url = f"/staff/reports/form/cert-campaign-monthly/500235/{october:%Y-%m}/"
    page = office.get(form_url)
    assert page.status_code == 200
    assert office.get(form_url + "cell/r06/cumulative/").status_code == 200
    assert office.post(form_url + "submit/do/").status_code == 302
    report = MonthlyReport.objects.get(
        template__slug="cert-campaign-monthly", division=yunyang, month=october
    )
    assert report.status == "submitted"
    city = _login("cq_office")
    assert "待审核" in city.get("/staff/reports/").content.decode()
    city.post(form_url + "accept/do/")
    report.refresh_from_db()
    assert report.status == "accepted"
    city_form = f"/staff/reports/form/cert-campaign-monthly/500000/{october:%Y-%m}/"
    xlsx = city.get(city_form + "export/xlsx")
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.active["A1"].value == "专项行动情况月报表"
    assert "云阳县" in [c.value for c in wb["分单位"][2]]
    docx = Document(io.BytesIO(city.get(city_form + "export/docx").content))
    assert docx.paragraphs[0].text == "专项行动情况月报表"
