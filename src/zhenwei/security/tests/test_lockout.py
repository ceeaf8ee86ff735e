"""Login lockout per account, per network and per (account, network) (docs/security.md, T4, T5,
T36): django-axes with zhenwei.security.axes.LockoutHandler."""

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.core.management import call_command
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenwei.core.models import AuditEntry
from zhenwei.notifications.models import Notification

PASSWORD = "correct-horse-battery-9"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lockout_on")]


@pytest.fixture
def lockout_on():
    with override_settings(
        AXES_ENABLED=True,
        AXES_FAILURE_LIMIT=5,
        LOGIN_ACCOUNT_FAILURE_LIMIT=10,
        LOGIN_NETWORK_FAILURE_LIMIT=30,
    ):
        AxesProxyHandler.get_implementation(force=True)
        yield


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, addr):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_guesses_spread_over_25_addresses_lock_the_account(client, org):
    user = _with_password(org.inspector_a)
    statuses = []
    for i in range(25):  # 4 wrong passwords from each of 25 networks: 100 guesses
        for _ in range(4):
            statuses.append(_login(client, user.username, "wrong-password", f"10.{i}.0.9").status_code)
    assert 429 in statuses
    assert statuses.index(429) <= 10  # locked at the 10th failure, whatever the networks
    # Locked everywhere, even with the right password from a network never seen before.
    assert _login(client, user.username, PASSWORD, "192.0.2.50").status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account is not locked by it.
    other = _with_password(org.viewer_a)
    assert _login(client, other.username, PASSWORD, "192.0.2.50").status_code == 302


def test_addresses_in_one_ipv6_network_share_a_counter(client, org):
    user = _with_password(org.inspector_a)
    for i in range(5):  # five different addresses of one /64 (indeed of one /48)
        response = _login(client, user.username, "wrong", f"2001:db8:7:{i % 2}::{i + 1:x}")
    assert response.status_code == 429
    assert _login(client, user.username, PASSWORD, "2001:db8:7:ffff::1").status_code == 429
    # The account rule (10) is not reached: a colleague's network elsewhere still logs in.
    assert _login(client, user.username, PASSWORD, "2001:db8:8::1").status_code == 302


@override_settings(LOGIN_NETWORK_FAILURE_LIMIT=6)
def test_password_spraying_locks_the_network_not_a_colleague_elsewhere(client, org):
    users = [_with_password(u) for u in (org.inspector_a, org.viewer_a, org.officer_b)]
    for i in range(6):  # two guesses at each of three accounts, from addresses of one /24
        _login(client, users[i % 3].username, "wrong", f"198.51.100.{i + 1}")
    # Any account from that network is refused now, a right password included ...
    colleague = _with_password(org.hotline_a)
    assert _login(client, colleague.username, PASSWORD, "198.51.100.77").status_code == 429
    # ... but the same colleague on another network is not.
    assert _login(client, colleague.username, PASSWORD, "203.0.113.5").status_code == 302


def test_a_successful_login_clears_only_that_accounts_failures(client, org):
    from axes.models import AccessAttempt

    attacker, victim = _with_password(org.viewer_a), _with_password(org.inspector_a)
    for _ in range(3):
        _login(client, victim.username, "wrong", "198.51.100.1")
    assert _login(client, attacker.username, PASSWORD, "198.51.100.2").status_code == 302
    assert AccessAttempt.objects.filter(username=victim.username).exists()


def test_the_owner_is_notified_once_per_lockout(client, org):
    user = _with_password(org.inspector_a)
    for _ in range(8):
        _login(client, user.username, "wrong", "10.1.1.1")
    notes = Notification.objects.filter(recipient=user, kind="login_locked")
    assert notes.count() == 1
    assert "10.1.1.0/24" in notes.get().body


@override_settings(OTP_REQUIRED=True)
def test_an_administrator_unlocks_on_the_page_and_it_is_audited(client, org):
    user = _with_password(org.inspector_a)
    for i in range(10):
        _login(client, user.username, "wrong", f"10.{i}.0.1")
    assert _login(client, user.username, PASSWORD, "10.200.0.1").status_code == 429
    admin_client = type(client)()
    admin_client.force_login(org.viewer_a)
    assert admin_client.get("/accounts/2fa/lockouts/").status_code == 403  # not an administrator
    device = TOTPDevice.objects.create(user=org.admin, name="phone", confirmed=True)
    admin_client.force_login(org.admin)
    assert admin_client.get("/accounts/2fa/lockouts/").status_code == 302  # second factor first
    session = admin_client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = admin_client.get("/accounts/2fa/lockouts/")
    assert page.status_code == 200 and user.username in page.content.decode()
    assert admin_client.post("/accounts/2fa/lockouts/", {"username": user.username}).status_code == 400
    done = admin_client.post(
        "/accounts/2fa/lockouts/", {"username": user.username, "reason": "verified by phone"}
    )
    assert done.status_code == 200
    entry = AuditEntry.objects.filter(model="axes.accessattempt").latest("seq")
    assert entry.note.endswith("verified by phone") and entry.object_id == user.username
    assert _login(client, user.username, PASSWORD, "10.200.0.1").status_code == 302


def test_an_administrator_unlocks_a_network_from_the_shell(client, org, capsys):
    users = [_with_password(u) for u in (org.inspector_a, org.viewer_a)]
    with override_settings(LOGIN_NETWORK_FAILURE_LIMIT=4):
        for i in range(4):
            _login(client, users[i % 2].username, "wrong", f"198.51.100.{i + 1}")
        assert _login(client, org.hotline_a.username, "x", "198.51.100.9").status_code == 429
        call_command("lockout", "list")
        assert "LOCKED" in capsys.readouterr().out
        call_command("lockout", "unlock", "--network", "198.51.100.200", "--reason", "office NAT, checked")
        assert "unlocked" in capsys.readouterr().out
        hotline = _with_password(org.hotline_a)
        assert _login(client, hotline.username, PASSWORD, "198.51.100.9").status_code == 302
    entry = AuditEntry.objects.filter(model="axes.accessattempt").latest("seq")
    assert entry.object_id == "198.51.100.0/24" and "office NAT" in entry.note
