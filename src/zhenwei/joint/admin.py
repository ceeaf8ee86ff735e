from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin

from .models import (
    ActionRecord,
    Decision,
    DestructionEvent,
    DestructionItem,
    JointAction,
    Meeting,
    PublicityActivity,
    UrgentReport,
    UrgentReportRecipient,
)


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["held_on", "title", "kind", "convening_department", "campaign"]
    list_filter = ["kind", "held_on"]
    search_fields = ["title", "place"]
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin):
    list_display = ["meeting", "seq", "owner_department", "due_on", "status"]
    list_filter = ["status"]


class ActionRecordInline(admin.TabularInline):
    model = ActionRecord
    extra = 0


@admin.register(JointAction)
class JointActionAdmin(AuditedAdmin):
    list_display = ["starts_on", "title", "kind", "lead_department", "campaign"]
    list_filter = ["kind"]
    inlines = [ActionRecordInline]


class DestructionItemInline(admin.TabularInline):
    model = DestructionItem
    extra = 0


@admin.register(DestructionEvent)
class DestructionEventAdmin(AuditedAdmin):
    list_display = ["held_on", "title", "organiser", "place"]
    inlines = [DestructionItemInline]


@admin.register(PublicityActivity)
class PublicityActivityAdmin(AuditedAdmin):
    list_display = ["held_on", "kind", "title", "organiser", "audience", "views"]
    list_filter = ["kind", "held_on"]
    search_fields = ["title", "place"]


class UrgentReportRecipientInline(admin.TabularInline):
    model = UrgentReportRecipient
    extra = 0


@admin.register(UrgentReport)
class UrgentReportAdmin(AuditedAdmin):
    list_display = ["reported_at", "title", "reporting_department", "status"]
    list_filter = ["status"]
    inlines = [UrgentReportRecipientInline]
