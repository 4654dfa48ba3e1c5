from __future__ import annotations

import datetime

import pytest

from mutasi.participation.models import Preference
from tests.factories import make_employee, make_position, make_unit


@pytest.fixture(autouse=True)
def _inline_tasks(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Background runs execute inline in tests (django-tasks' ImmediateBackend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Users are created in most tests: a fast hasher keeps the suite quick (Argon2 in production).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OUTPUT_DIR = tmp_path / "output"


@pytest.fixture(autouse=True)
def _fresh_problem_cache():  # type: ignore[no-untyped-def]
    from mutasi.plans import adapter

    adapter.clear_cache()
    yield
    adapter.clear_cache()


@pytest.fixture
def region(db):  # type: ignore[no-untyped-def]
    """Two units: a health centre short of nurses (priority sector) and a general office with a
    nurse who has been six years in post and wants to go to the health centre."""
    office = make_unit("DINAS", name="Dinas Umum", sector="umum", kecamatan="Kota")
    clinic = make_unit("PKM", name="Puskesmas Sukamaju", sector="kesehatan", kecamatan="Sukamaju")
    office_head_post = make_position(
        office, "DINAS-KA", name="Kepala Dinas", kind="jpt", job_family="manajemen", formation=1
    )
    clinic_head_post = make_position(
        clinic,
        "PKM-KA",
        name="Kepala Puskesmas",
        kind="pengawas",
        job_family="manajemen",
        formation=1,
    )
    office_nurse = make_position(
        office,
        "DINAS-PRW",
        name="Perawat Ahli Pertama",
        kind="fungsional",
        job_family="kesehatan",
        formation=0,
    )
    clinic_nurse = make_position(
        clinic,
        "PKM-PRW",
        name="Perawat Ahli Pertama",
        kind="fungsional",
        job_family="kesehatan",
        formation=3,
    )
    clerk = make_position(
        office,
        "DINAS-ADM",
        name="Pengadministrasi Umum",
        kind="pelaksana",
        job_family="administrasi",
        formation=4,
    )
    archive = make_position(
        office,
        "DINAS-ARS",
        name="Pengelola Arsip",
        kind="pelaksana",
        job_family="administrasi",
        formation=1,
    )
    office_head = make_employee(
        office_head_post,
        name="Kepala Dinas",
        golongan="IV/b",
        position_start=datetime.date(2024, 1, 1),
    )
    clinic_head = make_employee(
        clinic_head_post,
        name="Kepala Puskesmas",
        golongan="III/d",
        position_start=datetime.date(2024, 1, 1),
    )
    nurse = make_employee(
        office_nurse,
        name="Siti Perawat",
        gender="P",
        position_start=datetime.date(2019, 1, 1),
        major="Keperawatan",
    )
    clerks = [
        make_employee(clerk, name=f"Staf {i}", position_start=datetime.date(2023, 6, 1))
        for i in range(4)
    ]
    Preference.objects.create(employee=nurse, rank=1, position=clinic_nurse)
    Preference.objects.create(employee=nurse, rank=2, position=office_nurse)
    return {
        "office": office,
        "clinic": clinic,
        "office_nurse": office_nurse,
        "clinic_nurse": clinic_nurse,
        "clerk_post": clerk,
        "office_head": office_head,
        "clinic_head": clinic_head,
        "nurse": nurse,
        "clerks": clerks,
        "office_head_post": office_head_post,
        "archive": archive,
        "clinic_head_post": clinic_head_post,
    }


@pytest.fixture
def people(db, region):  # type: ignore[no-untyped-def]
    """The named people of the web tests."""
    from tests.factories import (
        make_approver,
        make_employee_user,
        make_planner,
        make_unit,
        make_unit_head,
    )

    elsewhere = make_unit("LAIN", name="Kecamatan Lain", sector="umum")
    return {
        "planner": make_planner(),
        "approver": make_approver(),
        "clinic_head": make_unit_head(region["clinic"], "kapus"),
        "outsider_head": make_unit_head(elsewhere, "kepala-lain"),
        "employee": make_employee_user(region["clerks"][1], "pegawai"),
    }


@pytest.fixture
def stored_plan(region):  # type: ignore[no-untyped-def]
    """A computed draft plan stored by hand: the nurse moves to the clinic."""
    from mutasi.plans.models import Cycle, Move, Plan, PlanStatus

    cycle = Cycle.objects.create(name="Mutasi Semester I 2027")
    plan = Plan.objects.create(
        cycle=cycle,
        name="Rencana uji",
        mechanism="optimal",
        status=PlanStatus.DRAFT,
        progress=100,
        metrics={"moves": 1, "employees": 7},
    )
    Move.objects.create(
        plan=plan,
        employee=region["nurse"],
        from_position=region["office_nurse"],
        to_position=region["clinic_nurse"],
        reason="Mengisi kekurangan perawat; pilihan ke-1",
        terms={"preference_rank": 1},
        chain=1,
    )
    return plan
