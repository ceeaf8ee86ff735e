"""The inbox (selectors.share_inbox): shares sent to one of the user's departments whose record
restrict() lets the user see, for every kind of shared record."""

from zhenwei.cases.models import Clue
from zhenwei.cases.selectors import share_inbox
from zhenwei.cases.services import clue_open, share_acknowledge, share_create


def test_inbox_lists_shares_to_own_departments_for_every_kind_of_record(org, make_case):
    a_market, b_market = org.dept(org.a, "market"), org.dept(org.b, "market")
    case = make_case(title="移来的案件", division=org.b, department=b_market)
    clue = clue_open(
        source="other", title="抄送的线索", division=org.b, department=b_market, actor=org.officer_b
    )
    transfer = share_create(target=case, kind="transfer", to_department=a_market, actor=org.officer_b)
    copy = share_create(target=clue, kind="copy", to_department=a_market, actor=org.officer_b)
    to_city = share_create(
        target=case, kind="copy", to_department=org.dept(org.pc, "emergency"), actor=org.officer_b
    )

    assert set(share_inbox(user=org.officer_a)) == {transfer, copy}
    assert set(share_inbox(user=org.office_p)) == {to_city}
    assert set(share_inbox(user=org.officer_b)) == set()
    # A platform administrator sees every record, but an inbox is one's own departments' (none here).
    assert list(share_inbox(user=org.admin)) == []

    share_acknowledge(share=transfer, actor=org.officer_a)
    assert set(share_inbox(user=org.officer_a)) == {copy}
    assert set(share_inbox(user=org.officer_a, include_acknowledged=True)) == {transfer, copy}

    # A share whose record no longer exists is let through by no visibility rule.
    Clue.objects.filter(pk=clue.pk).delete()
    assert set(share_inbox(user=org.officer_a, include_acknowledged=True)) == {transfer}
