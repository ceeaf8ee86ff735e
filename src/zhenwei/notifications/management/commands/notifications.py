"""``zhenwei notifications send-digest``: send the digests now (or ``--enqueue`` them as a task)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Notification jobs: send-digest (safe to run repeatedly; nothing is sent twice)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        digest = sub.add_parser("send-digest", help="send each digest user their unread notifications")
        digest.add_argument("--enqueue", action="store_true", help="put the job on the task queue instead")

    def handle(self, *args, **options):
        if options["action"] == "send-digest":
            if options["enqueue"]:
                from zhenwei.notifications.tasks import send_digest_task

                result = send_digest_task.enqueue()
                self.stdout.write(f"enqueued digest task {result.id}")
                return
            from zhenwei.notifications.services import digest_send

            stats = digest_send()
            self.stdout.write(
                "digest: {users} users, {messages} messages, {notifications} notifications, "
                "{failed} failed, {skipped} without address".format(**stats)
            )
