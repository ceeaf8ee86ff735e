"""Per-network rate limits for the public tip form and receipt look-ups, counted in the ``ratelimit``
cache that every worker shares (``zhenwei.core.ratelimit``: Redis, or the database without it).

Limits are "N/s", "N/m", "N/h" or "N/d" ("0" turns a limit off), set by ZHENWEI_TIPS_SUBMIT_RATE_LIMIT
(default 5/h) and ZHENWEI_TIPS_STATUS_RATE_LIMIT (default 30/m), read in settings as
``TIPS_SUBMIT_RATE_LIMIT`` and ``TIPS_STATUS_RATE_LIMIT``. A fixed window per client network (/24 for IPv4, /48 for IPv6) is enough
for a public form: it stops floods and repeated guessing without blocking a whole town's carrier NAT
for long.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

from zhenwei.core.net import client_network
from zhenwei.core.ratelimit import count_hit

log = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULTS = {"TIPS_SUBMIT_RATE_LIMIT": "5/h", "TIPS_STATUS_RATE_LIMIT": "30/m"}


def parse_rate(rate: str) -> tuple[int, int] | None:
    """("5/h") → (5, 3600); None when the limit is off."""
    rate = (rate or "").strip()
    if not rate or rate == "0":
        return None
    count, _, period = rate.partition("/")
    seconds = _PERIODS.get((period or "m")[0].lower())
    if seconds is None or not count.isdigit() or int(count) == 0:
        return None
    return int(count), seconds


def _rate(name: str) -> str:
    value = getattr(settings, name, None)
    return str(DEFAULTS[name] if value is None else value)


def network_of(request) -> str:
    return client_network(request) or "unknown"


def hit(request, name: str) -> tuple[bool, int]:
    """Count one request against limit ``name``; (allowed, seconds until the window resets)."""
    parsed = parse_rate(_rate(name))
    if parsed is None:
        return True, 0
    limit, seconds = parsed
    window = int(time.time() // seconds)
    key = f"tips:rl:{name}:{network_of(request)}:{window}"
    try:
        count = count_hit(key, seconds + 4)
    except Exception:  # noqa: BLE001 - a counter-store outage must not take the public form down
        log.warning("rate-limit store unavailable; %s not counted", name, exc_info=True)
        return True, 0
    retry_after = seconds - int(time.time()) % seconds
    return count <= limit, retry_after
