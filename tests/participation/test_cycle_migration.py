"""Moving Cycle from plans to participation keeps the table, its rows and what points at them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("plans", "0002_plan_based_on_plancomment_planreview"),
    ("participation", "0002_aspiration_consultation_activation"),
]
AFTER = [("plans", "0003_cycle_moves_to_participation")]


def _migrate_to_latest():
    """Put the schema back where every other test expects it (every app's newest migration)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def latest_schema_afterwards():
    yield
    _migrate_to_latest()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_afterwards")
def test_a_cycle_with_plans_pins_and_aspirations_survives_the_move():
    old = _migrate(BEFORE)
    Unit = old.get_model("people", "Unit")
    Position = old.get_model("people", "Position")
    Employee = old.get_model("people", "Employee")
    unit = Unit.objects.create(code="U1", name="Unit Satu", sector="umum")
    position = Position.objects.create(
        code="J1", unit=unit, name="Analis", kind="pelaksana", job_family="umum"
    )
    employee = Employee.objects.create(
        nip="199001012015031001",
        name="Budi",
        birth_date="1990-01-01",
        gender="L",
        employee_type="PNS",
        golongan="III/a",
        education="S1",
        position=position,
        position_start="2020-01-01",
    )
    cycle = old.get_model("plans", "Cycle").objects.create(name="Siklus lama", policy={"w_move": 2})
    old.get_model("plans", "Plan").objects.create(cycle=cycle, name="Rencana", mechanism="fair")
    old.get_model("plans", "Pin").objects.create(cycle=cycle, employee=employee, kind="stay")
    old.get_model("participation", "Aspiration").objects.create(cycle=cycle, employee=employee)

    new = _migrate(AFTER)
    Cycle = new.get_model("participation", "Cycle")
    moved = Cycle.objects.get(pk=cycle.pk)
    assert moved.name == "Siklus lama" and moved.policy == {"w_move": 2}
    assert new.get_model("plans", "Plan").objects.get(name="Rencana").cycle_id == cycle.pk
    assert new.get_model("plans", "Pin").objects.filter(cycle=moved).count() == 1
    assert new.get_model("participation", "Aspiration").objects.filter(cycle=moved).count() == 1
    assert "plans_cycle" in connection.introspection.table_names()
    ContentType = new.get_model("contenttypes", "ContentType")
    assert not ContentType.objects.filter(app_label="plans", model="cycle").exists()
