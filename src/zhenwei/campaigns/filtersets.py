"""FilterSets of campaigns, shared by the staff pages and the API (bounded by core.filters)."""

import django_filters
from django.db.models import Q

from zhenwei.core.filters import FilterSet

from .choices import CampaignKind, DutyKind, SubmissionStatus, TaskStatus
from .models import (
    Campaign,
    CampaignPhase,
    CampaignTask,
    CriticismNotice,
    DutySubmission,
    LeadingGroupMember,
    Liaison,
    ReportingDuty,
    TaskAssignment,
)


class CampaignFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=CampaignKind.choices, label="类型")
    q = django_filters.CharFilter(method="filter_q", label="名称或文号")
    division = django_filters.CharFilter(field_name="division__code", label="区划代码")
    active_on = django_filters.DateFilter(method="filter_active_on", label="进行中（日期）")

    class Meta:
        model = Campaign
        fields = ["kind", "division"]

    def filter_q(self, queryset, name, value):
        return (
            queryset.filter(Q(title__icontains=value) | Q(doc_number__icontains=value)) if value else queryset
        )

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value) if value else queryset


class _ByCampaign(FilterSet):
    campaign = django_filters.NumberFilter(field_name="campaign", label="专项行动")


class PhaseFilter(_ByCampaign):
    class Meta:
        model = CampaignPhase
        fields = ["campaign", "kind"]


class GroupMemberFilter(_ByCampaign):
    class Meta:
        model = LeadingGroupMember
        fields = ["campaign", "role"]


class LiaisonFilter(_ByCampaign):
    division = django_filters.CharFilter(field_name="division__code", label="区划代码")

    class Meta:
        model = Liaison
        fields = ["campaign", "division"]


class TaskFilter(_ByCampaign):
    class Meta:
        model = CampaignTask
        fields = ["campaign", "lead_department"]


class AssignmentFilter(FilterSet):
    campaign = django_filters.NumberFilter(field_name="task__campaign", label="专项行动")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态")
    division = django_filters.CharFilter(field_name="division__code", label="区划代码")

    class Meta:
        model = TaskAssignment
        fields = ["task", "status", "division"]


class DutyFilter(_ByCampaign):
    kind = django_filters.ChoiceFilter(choices=DutyKind.choices, label="报送内容")
    division = django_filters.CharFilter(field_name="division__code", label="区划代码")

    class Meta:
        model = ReportingDuty
        fields = ["campaign", "kind", "division", "department"]


class SubmissionFilter(FilterSet):
    campaign = django_filters.NumberFilter(field_name="duty__campaign", label="专项行动")
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices, label="审核状态")

    class Meta:
        model = DutySubmission
        fields = ["duty", "status"]


class NoticeFilter(_ByCampaign):
    target_division = django_filters.CharFilter(
        field_name="target_division__code", label="被通报单位区划代码"
    )
    issued_after = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", label="印发日期不早于"
    )

    class Meta:
        model = CriticismNotice
        fields = ["campaign", "target_division"]
