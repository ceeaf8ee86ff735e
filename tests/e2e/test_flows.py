"""End-to-end flows in a real browser, one test per flow, each leaving screenshots in
test-artifacts/e2e/: the public product check by uploading a label QR photo (and the certificate
QR variant), a citizen's tip with an attachment and its progress by receipt code, an inspection
and the closing of its case by a staff member who logs in with two-factor authentication, and a
monthly report exported from the staff pages.

The pages are driven as people use them (clicks, typing, file choosers); the data the flows need
is built through the apps' services. Nothing here relies on inline scripts.
"""

import datetime as dt
import re

import pytest
from django.test import override_settings
from django.utils import timezone

# serialized_rollback: the rows that data migrations seed (categories, checklists, report
# templates) survive the flush between browser tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "e2e-password-2026!"


@pytest.fixture(autouse=True)
def _fresh_state(settings, tmp_path):
    """Signing keys in a temporary directory; no rate-limit counters or cached places left over."""
    from django.core.cache import cache

    settings.KEYS_DIR = tmp_path / "keys"
    cache.clear()
    from zhenwei.verify import services as verify_services

    place_cache = getattr(verify_services, "_place_cache", None)
    if place_cache is not None:
        place_cache.clear()
    yield
    cache.clear()


def _fire_product(org, *, code_number: int):
    """A registered fire extinguisher of county A with one identity code (through the services)."""
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.registry.choices import AccessKind
    from zhenwei.registry.services import identity_code_create, product_save
    from zhenwei.registry.tests.factories import make_fire_mark

    product = product_save(
        actor=None,
        data={
            "category": ProductCategory.objects.get(code="fire-extinguisher"),
            "name": "手提式干粉灭火器",
            "model": "MFZ/ABC4",
            "manufacturer_name": "重庆安消消防器材有限公司",
            "access_kind": AccessKind.CCC,
            "access_certificate_no": "2026081801000123",
            "division": org.a,
        },
    )
    return identity_code_create(actor=None, product=product, code=make_fire_mark(code_number))


def _staff_login(page, live_server, user, *, next_url="/staff/"):
    """Password login for flows where two-factor authentication is off (test settings)."""
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_url}")


# ---- 1. public product check by uploading a QR image --------------------------------------------


def test_public_product_check_by_uploading_a_label_qr_image(live_server, page, shot, org, settings, tmp_path):
    from zhenwei.verify.keys import key_create
    from zhenwei.verify.labels import label_url
    from zhenwei.verify.pdf import qr_png

    settings.VERIFY_BASE_URL = live_server.url  # labels point at the site under test
    key_create(actor="e2e")
    code = _fire_product(org, code_number=4242)
    url = label_url(code.code)
    assert url.startswith(f"{live_server.url}/verify/p/{code.code}?k=")
    label = tmp_path / "label.png"
    label.write_bytes(qr_png(url))

    page.goto(f"{live_server.url}/verify/")
    shot("1-page")
    page.set_input_files("#scan-file", str(label))
    # scan.js decodes the photo with jsQR and opens the signed label address.
    page.wait_for_url(re.compile(r"/verify/p/" + code.code + r"\?k="))
    answer = page.locator("#answer")
    answer.wait_for()
    text = answer.inner_text()
    assert "正品" in text
    assert "标签签名有效" in text
    assert code.code in text
    assert "手提式干粉灭火器" in text and "重庆安消消防器材有限公司" in text
    shot("2-genuine")

    # A label whose signature was tampered with: same code, a made-up mac.
    forged = tmp_path / "forged.png"
    forged.write_bytes(qr_png(re.sub(r"s=[A-Z2-7]+", "s=AAAAAAAAAAAAAAAA", url)))
    page.goto(f"{live_server.url}/verify/")
    page.set_input_files("#scan-file", str(forged))
    page.wait_for_url(re.compile(r"s=AAAAAAAAAAAAAAAA"))
    page.locator("#answer").wait_for()
    assert "标签签名无效" in page.locator("#answer").inner_text()
    shot("3-forged-label")

    # A QR of some other web site is refused with a warning, not followed.
    other = tmp_path / "other.png"
    other.write_bytes(qr_png("https://zhenwei-check.example.com/login"))
    page.goto(f"{live_server.url}/verify/")
    page.set_input_files("#scan-file", str(other))
    status = page.locator("#scan-status")
    status.filter(has_text="警告").wait_for()
    assert "zhenwei-check.example.com" in status.inner_text()
    assert page.url == f"{live_server.url}/verify/"
    shot("4-foreign-site-warning")


