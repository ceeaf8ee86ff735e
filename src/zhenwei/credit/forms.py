"""Staff forms of credit lists and disclosures; the services decide."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenwei.core.access import visible_divisions

from .choices import ListKind, SubjectKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CreditEntryForm(forms.Form):
    list_kind = forms.ChoiceField(label=_("名单类别"), choices=ListKind.choices)
    subject_kind = forms.ChoiceField(label=_("主体类别"), choices=SubjectKind.choices)
    subject_name = forms.CharField(label=_("主体名称"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    id_number = forms.CharField(label=_("身份证号码（自然人）"), max_length=18, required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=64, required=False)
    reason = forms.CharField(label=_("列入事由"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(
        label=_("列入依据"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    deciding_authority = forms.CharField(label=_("决定机关"), max_length=100)
    decision_number = forms.CharField(label=_("决定文书号"), max_length=100)
    decision_date = forms.DateField(label=_("决定日期"), widget=DATE)
    publication_start = forms.DateField(label=_("公示起始日期"), widget=DATE)
    publication_end = forms.DateField(label=_("公示截止日期"), widget=DATE, required=False)
    appeal_route = forms.CharField(
        label=_("救济途径"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    division = forms.ModelChoiceField(label=_("行政区划"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = visible_divisions(user).order_by("path")


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("决定文书号"), max_length=100)
    on = forms.DateField(label=_("日期"), initial=dt.date.today, widget=DATE)
    note = forms.CharField(label=_("理由或说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DisclosureForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    summary = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    published_on = forms.DateField(label=_("公示日期"), initial=dt.date.today, widget=DATE)
    field_names = forms.MultipleChoiceField(
        label=_("公示字段（只列出标记为可公示的字段）"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_names"].choices = choices
        self.fields["field_names"].initial = [c for c, _ in choices]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500)
