"""The party enterprise of a case: one the actor may see, or one registered in the case's own division."""

import pytest
from django.core.exceptions import ValidationError

from zhenwei.cases.services import case_open
from zhenwei.registry.models import Enterprise


def _open(org, actor, division, enterprise):
    return case_open(
        title="消防产品不合格",
        kind="unqualified",
        source="inspection",
        division=division,
        department=org.dept(division, "market"),
        actor=actor,
        enterprise=enterprise,
    )


@pytest.mark.django_db
def test_a_town_inspector_drawn_for_a_county_target_opens_its_case_there(org):
    """双随机 may send a town's inspector to a county enterprise: judging it unqualified opens the case
    in the county naming that enterprise, although the town user cannot browse the county's register
    (on PostgreSQL the demo's draw did exactly this and the case was refused)."""
    county_target = Enterprise.objects.create(name="县级被检单位", division=org.a)
    case = _open(org, org.officer_t, org.a, county_target)
    assert case.enterprise_id == county_target.pk


@pytest.mark.django_db
def test_an_enterprise_outside_both_the_actor_and_the_case_division_is_refused(org):
    elsewhere = Enterprise.objects.create(name="乙县单位", division=org.b)
    with pytest.raises(ValidationError) as refused:
        _open(org, org.officer_t, org.t, elsewhere)
    assert "enterprise" in refused.value.message_dict
