"""Forms of the self-check and certificate-check pages; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenwei.core.access import restrict, visible_divisions
from zhenwei.core.models import Department
from zhenwei.registry.models import Enterprise

from .models import Campaign

# An <input type="date"> only takes YYYY-MM-DD.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNT = {"min_value": 0, "max_value": 1_000_000, "initial": 0}


def _campaigns(user):
    from .checks_selectors import campaign_choices

    return campaign_choices(user=user)


def _enterprises(user):
    return restrict(
        Enterprise.objects.filter(is_active=True).select_related("division"), user, "change"
    ).order_by("name")


class SelfCheckForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("专项行动"), queryset=Campaign.objects.none())
    enterprise = forms.ModelChoiceField(label=_("生产经营单位"), queryset=Enterprise.objects.none())
    checked_on = forms.DateField(label=_("自查日期"), widget=DATE)
    persons_checked = forms.IntegerField(label=_("核查人数"), **COUNT)
    fake_found = forms.IntegerField(label=_("发现假冒证件（人）"), **COUNT)
    expired_found = forms.IntegerField(label=_("发现逾期证件（人）"), **COUNT)
    reported = forms.IntegerField(label=_("上报处理（人）"), **COUNT)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)
    measures = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rectify_by = forms.DateField(label=_("整改期限"), required=False, widget=DATE)
    rectified_on = forms.DateField(label=_("整改完成日期"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns(user)
        self.fields["enterprise"].queryset = _enterprises(user)


class SelfCheckEditForm(SelfCheckForm):
    """The same form without campaign and enterprise, which a correction does not change."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["campaign"]
        del self.fields["enterprise"]


class RectifyForm(forms.Form):
    rectified_on = forms.DateField(label=_("整改完成日期"), required=False, widget=DATE)
    measures = forms.CharField(label=_("整改措施"), required=False, max_length=2000)


class CertificateCheckForm(forms.Form):
    """A check entered by hand; with ``file``, a check made from the uploaded staff list instead."""

    campaign = forms.ModelChoiceField(label=_("专项行动"), queryset=Campaign.objects.none(), required=False)
    enterprise = forms.ModelChoiceField(label=_("生产经营单位"), queryset=Enterprise.objects.none())
    department = forms.ModelChoiceField(label=_("检查部门"), queryset=Department.objects.none())
    checked_on = forms.DateField(label=_("检查日期"), widget=DATE)
    persons_checked = forms.IntegerField(label=_("核查人数"), **COUNT)
    fake_found = forms.IntegerField(label=_("发现假证（个）"), **COUNT)
    expired_found = forms.IntegerField(label=_("逾期证件（个）"), **COUNT)
    missing_found = forms.IntegerField(label=_("未持证（个）"), **COUNT)
    persons_reported = forms.IntegerField(label=_("上报处理（人）"), **COUNT)
    ordered_to_rectify = forms.BooleanField(label=_("责令整改"), required=False)
    suspended = forms.BooleanField(label=_("停产整顿"), required=False)
    note = forms.CharField(label=_("检查情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns(user)
        self.fields["enterprise"].queryset = _enterprises(user)
        self.fields["department"].queryset = Department.objects.filter(
            is_active=True, division__in=visible_divisions(user)
        ).order_by("division__code", "name")


class CertificateCheckUploadForm(CertificateCheckForm):
    """逐人逐证: the staff list is checked by the bulk check and the counts come from its verdicts."""

    file = forms.FileField(
        label=_("人员名单（CSV 或 XLSX：姓名、身份证号、证书编号）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("persons_checked", "fake_found", "expired_found", "missing_found"):
            del self.fields[name]


class CertificateCheckEditForm(forms.Form):
    """Corrections; the counts only for a check entered by hand."""

    checked_on = forms.DateField(label=_("检查日期"), widget=DATE)
    persons_checked = forms.IntegerField(label=_("核查人数"), **COUNT)
    fake_found = forms.IntegerField(label=_("发现假证（个）"), **COUNT)
    expired_found = forms.IntegerField(label=_("逾期证件（个）"), **COUNT)
    missing_found = forms.IntegerField(label=_("未持证（个）"), **COUNT)
    persons_reported = forms.IntegerField(label=_("上报处理（人）"), **COUNT)
    ordered_to_rectify = forms.BooleanField(label=_("责令整改"), required=False)
    suspended = forms.BooleanField(label=_("停产整顿"), required=False)
    note = forms.CharField(label=_("检查情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, bulk: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if bulk:
            for name in ("persons_checked", "fake_found", "expired_found", "missing_found"):
                del self.fields[name]
