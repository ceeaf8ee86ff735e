"""The second step itself: the session key changes when it is passed, and API tokens (which skip it)
are made only by a platform administrator who passed it (docs/security.md, T6 and T35)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from zhenwei.core.models import AuditEntry
from zhenwei.security.services import recovery_codes_generate, totp_current_code

PASSWORD = "correct-horse-battery-9"

pytestmark = pytest.mark.django_db


def _password_step(client, user) -> str:
    user.set_password(PASSWORD)
    user.save()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client.session.session_key


@override_settings(OTP_REQUIRED=True)
def test_the_session_key_changes_at_the_code_step(client, org):
    device = TOTPDevice.objects.create(user=org.office_p, name="phone", confirmed=True)
    before = _password_step(client, org.office_p)
    assert client.post("/accounts/2fa/verify/", {"token": totp_current_code(device)}).status_code == 302
    after = client.session.session_key
    assert after and after != before
    assert client.get("/staff/").status_code == 200
    # The key seen before the code step opens nothing any more.
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get("/staff/").status_code == 302


@override_settings(OTP_REQUIRED=True)
def test_the_session_key_changes_with_a_recovery_code_and_at_enrolment(client, org):
    TOTPDevice.objects.create(user=org.office_p, name="phone", confirmed=True)
    codes = recovery_codes_generate(user=org.office_p, actor=org.office_p)
    before = _password_step(client, org.office_p)
    assert client.post("/accounts/2fa/verify/", {"recovery": codes[0]}).status_code == 302
    assert client.session.session_key != before

    other = Client()
    before = _password_step(other, org.officer_a)
    other.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=org.officer_a, confirmed=False)
    assert other.post("/accounts/2fa/setup/", {"token": totp_current_code(device)}).status_code == 200
    assert other.session.session_key != before


def _verified(client, user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@override_settings(OTP_REQUIRED=True)
def test_only_a_verified_platform_administrator_makes_tokens_in_the_admin(client, org):
    add_url = "/admin/authtoken/tokenproxy/add/"
    # Staff with the model permissions (not superuser): DRF's own TokenAdmin would let them mint a
    # token for anyone, a superuser included.
    staff = org.inspector_a
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="authtoken"))
    client.force_login(staff)
    assert client.get(add_url).status_code == 403
    assert client.post(add_url, {"user": org.admin.pk}).status_code == 403
    assert not Token.objects.filter(user=org.admin).exists()
    # A superuser after the password only is sent to the code step.
    org.admin.is_staff = True
    org.admin.save()
    client.force_login(org.admin)
    assert client.get(add_url).status_code == 302
    # With the code: allowed, and audited.
    _verified(client, org.admin)
    response = client.post(add_url, {"user": org.officer_b.pk})
    assert response.status_code == 302, response.content[:500]
    assert Token.objects.filter(user=org.officer_b).exists()
    assert AuditEntry.objects.filter(model="authtoken.token", note="API token created in the admin").exists()


def test_the_token_command_audits_the_operator(org, capsys):
    call_command("token", "create", "officer_b")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=org.officer_b).key == key
    entry = AuditEntry.objects.filter(model="authtoken.token").latest("seq")
    assert entry.note.startswith("by ") and entry.note.endswith("on the server")
