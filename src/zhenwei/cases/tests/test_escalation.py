"""Unacknowledged transfers escalate after N working days (holidays and adjusted days respected)."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from zhenwei.cases.choices import DeadlineCode
from zhenwei.cases.models import ShareEscalation
from zhenwei.cases.services import deadline_rule_set, share_create, shares_escalate
from zhenwei.core.choices import DivisionLevel, Role
from zhenwei.core.models import Share
from zhenwei.core.tests.factories import DepartmentFactory, DivisionFactory, user_with_role


def test_escalation_counts_working_days_over_national_day(org, make_case):
    deadline_rule_set(code=DeadlineCode.TRANSFER_ESCALATE, working_days=3, actor=org.admin)
    case = make_case()
    police = org.dept(org.a, "police")
    # Tuesday 2025-09-30; 1–8 October are holidays; Saturday 11 October is an adjusted working day.
    share = share_create(
        target=case,
        kind="transfer",
        to_department=police,
        from_department=case.department,
        actor=org.officer_a,
        on=dt.date(2025, 9, 30),
    )
    assert share.due_at.date() == dt.date(2025, 10, 10)  # 2 working days: 9 and 10 October
    for day in (dt.date(2025, 10, 8), dt.date(2025, 10, 10), dt.date(2025, 10, 11)):
        assert shares_escalate(today=day) == [], day
    out = StringIO()
    call_command("cases", "escalate", "--date", "2025-10-12", stdout=out)
    assert "escalated 1 transfer" in out.getvalue()
    escalation = ShareEscalation.objects.get(share=share)
    office_department = org.dept(org.pc, "emergency")  # office_p's campaign-office membership
    assert escalation.escalated_to == office_department and escalation.level == "local"
    assert Share.objects.filter(object_id=case.pk, to_department=office_department, kind="copy").exists()
    assert case.events.filter(kind="escalated").count() == 1
    # Safe to run again: nothing new.
    out = StringIO()
    call_command("cases", "escalate", "--date", "2025-10-20", stdout=out)
    assert "escalated 0 transfer" in out.getvalue()
    assert ShareEscalation.objects.count() == 1


def test_acknowledged_transfers_never_escalate(org, make_case):
    case = make_case()
    share = share_create(
        target=case,
        kind="transfer",
        to_department=org.dept(org.a, "police"),
        from_department=case.department,
        actor=org.officer_a,
        on=dt.date(2025, 9, 30),
    )
    from zhenwei.cases.services import share_acknowledge

    share_acknowledge(share=share, actor=org.officer_a)
    assert shares_escalate(today=dt.date(2025, 12, 1)) == []


def test_cross_county_goes_to_city_and_cross_province_is_flagged(org, make_case):
    case = make_case()
    share_b = share_create(
        target=case,
        kind="transfer",
        to_department=org.dept(org.b, "market"),
        from_department=case.department,
        actor=org.officer_a,
        on=dt.date(2026, 3, 2),
    )
    q = DivisionFactory(code="970000", name="外省", level=DivisionLevel.PROVINCE)
    qc = DivisionFactory(code="970100", name="外市", level=DivisionLevel.PREFECTURE, parent=q)
    qx = DivisionFactory(code="970101", name="外县", level=DivisionLevel.COUNTY, parent=qc)
    q_market = DepartmentFactory(name="外县市场监管局", kind=org.kinds.market, division=qx)
    q_office = DepartmentFactory(name="外省应急管理厅", kind=org.kinds.emergency, division=q)
    user_with_role("office_q", q_office, Role.CAMPAIGN_OFFICE)
    share_q = share_create(
        target=case,
        kind="transfer",
        to_department=q_market,
        from_department=case.department,
        actor=org.officer_a,
        on=dt.date(2026, 3, 2),
    )
    done = {e.share_id: e for e in shares_escalate(today=dt.date(2026, 3, 20))}
    assert done[share_b.pk].level == "city" and done[share_b.pk].escalated_to == org.dept(org.pc, "emergency")
    assert done[share_q.pk].level == "ministry" and done[share_q.pk].flagged_for_ministry
    assert done[share_q.pk].escalated_to == q_office
    case.refresh_from_db()
    assert case.coordination_level == "ministry"


def test_without_campaign_office_the_emergency_department_above_gets_it(org, make_case):
    from zhenwei.core.models import Membership

    Membership.objects.filter(role=Role.CAMPAIGN_OFFICE).update(is_active=False)
    case = make_case(division=org.t, department=org.dept(org.t, "market"))
    share = share_create(
        target=case,
        kind="transfer",
        to_department=org.dept(org.t, "police"),
        from_department=case.department,
        actor=org.officer_t,
        on=dt.date(2026, 3, 2),
    )
    (escalation,) = shares_escalate(today=dt.date(2026, 3, 20))
    assert escalation.share_id == share.pk and escalation.escalated_to == org.dept(org.a, "emergency")


def test_escalation_job_runs_through_the_tasks_api(org, make_case):
    from zhenwei.cases.jobs import escalate_unacknowledged_transfers

    case = make_case()
    share_create(
        target=case,
        kind="transfer",
        to_department=org.dept(org.a, "police"),
        from_department=case.department,
        actor=org.officer_a,
        on=dt.date(2026, 1, 5),
    )
    result = escalate_unacknowledged_transfers.enqueue()
    assert result.return_value == 1