def test_public_certificate_check_by_uploading_its_qr_image(live_server, page, shot, org, tmp_path):
    from zhenwei.registry.choices import CertificateKind
    from zhenwei.registry.services import certificate_save
    from zhenwei.registry.tests.factories import make_id_number
    from zhenwei.verify.keys import key_create
    from zhenwei.verify.pdf import qr_png
    from zhenwei.verify.services import qr_certificate_payload

    key_create(actor="e2e")
    cert = certificate_save(
        actor=None,
        data={
            "number": "T500235198503120011",
            "kind": CertificateKind.SPECIAL_OPERATION,
            "operation_category": "电工作业",
            "operation_item": "低压电工作业",
            "holder_name": "张小三",
            "holder_id_number": make_id_number(11),
            "authority": "测试市应急管理局",
            "issued_on": timezone.localdate() - dt.timedelta(days=2 * 365),  # valid on any date
            "expires_on": timezone.localdate() + dt.timedelta(days=4 * 365),
            "division": org.a,
        },
    )
    image = tmp_path / "certificate-qr.png"
    image.write_bytes(qr_png(qr_certificate_payload(certificate=cert)))

    page.goto(f"{live_server.url}/verify/qr/")
    page.fill("#name", "张小三")
    shot("1-page")
    page.set_input_files("#scan-file", str(image))
    # scan.js puts the decoded ZW1 text into the form and submits it.
    answer = page.locator("#answer")
    answer.wait_for()
    text = answer.inner_text()
    assert "签名有效" in text
    # The number is T + the holder's ID number: the public sees it masked, as every ID number.
    from zhenwei.core.masking import mask_text

    assert cert.number not in text and mask_text(cert.number) in text and "低压电工作业" in text
    assert "与签名一致" in text
    assert page.input_value("#qr-text").startswith("ZW1:")
    shot("2-valid")

    # The same QR with somebody else's name: the signature holds, the name does not.
    page.goto(f"{live_server.url}/verify/qr/")
    page.fill("#name", "李四")
    page.set_input_files("#scan-file", str(image))
    page.locator("#answer").wait_for()
    assert "与签名不一致" in page.locator("#answer").inner_text()
    shot("3-name-mismatch")


# ---- 2. a citizen's tip with an attachment, then its progress by receipt code -------------------


