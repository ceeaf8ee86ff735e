"""zhenwei credit export --format csv|json [--output FILE]: the feed for the national credit platforms
(docs/credit.md), every entry of the platform, for scheduled uploads. The export is audited."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenwei.credit.export import to_csv, to_json
from zhenwei.credit.models import CreditEntry
from zhenwei.credit.services import credit_export_audit


class Command(BaseCommand):
    help = "信用名单导出：全国信用平台交换格式（CSV 或 JSON，见 docs/credit.md）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the feed to stdout or --output")
        export.add_argument("--format", choices=["csv", "json"], default="json")
        export.add_argument("--output", help="file to write (default: standard output)")
        export.add_argument(
            "--active-only", action="store_true", help="only entries in their publication period"
        )

    def handle(self, *args, **options):
        from zhenwei.credit.selectors import active_q

        qs = CreditEntry.objects.select_related("division").order_by("pk")
        if options["active_only"]:
            qs = qs.filter(active_q())
        entries = list(qs)
        body = to_csv(entries) if options["format"] == "csv" else to_json(entries)
        credit_export_audit(actor="zhenwei credit export", fmt=options["format"], count=len(entries))
        if options["output"]:
            try:
                Path(options["output"]).write_text(body, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"无法写入 {options['output']}：{exc.strerror}") from None
            self.stderr.write(f"{len(entries)} entries written to {options['output']}")
        else:
            self.stdout.write(body, ending="")
