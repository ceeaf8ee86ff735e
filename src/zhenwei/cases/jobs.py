"""Background jobs of the cases app (Django tasks API): escalation of unacknowledged transfers."""

from django_tasks import task


@task()
def escalate_unacknowledged_transfers() -> int:
    """Escalate overdue unacknowledged transfers and remind owners of overdue actions; idempotent."""
    from .services import overdue_actions_notify, shares_escalate

    escalated = shares_escalate()
    overdue_actions_notify()
    return len(escalated)
