"""The fake-website ledger: discovered → evidence kept → referred → blocked, with dates and a clue."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhenwei.webwatch import services
from zhenwei.webwatch.models import SiteEvent

# A minimal valid PNG (1×1).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


@pytest.fixture
def site(org):
    return services.site_register(
        url="http://cx.rnem.gov.cn/zs",
        division=org.a,
        discovered_on=dt.date(2026, 3, 10),
        actor=org.officer_a,
        title="假冒特种作业操作证查询网",
    )


def test_register_records_the_verdict_and_dedupes(org, site):
    assert site.status == "discovered" and site.verdict == "lookalike"
    assert site.imitates == "cx.mem.gov.cn" and "homoglyph" in site.reasons
    again = services.site_register(
        url="https://cx.rnem.gov.cn/other",
        division=org.a,
        discovered_on=dt.date(2026, 3, 11),
        actor=org.officer_a,
    )
    assert again.pk == site.pk


def test_full_path_with_dates_and_monthly_figures(org, site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    captured = timezone.make_aware(dt.datetime(2026, 3, 11, 10, 0))
    item = services.site_evidence_add(
        site=site, fileobj=io.BytesIO(PNG), name="shot.png", actor=org.officer_a, captured_at=captured
    )
    site.refresh_from_db()
    assert site.status == "evidence_kept" and site.evidence_on == dt.date(2026, 3, 11)
    assert len(item.sha256) == 64
    services.site_refer(
        site=site,
        on=dt.date(2026, 3, 12),
        to_kind="cyber_police",
        to="甲县公安局网安大队",
        actor=org.officer_a,
        number="甲应急移〔2026〕1号",
    )
    services.site_block(site=site, on=dt.date(2026, 4, 2), method="停止解析", actor=org.officer_a)
    site.refresh_from_db()
    assert (site.status, site.referred_on, site.blocked_on) == (
        "blocked",
        dt.date(2026, 3, 12),
        dt.date(2026, 4, 2),
    )
    assert list(SiteEvent.objects.filter(site=site).values_list("to_status", flat=True)) == [
        "discovered",
        "evidence_kept",
        "referred",
        "blocked",
    ]
    # Its monthly figures are the report rows r14–r17: reports/tests/test_known_records_api.py and
    # reports/tests/test_ledger_figures.py.


def test_referral_needs_evidence_and_order_of_dates(org, site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match="固定证据"):
        services.site_refer(
            site=site, on=dt.date(2026, 3, 12), to_kind="registrar", to="某注册商", actor=org.officer_a
        )
    with pytest.raises(ValidationError, match="不能变更"):
        services.site_block(site=site, on=dt.date(2026, 3, 12), actor=org.officer_a)
    services.site_evidence_add(
        site=site,
        fileobj=io.BytesIO(PNG),
        name="shot.png",
        actor=org.officer_a,
        captured_at=timezone.make_aware(dt.datetime(2026, 3, 11, 9, 0)),
    )
    with pytest.raises(ValidationError, match="不能早于"):
        services.site_refer(
            site=site, on=dt.date(2026, 3, 1), to_kind="registrar", to="某注册商", actor=org.officer_a
        )


def test_tech_service_needs_a_provider(org):
    with pytest.raises(ValidationError):
        services.site_register(
            url="http://203.0.113.7/",
            kind="tech_service",
            division=org.a,
            discovered_on=dt.date(2026, 5, 1),
            actor=org.officer_a,
        )


def test_open_clue_once(org, site):
    clue = services.site_clue_open(site=site, actor=org.officer_a)
    assert clue.source == "webwatch" and clue.division_id == org.a.pk
    assert services.site_clue_open(site=site, actor=org.officer_a).pk == clue.pk


def test_api_scope_and_actions(org, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user(org.officer_a)
    response = client.post(
        "/api/v1/webwatch/sites/",
        {
            "url": "mem.gov.cn-zs.com",
            "division_code": org.a.code,
            "discovered_on": "2026-06-01",
            "title": "假网站",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["reasons"] == ["official_name_in_subdomain"]
    upload = io.BytesIO(PNG)
    upload.name = "page.png"
    r = client.post(f"/api/v1/webwatch/sites/{pk}/evidence/", {"file": upload}, format="multipart")
    assert r.status_code == 200 and r.json()["status"] == "evidence_kept"
    r = client.post(
        f"/api/v1/webwatch/sites/{pk}/refer/",
        {"on": str(timezone.localdate() + dt.timedelta(days=30)), "to_kind": "registrar", "to": "x"},
    )
    assert r.status_code == 400 and "晚于今天" in r.json()["detail"]
    r = client.post(f"/api/v1/webwatch/sites/{pk}/open-clue/")
    assert r.status_code == 200 and r.json()["clue"]
    assert as_user(org.officer_b).get(f"/api/v1/webwatch/sites/{pk}/").status_code == 404
    assert (
        as_user(org.viewer_a).post(f"/api/v1/webwatch/sites/{pk}/close/", {"reason": "x"}).status_code == 403
    )


def test_site_list_api_uses_a_constant_number_of_queries(org, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(org.officer_a)

    def make(hosts):
        for host in hosts:
            site = services.site_register(
                url=f"http://{host}/", division=org.a, discovered_on=dt.date(2026, 6, 1), actor=org.officer_a
            )
            services.site_clue_open(site=site, actor=org.officer_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/webwatch/sites/").status_code == 200
        return len(ctx.captured_queries)

    make(["mem-cx.com", "memcx.cn"])
    small = count()
    make(["cx-mem.net", "samr.com", "mem.com.cn", "sarnr.gov.cn", "cccf.com"])
    assert count() == small
