"""Forms of the staff pages; they only collect input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.choices import Domain
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.models import Department, Division
from zhenwei.core.pickers import DepartmentChoiceField, departments_by_nearness
from zhenwei.registry.models import Enterprise

from .choices import ActionKind, CaseKind, CaseStatus, ClueSource

# An <input type="date"> only takes YYYY-MM-DD; the zh-hans input format (YYYY/MM/DD) left it empty.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseCreateForm(forms.Form):
    title = forms.CharField(label=_("案由"), max_length=200)
    kind = forms.ChoiceField(label=_("案件类型"), choices=CaseKind.choices)
    source = forms.ChoiceField(label=_("来源"), choices=ClueSource.choices, initial=ClueSource.OTHER)
    division = forms.ModelChoiceField(label=_("行政区划"), queryset=Division.objects.none())
    department = forms.ModelChoiceField(
        label=_("承办部门"), queryset=Department.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("产品类别"), queryset=ProductCategory.objects.all(), required=False
    )
    domain = forms.ChoiceField(label=_("领域"), choices=[("", "—"), *Domain.choices], required=False)
    enterprise = forms.ModelChoiceField(
        label=_("当事单位"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=_("登记在册的生产经营单位（如假证案件的用人单位）"),
    )
    party_name = forms.CharField(label=_("当事人"), max_length=200, required=False)
    summary = forms.CharField(label=_("简要案情"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("变更为"), choices=CaseStatus.choices)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActionAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("措施"), choices=[c for c in ActionKind.choices if c[0] != "follow_up"])
    title = forms.CharField(label=_("事项"), max_length=200, required=False)
    due_on = forms.DateField(label=_("期限"), required=False, widget=DATE)
    document_number = forms.CharField(label=_("文书编号"), max_length=100, required=False)
    recipient = forms.CharField(label=_("函告/移送对象"), max_length=200, required=False)
    place = forms.CharField(label=_("地点/对象"), max_length=255, required=False)


class ActionCompleteForm(forms.Form):
    outcome = forms.CharField(label=_("结果"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(label=_("完成日期"), required=False, widget=DATE)
    recheck_passed = forms.NullBooleanField(
        label=_("复查结论"),
        required=False,
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("合格")), ("false", _("不合格"))]),
    )
    fine_yuan = forms.DecimalField(label=_("罚款（元）"), required=False, min_value=0)
    confiscated_yuan = forms.DecimalField(label=_("没收违法所得（元）"), required=False, min_value=0)
    goods_value_yuan = forms.DecimalField(label=_("涉案货值（元）"), required=False, min_value=0)
    quantity_seized = forms.DecimalField(label=_("查封扣押数量"), required=False, min_value=0)
    quantity_recalled = forms.DecimalField(label=_("召回数量"), required=False, min_value=0)
    quantity_destroyed = forms.DecimalField(label=_("销毁数量"), required=False, min_value=0)
    unit = forms.CharField(label=_("单位"), max_length=16, required=False)
    suspension_days = forms.IntegerField(label=_("停产整顿天数"), required=False, min_value=0)


class PoliceProgressForm(forms.Form):
    police_received_on = forms.DateField(label=_("公安回执日期"), required=False, widget=DATE)
    police_decision = forms.ChoiceField(
        label=_("立案决定"),
        choices=[("", _("待决定")), ("filed", _("立案侦查")), ("not_filed", _("不予立案"))],
        required=False,
    )
    police_decision_on = forms.DateField(label=_("决定日期"), required=False, widget=DATE)
    police_case_number = forms.CharField(label=_("刑事案件编号"), max_length=100, required=False)


class ShareForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("方式"), choices=[("transfer", _("移交（对方办理）")), ("copy", _("抄送（对方知悉）"))]
    )
    to_department = DepartmentChoiceField(label=_("接收部门"), queryset=Department.objects.none())
    reason = forms.CharField(label=_("事由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Nearest first; the case's own department is left out (share_create refuses it).
        division = case.division if case is not None else None
        sender = case.department_id if case is not None else None
        self.fields["to_department"].queryset = departments_by_nearness(division, exclude=(sender,))


class FlowTraceForm(forms.Form):
    places = forms.CharField(
        label=_("流向地（每行：单位/地点 | 区划代码 | 数量）"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("万州区某消防器材店 | 500101 | 20")}),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("照片或文件"))
    description = forms.CharField(label=_("说明"), max_length=255, required=False)


class TriageForm(forms.Form):
    decision = forms.ChoiceField(label=_("研判结论"), choices=[("case", _("立案")), ("close", _("了结"))])
    kind = forms.ChoiceField(label=_("案件类型"), choices=CaseKind.choices, initial=CaseKind.OTHER)
    reason = forms.CharField(label=_("了结理由"), required=False)
