"""Client addresses: from the socket, or from X-Forwarded-For only behind a trusted proxy."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def from_trusted_proxy(request) -> bool:
    """Whether the socket peer is one of ``TRUSTED_PROXIES`` (whose headers may be believed)."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    return peer is not None and any(peer in net for net in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


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
    return _client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        tuple(settings.TRUSTED_PROXIES),
    )


def client_network(request) -> str:
    """``network_prefix(client_ip(request))``, remembered per (peer, X-Forwarded-For, trusted proxies):
    the same clients come back, and parsing addresses costs more than the rest of a public check."""
    return _client_network(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        tuple(settings.TRUSTED_PROXIES),
    )


@lru_cache(maxsize=16384)
def _client_network(peer: str, forwarded: str, trusted: tuple[str, ...]) -> str:
    return network_prefix(_client_ip(peer, forwarded, trusted))


def _client_ip(peer_text: str, forwarded: str, trusted: tuple[str, ...]):
    networks = _trusted_networks(trusted)
    peer = _parse(peer_text)
    if peer is None or not any(peer in net for net in networks):
        return peer
    hops = [h for h in (p.strip() for p in forwarded.split(",")) if h]
    for hop in reversed(hops):
        addr = _parse(hop)
        if addr is None:
            return peer  # a garbled chain: trust only what we saw
        if not any(addr in net for net in networks):
            return addr
    return peer


def network_prefix(addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> str:
    """The client's network, never the raw address: IPv4 /24, IPv6 /48."""
    if addr is None:
        return ""
    bits = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{bits}", strict=False))
