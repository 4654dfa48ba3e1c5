from __future__ import annotations

import pytest

from mutasi.core.models import Role
from tests.factories import make_employee, make_planner, make_position, make_unit, make_user


@pytest.fixture
def units(db):
    """Two service units: a puskesmas and a kecamatan office."""
    return {
        "PKM1": make_unit("PKM1", name="Puskesmas Satu", sector="kesehatan"),
        "KEC1": make_unit("KEC1", name="Kantor Kecamatan Satu", sector="kewilayahan"),
    }


@pytest.fixture
def planner(db):
    return make_planner()


@pytest.fixture
def employee_user(units):
    employee = make_employee(make_position(units["PKM1"]))
    return make_user(employee.nip, Role.EMPLOYEE, employee=employee)
