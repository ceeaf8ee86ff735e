"""Month-dated rows whose status can change later count the status as it stood at the end of the
month: October regenerated in December, after sites were closed as no problem (排除), a case was
dismissed, a transfer to the police cancelled, a tip found to repeat another, a clue routed and a
site's clue opened, gives October's numbers (docs/reports.md, "As-of figures")."""

import datetime as dt

import pytest
from django.utils import timezone
from freezegun import freeze_time

from zhenwei.reports.selectors import form_compute, form_values

from .conftest import OCT, make_clue

pytestmark = [pytest.mark.django_db]


def at(day: dt.date, hour: int = 11):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def numbers(template, division, month=OCT):
    return form_values(form_compute(template=template, division=division, month=month))


def test_october_regenerates_identically_after_later_status_changes(org, cert, anti, fire):
    from zhenwei.cases import services as cases
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.tips.models import Tip
    from zhenwei.tips.services import tip_link_duplicate
    from zhenwei.webwatch import services as webwatch

    officer = org.officer_a
    police = org.dept(org.a, "police")
    with freeze_time(at(dt.date(2026, 10, 10))):
        fake = webwatch.site_register(
            url="http://yjj-cq.gov.cn.zhengshu-chaxun.top/",
            division=org.a,
            discovered_on=dt.date(2026, 10, 9),
            actor=officer,
            department=org.dept(org.a, "market"),
        )
        tech = webwatch.site_register(
            url="http://idc-host.example.top/",
            division=org.a,
            discovered_on=dt.date(2026, 10, 9),
            actor=officer,
            kind="tech_service",
            provider_name="某IDC",
        )
        food_case = cases.case_open(
            title="假冒白酒",
            kind="other",
            source="inspection",
            division=org.a,
            actor=officer,
            department=org.dept(org.a, "market"),
            category=ProductCategory.objects.get(code="food-drug"),
        )
        dismissed_case = cases.case_open(
            title="假冒食用油",
            kind="other",
            source="tip",
            division=org.a,
            actor=officer,
            department=org.dept(org.a, "market"),
            category=ProductCategory.objects.get(code="food-drug"),
        )
        cert_case = cases.case_open(
            title="制售假证",
            kind="fake_certificate",
            source="tip",
            division=org.a,
            actor=officer,
            department=org.dept(org.a, "market"),
        )
        transfer = cases.case_action_add(
            case=cert_case, kind="police_transfer", actor=officer, title="移送一人", police_department=police
        )
        food_transfer = cases.case_action_add(
            case=food_case, kind="police_transfer", actor=officer, title="移送", police_department=police
        )
        unrouted = make_clue(org.a, department=None, title="十月未分办")
        fire_cat = ProductCategory.objects.filter(is_fire_product=True).first()
        first = Tip.objects.create(
            channel="web",
            description="灭火器是假的",
            division=org.a,
            category=fire_cat,
            receipt_digest="r1",
            acceptance_due=dt.date(2026, 10, 20),
        )
        second = Tip.objects.create(
            channel="web",
            description="灭火器是假的（又一次）",
            division=org.a,
            category=fire_cat,
            receipt_digest="r2",
            acceptance_due=dt.date(2026, 10, 20),
        )
    with freeze_time(at(dt.date(2026, 11, 3))):
        before = {t.slug: numbers(t, org.a) for t in (cert, anti, fire)}
        november = {t.slug: numbers(t, org.a, dt.date(2026, 11, 1)) for t in (cert, anti, fire)}
    assert before["cert-campaign-monthly"]["r15"] == {"month": "1", "cumulative": "1"}
    assert before["cert-campaign-monthly"]["r17"] == {"month": "1", "cumulative": "1"}
    assert before["cert-campaign-monthly"]["r13"] == {"month": "1", "cumulative": "1"}
    assert before["anti-counterfeit-monthly"]["p1c"] == {"month": "2", "cumulative": "2"}
    assert before["anti-counterfeit-monthly"]["p1e"] == {"month": "1", "cumulative": "1"}
    assert before["fire-products-monthly"]["f16"] == {"month": "2", "cumulative": "2"}

    # December: every one of those records changes status.
    with freeze_time(at(dt.date(2026, 12, 3))):
        webwatch.site_close(site=fake, on=dt.date(2026, 12, 2), reason="核实为正规网站", actor=officer)
        webwatch.site_close(site=tech, on=dt.date(2026, 12, 2), reason="核实无违法", actor=officer)
        cases.case_action_cancel(action=transfer, actor=officer, reason="当事人已另案处理")
        cases.case_action_cancel(action=food_transfer, actor=officer, reason="不构成犯罪")
        cases.case_transition(
            case=dismissed_case, to="dismissed", actor=officer, note="证据不足，撤销", on=dt.date(2026, 12, 2)
        )
        tip_link_duplicate(tip=second, original=first, actor=officer)
        cases.clue_triage(
            clue=unrouted, decision="case", actor=officer, department=police, title="十二月立案"
        )
        after = {t.slug: numbers(t, org.a) for t in (cert, anti, fire)}
        november_after = {t.slug: numbers(t, org.a, dt.date(2026, 11, 1)) for t in (cert, anti, fire)}
        december = numbers(cert, org.a, dt.date(2026, 12, 1))
        anti_december = numbers(anti, org.a, dt.date(2026, 12, 1))
    assert after == before
    assert november_after == november
    # Today's month shows today's status: the closed site and the dismissed case are out of 累计.
    assert december["r15"] == {"month": "0", "cumulative": "0"}
    assert december["r13"] == {"month": "0", "cumulative": "0"}
    assert anti_december["p1c"]["cumulative"] == "1"


def test_the_cell_lists_the_records_as_they_stood_then(org, cert):
    """The drill-down reads the same as-of rule as the number (every cell is traceable)."""
    from zhenwei.reports.metrics import next_month, records
    from zhenwei.webwatch import services as webwatch

    with freeze_time(at(dt.date(2026, 10, 10))):
        site = webwatch.site_register(
            url="http://ajj-zhengshu.top/",
            division=org.a,
            discovered_on=dt.date(2026, 10, 9),
            actor=org.officer_a,
        )
    with freeze_time(at(dt.date(2026, 12, 3))):
        webwatch.site_close(site=site, on=dt.date(2026, 12, 2), reason="核实为正规网站", actor=org.officer_a)
        october = records(
            key="webwatch.sites_found", division_path=org.a.path, start=OCT, end=next_month(OCT)
        )
        december = records(
            key="webwatch.sites_found", division_path=org.a.path, start=OCT, end=dt.date(2027, 1, 1)
        )
    assert list(october) == [site]
    assert list(december) == []