def _photo(path, text: str):
    """A small real JPEG (what a phone uploads)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (230, 230, 220))
    ImageDraw.Draw(image).rectangle((40, 40, 280, 200), outline=(200, 30, 30), width=6)
    ImageDraw.Draw(image).text((60, 110), text, fill=(0, 0, 0))
    image.save(path, "JPEG", quality=80)
    return path


def test_citizen_tip_with_attachment_then_progress_by_receipt_code(live_server, page, shot, org, tmp_path):
    # Counts htmx swaps that have settled. Added through the DevTools protocol, so a strict CSP
    # (no inline scripts) does not block it.
    page.add_init_script(
        "window.__htmxSettled = 0;"
        "document.addEventListener('htmx:afterSettle', () => { window.__htmxSettled += 1; });"
    )
    from zhenwei.catalog.choices import RoutingPurpose
    from zhenwei.catalog.models import ProductCategory, RoutingRule
    from zhenwei.core.models import EvidenceFile
    from zhenwei.tips.models import Tip
    from zhenwei.tips.services import tip_accept

    RoutingRule.objects.create(
        purpose=RoutingPurpose.TIP,
        category=ProductCategory.objects.get(code="fire-products"),
        department_kind=org.kinds.market,
        role="lead",
        note="e2e",
    )
    from zhenwei.registry.tests.factories import make_id_number

    name, phone, id_number = "王小明", "13812345678", make_id_number(7, "980101", "19900307")
    photo = _photo(tmp_path / "shop-shelf.jpg", "fake extinguisher")

    page.goto(f"{live_server.url}/tips/new/")
    page.check("input[name=kind][value=tip]")
    page.select_option("#id_category", label="灭火器")
    page.fill("#id_product_name", "“安消”牌手提式干粉灭火器 MFZ/ABC4")
    page.fill("#id_subject_name", "甲县一镇某五金店")
    # The cascading division picker: each choice loads the next level with htmx. A level is
    # chosen only once htmx has settled the previous swap (and so wired up the new select).
    for depth, label in enumerate(("测试省", "测试市", "甲县", "甲县一镇")):
        settled = page.evaluate("window.__htmxSettled")
        page.locator("select[name=division]").nth(depth).select_option(label=label)
        if depth < 3:
            page.wait_for_function("n => window.__htmxSettled > n", arg=settled)
            page.locator("select[name=division]").nth(depth + 1).wait_for()
    page.fill("#id_address", "甲县一镇建设路 18 号")
    page.fill(
        "#id_description",
        "在五金店看到的灭火器标签模糊，身份码扫码查不到，价格只有正常的一半，怀疑是假冒产品。",
    )
    page.set_input_files("#id_attachments", str(photo))
    page.uncheck("#id_anonymous")
    page.fill("#id_reporter_name", name)
    page.fill("#id_reporter_phone", phone)
    page.fill("#id_reporter_id_number", id_number)
    shot("1-form")
    page.click("form.tipform button[type=submit]")

    page.locator("p.receipt, form.tipform .errorlist").first.wait_for()
    receipt_box = page.locator("p.receipt")
    assert receipt_box.count() == 1, page.inner_text("form.tipform")
    receipt = receipt_box.inner_text().strip()
    assert re.fullmatch(
        r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{3}", receipt
    )
    shot("2-receipt")

    tip = Tip.objects.get()
    assert tip.reporter_name == name and not tip.anonymous
    assert tip.lead_department == org.dept(org.t, "market")
    attachments = EvidenceFile.objects.filter(object_id=tip.pk, content_type__model="tip")
    assert [a.original_name for a in attachments] == ["shop-shelf.jpg"]
    assert tip.receipt_digest and receipt.replace("-", "") not in str(Tip.objects.values().get())

    # Progress through the link on the receipt page.
    page.get_by_role("link", name="查询办理进度").click()
    page.locator("table.kv").wait_for()
    progress = page.locator("table.kv").inner_text()
    assert receipt in progress and tip.number in progress
    assert "已收到，正在进行受理审查" in progress
    body = page.inner_text("body")
    for secret in (name, phone, id_number, phone[-4:], id_number[-4:]):
        assert secret not in body  # the public page shows no personal data at all
    shot("3-progress-received")

    # Staff accept it; the citizen types the code again (lower case, no dashes) and sees the change.
    tip_accept(tip=tip, actor=org.officer_a)
    page.goto(f"{live_server.url}/tips/status/")
    page.fill("#id_code", receipt.replace("-", "").lower())
    page.click("form.tipform button[type=submit]")
    page.locator("table.kv").filter(has_text="已受理，已交承办部门").wait_for()
    progress = page.locator("table.kv").inner_text()
    assert "甲县一镇市场监管" in progress
    assert name not in page.inner_text("body")
    shot("4-progress-accepted")

    # A wrong code is refused without saying anything about any tip.
    page.goto(f"{live_server.url}/tips/status/?code=ABCD-EFGH-JKMN-PQR")
    assert "回执码不正确或不存在" in page.inner_text("main")

    # Staff see the tipster masked until they ask (and are allowed) to reveal it.
    _staff_login(page, live_server, org.officer_a, next_url=f"/staff/tips/{tip.pk}/")
    identity = page.locator("#identity").inner_text()
    assert "王*明" in identity and "138****5678" in identity
    assert id_number[:3] + "*" * 11 + id_number[-4:] in identity
    assert phone not in identity and name not in identity
    assert "shop-shelf.jpg" in page.inner_text("main")
    shot("5-staff-masked")


# ---- 3. staff login with 2FA, an inspection, and its case walked to closed ---------------------


def _login_with_two_factor(page, live_server, user):
    """The daily login of an enrolled user: password, then the authenticator's current code."""
    from zhenwei.security.services import totp_current_code, totp_device_confirm, totp_device_pending

    user.set_password(PASSWORD)
    user.save()
    device = totp_device_pending(user=user)
    assert totp_device_confirm(device=device, token=totp_current_code(device), actor=user)
    device.refresh_from_db()
    device.last_t = -1  # the same 30-second window: let the login reuse the current code
    device.save()
    page.goto(f"{live_server.url}/staff/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/verify/**")
    page.fill("#id_token", totp_current_code(device))
    page.click("main form:has(#id_token) button[type=submit]")  # not the recovery-code form
    page.wait_for_url(f"{live_server.url}/staff/")
    assert str(user) in page.locator("header").inner_text()


