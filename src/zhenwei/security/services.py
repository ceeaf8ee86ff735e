"""Two-factor devices: enrolment, confirmation, recovery codes and reset, each audited."""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction

DEVICE_NAME = "authenticator"


def totp_device_pending(*, user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (a fresh secret), created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str, actor) -> bool:
    """Confirm an enrolment with the first code the authenticator shows; audited. False if wrong."""
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit() or not device.verify_token(token):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=device.user, note="two-factor device enrolled"
        )
    return True


def totp_devices_reset(*, user, actor, note: str = "") -> int:
    """Remove every device of a user, authenticator and recovery codes (lost phone); they enrol
    again at their next login. Audited. Returns the number of authenticator devices removed."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=user, note=f"two-factor devices reset {note}".strip()
        )
    return count


# ---- recovery codes (django-otp's static device) ----
#
# django-otp's StaticToken keeps the token as given (CharField, 16 characters) and compares it
# as is, so we give it a keyed digest instead of the code: HMAC-SHA256 with the SECRET_KEY,
# base32, first 16 characters (80 bits). A copy of the database alone does not reveal a usable
# code; rotating SECRET_KEY invalidates every recovery code (users then generate new ones).

RECOVERY_DEVICE_NAME = "recovery codes"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper
RECOVERY_CODE_LENGTH = 10  # ≈ 49.5 bits each


@dataclass(frozen=True)
class RecoveryUse:
    device: StaticDevice
    remaining: int


def recovery_code_normalise(code: str) -> str:
    """What the user typed, without spaces, dashes and case ("Abcde-Fghjk" → "abcdefghjk")."""
    return "".join(ch for ch in (code or "").lower() if ch not in " -\t")


def _recovery_digest(code: str) -> str:
    mac = salted_hmac("zhenwei.security.recovery-code", recovery_code_normalise(code), algorithm="sha256")
    return b32encode(mac.digest()).decode().lower()[:16]


def recovery_codes_remaining(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def recovery_codes_generate(*, user, actor) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working. Only digests are stored, so
    the returned codes are the only copy: show them once. Audited."""
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    with transaction.atomic():
        device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=_recovery_digest(c)) for c in codes)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=user,
            note=f"two-factor recovery codes generated ({len(codes)}); earlier codes invalidated",
        )
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def recovery_code_use(*, user, code: str) -> RecoveryUse | None:
    """Accept one recovery code instead of an authenticator code, and spend it. None when the code
    is wrong or the device is throttled (django-otp's ThrottlingMixin, OTP_STATIC_THROTTLE_FACTOR:
    after each failure the next attempt must wait twice as long). Each use is audited with the
    number of codes left."""
    with transaction.atomic():
        # The lock makes two simultaneous uses of one code spend it once.
        device = (
            StaticDevice.objects.select_for_update()
            .filter(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
            .first()
        )
        if device is None or not device.verify_token(_recovery_digest(code)):
            return None
        remaining = device.token_set.count()
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=user,
            note=f"two-factor recovery code used; {remaining} left",
        )
    return RecoveryUse(device=device, remaining=remaining)


def totp_current_code(device: TOTPDevice) -> str:
    """The code the device shows now (tests and the non-production demo helper only)."""
    if getattr(settings, "ENV", "local") == "production":
        raise RuntimeError("current codes are never revealed in production")
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(value).zfill(device.digits)


# ---- login lockout (django-axes; rules in zhenwei.security.axes) ----


