"""``zhenwei cases escalate [--date YYYY-MM-DD]``: escalate transfers left unacknowledged; safe to repeat."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Case tools: escalate unacknowledged transfers to the campaign office."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        esc = sub.add_parser("escalate", help="escalate overdue unacknowledged transfers (idempotent)")
        esc.add_argument("--date", help="treat this date as today (YYYY-MM-DD)")
        esc.add_argument("--no-remind", action="store_true", help="do not remind owners of overdue actions")

    def handle(self, *args, **options):
        from zhenwei.cases.services import overdue_actions_notify, shares_escalate

        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['date']}") from None
        escalated = shares_escalate(today=today)
        for e in escalated:
            target = e.escalated_to or "—"
            flag = " [报部级协调]" if e.flagged_for_ministry else ""
            self.stdout.write(f"escalated share {e.share_id} → {target} ({e.get_level_display()}){flag}")
        reminded = 0 if options["no_remind"] else overdue_actions_notify(today=today)
        self.stdout.write(
            f"escalated {len(escalated)} transfer(s); {reminded} overdue action(s) checked for a daily reminder"
        )
