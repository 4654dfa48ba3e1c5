"""Reads of the training stage, including the small API the evaluation stage reads.

Assessed level of a competency = the latest dated assessment (``Assessment``); without one, the
level recorded on the employee in the workbook's ``kompetensi`` column; without either, unknown
(``None``), never 0.

The public API for later stages: ``open_gaps_per_unit()``, ``training_received(employee_id)``,
``jp_per_employee(year)``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from mutasi.needs.selectors import formation_by_position
from mutasi.people.models import Employee, Position
from mutasi.planner import Policy
from mutasi.planner.competency import Gap, competency_gap, criticality
from mutasi.plans.models import Plan

from .models import Assessment, Attendance, Enrolment, TrainingPlan, TrainingStatus

# PP 11/2017 Pasal 203 (as amended by PP 17/2020): at least 20 JP of competency development a
# year for every PNS.
MIN_JP_PER_YEAR = 20


def latest_assessments(employee_ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    """employee id -> competency name -> level of the latest dated assessment."""
    rows = Assessment.objects.order_by("employee_id", "competency_id", "-assessed_on", "-id")
    if employee_ids is not None:
        rows = rows.filter(employee_id__in=list(employee_ids))
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for emp, name, level in rows.values_list("employee_id", "competency__name", "level"):
        out[emp].setdefault(name.lower(), level)
    return out


def assessed_levels(
    employee_competencies: dict[str, Any], assessed: dict[str, int]
) -> dict[str, int]:
    """Known levels of one person: the workbook's, overridden by the latest assessments."""
    levels = {str(k).lower(): int(v) for k, v in (employee_competencies or {}).items()}
    levels.update(assessed)
    return levels


@dataclass
class PersonGap:
    employee_id: int
    nip: str
    name: str
    position_id: int  # the post the gap is measured against (destination of a move)
    position_name: str
    unit_id: int
    sector: str
    moving: bool
    gap: Gap
    assessed: dict[str, int] = field(default_factory=dict)
    required: dict[str, int] = field(default_factory=dict)


def _criticality_by_position(
    positions: Iterable[tuple[int, str]], policy: Policy
) -> dict[int, float]:
    formation = formation_by_position()
    staff = dict(Employee.objects.values_list("position_id").annotate(n=Count("id")).order_by())
    weights = policy.sector_weights
    return {
        pid: criticality(float(weights.get(sector, 1.0)), formation.get(pid), staff.get(pid, 0))
        for pid, sector in positions
    }


def gaps_for_plan(
    plan: Plan, *, include_stayers: bool = True, employee_ids: Iterable[int] | None = None
) -> list[PersonGap]:
    """The gap of each person a plan moves (against the new post) and, with
    ``include_stayers``, of each person left below their own post's standard."""
    try:
        policy = Policy.from_dict(plan.policy)
    except ValueError:
        policy = Policy()
    destination = {
        e: t
        for e, f, t in plan.moves.values_list("employee_id", "from_position_id", "to_position_id")
        if f != t
    }
    moving = set(destination)
    employees = Employee.objects.order_by("nip").values_list(
        "id", "nip", "name", "position_id", "competencies"
    )
    if not include_stayers:
        employees = employees.filter(id__in=moving)
    if employee_ids is not None:
        employees = employees.filter(id__in=list(employee_ids))
    posts = {
        p["id"]: p
        for p in Position.objects.values("id", "name", "unit_id", "unit__sector", "competencies")
    }
    crit = _criticality_by_position(((pid, p["unit__sector"]) for pid, p in posts.items()), policy)
    assessments = latest_assessments(employee_ids)
    out: list[PersonGap] = []
    for emp_id, nip, name, own_post, comps in employees:
        target = destination.get(emp_id, own_post)
        post = posts[target]
        required = {str(k).lower(): int(v) for k, v in (post["competencies"] or {}).items()}
        if not required:
            continue
        levels = assessed_levels(comps, assessments.get(emp_id, {}))
        known: dict[str, int | None] = {c: levels.get(c) for c in required}
        gap = competency_gap(required, known, weight=crit.get(target, 1.0))
        if not gap.levels and not gap.unknown:
            continue
        out.append(
            PersonGap(
                employee_id=emp_id,
                nip=nip,
                name=name,
                position_id=target,
                position_name=post["name"],
                unit_id=post["unit_id"],
                sector=post["unit__sector"],
                moving=emp_id in moving,
                gap=gap,
                assessed={c: v for c, v in known.items() if v is not None},
                required=required,
            )
        )
    return out


