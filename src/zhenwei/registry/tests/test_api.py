"""Registry API: visibility, writes through services with audit, masking of holder ID numbers."""

import pytest

from zhenwei.core.models import AuditEntry
from zhenwei.core.roles import ROLE_CAPABILITIES
from zhenwei.registry.models import Certificate, Enterprise, IdentityCode
from zhenwei.registry.tests.factories import (
    CertificateFactory,
    EnterpriseFactory,
    IdentityCodeFactory,
    ProductFactory,
    make_fire_mark,
    make_id_number,
    make_uscc,
)

BASE = "/api/v1/registry"


@pytest.mark.django_db
class TestEnterprises:
    def test_list_is_restricted_to_the_users_divisions(self, org, as_user):
        EnterpriseFactory(name="甲县企业", division=org.a)
        EnterpriseFactory(name="乙县企业", division=org.b)
        names = {r["name"] for r in as_user(org.officer_a).get(f"{BASE}/enterprises/").json()["results"]}
        assert names == {"甲县企业"}
        names = {r["name"] for r in as_user(org.office_p).get(f"{BASE}/enterprises/").json()["results"]}
        assert names == {"甲县企业", "乙县企业"}

    def test_create_validates_credit_code_and_audits(self, org, as_user):
        client = as_user(org.officer_a)
        good = make_uscc(501, "980101")
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        r = client.post(
            f"{BASE}/enterprises/",
            {"name": "甲县学校", "uscc": bad, "division_code": "980101", "kind": "school"},
        )
        assert r.status_code == 400 and "校验位" in r.json()["detail"]
        r = client.post(
            f"{BASE}/enterprises/",
            {"name": "甲县学校", "uscc": good.lower(), "division_code": "980101", "kind": "school"},
        )
        assert r.status_code == 201, r.json()
        ent = Enterprise.objects.get(uscc=good)
        assert AuditEntry.objects.filter(
            model="registry.enterprise", object_id=str(ent.pk), action="create"
        ).exists()

    def test_cannot_create_in_a_division_outside_scope(self, org, as_user):
        r = as_user(org.officer_a).post(
            f"{BASE}/enterprises/",
            {"name": "乙县单位", "uscc": make_uscc(502, "980102"), "division_code": "980102"},
        )
        assert r.status_code == 403
        assert not Enterprise.objects.filter(name="乙县单位").exists()

    def test_viewer_cannot_write(self, org, as_user):
        r = as_user(org.viewer_a).post(f"{BASE}/enterprises/", {"name": "x", "division_code": "980101"})
        assert r.status_code == 403

    def test_update_and_filter(self, org, as_user):
        ent = EnterpriseFactory(name="甲县商贸公司", division=org.a, kind="trading")
        client = as_user(org.officer_a)
        r = client.patch(f"{BASE}/enterprises/{ent.pk}/", {"address": "甲县新路1号"}, format="json")
        assert r.status_code == 200 and r.json()["address"] == "甲县新路1号"
        assert client.get(f"{BASE}/enterprises/?q=商贸").json()["count"] == 1
        assert client.get(f"{BASE}/enterprises/?kind=school").json()["count"] == 0
        assert (
            as_user(org.officer_b).patch(f"{BASE}/enterprises/{ent.pk}/", {"address": "x"}).status_code == 404
        )


