"""Request id, client address and security headers."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("zhenwei_request_id", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    """Gives every request an id (kept from a sane X-Request-ID), for logs and audit rows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


class RefuseNulMiddleware:
    """A NUL character in the path or the query string is refused with 400, before any view.

    PostgreSQL cannot hold or compare text containing NUL: a ``?division=a%00b`` that reached a lookup
    raised ValueError in the driver, a 500 on a dozen pages and API lists (found by
    tests/test_no_server_errors.py on PostgreSQL). No parameter of the platform can contain one, so the
    one place every query string passes through refuses it. docs/security.md, T57.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            from django.core.exceptions import BadRequest

            from .views import error_400

            return error_400(
                request, BadRequest("请求中含有 NUL 字符 (the request contains a NUL character)")
            )
        return self.get_response(request)
