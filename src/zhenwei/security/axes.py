"""django-axes hooks: lockout per account, per network and per (account, network).

django-axes counts failed logins in ``AccessAttempt`` rows keyed by (username, ip_address, user
agent) and locks when the failures matching any of ``AXES_LOCKOUT_PARAMETERS`` reach one limit.
Zhenwei gives each rule its own limit (``LOCKOUT_RULES``, from settings):

- ``["username", "ip_address"]``: one account from one network (``AXES_FAILURE_LIMIT``, 5);
- ``["username"]``: one account from anywhere (``LOGIN_ACCOUNT_FAILURE_LIMIT``, 10), so spreading
  guesses over many addresses (4 from each of 25) locks the account all the same;
- ``["ip_address"]``: one network, any account (``LOGIN_NETWORK_FAILURE_LIMIT``, 30), against
  password spraying; a colleague on another network is not touched by it.

"ip_address" is the client's *network*, not its exact address: ``client_ip`` below gives axes the
first address of ``zhenwei.core.net.network_prefix`` (IPv4 /24, IPv6 /48; the platform's one rule,
also used by rate limits), so rotating addresses inside a network, or over a whole IPv6 /64 or /48,
changes nothing. The failure logs therefore name networks, not hosts.
"""

from __future__ import annotations

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings

from zhenwei.core.net import client_ip as _client_ip
from zhenwei.core.net import network_prefix

log = logging.getLogger(__name__)

ACCOUNT_AND_NETWORK = ("username", "ip_address")
ACCOUNT = ("username",)
NETWORK = ("ip_address",)
LOCKOUT_PARAMETERS = [list(ACCOUNT_AND_NETWORK), list(ACCOUNT), list(NETWORK)]


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the first address of the client's network (203.0.113.0,
    2001:db8:1::), from ``zhenwei.core.net`` (trusted proxies only)."""
    prefix = network_prefix(_client_ip(request))
    return prefix.split("/", 1)[0] if prefix else None


def network_of(ip_address: str) -> str:
    """The network an axes row's ``ip_address`` stands for, as CIDR (for pages and notices)."""
    from ipaddress import ip_address as parse

    try:
        return network_prefix(parse(ip_address))
    except ValueError:
        return ip_address or ""


def rule_limits(request, credentials) -> dict[tuple[str, ...], int]:
    """The failure limit of each rule, read from settings on every call (tests override them)."""
    return {
        ACCOUNT_AND_NETWORK: get_failure_limit(request, credentials),
        ACCOUNT: int(getattr(settings, "LOGIN_ACCOUNT_FAILURE_LIMIT", 10)),
        NETWORK: int(getattr(settings, "LOGIN_NETWORK_FAILURE_LIMIT", 30)),
    }


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler with a limit per rule, and a success that clears only
    the successful account's failures (not its whole network's)."""

    def get_failures(self, request, credentials=None) -> int:
        """Axes compares this number with ``AXES_FAILURE_LIMIT`` (L). Each rule's failures f, with its
        own limit l, count as ``f * L // l``, which reaches L exactly when f reaches l."""
        limit = get_failure_limit(request, credentials)
        limits = rule_limits(request, credentials)
        username = get_client_username(request, credentials)
        parameters = [tuple(p) if not isinstance(p, str) else (p,) for p in settings.AXES_LOCKOUT_PARAMETERS]
        worst = 0
        for rule, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            if "username" in rule and not username:
                continue  # a form without a username is not an account
            if rule == NETWORK and not getattr(request, "axes_ip_address", None):
                continue
            failures = sum(attempts.values_list("failures_since_start", flat=True))
            rule_limit = max(1, limits.get(rule, limit))
            worst = max(worst, failures * limit // rule_limit)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login: forget that account's failures (from any network), and nobody
        else's. Axes' own reset would also clear the network rule's rows of other accounts, so one
        good login of the attacker's own account would reset a password-spraying count."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
