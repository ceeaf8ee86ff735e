"""Two-factor devices: enrolment, confirmation, recovery codes and reset, each audited."""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac
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