def _flash(page, text: str) -> None:
    """Wait for this step's success message (not the previous page's); fail with the page's
    errors if it shows any instead."""
    success = page.locator("main > .card.success").filter(has_text=text)
    errors = page.locator("main > .card.error")
    success.or_(errors).first.wait_for()
    assert errors.count() == 0, errors.all_inner_texts()


@override_settings(OTP_REQUIRED=True)
def test_staff_two_factor_login_then_inspection_and_its_case_closed(live_server, page, shot, org, tmp_path):
    from zhenwei.cases.models import Case
    from zhenwei.inspections.models import ChecklistItem, Inspection

    user = org.officer_a
    _login_with_two_factor(page, live_server, user)
    shot("1-logged-in")

    # The inspection: the category's checklist appears once the category is chosen.
    page.goto(f"{live_server.url}/staff/inspections/new/")
    page.get_by_role("link", name="灭火器", exact=True).click()
    page.locator(".check").first.wait_for()
    page.fill("#id_subject_name", "甲县安达五金经营部")
    page.fill("#id_place", "甲县建设路 18 号")
    page.select_option("#id_division", label=str(org.a))
    page.select_option("#id_department", label=str(org.dept(org.a, "market")))
    page.select_option("#id_domain", value="circulation")
    page.fill("#id_product_name", "手提式干粉灭火器")
    page.fill("#id_model", "MFZ/ABC4")
    page.fill("#id_quantity", "12")
    # The inspection date defaults to today (it was left empty before: see inspections/forms.py).
    from django.utils import timezone

    assert page.input_value("#id_inspected_on") == timezone.localdate().isoformat()
    for radio in page.locator(".check input[value=pass]").all():
        radio.check()
    gauge = ChecklistItem.objects.get(category__code="fire-extinguisher", code="D01")
    page.check(f"input[name=check_{gauge.pk}][value=fail]")
    page.fill(f"input[name=note_{gauge.pk}]", "压力指示器指针位于红区")
    page.set_input_files("#id_photo", str(_photo(tmp_path / "gauge.jpg", "gauge in red")))
    shot("2-inspection-form")
    page.get_by_role("button", name="保存检查记录").click()
    _flash(page, "检查已记录")
    inspection = Inspection.objects.get()
    assert inspection.checks.filter(result="fail").get().item_id == gauge.pk
    assert inspection.checks.filter(result="pass").count() == inspection.checks.count() - 1 >= 8
    assert "gauge.jpg" in page.inner_text("main")

    # Judged unqualified on site: the failed item suggests its reason, and a case is opened.
    page.select_option("#id_judgment", value="unqualified")
    assert page.locator("input[name=reason_codes][value=R08]").is_checked()
    page.get_by_role("button", name="判定", exact=True).click()
    _flash(page, "判定不合格，已立案")
    shot("3-judged")
    case = Case.objects.get()
    assert case.kind == "unqualified" and case.status == "registered"
    page.locator(f"a[href$='/staff/cases/{case.pk}/']").first.click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/")
    assert "结案前须完成" in page.inner_text("main")

    def transition(label: str):
        page.select_option("#id_to", label=label)
        page.get_by_role("button", name="变更", exact=True).click()
        _flash(page, "状态已变更")

    def add_action(label: str, title: str) -> None:
        form = page.locator("form[action$='/actions/']")
        form.locator("select[name=kind]").select_option(label=label)
        form.locator("input[name=title]").fill(title)
        form.get_by_role("button", name="新增").click()
        _flash(page, "已新增措施")

    def complete_action(label: str, outcome: str, recheck: str | None = None) -> None:
        card = page.locator("[id^=action-]").filter(has_text=label)
        card.locator("summary").click()
        card.locator("textarea[name=outcome]").fill(outcome)
        if recheck:
            card.locator("select[name=recheck_passed]").select_option(label=recheck)
        card.get_by_role("button", name="完成").click()
        _flash(page, "措施已完成")

    transition("调查取证")
    add_action("责令改正", "责令停止销售并更换合格灭火器")
    assert "整改处置" in page.locator("main .card .badge").first.inner_text()  # the order moved it on
    complete_action("责令改正", "已下达责令改正通知书，当事人已下架 12 具")
    add_action("复查", "整改期满复查")
    complete_action("复查", "复查时货架上已无该批次产品", recheck="合格")
    shot("4-actions-done")
    assert "结案前须完成" not in page.inner_text("main")

    transition("已结案")  # the closing step, clicked in the browser
    badge = page.locator("main .card .badge").first
    assert badge.inner_text().strip() == "已结案"
    shot("5-closed")
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_on is not None
    assert set(case.actions.values_list("kind", "status")) == {("order_correct", "done"), ("recheck", "done")}


