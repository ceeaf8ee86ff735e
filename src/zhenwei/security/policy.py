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
