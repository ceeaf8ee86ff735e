"""Staff forms of the web watch; they only collect input, the services decide."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenwei.core.access import visible_divisions

from .choices import DiscoveredVia, ReferralTarget, SiteKind, TechService


class SiteRegisterForm(forms.Form):
    url = forms.CharField(label=_("网址"), max_length=2000)
    kind = forms.ChoiceField(label=_("类别"), choices=SiteKind.choices)
    title = forms.CharField(label=_("网站标题或服务商名称"), max_length=200, required=False)
    division = forms.ModelChoiceField(label=_("行政区划"), queryset=None)
    discovered_on = forms.DateField(
        label=_("发现日期"),
        initial=dt.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    discovered_via = forms.ChoiceField(label=_("发现途径"), choices=DiscoveredVia.choices)
    provider_name = forms.CharField(label=_("技术服务提供者"), max_length=200, required=False)
    provider_service = forms.ChoiceField(
        label=_("技术服务类型"), choices=[("", "—"), *TechService.choices], required=False
    )
    description = forms.CharField(
        label=_("情况描述"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = visible_divisions(user).order_by("path")


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("截图或网页文件（图片、PDF）"))
    url = forms.CharField(label=_("取证网址"), max_length=2000, required=False)
    captured_at = forms.DateTimeField(
        label=_("取证时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(label=_("说明"), max_length=255, required=False)


class ReferForm(forms.Form):
    on = forms.DateField(
        label=_("移交日期"),
        initial=dt.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    to_kind = forms.ChoiceField(label=_("移交对象类别"), choices=ReferralTarget.choices)
    to = forms.CharField(label=_("移交对象"), max_length=200)
    number = forms.CharField(label=_("移交文号"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), required=False)


class BlockForm(forms.Form):
    on = forms.DateField(
        label=_("封堵日期"),
        initial=dt.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    method = forms.CharField(label=_("封堵方式"), max_length=200, required=False)
    note = forms.CharField(label=_("说明"), required=False)


class CloseForm(forms.Form):
    on = forms.DateField(
        label=_("排除日期"),
        initial=dt.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("排除理由"), widget=forms.Textarea(attrs={"rows": 2}))


class CheckForm(forms.Form):
    urls = forms.CharField(
        label=_("网址（每行一个）"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    ads = forms.CharField(
        label=_("广告文本（每行一条）"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class PublicCheckForm(forms.Form):
    url = forms.CharField(label=_("网址"), max_length=2000)
