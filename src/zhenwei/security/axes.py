"""django-axes hooks: the client address is the platform's one rule (trusted proxies only)."""

from zhenwei.core.net import client_ip as _client_ip


def client_ip(request) -> str | None:
    addr = _client_ip(request)
    return str(addr) if addr is not None else None
