"""DRF permissions built on the one visibility rule (zhenwei.core.access)."""

from rest_framework import permissions

from ..access import user_scope


class StaffScoped(permissions.BasePermission):
    """Authenticated staff; reads need "view", writes need "change" somewhere in their scope."""

    def has_permission(self, request, view):
        scope = user_scope(request.user)
        if request.method in permissions.SAFE_METHODS:
            return scope.can("view")
        return scope.can("change")


class HasCapability(permissions.BasePermission):
    """Use as ``HasCapability.of("audit")``."""

    capability = "view"

    @classmethod
    def of(cls, capability: str):
        return type(f"Has_{capability}", (cls,), {"capability": capability})

    def has_permission(self, request, view):
        return user_scope(request.user).can(self.capability)
