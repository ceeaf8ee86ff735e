"""The short chain of the public product check (zhenwei.verify.middleware) answers exactly as the full
Django stack does: same status, same JSON, same headers, for every kind of request it takes; and it
takes only anonymous GETs of the product check. "full" is the handler with ZHENWEI_VERIFY_FRONT off,
"front" the one with it on (the default)."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import OperationalError

from zhenwei.registry.choices import CodeStatus
from zhenwei.verify.middleware import PublicCheckMiddleware
from zhenwei.verify.models import ScanEvent

PATH = "/api/v1/verify/product/"


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Both handlers send Django's request signals, whose close_old_connections would close the test
    transaction's connection on PostgreSQL (Django's test client disconnects it for the same reason)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def environ(path: str, method: str = "GET", query: str = "", **headers) -> dict:
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_USER_AGENT": "Mozilla/5.0 (iPhone) Mobile",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
    }
    env.update(headers)
    return env


def call(app, env: dict) -> tuple[str, dict, bytes]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    result = app(dict(env), start_response)
    try:
        body = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    return seen["status"], dict(seen["headers"]), body


def comparable(status: str, headers: dict, body: bytes) -> tuple:
    """What must be equal between the two handlers: the per-request values (time, request id when
    generated, CSP nonce) are replaced by placeholders."""
    headers = dict(headers)
    headers.pop("Date", None)
    if "X-Request-ID" in headers:
        headers["X-Request-ID"] = (
            "<id>" if re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"]) else headers["X-Request-ID"]
        )
    if "Content-Security-Policy" in headers:
        headers["Content-Security-Policy"] = re.sub(
            r"nonce-[\w-]+", "nonce-<n>", headers["Content-Security-Policy"]
        )
    data = body
    if headers.get("Content-Type", "").startswith("application/json"):
        data = json.loads(body)
        if isinstance(data, dict):
            data.pop("checked_at", None)
        headers.pop("Content-Length", None)  # checked_at's digits vary
    return status, headers, data


def build_handlers(settings) -> tuple[WSGIHandler, WSGIHandler]:
    """(the whole stack, the default application): middleware reads the settings when built."""
    settings.VERIFY_FRONT = False
    full = WSGIHandler()
    settings.VERIFY_FRONT = True
    return full, WSGIHandler()


@pytest.fixture
def handlers(settings):
    return build_handlers(settings)


def takes_lean(env: dict) -> bool:
    return PublicCheckMiddleware(lambda request: None).takes_lean(WSGIRequest(dict(env)))


def both(handlers, env: dict) -> tuple[tuple, tuple]:
    full, front = handlers
    assert takes_lean(env)
    return comparable(*call(full, env)), comparable(*call(front, env))


@pytest.mark.parametrize(
    "case",
    ["genuine", "revoked", "destroyed", "unknown", "malformed", "english", "location", "request_id", "label"],
)
def test_the_lean_handler_answers_as_the_full_stack(handlers, codes, case):
    code = codes[CodeStatus.ACTIVE].code
    query, headers = "", {}
    if case == "revoked":
        code = codes[CodeStatus.REVOKED].code
    elif case == "destroyed":
        code = codes[CodeStatus.DESTROYED].code
    elif case == "unknown":
        code = "12345ZZ54321ZZ"
    elif case == "malformed":
        code = "abc%E4%B8%AD"
    elif case == "english":
        headers["HTTP_ACCEPT_LANGUAGE"] = "en-US,en;q=0.9"
    elif case == "location":
        query = "division=500235&lat=30.9&lng=108.7"
    elif case == "request_id":
        headers["HTTP_X_REQUEST_ID"] = "client-chosen-id-123"
    elif case == "label":
        query = "k=nokey&s=AAAA"
    full, lean = both(handlers, environ(PATH + code, query=query, **headers))
    assert full == lean
    assert full[0] == "200 OK"
    if case == "english":
        assert full[1]["Content-Language"] == "en"
        assert re.search(r"[A-Za-z]{4,}", full[2]["message"])
    if case == "request_id":
        assert full[1]["X-Request-ID"] == "client-chosen-id-123"
    assert ScanEvent.objects.count() == 2  # each handler logged its scan


def test_the_security_headers_are_all_there(handlers, codes):
    _, front = handlers
    status, headers, _ = call(front, environ(PATH + codes[CodeStatus.ACTIVE].code))
    assert status == "200 OK"
    for name in (
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Request-ID",
    ):
        assert name in headers, name


def test_trusted_proxy_rule_holds_on_the_lean_handler(handlers, codes, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    code = codes[CodeStatus.ACTIVE].code
    full, front = handlers
    call(front, environ(PATH + code, REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="198.51.100.23"))
    call(front, environ(PATH + code, REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="198.51.100.23"))
    networks = list(ScanEvent.objects.order_by("id").values_list("network", flat=True))
    assert networks == ["198.51.100.0/24", "192.0.2.0/24"]


def test_rate_limit_answers_429_on_both(handlers, codes, settings):
    settings.VERIFY_RATE_LIMIT = "2/m"
    caches["ratelimit"].clear()
    code = codes[CodeStatus.ACTIVE].code
    full, front = handlers
    statuses = [call(front, environ(PATH + code))[0] for _ in range(3)]
    assert statuses == ["200 OK", "200 OK", "429 Too Many Requests"]
    caches["ratelimit"].clear()
    statuses = [call(full, environ(PATH + code))[0] for _ in range(3)]
    assert statuses == ["200 OK", "200 OK", "429 Too Many Requests"]
    _, headers, body = call(front, environ(PATH + code))
    assert int(headers["Retry-After"]) > 0
    assert "too many requests" in json.loads(body)["detail"]
    caches["ratelimit"].clear()


def test_database_outage_answers_503_on_both(handlers, codes, monkeypatch):
    from zhenwei.verify import hotpath

    def down(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(hotpath, "code_lookup", down)
    full, lean = both(handlers, environ(PATH + codes[CodeStatus.ACTIVE].code))
    # The full stack adds "Vary: Cookie" because its two-factor check looked at the session.
    full[1].pop("Vary"), lean[1].pop("Vary")
    assert full == lean
    assert full[0].startswith("503")
    assert full[1]["Retry-After"] == "5"


def test_a_bad_host_is_refused_on_both(handlers, codes):
    full, lean = both(handlers, environ(PATH + codes[CodeStatus.ACTIVE].code, HTTP_HOST="evil.example"))
    assert full[0].startswith("400")
    assert full[0] == lean[0]
    assert not ScanEvent.objects.exists()


def test_ssl_redirect_is_kept(codes, settings):
    settings.SECURE_SSL_REDIRECT = True
    handlers = build_handlers(settings)  # built after the change: middleware reads the setting then
    full, lean = both(handlers, environ(PATH + codes[CodeStatus.ACTIVE].code))
    assert full[0].startswith("301") and full == lean


@pytest.mark.parametrize(
    ("env", "lean"),
    [
        (environ(PATH + "12345AB12345CD"), True),
        (environ(PATH + "12345AB12345CD", HTTP_COOKIE="csrftoken=abc; django_language=en"), True),
        (environ(PATH + "12345AB12345CD", HTTP_COOKIE="sessionid=abc"), False),
        (environ(PATH + "12345AB12345CD", HTTP_AUTHORIZATION="Token abc"), False),
        (environ(PATH + "12345AB12345CD", method="POST"), False),
        (environ(PATH + "12345AB12345CD", method="HEAD"), False),
        (environ("/api/v1/verify/certificate"), False),
        (environ("/healthz"), False),
        (environ("/verify/product/12345AB12345CD"), False),
    ],
)
def test_only_anonymous_gets_of_the_product_check_take_the_lean_handler(db, env, lean):
    assert takes_lean(env) is lean


def test_other_requests_reach_the_full_stack(handlers, db):
    _, front = handlers
    status, headers, body = call(front, environ("/healthz"))
    assert status == "200 OK"
    status, _, _ = call(front, environ(PATH + "12345AB12345CD/extra"))
    assert status.startswith("404")


def test_the_short_chain_is_off_unless_turned_on(db, settings):
    from django.core.exceptions import MiddlewareNotUsed

    settings.VERIFY_FRONT = True
    assert PublicCheckMiddleware(lambda request: None).lean is not None
    settings.VERIFY_FRONT = False
    with pytest.raises(MiddlewareNotUsed):
        PublicCheckMiddleware(lambda request: None)


def test_the_short_chain_has_no_session_or_auth_middleware(db, settings):
    from django.conf import settings as conf

    before = conf.MIDDLEWARE[: conf.MIDDLEWARE.index("zhenwei.verify.middleware.PublicCheckMiddleware")]
    names = [*before, *PublicCheckMiddleware(lambda request: None).middleware_names]
    assert not any("Session" in m or "Authentication" in m or "Csrf" in m or "Pii" in m for m in names)
    assert "django.middleware.security.SecurityMiddleware" in names
    assert "django.middleware.locale.LocaleMiddleware" in names
    assert "zhenwei.core.middleware.RefuseNulMiddleware" in names


def test_no_setting_is_changed_to_build_it(db):
    from django.conf import settings as conf

    configured = list(conf.MIDDLEWARE)
    WSGIHandler()
    assert conf.MIDDLEWARE == configured


@pytest.mark.parametrize("status", [CodeStatus.ACTIVE, CodeStatus.REVOKED, "unknown"])
def test_the_plain_get_answers_as_the_drf_get(codes, status):
    """GET skips DRF (ProductVerifyView.dispatch, for speed: docs/architecture.md); the same request
    through DRF's own dispatch and ``get`` gives the same status and JSON."""
    from django.test import RequestFactory
    from rest_framework.views import APIView

    from zhenwei.verify.api import ProductVerifyView

    class ThroughDrf(ProductVerifyView):
        def dispatch(self, request, *args, **kwargs):
            return APIView.dispatch(self, request, *args, **kwargs)

    code = "12345ZZ54321ZZ" if status == "unknown" else codes[status].code
    plain = ProductVerifyView.as_view()(RequestFactory().get(PATH + code), code=code)
    drf = ThroughDrf.as_view()(RequestFactory().get(PATH + code), code=code).render()
    answers = [json.loads(plain.content), json.loads(drf.content)]
    for answer in answers:
        answer.pop("checked_at")
    assert plain.status_code == drf.status_code == 200
    assert answers[0] == answers[1]
    assert plain["Content-Type"] == drf["Content-Type"] == "application/json"
