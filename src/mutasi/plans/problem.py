"""ORM rows -> ``mutasi.planner.Problem``: what the planner is asked, read from the database.

``load_problem`` reads units, posts, employees, their history, preferences and the cycle's pins
with ``values()`` queries and builds the Problem in one pass, so 50,000 employees load in a few
seconds. Ids given to the planner are the primary keys as strings. Each step is a function below.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi import planner
from mutasi.core.errors import DataError
from mutasi.needs.selectors import formation_by_position
from mutasi.participation.models import Cycle, Preference
from mutasi.people import codes, planner_input
from mutasi.people.models import Employee, Position, PositionHistory, Unit

from .models import Pin

# Order of managerial posts when finding a unit's head (highest first).
HEAD_KIND_ORDER = {"jpt": 0, "administrator": 1, "pengawas": 2}
# Columns read for each post and each employee (in this order for employees: a tuple per row).
POSITION_FIELDS = (
    "id",
    "code",
    "name",
    "unit_id",
    "kind",
    "job_family",
    "gol_min",
    "gol_max",
    "education_min",
    "majors",
    "certificate",
    "competencies",
    "formation",
)
EMPLOYEE_FIELDS = (
    "id",
    "nip",
    "name",
    "position_id",
    "golongan",
    "education",
    "position_start",
    "birth_date",
    "employee_type",
    "major",
    "certificates",
    "competencies",
    "home_kecamatan",
    "performance",
    "potential",
    "spouse_nip",
)
History = dict[int, list[tuple[datetime.date, datetime.date | None, str]]]


def _years(days: int) -> float:
    return days / 365.25


def _age(birth: datetime.date, on: datetime.date) -> float:
    return _years((on - birth).days)


@dataclasses.dataclass
class LoadedProblem:
    """A planner Problem with the policy it is solved under and what the UI needs to name ids."""

    problem: planner.Problem
    policy: planner.Policy
    plan_date: datetime.date
    load_seconds: float = 0.0
    unit_heads: dict[str, str] = dataclasses.field(default_factory=dict)


def effective_policy(
    cycle: Cycle | None, overrides: Mapping[str, Any] | None = None
) -> planner.Policy:
    """The cycle's policy (or the default), with the cycle's freeze window and effective date."""
    data: dict[str, Any] = dict(cycle.policy if cycle else {})
    if overrides:
        data.update(overrides)
    if cycle is not None:
        if cycle.freeze_start and cycle.freeze_end:
            data["freeze_start"] = cycle.freeze_start.isoformat()
            data["freeze_end"] = cycle.freeze_end.isoformat()
        if cycle.effective_date:
            data["plan_date"] = cycle.effective_date.isoformat()
    return planner.Policy.from_dict(data)


def load_problem(
    cycle: Cycle | None,
    *,
    policy_overrides: Mapping[str, Any] | None = None,
    on: datetime.date | None = None,
) -> LoadedProblem:
    """Read units, posts, employees, history, preferences and the cycle's pins into a Problem.

    Raises ``PolicyError`` for a policy the planner rejects and ``DataError`` for a code in the
    data that no reference table knows."""
    started = time.perf_counter()
    policy = effective_policy(cycle, policy_overrides)
    plan_date = on or policy.plan_date or timezone.localdate()
    try:
        positions = load_positions()
        employees, heads = load_employees(
            plan_date, {p.id: p for p in positions}, load_history(), load_preferences()
        )
    except KeyError as exc:
        key = exc.args[0] if exc.args else "?"
        raise DataError(
            _(
                "Data tidak lengkap: kode %(key)s tidak dikenal (periksa golongan, pendidikan dan "
                "jabatan pegawai)."
            )
            % {"key": key}
        ) from exc
    problem = planner.Problem(
        units=tuple(load_units(heads)),
        positions=tuple(positions),
        employees=tuple(employees),
        pins=tuple(load_pins(cycle)),
    )
    return LoadedProblem(
        problem=problem,
        policy=policy,
        plan_date=plan_date,
        load_seconds=time.perf_counter() - started,
        unit_heads={str(k): str(v) for k, v in heads.items()},
    )


def load_positions() -> list[planner.Position]:
    """Every post with its effective formation (override, else ABK, else imported kebutuhan)."""
    formation = formation_by_position()
    return [
        planner_input.planner_position(p, formation=formation.get(p["id"], p["formation"]))
        for p in Position.objects.order_by("id").values(*POSITION_FIELDS)
    ]


def load_history() -> History:
    """Per employee: (start, end, job family) of earlier posts, oldest first."""
    history: History = defaultdict(list)
    for h in (
        PositionHistory.objects.order_by("employee_id", "start")
        .values_list("employee_id", "start", "end", "job_family", "position__job_family")
        .iterator(chunk_size=20000)
    ):
        history[h[0]].append((h[1], h[2], h[3] or h[4] or ""))
    return history


def load_preferences() -> dict[int, list[str]]:
    """Per employee: the ranked post ids (as strings) of their submitted preferences."""
    preferences: dict[int, list[str]] = defaultdict(list)
    for employee_id, position_id in (
        Preference.objects.order_by("employee_id", "rank")
        .values_list("employee_id", "position_id")
        .iterator(chunk_size=20000)
    ):
        preferences[employee_id].append(str(position_id))
    return preferences


def load_employees(
    plan_date: datetime.date,
    positions: Mapping[str, planner.Position],
    history: History,
    preferences: Mapping[int, list[str]],
) -> tuple[list[planner.Employee], dict[int, int]]:
    """Every employee as the planner sees them on ``plan_date``, and each unit's head
    (unit id -> employee id: the highest managerial post, then golongan, then NIP)."""
    rows = list(Employee.objects.order_by("id").values_list(*EMPLOYEE_FIELDS))
    id_by_nip = {r[1]: r[0] for r in rows}
    employees = []
    best_head: dict[int, tuple[int, int, str, int]] = {}
    for row in rows:
        values = dict(zip(EMPLOYEE_FIELDS, row, strict=True))
        post = positions[str(values["position_id"])]
        gol_rank = codes.golongan_rank(values["golongan"])
        if post.kind in HEAD_KIND_ORDER:
            unit = int(post.unit_id)
            key = (HEAD_KIND_ORDER[post.kind], -gol_rank, values["nip"], values["id"])
            if unit not in best_head or key < best_head[unit]:
                best_head[unit] = key
        spouse_nip = values["spouse_nip"]
        spouse_id = id_by_nip.get(spouse_nip) if spouse_nip else None
        employees.append(
            planner_employee(
                values,
                post,
                plan_date=plan_date,
                gol_rank=gol_rank,
                past=history.get(values["id"], []),
                preferences=preferences.get(values["id"], ()),
                spouse_id=spouse_id,
            )
        )
    return employees, {unit: key[3] for unit, key in best_head.items()}


def planner_employee(
    values: Mapping[str, Any],
    post: planner.Position,
    *,
    plan_date: datetime.date,
    gol_rank: int,
    past: list[tuple[datetime.date, datetime.date | None, str]],
    preferences: Any,
    spouse_id: int | None,
) -> planner.Employee:
    """One employee row (``EMPLOYEE_FIELDS``) holding ``post``, as the planner's Employee."""
    family = post.job_family
    position_start = values["position_start"]
    family_start = position_start
    for start, _end, fam in reversed(past):
        if fam and fam != family:
            break
        family_start = min(family_start, start)
    return planner.Employee(
        id=str(values["id"]),
        nip=values["nip"],
        name=values["name"],
        position_id=post.id,
        golongan_rank=gol_rank,
        education_rank=codes.education_rank(values["education"]),
        years_in_post=_years((plan_date - position_start).days),
        age=_age(values["birth_date"], plan_date),
        retirement_age=codes.retirement_age(post.kind, post.name),
        kind=planner.EmployeeKind(values["employee_type"]),
        major=(values["major"] or "").lower().strip(),
        certificates=planner_input.certificates_of(values["certificates"]),
        competencies=planner_input.competencies_of(values["competencies"]),
        job_family=family,
        functional_job=post.functional_job,
        home_kecamatan=values["home_kecamatan"] or "",
        performance=values["performance"] or "",
        potential=values["potential"],
        spouse_id=str(spouse_id) if spouse_id else None,
        family_history=tuple(fam for _s, _e, fam in past if fam),
        years_in_family=_years((plan_date - family_start).days),
        preferences=tuple(preferences),
    )


def load_units(heads: Mapping[int, int]) -> list[planner.Unit]:
    return [
        planner.Unit(
            id=str(u["id"]),
            code=u["code"],
            name=u["name"],
            sector=u["sector"],
            parent_id=str(u["parent_id"]) if u["parent_id"] else None,
            kecamatan=u["kecamatan"] or "",
            head_employee_id=str(heads[u["id"]]) if u["id"] in heads else None,
        )
        for u in Unit.objects.order_by("id").values(
            "id", "code", "name", "sector", "parent_id", "kecamatan"
        )
    ]


def load_pins(cycle: Cycle | None) -> list[planner.Pin]:
    if cycle is None:
        return []
    return [
        planner.Pin(
            kind=planner.PinKind(pin["kind"]),
            employee_id=str(pin["employee_id"]),
            position_id=str(pin["position_id"]) if pin["position_id"] else None,
            unit_id=str(pin["unit_id"]) if pin["unit_id"] else None,
            note=pin["note"],
        )
        for pin in Pin.objects.filter(cycle=cycle)
        .order_by("id")
        .values("kind", "employee_id", "position_id", "unit_id", "note")
    ]
