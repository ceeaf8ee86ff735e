"""What other apps may call in registry (docs/architecture.md, "Contracts between apps"), and the hook
through which market (above registry) flags imported products of an eliminated type."""

from __future__ import annotations

from collections.abc import Callable

from .validators import (
    FIRE_MARK_RE,
    holder_id_hash,
    identity_code_format,
    identity_code_problem,
    normalize_identity_code,
)

__all__ = [
    "FIRE_MARK_RE",
    "eliminated_matcher",
    "holder_id_hash",
    "identity_code_format",
    "identity_code_problem",
    "normalize_identity_code",
    "register_eliminated_matcher",
]

# A factory of an object with ``match_ids(text) -> list``: market's EliminatedMatcher, registered in
# MarketConfig.ready(); the product-code import asks it whether a product is of an eliminated type.
_eliminated_matcher: list[Callable[[], object]] = []


def register_eliminated_matcher(factory: Callable[[], object]) -> None:
    _eliminated_matcher[:] = [factory]


def eliminated_matcher():
    """A fresh matcher from the registered factory (market is always installed; see settings)."""
    if not _eliminated_matcher:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("no eliminated-product matcher registered (is zhenwei.market installed?)")
    return _eliminated_matcher[0]()
