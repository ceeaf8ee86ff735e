"""The notification service: recipients, dedupe, preferences, immediate delivery, digests, the centre."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from zhenwei.notifications.models import Delivery, Notification
from zhenwei.notifications.services import digest_send, notify, preference_set
from zhenwei.notifications.sms import MemorySmsBackend

SMS = "zhenwei.notifications.sms.MemorySmsBackend"


@pytest.fixture
def people(org):
    for user, email, phone in (
        (org.officer_a, "a@example.cn", "13800138001"),
        (org.officer_b, "b@example.cn", "13800138002"),
        (org.inspector_a, "", ""),
    ):
        user.email, user.phone = email, phone
        user.save()
    MemorySmsBackend.outbox.clear()
    return org


def test_departments_expand_to_active_members(people):
    org = people
    dept = org.dept(org.a, "market")
    m = org.officer_a.memberships.get()
    n = notify(kind="other", title="部门通知", departments=[dept])
    assert n == 1 and Notification.objects.get().recipient == org.officer_a
    m.is_active = False
    m.save()
    assert notify(kind="other", title="再次通知", departments=[dept]) == 0


def test_users_and_departments_are_deduplicated(people):
    org = people
    n = notify(
        kind="other",
        title="t",
        users=[org.officer_a, org.officer_a.pk],
        departments=[org.dept(org.a, "market")],
    )
    assert n == 1


def test_dedupe_key_never_sends_twice_to_the_same_user(people):
    org = people
    assert notify(kind="due", title="到期", users=[org.officer_a], dedupe_key="k1") == 1
    assert notify(kind="due", title="到期", users=[org.officer_a], dedupe_key="k1") == 0
    # a new recipient for the same key still gets it, the old one does not
    assert notify(kind="due", title="到期", users=[org.officer_a, org.officer_b], dedupe_key="k1") == 1
    assert Notification.objects.filter(dedupe_key="k1").count() == 2


def test_without_dedupe_key_each_call_creates(people):
    org = people
    notify(kind="other", title="x", users=[org.officer_a])
    notify(kind="other", title="x", users=[org.officer_a])
    assert Notification.objects.count() == 2


@override_settings(SMS_BACKEND=SMS)
def test_immediate_email_is_sent_once(people, django_capture_on_commit_callbacks):
    org = people
    preference_set(user=org.officer_a, channel="email", mode="immediate")
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="transfer", title="请签收移交", url="/staff/", users=[org.officer_a, org.officer_b])
    # officer_b keeps the default (digest): no mail now
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    assert "请签收移交" in mail.outbox[0].subject
    assert MemorySmsBackend.outbox == []  # default SMS mode is urgent only
    # the digest later must not mail officer_a's notification again
    digest_send()
    assert sum(1 for m in mail.outbox if m.to == ["a@example.cn"]) == 1
    assert [m.to for m in mail.outbox][1:] == [["b@example.cn"]]


@override_settings(SMS_BACKEND=SMS)
def test_urgent_kinds_go_by_sms_at_once_unless_switched_off(people, django_capture_on_commit_callbacks):
    org = people
    preference_set(user=org.officer_b, channel="sms", mode="off")
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="urgent_report", title="重要情况", users=[org.officer_a, org.officer_b])
    assert [p for p, _ in MemorySmsBackend.outbox] == ["13800138001"]
    assert "重要情况" in MemorySmsBackend.outbox[0][1]
    # urgent e-mail goes at once even for digest users
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cn", "b@example.cn"]


def test_digest_sends_one_message_per_user_and_never_twice(people):
    org = people
    for i in range(3):
        notify(kind="due", title=f"事项{i}", users=[org.officer_a])
    stats = digest_send()
    assert stats["messages"] == 1 and stats["notifications"] == 3
    assert len(mail.outbox) == 1 and "3 条" in mail.outbox[0].subject
    assert "事项0" in mail.outbox[0].body and "事项2" in mail.outbox[0].body
    assert digest_send()["messages"] == 0
    assert len(mail.outbox) == 1
    notify(kind="due", title="事项3", users=[org.officer_a])
    digest_send()
    assert len(mail.outbox) == 2 and "事项3" in mail.outbox[1].body and "事项0" not in mail.outbox[1].body


def test_digest_leaves_out_read_and_old_notifications_and_off_users(people):
    org = people
    notify(kind="due", title="已读的", users=[org.officer_a])
    Notification.objects.update(read_at=timezone.now())
    notify(kind="due", title="很久以前", users=[org.officer_a])
    Notification.objects.filter(title="很久以前").update(created_at=timezone.now() - dt.timedelta(days=30))
    preference_set(user=org.officer_b, channel="email", mode="off")
    notify(kind="due", title="不要邮件", users=[org.officer_b])
    assert digest_send()["messages"] == 0
    assert mail.outbox == []


def test_digest_without_address_is_recorded_not_retried(people):
    org = people
    notify(kind="due", title="无邮箱", users=[org.inspector_a])
    assert digest_send()["skipped"] == 1
    assert Delivery.objects.get().status == "skipped"
    assert digest_send()["skipped"] == 0


def test_send_digest_command(people):
    org = people
    notify(kind="due", title="命令", users=[org.officer_a])
    out = StringIO()
    call_command("notifications", "send-digest", stdout=out)
    assert "1 messages" in out.getvalue()
    out = StringIO()
    call_command("notifications", "send-digest", stdout=out)
    assert "0 messages" in out.getvalue()


def test_preference_rejects_unknown_mode(people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        preference_set(user=people.officer_a, channel="email", mode="sometimes")


def test_api_lists_only_own_and_marks_read(people, as_user):
    org = people
    notify(kind="due", title="给A", users=[org.officer_a])
    notify(kind="due", title="给B", users=[org.officer_b])
    client = as_user(org.officer_a)
    data = client.get("/api/v1/notifications/").json()
    assert [r["title"] for r in data["results"]] == ["给A"]
    other = Notification.objects.get(title="给B")
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    mine = Notification.objects.get(title="给A")
    assert client.post(f"/api/v1/notifications/{mine.pk}/read/").json()["is_read"] is True
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert client.get("/api/v1/notifications/?unread=true").json()["results"] == []


def test_api_preferences(people, as_user):
    client = as_user(people.officer_a)
    prefs = client.get("/api/v1/notifications/preferences/").json()
    assert {"channel": "email", "mode": "digest"} in prefs
    r = client.put(
        "/api/v1/notifications/preferences/", {"channel": "sms", "mode": "immediate"}, format="json"
    )
    assert {"channel": "sms", "mode": "immediate"} in r.json()
    assert (
        client.put(
            "/api/v1/notifications/preferences/", {"channel": "sms", "mode": "x"}, format="json"
        ).status_code
        == 400
    )


def test_centre_page_badge_and_mark_all(people, client):
    org = people
    notify(kind="due", title="页面通知", url="/staff/", users=[org.officer_a])
    client.force_login(org.officer_a)
    page = client.get("/staff/notifications/")
    assert page.status_code == 200 and "页面通知" in page.content.decode()
    badge = client.get("/staff/notifications/badge/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-unread="1"' in badge
    note = Notification.objects.get()
    assert client.get(f"/staff/notifications/{note.pk}/open/").url == "/staff/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert "data-unread" not in client.get("/staff/notifications/badge/").content.decode()


def test_preferences_page_saves(people, client):
    client.force_login(people.officer_a)
    assert client.get("/staff/notifications/preferences/").status_code == 200
    client.post("/staff/notifications/preferences/", {"email": "immediate", "sms": "off"})
    from zhenwei.notifications.services import preference_modes

    assert preference_modes(people.officer_a.pk) == {"email": "immediate", "sms": "off"}


def test_badge_template_tag(people, rf):
    from django.template import Context, Template

    notify(kind="due", title="x", users=[people.officer_a])
    request = rf.get("/")
    request.user = people.officer_a
    html = Template("{% load notifications_tags %}{% notification_badge %}").render(
        Context({"request": request})
    )
    assert 'hx-get="/staff/notifications/badge/"' in html and ">1<" in html


def test_single_user_department_and_querysets_are_accepted(people):
    from zhenwei.core.models import Department, User

    org = people
    assert notify(kind="other", title="单个用户", users=org.officer_a) == 1
    assert notify(kind="other", title="单个部门", departments=org.dept(org.b, "market")) == 1
    assert (
        notify(
            kind="other",
            title="查询集",
            users=User.objects.filter(username__in=["officer_a", "officer_t"]),
            departments=Department.objects.none(),
        )
        == 2
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        notify(kind="", title="无类型", users=[org.officer_a])


def test_mark_read_by_source_for_a_department_and_one_sending(people):
    from django.core.exceptions import ValidationError

    from zhenwei.notifications.services import notification_mark_read_by_source

    org = people
    dept = org.dept(org.a, "market")
    source = org.a  # any saved record serves as the source
    notify(kind="transfer", title="第一次", departments=[dept], source_object=source, dedupe_key="share:1")
    notify(kind="transfer", title="第二次", departments=[dept], source_object=source, dedupe_key="share:2")
    notify(
        kind="transfer", title="别的部门", users=[org.officer_b], source_object=source, dedupe_key="share:1"
    )
    # A member who left since the notice was sent: the notice was about the department, it goes too.
    org.officer_a.memberships.update(is_active=False)
    marked = notification_mark_read_by_source(
        source_object=source, departments=[dept], kind="transfer", dedupe_key="share:1"
    )
    assert marked == 1
    assert Notification.objects.get(title="第一次").read_at is not None
    assert Notification.objects.get(title="第二次").read_at is None
    assert Notification.objects.get(title="别的部门").read_at is None
    with pytest.raises(ValidationError):
        notification_mark_read_by_source(source_object=source)
