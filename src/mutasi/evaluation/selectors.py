"""Read-side queries of the evaluation stage: IKM tables, trends, the employee surveys and the
before/after of a cycle. The figures are computed once here (``ikm_rows``) and every output —
pages, ``mutasi ikm``, the xlsx export, the PDF — formats these same rows."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from mutasi.participation.models import Cycle
from mutasi.people.models import Employee, Position, Unit
from mutasi.plans.models import Move, Plan, PlanStatus

from . import flags, ikm, questionnaire
from .models import EmployeeSurveyResponse, PublicResponse, UnitPopulation
from .periods import Period, PeriodError, parse_period, sort_key

ANSWER_FIELDS = list(questionnaire.ANSWER_FIELDS)


def counted(queryset: QuerySet[PublicResponse] | None = None) -> QuerySet[PublicResponse]:
    """Answers that count in the IKM: every answer HR has not excluded."""
    qs = PublicResponse.objects.all() if queryset is None else queryset
    return qs.filter(excluded=False)


def answers_by_unit_period(
    *, period: str | None = None, unit_ids: Iterable[int] | None = None
) -> dict[tuple[int, str], list[tuple[int, ...]]]:
    qs = counted()
    if period:
        qs = qs.filter(period=period)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    out: dict[tuple[int, str], list[tuple[int, ...]]] = defaultdict(list)
    for row in qs.values_list("unit_id", "period", *ANSWER_FIELDS).order_by():
        out[(row[0], row[1])].append(tuple(row[2:]))
    return out


@dataclass(frozen=True)
class IkmRow:
    unit: Unit
    period: str
    result: ikm.IkmResult
    population: int | None
    required: int

    @property
    def respondents(self) -> int:
        return self.result.respondents

    @property
    def short(self) -> bool:
        return self.result.respondents < self.required

    @property
    def nrr2(self) -> list[Decimal | None]:
        values = self.result.nrr
        return [ikm.round2(v) for v in values] if values else [None] * ikm.ELEMENT_COUNT

    @property
    def ikm2(self) -> Decimal | None:
        return self.result.ikm_rounded

    @property
    def ikm_printed2(self) -> Decimal | None:
        value = self.result.ikm_printed_weight
        return None if value is None else ikm.round2(value)

    @property
    def grade(self) -> str | None:
        return self.result.grade

    @property
    def performance(self) -> Any:
        return questionnaire.PERFORMANCE.get(self.grade or "", "")


def populations() -> dict[tuple[int, str], int]:
    return {
        (p.unit_id, p.period): p.users
        for p in UnitPopulation.objects.all().only("unit_id", "period", "users")
    }


def ikm_rows(*, period: str | None = None, unit_ids: Iterable[int] | None = None) -> list[IkmRow]:
    """One row per unit and period with answers, ordered by unit code then period."""
    grouped = answers_by_unit_period(period=period, unit_ids=unit_ids)
    units = Unit.objects.in_bulk({u for u, _p in grouped})
    sizes = populations()
    rows = []
    for (unit_id, code), answers in grouped.items():
        population = sizes.get((unit_id, code))
        rows.append(
            IkmRow(
                unit=units[unit_id],
                period=code,
                result=ikm.compute(answers),
                population=population,
                required=ikm.required_sample(population),
            )
        )
    rows.sort(key=lambda r: (r.unit.code, _period_key(r.period)))
    return rows


def _period_key(code: str) -> tuple[datetime.date, datetime.date]:
    try:
        return sort_key(code)
    except PeriodError:
        return datetime.date.max, datetime.date.max


def periods_with_data() -> list[str]:
    codes = set(counted().values_list("period", flat=True).distinct().order_by())
    return sorted(codes, key=_period_key)


def sector_series(rows: list[IkmRow]) -> dict[str, dict[str, ikm.IkmResult]]:
    """IKM per sector and period, from every counted answer of the sector's units."""
    grouped = answers_by_unit_period()
    units = Unit.objects.in_bulk({u for u, _p in grouped})
    by_sector: dict[str, dict[str, list[tuple[int, ...]]]] = defaultdict(lambda: defaultdict(list))
    for (unit_id, code), answers in grouped.items():
        by_sector[units[unit_id].sector][code].extend(answers)
    return {
        sector: {
            code: ikm.compute(a) for code, a in sorted(per.items(), key=lambda i: _period_key(i[0]))
        }
        for sector, per in sorted(by_sector.items())
    }


# Trend charts show the upper part of the 25–100 scale, where units differ (grade C starts at 65),
# lower only when a value is below it.
CHART_FLOOR = 50


