"""``zhenwei partitions``: monthly partitions of the scan log on PostgreSQL (verify/partitions.py).

zhenwei partitions                    create this month and the next 3 (idempotent; run daily)
zhenwei partitions --ahead 6          … and the next 6
zhenwei partitions --list             list the partitions with their row estimates
zhenwei partitions --drop-before 2025-01   drop the months before January 2025 (archive first)
"""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhenwei.verify import partitions


class Command(BaseCommand):
    help = "Create (and optionally drop) the monthly partitions of the scan log on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, default=3, help="months to create after this one")
        parser.add_argument("--list", action="store_true", help="list partitions")
        parser.add_argument("--drop-before", metavar="YYYY-MM", help="drop months before this one")

    def handle(self, *args, **options):
        if not partitions.is_partitioned():
            self.stdout.write(f"{connection.vendor}: the scan log is one plain table here; nothing to do")
            return
        if not 0 <= options["ahead"] <= 36:
            raise CommandError("--ahead must be between 0 and 36 months")
        for name in partitions.ensure_partitions(ahead=options["ahead"]):
            self.stdout.write(f"created {name}")
        if options["drop_before"]:
            match = re.fullmatch(r"(\d{4})-(\d{1,2})", options["drop_before"].strip())
            if not match or not 1 <= int(match[2]) <= 12:
                raise CommandError(
                    f"--drop-before must be a month as YYYY-MM, not {options['drop_before']!r}"
                )
            month = dt.date(int(match[1]), int(match[2]), 1)
            for name in partitions.drop_before(month):
                self.stdout.write(f"dropped {name}")
        if options["list"]:
            with connection.cursor() as cur:
                for name, bound in partitions.partitions():
                    cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [name])
                    self.stdout.write(f"{name}\t{bound}\t~{max(cur.fetchone()[0], 0)} rows")
