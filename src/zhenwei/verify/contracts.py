"""What other apps may call in verify (docs/architecture.md, "Contracts between apps")."""

from .bulk import bulk_check
from .services import product_verify

__all__ = ["bulk_check", "product_verify"]
