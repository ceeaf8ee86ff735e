"""The staff home page's "waiting for you" list: each app's ``home.waiting(user)`` contributes items."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WaitingItem:
    """One thing a user should act on, with its due date when there is one."""

    title: str
    url: str
    app: str
    due: dt.date | None = None
    detail: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


def waiting_items(user) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    for app in settings.ZHENWEI_APPS:
        if find_spec(f"{app}.home") is None:
            continue
        module = import_module(f"{app}.home")
        items.extend(module.waiting(user))
    far = dt.date.max
    return sorted(items, key=lambda i: (not i.overdue, i.due or far, i.title))
