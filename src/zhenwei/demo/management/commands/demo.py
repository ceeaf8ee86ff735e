"""``zhenwei demo load``: realistic demo data; every loader of zhenwei.demo (``zhenwei.demo.load``).

Idempotent: every loader uses natural keys, so a second run changes nothing.
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo data (idempotent)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="load the demo data")
        sub.add_parser("logins", help="print the demo logins")

    def handle(self, *args, **options):
        from zhenwei.demo import load
        from zhenwei.demo.core import DEMO_PASSWORD, demo_logins

        if options["action"] == "load":
            from zhenwei.core.audit import audit_mark, audit_seal_unmatched

            mark = audit_mark()
            load(stdout=self.stdout)
            # Demo loaders place records in bulk and back-date them (no audit row per record):
            # seal what *this load* left as the audit baseline, so `zhenwei audit verify` starts
            # clean — never a record changed or created before it (that stays reported).
            sealed = audit_seal_unmatched(
                actor="zhenwei demo load",
                note="demo data baseline",
                kinds=("unaudited", "changed"),
                since=mark,
            )
            self.stdout.write(f"audit: sealed {sealed} demo records as the baseline")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, description in demo_logins():
            self.stdout.write(f"  {username:<22} {description}")
