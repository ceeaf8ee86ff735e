"""Who must use two-factor authentication, and which requests the rule covers."""

from __future__ import annotations

from django.conf import settings

from zhenwei.core.roles import PII_ROLES


def requires_two_factor(user) -> bool:
    """Administrators and every holder of a role that can see personal data (core.roles.PII_ROLES)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(settings, "OTP_REQUIRED", True):
        return False
    cached = getattr(user, "_zhenwei_needs_2fa", None)
    if cached is not None:
        return cached
    needed = bool(user.is_superuser)
    if not needed:
        needed = user.memberships.filter(is_active=True, role__in=PII_ROLES).exists()
    user._zhenwei_needs_2fa = needed
    return needed


def has_confirmed_device(user) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def two_factor_pending(user) -> bool:
    """Whether this session's user has not entered a one-time code yet (django-otp's
    ``OTPMiddleware`` gives the session user ``is_verified()``; a user object without it, e.g. one
    authenticated by an API token, never passed the session's second step either)."""
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())
