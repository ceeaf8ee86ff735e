"""Admin edits are writes too: they go into the audit trail in the same transaction."""

from django.contrib import admin
from django.db import transaction

from .audit import audit_create, audit_delete, audit_update, snapshot


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
            super().save_model(request, obj, form, change)
            if before is None:
                audit_create(actor=request.user, obj=obj, note="admin")
            else:
                audit_update(actor=request.user, obj=obj, before=before, note="admin")

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_delete(actor=request.user, obj=obj, note="admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit_delete(actor=request.user, obj=obj, note="admin")
            super().delete_queryset(request, queryset)
