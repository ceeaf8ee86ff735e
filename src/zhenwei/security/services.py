"""Two-factor devices: enrolment, confirmation and reset, each audited."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_otp.oath import totp
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
    """Remove every device of a user (lost phone); they enrol again at their next login. Audited."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=user, note=f"two-factor devices reset {note}".strip()
        )
    return count


def totp_current_code(device: TOTPDevice) -> str:
    """The code the device shows now (tests and the non-production demo helper only)."""
    if getattr(settings, "ENV", "local") == "production":
        raise RuntimeError("current codes are never revealed in production")
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(value).zfill(device.digits)
