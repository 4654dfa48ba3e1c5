from __future__ import annotations

import datetime

import pytest

from mutasi.core.models import AuditEntry
from mutasi.plans import services
from mutasi.plans.models import Move, PinKind, Plan, PlanStatus


def test_a_returned_plan_needs_a_comment_and_only_the_approver_returns(stored_plan, people):
    Plan.objects.filter(pk=stored_plan.pk).update(status=PlanStatus.SUBMITTED)
    stored_plan.refresh_from_db()
    with pytest.raises(services.PlanActionError, match="penyetuju"):
        services.do_return_plan(
            stored_plan,
            expected_version=stored_plan.version,
            acting_user=people["planner"],
            comment="kurang",
        )
    with pytest.raises(services.PlanActionError, match="alasan"):
        services.do_return_plan(
            stored_plan,
            expected_version=stored_plan.version,
            acting_user=people["approver"],
            comment=" ",
        )
    services.do_return_plan(
        stored_plan,
        expected_version=stored_plan.version,
        acting_user=people["approver"],
        comment="Perawat PKM kurang",
    )
    stored_plan.refresh_from_db()
    assert stored_plan.status == PlanStatus.RETURNED
    assert stored_plan.review.decision_comment == "Perawat PKM kurang"
    assert stored_plan.review.decided_by == people["approver"]
    entry = AuditEntry.objects.get(action="plan.return")
    assert entry.before == {"status": "submitted"}
    assert entry.after == {"status": "returned", "comment": "Perawat PKM kurang"}
    assert entry.actor == people["approver"]


def test_a_write_with_a_stale_version_is_refused_and_changes_nothing(stored_plan, people):
    Plan.objects.filter(pk=stored_plan.pk).update(status=PlanStatus.SUBMITTED)
    read_version = Plan.objects.get(pk=stored_plan.pk).version
    Plan.objects.filter(pk=stored_plan.pk).update(version=read_version + 1)  # someone else
    with pytest.raises(services.StalePlanError, match="diubah pengguna lain"):
        services.do_return_plan(
            stored_plan, expected_version=read_version, acting_user=people["approver"], comment="x"
        )
    assert Plan.objects.get(pk=stored_plan.pk).status == PlanStatus.SUBMITTED


def test_an_approved_plan_is_frozen(stored_plan, people, region):
    Plan.objects.filter(pk=stored_plan.pk).update(status=PlanStatus.APPROVED)
    stored_plan.refresh_from_db()
    with pytest.raises(services.PlanActionError, match="tidak dapat diubah"):
        services.do_edit_move(
            stored_plan,
            region["clerks"][0],
            region["office_nurse"],
            expected_version=stored_plan.version,
            acting_user=people["planner"],
        )
    with pytest.raises(services.PlanActionError):
        services.do_submit_plan(
            stored_plan, expected_version=stored_plan.version, acting_user=people["planner"]
        )
    assert Move.objects.filter(plan=stored_plan).count() == 1


def test_a_pin_to_the_own_post_is_a_stay_pin(stored_plan, people, region):
    pin = services.do_pin(
        stored_plan.cycle,
        region["nurse"],
        kind=PinKind.GOTO,
        position=region["office_nurse"],
        acting_user=people["planner"],
    )
    assert pin.kind == PinKind.STAY and pin.position is None


def test_creating_a_cycle_records_who_and_what(people):
    cycle = services.do_create_cycle(
        name="Siklus A",
        policy={"w_move": 2.0},
        freeze_start=datetime.date(2027, 1, 1),
        freeze_end=datetime.date(2027, 2, 1),
        acting_user=people["planner"],
    )
    assert cycle.created_by == people["planner"]
    entry = AuditEntry.objects.get(action="cycle.create")
    assert entry.object_id == str(cycle.pk)
    assert entry.after["freeze_start"] == "2027-01-01"
