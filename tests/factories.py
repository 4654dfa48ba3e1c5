"""Plain functions that create valid rows with sensible defaults (no factory library needed).

Every test that needs people calls these, overriding only what it is about.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.contrib.auth.models import User

from mutasi.core.models import Profile, Role
from mutasi.people.models import Employee, Position, Unit

_serial = itertools.count(1)


def make_unit(code: str | None = None, **fields: Any) -> Unit:
    n = next(_serial)
    defaults: dict[str, Any] = {
        "name": f"Unit {n}",
        "sector": "umum",
        "kecamatan": "Kota Bukitintan",
    }
    defaults.update(fields)
    return Unit.objects.create(code=code or f"U{n:04d}", **defaults)


def make_position(unit: Unit | None = None, code: str | None = None, **fields: Any) -> Position:
    n = next(_serial)
    defaults: dict[str, Any] = {
        "name": f"Pengadministrasi Umum {n}",
        "kind": "pelaksana",
        "job_family": "administrasi",
        "formation": 2,
    }
    defaults.update(fields)
    return Position.objects.create(code=code or f"J{n:05d}", unit=unit or make_unit(), **defaults)


def nip_for(birth: datetime.date, gender: str, serial: int, cpns: str = "201001") -> str:
    """A NIP consistent with birth date and gender: YYYYMMDD + CPNS YYYYMM + 1/2 + serial."""
    return f"{birth:%Y%m%d}{cpns}{'1' if gender == 'L' else '2'}{serial % 1000:03d}"


def make_employee(position: Position | None = None, **fields: Any) -> Employee:
    n = next(_serial)
    birth = fields.pop("birth_date", datetime.date(1985, 1, 1) + datetime.timedelta(days=n))
    gender = fields.pop("gender", "L")
    defaults: dict[str, Any] = {
        "name": f"Pegawai {n}",
        "employee_type": "PNS",
        "golongan": "III/a",
        "education": "S1",
        "position_start": datetime.date(2020, 1, 1),
    }
    defaults.update(fields)
    nip = defaults.pop("nip", None) or nip_for(birth, gender, n)
    return Employee.objects.create(
        nip=nip, birth_date=birth, gender=gender, position=position or make_position(), **defaults
    )


def make_user(username: str, role: str | None, **profile: Any) -> User:
    user = User.objects.create_user(username=username, password="rahasia-demo-123")
    if role is not None:
        Profile.objects.create(user=user, role=role, **profile)
    return user


def make_planner(username: str = "perencana") -> User:
    return make_user(username, Role.PLANNER)


def make_approver(username: str = "penyetuju") -> User:
    return make_user(username, Role.APPROVER)


def make_unit_head(unit: Unit, username: str = "kepala") -> User:
    return make_user(username, Role.UNIT_HEAD, unit=unit)


def make_employee_user(employee: Employee, username: str | None = None) -> User:
    return make_user(username or employee.nip, Role.EMPLOYEE, employee=employee)
