"""``zhenwei otp status|enrol|reset|recovery-codes|code USERNAME``: two-factor devices from the shell.

``enrol`` issues a confirmed device (QR code on the terminal) for sites where users may not enrol
themselves; ``reset`` is the lost-phone procedure (authenticator and recovery codes removed);
``recovery-codes`` prints ten new recovery codes (the old ones stop working) for handing over in
person; ``code`` prints the current code and refuses to run in production (it exists so that the
demo can be tried without a phone); for a user who never logged in it first makes the pending
device that the enrolment page then shows, so it works before the first login too.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.security.policy import requires_two_factor
from zhenwei.security.services import (
    recovery_codes_generate,
    recovery_codes_remaining,
    totp_current_code,
    totp_device_pending,
    totp_devices_reset,
)


class Command(BaseCommand):
    help = "Two-factor devices: status, enrol, reset, recovery-codes, code (code: not in production)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "enrol", "reset", "recovery-codes", "code"])
        parser.add_argument("username")

    def handle(self, *args, action, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user {username!r}") from None
        actor = "command line"
        if action == "status":
            devices = TOTPDevice.objects.filter(user=user)
            self.stdout.write(
                f"{username}: two-factor {'required' if requires_two_factor(user) else 'not required'}; "
                f"{sum(d.confirmed for d in devices)} confirmed device(s), "
                f"{sum(not d.confirmed for d in devices)} pending; "
                f"{recovery_codes_remaining(user=user)} recovery code(s) left"
            )
        elif action == "reset":
            count = totp_devices_reset(user=user, actor=actor, note="by command")
            self.stdout.write(
                f"{username}: {count} device(s) and the recovery codes removed; they enrol again at next login"
            )
        elif action == "recovery-codes":
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                raise CommandError(f"{username} has no authenticator yet: enrol first")
            codes = recovery_codes_generate(user=user, actor=actor)
            self.stdout.write(f"{username}: {len(codes)} new recovery codes (earlier ones no longer work):")
            for code in codes:
                self.stdout.write(code)
        elif action == "enrol":
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).delete()
                device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
                audit_record(
                    actor=actor, action=AuditAction.UPDATE, obj=user, note="two-factor device issued"
                )
            qr = segno.make(device.config_url, error="m")
            qr.terminal(out=self.stdout._out, compact=True)
            self.stdout.write(f"secret: {b32encode(device.bin_key).decode().rstrip('=')}")
            self.stdout.write(device.config_url)
        else:
            if settings.ENV == "production":
                raise CommandError("current codes are never revealed in production")
            device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-id").first()
            if device is None:
                if not settings.OTP_SELF_ENROL:
                    raise CommandError(f"{username} has no device yet: issue one with `zhenwei otp enrol`")
                # A user who never logged in: make the pending device now. The enrolment page shows
                # this same secret at their first login, so the code printed here confirms it.
                device = totp_device_pending(user=user)
            self.stdout.write(totp_current_code(device))
