"""Helpers shared by the campaign office's test modules (test_office, test_office_duties)."""

from __future__ import annotations

import datetime as dt
import io

from django.test import Client
from django.utils import timezone

from zhenwei.campaigns import services
from zhenwei.campaigns.models import Campaign
from zhenwei.core.choices import Role
from zhenwei.core.models import AuditEntry
from zhenwei.core.tests.factories import user_with_role


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def docx_bytes(text: str = "实施方案") -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def make_office(org):
    """Campaign offices of county 甲 and county 乙."""
    org.office_a = user_with_role("office_a", org.dept(org.a, "emergency"), Role.CAMPAIGN_OFFICE)
    org.office_b = user_with_role("office_b", org.dept(org.b, "emergency"), Role.CAMPAIGN_OFFICE)
    return org


def make_campaign(office) -> Campaign:
    today = timezone.localdate()
    return services.campaign_save(
        campaign=Campaign(
            title="甲县打击假冒安全生产证书专项行动",
            kind="fake_certificates",
            doc_number="甲安办发〔2026〕3号",
            division=office.a,
            lead_department=office.dept(office.a, "emergency"),
            starts_on=today - dt.timedelta(days=90),
            ends_on=today + dt.timedelta(days=90),
        ),
        actor=office.office_a,
    )


def audits(obj, action=None):
    qs = AuditEntry.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk))
    return qs.filter(action=action) if action else qs
