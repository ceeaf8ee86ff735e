"""Two-factor recovery codes (django-otp's static device): given at enrolment and on demand, each
usable once, instead of the authenticator's code at the second step; throttled like it; audited.
An administrator resets a user's two-factor authentication."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenwei.core.models import AuditEntry
from zhenwei.security.services import recovery_codes_generate, totp_current_code

PASSWORD = "correct-horse-battery-9"
CODE = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_two_factor_on")]


@pytest.fixture
def _two_factor_on():
    with override_settings(OTP_REQUIRED=True):
        yield


@pytest.fixture
def enrolled(org):
    """officer_a with a password, a confirmed authenticator and ten recovery codes."""
    user = org.officer_a
    user.set_password(PASSWORD)
    user.save()
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = recovery_codes_generate(user=user, actor=user)
    return user, device, codes


def _password(client, user, next_url="/staff/"):
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")


def _recover(client, code, next_url="/staff/"):
    return client.post("/accounts/2fa/verify/", {"recovery": code, "next": next_url})


def _unthrottle(user):
    StaticDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def test_enrolment_shows_ten_codes_once_and_stores_only_digests(client, org):
    user = org.officer_a
    user.set_password(PASSWORD)
    user.save()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post("/accounts/2fa/setup/", {"token": totp_current_code(device), "next": "/staff/"})
    codes = CODE.findall(page.content.decode())
    assert page.status_code == 200 and len(set(codes)) == 10
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes}, "codes must not be stored in clear"
    assert AuditEntry.objects.filter(note__startswith="two-factor recovery codes generated (10)").exists()
    # The status page never shows them again.
    status = client.get("/accounts/2fa/recovery-codes/")
    assert status.status_code == 200 and not CODE.findall(status.content.decode())
    assert "10" in status.content.decode()


def test_a_recovery_code_replaces_the_authenticator_code_once(client, enrolled):
    user, _device, codes = enrolled
    _password(client, user)
    assert client.get("/staff/").status_code == 302  # the second step is still due
    # Typed with capitals and spaces instead of the dash: still accepted.
    response = _recover(client, codes[0].upper().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("还剩 9 个" in m for m in told), told
    assert AuditEntry.objects.filter(
        note="two-factor recovery code used; 9 left", object_id=str(user.pk)
    ).exists()
    client.logout()
    _password(client, user)
    again = _recover(client, codes[0])
    assert again.status_code == 400 and "恢复码不正确" in again.content.decode()
    assert client.get("/staff/").status_code == 302
    _unthrottle(user)
    assert _recover(client, codes[1]).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 8


def test_regenerating_invalidates_the_old_codes(client, enrolled):
    user, device, old = enrolled
    _password(client, user)
    assert client.post("/accounts/2fa/verify/", {"token": totp_current_code(device)}).status_code == 302
    page = client.post("/accounts/2fa/recovery-codes/")
    new = CODE.findall(page.content.decode())
    assert page.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    client.logout()
    _password(client, user)
    assert _recover(client, old[0]).status_code == 400
    _unthrottle(user)
    assert _recover(client, new[0]).status_code == 302
    assert AuditEntry.objects.filter(note__startswith="two-factor recovery codes generated").count() == 2


def test_the_codes_page_needs_the_second_factor_first(client, enrolled):
    user, _device, _codes = enrolled
    _password(client, user)
    response = client.post("/accounts/2fa/recovery-codes/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    assert StaticToken.objects.filter(device__user=user).count() == 10


def test_wrong_codes_are_refused_and_throttled_like_authenticator_codes(client, enrolled):
    user, _device, codes = enrolled
    _password(client, user)
    assert _recover(client, "aaaaa-bbbbb").status_code == 400
    # Right after a failure even a right code is refused: django-otp makes the next try wait.
    assert _recover(client, codes[0]).status_code == 400
    device = StaticDevice.objects.get(user=user)
    assert device.throttling_failure_count == 1  # a refused (throttled) try does not count again
    assert StaticToken.objects.filter(device=device).count() == 10, "a throttled try spends no code"
    # Once the waiting time (2^(n-1) s) has passed, the code works.
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(seconds=10)
    device.save(update_fields=["throttling_failure_timestamp"])
    assert _recover(client, codes[0]).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_an_administrator_resets_a_users_two_factor(client, org, enrolled):
    user, _device, codes = enrolled
    client.force_login(org.officer_b)
    assert client.post("/accounts/2fa/reset/", {"username": user.username, "reason": "x"}).status_code == 403
    admin = org.admin
    client.force_login(admin)
    # The administrator needs their own second factor first.
    assert client.get("/accounts/2fa/reset/")["Location"].startswith("/accounts/2fa/verify/")
    with override_settings(OTP_REQUIRED=False):
        missing = client.post("/accounts/2fa/reset/", {"username": user.username, "reason": ""})
        assert missing.status_code == 400 and TOTPDevice.objects.filter(user=user).exists()
        unknown = client.post("/accounts/2fa/reset/", {"username": "nobody", "reason": "手机丢失"})
        assert unknown.status_code == 400
        done = client.post(
            "/accounts/2fa/reset/", {"username": user.username, "reason": "手机丢失，已电话核实"}
        )
    assert done.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    entry = AuditEntry.objects.filter(note__startswith="two-factor devices reset by admin_t").get()
    assert "手机丢失" in entry.note and entry.object_id == str(user.pk)


def test_otp_command_prints_new_recovery_codes_and_status(enrolled, capsys):
    user, _device, old = enrolled
    call_command("otp", "recovery-codes", user.username)
    printed = re.findall(r"^[a-z2-9]{5}-[a-z2-9]{5}$", capsys.readouterr().out, re.M)
    assert len(printed) == 10 and not set(printed) & set(old)
    call_command("otp", "status", user.username)
    assert "10 recovery code(s) left" in capsys.readouterr().out
    call_command("otp", "reset", user.username)
    assert not StaticDevice.objects.filter(user=user).exists()
