"""The planning engine uses what employees submitted (issue 6, "Done when").

Ani ranks a vacant post first and staying second, and submits through the web service; nobody
else wants that post and nobody has to move. The `fair` mechanism (voluntary exchange) must
grant her first choice; without her submission she stays.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mutasi.participation.services import do_save_ranking, do_submit_preferences
from mutasi.plans.models import Move, PlanStatus
from tests.factories import make_employee, make_planner

pytestmark = pytest.mark.django_db


@pytest.fixture
def calm_world(world):  # type: ignore[no-untyped-def]
    """Only Ani may move: everyone else is under two years in post (nobody must move)."""
    today = timezone.localdate()
    world.ani.position_start = today - datetime.timedelta(days=3 * 365)
    world.ani.save(update_fields=["position_start"])
    recent = today - datetime.timedelta(days=200)
    world.budi.position_start = recent
    world.budi.save(update_fields=["position_start"])
    # Colleagues in Dinas A, so that one departure stays within the unit's 25% cap.
    for _ in range(3):
        make_employee(world.own_post, position_start=recent)
    world.own_post.formation = 4
    world.own_post.save(update_fields=["formation"])
    return world


def run_fair_plan(cycle):  # type: ignore[no-untyped-def]
    from mutasi.plans.services import do_queue_plan, do_run_plan

    planner = make_planner()
    plan = do_queue_plan(cycle, mechanism="fair", acting_user=planner, enqueue=False)
    plan = do_run_plan(plan, acting_user=planner)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT, plan.error
    return plan


def test_a_submitted_feasible_uncontested_first_choice_is_granted_by_fair(calm_world):
    world = calm_world
    do_save_ranking(world.ani, world.cycle, [world.post_1.pk, world.own_post.pk], acting_user=None)
    do_submit_preferences(world.ani, world.cycle, acting_user=None)
    plan = run_fair_plan(world.cycle)
    move = Move.objects.get(plan=plan, employee=world.ani)
    assert move.to_position_id == world.post_1.pk, move.reason
    assert move.reason


def test_without_a_submission_the_same_employee_stays(calm_world):
    world = calm_world
    do_save_ranking(world.ani, world.cycle, [world.post_1.pk, world.own_post.pk], acting_user=None)
    plan = run_fair_plan(world.cycle)  # a draft is not a submission: the planner never sees it
    move = Move.objects.filter(plan=plan, employee=world.ani).first()
    assert move is None or move.to_position_id == world.own_post.pk
