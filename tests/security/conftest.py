"""One small region with an object of every kind a URL can name, and the named people of the web
tests (a planner, an approver, a unit head, another unit's head, an employee, nobody).

Every object a URL names belongs to somebody else than the employee and the unit heads, so a
page that is not theirs must refuse them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from mutasi.needs.models import WorkloadTask
from mutasi.participation.models import ConsultationRequest
from mutasi.plans.models import Move, Pin, PinKind, PlanStatus
from tests.plans import conftest as plans_fixtures

# The plans tests' region, people and stored plan, and their task and cache settings.
_inline_tasks = plans_fixtures._inline_tasks
_fresh_problem_cache = plans_fixtures._fresh_problem_cache
region = plans_fixtures.region
people = plans_fixtures.people
stored_plan = plans_fixtures.stored_plan

ROLES = ["anonymous", "planner", "approver", "clinic_head", "outsider_head", "employee"]


@dataclass
class World:
    users: dict[str, Any]
    kwargs: dict[str, Any]  # a value for every URL parameter name
    plan: Any


@pytest.fixture
def world(stored_plan, region, people) -> World:  # type: ignore[no-untyped-def]
    now = timezone.now()
    cycle = stored_plan.cycle
    cycle.preference_opens = now - datetime.timedelta(days=1)
    cycle.preference_closes = now + datetime.timedelta(days=7)
    cycle.save(update_fields=["preference_opens", "preference_closes"])
    stored_plan.status = PlanStatus.APPROVED
    stored_plan.save(update_fields=["status"])
    pin = Pin.objects.create(cycle=cycle, employee=region["clerks"][0], kind=PinKind.STAY)
    move = Move.objects.get(plan=stored_plan)
    task = WorkloadTask.objects.create(
        position=region["office_nurse"],
        description="Asuhan keperawatan",
        volume_per_year=Decimal(100),
        minutes_per_unit=Decimal(30),
    )
    consultation = ConsultationRequest.objects.create(
        employee=region["nurse"], topic="Karier", preferred_time="Senin"
    )
    kwargs = {
        "plan_id": stored_plan.pk,
        "cycle_id": cycle.pk,
        "pin_id": pin.pk,
        "move_id": move.pk,
        "code": region["office_nurse"].code,  # a post (or unit) of the office: nobody's own
        "nip": region["nurse"].nip,  # not the employee user's
        "task_id": task.pk,
        "employee_id": region["nurse"].pk,
        "unit_id": region["office"].pk,
        "pk": consultation.pk,
        "fmt": "xlsx",
        "unit_code": region["office"].code,
        "user_id": people["clinic_head"].pk,
        # Objects the world does not hold: their pages must still refuse the wrong roles.
        "tp_id": 1,
        "session_id": 1,
        "enrolment_id": 1,
        "document_id": 1,
        "wave": 1,
    }
    users = {"anonymous": None, **people}
    return World(users=users, kwargs=kwargs, plan=stored_plan)
