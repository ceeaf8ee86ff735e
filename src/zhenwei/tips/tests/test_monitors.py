"""Village and neighbourhood market monitors (村组市场监督员): the register (audited, scoped, phone
masked), and a monitor's report entered by an officer, which becomes a routed tip."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhenwei.core.models import AuditEntry, EvidenceFile
from zhenwei.tips.choices import TipChannel
from zhenwei.tips.models import MarketMonitor, Tip
from zhenwei.tips.monitors import monitor_create, monitor_report_submit, monitor_update
from zhenwei.tips.services import Attachment, TipInput

pytestmark = pytest.mark.dates

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
REPORT = "村里有人以消防培训为名兜售灭火器，灭火器无身份标识码。"


@pytest.fixture
def monitor(org):
    return monitor_create(
        name="谭春梅",
        village="一镇茶园村",
        department=org.dept(org.t, "market"),
        phone="13896001234",
        appointed_on=timezone.localdate() - dt.timedelta(days=300),
        actor=org.officer_t,
    )


def test_register_is_audited_and_scoped(org, monitor):
    assert monitor.division == org.t
    assert AuditEntry.objects.filter(
        model="tips.marketmonitor", object_id=str(monitor.pk), action="create"
    ).exists()
    with pytest.raises(PermissionDenied):
        monitor_create(
            name="x",
            village="x",
            department=org.dept(org.a, "market"),
            appointed_on=timezone.localdate(),
            actor=org.officer_b,
        )
    with pytest.raises(PermissionDenied):
        monitor_update(monitor=monitor, actor=org.officer_b, active=False)
    with pytest.raises(ValidationError, match="手机号"):
        monitor_update(monitor=monitor, actor=org.officer_a, phone="12")
    monitor_update(monitor=monitor, actor=org.officer_a, active=False)
    monitor.refresh_from_db()
    assert monitor.active is False
    assert AuditEntry.objects.filter(model="tips.marketmonitor", action="update").count() == 1


def test_report_becomes_a_routed_tip_linked_to_the_monitor(org, cats, monitor):
    tip = monitor_report_submit(
        monitor=monitor,
        actor=org.officer_t,
        data=TipInput(
            description=REPORT,
            division=None,
            category=cats.ext,
            address="茶园村村委会",
            occurred_on=timezone.localdate(),
            attachments=[
                Attachment(fileobj=SimpleUploadedFile("p.png", PNG), name="p.png", content_type="image/png")
            ],
        ),
    )
    tip.refresh_from_db()
    assert tip.channel == TipChannel.MARKET_MONITOR and tip.monitor == monitor
    assert tip.division == org.t and tip.anonymous and tip.reporter_phone == ""
    # Routed like any tip: extinguishers in county A (and below) are led by market supervision.
    assert tip.lead_department == org.dept(org.t, "market")
    assert EvidenceFile.objects.filter(object_id=tip.pk, description="监督员报告附件").count() == 1
    assert AuditEntry.objects.filter(
        model="tips.tip", object_id=str(tip.pk), note__startswith="market monitor"
    ).exists()


def test_report_refused_for_another_county_an_inactive_monitor_and_the_public(org, cats, monitor):
    data = TipInput(description=REPORT, division=None, category=cats.ext)
    with pytest.raises(PermissionDenied):
        monitor_report_submit(monitor=monitor, actor=org.officer_b, data=data)
    with pytest.raises(PermissionDenied):
        monitor_report_submit(monitor=monitor, actor=None, data=data)
    with pytest.raises(ValidationError, match="报告地点"):
        monitor_report_submit(
            monitor=monitor, actor=org.officer_a, data=TipInput(description=REPORT, division=org.a)
        )
    monitor_update(monitor=monitor, actor=org.officer_a, active=False)
    with pytest.raises(ValidationError, match="不在任"):
        monitor_report_submit(monitor=monitor, actor=org.officer_t, data=data)
    assert not Tip.objects.exists()


def test_a_refused_photo_leaves_no_tip(org, cats, monitor):
    with pytest.raises(ValidationError):
        monitor_report_submit(
            monitor=monitor,
            actor=org.officer_t,
            data=TipInput(
                description=REPORT,
                division=org.t,
                attachments=[Attachment(fileobj=SimpleUploadedFile("p.png", b"MZ\x90 exe"), name="p.png")],
            ),
        )
    assert not Tip.objects.exists()


def test_api_register_report_and_masking(org, cats, monitor, as_user):
    api = as_user(org.officer_a)
    rows = api.get("/api/v1/tip-monitors/").json()["results"]
    assert rows[0]["phone"] == "13896001234"  # officers hold "pii" in their county
    viewer = as_user(org.viewer_a).get("/api/v1/tip-monitors/").json()["results"]
    assert viewer[0]["phone"] == "138****1234"
    r = as_user(org.officer_a).post(
        "/api/v1/tip-monitors/",
        {
            "name": "黄德明",
            "village": "滨江社区",
            "department": org.dept(org.a, "market").pk,
            "phone": "13708231122",
            "appointed_on": str(timezone.localdate()),
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    r = as_user(org.officer_a).post(
        f"/api/v1/tip-monitors/{monitor.pk}/report/",
        {
            "description": REPORT,
            "occurred_on": str(timezone.localdate()),
            "address": "茶园村",
            "category": "fire-extinguisher",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["channel"] == "monitor" and r.json()["monitor"] == monitor.pk
    assert (
        as_user(org.officer_a).get(f"/api/v1/tips/?channel=monitor&monitor={monitor.pk}").json()["count"] == 1
    )
    other = as_user(org.officer_b)
    assert other.get(f"/api/v1/tip-monitors/{monitor.pk}/").status_code == 404
    r = other.post(
        f"/api/v1/tip-monitors/{monitor.pk}/report/",
        {"description": REPORT, "occurred_on": str(timezone.localdate()), "address": "x"},
        format="json",
    )
    assert r.status_code == 404
    assert (
        other.patch(f"/api/v1/tip-monitors/{monitor.pk}/", {"active": False}, format="json").status_code
        == 404
    )
    assert Tip.objects.count() == 1
    # The hotline entry does not offer the monitor channel (it would leave the monitor unlinked).
    r = as_user(org.hotline_a).post(
        "/api/v1/tips/", {"channel": "monitor", "description": REPORT, "division": org.a.code}, format="json"
    )
    assert r.status_code == 400


def test_pages_manage_and_report(org, cats, monitor):
    c = Client()
    c.force_login(org.officer_a)
    listing = c.get("/staff/tips/monitors/").content.decode()
    assert "谭春梅" in listing and "13896001234" in listing
    r = c.post(
        "/staff/tips/monitors/new/",
        {
            "name": "向国华",
            "village": "龙洞村",
            "department": org.dept(org.a, "market").pk,
            "division": org.t.pk,
            "phone": "13896005678",
            "appointed_on": str(timezone.localdate()),
            "active": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    new = MarketMonitor.objects.get(name="向国华")
    assert new.division == org.t
    assert c.get(f"/staff/tips/monitors/{new.pk}/").status_code == 200
    r = c.post(
        f"/staff/tips/monitors/{monitor.pk}/report/",
        {
            "wrong_kind": "counterfeit",
            "category": cats.ext.pk,
            "address": "茶园村",
            "occurred_on": str(timezone.localdate()),
            "description": REPORT,
            "attachments": [SimpleUploadedFile("p.png", PNG, content_type="image/png")],
        },
    )
    tip = Tip.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/tips/{tip.pk}/")
    assert tip.monitor == monitor and tip.channel == "monitor"
    assert tip.number in c.get(f"/staff/tips/monitors/{monitor.pk}/").content.decode()
    r = c.post(f"/staff/tips/monitors/{monitor.pk}/report/", {"description": "太短"})
    assert r.status_code == 200 and Tip.objects.count() == 1
    viewer = Client()
    viewer.force_login(org.viewer_a)
    assert "138****1234" in viewer.get("/staff/tips/monitors/").content.decode()
    assert viewer.get(f"/staff/tips/monitors/{monitor.pk}/report/").status_code == 404
    b = Client()
    b.force_login(org.officer_b)
    assert b.get(f"/staff/tips/monitors/{monitor.pk}/").status_code == 404
    assert "谭春梅" not in b.get("/staff/tips/monitors/").content.decode()
