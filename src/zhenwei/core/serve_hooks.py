"""What ``zhenwei serve`` runs at start-up and when a worker exits, filled in by the apps above core.

core sits at the bottom of the layers (docs/architecture.md) and never imports an app above it; an
app that needs the server's start-up or a worker's graceful exit registers a callable here from its
``AppConfig.ready()`` (verify: the scan log's coming monthly partitions, and writing the scan events
a worker still holds). The same pattern as Django's signals or NetBox's ``netbox.registry``, kept as
two plain lists so the order is the registration (app) order and a failure names its hook.
"""

from __future__ import annotations

from collections.abc import Callable

# Each start-up hook returns lines to print (e.g. the partitions it created), or nothing.
_startup: list[Callable[[], list[str] | None]] = []
_worker_exit: list[Callable[[], None]] = []


def on_startup(hook: Callable[[], list[str] | None]) -> Callable[[], list[str] | None]:
    """Register ``hook()`` to run once before the server starts (idempotent upkeep that must not wait for cron)."""
    if hook not in _startup:
        _startup.append(hook)
    return hook


def on_worker_exit(hook: Callable[[], None]) -> Callable[[], None]:
    """Register ``hook()`` to run in each server worker as it exits gracefully (flush batched writes)."""
    if hook not in _worker_exit:
        _worker_exit.append(hook)
    return hook


def startup_hooks() -> list[Callable[[], list[str] | None]]:
    return list(_startup)


def worker_exit_hooks() -> list[Callable[[], None]]:
    return list(_worker_exit)
