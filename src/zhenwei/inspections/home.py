"""Waiting items: inspections awaiting service of the judgment, lab sending, or lab results."""

from django.urls import reverse
from django.utils.translation import gettext

from zhenwei.core.waiting import WaitingItem

from .selectors import inspections_awaiting


def waiting(user) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=f"{item.what}：{item.inspection.subject_name} {item.inspection.product_name}",
            url=reverse("inspections:inspection-detail", args=[item.inspection.pk]),
            app=gettext("监督检查"),
            due=item.due,
            detail=gettext("判定日期 %(date)s") % {"date": item.inspection.judged_on},
        )
        for item in inspections_awaiting(user=user)[:50]
    ]
