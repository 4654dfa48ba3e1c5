"""After a re-run the plan page says how many outcomes changed against the previous plan, and
why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutasi.plans import selectors
from mutasi.plans.models import Move, Pin, PinKind, Plan, PlanStatus


@pytest.fixture
def planner_client(client, people):  # type: ignore[no-untyped-def]
    client.force_login(people["planner"])
    return client


def test_a_rerun_counts_the_changes_by_cause(planner_client, stored_plan, region):
    # Before: the nurse goes to the clinic, Staf 1 to the archive.
    clerk_0, clerk_1 = region["clerks"][:2]
    Move.objects.create(
        plan=stored_plan,
        employee=clerk_1,
        from_position=region["clerk_post"],
        to_position=region["archive"],
        reason="x",
    )
    # Re-run with Staf 0 pinned to the archive: Staf 0 takes it, Staf 1 loses it (displaced);
    # the nurse stays home this time (another cause).
    Pin.objects.create(
        cycle=stored_plan.cycle, employee=clerk_0, kind=PinKind.GOTO, position=region["archive"]
    )
    rerun = Plan.objects.create(
        cycle=stored_plan.cycle,
        name="Rencana ulang",
        mechanism="optimal",
        status=PlanStatus.DRAFT,
        based_on=stored_plan,
    )
    Move.objects.create(
        plan=rerun,
        employee=clerk_0,
        from_position=region["clerk_post"],
        to_position=region["archive"],
        reason="x",
    )
    changes = selectors.rerun_changes(rerun)
    assert changes is not None
    assert changes["changed"] == 3
    assert changes["causes"] == [
        ("Dikunci oleh perencana", 1),
        ("Jabatan tujuannya kini diambil pegawai yang dikunci", 1),
        ("Sebab lain (data, preferensi, atau pilihan pemecah)", 1),
    ]
    page = planner_client.get(reverse("plans:plan_detail", args=[rerun.pk])).content.decode()
    assert "hasil 3 pegawai berubah" in page
    assert "Dikunci oleh perencana: 1" in page
    assert selectors.rerun_changes(stored_plan) is None  # not a re-run


def test_a_rerun_that_recorded_its_changes_is_counted_by_the_planners_causes(
    planner_client, stored_plan
):
    rerun = Plan.objects.create(
        cycle=stored_plan.cycle,
        name="Rencana ulang",
        mechanism="optimal",
        status=PlanStatus.DRAFT,
        based_on=stored_plan,
        metrics={
            "reference_changes": [
                {"employee_id": "1", "cause": "pin", "message": "dikunci"},
                {"employee_id": "2", "cause": "knock_on", "message": "tergeser"},
                {"employee_id": "3", "cause": "knock_on", "message": "tergeser"},
            ]
        },
    )
    changes = selectors.rerun_changes(rerun)
    assert changes["changed"] == 3
    assert dict(changes["causes"]) == {
        "Dikunci oleh perencana": 1,
        "Akibat perubahan lain dalam rencana": 2,
    }
