"""Enforces two-factor authentication on staff pages, the admin and the API.

Runs after ``django_otp.middleware.OTPMiddleware`` (which gives ``request.user.is_verified()``).
The check sits where authentication happens: for pages, here, on the session user; for DRF API
views, in DRF's authentication (``zhenwei.security.authentication.TwoFactorSessionAuthentication``),
which refuses an unverified session whatever ``Authorization`` header the request carries, and lets
only a request authenticated with a valid API token past the session's second step. No header
exempts a request here (docs/security.md, T6).
"""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse

from zhenwei.core.net import from_trusted_proxy

from .authentication import TWO_FACTOR_MESSAGE
from .policy import has_confirmed_device, requires_two_factor, two_factor_pending

logger = logging.getLogger(__name__)

PROTECTED_PREFIXES = ("/staff/", "/admin/", "/api/")


def _is_drf_view(view_func) -> bool:
    from rest_framework.views import APIView

    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class TwoFactorRequiredMiddleware:
    """Users who must use 2FA reach protected paths only after verifying a one-time code this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        path = request.path_info
        if not path.startswith(PROTECTED_PREFIXES):
            return None
        if path.startswith("/api/") and _is_drf_view(view_func):
            # DRF authenticates these (token first, then the session with its second factor).
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not two_factor_pending(user) or not requires_two_factor(user):
            return None
        if path.startswith("/api/"):
            return JsonResponse({"detail": TWO_FACTOR_MESSAGE}, status=403)
        target = "security:verify" if has_confirmed_device(user) else "security:setup"
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy with a fresh nonce per request, and Permissions-Policy, on every answer
    (Django 5.2 has no CSP of its own). ``request.csp_nonce`` is what templates put on the few inline
    ``<script>``/``<style>`` elements (context processor ``zhenwei.security.context_processors``);
    ``{nonce}`` in ``settings.CONTENT_SECURITY_POLICY`` becomes ``nonce-<that value>``. A view that
    sets its own policy (evidence downloads: ``sandbox``) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY.replace("{nonce}", nonce)
        )
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        return response


class DatabaseUnavailableMiddleware:
    """While the database is unreachable (restart, failover), answer 503 with Retry-After at once
    instead of a 500 page: clients and load balancers retry, and nothing hangs. Django's
    CONN_HEALTH_CHECKS reconnects on the next request once the database is back."""

    RETRY_AFTER = "5"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", exception)
        return database_unavailable_response(request)


def database_unavailable_response(request):
    from django.http import HttpResponse

    message = "服务暂时不可用，请稍后再试 (service temporarily unavailable)"
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(
            f"<!doctype html><meta charset=utf-8><title>503</title><h1>503</h1><p>{message}</p>", status=503
        )
    response["Retry-After"] = DatabaseUnavailableMiddleware.RETRY_AFTER
    return response


class QueueTimeShedMiddleware:
    """Load shedding: a request that already waited longer than ``MAX_QUEUE_MS`` before reaching
    Django (nginx stamps ``X-Request-Start: t=<seconds.millis>``) is answered 503 with Retry-After
    at once, without touching the database. Under overload the queue then stays short and every
    client gets a quick answer (200, 429 or 503) instead of a timeout. The header is believed only
    from ``TRUSTED_PROXIES``; without it nothing is shed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit_ms = getattr(settings, "MAX_QUEUE_MS", 0)
        stamp = request.META.get("HTTP_X_REQUEST_START", "")
        if limit_ms and stamp and not request.path.startswith(("/healthz", "/static/")):
            waited_ms = _queue_ms(stamp)
            if waited_ms is not None and waited_ms > limit_ms and from_trusted_proxy(request):
                response = JsonResponse(
                    {"detail": "服务繁忙，请稍后再试 (server busy, retry shortly)"}, status=503
                )
                response["Retry-After"] = "2"
                return response
        return self.get_response(request)


def _queue_ms(stamp: str) -> float | None:
    import time

    value = stamp.strip().removeprefix("t=")
    try:
        started = float(value)
    except ValueError:
        return None
    if started > 1e14:  # microseconds
        started /= 1e6
    elif started > 1e11:  # milliseconds
        started /= 1e3
    return (time.time() - started) * 1000
