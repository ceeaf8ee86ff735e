"""``zhenwei report monthly --template T --division CODE --month YYYY-MM --format xlsx|docx|pdf -o FILE``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenwei.core.models import Division
from zhenwei.reports.exports import export
from zhenwei.reports.models import ReportTemplate
from zhenwei.reports.selectors import form_compute, month_start


class Command(BaseCommand):
    help = "Export a monthly report form (with the roll-up of its lower units) as XLSX, DOCX or PDF."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        monthly = sub.add_parser("monthly", help="one division's monthly form")
        monthly.add_argument("--template", required=True, help="template slug, e.g. cert-campaign-monthly")
        monthly.add_argument("--division", required=True, help="division code, e.g. 500235")
        monthly.add_argument("--month", required=True, help="YYYY-MM")
        monthly.add_argument("--format", default="xlsx", choices=["xlsx", "docx", "pdf"])
        monthly.add_argument("-o", "--output", required=True, help="file to write")
        sub.add_parser("templates", help="list the report templates")

    def handle(self, *args, **options):
        if options["action"] == "templates":
            for t in ReportTemplate.objects.all():
                self.stdout.write(f"{t.slug:<28} {t.title}  ({t.rows.count()} rows)")
            return
        try:
            template = ReportTemplate.objects.get(slug=options["template"])
        except ReportTemplate.DoesNotExist:
            raise CommandError(
                f"no template {options['template']!r} (see: zhenwei report templates)"
            ) from None
        try:
            division = Division.objects.get(code=options["division"])
        except Division.DoesNotExist:
            raise CommandError(f"no division {options['division']!r}") from None
        try:
            month = month_start(options["month"])
        except (ValueError, IndexError):
            raise CommandError("--month must be YYYY-MM") from None
        form = form_compute(template=template, division=division, month=month, with_units=True)
        data, _mime = export(form, options["format"])
        Path(options["output"]).write_bytes(data)
        live = sum(1 for line in form.lines if line.row.kind == "number" and line.live)
        total = sum(1 for line in form.lines if line.row.kind == "number")
        self.stdout.write(
            f"{options['output']}: {template.title} {division.name} {month:%Y-%m} "
            f"({live}/{total} rows computed from platform records)"
        )
