"""Signing for a transfer or copy marks read the notices that asked the receiving department to sign."""

from django.test import Client

from zhenwei.cases.services import share_acknowledge, share_create
from zhenwei.core.choices import Role
from zhenwei.core.tests.factories import user_with_role
from zhenwei.notifications.models import Notification


def _unread(api, user) -> int:
    return api(user).get("/api/v1/notifications/unread-count/").json()["unread"]


def test_acknowledging_a_transfer_over_the_api_reads_it_for_every_member(org, make_case, as_user):
    dept_b = org.dept(org.b, "market")
    colleague = user_with_role("officer_b2", dept_b, Role.OFFICER)
    case = make_case(title="移交的灭火器案")
    other = make_case(title="另一起移交")
    assert (
        as_user(org.officer_a)
        .post(
            f"/api/v1/cases/{case.pk}/share/", {"kind": "transfer", "to_department": dept_b.pk}, format="json"
        )
        .status_code
        == 201
    )
    share_create(target=other, kind="transfer", to_department=dept_b, actor=org.officer_a)
    assert _unread(as_user, org.officer_b) == 2 and _unread(as_user, colleague) == 2

    share_id = next(
        s["id"]
        for s in as_user(org.officer_b).get("/api/v1/case-shares/").json()["results"]
        if s["object_id"] == case.pk
    )
    assert (
        as_user(org.officer_b)
        .post(f"/api/v1/case-shares/{share_id}/acknowledge/", {}, format="json")
        .status_code
        == 200
    )

    for user in (org.officer_b, colleague):
        n = Notification.objects.get(recipient=user, kind="transfer", source_id=case.pk)
        assert n.read_at is not None
        # The other transfer has not been signed for: its notice stays unread.
        assert Notification.objects.get(recipient=user, kind="transfer", source_id=other.pk).read_at is None
    assert _unread(as_user, org.officer_b) == 1 and _unread(as_user, colleague) == 1


def test_signing_a_copy_on_the_inbox_page_drops_the_badge(org, make_case):
    dept_b = org.dept(org.b, "market")
    share = share_create(target=make_case(), kind="copy", to_department=dept_b, actor=org.officer_a)
    client = Client()
    client.force_login(org.officer_b)
    assert ">1<" in client.get("/staff/notifications/badge/").content.decode()
    r = client.post(f"/staff/cases/inbox/{share.pk}/acknowledge/")
    assert r.status_code == 302
    assert Notification.objects.get(recipient=org.officer_b, kind="copy").read_at is not None
    assert ">1<" not in client.get("/staff/notifications/badge/").content.decode()


def test_a_second_transfer_of_the_same_case_keeps_its_own_notice(org, make_case):
    """Two departments receive the same case; one signing does not read the other's notice."""
    case = make_case()
    emergency_b = user_with_role("emergency_b", org.dept(org.b, "emergency"), Role.OFFICER)
    to_b = share_create(
        target=case, kind="transfer", to_department=org.dept(org.b, "market"), actor=org.officer_a
    )
    share_create(target=case, kind="copy", to_department=org.dept(org.b, "emergency"), actor=org.officer_a)
    share_acknowledge(share=to_b, actor=org.officer_b)
    assert Notification.objects.get(recipient=org.officer_b, kind="transfer").read_at is not None
    assert Notification.objects.get(recipient=emergency_b, kind="copy").read_at is None


def test_signing_after_escalation_reads_the_overdue_notice_of_the_receiver_only(org, make_case):
    import datetime as dt

    from zhenwei.cases.services import shares_escalate

    case = make_case()
    share = share_create(
        target=case,
        kind="transfer",
        to_department=org.dept(org.b, "market"),
        from_department=case.department,
        actor=org.officer_a,
        on=dt.date(2025, 9, 1),
    )
    assert shares_escalate(today=dt.date(2025, 12, 1))
    assert Notification.objects.get(recipient=org.officer_b, kind="overdue").read_at is None
    share_acknowledge(share=share, actor=org.officer_b)
    assert Notification.objects.get(recipient=org.officer_b, kind="overdue").read_at is not None
    # The campaign office that was told to supervise keeps its notice until it reads it.
    assert Notification.objects.get(recipient=org.office_p, kind="overdue").read_at is None
