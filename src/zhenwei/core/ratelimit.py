"""The one counting step of every fixed-window rate limit (verify, tips): one request more in a
window, on the ``ratelimit`` cache alias that every worker process shares (settings: Redis, or the
database through ``zhenwei.security.cache.DatabaseCounterCache``), so a limit holds exactly however
many workers and app servers run. Policy (rates, keys, answers) stays with each limiter."""

from __future__ import annotations

from django.core.cache import caches

ALIAS = "ratelimit"


def count_hit(key: str, window: int) -> int:
    """Count one request under ``key`` (which names the window) and return the count so far; the
    counter lives for ``window`` seconds (+1, so a late request of the window is still counted)."""
    store = caches[ALIAS]
    incr_window = getattr(store, "incr_window", None)
    if incr_window is not None:  # one atomic statement (the database store)
        return incr_window(key, window + 1)
    # Redis (and Memcached): ADD then INCR, each atomic on the server.
    store.add(key, 0, timeout=window + 1)
    try:
        return store.incr(key)
    except ValueError:  # expired between add and incr
        store.set(key, 1, timeout=window + 1)
        return 1
