"""The party enterprise of a case: one the actor may see, or one registered in the case's own division."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhenwei.cases.services import case_open
from zhenwei.catalog.models import ProductCategory
from zhenwei.registry.models import Enterprise


def _open(org, actor, division, enterprise, source_object=None):
    return case_open(
        title="消防产品不合格",
        kind="unqualified",
        source="inspection",
        division=division,
        department=org.dept(division, "market"),
        actor=actor,
        enterprise=enterprise,
        source_object=source_object,
    )


def _inspection_by(org, inspector, division):
    """An inspection of a target in ``division`` with ``inspector`` of record (drawn by 双随机)."""
    import datetime as dt

    from zhenwei.inspections.models import Inspection

    inspection = Inspection.objects.create(
        subject_name="县级被检单位",
        place="县城批发市场",
        division=division,
        department=org.dept(division, "market"),
        domain="circulation",
        category=ProductCategory.objects.first(),
        product_name="手提式干粉灭火器",
        inspected_on=dt.date(2026, 5, 6),
    )
    inspection.inspectors.add(inspector)
    return inspection


@pytest.mark.django_db
def test_a_town_inspector_drawn_for_a_county_target_opens_its_case_there(org):
    """双随机 may send a town's inspector to a county enterprise: judging it unqualified opens the case
    in the county naming that enterprise, although the town user cannot browse the county's register
    (on PostgreSQL the demo's draw did exactly this and the case was refused). The authority comes
    from the inspection (cases.services.authority): without it the town user may not open a case in
    the county."""
    county_target = Enterprise.objects.create(name="县级被检单位", division=org.a)
    inspection = _inspection_by(org, org.officer_t, org.a)
    case = _open(org, org.officer_t, org.a, county_target, source_object=inspection)
    assert case.enterprise_id == county_target.pk
    with pytest.raises(PermissionDenied):
        _open(org, org.officer_t, org.a, county_target)
    # Another inspection, of which the town user is not an inspector, gives nothing.
    with pytest.raises(PermissionDenied):
        _open(
            org,
            org.officer_t,
            org.a,
            county_target,
            source_object=_inspection_by(org, org.inspector_a, org.a),
        )


@pytest.mark.django_db
def test_opening_and_triage_check_the_actor_in_the_service(org):
    """The check lives in case_open and clue_triage, whatever the entry point: a viewer may not open a
    case in its own county, an officer not in the sibling county, and neither may triage there."""
    from zhenwei.cases.models import Case
    from zhenwei.cases.services import clue_open, clue_triage

    with pytest.raises(PermissionDenied):
        _open(org, org.viewer_a, org.a, None)
    with pytest.raises(PermissionDenied):
        _open(org, org.officer_b, org.a, None)
    clue = clue_open(
        source="inspection",
        title="现场判定不合格",
        description="",
        division=org.a,
        department=org.dept(org.a, "market"),
        actor=org.officer_a,
    )
    for outsider in (org.viewer_a, org.officer_b):
        with pytest.raises(PermissionDenied):
            clue_triage(clue=clue, decision="case", actor=outsider)
    assert not Case.objects.filter(clue=clue).exists()
    assert clue_triage(clue=clue, decision="case", actor=org.officer_a).division == org.a


@pytest.mark.django_db
def test_an_enterprise_outside_both_the_actor_and_the_case_division_is_refused(org):
    elsewhere = Enterprise.objects.create(name="乙县单位", division=org.b)
    with pytest.raises(ValidationError) as refused:
        _open(org, org.officer_t, org.t, elsewhere)
    assert "enterprise" in refused.value.message_dict
