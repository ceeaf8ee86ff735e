"""Staff forms; they only collect input, the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from zhenwei.campaigns.models import Campaign
from zhenwei.core.access import restrict, user_scope
from zhenwei.core.models import Department, Division
from zhenwei.core.pickers import departments_by_nearness

from .choices import ActionKind, MeetingKind, PublicityKind, TargetKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _my_departments(user):
    scope = user_scope(user)
    qs = Department.objects.filter(is_active=True)
    return qs if scope.is_global else qs.filter(pk__in=scope.department_ids)


def _visible_departments(user):
    # Anyone may invite or assign any active department; the user's own division's come first, then
    # the level above, below and beside (core.pickers), so a county office finds its neighbours at once.
    scope = user_scope(user)
    home = Division.objects.filter(pk__in=scope.division_ids).order_by("-path").first()
    return departments_by_nearness(home)


class _UserForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "campaign" in self.fields:
            self.fields["campaign"].queryset = restrict(Campaign.objects.all(), user)


class MeetingForm(_UserForm):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=gettext_lazy("专项行动"))
    kind = forms.ChoiceField(choices=MeetingKind.choices, label=gettext_lazy("会议类型"))
    title = forms.CharField(max_length=200, label=gettext_lazy("会议名称"))
    convening_department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=gettext_lazy("召集部门")
    )
    held_on = forms.DateField(widget=DATE, label=gettext_lazy("会议日期"))
    start_time = forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time"}), label=gettext_lazy("开始时间")
    )
    place = forms.CharField(max_length=200, label=gettext_lazy("会议地点"))
    chair = forms.CharField(max_length=100, required=False, label=gettext_lazy("主持人"))
    attending_departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=gettext_lazy("出席单位"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=gettext_lazy("出席人员（每行一人）")
    )
    topics = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=gettext_lazy("会议议题（每行一个）")
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label=gettext_lazy("会议情况")
    )
    recorder = forms.CharField(max_length=64, required=False, label=gettext_lazy("记录人"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["convening_department"].queryset = _my_departments(user)
        self.fields["attending_departments"].queryset = _visible_departments(user)


class DecisionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("议定事项"))
    owner_department = forms.ModelChoiceField(
        queryset=Department.objects.filter(is_active=True), label=gettext_lazy("责任单位")
    )
    cooperating_departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.filter(is_active=True), required=False, label=gettext_lazy("配合单位")
    )
    due_on = forms.DateField(widget=DATE, label=gettext_lazy("完成时限"))


class DecisionProgressForm(forms.Form):
    to = forms.ChoiceField(label=gettext_lazy("状态"))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=gettext_lazy("落实情况")
    )


class ActionForm(_UserForm):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=gettext_lazy("专项行动"))
    kind = forms.ChoiceField(choices=ActionKind.choices, label=gettext_lazy("行动类型"))
    title = forms.CharField(max_length=200, label=gettext_lazy("行动名称"))
    lead_department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=gettext_lazy("牵头单位")
    )
    starts_on = forms.DateField(widget=DATE, label=gettext_lazy("开始日期"))
    ends_on = forms.DateField(widget=DATE, label=gettext_lazy("结束日期"))
    participating_departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=gettext_lazy("参加单位"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    target_kinds = forms.MultipleChoiceField(
        choices=TargetKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("检查对象"),
    )
    officers_deployed = forms.IntegerField(
        required=False, min_value=0, label=gettext_lazy("出动执法人员（人次）")
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=gettext_lazy("行动部署")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["lead_department"].queryset = _my_departments(user)
        self.fields["participating_departments"].queryset = _visible_departments(user)


class LinkForm(forms.Form):
    record_type = forms.ChoiceField(
        choices=[
            ("inspections.inspection", gettext_lazy("现场检查")),
            ("cases.case", gettext_lazy("案件")),
            ("cases.caseaction", gettext_lazy("处置措施")),
            ("market.logisticscheck", gettext_lazy("物流场所检查")),
        ],
        label=gettext_lazy("记录类型"),
    )
    record_id = forms.IntegerField(min_value=1, label=gettext_lazy("记录编号"))


class PublicityForm(_UserForm):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, label=gettext_lazy("专项行动")
    )
    kind = forms.ChoiceField(choices=PublicityKind.choices, label=gettext_lazy("形式"))
    title = forms.CharField(max_length=200, label=gettext_lazy("活动名称"))
    held_on = forms.DateField(widget=DATE, label=gettext_lazy("日期"))
    organiser = forms.ModelChoiceField(queryset=Department.objects.none(), label=gettext_lazy("组织单位"))
    place = forms.CharField(max_length=200, label=gettext_lazy("地点/渠道"))
    audience = forms.IntegerField(
        min_value=0, required=False, initial=0, label=gettext_lazy("参与人数（人次）")
    )
    views = forms.IntegerField(min_value=0, required=False, initial=0, label=gettext_lazy("观看/阅读量"))
    materials_distributed = forms.IntegerField(
        min_value=0, required=False, initial=0, label=gettext_lazy("发放资料（份）")
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=gettext_lazy("内容摘要")
    )
    material = forms.FileField(required=False, label=gettext_lazy("附件（照片、海报、截图）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organiser"].queryset = _my_departments(user)


class UrgentReportForm(_UserForm):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, label=gettext_lazy("专项行动")
    )
    reporting_department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=gettext_lazy("报送单位")
    )
    title = forms.CharField(max_length=200, label=gettext_lazy("标题"))
    occurred_on = forms.DateField(widget=DATE, required=False, label=gettext_lazy("发生日期"))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=gettext_lazy("情况"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["reporting_department"].queryset = _my_departments(user)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(max_length=255, required=False, label=gettext_lazy("签收意见"))


class PhotoForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("照片或记录"))
    description = forms.CharField(max_length=255, required=False, label=gettext_lazy("说明"))
