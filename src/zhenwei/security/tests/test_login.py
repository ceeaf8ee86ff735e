"""Staff login: lockout after repeated failures, two-factor enrolment and verification, API rule."""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from zhenwei.core.models import AuditEntry
from zhenwei.security.services import totp_current_code

PASSWORD = "correct-horse-battery-9"

pytestmark = pytest.mark.django_db


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_account_from_that_network(client, org):
    user = _with_password(org.inspector_a)
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": user.username, "password": "wrong-password"})
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    # Even the right password is refused while locked, and no session is opened.
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another network is not locked out (no one can lock a colleague out from elsewhere).
    other = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.9.8.7"
    )
    assert other.status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_successful_login_resets_the_failure_count(client, org):
    user = _with_password(org.inspector_a)
    for _ in range(2):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    assert (
        client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    )
    client.logout()
    for _ in range(2):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    assert (
        client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    )


@override_settings(OTP_REQUIRED=True)
def test_pii_role_enrols_an_authenticator_on_first_login_then_reaches_staff_pages(client, org):
    user = _with_password(org.officer_a)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
    # Staff pages and the admin stay closed until the code is entered.
    for path in ("/staff/", "/admin/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and "/accounts/2fa/" in blocked["Location"], path
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and 'src="data:image/svg+xml' in html
    secret = re.search(r'id="otp-secret">([A-Z2-7]+)<', html).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert len(secret) >= 32
    wrong = client.post(
        "/accounts/2fa/setup/", {"token": "000000" if totp_current_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttle_reset()
    done = client.post("/accounts/2fa/setup/", {"token": totp_current_code(device), "next": "/staff/"})
    # Enrolment ends on the ten recovery codes, shown this once, then continues to the page asked for.
    assert done.status_code == 200 and 'href="/staff/"' in done.content.decode()
    assert len(re.findall(r"<li><code>[a-z2-9]{5}-[a-z2-9]{5}</code></li>", done.content.decode())) == 10
    assert client.get("/staff/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEntry.objects.filter(note="two-factor device enrolled").exists()


@override_settings(OTP_REQUIRED=True)
def test_enrolled_user_must_enter_a_code_after_the_password(client, org):
    user = _with_password(org.office_p)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/verify/")
    # An enrolled user cannot replace the device without passing the code first.
    assert client.get("/accounts/2fa/setup/")["Location"].startswith("/accounts/2fa/verify/")
    assert client.post("/accounts/2fa/verify/", {"token": "12ab56"}).status_code == 400
    assert client.get("/staff/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post("/accounts/2fa/verify/", {"token": totp_current_code(device)})
    assert ok.status_code == 302
    assert client.get("/staff/").status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_roles_without_personal_data_do_not_need_a_second_factor(client, org):
    client.force_login(org.inspector_a)
    assert client.get("/staff/").status_code == 200
    client.force_login(org.viewer_a)
    assert client.get("/staff/").status_code == 200


@override_settings(OTP_REQUIRED=True)
def test_session_api_calls_need_the_second_factor_but_service_tokens_do_not(client, org):
    client.force_login(org.officer_a)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]
    token = Token.objects.create(user=org.officer_a)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["username"] == "officer_a"
    # The API docs stay readable (they describe the API, hold no records).
    assert client.get("/api/v1/docs/").status_code == 200


@override_settings(OTP_REQUIRED=True, OTP_SELF_ENROL=False)
def test_sites_that_issue_devices_in_person_refuse_self_enrolment(client, org):
    client.force_login(org.officer_a)
    assert client.get("/accounts/2fa/setup/").status_code == 403
    assert not TOTPDevice.objects.filter(user=org.officer_a).exists()


def test_otp_command_enrols_prints_code_and_resets(org, capsys):
    call_command("otp", "enrol", "officer_a")
    device = TOTPDevice.objects.get(user=org.officer_a, confirmed=True)
    call_command("otp", "code", "officer_a")
    assert capsys.readouterr().out.strip().endswith(totp_current_code(device))
    call_command("otp", "status", "officer_a")
    assert "1 confirmed" in capsys.readouterr().out
    call_command("otp", "reset", "officer_a")
    assert not TOTPDevice.objects.filter(user=org.officer_a).exists()


def test_otp_code_refuses_in_production(org, settings):
    from django.core.management.base import CommandError

    settings.ENV = "production"
    call_command("otp", "enrol", "officer_a")
    with pytest.raises(CommandError):
        call_command("otp", "code", "officer_a")


def test_login_page_and_public_pages_carry_the_security_headers(client, org):
    for path in ("/accounts/login/", "/healthz", "/api/v1/docs/"):
        response = client.get(path)
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], path


def test_otp_code_works_for_a_user_who_never_logged_in(org, capsys, settings):
    """`zhenwei otp code` before the first login: the code it prints confirms the enrolment page."""
    settings.OTP_REQUIRED = True
    assert not TOTPDevice.objects.filter(user=org.officer_a).exists()
    call_command("otp", "code", "officer_a")
    code = capsys.readouterr().out.strip()
    device = TOTPDevice.objects.get(user=org.officer_a)
    assert not device.confirmed and code == totp_current_code(device)
    client = Client()
    client.force_login(org.officer_a)
    page = client.get("/accounts/2fa/setup/")
    assert page.status_code == 200
    assert TOTPDevice.objects.filter(user=org.officer_a).count() == 1  # the page shows the same device
    done = client.post("/accounts/2fa/setup/", {"token": code})
    assert done.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