# ---- 4. a monthly report exported from the staff pages ------------------------------------------


def _month_data(org):
    """This month in county A: two fire-product inspections (one unqualified, so one case) and one
    tip; in county B one more inspection, which A's report must not count."""
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.inspections.models import ChecklistItem
    from zhenwei.inspections.services import inspection_judge, inspection_record
    from zhenwei.tips.services import TipInput, tip_submit

    extinguisher = ProductCategory.objects.get(code="fire-extinguisher")
    gauge = ChecklistItem.objects.get(category=extinguisher, code="D01")

    def inspect(actor, division, subject, domain, judgment, checks=None):
        inspection = inspection_record(
            actor=actor,
            division=division,
            department=org.dept(division, "market"),
            category=extinguisher,
            domain=domain,
            subject_name=subject,
            place=f"{division.name}建设路 1 号",
            product_name="手提式干粉灭火器",
            checks=checks,
        )
        reasons = ["R08"] if judgment == "unqualified" else []
        return inspection_judge(inspection=inspection, judgment=judgment, actor=actor, reason_codes=reasons)

    inspect(
        org.officer_a, org.a, "甲县安达五金经营部", "circulation", "unqualified", {gauge.pk: ("fail", "红区")}
    )
    inspect(org.officer_a, org.a, "甲县第一中学", "use", "qualified")
    inspect(org.officer_b, org.b, "乙县百货商场", "circulation", "qualified")
    tip_submit(
        data=TipInput(
            description="小区楼道里配的灭火器压力表指针在红区，物业说是新买的，怀疑是翻新的旧灭火器。",
            division=org.t,
            category=extinguisher,
        )
    )


