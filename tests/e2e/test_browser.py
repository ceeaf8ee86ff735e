"""End to end in a real browser: staff login with two-factor enrolment, the public portal, the
public product check. Each step leaves a screenshot in test-artifacts/e2e/."""

import pytest
from django.test import override_settings

# serialized_rollback: the rows that data migrations seed survive the flush between browser tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "e2e-password-2026!"


@override_settings(OTP_REQUIRED=True)
def test_staff_login_with_two_factor_enrolment_then_code(live_server, page, shot, org):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhenwei.security.services import totp_current_code

    user = org.officer_a
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/staff/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    shot("1-login")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/setup/**")
    assert page.locator("#otp-qr").is_visible()
    secret = page.inner_text("#otp-secret")
    assert len(secret) >= 32
    shot("2-enrol-qr")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("#id_token", totp_current_code(device))
    page.click("main form button[type=submit]")
    # Enrolment ends with the ten recovery codes, shown once, before the staff pages.
    codes = page.locator("#recovery-codes li")
    codes.first.wait_for()
    assert codes.count() == 10
    shot("3-recovery-codes")
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    shot("3-staff-home")
    # Log out and in again: this time the code step, not enrolment.
    page.click("header form[action$='logout/'] button")
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/verify/**")
    shot("4-verify")
    device.refresh_from_db()
    device.last_t = -1  # the same 30-second window: let the test reuse the current code
    device.save()
    page.fill("#id_token", totp_current_code(device))
    page.click("main form:has(#id_token) button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")
    assert page.locator("header").inner_text().find(str(user)) >= 0


def test_wrong_password_is_refused_in_the_browser(live_server, page, shot, org):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", org.officer_a.username)
    page.fill("#id_password", "not-the-password")
    page.click("main form button[type=submit]")
    assert "/accounts/login/" in page.url
    shot("refused")


def test_public_portal_shows_hotlines_and_no_staff_data(live_server, page, shot):
    response = page.goto(f"{live_server.url}/")
    assert response.status == 200
    text = page.inner_text("body")
    assert "12345" in text
    headers = response.all_headers()
    assert "frame-ancestors 'none'" in headers.get("content-security-policy", "")
    assert headers.get("x-content-type-options") == "nosniff"
    shot("portal")


def test_public_product_check_by_typing_a_code(live_server, page, shot):
    models = pytest.importorskip("zhenwei.registry.models")
    from django.core.management import call_command

    call_command("demo", "load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    code = models.IdentityCode.objects.order_by("pk").values_list("code", flat=True).first()
    if code is None:
        pytest.skip("no identity codes in the demo data yet")
    page.goto(f"{live_server.url}/verify/")
    page.fill("#code", code.lower())  # typed in lower case: the check normalises
    shot("1-typed")
    page.click("#code-form button[type=submit]")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert code in body.upper().replace(" ", "")
    shot("2-answer")
    page.goto(f"{live_server.url}/verify/?code=ZZ00000NOTREAL00")
    shot("3-unknown")
    assert page.inner_text("body")
