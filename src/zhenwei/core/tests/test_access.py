import pytest
from django.contrib.contenttypes.models import ContentType

from zhenwei.core.access import can_access, restrict, user_scope
from zhenwei.core.choices import ShareKind
from zhenwei.core.models import Department, Share


def test_officer_sees_own_county_and_below_but_not_sibling(org):
    visible = set(restrict(Department.objects.all(), org.officer_a).values_list("division__code", flat=True))
    assert visible == {org.a.code, org.t.code}


def test_parent_office_sees_both_counties(org):
    visible = set(restrict(Department.objects.all(), org.office_p).values_list("division__code", flat=True))
    assert {org.a.code, org.b.code, org.t.code, org.pc.code} <= visible
    assert org.p.code not in visible


def test_town_officer_sees_only_town(org):
    visible = set(restrict(Department.objects.all(), org.officer_t).values_list("division__code", flat=True))
    assert visible == {org.t.code}


def test_viewer_reads_but_cannot_change(org):
    assert restrict(Department.objects.all(), org.viewer_a).exists()
    assert not restrict(Department.objects.all(), org.viewer_a, "change").exists()


def test_anonymous_sees_nothing(org):
    from django.contrib.auth.models import AnonymousUser

    assert not restrict(Department.objects.all(), AnonymousUser()).exists()


def test_admin_sees_everything(org):
    assert restrict(Department.objects.all(), org.admin).count() == Department.objects.count()


def test_transfer_and_copy_widen_visibility_to_receiving_department(org):
    record = org.dept(org.b, "emergency")  # a record of county B
    assert not can_access(org.officer_a, record)
    ct = ContentType.objects.get_for_model(Department)
    share = Share.objects.create(
        content_type=ct, object_id=record.pk, kind=ShareKind.COPY, to_department=org.dept(org.a, "market")
    )
    org.officer_a._zhenwei_scope = None
    del org.officer_a._zhenwei_scope
    assert can_access(org.officer_a, record)
    assert not can_access(org.officer_a, record, "change"), "a copy informs, it does not hand over"
    share.kind = ShareKind.TRANSFER
    share.save()
    assert can_access(org.officer_a, record, "change")


def test_scope_capabilities_follow_roles(org):
    assert user_scope(org.hotline_a).can("tipster")
    assert not user_scope(org.inspector_a).can("pii")
    assert user_scope(org.office_p).can_in("audit", org.a)
    assert not user_scope(org.officer_b).can_in("change", org.a)


@pytest.mark.parametrize("username", ["officer_a", "officer_b", "viewer_a"])
def test_every_user_scope_is_cached_per_request_object(org, username, django_assert_num_queries):
    user = getattr(org, username)
    user_scope(user)
    with django_assert_num_queries(0):
        user_scope(user)
