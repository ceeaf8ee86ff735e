"""What other apps may call in verify (docs/architecture.md, "Contracts between apps")."""

from .services import product_verify

__all__ = ["product_verify"]
