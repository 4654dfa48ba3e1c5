from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import make_employee, make_position, make_unit


@pytest.fixture(autouse=True)
def _inline_tasks(settings):  # type: ignore[no-untyped-def]
    """Background runs execute inline (django-tasks' ImmediateBackend) unless a test asks for
    the shipped database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def region(db):  # type: ignore[no-untyped-def]
    """Ani, a clerk, moves into the IT post (network 3, security 2: never assessed on either);
    Budi, a nurse, stays below his post's standard (assessed 2 of 3); Citra, a clerk, was never
    assessed on a competency no course raises."""
    from mutasi.people.models import Competency
    from mutasi.plans.models import Cycle, Move, Plan, PlanStatus
    from mutasi.training.models import Assessment, Course, CourseSession

    for name in ("jaringan komputer", "keamanan informasi", "asuhan keperawatan", "arsip"):
        Competency.objects.create(name=name)
    office = make_unit("DISKOM", name="Dinas Komunikasi", sector="umum")
    clinic = make_unit("PKM", name="Puskesmas Sukamaju", sector="kesehatan")
    clerk = make_position(office, "DISKOM-ADM", name="Pengadministrasi", formation=3)
    it_post = make_position(
        office,
        "DISKOM-PK",
        name="Pranata Komputer",
        kind="fungsional",
        job_family="teknologi informasi",
        formation=1,
        competencies={"jaringan komputer": 3, "keamanan informasi": 2},
    )
    nurse_post = make_position(
        clinic,
        "PKM-PRW",
        name="Perawat",
        kind="fungsional",
        job_family="kesehatan",
        formation=2,
        competencies={"asuhan keperawatan": 3},
    )
    archive = make_position(
        office, "DISKOM-ARS", name="Arsiparis", formation=1, competencies={"arsip": 2}
    )
    ani = make_employee(clerk, name="Ani Lestari", gender="P")
    budi = make_employee(nurse_post, name="Budi Santoso", competencies={"asuhan keperawatan": 3})
    citra = make_employee(archive, name="Citra Dewi", gender="P")
    Assessment.objects.create(
        employee=budi,
        competency=Competency.objects.get(name="asuhan keperawatan"),
        level=2,
        assessed_on=days(-100),
        source="assessment center",
    )

    def course(
        code: str, name: str, raises: str, jp: int, cost: int, provider: str, mode: str
    ) -> Course:
        """A course that raises one competency to level 3."""
        return Course.objects.create(
            code=code,
            name=name,
            raises={raises: 3},
            jp=jp,
            cost=Decimal(cost),
            provider=provider,
            mode=mode,
        )

    net = course(
        "NET", "Jaringan Komputer Dasar", "jaringan komputer", 24, 3_000_000, "BPSDM", "klasikal"
    )
    sec = course(
        "SEC", "Keamanan Informasi", "keamanan informasi", 16, 2_000_000, "BSSN", "e-learning"
    )
    ask = course(
        "ASK", "Asuhan Keperawatan Lanjut", "asuhan keperawatan", 16, 1_500_000, "Dinkes", "blended"
    )
    sessions = {
        "NET-1": CourseSession.objects.create(
            code="NET-1", course=net, start=days(10), end=days(12), place="Aula", seats=20
        ),
        "SEC-1": CourseSession.objects.create(
            code="SEC-1", course=sec, start=days(11), end=days(11), place="Daring", seats=20
        ),
        "SEC-2": CourseSession.objects.create(
            code="SEC-2", course=sec, start=days(20), end=days(20), place="Daring", seats=20
        ),
        "ASK-1": CourseSession.objects.create(
            code="ASK-1", course=ask, start=days(15), end=days(16), place="RSUD", seats=10
        ),
    }
    cycle = Cycle.objects.create(name="Mutasi 2027", effective_date=days(30))
    plan = Plan.objects.create(
        cycle=cycle, name="Rencana disetujui", mechanism="optimal", status=PlanStatus.APPROVED
    )
    Move.objects.create(
        plan=plan, employee=ani, from_position=clerk, to_position=it_post, reason="kebutuhan TI"
    )
    for person in (budi, citra):
        Move.objects.create(
            plan=plan,
            employee=person,
            from_position=person.position,
            to_position=person.position,
            reason="tetap",
        )
    return {
        "office": office,
        "clinic": clinic,
        "ani": ani,
        "budi": budi,
        "citra": citra,
        "plan": plan,
        "sessions": sessions,
        "courses": {"NET": net, "SEC": sec, "ASK": ask},
    }


@pytest.fixture
def people(region):  # type: ignore[no-untyped-def]
    from tests.factories import (
        make_approver,
        make_employee_user,
        make_planner,
        make_unit_head,
    )

    return {
        "planner": make_planner(),
        "approver": make_approver(),
        "clinic_head": make_unit_head(region["clinic"], "kapus"),
        "ani": make_employee_user(region["ani"], "ani"),
        "citra": make_employee_user(region["citra"], "citra"),
    }
