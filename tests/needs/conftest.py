"""A small hand-computed region for the needs tests.

Dinas Kesehatan (sector kesehatan) with a puskesmas under it, and Dinas Pendidikan (pendidikan):

| post | unit | staff | workload (min) | ABK | formation |
| --- | --- | --- | --- | --- | --- |
| KES-ADM pelaksana | DINKES | 1 | 1,000 × 75 + 500 × 75 = 112,500 | 1.50 | 2 (abk) |
| KES-PRW fungsional (Perawat Ahli Madya, BUP 60) | PKM1 | 3 | 180,000 | 2.40 | 2 (abk) |
| KES-BDN fungsional | PKM1 | 0 | 150,000 | 2.00 | 2 (abk) |
| DIK-GUR fungsional | DIKBUD | 2 | none | – | 5 (imported) |
| DIK-TU pelaksana | DIKBUD | 1 | none, no import | – | 1 (= staff) |
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

from mutasi.needs.models import WorkloadTask
from tests.factories import make_employee, make_position, make_unit

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The test users' passwords need no Argon2 (it dominates the run time otherwise)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def region(db):
    dinkes = make_unit("DINKES", name="Dinas Kesehatan", sector="kesehatan")
    pkm = make_unit("PKM1", name="Puskesmas Satu", sector="kesehatan", parent=dinkes)
    dik = make_unit("DIKBUD", name="Dinas Pendidikan", sector="pendidikan")
    adm = make_position(dinkes, "KES-ADM", name="Pengadministrasi Umum", formation=4)
    prw = make_position(
        pkm, "KES-PRW", name="Perawat Ahli Madya", kind="fungsional", job_family="kesehatan"
    )
    bdn = make_position(
        pkm, "KES-BDN", name="Bidan Terampil", kind="fungsional", job_family="kesehatan"
    )
    gur = make_position(
        dik, "DIK-GUR", name="Guru Ahli Pertama", kind="fungsional", job_family="pendidikan",
        formation=5,
    )  # fmt: skip
    tu = make_position(dik, "DIK-TU", name="Pengadministrasi Sekolah", formation=None)
    WorkloadTask.objects.create(
        position=adm, description="Surat", volume_per_year=D(1000), minutes_per_unit=D(75)
    )
    WorkloadTask.objects.create(
        position=adm, description="Arsip", volume_per_year=D(500), minutes_per_unit=D(75)
    )
    WorkloadTask.objects.create(
        position=prw, description="Asuhan", volume_per_year=D(3600), minutes_per_unit=D(50)
    )
    WorkloadTask.objects.create(
        position=bdn, description="Persalinan", volume_per_year=D(1500), minutes_per_unit=D(100)
    )
    # KES-ADM: BUP 58, born 1969 → reaches it in 2027.
    make_employee(adm, birth_date=datetime.date(1969, 5, 1))
    # KES-PRW (ahli madya, BUP 60): 1966 → 2026 (this year), 1968 → 2028, 1990 → far away.
    make_employee(prw, birth_date=datetime.date(1966, 3, 1))
    make_employee(prw, birth_date=datetime.date(1968, 7, 1))
    make_employee(prw, birth_date=datetime.date(1990, 1, 1))
    # DIK-GUR (ahli pertama, BUP 58): 1973 → 2031, 1995 → far away.
    make_employee(gur, birth_date=datetime.date(1973, 2, 1))
    make_employee(gur, birth_date=datetime.date(1995, 2, 1), gender="P")
    make_employee(tu, birth_date=datetime.date(1980, 2, 1))
    return {"dinkes": dinkes, "pkm": pkm, "dik": dik, "adm": adm, "prw": prw, "bdn": bdn,
            "gur": gur, "tu": tu}  # fmt: skip
