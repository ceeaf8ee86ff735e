"""Admin edits are writes too: they go into the audit trail in the same transaction, and they are
scoped like every other write (core.access.require_change_of, on the stored and the new record)."""

from django.contrib import admin
from django.db import transaction

from .access import record_division, require_change_of, require_in_scope
from .audit import audit_create, audit_delete, audit_update, snapshot


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            stored = type(obj).objects.get(pk=obj.pk) if change and obj.pk else None
            if stored is None:
                require_change_of(request.user, obj)  # a new record: its division must be in scope
            else:
                require_change_of(request.user, stored)
                if record_division(obj) != record_division(stored):  # moved: the new place too
                    require_in_scope(request.user, record_division(obj))
            before = snapshot(stored) if stored is not None else None
            super().save_model(request, obj, form, change)
            if before is None:
                audit_create(actor=request.user, obj=obj, note="admin")
            else:
                audit_update(actor=request.user, obj=obj, before=before, note="admin")

    def delete_model(self, request, obj):
        require_change_of(request.user, obj)
        with transaction.atomic():
            audit_delete(actor=request.user, obj=obj, note="admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                require_change_of(request.user, obj)
                audit_delete(actor=request.user, obj=obj, note="admin")
            super().delete_queryset(request, queryset)
