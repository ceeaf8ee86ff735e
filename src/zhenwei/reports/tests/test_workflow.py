"""Submission workflow, adjustments, visibility and traceability through the staff pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from zhenwei.core.models import AuditEntry
from zhenwei.reports import services
from zhenwei.reports.models import MonthlyReport
from zhenwei.reports.selectors import form_compute

from .conftest import OCT

URL = "/staff/reports/form/cert-campaign-monthly/{code}/2026-10/"


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def line(form, code):
    return next(x for x in form.lines if x.row.code == code)


def test_form_page_shows_values_linking_to_their_records(records):
    c = client_for(records.officer_a)
    page = c.get(URL.format(code=records.a.code))
    assert page.status_code == 200
    html = page.content.decode()
    assert "专项行动情况月报表" in html
    assert "cell/r14/month/" in html
    cell = c.get(URL.format(code=records.a.code) + "cell/r14/month/")
    assert cell.status_code == 200
    text = cell.content.decode()
    assert "A 十月 假证线索" in text and "T 十月 假证线索" in text
    assert "B 十月 假证线索" not in text and "T 九月 假证线索" not in text
    cumulative = c.get(URL.format(code=records.a.code) + "cell/r14/cumulative/").content.decode()
    assert "T 九月 假证线索" in cumulative


def test_county_officer_cannot_open_a_sibling_county_form(records):
    c = client_for(records.officer_a)
    assert c.get(URL.format(code=records.b.code)).status_code == 403
    assert c.get(URL.format(code=records.b.code) + "cell/r14/month/").status_code == 403
    assert c.get(URL.format(code=records.b.code) + "export/xlsx").status_code == 403
    assert client_for(records.officer_b).get(URL.format(code=records.b.code)).status_code == 200


def test_cell_records_are_restricted_to_the_viewer(records):
    """The city office sees every county's clues; a town officer sees only the town's."""
    c = client_for(records.officer_t)
    text = c.get(URL.format(code=records.t.code) + "cell/r14/month/").content.decode()
    assert "T 十月 假证线索" in text and "A 十月 假证线索" not in text


def test_submit_freezes_figures_and_city_accepts(records, cert):
    c = client_for(records.officer_a)
    resp = c.post(URL.format(code=records.a.code) + "submit/do/")
    assert resp.status_code == 302
    report = MonthlyReport.objects.get(template=cert, division=records.a, month=OCT)
    assert report.status == "submitted"
    assert report.values["r14"] == {"month": "2", "cumulative": "3"}
    # Records added later do not change a submitted report.
    from .conftest import make_clue

    make_clue(records.a, department=records.dept(records.a, "police"), title="迟到线索")
    assert line(form_compute(template=cert, division=records.a, month=OCT), "r14").month.value == 2
    # The county cannot accept its own report; the level above can.
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, actor=records.officer_a)
    office = client_for(records.office_p)
    assert office.post(URL.format(code=records.a.code) + "accept/do/").status_code == 302
    report.refresh_from_db()
    assert report.status == "accepted" and report.reviewed_by == records.office_p
    assert AuditEntry.objects.filter(model="reports.monthlyreport", action="transition").count() == 2


def test_return_needs_a_reason_and_allows_resubmission(records, cert):
    report = services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.officer_a)
    services.report_submit(report=report, actor=records.officer_a)
    with pytest.raises(ValidationError):
        services.report_return(report=report, actor=records.office_p, reason=" ")
    services.report_return(report=report, actor=records.office_p, reason="执法检查数据与台账不符，请核实")
    report.refresh_from_db()
    assert report.status == "returned" and "台账" in report.return_reason
    services.report_submit(report=report, actor=records.officer_a)
    report.refresh_from_db()
    assert report.status == "submitted" and report.return_reason == ""
    with pytest.raises(ValidationError):
        services.report_submit(report=report, actor=records.officer_a)


def test_viewer_cannot_submit(records, cert):
    with pytest.raises(PermissionDenied):
        services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.viewer_a)


def test_adjustment_needs_a_reason_is_audited_and_shown_beside_the_computed_value(records, cert):
    report = services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.officer_a)
    with pytest.raises(ValidationError):
        services.report_adjust(
            report=report, row_code="r14", column="month", value="5", reason="", actor=records.officer_a
        )
    with pytest.raises(ValidationError):
        services.report_adjust(
            report=report,
            row_code="r14",
            column="month",
            value="-1",
            reason="公安移交线索补录",
            actor=records.officer_a,
        )
    services.report_adjust(
        report=report,
        row_code="r14",
        column="month",
        value="5",
        reason="公安部门移交线索3条未录入平台，按台账补录",
        actor=records.officer_a,
    )
    form = form_compute(template=cert, division=records.a, month=OCT)
    cell = line(form, "r14").month
    assert cell.value == 5 and cell.computed == 2 and cell.adjusted
    assert AuditEntry.objects.filter(note__contains="按台账补录").exists()
    html = client_for(records.officer_a).get(URL.format(code=records.a.code)).content.decode()
    assert "计算值 2" in html and "按台账补录" in html
    services.report_submit(report=report, actor=records.officer_a)
    report.refresh_from_db()
    assert report.values["r14"]["month"] == "5.0000"
    with pytest.raises(ValidationError):
        services.report_adjust(
            report=report,
            row_code="r14",
            column="month",
            value="6",
            reason="再次调整数据",
            actor=records.officer_a,
        )


def test_city_rollup_uses_submitted_figures_of_lower_units(records, cert):
    report = services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.officer_a)
    services.report_adjust(
        report=report,
        row_code="r14",
        column="month",
        value="7",
        reason="按台账补录线索",
        actor=records.officer_a,
    )
    city = form_compute(template=cert, division=records.pc, month=OCT, with_units=True)
    assert line(city, "r14").units[0][0] == 2  # a draft's adjustment is not yet the county's figure
    services.report_submit(report=report, actor=records.officer_a)
    city = form_compute(template=cert, division=records.pc, month=OCT, with_units=True)
    r14 = line(city, "r14")
    assert r14.units[0][0] == 7 and r14.units[1][0] == 1
    assert r14.month.value == 8


def test_free_text_rows_and_preparer(records, cert):
    c = client_for(records.officer_a)
    c.post(
        URL.format(code=records.a.code) + "save/",
        {
            "text_notice": "关于开展专项行动的通知（甲应急发〔2026〕1号）",
            "text_publicity": "电视报道2次",
            "preparer": "王五",
            "preparer_phone": "023-55123456",
        },
    )
    report = MonthlyReport.objects.get(division=records.a)
    assert report.texts["notice"].startswith("关于开展") and report.preparer == "王五"
    assert "电视报道2次" in c.get(URL.format(code=records.a.code)).content.decode()


def test_reports_index_and_review_list(records, cert):
    report = services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.officer_a)
    services.report_submit(report=report, actor=records.officer_a)
    html = client_for(records.office_p).get("/staff/reports/").content.decode()
    assert "待审核" in html and records.a.name in html
    assert "待审核" not in client_for(records.officer_a).get("/staff/reports/").content.decode()


def test_anonymous_is_sent_to_login(records):
    assert Client().get(URL.format(code=records.a.code)).status_code == 302


def test_home_lists_reports_to_review_and_returned(records, cert):
    from zhenwei.reports.home import waiting

    report = services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.officer_a)
    services.report_submit(report=report, actor=records.officer_a)
    assert any(i.title.startswith("待审核") for i in waiting(records.office_p))
    assert not any(i.title.startswith("待审核") for i in waiting(records.officer_a))
    services.report_return(report=report, actor=records.office_p, reason="请补充宣传报道情况")
    items = waiting(records.officer_a)
    assert any(i.title.startswith("被退回") and "宣传" in i.detail for i in items)
