"""The staff home page's "waiting for you" list: each app's ``home.waiting(user)`` contributes items."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from .deadlines import is_overdue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WaitingItem:
    """One thing a user should act on, with its due date when there is one."""

    title: str
    url: str
    app: str
    due: dt.date | dt.datetime | None = None
    detail: str = ""

    @property
    def overdue(self) -> bool:
        return is_overdue(self.due)

    @property
    def module(self) -> str:
        """What a person reads in the module column: the app's verbose name for an app label
        (``registry`` → 台账), otherwise the label the app gave, translated."""
        if self.app in _app_labels():
            return str(apps.get_app_config(self.app).verbose_name)
        return gettext(str(self.app))

    @property
    def due_date(self) -> dt.date | None:
        """The due day in Asia/Shanghai (a datetime deadline shown and sorted by its day)."""
        if isinstance(self.due, dt.datetime):
            return timezone.localdate(self.due)
        return self.due


def _app_labels() -> set[str]:
    return {c.label for c in apps.get_app_configs()}


def waiting_items(user) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    for app in settings.ZHENWEI_APPS:
        if find_spec(f"{app}.home") is None:
            continue
        module = import_module(f"{app}.home")
        items.extend(module.waiting(user))
    far = dt.date.max
    return sorted(items, key=lambda i: (not i.overdue, i.due_date or far, i.title))