def login_lockout_notify(*, username: str, ip_address: str | None) -> int:
    """Tell the owner of ``username`` that their account is locked after failed logins, and from
    which network. One notice per account per lockout period (axes signals every refused attempt
    while locked). Returns the number of notices made (0 for an unknown or inactive username)."""
    import time

    from django.contrib.auth import get_user_model

    from zhenwei.notifications.contracts import notify

    from .axes import network_of

    user = get_user_model().objects.filter(username=username or "", is_active=True).first()
    if user is None:
        return 0
    cooloff = settings.AXES_COOLOFF_TIME
    seconds = int(cooloff.total_seconds()) if cooloff else 3600
    period = int(time.time() // max(60, seconds))
    network = network_of(ip_address or "") or "?"
    return notify(
        kind="login_locked",
        title="您的账号因多次登录失败已被暂时锁定 (your account is locked after failed logins)",
        body=(
            f"来自网络 {network} 的多次错误密码尝试使账号 {user.get_username()} 暂时锁定"
            f"（约 {seconds // 60} 分钟）。如果不是您本人，请立即联系平台管理员并更换密码；"
            f"管理员可解除锁定。(Repeated wrong passwords from {network} locked the account for about "
            f"{seconds // 60} minutes. If this was not you, tell your administrator and change your password.)"
        ),
        users=[user],
        dedupe_key=f"login-locked:{user.pk}:{period}",
    )


def _network_key(network: str) -> str:
    """What axes stores as ``ip_address`` for a network given as an address or CIDR."""
    import ipaddress

    from django.core.exceptions import ValidationError

    from zhenwei.core.net import network_prefix

    text = (network or "").strip()
    try:
        addr = (
            ipaddress.ip_network(text, strict=False).network_address
            if "/" in text
            else ipaddress.ip_address(text)
        )
    except ValueError:
        raise ValidationError(
            gettext("不是 IP 地址或网段：%(text)s (not an address or network)") % {"text": repr(text)}
        ) from None
    return network_prefix(addr).split("/", 1)[0]


def login_lockout_clear(*, actor, reason: str, username: str = "", network: str = "") -> int:
    """An administrator lifts a login lockout: the failures counted for ``username`` (from every
    network), or for ``network`` (every account), or for that pair. Audited with the reason.
    Returns the number of axes rows removed."""
    from axes.models import AccessAttempt
    from django.core.exceptions import ValidationError

    reason = (reason or "").strip()
    username = (username or "").strip()
    if not reason:
        raise ValidationError(gettext("请填写解除锁定的理由 (a reason is required)"))
    if not username and not network:
        raise ValidationError(gettext("请指定用户名或网段 (give a username or a network)"))
    attempts = AccessAttempt.objects.all()
    target = []
    if username:
        attempts = attempts.filter(username=username)
        target.append(username)
    if network:
        key = _network_key(network)
        attempts = attempts.filter(ip_address=key)
        from .axes import network_of

        target.append(network_of(key))
    with transaction.atomic():
        count, _ = attempts.delete()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            model="axes.accessattempt",
            object_id=" ".join(target)[:64],
            object_repr=f"login lockout of {' from '.join(target)}"[:200],
            note=f"login lockout cleared ({count} records): {reason[:200]}",
        )
    return count


def login_lockouts() -> list[dict]:
    """Failed-login counts now held, per account and per network, with each rule's limit and
    whether it locks (for the administrators' page and ``zhenwei lockout list``)."""
    from axes.models import AccessAttempt
    from django.db.models import Max, Sum
    from django.utils import timezone

    from .axes import network_of

    cooloff = settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.all()
    if cooloff:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cooloff)
    rows = []
    limits = {
        "account": int(getattr(settings, "LOGIN_ACCOUNT_FAILURE_LIMIT", 10)),
        "network": int(getattr(settings, "LOGIN_NETWORK_FAILURE_LIMIT", 30)),
        "account+network": int(settings.AXES_FAILURE_LIMIT),
    }
    for rule, fields in (
        ("account", ("username",)),
        ("network", ("ip_address",)),
        ("account+network", ("username", "ip_address")),
    ):
        for row in attempts.values(*fields).annotate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        ):
            rows.append(
                {
                    "rule": rule,
                    "username": row.get("username") or "",
                    "network": network_of(row["ip_address"]) if "ip_address" in row else "",
                    "failures": row["failures"],
                    "limit": limits[rule],
                    "locked": row["failures"] >= limits[rule],
                    "last": row["last"],
                }
            )
    return sorted(rows, key=lambda r: (not r["locked"], -r["failures"]))
