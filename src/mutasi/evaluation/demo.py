"""The demo region's past: a transfer cycle that took effect at the start of the previous
semester, and survey results before and after it (public SKM and the moved employees' survey).

Deterministic (seeded, dated from the demo's reference date). Most touched units keep their
service level; a few are made to decline after the cycle, one to stay at grade C, and the moved
people of one unit to be unhappy, so that the monitoring page shows each kind of flag and the next
cycle's default policy shows their effect.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.participation.models import Cycle
from mutasi.people.models import Employee, EmployeeType, Position, Unit
from mutasi.plans.models import Mechanism, Move, Plan, PlanReview, PlanStatus

from . import questionnaire
from .models import EmployeeSurveyResponse, PublicResponse, Source, UnitPopulation
from .periods import Period, semester_of

MOVED_SHARE = 0.03  # of the employees, moved in the past cycle
DECLINING_UNITS = 3
LOW_GRADE_UNITS = 1
UNHAPPY_UNITS = 1
UNHAPPY_MIN_MOVES = 3  # × two waves = 6 answers, past questionnaire.MIN_ANSWERS_SHOWN
RESPONDENTS = (25, 60)  # per unit and period, uniform
POPULATION = (25, 90)  # service users per unit and period: the sample table asks 24–73 of them
EMPLOYEE_RESPONSE_RATE = 0.8
# Mean answer (1–4) per unit kind; 3.2 ≈ IKM 80 (B), 2.65 ≈ IKM 66 (C).
USUAL_MEAN = (3.05, 3.5)
DECLINE = 0.45
LOW_MEAN = 2.6


@dataclass
class EvaluationDemo:
    cycle: Cycle
    plan: Plan
    moves: int
    responses: int
    employee_answers: int
    declining: list[str] = field(default_factory=list)
    low_grade: list[str] = field(default_factory=list)
    unhappy: list[str] = field(default_factory=list)


def past_cycle_dates(reference: datetime.date) -> tuple[datetime.date, list[Period]]:
    """The past cycle's effective date (the first day of the semester before the reference
    date's) and the three survey periods around it: before, during, after."""
    current = semester_of(reference)
    previous = semester_of(current.start - datetime.timedelta(days=1))
    earlier = semester_of(previous.start - datetime.timedelta(days=1))
    return previous.start, [earlier, previous, current]


def _answers(rng: random.Random, mean: float) -> list[int]:
    return [max(1, min(4, round(rng.gauss(mean, 0.55)))) for _ in range(9)]


def _choose_moves(rng: random.Random) -> list[tuple[Employee, Position]]:
    """Employees (PNS) and a post of the same job family in another unit they came from."""
    by_family: dict[str, list[Position]] = defaultdict(list)
    for position in Position.objects.order_by("code"):
        by_family[position.job_family].append(position)
    employees = list(
        Employee.objects.filter(employee_type=EmployeeType.PNS)
        .select_related("position")
        .order_by("nip")
    )
    count = max(10, int(len(employees) * MOVED_SHARE))
    out = []
    for employee in rng.sample(employees, min(count, len(employees))):
        origin = _origin(rng, by_family, employee)
        if origin is not None:
            out.append((employee, origin))
    # The unit that will show unhappy moved people needs enough of them for its results to be
    # shown at all (questionnaire.MIN_ANSWERS_SHOWN answers over the two waves).
    counts = Counter(e.position.unit_id for e, _origin_post in out)
    if counts:
        top = max(counts, key=lambda u: (counts[u], -u))
        chosen = {e.pk for e, _origin_post in out}
        for employee in employees:
            if counts[top] >= UNHAPPY_MIN_MOVES:
                break
            if employee.position.unit_id == top and employee.pk not in chosen:
                origin = _origin(rng, by_family, employee)
                if origin is not None:
                    out.append((employee, origin))
                    counts[top] += 1
    return out


def _origin(
    rng: random.Random, by_family: dict[str, list[Position]], employee: Employee
) -> Position | None:
    others = [
        p for p in by_family[employee.position.job_family] if p.unit_id != employee.position.unit_id
    ]
    return rng.choice(others) if others else None


