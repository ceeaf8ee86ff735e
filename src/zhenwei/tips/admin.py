"""Admin for reward schemes (data edited by administrators, audited with their bands). Tips are
handled in the staff site, not here."""

from django.contrib import admin
from django.db import transaction

from zhenwei.core.admin_mixins import AuditedAdmin
from zhenwei.core.audit import audit_create, audit_delete, audit_update, snapshot

from .models import RewardScheme, RewardTier


class RewardTierInline(admin.TabularInline):
    model = RewardTier
    extra = 1


@admin.register(RewardScheme)
class RewardSchemeAdmin(AuditedAdmin):
    list_display = ["name", "division", "minimum_amount", "cap_per_case", "is_active"]
    inlines = [RewardTierInline]

    def save_formset(self, request, form, formset, change):
        """Band changes are audited row by row, in the same transaction as the scheme."""
        with transaction.atomic():
            befores = {
                obj.pk: snapshot(RewardTier.objects.get(pk=obj.pk))
                for obj in formset.queryset
                if obj.pk and RewardTier.objects.filter(pk=obj.pk).exists()
            }
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                audit_delete(actor=request.user, obj=obj, note="admin")
                obj.delete()
            for obj in instances:
                is_new = obj.pk is None
                obj.save()
                if is_new:
                    audit_create(actor=request.user, obj=obj, note="admin")
                else:
                    audit_update(actor=request.user, obj=obj, before=befores.get(obj.pk, {}), note="admin")
            formset.save_m2m()
