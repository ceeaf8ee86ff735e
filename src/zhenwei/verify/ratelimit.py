"""A fixed-window rate limiter per client network.

``"60/m"`` allows 60 requests per network per minute; ``"0"`` (or empty) turns limiting off.
The count lives under one key per (scope, network, window) in the ``ratelimit`` cache, which every
worker process and app server shares with an atomic increment (``zhenwei.core.ratelimit``: Redis,
or the database without it), so the limit is exact however many workers run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

from zhenwei.core.net import client_network
from zhenwei.core.ratelimit import count_hit

from . import conf

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int


def parse_rate(text: str) -> Rate | None:
    """ "60/m" → Rate(60, 60); "0", "", "off" → None (no limit). Bad text raises ValueError."""
    text = (text or "").strip().lower()
    if text in ("", "0", "off", "none"):
        return None
    count, _, unit = text.partition("/")
    unit = unit or "m"
    multiplier = 1
    if unit[:-1].isdigit():  # "10/5m"
        multiplier, unit = int(unit[:-1]), unit[-1]
    if not count.isdigit() or unit not in _UNITS:
        raise ValueError(f"bad rate {text!r}: use N/s, N/m, N/h or N/d")
    if int(count) == 0:
        return None
    return Rate(limit=int(count), window=_UNITS[unit] * multiplier)


@lru_cache(maxsize=64)
def _configured_rate(text: str) -> Rate | None:
    """The parsed setting (parsed once per distinct text); a bad setting falls back to 60/m."""
    try:
        return parse_rate(text)
    except ValueError:
        return parse_rate("60/m")


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("请求过于频繁，请稍后再试 (too many requests)")
        self.retry_after = retry_after


def hit(request, scope: str = "verify", rate_text: str | None = None) -> None:
    """Count one request from the client's network; raise RateLimited when over the limit."""
    rate = _configured_rate(conf.rate_limit() if rate_text is None else rate_text)
    if rate is None:
        return
    network = client_network(request) or "unknown"
    now = int(time.time())
    window_index = now // rate.window
    key = f"zw:rl:{scope}:{network}:{window_index}"
    try:
        count = count_hit(key, rate.window)
    except Exception:  # noqa: BLE001 - a cache outage must not take verification down
        return
    if count > rate.limit:
        raise RateLimited(retry_after=rate.window - (now % rate.window))
