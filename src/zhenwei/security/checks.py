"""System checks (``zhenwei check --deploy``): production must keep lockout and two-factor on."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def staff_login_protections(app_configs, **kwargs):
    problems = []
    if not getattr(settings, "AXES_ENABLED", True):
        problems.append(
            Warning("AXES_ENABLED is off: staff logins are not throttled.", id="zhenwei.security.W001")
        )
    if not getattr(settings, "OTP_REQUIRED", True):
        problems.append(
            Warning(
                "ZHENWEI_OTP_REQUIRED is off: administrators and personal-data roles log in without 2FA.",
                id="zhenwei.security.W002",
            )
        )
    middleware = list(settings.MIDDLEWARE)
    needed = [
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "zhenwei.security.middleware.TwoFactorRequiredMiddleware",
    ]
    positions = [middleware.index(m) if m in middleware else -1 for m in needed]
    if -1 in positions or positions != sorted(positions):
        problems.append(
            Warning(
                "Two-factor middleware missing or out of order (auth, OTP, TwoFactorRequired).",
                id="zhenwei.security.W003",
            )
        )
    auth_classes = list(getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_AUTHENTICATION_CLASSES", []))
    if "rest_framework.authentication.SessionAuthentication" in auth_classes or (
        "zhenwei.security.authentication.TwoFactorSessionAuthentication" not in auth_classes
    ):
        problems.append(
            Warning(
                "The API authenticates sessions without their second factor: use "
                "zhenwei.security.authentication.TwoFactorSessionAuthentication.",
                id="zhenwei.security.W004",
            )
        )
    return problems