def latest_training_plan(plan: Plan) -> TrainingPlan | None:
    return (
        TrainingPlan.objects.filter(plan=plan, status=TrainingStatus.DONE)
        .order_by("-created_at", "-id")
        .first()
    )


def current_training_plans() -> list[TrainingPlan]:
    """The latest computed training plan of every transfer plan, newest first."""
    latest: dict[int, TrainingPlan] = {}
    for tp in TrainingPlan.objects.filter(status=TrainingStatus.DONE).select_related("plan"):
        if tp.plan_id not in latest:
            latest[tp.plan_id] = tp
    return list(latest.values())


# ---- the API the evaluation stage reads ----------------------------------------------------


def open_gaps_per_unit() -> dict[int, dict[str, float]]:
    """unit id -> {"people": people with an open gap, "levels": levels open, "weighted": …},
    after the enrolments of every current training plan that were completed."""
    completed_people: set[int] = set(
        Enrolment.objects.filter(completed_on__isnull=False).values_list("employee_id", flat=True)
    )
    out: dict[int, dict[str, float]] = defaultdict(
        lambda: {"people": 0.0, "levels": 0.0, "weighted": 0.0}
    )
    for tp in current_training_plans():
        for person in gaps_for_plan(tp.plan):
            if person.employee_id in completed_people or not person.gap.levels:
                continue
            row = out[person.unit_id]
            row["people"] += 1
            row["levels"] += person.gap.total
            row["weighted"] += person.gap.weighted
    return dict(out)


@dataclass(frozen=True)
class Received:
    course_code: str
    course_name: str
    session_code: str
    start: datetime.date
    end: datetime.date
    jp: int
    attendance: str
    completed_on: datetime.date | None
    certificate: str


def training_received(employee_id: int) -> list[Received]:
    """Every session an employee was enrolled in, newest first, with its outcome."""
    rows = (
        Enrolment.objects.filter(employee_id=employee_id)
        .select_related("session__course")
        .order_by("-session__start", "session__code")
    )
    seen: set[int] = set()
    out = []
    for e in rows:
        if e.session_id in seen:  # the same session planned by two runs counts once
            continue
        seen.add(e.session_id)
        out.append(
            Received(
                e.session.course.code,
                e.session.course.name,
                e.session.code,
                e.session.start,
                e.session.end,
                e.session.course.jp,
                e.attendance,
                e.completed_on,
                e.certificate,
            )
        )
    return out


@dataclass(frozen=True)
class JpRow:
    employee_id: int
    nip: str
    name: str
    unit: str
    jp: int

    @property
    def below(self) -> bool:
        return self.jp < MIN_JP_PER_YEAR


def jp_per_employee(year: int, *, unit_ids: Iterable[int] | None = None) -> list[JpRow]:
    """JP of completed training per employee in ``year`` (completion date), every employee
    listed (0 when none), by NIP."""
    done = (
        Enrolment.objects.filter(completed_on__year=year)
        .values("employee_id", "session_id", "session__course__jp")
        .distinct()
    )
    jp: dict[int, int] = defaultdict(int)
    for row in done:
        jp[row["employee_id"]] += row["session__course__jp"]
    people = Employee.objects.order_by("nip").values_list(
        "id", "nip", "name", "position__unit__name"
    )
    if unit_ids is not None:
        people = people.filter(position__unit_id__in=list(unit_ids))
    return [JpRow(i, nip, name, unit, jp.get(i, 0)) for i, nip, name, unit in people]


def enrolment_counts(tp: TrainingPlan) -> dict[str, Any]:
    return tp.enrolments.aggregate(
        people=Count("employee", distinct=True),
        sessions=Count("session", distinct=True),
        completed=Count("id", filter=Q(completed_on__isnull=False)),
        attended=Count("id", filter=Q(attendance=Attendance.ATTENDED)),
        jp=Sum("session__course__jp"),
    )
