"""Staff forms of the campaign office; they only collect input, the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenwei.core.access import user_scope, visible_divisions
from zhenwei.core.models import Department, Division

from .choices import SubmissionStatus
from .models import Campaign, CampaignPhase, CampaignTask, LeadingGroupMember, Liaison, ReportingDuty

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def departments_in(division: Division):
    return Department.objects.filter(division__path__startswith=division.path, is_active=True).select_related(
        "division"
    )


def divisions_in(division: Division):
    return Division.objects.filter(path__startswith=division.path).order_by("path")


class CampaignForm(forms.ModelForm):
    """A campaign's document and period; the division is one where the user is a campaign office."""

    class Meta:
        model = Campaign
        fields = [
            "title",
            "kind",
            "doc_title",
            "doc_number",
            "issuing_body",
            "issued_on",
            "division",
            "lead_department",
            "starts_on",
            "ends_on",
            "goals",
            "report_template",
            "office_contact",
        ]
        widgets = {
            "issued_on": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_scope(user)
        offices = [p for p, caps in scope.caps_by_path.items() if {"change", "approve"} <= caps]
        if scope.is_global:
            divisions = visible_divisions(user)
        else:
            divisions = Division.objects.filter(path__in=offices)
            # A county office may also set up a campaign of one of its towns.
            for p in offices:
                divisions = divisions | Division.objects.filter(path__startswith=p)
        self.fields["division"].queryset = divisions.order_by("path")
        departments = Department.objects.filter(is_active=True, division__in=self.fields["division"].queryset)
        self.fields["lead_department"].queryset = departments.select_related("division")


class PhaseForm(forms.ModelForm):
    class Meta:
        model = CampaignPhase
        fields = ["sort", "kind", "name", "starts_on", "ends_on", "description"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}


class GroupMemberForm(forms.ModelForm):
    class Meta:
        model = LeadingGroupMember
        fields = ["sort", "role", "name", "post", "department"]

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_in(campaign.division)


class LiaisonForm(forms.ModelForm):
    class Meta:
        model = Liaison
        fields = ["sort", "unit", "division", "department", "name", "post", "phone", "mobile", "notes"]

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions_in(campaign.division)
        self.fields["department"].queryset = departments_in(campaign.division)


class TaskForm(forms.ModelForm):
    divisions = forms.ModelMultipleChoiceField(
        queryset=Division.objects.none(),
        required=False,
        label=_("落实区划"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = CampaignTask
        fields = [
            "sort",
            "title",
            "description",
            "category",
            "lead_department",
            "cooperating_departments",
            "due_on",
        ]
        widgets = {
            "due_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "cooperating_departments": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        departments = departments_in(campaign.division)
        self.fields["lead_department"].queryset = departments
        self.fields["cooperating_departments"].queryset = departments
        self.fields["divisions"].queryset = divisions_in(campaign.division)
        if self.instance.pk and not self.is_bound:
            self.initial["divisions"] = list(self.instance.assignments.values_list("division_id", flat=True))


class DutyForm(forms.ModelForm):
    class Meta:
        model = ReportingDuty
        fields = [
            "kind",
            "title",
            "division",
            "department",
            "template",
            "day_of_month",
            "first_month",
            "last_month",
            "due_on",
            "remind_days",
        ]
        widgets = {"first_month": DATE, "last_month": DATE, "due_on": DATE}

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions_in(campaign.division)
        self.fields["department"].queryset = departments_in(campaign.division)


class DutySubmitForm(forms.Form):
    file = forms.FileField(label=_("报送文件"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    to = forms.ChoiceField(
        label=_("审核结果"),
        choices=[(SubmissionStatus.ACCEPTED, _("采纳")), (SubmissionStatus.RETURNED, _("退回"))],
    )
    reason = forms.CharField(label=_("退回原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    number = forms.CharField(label=_("通报文号"), max_length=64, required=False, help_text=_("留空自动编号"))
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    issued_on = forms.DateField(label=_("印发日期"), widget=DATE, required=False)
    text = forms.CharField(label=_("通报内容"), widget=forms.Textarea(attrs={"rows": 5}))
