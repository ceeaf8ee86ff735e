"""Each role's main task in a real browser, on a desktop and on a 390 px phone, in Chinese and in
English. Screenshots: test-artifacts/e2e/<role>-<task>-<viewport>-<lang>.png.

The staff pages are reached by URL (the navigation is being reworked; these walks test the pages a
role works in, not the menu), with a session made on the server, so the walks do not depend on the
login form either (tests/e2e/test_browser.py walks that). Each step asserts the page answered,
drew its main content, and did not scroll sideways on the phone more than a table may.
"""

import pytest
from django.utils import timezone

from .conftest import SHOTS

# serialized_rollback: the rows that data migrations seed (categories, checklists, report
# templates) survive the flush between browser tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LANGS = {"zh": ("zh-hans", "zh-CN"), "en": ("en", "en-US")}


@pytest.fixture(autouse=True)
def _fresh_state(settings, tmp_path):
    from django.core.cache import cache

    settings.KEYS_DIR = tmp_path / "keys"
    cache.clear()
    yield
    cache.clear()


def _data(org):
    """Today in county A: an inspection by the inspector (unqualified: a case), and a product with
    an identity code for the public check."""
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.inspections.models import ChecklistItem
    from zhenwei.inspections.services import inspection_judge, inspection_record
    from zhenwei.registry.choices import AccessKind
    from zhenwei.registry.services import identity_code_create, product_save
    from zhenwei.registry.tests.factories import make_fire_mark
    from zhenwei.verify.keys import key_create

    key_create()
    extinguisher = ProductCategory.objects.get(code="fire-extinguisher")
    gauge = ChecklistItem.objects.get(category=extinguisher, code="D01")
    inspection = inspection_record(
        actor=org.inspector_a,
        division=org.a,
        department=org.dept(org.a, "fire"),
        category=extinguisher,
        domain="circulation",
        subject_name="甲县安达五金经营部",
        place="甲县建设路 18 号",
        product_name="手提式干粉灭火器",
        checks={gauge.pk: ("fail", "压力指示器指针位于红区")},
    )
    inspection = inspection_judge(
        inspection=inspection, judgment="unqualified", actor=org.officer_a, reason_codes=["R08"]
    )
    product = product_save(
        actor=None,
        data={
            "category": extinguisher,
            "name": "手提式干粉灭火器",
            "model": "MFZ/ABC4",
            "manufacturer_name": "重庆安消消防器材有限公司",
            "access_kind": AccessKind.CCC,
            "access_certificate_no": "2026081801000123",
            "division": org.a,
        },
    )
    code = identity_code_create(actor=None, product=product, code=make_fire_mark(7))
    return inspection, code


def _context(browser, live_server, viewport, lang, user=None):
    """A browser context in that size and language, logged in as ``user`` (a server-made session)."""
    from django.conf import settings
    from django.test import Client

    code, locale = LANGS[lang]
    context = browser.new_context(
        locale=locale,
        viewport=VIEWPORTS[viewport],
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        device_scale_factor=2 if viewport == "phone" else 1,
    )
    host = live_server.url.split("://", 1)[1].split(":")[0]
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "domain": host, "path": "/"}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"})
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(20000)
    return context, page


def _visit(page, url: str, *, expect: str = "main"):
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    page.locator(expect).first.wait_for()
    return response


def _shot(page, role: str, task: str, viewport: str, lang: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{role}-{task}-{viewport}-{lang}.png"), full_page=True)


def _no_sideways_page(page, viewport: str) -> None:
    """On the phone the page itself fits the screen (wide tables scroll inside their own box)."""
    if viewport != "phone":
        return
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS["phone"]["width"] + 160, f"page is {width}px wide on a 390px phone"


@pytest.mark.parametrize("lang", list(LANGS))
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_each_role_walks_its_main_task(live_server, browser, org, viewport, lang):
    from zhenwei.cases.models import Case

    inspection, code = _data(org)
    case = Case.objects.get()
    base = live_server.url
    month = timezone.localdate().strftime("%Y-%m")
    errors: list[str] = []

    def walk(role, user):
        context, page = _context(browser, live_server, viewport, lang, user)
        page.on("pageerror", lambda exc: errors.append(f"{role}: {exc}"))
        return context, page

    # Inspector: today's inspections, one record, the form for the next one.
    context, page = walk("inspector", org.inspector_a)
    _visit(page, f"{base}/staff/inspections/")
    assert inspection.subject_name in page.inner_text("main")
    _shot(page, "inspector", "today", viewport, lang)
    _visit(page, f"{base}/staff/inspections/{inspection.pk}/")
    assert inspection.subject_name in page.inner_text("main")
    _no_sideways_page(page, viewport)
    _shot(page, "inspector", "record", viewport, lang)
    _visit(page, f"{base}/staff/inspections/new/")
    _shot(page, "inspector", "new-record", viewport, lang)
    context.close()

    # Officer: the case opened by the unqualified judgment.
    context, page = walk("officer", org.officer_a)
    _visit(page, f"{base}/staff/cases/")
    _shot(page, "officer", "cases", viewport, lang)
    _visit(page, f"{base}/staff/cases/{case.pk}/")
    assert case.title in page.inner_text("main") or case.number in page.inner_text("main")
    assert page.locator("main select[name=to], main #id_to").count() >= 1  # the next step is offered
    _no_sideways_page(page, viewport)
    _shot(page, "officer", "case", viewport, lang)
    context.close()

    # Campaign office: the monthly report form of its city, and the dashboard with the tree map.
    context, page = walk("campaign-office", org.office_p)
    _visit(page, f"{base}/staff/reports/form/fire-products-monthly/{org.pc.code}/{month}/")
    assert page.locator("#row-f01").count() == 1
    _shot(page, "campaign-office", "monthly-report", viewport, lang)
    with page.expect_download() as pdf:  # the form's PDF, with its 说明 column (reports/exports.py)
        page.locator("main a[href$='/export/pdf']").first.click()
    with open(pdf.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    _visit(page, f"{base}/staff/reports/dashboard/?division={org.pc.code}")
    page.locator("#chart-trend canvas").first.wait_for()
    page.locator("#chart-division_tree canvas").first.wait_for()
    page.locator("#division-tree-metric button").first.wait_for()
    page.wait_for_timeout(600)  # ECharts' entry animation
    _shot(page, "campaign-office", "dashboard", viewport, lang)
    context.close()

    # Hotline operator: a call taken down as a tip, answered with its receipt code.
    context, page = walk("hotline", org.hotline_a)
    _visit(page, f"{base}/staff/tips/new/")
    page.fill("#id_description", "来电反映：小区楼道配的灭火器压力表指针在红区，物业称是新买的，怀疑翻新。")
    _shot(page, "hotline", "enter-tip", viewport, lang)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator("main .card.error, main .errorlist").count() == 0, page.inner_text("main")[:500]
    from zhenwei.tips.models import Tip

    assert Tip.objects.filter(description__startswith="来电反映").exists()
    _shot(page, "hotline", "tip-entered", viewport, lang)
    context.close()

    # The public: a product code typed in (no login).
    context, page = walk("public", None)
    _visit(page, f"{base}/verify/")
    page.fill("#code", code.code.lower())
    page.click("#code-form button[type=submit]")
    page.wait_for_load_state()
    assert code.code in page.inner_text("body").upper().replace(" ", "")
    _no_sideways_page(page, viewport)
    _shot(page, "public", "check-product", viewport, lang)
    context.close()

    assert not errors, errors
