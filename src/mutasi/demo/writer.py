"""Write the generated Kabupaten Bukitintan into the database, replacing what was there.

``build_demo(size, seed)`` is the one entry point: it generates the region (``generator``),
deletes the existing workforce data (units, posts, employees and everything that refers to
them), bulk-inserts the new rows with explicit ids in one transaction, creates the demo accounts
and records one audit entry.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.core.dataversion import bump_data_version
from mutasi.core.models import Profile, Role
from mutasi.needs.models import WorkloadTask
from mutasi.participation.models import Preference
from mutasi.people.instance import do_update_instance
from mutasi.people.models import Competency, Employee, Position, PositionHistory, Unit

from .generator import DEFAULT_SEED, DEFAULT_SIZE, DemoData, generate

# The demo accounts' password (documented in README and printed by `mutasi demo`). Demo only.
DEMO_PASSWORD = "bukitintan2027"
PLANNER_USERNAME = "perencana"
APPROVER_USERNAME = "penyetuju"
UNIT_HEAD_USERNAME = "kepala.dinkes"
UNIT_HEAD_UNIT = "DINKES"
BATCH_SIZE = 2000
# The app whose rows the demo replaces; rows of other apps that point at them go too (workload,
# preferences, aspirations, moves, pins, …), settings and other unrelated rows stay.
REPLACED_APP = "people"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    description: str


@dataclass
class DemoSummary:
    size: int
    seed: int
    reference_date: datetime.date
    units: int
    opd: int
    kecamatan: list[str]
    remote_kecamatan: list[str]
    positions: int
    employees: int
    pppk: int
    history: int
    workload_tasks: int
    preferences: int
    employees_with_preferences: int
    spouse_pairs: int
    password: str = DEMO_PASSWORD
    accounts: list[DemoAccount] = field(default_factory=list)
    seconds: float = 0.0


# The fictional region's office, as `mutasi setup` would record it.
DEMO_INSTANCE = {
    "region_name": "Kabupaten Bukitintan",
    "province_name": "Provinsi Sumatera Tengah",
    "head_title": "Bupati",
    "head_name": "H. Rahmat Hidayat, S.E., M.M.",
    "office_name": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "office_head_name": "Dra. Sri Wahyuni, M.Si.",
    "office_head_nip": "197205141998032004",
    "decree_place": "Bukitintan",
    "letterhead": "Jalan Jenderal Sudirman Nomor 1, Bukitintan 27111\n"
    "Telepon (0751) 123456 · bkpsdm.bukitintankab.go.id",
}


def build_demo(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Replace the workforce data with Kabupaten Bukitintan (``size`` people) and its accounts."""
    started = time.perf_counter()
    data = generate(size, seed)
    with transaction.atomic():
        clear_workforce_data()
        write_demo(data)
        bump_data_version()
        accounts = create_demo_accounts(data)
        do_update_instance(values=DEMO_INSTANCE, acting_user=None)
        summary = _summarise(data, accounts)
        record_audit(
            "demo.build",
            acting_user=None,
            summary=_("Data demo Kabupaten Bukitintan dibangun: %(n)d pegawai, seed %(seed)d")
            % {"n": size, "seed": seed},
            after={"size": size, "seed": seed, "employees": summary.employees},
        )
    summary.seconds = time.perf_counter() - started
    return summary


def _replaced_models() -> list[type[models.Model]]:
    """The models of REPLACED_APP and every model that refers to them, referrers first."""
    chosen: list[type[models.Model]] = list(apps.get_app_config(REPLACED_APP).get_models())
    everything = apps.get_models(include_auto_created=True)
    grew = True
    while grew:
        grew = False
        for model in everything:
            if model in chosen or model is Profile:
                continue
            if any(f.related_model in chosen for f in model._meta.concrete_fields if f.is_relation):
                chosen.append(model)
                grew = True
    # Order: a model comes before every model it points at (self-references aside).
    ordered: list[type[models.Model]] = []
    remaining = list(chosen)
    while remaining:
        for model in remaining:
            referrers = [
                other
                for other in remaining
                if other is not model
                and any(
                    f.related_model is model for f in other._meta.concrete_fields if f.is_relation
                )
            ]
            if not referrers:
                ordered.append(model)
                remaining.remove(model)
                break
        else:  # a cycle between models: constraints are deferred, any order works
            ordered.extend(remaining)
            break
    return ordered


