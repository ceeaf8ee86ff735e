"""API tokens in the admin: platform administrators only, with their second factor entered.

A token skips the session's two-factor step (docs/security.md, "API clients"), so creating one is
as strong as the account it belongs to. DRF registers its own ``TokenAdmin``, which any staff user
holding ``authtoken`` permissions could use to mint a token for a superuser; this replaces it with
one that only a superuser who has passed two-factor authentication in this session may use, and
that writes an audit row for every token made or deleted. On the server, ``zhenwei token create``
is the other way (shell access to the server is a platform administrator's).
"""

from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction

from .policy import requires_two_factor, two_factor_pending


def may_manage_tokens(user) -> bool:
    """Platform administrators (superusers) who entered their second factor in this session."""
    if not getattr(user, "is_active", False) or not getattr(user, "is_superuser", False):
        return False
    return not (requires_two_factor(user) and two_factor_pending(user))


class AuditedTokenAdmin(TokenAdmin):
    def has_module_permission(self, request):
        return may_manage_tokens(request.user)

    def has_view_permission(self, request, obj=None):
        return may_manage_tokens(request.user)

    def has_add_permission(self, request):
        return may_manage_tokens(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # a token is made or deleted, never edited

    def has_delete_permission(self, request, obj=None):
        return may_manage_tokens(request.user)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.CREATE,
            model="authtoken.token",
            object_id=str(obj.user_id),
            object_repr=f"API token of {obj.user.get_username()}",
            note="API token created in the admin",
        )

    def delete_model(self, request, obj):
        user_id, username = obj.user_id, obj.user.get_username()
        super().delete_model(request, obj)
        audit_record(
            actor=request.user,
            action=AuditAction.DELETE,
            model="authtoken.token",
            object_id=str(user_id),
            object_repr=f"API token of {username}",
            note="API token deleted in the admin",
        )


if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
admin.site.register(TokenProxy, AuditedTokenAdmin)
