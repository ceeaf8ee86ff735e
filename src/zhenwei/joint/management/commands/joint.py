"""``zhenwei joint remind``: notify owners of decisions due soon or overdue (idempotent, run daily)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Joint-work jobs: remind (decisions due soon / overdue; each person told once)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="notify owners of decisions due within 3 days or overdue")

    def handle(self, *args, **options):
        from zhenwei.joint.services import decisions_remind

        created = decisions_remind()
        self.stdout.write(f"reminders: {created} notifications")
