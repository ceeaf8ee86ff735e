"""Scheduled jobs of joint work (Django tasks API)."""

from django_tasks import task


@task()
def decisions_remind_task() -> int:
    """Daily: remind owners of decisions due soon and flag overdue ones (each once)."""
    from .services import decisions_remind

    return decisions_remind()
