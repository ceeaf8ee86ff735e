"""Public pages and endpoints show only what was published, masked, and search normalises input."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhenwei.credit import services
from zhenwei.webwatch.services import site_register

from .factories import entry_kwargs, uscc

pytestmark = pytest.mark.dates  # what the public sees depends on today (a listing's publication period)


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def individual(org):
    return services.credit_entry_create(
        actor=org.officer_a,
        **entry_kwargs(
            org.a,
            subject_kind="individual",
            subject_name="李秀英",
            credit_code="",
            id_number="500235198001011234",
            legal_representative="",
            decision_number="甲应急失信〔2026〕1号",
            deciding_authority="甲县应急管理局",
            reason="伪造特种作业操作证并出售，联系电话13812345678",
        ),
    )


def test_public_credit_list_shows_publishable_fields_only(client, org, individual):
    company = services.credit_entry_create(actor=org.officer_a, **entry_kwargs(org.a))
    expired = services.credit_entry_create(
        actor=org.officer_a,
        **entry_kwargs(
            org.a,
            subject_name="万州明亮消防设备经营部",
            credit_code=uscc("92500101MA5YQ7R2X"),
            decision_number="甲市监失信〔2025〕7号",
            decision_date=_ago(700),
            publication_start=_ago(697),
            publication_end=_ago(333),  # expired
        ),
    )
    html = client.get("/credit/list/").content.decode()
    assert company.subject_name in html and company.credit_code in html
    assert "李*英" in html and "李秀英" not in html
    assert "500235198001011234" not in html and "13812345678" not in html and "138****5678" in html
    assert expired.subject_name not in html
    api = client.get("/api/v1/credit/public/entries/").json()
    assert api["count"] == 2
    assert "500235198001011234" not in str(api) and "李秀英" not in str(api)


def test_disclosure_copies_fields_and_hides_the_rest(client, org, individual):
    disclosure = services.disclosure_create(record=individual, actor=org.officer_a)
    assert disclosure.title == "李*英"
    labels = [f["label"] for f in disclosure.fields]
    assert "身份证号码" not in labels and "列入事由" in labels
    individual.reason = "改动后的事由"
    individual.save()
    html = client.get(f"/credit/disclosures/{disclosure.pk}/").content.decode()
    assert "伪造特种作业操作证" in html and "改动后的事由" not in html
    with pytest.raises(ValidationError, match="未标记为可公示"):
        services.disclosure_create(record=individual, actor=org.officer_a, field_names=["id_number"])


def test_typical_case_from_a_fake_website_with_traditional_search(client, org):
    site = site_register(
        url="http://cx.mem.gov.cn.zscx-query.com/",
        division=org.a,
        discovered_on=_ago(60),
        actor=org.officer_a,
        title="假冒特种作业操作证查询网站",
    )
    disclosure = services.disclosure_create(
        record=site,
        actor=org.officer_a,
        summary="该网站仿冒应急管理部查询平台，已封堵。",
        published_on=_ago(30),
    )
    assert disclosure.kind == "typical_case"
    html = client.get("/credit/disclosures/", {"q": "假冒特種作業", "kind": "typical_case"}).content.decode()
    assert "假冒特种作业操作证查询网站" in html
    html = client.get("/credit/disclosures/", {"q": "无关词语"}).content.decode()
    assert "假冒特种作业操作证查询网站" not in html
    api = client.get("/api/v1/credit/public/disclosures/?kind=typical_case").json()
    assert api["count"] == 1 and api["results"][0]["division_code"] == org.a.code
    services.disclosure_withdraw(disclosure=disclosure, actor=org.officer_a, reason="信息有误")
    assert client.get(f"/credit/disclosures/{disclosure.pk}/").status_code == 404
    assert client.get("/api/v1/credit/public/disclosures/").json()["count"] == 0


def test_staff_publish_page_offers_only_publishable_fields(client, org, individual):
    client.force_login(org.officer_a)
    html = client.get(f"/staff/credit/disclosures/new/credit.creditentry/{individual.pk}/").content.decode()
    assert "列入事由" in html and "500235198001011234" not in html and 'value="id_number"' not in html
    assert 'value="李*英"' in html
    response = client.post(
        f"/staff/credit/disclosures/new/credit.creditentry/{individual.pk}/",
        {
            "title": "失信公示",
            "published_on": "2026-06-01",
            "field_names": ["list_kind", "subject_name", "reason"],
        },
    )
    assert response.status_code == 302
    client.force_login(org.officer_b)
    assert client.get(f"/staff/credit/disclosures/new/credit.creditentry/{individual.pk}/").status_code == 403


def test_disclosure_needs_change_access(org, individual):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.disclosure_create(record=individual, actor=org.officer_b)


def test_guides_are_seeded_and_escaped(client, db):
    from zhenwei.credit.models import Guide

    html = client.get("/credit/guides/certificates/").content.decode()
    assert "cx.mem.gov.cn" in html and "<h2>" in html and "12350" in html
    html = client.get("/credit/guides/fake-training/").content.decode()
    assert "凡是推销消防产品的培训都是假培训" in html
    Guide.objects.create(slug="x", title="x", topic="other", body="<script>alert(1)</script>\n- 项")
    html = client.get("/credit/guides/x/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<li>项</li>" in html


def test_public_index_and_portal_links(client, db):
    assert client.get("/credit/").status_code == 200
    home = client.get("/").content.decode()
    assert "/credit/list/" in home and "/credit/guides/" in home


def test_public_lists_use_a_constant_number_of_queries(client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n, start):
        for i in range(start, start + n):
            entry = services.credit_entry_create(
                actor=org.officer_a,
                **entry_kwargs(
                    org.a,
                    subject_name=f"测试消防器材有限公司{i}",
                    credit_code=uscc(f"91500235MA6{i:05d}X"),
                    decision_number=f"甲市监失信〔2026〕{100 + i}号",
                ),
            )
            services.disclosure_create(record=entry, actor=org.officer_a)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    make(2, 0)
    small = [
        count(u)
        for u in ("/api/v1/credit/public/disclosures/", "/api/v1/credit/public/entries/", "/credit/list/")
    ]
    make(8, 2)
    large = [
        count(u)
        for u in ("/api/v1/credit/public/disclosures/", "/api/v1/credit/public/entries/", "/credit/list/")
    ]
    assert small == large
