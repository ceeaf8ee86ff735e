"""DRF authentication for the API: the session counts only after the second factor.

Two-factor authentication is enforced where a request is authenticated, not by looking at its
headers. ``TwoFactorSessionAuthentication`` replaces DRF's ``SessionAuthentication`` in
``DEFAULT_AUTHENTICATION_CLASSES``: a session whose user must use two-factor authentication
(``policy.requires_two_factor``) and has not entered a code in this session is refused with 403,
whatever ``Authorization`` header the request carries (``Bearer x``, ``Basic …``, a bare word).
The only way past the session's second step is a request that DRF's ``TokenAuthentication``
(listed first) authenticated with a valid API token: then the session is never consulted.
``Token <invalid>`` is refused by ``TokenAuthentication`` itself (401).
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

from .policy import requires_two_factor, two_factor_pending

TWO_FACTOR_MESSAGE = (
    "需要两步验证：请先在网页上完成动态口令验证，或使用 API 令牌 "
    "(two-factor verification required for session-authenticated API calls)"
)


class TwoFactorRequired(exceptions.PermissionDenied):
    default_detail = TWO_FACTOR_MESSAGE
    default_code = "two_factor_required"


class TwoFactorSessionAuthentication(SessionAuthentication):
    """DRF's session authentication (with its CSRF check), refusing a session that still owes its
    second factor."""

    def authenticate(self, request):
        user = getattr(request._request, "user", None)
        if not user or not user.is_active:
            return None
        if requires_two_factor(user) and two_factor_pending(user):
            raise TwoFactorRequired()
        self.enforce_csrf(request)
        return (user, None)