def chart_range(values: Iterable[float | None]) -> dict[str, int]:
    present = [v for v in values if v is not None]
    low = min([CHART_FLOOR, *present])
    return {"yMin": int(low // 5 * 5), "yMax": 100}


def trend_chart(
    label: str, series: dict[str, Decimal | None], periods: list[str]
) -> dict[str, Any]:
    data = [float(v) if (v := series.get(p)) is not None else None for p in periods]
    return {
        "type": "line",
        "labels": periods,
        "datasets": [{"label": label, "data": data}],
        **chart_range(data),
    }


# --- cycles -------------------------------------------------------------------------------


def published_plan(cycle: Cycle) -> Plan | None:
    return (
        Plan.objects.filter(cycle=cycle, status=PlanStatus.PUBLISHED)
        .order_by("-created_at")
        .first()
    )


def evaluated_cycles(today: datetime.date | None = None) -> list[Cycle]:
    """Cycles whose moves have taken effect: a published plan and an effective date passed."""
    today = today or timezone.localdate()
    return list(
        Cycle.objects.filter(
            effective_date__isnull=False,
            effective_date__lte=today,
            plans__status=PlanStatus.PUBLISHED,
        )
        .distinct()
        .order_by("-effective_date", "-created_at")
    )


def last_evaluated_cycle(exclude: Cycle | None = None) -> Cycle | None:
    for cycle in evaluated_cycles():
        if exclude is None or cycle.pk != exclude.pk:
            return cycle
    return None


def next_cycle(today: datetime.date | None = None) -> Cycle | None:
    """The newest cycle whose moves have not taken effect: the one the flags steer."""
    evaluated = {c.pk for c in evaluated_cycles(today)}
    return Cycle.objects.exclude(pk__in=evaluated).order_by("-created_at").first()


def real_moves(plan: Plan) -> QuerySet[Move]:
    return Move.objects.filter(plan=plan).exclude(to_position_id=F("from_position_id"))


@dataclass(frozen=True)
class UnitOutcome:
    unit: Unit
    moved_in: int
    moved_out: int
    evaluation: flags.UnitEvaluation


def cycle_outcomes(cycle: Cycle) -> list[UnitOutcome]:
    """Before and after for every unit a cycle's published plan touched (steps of ``flags``)."""
    plan = published_plan(cycle)
    if plan is None or cycle.effective_date is None:
        return []
    moved_in: dict[int, int] = defaultdict(int)
    moved_out: dict[int, int] = defaultdict(int)
    for to_unit, from_unit in real_moves(plan).values_list(
        "to_position__unit_id", "from_position__unit_id"
    ):
        moved_in[to_unit] += 1
        moved_out[from_unit] += 1
    touched = set(moved_in) | set(moved_out)
    grouped = answers_by_unit_period(unit_ids=touched)
    periods: dict[int, list[Period]] = defaultdict(list)
    for unit_id, code in grouped:
        try:
            periods[unit_id].append(parse_period(code))
        except PeriodError:
            continue
    employee_scores: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for response in EmployeeSurveyResponse.objects.filter(move__plan=plan).only(
        "unit_id", *questionnaire.EMPLOYEE_ITEMS
    ):
        employee_scores[response.unit_id].append(response.scores)
    out = []
    for unit in Unit.objects.filter(pk__in=touched).order_by("code"):
        before, after = flags.choose_periods(periods[unit.pk], cycle.effective_date)
        evaluation = flags.evaluate_unit(
            before_period=before.code if before else None,
            after_period=after.code if after else None,
            before_answers=grouped.get((unit.pk, before.code), []) if before else [],
            after_answers=grouped.get((unit.pk, after.code), []) if after else [],
            employee_scores=employee_scores.get(unit.pk, []),
            minimum_employee_answers=questionnaire.MIN_ANSWERS_SHOWN,
            unhappy_below=questionnaire.UNHAPPY_BELOW,
        )
        out.append(UnitOutcome(unit, moved_in[unit.pk], moved_out[unit.pk], evaluation))
    return out


# --- employee surveys ---------------------------------------------------------------------


@dataclass(frozen=True)
class DueSurvey:
    move: Move
    wave: int
    opens: datetime.date
    closes: datetime.date
    answered: bool


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def wave_dates(effective: datetime.date, wave: int) -> tuple[datetime.date, datetime.date]:
    opens = add_months(effective, wave)
    return opens, opens + datetime.timedelta(days=questionnaire.WAVE_OPEN_DAYS)


def employee_moves(employee: Employee) -> list[Move]:
    """The employee's moves in published plans whose cycle has an effective date."""
    return list(
        real_moves_of_published()
        .filter(employee=employee)
        .select_related("plan__cycle", "to_position__unit", "from_position__unit")
    )


def real_moves_of_published() -> QuerySet[Move]:
    return Move.objects.filter(
        plan__status=PlanStatus.PUBLISHED, plan__cycle__effective_date__isnull=False
    ).exclude(to_position_id=F("from_position_id"))


def surveys_for(employee: Employee, today: datetime.date | None = None) -> list[DueSurvey]:
    """Every survey wave of the employee's moves that has opened (answered or not)."""
    today = today or timezone.localdate()
    moves = employee_moves(employee)
    answered = set(
        EmployeeSurveyResponse.objects.filter(move__in=moves).values_list("move_id", "wave")
    )
    out = []
    for move in moves:
        effective = move.plan.cycle.effective_date  # type: ignore[union-attr]
        for wave in questionnaire.WAVES:
            opens, closes = wave_dates(effective, wave)
            if opens <= today:
                out.append(DueSurvey(move, wave, opens, closes, (move.pk, wave) in answered))
    return out


def open_surveys(employee: Employee, today: datetime.date | None = None) -> list[DueSurvey]:
    today = today or timezone.localdate()
    return [s for s in surveys_for(employee, today) if not s.answered and s.closes >= today]


@dataclass(frozen=True)
class WaveTracking:
    cycle: Cycle
    wave: int
    opens: datetime.date
    due: int
    answered: int


def tracking(today: datetime.date | None = None) -> list[WaveTracking]:
    """Per evaluated cycle and wave: how many moved employees were asked and how many answered."""
    today = today or timezone.localdate()
    out = []
    for cycle in evaluated_cycles(today):
        plan = published_plan(cycle)
        if plan is None or cycle.effective_date is None:
            continue
        moves = real_moves(plan).count()
        answered = dict(
            EmployeeSurveyResponse.objects.filter(move__plan=plan)
            .values_list("wave")
            .annotate(n=Count("id"))
            .order_by()
        )
        for wave in questionnaire.WAVES:
            opens, _closes = wave_dates(cycle.effective_date, wave)
            out.append(WaveTracking(cycle, wave, opens, moves, answered.get(wave, 0)))
    return out


@dataclass(frozen=True)
class EmployeeUnitResult:
    unit: Unit
    answers: int
    means: dict[str, float] | None  # None below the confidentiality threshold


def employee_results(cycle: Cycle) -> list[EmployeeUnitResult]:
    """Per unit moved into: the mean of each item, shown only from MIN_ANSWERS_SHOWN answers."""
    plan = published_plan(cycle)
    if plan is None:
        return []
    by_unit: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for r in EmployeeSurveyResponse.objects.filter(move__plan=plan):
        by_unit[r.unit_id].append(r.scores)
    units = Unit.objects.in_bulk(list(by_unit))
    out = []
    for unit_id, rows in sorted(by_unit.items(), key=lambda i: units[i[0]].code):
        means = None
        if len(rows) >= questionnaire.MIN_ANSWERS_SHOWN:
            means = {
                name: sum(r[i] for r in rows) / len(rows)
                for i, name in enumerate(questionnaire.EMPLOYEE_ITEMS)
            }
        out.append(EmployeeUnitResult(units[unit_id], len(rows), means))
    return out


# --- recommended actions ------------------------------------------------------------------


def unit_shortages(unit: Unit) -> list[tuple[Position, int, int]]:
    """Posts of the unit still below their formation: (post, formation, holders)."""
    out = []
    for position in (
        Position.objects.filter(unit=unit, formation__isnull=False)
        .annotate(holders=Count("employees"))
        .order_by("code")
    ):
        if position.holders < (position.formation or 0):
            out.append((position, position.formation or 0, position.holders))
    return out


def competency_gaps(unit: Unit) -> list[tuple[Employee, str, int, int]]:
    """Holders of the unit's posts whose level of a required competency is below the post's:
    (employee, competency, held, required) — the training still open."""
    out = []
    for employee in Employee.objects.filter(position__unit=unit).select_related("position"):
        required = employee.position.competencies or {}
        held = {str(k).lower(): v for k, v in (employee.competencies or {}).items()}
        for name, level in sorted(required.items()):
            have = int(held.get(str(name).lower(), 0) or 0)
            if have < int(level):
                out.append((employee, str(name), have, int(level)))
    return out
