"""Client addresses: from the socket, or from X-Forwarded-For only behind a trusted proxy."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def _is_trusted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(addr in net for net in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        addr = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        return addr.ipv4_mapped
    return addr


def client_ip(request) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address of the client. X-Forwarded-For is read right to left, skipping trusted proxies."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None or not _is_trusted(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h for h in (p.strip() for p in forwarded.split(",")) if h]
    for hop in reversed(hops):
        addr = _parse(hop)
        if addr is None:
            return peer  # a garbled chain: trust only what we saw
        if not _is_trusted(addr):
            return addr
    return peer


def network_prefix(addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> str:
    """The client's network, never the raw address: IPv4 /24, IPv6 /48."""
    if addr is None:
        return ""
    bits = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{bits}", strict=False))