def build_evaluation_demo(reference: datetime.date, seed: int = 2027) -> EvaluationDemo:
    rng = random.Random(seed)
    effective, periods = past_cycle_dates(reference)
    name = _("Mutasi Semester %(s)s %(y)d") % {
        "s": "I" if effective.month <= 6 else "II",
        "y": effective.year,
    }
    with transaction.atomic():
        cycle, _created = Cycle.objects.get_or_create(
            name=name, defaults={"effective_date": effective, "policy": {}}
        )
        if cycle.effective_date != effective:
            cycle.effective_date = effective
            cycle.save(update_fields=["effective_date"])
        Plan.objects.filter(cycle=cycle).delete()
        plan = Plan.objects.create(
            cycle=cycle,
            name=_("%(cycle)s — rencana yang diumumkan") % {"cycle": cycle.name},
            mechanism=Mechanism.OPTIMAL,
            status=PlanStatus.PUBLISHED,
            progress=100,
        )
        published = timezone.make_aware(datetime.datetime.combine(effective, datetime.time(9)))
        PlanReview.objects.create(
            plan=plan, submitted_at=published, decided_at=published, published_at=published
        )
        chosen = _choose_moves(rng)
        moves = []
        for employee, old in chosen:
            moves.append(
                Move(
                    plan=plan,
                    employee=employee,
                    from_position=old,
                    to_position=employee.position,
                    reason=_("Demo: mutasi siklus lalu"),
                )
            )
            employee.position_start = effective
        Move.objects.bulk_create(moves)
        Employee.objects.bulk_update([e for e, _old in chosen], ["position_start"])
        plan.metrics = {"moves": len(moves), "employees": Employee.objects.count()}
        plan.save(update_fields=["metrics"])
        demo = EvaluationDemo(
            cycle=cycle, plan=plan, moves=len(moves), responses=0, employee_answers=0
        )
        _write_surveys(rng, demo, periods, effective)
        record_audit(
            "demo.evaluation",
            acting_user=None,
            obj=cycle,
            summary=_("Demo evaluasi: %(m)d mutasi siklus lalu, %(r)d jawaban SKM")
            % {"m": demo.moves, "r": demo.responses},
        )
    return demo


def _write_surveys(
    rng: random.Random, demo: EvaluationDemo, periods: list[Period], effective: datetime.date
) -> None:
    """The survey results around the past cycle: public SKM for every unit with posts, and the
    moved employees' answers (the random draws in this order keep the demo reproducible)."""
    moves = list(Move.objects.filter(plan=demo.plan).select_related("to_position__unit"))
    declining, low_grade, unhappy = _flag_units(rng, demo, moves)
    _write_public_survey(rng, demo, periods, effective, declining, low_grade)
    _write_employee_survey(rng, demo, moves, effective, unhappy)


def _flag_units(
    rng: random.Random, demo: EvaluationDemo, moves: list[Move]
) -> tuple[set[int], set[int], set[int]]:
    """Pick the touched units made to decline, to stay at grade C, and to be unhappy (the one
    that received the most moves); record their codes on ``demo``."""
    moved_in = defaultdict(list)
    for move in moves:
        moved_in[move.to_position.unit_id].append(move)
    touched = sorted(
        {m.to_position.unit_id for m in moves} | {m.from_position.unit_id for m in moves}
    )
    ranked = sorted(touched, key=lambda u: (-len(moved_in[u]), u))
    unhappy = set(ranked[:UNHAPPY_UNITS])
    rest = [u for u in touched if u not in unhappy]
    rng.shuffle(rest)
    declining = set(rest[:DECLINING_UNITS])
    low_grade = set(rest[DECLINING_UNITS : DECLINING_UNITS + LOW_GRADE_UNITS])
    codes = dict(Unit.objects.values_list("pk", "code"))
    demo.declining = sorted(codes[u] for u in declining)
    demo.low_grade = sorted(codes[u] for u in low_grade)
    demo.unhappy = sorted(codes[u] for u in unhappy)
    return declining, low_grade, unhappy