def clear_workforce_data() -> None:
    """Delete units, posts, employees and all rows that refer to them (call inside a transaction).

    Plain DELETE statements: the ORM's cascade would load every row first. Foreign keys are
    deferred to the end of the transaction on SQLite and PostgreSQL, so the order is only tidy.
    """
    Profile.objects.filter(models.Q(unit__isnull=False) | models.Q(employee__isnull=False)).delete()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in _replaced_models():
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


def write_demo(data: DemoData) -> None:
    """Insert the generated rows with explicit ids (call inside a transaction, on empty tables)."""
    unit_ids = {u.code: i for i, u in enumerate(data.units, start=1)}
    Unit.objects.bulk_create(
        (
            Unit(
                id=unit_ids[u.code],
                code=u.code,
                name=u.name,
                parent_id=unit_ids[u.parent_code] if u.parent_code else None,
                sector=u.sector,
                kecamatan=u.kecamatan,
            )
            for u in data.units
        ),
        batch_size=BATCH_SIZE,
    )
    Competency.objects.bulk_create(
        (
            Competency(id=i, name=name, description=description)
            for i, (name, description) in enumerate(sorted(data.competencies.items()), start=1)
        ),
        batch_size=BATCH_SIZE,
    )
    position_ids = {p.code: i for i, p in enumerate(data.positions, start=1)}
    Position.objects.bulk_create(
        (
            Position(
                id=position_ids[p.code],
                code=p.code,
                unit_id=unit_ids[p.unit_code],
                name=p.name,
                kind=p.kind,
                job_family=p.job_family,
                gol_min=p.gol_min,
                gol_max=p.gol_max,
                education_min=p.education_min,
                majors=p.majors,
                certificate=p.certificate,
                competencies=p.competencies,
                formation=p.formation,
            )
            for p in data.positions
        ),
        batch_size=BATCH_SIZE,
    )
    employee_ids = {e.nip: i for i, e in enumerate(data.employees, start=1)}
    Employee.objects.bulk_create(
        (
            Employee(
                id=employee_ids[e.nip],
                nip=e.nip,
                name=e.name,
                birth_date=e.birth_date,
                gender=e.gender,
                employee_type=e.employee_type,
                golongan=e.golongan,
                education=e.education,
                major=e.major,
                position_id=position_ids[e.position_code],
                position_start=e.position_start,
                home_kecamatan=e.home_kecamatan,
                performance=e.performance,
                potential=e.potential,
                competencies=e.competencies,
                certificates=e.certificates,
                spouse_nip=e.spouse_nip,
            )
            for e in data.employees
        ),
        batch_size=BATCH_SIZE,
    )
    PositionHistory.objects.bulk_create(
        (
            PositionHistory(
                id=i,
                employee_id=employee_ids[h.nip],
                position_id=position_ids[h.position_code] if h.position_code else None,
                position_name=h.position_name,
                job_family=h.job_family,
                start=h.start,
                end=h.end,
            )
            for i, h in enumerate(data.history, start=1)
        ),
        batch_size=BATCH_SIZE,
    )
    WorkloadTask.objects.bulk_create(
        (
            WorkloadTask(
                id=i,
                position_id=position_ids[w.position_code],
                description=w.description,
                output_unit=w.output_unit,
                volume_per_year=w.volume_per_year,
                minutes_per_unit=w.minutes_per_unit,
            )
            for i, w in enumerate(data.workload, start=1)
        ),
        batch_size=BATCH_SIZE,
    )
    Preference.objects.bulk_create(
        (
            Preference(
                id=i,
                employee_id=employee_ids[p.nip],
                rank=p.rank,
                position_id=position_ids[p.position_code],
            )
            for i, p in enumerate(data.preferences, start=1)
        ),
        batch_size=BATCH_SIZE,
    )
    # Explicit ids do not move PostgreSQL's sequences: move them past the new rows.
    written = [Unit, Competency, Position, Employee, PositionHistory, WorkloadTask, Preference]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), written):
            cursor.execute(sql)


