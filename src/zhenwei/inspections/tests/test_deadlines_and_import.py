"""Judgment deadlines in working days (MPS Order 122 art. 26) and lab results imported from XLSX."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import Workbook

from zhenwei.inspections.selectors import inspection_deadlines, inspections_awaiting
from zhenwei.inspections.services import (
    custody_record,
    inspection_judge,
    inspection_objection,
    inspection_record,
    inspection_serve,
    sample_take,
)


def _inspection(world, on):
    return inspection_record(
        actor=world.org.officer_a,
        division=world.org.a,
        department=world.a_market,
        category=world.extinguisher,
        domain="use",
        subject_name="甲县某酒店",
        place="甲县",
        product_name="灭火器",
        inspected_on=on,
    )


def test_deadlines_count_working_days_and_show_their_state(world):
    i = _inspection(world, dt.date(2025, 9, 30))
    i = inspection_judge(
        inspection=i,
        judgment="unqualified",
        reason_codes=["R08"],
        actor=world.org.officer_a,
        on=dt.date(2025, 9, 30),
    )
    assert i.serve_due_on == dt.date(2025, 10, 11)  # 9, 10 and the adjusted working Saturday 11 October
    inspection_serve(inspection=i, actor=world.org.officer_a, served_on=dt.date(2025, 10, 10))
    inspection_objection(inspection=i, actor=world.org.officer_a, on=dt.date(2025, 10, 10))
    assert i.lab_send_due_on == dt.date(2025, 10, 16)  # the working Saturday 11 October counts
    deadlines = inspection_deadlines(i)
    assert [d.state for d in deadlines] == ["met", "overdue"]
    assert any(item.what == "异议待送检" for item in inspections_awaiting(user=world.org.officer_a))
    sample = sample_take(inspection=i, seal_number="S-1", holder="李强", actor=world.org.officer_a)
    from django.utils import timezone

    custody_record(
        sample=sample,
        action="received_by_lab",
        holder="检验所",
        actor=world.org.officer_a,
        at=timezone.make_aware(dt.datetime(2025, 10, 14, 9)),
    )
    sample.refresh_from_db()
    assert sample.result_due_on == dt.date(2025, 10, 17)
    assert [d.state for d in inspection_deadlines(i)] == ["met", "met", "overdue"]
    with pytest.raises(ValidationError, match="不能晚于"):
        _inspection(world, dt.date.today() + dt.timedelta(days=2))


def test_custody_must_keep_the_seal_and_the_order(world):
    i = _inspection(world, dt.date(2026, 5, 6))
    sample = sample_take(inspection=i, seal_number="FT-9", holder="李强", actor=None)
    with pytest.raises(ValidationError, match="封条编号"):
        custody_record(sample=sample, action="handed_over", holder="王敏", seal_number="FT-X", actor=None)
    from django.utils import timezone

    with pytest.raises(ValidationError, match="早于"):
        custody_record(
            sample=sample,
            action="handed_over",
            holder="王敏",
            actor=None,
            at=timezone.make_aware(dt.datetime(2026, 5, 1, 9)),
        )


def test_qualified_judgment_refused_with_failed_items_and_copies_follow_routing(world):
    from zhenwei.core.models import Share
    from zhenwei.inspections.models import ChecklistItem

    item = ChecklistItem.objects.get(category__code="fire-products", code="B01")
    i = inspection_record(
        actor=world.org.officer_a,
        division=world.org.a,
        department=world.a_market,
        category=world.extinguisher,
        domain="circulation",
        subject_name="甲县某五金店",
        place="甲县",
        product_name="灭火器",
        checks={item.pk: ("fail", "无标志")},
    )
    with pytest.raises(ValidationError, match="不能判定为合格"):
        inspection_judge(inspection=i, judgment="qualified", actor=world.org.officer_a)
    i = inspection_judge(inspection=i, judgment="unqualified", actor=world.org.officer_a)
    assert i.reason_codes == ["R03"] and i.case.kind == "unqualified"
    # A market-supervision result is copied to fire and rescue of the same division.
    assert set(
        Share.objects.filter(object_id=i.pk, content_type__model="inspection").values_list(
            "to_department", flat=True
        )
    ) == {world.org.dept(world.org.a, "fire").pk}


def test_lab_results_import_from_xlsx(world, tmp_path):
    i = _inspection(world, dt.date(2026, 6, 2))
    s1 = sample_take(inspection=i, seal_number="A", holder="李强", actor=None, number="YP-001")
    s2 = sample_take(inspection=i, seal_number="B", holder="李强", actor=None, number="YP-002")
    wb = Workbook()
    ws = wb.active
    ws.append(["样品编号", "检验结论", "结论日期", "报告编号", "不合格项目"])
    ws.append(["YP-001", "不合格", dt.date(2026, 6, 10), "XF-1", "灭火性能"])
    ws.append(["YP-002", "合格", "2026-06-11", "XF-2", ""])
    ws.append(["YP-404", "合格", "2026-06-11", "XF-3", ""])
    ws.append(["YP-002", "不知道", "2026-06-11", "XF-2", ""])
    path = tmp_path / "results.xlsx"
    wb.save(path)
    out = StringIO()
    call_command("import", "lab_results", str(path), stdout=out, stderr=StringIO())
    s1.refresh_from_db()
    s2.refresh_from_db()
    assert (s1.result, s1.report_number, s1.result_on) == ("unqualified", "XF-1", dt.date(2026, 6, 10))
    assert s2.result == "qualified"
    assert "rejected 2" in out.getvalue()
