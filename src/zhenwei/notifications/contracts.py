"""What other apps may call in notifications (docs/architecture.md, "Contracts between apps")."""

from .services import notification_mark_read_by_source, notify

__all__ = ["notification_mark_read_by_source", "notify"]
