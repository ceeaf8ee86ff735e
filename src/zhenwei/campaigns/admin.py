"""Admin for campaigns and their parts (platform administrators)."""

from django.contrib import admin

from .models import (
    Campaign,
    CampaignPhase,
    CampaignTask,
    CertificateCheck,
    EnterpriseSelfCheck,
    LeadingGroupMember,
    Liaison,
    ReportingDuty,
    TaskAssignment,
)


class PhaseInline(admin.TabularInline):
    model = CampaignPhase
    extra = 0


class GroupInline(admin.TabularInline):
    model = LeadingGroupMember
    extra = 0
    autocomplete_fields = ["department"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "doc_number", "division", "starts_on", "ends_on", "report_template"]
    search_fields = ["title", "doc_number"]
    inlines = [PhaseInline, GroupInline]


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ["campaign", "sort", "unit", "name", "post"]
    list_filter = ["campaign"]


@admin.register(CampaignTask)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["campaign", "sort", "title", "lead_department", "due_on"]
    list_filter = ["campaign"]


@admin.register(TaskAssignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "division", "status", "updated_at"]
    list_filter = ["status"]


@admin.register(ReportingDuty)
class DutyAdmin(admin.ModelAdmin):
    list_display = ["campaign", "division", "title", "kind", "template", "day_of_month", "due_on"]
    list_filter = ["kind"]


@admin.register(EnterpriseSelfCheck)
class SelfCheckAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "campaign", "checked_on", "persons_checked", "fake_found"]


@admin.register(CertificateCheck)
class CertificateCheckAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "checked_on", "fake_found", "expired_found", "missing_found"]
