"""Two-factor authentication on every API route, whatever the Authorization header says
(docs/security.md, T6). The routes come from the URL resolver (tests/matrix_support.py), so a new
endpoint is covered the day it is added.

A PII-role user who typed the password but not the one-time code holds a session; that session must
open nothing on the API, with any header that is not a valid API token. A valid token is the one
way past the session's second step.
"""

from __future__ import annotations

import base64

import pytest
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token

from .matrix_support import api_endpoints

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]

BAD_HEADERS = {
    "bearer": "Bearer x",
    "basic": "Basic " + base64.b64encode(b"officer_a:wrong-password").decode(),
    "bare": "x",
    "token-invalid": "Token invalid",
    "none": None,
}
UNSAFE = ("post", "put", "patch", "delete")


@pytest.fixture
def two_factor_on():
    # Public rate limits off: the walk sends the same anonymous requests many times.
    with override_settings(OTP_REQUIRED=True, TIPS_SUBMIT_RATE_LIMIT="0", TIPS_STATUS_RATE_LIMIT="0"):
        yield


def _endpoints():
    return [ep for ep in api_endpoints() if ep.view_class is not None or ep.callback is not None]


def _methods(ep) -> list[str]:
    actions = ep.actions
    if actions:
        methods = list(actions)
    else:
        view_class = ep.view_class
        methods = [m for m in ("get", *UNSAFE) if view_class is not None and hasattr(view_class, m)]
    methods = methods or ["get"]
    # One read and one write per route is enough to show the gate; the gate does not look at the method.
    reads = [m for m in methods if m == "get"][:1]
    writes = [m for m in methods if m in UNSAFE][:1]
    return reads + writes


def _authenticates_sessions(ep) -> bool:
    view_class = ep.view_class
    classes = getattr(view_class, "authentication_classes", None)
    return bool(classes)


def _send(client, method: str, url: str, header: str | None):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    if method == "get":
        return client.get(url, **extra)
    return getattr(client, method)(url, data="{}", content_type="application/json", **extra)


@pytest.fixture
def unverified_session(org):
    """officer_a (a PII role) after the password step only."""
    client = Client(enforce_csrf_checks=False)
    client.force_login(org.officer_a)
    return client


@pytest.mark.parametrize("header_name", list(BAD_HEADERS))
def test_no_header_lets_an_unverified_session_into_the_api(header_name, unverified_session, org):
    header = BAD_HEADERS[header_name]
    anonymous = Client()
    checked = 0
    for ep in _endpoints():
        url = ep.url(**ep.sample_values())
        for method in _methods(ep):
            response = _send(unverified_session, method, url, header)
            if not _authenticates_sessions(ep):
                # Public views authenticate nobody: the session changes nothing (same as anonymous).
                expected = _send(anonymous, method, url, header).status_code
                assert response.status_code == expected, (method, url, header)
                continue
            checked += 1
            if header_name == "token-invalid":
                # TokenAuthentication refuses a malformed token before the session is looked at.
                assert response.status_code == 401, (method, url, response.status_code)
            else:
                assert response.status_code == 403, (method, url, header, response.status_code)
                assert "two-factor" in response.json()["detail"], (method, url)
    assert checked > 100  # the walk found the API (153 routes today, reads and writes)


def test_a_valid_token_is_the_one_way_past_the_session_second_step(unverified_session, org):
    token = Token.objects.create(user=org.officer_a)
    header = f"Token {token.key}"
    me = unverified_session.get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert me.status_code == 200 and me.json()["username"] == "officer_a"
    for ep in _endpoints():
        if not _authenticates_sessions(ep):
            continue
        response = unverified_session.get(ep.url(**ep.sample_values()), HTTP_AUTHORIZATION=header)
        if response.status_code == 403 and response.get("Content-Type", "").startswith("application/json"):
            assert "two-factor" not in response.json().get("detail", ""), ep


def test_a_verified_session_reaches_the_api_and_pages_ignore_headers(unverified_session, org):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Pages: a header changes nothing, the session still owes its second factor.
    for header in BAD_HEADERS.values():
        extra = {"HTTP_AUTHORIZATION": header} if header else {}
        page = unverified_session.get("/staff/", **extra)
        assert page.status_code == 302 and "/accounts/2fa/" in page["Location"]
    device = TOTPDevice.objects.create(user=org.officer_a, name="phone", confirmed=True)
    session = unverified_session.session
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert unverified_session.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer x").status_code == 200
    assert unverified_session.get("/staff/").status_code == 200
