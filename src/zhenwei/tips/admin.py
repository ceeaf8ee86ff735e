"""Admin for reward schemes (data edited by administrators, audited). Tips are handled in the staff site."""

from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin

from .models import RewardScheme, RewardTier


class RewardTierInline(admin.TabularInline):
    model = RewardTier
    extra = 1


@admin.register(RewardScheme)
class RewardSchemeAdmin(AuditedAdmin):
    list_display = ["name", "division", "minimum_amount", "cap_per_case", "is_active"]
    inlines = [RewardTierInline]
