"""Fire investigations extended to products (火灾延伸调查) and ledger checks (进销货台账): services with
audit, clue opening routed like every clue, scope refusals for another county, API and pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from zhenwei.cases.models import Clue
from zhenwei.core.choices import Role
from zhenwei.core.models import AuditEntry
from zhenwei.core.tests.factories import user_with_role
from zhenwei.inspections import fire, ledger
from zhenwei.inspections.models import FireInvestigation, FireProduct, Inspection, LedgerCheck, LedgerEntry

pytestmark = pytest.mark.dates


@pytest.fixture
def fire_officer(world):
    return user_with_role("fire_a", world.a_fire, Role.OFFICER)


@pytest.fixture
def fire_officer_b(world):
    return user_with_role("fire_b", world.org.dept(world.org.b, "fire"), Role.OFFICER)


def _fire(world, actor, **extra):
    seller_a = world.subjects[0]  # a retailer in county A
    return fire.fire_investigation_create(
        title="甲县“11·08”住宅火灾",
        occurred_on=timezone.localdate() - dt.timedelta(days=10),
        place="甲县某小区楼道",
        department=world.a_fire,
        cause_summary="电动自行车充电起火，灭火器无法喷射",
        products=[
            {
                "category": world.extinguisher,
                "product_type": "手提式干粉灭火器",
                "brand": "某安",
                "model": "MFZ/ABC4",
                "quantity": Decimal("3"),
                "unit": "具",
                "certificate_number": "CCCF-1",
                "maker_name": "某省某消防设备厂",
                "seller": seller_a,
            }
        ],
        actor=actor,
        **extra,
    )


def _inspection(world, division=None, subject=None):
    org = world.org
    subject = subject or world.subjects[1]
    return Inspection.objects.create(
        subject_name=subject.name,
        enterprise=subject,
        place=subject.address,
        division=division or org.a,
        department=world.a_market,
        domain="circulation",
        category=world.extinguisher,
        product_name="手提式干粉灭火器",
        inspected_on=timezone.localdate(),
    )


# ---------------------------------------------------------------- fire investigations


def test_fire_create_is_audited_and_keeps_untraced_names(world, fire_officer):
    investigation = _fire(world, fire_officer)
    product = investigation.products.get()
    assert product.maker is None and product.maker_label == "某省某消防设备厂"
    assert product.seller == world.subjects[0]
    entry = AuditEntry.objects.get(model="inspections.fireinvestigation", object_id=str(investigation.pk))
    assert entry.action == "create" and entry.after["products"][0]["product_type"] == "手提式干粉灭火器"


def test_fire_refuses_a_future_date_and_an_enterprise_the_actor_cannot_see(world, fire_officer):
    with pytest.raises(ValidationError, match="起火日期"):
        fire.fire_investigation_create(
            title="x",
            occurred_on=timezone.localdate() + dt.timedelta(days=1),
            place="x",
            department=world.a_fire,
            actor=fire_officer,
        )
    b_enterprise = world.subjects[-1]  # county B
    with pytest.raises(PermissionDenied):
        fire.fire_investigation_create(
            title="x",
            occurred_on=timezone.localdate(),
            place="x",
            department=world.a_fire,
            products=[{"product_type": "灭火器", "maker": b_enterprise}],
            actor=fire_officer,
        )
    assert not FireInvestigation.objects.exists()


def test_fire_products_open_clues_for_maker_and_seller_routed_once(world, fire_officer):
    investigation = _fire(world, fire_officer)
    opened = fire.fire_investigation_open_clues(investigation=investigation, actor=fire_officer)
    assert len(opened) == 2
    product = FireProduct.objects.get()
    # Routed like every clue: the clue rule for fire products gives market supervision the lead.
    assert product.seller_clue.department == world.a_market
    assert product.seller_clue.division == world.subjects[0].division
    assert product.seller_clue.domain == "circulation" and product.maker_clue.domain == "production"
    assert "未在主体台账" in product.maker_clue.description
    assert product.maker_clue.source_object == product
    # Once: a second call opens nothing more.
    assert fire.fire_investigation_open_clues(investigation=investigation, actor=fire_officer) == []
    assert Clue.objects.count() == 2
    assert AuditEntry.objects.filter(model="cases.clue", action="create").count() == 2
    assert AuditEntry.objects.filter(model="inspections.fireproduct", action="update").exists()


def test_fire_writes_refused_for_another_county(world, fire_officer, fire_officer_b):
    investigation = _fire(world, fire_officer)
    product = investigation.products.get()
    with pytest.raises(PermissionDenied):
        fire.fire_product_open_clues(product=product, actor=fire_officer_b)
    with pytest.raises(PermissionDenied):
        fire.fire_product_trace(product=product, actor=fire_officer_b, maker_name="x")
    with pytest.raises(PermissionDenied):
        fire.fire_product_add(investigation=investigation, actor=fire_officer_b, product_type="x")
    with pytest.raises(PermissionDenied):
        fire.fire_investigation_create(
            title="x",
            occurred_on=timezone.localdate(),
            place="x",
            department=world.a_fire,
            actor=fire_officer_b,
        )
    assert not Clue.objects.exists()


def test_fire_api_create_trace_open_clues_and_scope(world, fire_officer, fire_officer_b, as_user):
    api = as_user(fire_officer)
    r = api.post(
        "/api/v1/fire-investigations/",
        {
            "title": "API 火灾",
            "occurred_on": str(timezone.localdate()),
            "place": "甲县仓库",
            "department": world.a_fire.pk,
            "products": [{"product_type": "防火卷帘", "quantity": "2", "unit": "樘"}],
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    investigation_id = r.json()["id"]
    product_id = r.json()["products"][0]["id"]
    r = api.post(
        f"/api/v1/fire-products/{product_id}/trace/",
        {"maker_name": "某门业公司", "seller": world.subjects[2].pk},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["seller_label"] == world.subjects[2].name
    r = api.post(f"/api/v1/fire-products/{product_id}/open-clues/", {"roles": ["seller"]}, format="json")
    assert r.status_code == 200 and len(r.json()) == 1
    assert r.json()[0]["department"] == world.a_market.pk
    # Another county neither sees nor writes.
    other = as_user(fire_officer_b)
    assert other.get(f"/api/v1/fire-investigations/{investigation_id}/").status_code == 404
    assert other.post(f"/api/v1/fire-products/{product_id}/open-clues/", {}, format="json").status_code == 404
    assert other.get("/api/v1/fire-products/").json()["count"] == 0
    # A unit of another county cannot be chosen from the registry.
    api = as_user(fire_officer)  # the fixture's client is shared: authenticate again
    r = api.post(
        f"/api/v1/fire-products/{product_id}/trace/", {"maker": world.subjects[-1].pk}, format="json"
    )
    assert r.status_code == 400


def test_fire_pages_form_with_rows_trace_and_clues(world, fire_officer):
    c = Client()
    c.force_login(fire_officer)
    assert c.get("/staff/inspections/fires/").status_code == 200
    page = c.get("/staff/inspections/fires/new/").content.decode()
    assert 'name="products-TOTAL_FORMS"' in page and "hx-get" in page
    row = c.get("/staff/inspections/rows/products/", {"products-TOTAL_FORMS": "1"}).content.decode()
    assert 'name="products-1-product_type"' in row and 'value="2"' in row and "hx-swap-oob" in row
    r = c.post(
        "/staff/inspections/fires/new/",
        {
            "title": "页面登记的火灾",
            "occurred_on": str(timezone.localdate()),
            "place": "甲县某市场",
            "department": world.a_fire.pk,
            "products-TOTAL_FORMS": "3",
            "products-INITIAL_FORMS": "0",
            "products-0-product_type": "灭火毯",
            "products-0-seller": world.subjects[3].uscc or world.subjects[3].name,
            "products-0-maker": "不在台账的厂",
            # row 1 removed in the browser: nothing posted for it
            "products-2-product_type": "应急照明灯",
            "products-2-quantity": "2",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    investigation = FireInvestigation.objects.get(title="页面登记的火灾")
    products = list(investigation.products.order_by("pk"))
    assert [p.product_type for p in products] == ["灭火毯", "应急照明灯"]
    assert products[0].seller == world.subjects[3] and products[0].maker_name == "不在台账的厂"
    detail = c.get(f"/staff/inspections/fires/{investigation.pk}/").content.decode()
    assert "灭火毯" in detail and "不在台账的厂" in detail
    r = c.post(
        f"/staff/inspections/fire-products/{products[1].pk}/trace/",
        {f"p{products[1].pk}-seller": world.subjects[4].name},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and world.subjects[4].name in r.content.decode()
    assert c.post(f"/staff/inspections/fires/{investigation.pk}/clues/").status_code == 302
    assert Clue.objects.count() == 3  # two units of the first product, the seller of the second


def test_fire_pages_refused_for_another_county(world, fire_officer, fire_officer_b):
    investigation = _fire(world, fire_officer)
    c = Client()
    c.force_login(fire_officer_b)
    assert c.get(f"/staff/inspections/fires/{investigation.pk}/").status_code == 404
    product = investigation.products.get()
    assert c.post(f"/staff/inspections/fire-products/{product.pk}/clues/").status_code == 404
    assert not Clue.objects.exists()


# ---------------------------------------------------------------- ledger checks


def test_ledger_check_derives_problems_and_is_audited(world):
    org = world.org
    inspection = _inspection(world)
    check = ledger.ledger_check_record(
        inspection=inspection,
        ledger_kept=True,
        entries=[
            {
                "product_name": "灭火器",
                "supplier": world.subjects[0],
                "quantity": Decimal("100"),
                "found_quantity": Decimal("80"),
                "voucher": "FP-1",
                "entry_date": timezone.localdate(),
            },
            {
                "product_name": "灭火毯",
                "supplier_name": "不明批发商",
                "quantity": 5,
                "problems": ["no_certificate"],
            },
            {"direction": "sale", "product_name": "灭火器", "quantity": 2, "voucher": "XS-1"},
        ],
        actor=org.officer_a,
    )
    first, second, third = check.entries.order_by("pk")
    assert first.problems == ["quantity_mismatch"]
    assert second.problems == ["supplier_not_registered", "no_voucher", "no_certificate"]
    assert third.problems == []
    entry = AuditEntry.objects.get(model="inspections.ledgercheck", object_id=str(check.pk))
    assert len(entry.after["entries"]) == 3


def test_ledger_check_refuses_bad_input_and_writes_nothing(world):
    org = world.org
    inspection = _inspection(world)
    with pytest.raises(ValidationError, match="供货方"):
        ledger.ledger_check_record(
            inspection=inspection,
            ledger_kept=True,
            entries=[{"product_name": "x", "quantity": 1}],
            actor=org.officer_a,
        )
    with pytest.raises(ValidationError, match="未建立台账"):
        ledger.ledger_check_record(
            inspection=inspection,
            ledger_kept=False,
            entries=[{"product_name": "x", "supplier_name": "y", "quantity": 1}],
            actor=org.officer_a,
        )
    with pytest.raises(ValidationError, match="问题类型"):
        ledger.ledger_check_record(
            inspection=inspection,
            ledger_kept=True,
            entries=[{"product_name": "x", "supplier_name": "y", "quantity": 1, "problems": ["bogus"]}],
            actor=org.officer_a,
        )
    assert not LedgerCheck.objects.exists() and not LedgerEntry.objects.exists()


def test_ledger_discrepancy_opens_a_routed_clue_once(world):
    org = world.org
    inspection = _inspection(world)
    check = ledger.ledger_check_record(
        inspection=inspection,
        ledger_kept=True,
        entries=[
            {"product_name": "灭火器", "supplier_name": "不明批发商", "quantity": 10, "voucher": "V1"},
            {"product_name": "灭火毯", "supplier": world.subjects[0], "quantity": 10, "voucher": "V2"},
        ],
        actor=org.officer_a,
    )
    bad, clean = check.entries.order_by("pk")
    clue = ledger.ledger_entry_open_clue(entry=bad, actor=org.officer_a)
    assert clue.department == world.a_market and clue.source == "inspection"
    assert "供货方不在主体台账" in clue.description
    assert ledger.ledger_entry_open_clue(entry=bad, actor=org.officer_a) == clue
    assert Clue.objects.count() == 1
    with pytest.raises(ValidationError, match="未发现问题"):
        ledger.ledger_entry_open_clue(entry=clean, actor=org.officer_a)
    with pytest.raises(PermissionDenied):
        ledger.ledger_entry_open_clue(entry=bad, actor=org.officer_b)


def test_ledger_refused_for_another_county(world):
    org = world.org
    inspection = _inspection(world)
    with pytest.raises(PermissionDenied):
        ledger.ledger_check_record(inspection=inspection, ledger_kept=False, actor=org.officer_b)
    assert not LedgerCheck.objects.exists()


def test_ledger_api(world, as_user):
    org = world.org
    inspection = _inspection(world)
    api = as_user(org.officer_a)
    r = api.post(
        "/api/v1/ledger-checks/",
        {
            "inspection": inspection.pk,
            "ledger_kept": True,
            "checked_on": str(timezone.localdate()),
            "entries": [{"product_name": "灭火器", "supplier_name": "不明批发商", "quantity": "10"}],
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    entry_id = r.json()["entries"][0]["id"]
    assert r.json()["entries"][0]["problems"] == ["supplier_not_registered", "no_voucher"]
    r = api.post(f"/api/v1/ledger-entries/{entry_id}/open-clue/")
    assert r.status_code == 201 and r.json()["department"] == world.a_market.pk
    assert api.get("/api/v1/ledger-checks/?problems=true").json()["count"] == 1
    other = as_user(org.officer_b)
    assert other.get("/api/v1/ledger-checks/").json()["count"] == 0
    assert other.post(f"/api/v1/ledger-entries/{entry_id}/open-clue/").status_code == 404
    r = other.post(
        "/api/v1/ledger-checks/", {"inspection": inspection.pk, "ledger_kept": False}, format="json"
    )
    assert r.status_code == 400  # the inspection is not one officer_b may see
    assert LedgerCheck.objects.count() == 1


def test_ledger_section_on_the_inspection_page(world):
    org = world.org
    inspection = _inspection(world)
    c = Client()
    c.force_login(org.officer_a)
    page = c.get(f"/staff/inspections/{inspection.pk}/").content.decode()
    assert f"/staff/inspections/{inspection.pk}/ledger/" in page
    section = c.get(f"/staff/inspections/{inspection.pk}/ledger/", HTTP_HX_REQUEST="true").content.decode()
    assert section.startswith("<section") or 'id="ledger-section"' in section
    assert "<html" not in section
    r = c.post(
        f"/staff/inspections/{inspection.pk}/ledger/",
        {
            "ledger_kept": "1",
            "checked_on": str(timezone.localdate()),
            "entries-TOTAL_FORMS": "2",
            "entries-INITIAL_FORMS": "0",
            "entries-0-direction": "purchase",
            "entries-0-product_name": "灭火器",
            "entries-0-supplier": "不明批发商",
            "entries-0-quantity": "10",
            "entries-0-found_quantity": "7",
            "entries-1-direction": "purchase",
        },
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "数量不符" in body and "供货方不在主体台账" in body
    entry = LedgerEntry.objects.get()
    r = c.post(f"/staff/inspections/ledger-entries/{entry.pk}/clue/")
    assert r.status_code == 302 and Clue.objects.count() == 1
    # Another county: neither the section nor the write.
    b = Client()
    b.force_login(org.officer_b)
    assert b.get(f"/staff/inspections/{inspection.pk}/ledger/").status_code == 404
    assert b.post(f"/staff/inspections/{inspection.pk}/ledger/", {"ledger_kept": "0"}).status_code == 404
