"""Forms of the inspection pages (mobile-first); services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenwei.campaigns.models import Campaign
from zhenwei.catalog.choices import Domain
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.models import Department, Division

from .choices import CustodyAction, ReasonCode

# An <input type="date"> only takes YYYY-MM-DD; the zh-hans input format (YYYY/MM/DD) left it empty.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("计划名称"), max_length=200)
    campaign = forms.ModelChoiceField(label=_("专项行动"), queryset=Campaign.objects.all(), required=False)
    domain = forms.ChoiceField(label=_("领域"), choices=Domain.choices)
    categories = forms.ModelMultipleChoiceField(
        label=_("产品类别"),
        queryset=ProductCategory.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    division = forms.ModelChoiceField(label=_("组织区划"), queryset=Division.objects.none())
    divisions = forms.ModelMultipleChoiceField(
        label=_("抽查范围（留空为组织区划全部）"),
        queryset=Division.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    department = forms.ModelChoiceField(label=_("组织部门"), queryset=Department.objects.none())
    target_count = forms.IntegerField(label=_("抽取数量"), required=False, min_value=1)
    target_percent = forms.DecimalField(
        label=_("或抽取比例（%）"), required=False, min_value=0, max_value=100
    )
    inspectors_per_target = forms.IntegerField(label=_("每户检查人员数"), initial=2, min_value=2, max_value=5)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)


class DrawForm(forms.Form):
    seed = forms.CharField(
        label=_("随机种子（可填公开的摇号数；留空自动生成）"), max_length=64, required=False
    )


class InspectionForm(forms.Form):
    category = forms.ModelChoiceField(label=_("产品类别"), queryset=ProductCategory.objects.all())
    subject_name = forms.CharField(label=_("被检查单位"), max_length=200)
    place = forms.CharField(label=_("检查地点"), max_length=255)
    division = forms.ModelChoiceField(label=_("行政区划"), queryset=Division.objects.none())
    department = forms.ModelChoiceField(label=_("检查部门"), queryset=Department.objects.none())
    domain = forms.ChoiceField(label=_("领域"), choices=Domain.choices)
    product_name = forms.CharField(label=_("产品名称"), max_length=200)
    brand = forms.CharField(label=_("商标"), max_length=100, required=False)
    model = forms.CharField(label=_("规格型号"), max_length=100, required=False)
    batch_no = forms.CharField(label=_("批号/生产日期"), max_length=64, required=False)
    origin = forms.CharField(label=_("生产企业/产地"), max_length=200, required=False)
    quantity = forms.DecimalField(label=_("现场数量"), required=False, min_value=0)
    unit = forms.CharField(label=_("单位"), max_length=16, initial=_("个"), required=False)
    identity_code = forms.CharField(
        label=_("身份标识码（扫码或输入）"),
        max_length=40,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "latin", "autocapitalize": "characters"}
        ),
    )
    inspected_on = forms.DateField(label=_("检查日期"), widget=DATE)
    photo = forms.FileField(
        label=_("现场照片/文件"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*,application/pdf", "capture": "environment"}
        ),
    )
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class JudgeForm(forms.Form):
    judgment = forms.ChoiceField(
        label=_("判定"), choices=[("qualified", _("合格")), ("unqualified", _("不合格"))]
    )
    reason_codes = forms.MultipleChoiceField(
        label=_("判定理由"), choices=ReasonCode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DateForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DATE, required=False)
    note = forms.CharField(label=_("说明"), required=False)


class SampleForm(forms.Form):
    seal_number = forms.CharField(label=_("封条编号"), max_length=60)
    holder = forms.CharField(label=_("样品保管人"), max_length=100)
    quantity = forms.DecimalField(label=_("抽样数量"), initial=1, min_value=0)
    unit = forms.CharField(label=_("单位"), initial=_("个"), max_length=16)
    lab_name = forms.CharField(label=_("检验机构"), max_length=200, required=False)


class CustodyForm(forms.Form):
    action = forms.ChoiceField(
        label=_("环节"), choices=[c for c in CustodyAction.choices if c[0] != "sealed"]
    )
    holder = forms.CharField(label=_("接收人/保管人"), max_length=100)
    at = forms.DateTimeField(
        label=_("时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    seal_number = forms.CharField(label=_("封条编号"), max_length=60, required=False)
    seal_intact = forms.BooleanField(label=_("封条完好"), required=False, initial=True)
    lab_name = forms.CharField(label=_("检验机构"), max_length=200, required=False)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("检验结论"), choices=[("qualified", _("合格")), ("unqualified", _("不合格"))]
    )
    result_on = forms.DateField(label=_("结论日期"), widget=DATE, required=False)
    report_number = forms.CharField(label=_("报告编号"), max_length=60, required=False)
    detail = forms.CharField(label=_("不合格项目/说明"), required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("照片或文件"), widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"})
    )
    description = forms.CharField(label=_("说明"), max_length=255, required=False)
