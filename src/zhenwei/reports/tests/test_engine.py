"""The engine: templates as data, metrics over records in a subtree, bounded query count, roll-up."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenwei.reports import metrics
from zhenwei.reports.builtin import CERT_ROWS
from zhenwei.reports.selectors import form_compute

from .conftest import OCT, make_clue


def line(form, code):
    return next(x for x in form.lines if x.row.code == code)


def test_cert_template_is_the_paper_form_in_order(cert):
    rows = list(cert.rows.all())
    assert [(r.label, r.unit) for r in rows if r.kind == "number"] == [
        ("辖区内生产经营单位（含央企子公司、分公司）数量", "家"),
        ("开展自查", "家"),
        ("未开展自查", "家"),
        ("发现假冒证件", "人"),
        ("上报处理", "人"),
        ("执法检查", "家"),
        ("发现假证", "个"),
        ("逾期证件", "个"),
        ("未持证", "个"),
        ("行政罚款", "万元"),
        ("查处非法违法窝点", "个"),
        ("行政罚款", "元"),
        ("涉嫌刑事并移送公安部门", "人"),
        ("发现并移交相关部门问题线索", "条"),
        ("发现假冒网站", "家"),
        ("封堵网站", "家"),
        ("非法提供技术服务", "家"),
        ("涉嫌刑事并移送公安部门", "人"),
        ("责令整改", "家"),
        ("停产整顿", "家"),
        ("行政罚款", "万元"),
        ("上报处理", "人"),
    ]
    texts = [(r.group, r.label) for r in rows if r.kind == "text"]
    assert texts == [("印发通知", "文件名称及文号"), ("宣传报道", "宣传报道形式及数量")]
    assert len(rows) == len(CERT_ROWS)


def test_anti_counterfeit_template_has_every_product_area_with_lead(anti):
    sections = list(dict.fromkeys(r.section for r in anti.rows.filter(kind="number")))
    assert len(sections) == 9
    assert sections[0] == "1. 食品、药品（含化妆品）"
    assert anti.rows.get(code="p1a").group == "食药监分局牵头"


def test_form_counts_records_in_the_division_subtree(records, cert):
    form = form_compute(template=cert, division=records.a, month=OCT)
    handed = line(form, "r14")  # 发现并移交相关部门问题线索: clues with a department, in A and T
    assert handed.month.value == 2
    assert handed.cumulative.value == 3  # + T's September clue (cumulative since Jan 1 without campaign)
    assert line(form, "r01").month.value == 4  # enterprises in A and T, a stock figure
    form_b = form_compute(template=cert, division=records.b, month=OCT)
    assert line(form_b, "r14").month.value == 1


def test_parametrised_metric_by_product_category(records, anti):
    form = form_compute(template=anti, division=records.a, month=OCT)
    assert line(form, "p1b").month.value == 1  # food-drug clues in October
    assert line(form, "p1b").cumulative.value == 1  # November's is after the month
    assert line(form, "p2b").month.value == 0


def test_rows_without_records_yet_show_dash_with_a_note(records, cert):
    metrics.REGISTRY.pop("test.missing", None)
    form = form_compute(template=cert, division=records.a, month=OCT)
    missing = [x for x in form.lines if x.row.kind == "number" and not x.live]
    for x in missing:
        assert x.month.value is None and x.note
    live = [x for x in form.lines if x.row.kind == "number" and x.live]
    assert {x.row.code for x in live} >= {"r01", "r14"}


def test_unknown_model_or_field_makes_a_metric_unavailable_not_an_error(db):
    metrics.register(metrics.Metric(key="test.nomodel", label="x", model="nowhere.Thing"))
    metrics.register(
        metrics.Metric(key="test.nofield", label="x", model="cases.Clue", date_field="no_such_date")
    )
    try:
        assert "尚未上线" in metrics.availability("test.nomodel")
        assert "字段不符" in metrics.availability("test.nofield")
        values = metrics.compute(keys=["test.nomodel", "test.nofield"], root_path="/", month=OCT, since=OCT)
        assert set(values.unavailable) == {"test.nomodel", "test.nofield"}
        assert values.queries == 0
    finally:
        metrics.REGISTRY.pop("test.nomodel")
        metrics.REGISTRY.pop("test.nofield")


def test_whole_form_query_count_is_bounded_and_independent_of_divisions(records, cert, anti):
    """Locked: whole forms with their roll-up cost a fixed number of queries, never one per cell."""
    # 6 fixed (rows, campaign, notice prefill, reports, earlier reports carried for units that did not
    # report, divisions) + the subtree ids + 1 category map (keys with a parameter) + one grouped query
    # per source table and date field, plus one per distinct-count field, plus the audit rows since the
    # month's end for a stock (as-of; one more when some record changed since):
    # cert: Enterprise (+audit), SelfCheck (+distinct), CertificateCheck (+distinct), CaseAction by done_on
    #       (+distinct) and by created_at — police transfers — (+distinct), Clue, SuspectSite by
    #       discovered_on, blocked_on and referred_on = 14;
    # anti-counterfeit: Inspection (distinct only), Clue, Case, CaseAction by done_on, CaseAction by
    #       created_at (distinct only) = 5;
    # plus, per table with a condition on a field that may change later and has no dated history,
    # the audit rows since the month's end (as-of status; one more when some record changed since):
    # cert: CaseAction (police transfer cancelled), Clue (routed), SuspectSite (clue opened) = 3;
    # anti-counterfeit: CaseAction (police transfer cancelled) = 1.
    for template, expected in ((cert, 6 + 2 + 14 + 3), (anti, 6 + 2 + 5 + 1)):
        with CaptureQueriesContext(connection) as small:
            form_compute(template=template, division=records.pc, month=OCT, with_units=True)
        for i in range(5):
            make_clue(records.b, title=f"more {i}")
        from zhenwei.core.tests.factories import DivisionFactory

        DivisionFactory(code=f"98010{3 + expected}", name="丙县", level="county", parent=records.pc)
        with CaptureQueriesContext(connection) as big:
            form_compute(template=template, division=records.pc, month=OCT, with_units=True)
        assert len(small) == len(big)
        assert len(big) == expected, [q["sql"].split(" FROM ")[1][:40] for q in big.captured_queries]


def test_rollup_shows_each_unit_and_the_sum(records, cert):
    form = form_compute(template=cert, division=records.pc, month=OCT, with_units=True)
    assert [u.code for u in form.units] == ["980101", "980102"]
    r14 = line(form, "r14")
    assert r14.units == [(Decimal(2), Decimal(3)), (Decimal(1), Decimal(1))]
    assert r14.month.value == sum(u[0] for u in r14.units) == 3


def test_pseudo_divisions_are_skipped_in_units(db):
    from zhenwei.core.tests.factories import DivisionFactory
    from zhenwei.reports.selectors import report_units

    city = DivisionFactory(code="970000", name="直辖市", level="province")
    county_group = DivisionFactory(code="970200", name="县", level="prefecture", parent=city)
    districts = DivisionFactory(code="970100", name="市辖区", level="prefecture", parent=city)
    c1 = DivisionFactory(code="970235", name="某县", level="county", parent=county_group)
    c2 = DivisionFactory(code="970101", name="某区", level="county", parent=districts)
    from zhenwei.core.models import Division

    units = report_units(city, list(Division.objects.filter(path__startswith=city.path)))
    assert units == [c2, c1]


def test_monthly_series_is_one_query(records):
    with CaptureQueriesContext(connection) as ctx:
        series = metrics.compute_by_month(
            key="cases.clues", root_path=records.a.path, start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1)
        )
    assert len(ctx) == 1
    assert series[dt.date(2026, 10, 1)] == 4  # A: 3 in October; T: 1 in October
    assert series[dt.date(2026, 9, 1)] == 1


def test_distinct_counts_units_once_per_division(records, cert):
    """执法检查（家）counts enterprises, not visits; 发现假证（个）sums findings."""
    from zhenwei.campaigns.models import CertificateCheck
    from zhenwei.registry.models import Enterprise

    e1, e2 = Enterprise.objects.filter(division=records.a)[:2]
    dept = records.dept(records.a, "emergency")
    for day, enterprise, fake in (
        (dt.date(2026, 10, 3), e1, 1),
        (dt.date(2026, 10, 20), e1, 2),
        (dt.date(2026, 9, 9), e1, 0),
        (dt.date(2026, 9, 10), e2, 1),
    ):
        CertificateCheck.objects.create(
            enterprise=enterprise, division=records.a, department=dept, checked_on=day, fake_found=fake
        )
    form = form_compute(template=cert, division=records.a, month=OCT)
    assert (line(form, "r06").month.value, line(form, "r06").cumulative.value) == (1, 2)
    assert (line(form, "r07").month.value, line(form, "r07").cumulative.value) == (3, 4)
