"""Staff login (throttled by django-axes), two-factor enrolment with a QR code, and the code check."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from .policy import has_confirmed_device, requires_two_factor
from .services import (
    login_lockout_clear,
    login_lockouts,
    recovery_code_use,
    recovery_codes_generate,
    recovery_codes_remaining,
    totp_device_confirm,
    totp_device_pending,
    totp_devices_reset,
)

ISSUER = "Zhenwei"


def _second_factor_passed(request, device) -> None:
    """Mark this session as verified with ``device`` and give it a new key: a session id seen
    before the second step (on a shared computer, in a log) is worth nothing after it."""
    otp_login(request, device)
    request.session.cycle_key()


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Password login. django-axes counts failures (AxesStandaloneBackend sees the request) and locks
    out; users who must use two-factor authentication continue to the code step."""

    template_name = "security/login.html"
    redirect_authenticated_user = False

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if requires_two_factor(user):
            target = "security:verify" if has_confirmed_device(user) else "security:setup"
            return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': self.get_success_url()})}")
        return response


def lockout(request, original_response=None, credentials=None, *args, **kwargs):
    """django-axes AXES_LOCKOUT_CALLABLE: a clear page (429) instead of a bare message."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(
        request,
        "security/lockout.html",
        {"minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@never_cache
@sensitive_post_parameters("token")
@login_required
def setup(request):
    """Enrol an authenticator app: scan the QR code (or type the secret), then confirm with one code."""
    user = request.user
    if has_confirmed_device(user) and not user.is_verified():
        # Replacing a device needs the old one first; a lost phone is reset by an administrator.
        return HttpResponseRedirect(f"{reverse('security:verify')}?{urlencode({'next': _next_url(request)})}")
    if not has_confirmed_device(user) and not settings.OTP_SELF_ENROL:
        return render(request, "security/enrol_by_admin.html", status=403)
    device = totp_device_pending(user=user)
    error = ""
    if request.method == "POST":
        if totp_device_confirm(device=device, token=request.POST.get("token", ""), actor=user):
            _second_factor_passed(request, device)
            # Recovery codes come with every enrolment and are shown this once.
            codes = recovery_codes_generate(user=user, actor=user)
            return render(
                request, "security/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        error = gettext("动态口令不正确，请核对手机时间后重试 (wrong code)")
    context = {
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": b32encode(device.bin_key).decode().rstrip("="),
        "next": _next_url(request),
        "error": error,
        "demo_hint": settings.ENV != "production",
        "username": user.get_username(),
    }
    return render(request, "security/setup.html", context, status=400 if error else 200)


@never_cache
@sensitive_post_parameters("token", "recovery")
@login_required
def verify(request):
    """The second step after the password: a code from the enrolled authenticator."""
    user = request.user
    if not has_confirmed_device(user):
        return HttpResponseRedirect(f"{reverse('security:setup')}?{urlencode({'next': _next_url(request)})}")
    error, recovery_error = "", False
    if request.method == "POST" and request.POST.get("recovery", "").strip():
        used = recovery_code_use(user=user, code=request.POST["recovery"])
        if used is not None:
            _second_factor_passed(request, used.device)
            level = messages.WARNING if used.remaining <= 3 else messages.INFO
            messages.add_message(
                request,
                level,
                gettext(
                    "已使用一个恢复码，还剩 %(used_remaining)s 个。手机丢失时请重新绑定身份验证器并生成新的恢复码 (recovery code accepted; %(used_remaining)s left)"
                )
                % {"used_remaining": used.remaining},
            )
            return HttpResponseRedirect(_next_url(request))
        error = gettext(
            "恢复码不正确、已用过或尝试过于频繁，请稍后再试 (wrong or used recovery code, or too many attempts)"
        )
        recovery_error = True
    elif request.method == "POST":
        token = request.POST.get("token", "").strip().replace(" ", "")
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            matched = verify_token(user, device.persistent_id, token) if token.isdigit() else None
            if matched is not None:
                _second_factor_passed(request, matched)
                return HttpResponseRedirect(_next_url(request))
        error = gettext("动态口令不正确或尝试过于频繁，请稍后再试 (wrong code, or too many attempts)")
    return render(
        request,
        "security/verify.html",
        {"next": _next_url(request), "error": error, "recovery_error": recovery_error},
        status=400 if error else 200,
    )


@never_cache
@login_required
def recovery_codes(request):
    """How many recovery codes are left; POST makes ten new ones (the old ones stop working) and
    shows them once. Needs a second factor entered in this session."""
    user = request.user
    if not user.is_verified():
        return HttpResponseRedirect(f"{reverse('security:verify')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        codes = recovery_codes_generate(user=user, actor=user)
        return render(request, "security/recovery_codes.html", {"codes": codes, "next": reverse("core:home")})
    return render(
        request, "security/recovery_status.html", {"remaining": recovery_codes_remaining(user=user)}
    )


@never_cache
@login_required
def reset(request):
    """A platform administrator resets another user's two-factor authentication (lost phone and
    recovery codes): authenticator and recovery codes are removed, the user enrols again. Audited."""
    user = request.user
    if not user.is_superuser:
        raise PermissionDenied(gettext("只有平台管理员可以重置两步验证 (platform administrators only)"))
    if requires_two_factor(user) and not user.is_verified():
        return HttpResponseRedirect(f"{reverse('security:verify')}?{urlencode({'next': request.path})}")
    error, done = "", ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        reason = request.POST.get("reason", "").strip()
        target = get_user_model().objects.filter(username=username).first()
        if target is None:
            error = f"没有用户名为 {username!r} 的用户 (no such user)"
        elif not reason:
            error = gettext("请填写重置理由 (a reason is required)")
        else:
            totp_devices_reset(user=target, actor=user, note=f"by {user.get_username()}: {reason[:200]}")
            done = username
    return render(
        request, "security/reset.html", {"error": error, "done": done}, status=400 if error else 200
    )


@never_cache
@login_required
def lockouts(request):
    """A platform administrator (superuser, second factor entered) sees the failed-login counts held
    and lifts a lockout of an account, a network or both, with a reason. Audited."""
    from django.core.exceptions import ValidationError

    user = request.user
    if not user.is_superuser:
        raise PermissionDenied(gettext("只有平台管理员可以解除登录锁定 (platform administrators only)"))
    if requires_two_factor(user) and not user.is_verified():
        return HttpResponseRedirect(f"{reverse('security:verify')}?{urlencode({'next': request.path})}")
    error, done = "", None
    if request.method == "POST":
        try:
            done = login_lockout_clear(
                actor=user,
                reason=request.POST.get("reason", ""),
                username=request.POST.get("username", ""),
                network=request.POST.get("network", ""),
            )
        except ValidationError as exc:
            error = "; ".join(exc.messages)
    return render(
        request,
        "security/lockouts.html",
        {"rows": login_lockouts(), "error": error, "done": done},
        status=400 if error else 200,
    )
