"""An employee's own data for their download, and removing a person (see mutasi.core.privacy).

Removing keeps what the law and the audit trail need: the employee row stays (moves of approved
plans refer to it) but with its personal fields replaced, the login account is disabled and
renamed, every later stage forgets its rows about the person (``FORGETTERS``), and the audit
log keeps every entry (who did what, when, to which object) with the person's data scrubbed out
of the snapshots.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.core.dataversion import bump_data_version
from mutasi.core.privacy import (
    FORGETTERS,
    REMOVED,
    register_personal_data,
    scrub_audit_snapshots,
)

from .models import Employee, PositionHistory

REMOVED_BIRTH_DATE = datetime.date(1900, 1, 1)


def employee_record(employee: Employee) -> list[dict[str, Any]]:
    return [
        {
            "nip": employee.nip,
            "name": employee.name,
            "birth_date": employee.birth_date,
            "gender": employee.gender,
            "employee_type": employee.employee_type,
            "golongan": employee.golongan,
            "education": employee.education,
            "major": employee.major,
            "position": employee.position.code,
            "position_name": employee.position.name,
            "unit": employee.position.unit.name,
            "position_start": employee.position_start,
            "home_kecamatan": employee.home_kecamatan,
            "performance": employee.performance,
            "potential": employee.potential,
            "competencies": employee.competencies,
            "certificates": employee.certificates,
            "spouse_nip": employee.spouse_nip,
        }
    ]


def position_history(employee: Employee) -> list[dict[str, Any]]:
    return [
        {"position": h.position_name, "job_family": h.job_family, "start": h.start, "end": h.end}
        for h in PositionHistory.objects.filter(employee=employee).order_by("start")
    ]


def register() -> None:
    register_personal_data("pegawai", employee_record)
    register_personal_data("riwayat_jabatan", position_history)


@transaction.atomic
def do_forget_employee(employee: Employee, *, acting_user: Any) -> int:
    """Remove a person's personal data (see the module docstring); returns how many audit
    entries were scrubbed."""
    nip, name = employee.nip, employee.name
    object_ids: dict[str, list[str]] = {"people.employee": [str(employee.pk)]}
    for forget in FORGETTERS:
        for label, ids in forget(employee).items():
            object_ids.setdefault(label, []).extend(ids)
    users = list(User.objects.filter(profile__employee=employee)) + list(
        User.objects.filter(username=nip)
    )
    for user in {u.pk: u for u in users}.values():
        object_ids.setdefault("auth.user", []).append(str(user.pk))
        user.username = f"dihapus-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    PositionHistory.objects.filter(employee=employee).delete()
    Employee.objects.filter(pk=employee.pk).update(
        nip=f"X{employee.pk:017d}",
        name=REMOVED,
        birth_date=REMOVED_BIRTH_DATE,
        major="",
        home_kecamatan="",
        performance="",
        potential=None,
        competencies={},
        certificates=[],
        spouse_nip="",
    )
    scrubbed = scrub_audit_snapshots(nip=nip, name=name, object_ids=object_ids)
    bump_data_version()
    record_audit(
        "person.forget",
        acting_user=acting_user,
        obj=employee,
        summary=_("Data pribadi seorang pegawai dihapus; %(n)s entri audit dianonimkan.")
        % {"n": scrubbed},
    )
    return scrubbed
