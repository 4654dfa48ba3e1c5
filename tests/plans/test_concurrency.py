"""Two planners edit the same plan at the same moment: neither edit is lost silently."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from mutasi.plans import services
from mutasi.plans.models import Move, Plan
from tests.factories import make_position


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_planners_editing_the_same_plan_lose_neither_edit(stored_plan, people, region):
    mail = make_position(
        region["office"],
        "DINAS-UMP",
        name="Pengelola Surat",
        kind="pelaksana",
        job_family="administrasi",
        formation=1,
    )
    edits = [(region["clerks"][0], region["archive"]), (region["clerks"][1], mail)]
    read_version = Plan.objects.get(pk=stored_plan.pk).version
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def edit(i: int) -> None:
        employee, post = edits[i]
        plan = Plan.objects.get(pk=stored_plan.pk)  # each thread has its own connection
        barrier.wait()
        try:
            services.do_edit_move(
                plan, employee, post, expected_version=read_version, acting_user=people["planner"]
            )
            outcomes[i] = "saved"
        except services.StalePlanError:
            outcomes[i] = "stale"
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # Exactly one wins; the other is told the plan changed (not overwritten, not lost).
    assert sorted(outcomes.values()) == ["saved", "stale"]
    loser = next(i for i, outcome in outcomes.items() if outcome == "stale")
    employee, post = edits[loser]
    assert not Move.objects.filter(plan=stored_plan, employee=employee).exists()
    # The loser reloads and repeats the edit: now both are stored.
    fresh = Plan.objects.get(pk=stored_plan.pk)
    assert fresh.version == read_version + 1
    services.do_edit_move(
        fresh, employee, post, expected_version=fresh.version, acting_user=people["planner"]
    )
    stored = dict(
        Move.objects.filter(plan=stored_plan).values_list("employee_id", "to_position_id")
    )
    assert stored[edits[0][0].pk] == edits[0][1].pk
    assert stored[edits[1][0].pk] == edits[1][1].pk
    assert Plan.objects.get(pk=stored_plan.pk).version == read_version + 2
