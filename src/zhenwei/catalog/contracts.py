"""What other apps may call in catalog (docs/architecture.md): routing rules resolved to departments."""

from .routing import lead_department, nearest_department, route

__all__ = ["lead_department", "nearest_department", "route"]
