"""The random draw: reproducible from its recorded seed and inputs, conflicts respected, fair spread."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zhenwei.inspections import draw
from zhenwei.inspections.models import PlanTarget
from zhenwei.inspections.services import conflict_declare, plan_create, plan_draw


def _plan(world, **kw):
    org = world.org
    defaults = dict(
        title="2026年使用领域灭火器双随机抽查",
        domain="use",
        division=org.a,
        department=world.a_market,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 6, 30),
        target_count=6,
        actor=org.officer_a,
    )
    defaults.update(kw)
    return plan_create(**defaults)


def test_same_seed_and_inputs_give_the_same_draw(world):
    plan = _plan(world)
    plan = plan_draw(plan=plan, actor=world.org.officer_a, seed="20260401-lottery-0731")
    assert draw.compute(plan.draw_inputs) == plan.draw_result
    other = _plan(world, title="same scope, same seed")
    other = plan_draw(plan=other, actor=world.org.officer_a, seed="20260401-lottery-0731")
    assert other.draw_result == plan.draw_result
    third = plan_draw(plan=_plan(world, title="another seed"), actor=world.org.officer_a, seed="another")
    assert third.draw_result != plan.draw_result


def test_inputs_are_sorted_id_lists_and_the_draw_is_recorded_once(world):
    plan = plan_draw(plan=_plan(world), actor=world.org.officer_a, seed="s1")
    ids = [s[0] for s in plan.draw_inputs["subjects"]]
    assert ids == sorted(ids) and len(ids) == 13  # A and its town T; county B is outside the plan
    assert [i[0] for i in plan.draw_inputs["inspectors"]] == sorted(
        i[0] for i in plan.draw_inputs["inspectors"]
    )
    with pytest.raises(ValidationError, match="不可重抽"):
        plan_draw(plan=plan, actor=world.org.officer_a, seed="fishing-for-a-better-result")


def test_strata_get_proportional_shares():
    assert draw.allocate({"a/x": 6, "t/x": 4, "t/s": 3}, 6) == {"a/x": 3, "t/x": 2, "t/s": 1}
    assert sum(draw.allocate({"a": 1, "b": 1, "c": 1}, 2).values()) == 2
    assert draw.allocate({"a": 2}, 10) == {"a": 2}


def test_draw_is_stratified_by_division_and_kind(world):
    plan = plan_draw(plan=_plan(world), actor=world.org.officer_a, seed="strata")
    strata = Counter(plan.targets.values_list("stratum", flat=True))
    org = world.org
    assert strata == {f"{org.a.code}/retailer": 3, f"{org.t.code}/retailer": 2, f"{org.t.code}/school": 1}


def test_declared_conflicts_and_own_unit_are_never_drawn(world):
    conflicted = world.pool[0]
    for subject in world.subjects[:13]:
        conflict_declare(
            inspector=conflicted, enterprise=subject, reason="近亲属任职", actor=world.org.officer_a
        )
    expert = world.pool[4]  # employed by subjects[0]
    for seed in ("c1", "c2", "c3", "c4"):
        plan = plan_draw(plan=_plan(world, title=seed, target_count=13), actor=world.org.officer_a, seed=seed)
        for target in plan.targets.prefetch_related("inspectors"):
            chosen = set(target.inspectors.all())
            assert conflicted not in chosen
            if target.enterprise_id == world.subjects[0].pk:
                assert expert not in chosen
            assert len(chosen) == 2


def test_inspectors_are_spread_fairly(world):
    plan = plan_draw(plan=_plan(world, target_count=13), actor=world.org.officer_a, seed="fair")
    load = Counter(i for t in plan.draw_result["targets"] for i in t["inspectors"])
    assert sum(load.values()) == 26
    assert max(load.values()) - min(load.values()) <= 1
    for t in plan.draw_result["targets"]:
        assert len(set(t["inspectors"])) == 2


def test_too_few_eligible_inspectors_is_refused(world):
    for inspector in world.pool[1:]:
        conflict_declare(
            inspector=inspector, enterprise=world.subjects[1], reason="曾在该单位任职", actor=None
        )
    with pytest.raises(ValidationError, match="检查人员不足"):
        plan_draw(plan=_plan(world, target_count=13), actor=world.org.officer_a, seed="x")


def test_weighted_subjects_are_recorded_with_their_weight(world):
    from zhenwei.inspections.models import Inspection

    Inspection.objects.create(
        enterprise=world.subjects[2],
        subject_name="x",
        place="x",
        division=world.org.a,
        department=world.a_market,
        domain="use",
        category=world.extinguisher,
        product_name="灭火器",
        judgment="unqualified",
        inspected_on=dt.date(2026, 1, 5),
    )
    plan = plan_draw(plan=_plan(world), actor=world.org.officer_a, seed="w")
    weights = {s[0]: s[2] for s in plan.draw_inputs["subjects"]}
    assert weights[world.subjects[2].pk] == 3 and weights[world.subjects[3].pk] == 1


def test_heavier_subjects_are_drawn_more_often():
    inputs = {
        "algorithm": draw.ALGORITHM,
        "target_count": 1,
        "inspectors_per_target": 2,
        "subjects": [[1, "s", 5], [2, "s", 1]],
        "inspectors": [[10, None, None], [11, None, None]],
        "conflicts": [],
    }
    wins = Counter(draw.compute({**inputs, "seed": f"s{i}"})["targets"][0]["enterprise"] for i in range(600))
    assert 440 < wins[1] < 560  # expected 5/6 of 600 = 500


def test_redraw_command_matches_and_detects_tampering(world):
    plan = plan_draw(plan=_plan(world), actor=world.org.officer_a, seed="published-seed")
    out = StringIO()
    call_command("inspections", "redraw", str(plan.pk), stdout=out)
    assert "same" in out.getvalue() and plan.seed in out.getvalue()
    target = PlanTarget.objects.filter(plan=plan).order_by("position").first()
    spare = next(i for i in world.pool if i not in target.inspectors.all())
    target.inspectors.set([spare, *list(target.inspectors.all())[:1]])
    with pytest.raises(SystemExit) as exit_info:
        call_command("inspections", "redraw", str(plan.pk), stdout=StringIO(), stderr=StringIO())
    assert exit_info.value.code == 1


def test_percentage_plans_round_up_and_scope_follows_sub_divisions(world):
    from decimal import Decimal

    plan = _plan(world, target_count=None, target_percent=Decimal("20"), divisions=[world.org.t])
    plan = plan_draw(plan=plan, actor=world.org.officer_a, seed="pct")
    assert len(plan.draw_inputs["subjects"]) == 7  # the town only
    assert plan.draw_inputs["target_count"] == 2  # ceil(7 × 20 %)
    with pytest.raises(ValidationError, match="不在组织区划"):
        _plan(world, divisions=[world.org.b])
    with pytest.raises(ValidationError, match="至少派两名"):
        _plan(world, inspectors_per_target=1)
