"""``zhenwei campaign_duties [--date YYYY-MM-DD] [--division CODE]``: reminders before the due date
and the overdue list after it (run daily from cron or the task queue)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhenwei.campaigns.models import ReportingDuty
from zhenwei.campaigns.selectors import duty_items
from zhenwei.core.models import Division


class Command(BaseCommand):
    help = "List reporting duties due soon (reminders) and past due (overdue)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="today, YYYY-MM-DD (default: today)")
        parser.add_argument("--division", help="only units at or below this division code")

    def handle(self, *args, **options):
        today = dt.date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        duties = ReportingDuty.objects.select_related("division", "campaign")
        if options.get("division"):
            try:
                division = Division.objects.get(code=options["division"])
            except Division.DoesNotExist:
                raise CommandError(f"no division {options['division']!r}") from None
            duties = duties.filter(division__path__startswith=division.path)
        items = duty_items(duties=duties, until=today + dt.timedelta(days=31))
        reminders = [
            i for i in items if not i.done and today <= i.due and (i.due - today).days <= i.duty.remind_days
        ]
        overdue = [i for i in items if not i.done and i.due < today]
        self.stdout.write(f"reminders ({len(reminders)}):")
        for i in reminders:
            self.stdout.write(f"  due {i.due}  {i.title}  [{i.duty.campaign.doc_number}]")
        self.stdout.write(f"overdue ({len(overdue)}):")
        for i in overdue:
            self.stdout.write(
                f"  due {i.due} ({(today - i.due).days} days late)  {i.title}  [{i.duty.campaign.doc_number}]"
            )
