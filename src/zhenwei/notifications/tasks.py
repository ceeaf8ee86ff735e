"""Background jobs of the notification service (Django tasks API: database queue or RQ)."""

from django_tasks import task


@task()
def deliver_immediate_task(notification_ids: list[int]) -> int:
    """Send immediate e-mail/SMS for freshly created notifications."""
    from .services import deliver_immediate

    return deliver_immediate(notification_ids=notification_ids)


@task()
def send_digest_task() -> dict:
    """Send the digests (schedule daily, e.g. from cron: ``zhenwei notifications send-digest --enqueue``)."""
    from .services import digest_send

    return digest_send()
