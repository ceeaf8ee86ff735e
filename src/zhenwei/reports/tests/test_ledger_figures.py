"""The web watch ledger and the monthly form read one definition: the ledger's figures for a month
are the form's rows r15, r16, r17 and r14, whatever the sites' later fate."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from freezegun import freeze_time

from zhenwei.reports.selectors import LEDGER_ROWS, form_compute, ledger_figures

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)
ROW_OF = {
    "发现假冒网站": "r15",
    "封堵网站": "r16",
    "非法提供技术服务": "r17",
    "发现并移交相关部门问题线索": "r14",
}


def at(day, hour=11):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_ledger_figures_are_the_form_rows(org, cert, settings, tmp_path):
    from zhenwei.webwatch import services

    settings.MEDIA_ROOT = tmp_path
    officer = org.officer_a
    sites = []
    with freeze_time(at(dt.date(2026, 12, 5))):
        for i, (kind, found) in enumerate(
            [
                ("fake_website", dt.date(2026, 9, 20)),
                ("fake_website", dt.date(2026, 10, 3)),
                ("fake_website", dt.date(2026, 10, 8)),
                ("fake_website", dt.date(2026, 10, 15)),
                ("tech_service", dt.date(2026, 10, 16)),
                ("fake_website", dt.date(2026, 11, 2)),
            ]
        ):
            sites.append(
                services.site_register(
                    url=f"http://yjj-cq{i}.gov.cn.fake-zs{i}.top/",
                    division=org.t if i % 2 else org.a,
                    discovered_on=found,
                    actor=officer,
                    kind=kind,
                    provider_name="某IDC" if kind == "tech_service" else "",
                )
            )
        # September's site: evidence, referral in October, blocked in November.
        services.site_evidence_add(
            site=sites[0],
            fileobj=io.BytesIO(PNG),
            name="a.png",
            actor=officer,
            captured_at=at(dt.date(2026, 9, 21)),
        )
        services.site_refer(
            site=sites[0], on=dt.date(2026, 10, 2), to_kind="cyber_police", to="网安", actor=officer
        )
        services.site_block(site=sites[0], on=dt.date(2026, 11, 4), method="停止解析", actor=officer)
        # One of October's closed as no problem in November, another referred with a clue opened.
        services.site_close(site=sites[1], on=dt.date(2026, 11, 10), reason="核实为正规网站", actor=officer)
        services.site_evidence_add(
            site=sites[2],
            fileobj=io.BytesIO(PNG),
            name="b.png",
            actor=officer,
            captured_at=at(dt.date(2026, 10, 9)),
        )
        services.site_clue_open(site=sites[2], actor=officer)
        for month in (dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)):
            for division in (org.a, org.t):
                form = form_compute(template=cert, division=division, month=month)
                cells = {x.row.code: x.month.value for x in form.lines}
                figures = ledger_figures(division=division, month=month)
                assert figures == {label: cells[ROW_OF[label]] for label in LEDGER_ROWS}, (month, division)
        # A sibling county's officer sees none of it.
        assert set(
            ledger_figures(division=org.a, month=dt.date(2026, 10, 1), user=org.officer_b).values()
        ) == {0}
    october = ledger_figures(division=org.a, month=dt.date(2026, 10, 1))
    assert october["发现假冒网站"] == 3  # closed in November: still found in October
    assert october["非法提供技术服务"] == 1
