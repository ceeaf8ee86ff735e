"""The WSGI application: Django, with the public product check on a lean handler.

``GET /api/v1/verify/product/{code}`` is the one request the public sends in bulk (every scan of a
label). Through the full middleware stack it pays for sessions, authentication, two-factor checks,
CSRF, messages, htmx and axes, none of which an anonymous JSON answer uses: together they cost more
CPU than the lookup itself. This module routes that request, when it carries no session cookie and
no Authorization header, to a second Django handler built from the same settings with only the
middleware that shapes such an answer (load shedding, request id, database-outage 503, security
headers, CSP, language, host validation, X-Frame-Options) and a URL resolver holding only that
route. It is still Django end to end: the same view, request signals, exception handling, logging
and 500 page. Everything else, and this path with a session or a token, goes to the full handler.

``ZHENWEI_VERIFY_FRONT=0`` (``settings.VERIFY_FRONT``) sends every request to the full handler.
``tests/test_front.py`` checks that both handlers give the same answer and the same headers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.urls import get_resolver

PRODUCT_CHECK_PREFIX = "/api/v1/verify/product/"

# The middleware that acts on an anonymous GET answered with JSON, in settings.MIDDLEWARE's order.
LEAN_MIDDLEWARE = (
    "zhenwei.security.middleware.QueueTimeShedMiddleware",
    "zhenwei.core.middleware.RequestIdMiddleware",
    "zhenwei.security.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zhenwei.security.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
LEAN_URLCONF = "zhenwei.verify.lean_urls"


class LeanHandler(WSGIHandler):
    """A Django handler with the middleware of LEAN_MIDDLEWARE (those of them that settings.MIDDLEWARE
    also lists, so a project that drops one drops it here too) and the URL patterns of LEAN_URLCONF.
    ``reverse()`` in the view still uses ROOT_URLCONF."""

    def load_middleware(self, is_async=False):
        configured = list(settings.MIDDLEWARE)
        lean = [path for path in configured if path in LEAN_MIDDLEWARE]
        self.middleware_names = lean
        # BaseHandler.load_middleware reads settings.MIDDLEWARE; this runs once, at start-up.
        settings.MIDDLEWARE = lean
        try:
            super().load_middleware(is_async=is_async)
        finally:
            settings.MIDDLEWARE = configured

    def resolve_request(self, request):
        match = get_resolver(LEAN_URLCONF).resolve(request.path_info)
        request.resolver_match = match
        return match


def front_enabled() -> bool:
    return bool(getattr(settings, "VERIFY_FRONT", True))


class Front:
    """The WSGI callable ``zhenwei serve`` runs (``zhenwei.wsgi.application``)."""

    def __init__(self, full: WSGIHandler | None = None, lean: WSGIHandler | None = None) -> None:
        self.full = full or WSGIHandler()
        self.lean = lean or LeanHandler()
        self.session_cookie = settings.SESSION_COOKIE_NAME + "="

    def takes_lean(self, environ) -> bool:
        return (
            environ.get("REQUEST_METHOD") == "GET"
            and environ.get("PATH_INFO", "").startswith(PRODUCT_CHECK_PREFIX)
            and "HTTP_AUTHORIZATION" not in environ
            and self.session_cookie not in environ.get("HTTP_COOKIE", "")
        )

    def __call__(self, environ, start_response):
        handler = self.lean if self.takes_lean(environ) else self.full
        return handler(environ, start_response)


def get_application():
    import django

    django.setup(set_prefix=False)
    return Front() if front_enabled() else WSGIHandler()
