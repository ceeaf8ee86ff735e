"""``zhenwei audit verify``: walk the hash chain and report the first broken row (exit 1 if any)."""

import sys

from django.core.management.base import BaseCommand

from zhenwei.core.audit import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check the hash chain of the audit log")

    def handle(self, *args, **options):
        checked, broken, reason = audit_verify()
        if broken is None and not reason:
            self.stdout.write(f"audit chain intact: {checked} rows")
            return
        if broken is not None:
            self.stderr.write(
                f"audit chain broken at row seq={broken.seq} (id={broken.pk}, {broken.model}:{broken.object_id}): "
                f"{reason}; {checked} rows before it are intact"
            )
        else:
            self.stderr.write(f"audit chain broken: {reason}")
        sys.exit(1)