def test_monthly_report_exported_from_the_staff_pages(live_server, page, shot, org, tmp_path):
    import docx
    import openpyxl
    from django.utils import timezone

    from zhenwei.reports.exports import META_COLUMN

    _month_data(org)
    month = timezone.localdate().strftime("%Y-%m")
    _staff_login(page, live_server, org.officer_a, next_url="/staff/reports/")

    choose = page.locator("main form").filter(has=page.locator("select[name=template]"))
    choose.locator("select[name=template]").select_option(value="fire-products-monthly")
    choose.locator("select[name=division]").select_option(value=org.a.code)
    choose.locator("input[name=month]").fill(month)
    shot("1-choose")
    choose.get_by_role("button", name="打开月报表").click()
    page.wait_for_url(f"**/staff/reports/form/fire-products-monthly/{org.a.code}/{month}/")

    def on_page(row: str) -> str:
        return page.locator(f"#row-{row} td.num").first.inner_text().strip()

    shown = {row: on_page(row) for row in ("f01", "f03", "f05", "f06", "f07", "f16")}
    assert shown == {"f01": "2", "f03": "1", "f05": "1", "f06": "1", "f07": "1", "f16": "1"}, shown
    page.fill("input[name=preparer]", "李填表")
    page.fill("input[name=preparer_phone]", "023-55123456")
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator("main > .card.success").filter(has_text="已保存").wait_for()
    shot("2-form")

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="XLSX", exact=True).click()
    assert xlsx_download.value.suggested_filename == f"fire-products-monthly-{org.a.code}-{month}.xlsx"
    xlsx = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(xlsx)

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="DOCX", exact=True).click()
    assert docx_download.value.suggested_filename.endswith(".docx")
    word = tmp_path / docx_download.value.suggested_filename
    docx_download.value.save_as(word)
    shot("3-exported")

    # The spreadsheet: the figures by row code (hidden column G), this month and cumulative.
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert sheet["A1"].value == "消防产品专项整治情况月报表"
    assert "甲县" in sheet["B2"].value
    figures = {}
    for r in range(1, sheet.max_row + 1):
        code = sheet.cell(row=r, column=META_COLUMN).value
        if code in ("f01", "f02", "f03", "f05", "f06", "f07", "f16"):
            figures[code] = (sheet.cell(row=r, column=4).value, sheet.cell(row=r, column=5).value)
        if code == "preparer":
            assert sheet.cell(row=r, column=2).value == "李填表"
            assert sheet.cell(row=r, column=4).value == "023-55123456"
    assert figures == {
        "f01": (2, 2),  # two units inspected in A (B's inspection is not A's)
        "f02": (0, 0),
        "f03": (1, 1),  # circulation
        "f05": (1, 1),  # use
        "f06": (1, 1),  # unqualified
        "f07": (1, 1),  # the case the unqualified judgment opened
        "f16": (1, 1),  # the tip from town T, under A
    }, figures

    # The Word document: the same figures in its number table.
    document = docx.Document(str(word))
    rows = {}
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            rows[cells[2] if len(cells) > 2 else cells[0]] = cells
    by_label = {label: cells[3:5] for label, cells in rows.items()}
    assert by_label["检查单位（家）"] == ["2", "2"], by_label.keys()
    assert by_label["发现不合格产品（个）"] == ["1", "1"]
    assert by_label["立案查处案件（个）"] == ["1", "1"]
    assert by_label["受理举报投诉（条）"] == ["1", "1"]
    assert "李填表" in "\n".join(p.text for p in document.paragraphs) + str(rows)
