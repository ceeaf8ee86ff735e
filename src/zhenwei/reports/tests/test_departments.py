"""Per-department reporting (seed 004: 各部门每月5号前将上月打假统计数据报送到镇打假办): each member
department of the campaign reports its own column, computed from its own records; the office sees
every column, the total and who is late; a department cannot touch another department's column."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from freezegun import freeze_time

from zhenwei.core.choices import Role
from zhenwei.core.tests.factories import user_with_role
from zhenwei.reports import services
from zhenwei.reports.departments import (
    campaign_members,
    department_form,
    department_overview,
    due_date,
)
from zhenwei.reports.models import MonthlyReport
from zhenwei.reports.selectors import form_compute

from .conftest import OCT, make_clue

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org, anti):
    """County A's anti-counterfeit campaign: food and drugs led by market supervision with the police
    cooperating; building materials led by the fire service."""
    from zhenwei.campaigns.models import Campaign, CampaignTask
    from zhenwei.catalog.models import ProductCategory

    c = Campaign.objects.create(
        title="甲县打假专项行动",
        kind="anti_counterfeit",
        division=org.a,
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 31),
        report_template=anti.slug,
    )
    food = CampaignTask.objects.create(
        campaign=c,
        sort=1,
        title="食品、药品专项打假",
        category=ProductCategory.objects.get(code="food-drug"),
        lead_department=org.dept(org.a, "market"),
    )
    food.cooperating_departments.add(org.dept(org.a, "police"))
    CampaignTask.objects.create(
        campaign=c, sort=2, title="建材专项打假", lead_department=org.dept(org.a, "fire")
    )
    return c


@pytest.fixture
def clues(org):
    market, police = org.dept(org.a, "market"), org.dept(org.a, "police")
    make_clue(org.a, category="food-drug", department=market, title="市场监管 十月 1")
    make_clue(org.t, category="food-drug", department=market, title="市场监管 十月 镇里")
    make_clue(org.a, category="food-drug", department=police, title="公安 十月")
    make_clue(org.a, category="food-drug", department=None, title="未分部门 十月")
    make_clue(org.a, category="food-drug", department=market, created=dt.date(2026, 9, 20), title="九月")
    make_clue(org.a, category="food-drug", department=market, created=dt.date(2026, 11, 2), title="十一月")
    return org


def p1b(form):
    line = next(x for x in form.lines if x.row.code == "p1b")
    return line.month.value, line.cumulative.value


def test_members_are_the_lead_and_cooperating_departments_of_the_tasks(org, campaign):
    members = campaign_members(campaign=campaign, division=org.a)
    assert [m.department.name for m in members] == ["甲县市场监管", "甲县公安", "甲县消防救援"]
    assert [m.role_display for m in members] == ["牵头", "配合", "牵头"]


def test_each_department_column_counts_its_own_records_and_the_total_is_their_sum(clues, campaign, anti):
    org = clues
    market = department_form(template=anti, division=org.a, department=org.dept(org.a, "market"), month=OCT)
    police = department_form(template=anti, division=org.a, department=org.dept(org.a, "police"), month=OCT)
    assert p1b(market) == (Decimal(2), Decimal(3))  # the town's clue of the county's department counts
    assert p1b(police) == (Decimal(1), Decimal(1))
    with freeze_time("2026-10-20 12:00"):
        overview = department_overview(template=anti, division=org.a, month=OCT)
    assert overview.total("p1b") == (Decimal(3), Decimal(4))
    # The division's own form also counts the clue no department handles.
    assert p1b(form_compute(template=anti, division=org.a, month=OCT)) == (Decimal(4), Decimal(5))


def test_late_departments_are_named_after_the_due_day(clues, campaign, anti):
    org = clues
    market = org.dept(org.a, "market")
    assert due_date(
        campaign=campaign, template=anti, division=org.a, department=market, month=OCT
    ) == dt.date(2026, 11, 5)
    with freeze_time("2026-11-04 12:00"):
        report = services.department_report_ensure(
            template=anti, division=org.a, department=market, month=OCT, actor=org.officer_a
        )
        services.report_submit(report=report, actor=org.officer_a)
        before_due = department_overview(template=anti, division=org.a, month=OCT)
    assert before_due.late == []
    with freeze_time("2026-11-06 09:00"):
        overview = department_overview(template=anti, division=org.a, month=OCT)
    assert [c.department.name for c in overview.late] == ["甲县公安", "甲县消防救援"]
    assert [c.status_display for c in overview.columns] == ["已报送", "逾期未报", "逾期未报"]
    # The submitted column is frozen: a clue entered late does not move it, the total reads it.
    make_clue(org.a, category="food-drug", department=market, title="补录十月")
    again = department_overview(template=anti, division=org.a, month=OCT)
    assert again.columns[0].figures("p1b") == (Decimal(2), Decimal(3))
    line = next(x for x in again.columns[0].form.lines if x.row.code == "p1b")
    assert line.live_month == Decimal(3)


def test_a_monthly_duty_sets_the_due_day(clues, campaign, anti):
    from zhenwei.campaigns.models import ReportingDuty

    org = clues
    ReportingDuty.objects.create(
        campaign=campaign,
        kind="monthly_report",
        title="打假月报",
        division=org.a,
        template=anti.slug,
        day_of_month=3,
    )
    police = org.dept(org.a, "police")
    assert due_date(
        campaign=campaign, template=anti, division=org.a, department=police, month=OCT
    ) == dt.date(2026, 11, 3)


def test_a_department_cannot_fill_or_submit_another_departments_report(clues, campaign, anti):
    org = clues
    market, police = org.dept(org.a, "market"), org.dept(org.a, "police")
    police_officer = user_with_role("police_a", police, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.department_report_ensure(
            template=anti, division=org.a, department=market, month=OCT, actor=police_officer
        )
    report = services.department_report_ensure(
        template=anti, division=org.a, department=market, month=OCT, actor=org.officer_a
    )
    for attempt in (
        lambda: services.report_adjust(
            report=report, row_code="p1b", column="month", value=9, reason="改成九条吧", actor=police_officer
        ),
        lambda: services.report_update(report=report, actor=police_officer, preparer="公安某"),
        lambda: services.report_submit(report=report, actor=police_officer),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    # A viewer of the market department itself cannot either; the county office reviews.
    viewer = user_with_role("viewer_market_a", market, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, actor=viewer)
    services.report_submit(report=report, actor=org.officer_a)
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, actor=police_officer)
    office_a = user_with_role("office_a", org.dept(org.a, "emergency"), Role.CAMPAIGN_OFFICE)
    assert services.report_accept(report=report, actor=office_a).status == "accepted"


def test_only_member_departments_report(org, campaign, anti):
    emergency = org.dept(org.a, "emergency")
    officer = user_with_role("officer_emergency_a", emergency, Role.OFFICER)
    with pytest.raises(ValidationError, match="不是本区划专项行动任务"):
        services.department_report_ensure(
            template=anti, division=org.a, department=emergency, month=OCT, actor=officer
        )


def test_one_division_report_and_one_per_department_per_month(clues, campaign, anti):
    org = clues
    division_report = services.report_ensure(template=anti, division=org.a, month=OCT, actor=org.officer_a)
    dept_report = services.department_report_ensure(
        template=anti, division=org.a, department=org.dept(org.a, "market"), month=OCT, actor=org.officer_a
    )
    assert division_report.pk != dept_report.pk and division_report.department_id is None
    # The division's form is not confused by the department's report (its status, its roll-up).
    assert form_compute(template=anti, division=org.a, month=OCT).report.pk == division_report.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(template=anti, division=org.a, month=OCT)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(
            template=anti, division=org.a, department=org.dept(org.a, "market"), month=OCT
        )


def test_rows_whose_records_carry_no_department_are_filled_by_hand(org, cert):
    """In the certificate form, the register and self-check rows are not computed per department:
    the department enters them (no reason needed there); computed rows need a reason to change."""
    from zhenwei.campaigns.models import Campaign, CampaignTask

    c = Campaign.objects.create(
        title="甲县打击假证专项行动",
        kind="fake_certificates",
        division=org.a,
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 31),
        report_template=cert.slug,
    )
    CampaignTask.objects.create(
        campaign=c, sort=1, title="持证上岗检查", lead_department=org.dept(org.a, "market")
    )
    report = services.department_report_ensure(
        template=cert, division=org.a, department=org.dept(org.a, "market"), month=OCT, actor=org.officer_a
    )
    form = department_form(template=cert, division=org.a, department=org.dept(org.a, "market"), month=OCT)
    r01 = next(x for x in form.lines if x.row.code == "r01")
    assert r01.month.computed is None and "不分部门" in r01.note
    services.report_adjust(
        report=report, row_code="r01", column="month", value=12, reason="", actor=org.officer_a
    )
    with pytest.raises(ValidationError, match="理由"):
        services.report_adjust(
            report=report, row_code="r15", column="month", value=3, reason="", actor=org.officer_a
        )
    form = department_form(template=cert, division=org.a, department=org.dept(org.a, "market"), month=OCT)
    assert next(x for x in form.lines if x.row.code == "r01").month.value == Decimal(12)


def test_pages_api_and_export(clues, campaign, anti, client, as_user):
    org = clues
    market = org.dept(org.a, "market")
    police_officer = user_with_role("police_a2", org.dept(org.a, "police"), Role.OFFICER)
    base = f"/staff/reports/form/{anti.slug}/{org.a.code}/2026-10/"
    client.force_login(org.officer_a)
    page = client.get(base + "departments/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "甲县市场监管" in body and "甲县公安" in body and "合计" in body
    assert client.get(base + f"department/{market.pk}/").status_code == 200
    xlsx = client.get(base + "departments/export.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    # A department of another division is not found here.
    assert client.get(base + f"department/{org.dept(org.b, 'market').pk}/").status_code == 404
    api = as_user(police_officer)
    url = f"/api/v1/reports/forms/{anti.slug}/{org.a.code}/2026-10/departments/"
    data = api.get(url).json()
    assert [d["name"] for d in data["departments"]] == ["甲县市场监管", "甲县公安", "甲县消防救援"]
    total = {r["code"]: r for r in data["total"]}
    assert (total["p1b"]["month"], total["p1b"]["cumulative"]) == ("3", "4")
    denied = api.post(
        url + f"{market.pk}/", {"cells": [{"row": "p1b", "column": "month", "value": 9}]}, format="json"
    )
    assert denied.status_code == 403
    api = as_user(org.officer_a)
    bad = api.post(
        url + f"{market.pk}/", {"cells": [{"row": "p1b", "column": "month", "value": "x"}]}, format="json"
    )
    assert bad.status_code == 400 and not MonthlyReport.objects.filter(department=market).exists()
    ok = api.post(url + f"{market.pk}/", {"preparer": "张三"}, format="json")
    assert ok.status_code == 200, ok.content
    report_id = ok.json()["report"]
    submitted = api.post(f"/api/v1/reports/monthly/{report_id}/submit/")
    assert submitted.status_code == 200 and submitted.json()["department"] == market.pk
