"""Named people and posts for the participation tests.

Ani (III/a, S1 Akuntansi, administrasi) works in Dinas A and may rank the posts of family
"administrasi" in her golongan range; Budi is another employee whose data she must never reach.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from mutasi.people.models import Employee, Position, Unit
from mutasi.plans.models import Cycle
from tests.factories import (
    make_employee,
    make_employee_user,
    make_planner,
    make_position,
    make_unit,
)


@dataclass
class World:
    unit_a: Unit
    unit_b: Unit
    own_post: Position
    post_1: Position
    post_2: Position
    post_3: Position
    post_high: Position  # golongan IV/a and above: not for Ani
    post_health: Position  # another job family: not for Ani
    ani: Employee
    budi: Employee
    cycle: Cycle


def open_cycle(**fields: object) -> Cycle:
    now = timezone.now()
    defaults: dict[str, object] = {
        "name": "Mutasi Semester I 2027",
        "preference_opens": now - datetime.timedelta(days=1),
        "preference_closes": now + datetime.timedelta(days=7),
        "max_preferences": 5,
    }
    defaults.update(fields)
    return Cycle.objects.create(**defaults)


def build_world() -> World:
    """The named people and posts above (also used by the browser test)."""
    unit_a = make_unit(name="Dinas A")
    unit_b = make_unit(name="Dinas B")
    own = make_position(unit_a, name="Pengadministrasi Keuangan", gol_min="II/a", gol_max="III/d")
    post_1 = make_position(unit_b, name="Analis Anggaran", gol_min="III/a", gol_max="III/d")
    post_2 = make_position(unit_b, name="Pengelola Arsip")
    post_3 = make_position(unit_a, name="Penata Laporan Keuangan", education_min="S1")
    post_high = make_position(unit_b, name="Analis Kebijakan Senior", gol_min="IV/a")
    post_health = make_position(unit_b, name="Pengelola Obat", job_family="kesehatan")
    ani = make_employee(
        own,
        name="Ani Lestari",
        golongan="III/a",
        education="S1",
        major="Akuntansi",
        position_start=datetime.date(2019, 1, 2),
    )
    budi = make_employee(make_position(unit_b, name="Pengadministrasi Umum B"), name="Budi")
    return World(
        unit_a, unit_b, own, post_1, post_2, post_3, post_high, post_health, ani, budi, open_cycle()
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def ani_client(client, world):  # type: ignore[no-untyped-def]
    client.force_login(make_employee_user(world.ani))
    return client


@pytest.fixture
def planner_client(client, db):  # type: ignore[no-untyped-def]
    client.force_login(make_planner())
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings, request):  # type: ignore[no-untyped-def]
    """Argon2 is slow by design; tests that are not about hashing use a fast hasher.
    Tests marked ``argon2`` keep the production setting (and check it)."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
