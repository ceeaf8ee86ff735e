"""``zhenwei qr certificate NUMBER --png FILE`` signs; ``zhenwei qr verify PAYLOAD [--trust-list FILE]``
verifies offline (with a trust-list file: no server and no database); ``zhenwei qr label CODE``
prints a product label URL."""

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Sign and verify ZW1 QR payloads."
    requires_system_checks: list = []  # `qr verify --trust-list` must run without a database

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cert = sub.add_parser("certificate", help="sign a certificate's QR payload")
        cert.add_argument("number")
        cert.add_argument("--png", help="write the QR image to this file")
        cert.add_argument("--pdf", help="write the printable certificate PDF to this file")
        verify = sub.add_parser("verify", help="verify a payload; exit 0 only when valid")
        verify.add_argument("payload", help="the ZW1:… text, or - to read it from standard input")
        verify.add_argument("--trust-list", help="trust-list JSON file (offline; no database)")
        verify.add_argument("--name", help="also check the holder's name against the signed hash")
        verify.add_argument("--today", help="check validity as of this date (YYYY-MM-DD)")
        label = sub.add_parser("label", help="print the signed label URL of a product code")
        label.add_argument("code")
        label.add_argument("--png", help="write the label QR image to this file")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "verify":
            return self._verify(options)
        from zhenwei.verify.pdf import qr_png

        try:
            if action == "certificate":
                from zhenwei.registry.models import Certificate
                from zhenwei.verify.services import qr_certificate_payload

                cert = Certificate.objects.filter(number=options["number"]).first()
                if cert is None:
                    raise CommandError(f"no certificate {options['number']}")
                payload = qr_certificate_payload(certificate=cert)
                if options.get("pdf"):
                    from zhenwei.verify.pdf import certificate_pdf

                    Path(options["pdf"]).write_bytes(certificate_pdf(certificate=cert))
            else:
                from zhenwei.registry.contracts import normalize_identity_code
                from zhenwei.verify.labels import label_url

                payload = label_url(normalize_identity_code(options["code"]))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if options.get("png"):
            Path(options["png"]).write_bytes(qr_png(payload))
        self.stdout.write(payload)

    def _verify(self, options):
        from zhenwei.verify import qrformat

        payload = options["payload"]
        if payload == "-":
            payload = sys.stdin.read()
        if options.get("trust_list"):
            try:
                trust = qrformat.TrustList.from_json(Path(options["trust_list"]).read_bytes())
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise CommandError(f"cannot read trust list: {exc}") from None
        else:
            from zhenwei.verify.keys import trust_list

            trust = trust_list()
        today = dt.date.fromisoformat(options["today"]) if options.get("today") else None
        from django.conf import settings

        # The same key-lifetime rule as the server: a retired key verifies only what it signed
        # before its retirement (dates from the trust list), nothing dated in the future.
        result = qrformat.verify(
            payload,
            trust,
            today=today,
            name=options.get("name"),
            clock_skew=dt.timedelta(seconds=settings.VERIFY_QR_CLOCK_SKEW_SECONDS),
        )
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        if not result.ok:
            sys.exit(1)