def _write_public_survey(
    rng: random.Random,
    demo: EvaluationDemo,
    periods: list[Period],
    effective: datetime.date,
    declining: set[int],
    low_grade: set[int],
) -> None:
    """Paper SKM answers and the number of service users, per unit with posts and period."""
    PublicResponse.objects.filter(period__in=[p.code for p in periods]).delete()
    UnitPopulation.objects.filter(period__in=[p.code for p in periods]).delete()
    rows = []
    populations = []
    for unit_id in (
        Unit.objects.annotate(n=Count("positions")).filter(n__gt=0).values_list("pk", flat=True)
    ):
        base = rng.uniform(*USUAL_MEAN)
        for period in periods:
            mean = base
            if unit_id in low_grade:
                mean = LOW_MEAN
            elif unit_id in declining and period.start >= effective:
                mean = base - DECLINE
            populations.append(
                UnitPopulation(unit_id=unit_id, period=period.code, users=rng.randint(*POPULATION))
            )
            for number in range(rng.randint(*RESPONDENTS)):
                rows.append(_public_response(rng, unit_id, period, number, mean))
    PublicResponse.objects.bulk_create(rows, batch_size=2000)
    UnitPopulation.objects.bulk_create(populations, batch_size=2000)
    demo.responses = len(rows)


def _public_response(
    rng: random.Random, unit_id: int, period: Period, number: int, mean: float
) -> PublicResponse:
    answers = _answers(rng, mean)
    return PublicResponse(
        unit_id=unit_id,
        period=period.code,
        source=Source.PAPER,
        respondent_ref=str(number + 1),
        submitted_at=timezone.make_aware(
            datetime.datetime.combine(period.start, datetime.time(10))
        ),
        gender=rng.choice("LP"),
        age=rng.randint(18, 70),
        education=rng.choice([c for c, _l in questionnaire.EDUCATION_CHOICES]),
        occupation=rng.choice([c for c, _l in questionnaire.OCCUPATION_CHOICES]),
        **{f"u{i}": a for i, a in enumerate(answers, start=1)},
    )


def _write_employee_survey(
    rng: random.Random,
    demo: EvaluationDemo,
    moves: list[Move],
    effective: datetime.date,
    unhappy: set[int],
) -> None:
    """The moved employees' answers in each wave after the cycle (all of the unhappy unit's)."""
    answers = []
    for move in moves:
        unit_id = move.to_position.unit_id
        centre = 2.2 if unit_id in unhappy else 3.9
        for wave in questionnaire.WAVES:
            if rng.random() > EMPLOYEE_RESPONSE_RATE and unit_id not in unhappy:
                continue
            scores = {
                name: max(1, min(5, round(rng.gauss(centre, 0.7))))
                for name in questionnaire.EMPLOYEE_ITEMS
            }
            answers.append(
                EmployeeSurveyResponse(
                    move=move,
                    employee_id=move.employee_id,
                    unit_id=unit_id,
                    wave=wave,
                    answered_at=timezone.make_aware(
                        datetime.datetime.combine(
                            effective + datetime.timedelta(days=31 * wave + 5), datetime.time(8)
                        )
                    ),
                    **scores,
                )
            )
    EmployeeSurveyResponse.objects.bulk_create(answers, batch_size=2000)
    demo.employee_answers = len(answers)


def evaluation_step(stdout: TextIO, reference: datetime.date) -> EvaluationDemo:
    """The demo pipeline's step: build the past cycle and its surveys, print what it made."""
    demo = build_evaluation_demo(reference)
    stdout.write(
        _(
            "Evaluasi siklus lalu “%(cycle)s” (berlaku %(date)s): %(moves)d mutasi, %(r)d jawaban "
            "SKM, %(e)d jawaban survei pegawai\n"
        )
        % {
            "cycle": demo.cycle.name,
            "date": demo.cycle.effective_date,
            "moves": demo.moves,
            "r": demo.responses,
            "e": demo.employee_answers,
        }
    )
    return demo
