"""The public product check on a short middleware chain, built from public Django mechanisms.

``GET /api/v1/verify/product/{code}`` is the one request the public sends in bulk (every scan of a
label). Through the whole middleware stack it pays for sessions, authentication, two-factor checks,
CSRF, messages, htmx, axes and the personal-data guard, none of which an anonymous JSON answer uses:
together they cost more CPU than the lookup itself.

``PublicCheckMiddleware`` sits in ``settings.MIDDLEWARE`` right after the middleware every answer
needs (load shedding, request id, NUL refusal, database-outage 503, security headers, CSP). An
anonymous GET of the product check (no session cookie, no Authorization header) goes on from there
through its own chain, ``settings.PUBLIC_CHECK_MIDDLEWARE`` (language, host validation and slashes,
X-Frame-Options), to the view resolved in ``settings.PUBLIC_CHECK_URLCONF``; everything else, and
this path with a session or a token, goes on through the rest of ``settings.MIDDLEWARE``.

Only documented mechanisms: middleware factories (``Middleware(get_response)``), their
``process_exception`` hook, ``django.urls.resolve(path, urlconf)``, and ``MiddlewareNotUsed`` when
``settings.VERIFY_FRONT`` (``ZHENWEI_VERIFY_FRONT``) is off. The same handler, request signals,
exception handling, logging and 404/500 pages as every other request; no setting is changed at run
time. ``verify/tests/test_front.py`` checks that both routes give the same answer and headers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.urls import resolve
from django.utils.module_loading import import_string

PRODUCT_CHECK_PREFIX = "/api/v1/verify/product/"


class PublicCheckMiddleware:
    """Sends anonymous GETs of the public product check through ``PUBLIC_CHECK_MIDDLEWARE`` to the
    view of ``PUBLIC_CHECK_URLCONF``; every other request on through ``settings.MIDDLEWARE``."""

    def __init__(self, get_response):
        if not getattr(settings, "VERIFY_FRONT", True):
            raise MiddlewareNotUsed("ZHENWEI_VERIFY_FRONT is off: the product check takes the full stack")
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME + "="
        self.urlconf = settings.PUBLIC_CHECK_URLCONF
        self.middleware_names = list(settings.PUBLIC_CHECK_MIDDLEWARE)
        chain = self._view
        instances = []
        for path in reversed(self.middleware_names):
            chain = import_string(path)(chain)
            instances.append(chain)
        self.lean = chain
        # Innermost first, as Django calls process_exception for an exception raised by the view.
        self._exception_hooks = [m.process_exception for m in instances if hasattr(m, "process_exception")]

    def takes_lean(self, request) -> bool:
        meta = request.META
        return (
            request.method == "GET"
            and request.path_info.startswith(PRODUCT_CHECK_PREFIX)
            and "HTTP_AUTHORIZATION" not in meta
            and self.session_cookie not in meta.get("HTTP_COOKIE", "")
        )

    def __call__(self, request):
        if self.takes_lean(request):
            return self.lean(request)
        return self.get_response(request)

    def _view(self, request):
        """Resolve in the public-check URL conf and call the view (an unknown path raises Resolver404:
        the handler's 404). ``reverse()`` in the view still uses ROOT_URLCONF."""
        match = resolve(request.path_info, urlconf=self.urlconf)
        request.resolver_match = match
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except Exception as exc:
            for hook in self._exception_hooks:
                answer = hook(request, exc)
                if answer is not None:
                    return answer
            raise
        if hasattr(response, "render") and callable(response.render):
            response = response.render()  # a deferred-rendering answer, as the handler renders it
        return response