@pytest.mark.django_db
class TestCertificates:
    def test_holder_id_whole_for_pii_roles_and_audited(self, org, as_user):
        assert "pii" in ROLE_CAPABILITIES["officer"] and "pii" not in ROLE_CAPABILITIES["inspector"]
        cert = CertificateFactory(division=org.a, holder_id_number=make_id_number(7, "980101"))
        before = AuditEntry.objects.filter(action="view_pii").count()
        data = as_user(org.officer_a).get(f"{BASE}/certificates/{cert.pk}/").json()
        assert data["holder_id_number"] == cert.holder_id_number
        assert AuditEntry.objects.filter(action="view_pii").count() == before + 1

    def test_holder_id_masked_without_pii_and_not_audited(self, org, as_user):
        cert = CertificateFactory(division=org.a, holder_id_number=make_id_number(8, "980101"))
        before = AuditEntry.objects.filter(action="view_pii").count()
        data = as_user(org.inspector_a).get(f"{BASE}/certificates/{cert.pk}/").json()
        assert data["holder_id_number"] == cert.holder_id_number[:3] + "*" * 11 + cert.holder_id_number[-4:]
        listed = as_user(org.inspector_a).get(f"{BASE}/certificates/").json()["results"]
        assert "*" in listed[0]["holder_id_number"]
        assert AuditEntry.objects.filter(action="view_pii").count() == before

    def test_list_with_pii_writes_one_audit_row_per_page(self, org, as_user):
        for n in range(3):
            CertificateFactory(division=org.a, holder_id_number=make_id_number(20 + n, "980101"))
        before = AuditEntry.objects.filter(action="view_pii").count()
        rows = as_user(org.officer_a).get(f"{BASE}/certificates/").json()["results"]
        assert all("*" not in r["holder_id_number"] for r in rows)
        entry = AuditEntry.objects.filter(action="view_pii").order_by("-seq").first()
        assert AuditEntry.objects.filter(action="view_pii").count() == before + 1
        # One row per answer (zhenwei.core.masking.Disclosure), naming every certificate shown.
        assert sorted(map(int, entry.after["records"]["registry.certificate"])) == sorted(
            r["id"] for r in rows
        )

    def test_effective_status_and_transition(self, org, as_user):
        import datetime as dt

        cert = CertificateFactory(
            division=org.a, expires_on=dt.date(2020, 1, 1), issued_on=dt.date(2014, 1, 1)
        )
        client = as_user(org.officer_a)
        data = client.get(f"{BASE}/certificates/{cert.pk}/").json()
        assert data["status"] == "valid" and data["effective_status"] == "expired"
        r = client.patch(f"{BASE}/certificates/{cert.pk}/", {"status": "revoked"}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "revoked"
        r = client.patch(f"{BASE}/certificates/{cert.pk}/", {"status": "valid"}, format="json")
        assert r.status_code == 400 and "不能" in r.json()["detail"]
        assert AuditEntry.objects.filter(model="registry.certificate", action="transition").count() == 1

    def test_create_rejects_bad_id_number(self, org, as_user):
        good = make_id_number(9, "980101")
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        payload = {
            "number": "T-NEW-1",
            "kind": "special_operation",
            "holder_name": "李四",
            "holder_id_number": bad,
            "authority": "甲县应急管理局",
            "issued_on": "2025-01-01",
            "expires_on": "2031-01-01",
            "division_code": "980101",
        }
        client = as_user(org.officer_a)
        r = client.post(f"{BASE}/certificates/", payload, format="json")
        assert r.status_code == 400 and "校验位" in r.json()["detail"]
        payload["holder_id_number"] = good
        r = client.post(f"{BASE}/certificates/", payload, format="json")
        assert r.status_code == 201, r.json()
        cert = Certificate.objects.get(number="T-NEW-1")
        from zhenwei.registry.validators import holder_id_hash

        assert cert.holder_id_hash == holder_id_hash(good) and cert.holder_name_normalized == "李四"
        created = AuditEntry.objects.get(
            model="registry.certificate", action="create", object_id=str(cert.pk)
        )
        assert "holder_id_hash" in created.after


@pytest.mark.django_db
class TestCodes:
    def test_register_code_normalised_and_transitions(self, org, as_user):
        product = ProductFactory(division=org.a)
        client = as_user(org.officer_a)
        r = client.post(
            f"{BASE}/identity-codes/",
            {"product": product.pk, "code": "１２３４５ab６７８９０cd"},
            format="json",
        )
        assert r.status_code == 201, r.json()
        code = IdentityCode.objects.get(code="12345AB67890CD")
        assert code.code_format == "fire_mark"
        r = client.post(
            f"{BASE}/identity-codes/", {"product": product.pk, "code": "12345AB67890CD"}, format="json"
        )
        assert r.status_code == 400
        assert (
            client.patch(
                f"{BASE}/identity-codes/{code.pk}/", {"status": "destroyed"}, format="json"
            ).status_code
            == 200
        )
        r = client.patch(f"{BASE}/identity-codes/{code.pk}/", {"status": "active"}, format="json")
        assert r.status_code == 400

    def test_codes_visible_through_product_division(self, org, as_user):
        IdentityCodeFactory(product=ProductFactory(division=org.b), code=make_fire_mark(99))
        assert as_user(org.officer_a).get(f"{BASE}/identity-codes/").json()["count"] == 0
        assert (
            as_user(org.officer_b)
            .get(f"{BASE}/identity-codes/?code={make_fire_mark(99).lower()}")
            .json()["count"]
            == 1
        )

    def test_cannot_register_code_on_product_outside_scope(self, org, as_user):
        product = ProductFactory(division=org.b)
        r = as_user(org.officer_a).post(
            f"{BASE}/identity-codes/", {"product": product.pk, "code": make_fire_mark(5)}, format="json"
        )
        assert r.status_code in (400, 403)
        assert not IdentityCode.objects.exists()


@pytest.mark.django_db
def test_institution_create_and_nested_read(org, as_user):
    client = as_user(org.officer_t)
    r = client.post(
        f"{BASE}/training-institutions/",
        {
            "name": "某某消防培训中心",
            "nature": "impostor",
            "division_code": org.t.code,
            "claimed_affiliation": "自称消防大队",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    detail = client.get(f"{BASE}/training-institutions/{r.json()['id']}/").json()
    assert detail["findings"] == [] and detail["nature"] == "impostor"
    assert as_user(org.officer_b).get(f"{BASE}/training-institutions/").json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("enterprises", lambda org, n: EnterpriseFactory(division=org.a, uscc=make_uscc(900 + n, "980101"))),
        (
            "certificates",
            lambda org, n: CertificateFactory(
                division=org.a, holder_id_number=make_id_number(300 + n, "980101")
            ),
        ),
        (
            "identity-codes",
            lambda org, n: IdentityCodeFactory(
                product=ProductFactory(division=org.a), code=make_fire_mark(500 + n)
            ),
        ),
    ],
)
def test_list_query_count_does_not_grow_with_rows(org, as_user, django_assert_max_num_queries, path, make):
    """Locks the list endpoints against N+1 queries: 3 rows and 12 rows cost the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(org.officer_a)
    for n in range(3):
        make(org, n)
    client.get(f"{BASE}/{path}/")  # warm the per-user scope and content-type caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"{BASE}/{path}/").status_code == 200
    for n in range(3, 12):
        make(org, n)
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"{BASE}/{path}/").status_code == 200
    assert len(large) == len(small)
    assert len(large) <= 12


@pytest.mark.django_db
def test_institution_problem_list_through_the_api(org, as_user):
    client = as_user(org.officer_t)
    inst = client.post(
        f"{BASE}/training-institutions/",
        {"name": "冒牌培训", "nature": "impostor", "division_code": org.t.code},
        format="json",
    ).json()
    url = f"{BASE}/training-institutions/{inst['id']}"
    trainer = client.post(
        f"{url}/trainers/",
        {"name": "刘某", "claimed_identity": "消防教官", "impersonates_official": True},
        format="json",
    )
    assert trainer.status_code == 201, trainer.json()
    event = client.post(
        f"{url}/events/",
        {"held_on": "2026-05-09", "place": "敬老院", "attendees": 20, "trainers": [trainer.json()["id"]]},
        format="json",
    )
    assert event.status_code == 201, event.json()
    finding = client.post(
        f"{url}/findings/",
        {"title": "冒充国家机关工作人员", "found_on": "2026-05-10", "status": "closed"},
        format="json",
    )
    assert finding.status_code == 201 and finding.json()["status"] == "open"
    fid = finding.json()["id"]
    r = client.post(f"{url}/findings/{fid}/transition/", {"to": "closed"}, format="json")
    assert r.status_code == 400  # a resolution is required
    r = client.post(
        f"{url}/findings/{fid}/transition/", {"to": "closed", "resolution": "已移交公安"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    detail = client.get(f"{url}/").json()
    assert detail["trainers"][0]["impersonates_official"] and detail["events"][0]["trainers"] == [
        trainer.json()["id"]
    ]
    assert as_user(org.officer_b).post(f"{url}/trainers/", {"name": "x"}, format="json").status_code == 404