def _pick_employees(data: DemoData, exclude: set[str]) -> list[tuple[str, str]]:
    """A handful of employees whose accounts show the app's cases, with why each was picked."""
    positions = {p.code: p for p in data.positions}
    with_preferences = {p.nip for p in data.preferences}
    ref = data.reference_date
    cases = [
        (
            _("perawat di puskesmas terpencil"),
            lambda e, p: p.job_family == "keperawatan" and p.remote,
        ),
        (
            _("guru lebih dari 5 tahun di jabatannya, sudah mengisi preferensi"),
            lambda e, p: (
                p.job_family == "guru"
                and (ref - e.position_start).days > 5 * 365
                and e.nip in with_preferences
            ),
        ),
        (
            _("pengadministrasi di kantor pusat, sudah mengisi preferensi"),
            lambda e, p: (
                p.name == "Pengadministrasi Perkantoran"
                and not p.remote
                and e.nip in with_preferences
            ),
        ),
        (_("pegawai PPPK"), lambda e, p: e.employee_type == "PPPK"),
        (_("pegawai dengan pasangan ASN"), lambda e, p: bool(e.spouse_nip)),
    ]
    picked: list[tuple[str, str]] = []
    for description, matches in cases:
        for e in data.employees:
            if e.nip not in exclude and matches(e, positions[e.position_code]):
                picked.append((e.nip, str(description)))
                exclude.add(e.nip)
                break
    return picked


def create_demo_accounts(data: DemoData) -> list[DemoAccount]:
    """The planner, approver, Dinas Kesehatan head and a few employee accounts (one password)."""
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is slow on purpose
    head_nip = next(
        (e.nip for e in data.employees if e.position_code == f"{UNIT_HEAD_UNIT}.01"), ""
    )
    wanted: list[tuple[str, str, str, str]] = [
        (PLANNER_USERNAME, Role.PLANNER, "", _("impor data, analisis kebutuhan, rencana mutasi")),
        (APPROVER_USERNAME, Role.APPROVER, "", _("meninjau dan menyetujui rencana mutasi")),
        (
            UNIT_HEAD_USERNAME,
            Role.UNIT_HEAD,
            head_nip,
            _("Kepala Dinas Kesehatan: melihat unitnya, RSUD dan puskesmas"),
        ),
    ]
    for nip, description in _pick_employees(data, {head_nip}):
        wanted.append((nip, Role.EMPLOYEE, nip, description))
    unit = Unit.objects.get(code=UNIT_HEAD_UNIT)
    employees = Employee.objects.in_bulk([nip for _, _, nip, _ in wanted if nip], field_name="nip")
    accounts: list[DemoAccount] = []
    for username, role, nip, description in wanted:
        user, _created = User.objects.get_or_create(username=username)
        user.password = password
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        Profile.objects.filter(user=user).delete()
        Profile.objects.create(
            user=user,
            role=role,
            unit=unit if role == Role.UNIT_HEAD else None,
            employee=employees.get(nip) if nip else None,
        )
        accounts.append(DemoAccount(username, str(role), str(description)))
    return accounts


def _summarise(data: DemoData, accounts: list[DemoAccount]) -> DemoSummary:
    return DemoSummary(
        size=data.size,
        seed=data.seed,
        reference_date=data.reference_date,
        units=len(data.units),
        opd=len(data.opd_codes),
        kecamatan=list(data.kecamatan),
        remote_kecamatan=list(data.remote_kecamatan),
        positions=len(data.positions),
        employees=len(data.employees),
        pppk=sum(1 for e in data.employees if e.employee_type == "PPPK"),
        history=len(data.history),
        workload_tasks=len(data.workload),
        preferences=len(data.preferences),
        employees_with_preferences=len({p.nip for p in data.preferences}),
        spouse_pairs=len(data.spouse_pairs),
        accounts=accounts,
    )
