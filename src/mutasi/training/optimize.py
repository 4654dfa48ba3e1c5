"""The training plan as a MILP (pure: plain values in, plain values out; no Django).

Given each person's competency gaps (``mutasi.planner.competency``), a course catalogue with
dated sessions, a budget, and HR's pins and exclusions, choose sessions per person that close the
most weighted gap. Steps:

1. Candidates: for each person the courses that close part of a gap (not excluded), at most
   ``max_courses`` of them — the best by value and the best by value per rupiah — plus every
   pinned course; of each, the sessions with seats that start inside the person's window (from
   ``earliest_start`` to ``latest_start``, i.e. before or soon after the move's effective date).
2. Model: a binary ``x[p, s]`` per candidate; a continuous ``z[p, c, l]`` in [0, 1] per missing
   level l of competency c, with ``z[p, c, l] <= sum of x[p, s]`` over sessions whose course
   raises c to at least l (a level is closed once, however many courses reach it). Rows: the
   budget, each session's seats, each course at most once per person (exactly once if pinned),
   and, per person and per session start date d, at most one session running on d — for
   intervals this excludes every clash (any set of pairwise overlapping intervals shares the
   latest start; Helly's theorem in one dimension).
3. Objective: maximise ``sum weight[p] * z`` minus a tie-break cost per rupiah too small to
   change which gap is closed (cheaper among equals). HiGHS branch and cut to the relative gap
   ``gap_tolerance``; the proven gap is reported.
4. Report: the chosen sessions, the weighted levels each closes, and every gap level left open
   with the reason (no course, excluded, no session in time, budget, seats, schedule clash).
"""

from __future__ import annotations

import datetime
import itertools
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import highspy
import numpy as np
from scipy import sparse

from mutasi.planner.competency import Gap, levels_closed
from mutasi.planner.optimal import _QuietHighs

# Candidate courses per person, by value and by value per rupiah (so up to twice this, plus pins).
# Measured on the 50,000 demo's tight budget (mutasi bench --case training): 2 closed 12,082
# weighted levels in 7.5 CPU s, 4 closed 12,431 (+2.9%) in 11 s, 8 closed 12,435 in 15 s.
DEFAULT_MAX_COURSES = 4
DEFAULT_GAP_TOLERANCE = 0.01  # stop at a proven 1% relative gap
DEFAULT_TIME_LIMIT = 60.0
DEFAULT_EXACT_LIMIT = 20_000
# A competency never assessed is unknown (the pages say so); the training plan plans it from this
# level, as for a beginner, so that a move into a new field can still be trained for.
UNKNOWN_PLANNED_FROM = 1
# The tie-break on cost may move the objective by at most this share of the smallest weight.
_TIE_BREAK_SHARE = 1e-3


class SolverFailure(RuntimeError):
    """HiGHS ended without a solution for a reason other than infeasibility."""


class Reason(StrEnum):
    NO_COURSE = "no_course"  # no course in the catalogue raises this competency far enough
    EXCLUDED = "excluded"  # HR excluded every course that would
    NO_SESSION = "no_session"  # no session with seats starts inside the person's window
    BUDGET = "budget"  # the budget went to gaps that weigh more
    SEATS = "seats"  # every suitable session is full
    CLASH = "clash"  # every suitable session clashes with one already chosen
    NOT_CHOSEN = "not_chosen"  # left within the optimality gap tolerance


class Status(StrEnum):
    OPTIMAL = "optimal"  # within the gap tolerance
    TIME_LIMIT = "time_limit"  # a feasible plan, gap as reported
    INFEASIBLE = "infeasible"  # the pins alone exceed the budget, seats or schedule
    EMPTY = "empty"  # nothing to choose (no gap a course can close, or no money)


@dataclass(frozen=True)
class Need:
    """One person: competency -> (assessed, required) with required > assessed."""

    person: str
    gaps: Mapping[str, tuple[int, int]]
    weight: float = 1.0
    latest_start: datetime.date | None = None
    earliest_start: datetime.date | None = None


def need_of(
    person: str,
    gap: Gap,
    assessed: Mapping[str, int],
    required: Mapping[str, int],
    *,
    earliest_start: datetime.date | None = None,
    latest_start: datetime.date | None = None,
) -> Need | None:
    """The training need of one person's gap: the assessed levels below the standard, and each
    never-assessed competency from ``UNKNOWN_PLANNED_FROM``; None when there is nothing to train."""
    gaps = {c: (int(assessed[c]), int(required[c])) for c in gap.levels}
    gaps.update(
        {
            c: (UNKNOWN_PLANNED_FROM, int(required[c]))
            for c in gap.unknown
            if required[c] > UNKNOWN_PLANNED_FROM
        }
    )
    if not gaps:
        return None
    return Need(
        person=person,
        gaps=gaps,
        weight=gap.weight,
        latest_start=latest_start,
        earliest_start=earliest_start,
    )


@dataclass(frozen=True)
class Course:
    code: str
    raises: Mapping[str, int]  # competency -> level the course brings a participant to
    cost: float  # per participant
    jp: int = 0


@dataclass(frozen=True)
class Session:
    code: str
    course: str
    start: datetime.date
    end: datetime.date
    seats: int


@dataclass(frozen=True)
class Request:
    needs: Sequence[Need]
    courses: Sequence[Course]
    sessions: Sequence[Session]
    budget: float
    pins: frozenset[tuple[str, str]] = frozenset()  # (person, course) HR wants funded
    exclusions: frozenset[tuple[str, str]] = frozenset()  # (person, course) HR ruled out
    max_courses: int = DEFAULT_MAX_COURSES
    gap_tolerance: float = DEFAULT_GAP_TOLERANCE
    time_limit: float = DEFAULT_TIME_LIMIT
    # Above this many (person, session) candidates, courses are chosen on the aggregated model
    # first (step 2b); at or below it the session model is solved whole.
    exact_limit: int = DEFAULT_EXACT_LIMIT


@dataclass(frozen=True)
class Assignment:
    person: str
    course: str
    session: str
    cost: float
    jp: int
    closed: float  # weighted levels this session closes (shared levels go to the first chosen)
    levels: Mapping[str, int]  # competency -> levels it closes


@dataclass(frozen=True)
class Unfunded:
    person: str
    competency: str
    levels: int
    reason: Reason
    pinned_course: str = ""  # set when the open item is a pin that has no session in time


@dataclass
class Result:
    status: Status
    assignments: list[Assignment] = field(default_factory=list)
    unfunded: list[Unfunded] = field(default_factory=list)
    closed: float = 0.0  # weighted levels closed
    total_gap: float = 0.0  # weighted levels of every gap
    bound: float = 0.0  # proven upper bound on ``closed`` (with the tie-break removed)
    gap: float = 0.0  # relative MIP gap (0.01 = 1%)
    cost: float = 0.0
    seconds: float = 0.0
    variables: int = 0
    rows: int = 0


@dataclass
class _Candidates:
    person: list[int] = field(default_factory=list)
    session: list[int] = field(default_factory=list)


def plan_training(request: Request) -> Result:
    """Choose sessions per person (see the module docstring for the steps)."""
    started = time.perf_counter()
    courses = {c.code: c for c in request.courses}
    sessions = list(request.sessions)
    by_course: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sessions):
        if s.seats > 0 and s.course in courses:
            by_course[s.course].append(i)
    needs = list(request.needs)
    total_gap = sum(n.weight * sum(r - a for a, r in n.gaps.values()) for n in needs)

    cand = _candidates(request, needs, courses, sessions, by_course)
    if not cand.person:
        result = Result(status=Status.EMPTY, total_gap=total_gap)
        result.unfunded = _unfunded(request, needs, courses, sessions, by_course, [], [])
        result.seconds = time.perf_counter() - started
        return result

    bound: float | None = None
    if len(cand.person) > request.exact_limit:
        # Large: choose courses first on the aggregated model (its bound is valid for the whole
        # problem), then place the chosen (person, course) pairs in sessions exactly.
        pairs, bound, columns = _choose_courses(request, needs, courses, sessions, cand)
        keep = [
            j
            for j, (p, i) in enumerate(zip(cand.person, cand.session, strict=True))
            if (p, sessions[i].course) in pairs
        ]
        cand = _Candidates([cand.person[j] for j in keep], [cand.session[j] for j in keep])
    highs, n_x, n_rows, z_owner = _build(request, needs, courses, sessions, cand)
    if not request.pins:
        _start_from_nothing(highs, n_x + len(z_owner))
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    if info.primal_solution_status != 2 and status != highspy.HighsModelStatus.kModelEmpty:
        if status != highspy.HighsModelStatus.kInfeasible:
            # choosing nothing is always feasible without pins: anything else is a solver fault
            raise SolverFailure(highs.modelStatusToString(status))
        return Result(
            status=Status.INFEASIBLE,
            total_gap=total_gap,
            seconds=time.perf_counter() - started,
            variables=n_x,
            rows=n_rows,
        )
    values = np.asarray(highs.getSolution().col_value)[:n_x]
    chosen = np.flatnonzero(values > 0.5)
    result = _report(request, needs, courses, sessions, by_course, cand, chosen)
    result.total_gap = total_gap
    solved = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kModelEmpty)
    result.status = Status.OPTIMAL if status in solved else Status.TIME_LIMIT
    # The MIP objective carries the tie-break; the bound is read without it, conservatively.
    if bound is None:
        bound = _upper_bound(highs, needs)
    result.bound = max(result.closed, bound)
    result.gap = (result.bound - result.closed) / max(result.bound, 1e-9) if result.bound else 0.0
    result.gap = max(0.0, result.gap)
    if result.gap > request.gap_tolerance and result.status == Status.OPTIMAL:
        result.status = Status.TIME_LIMIT
    result.seconds = time.perf_counter() - started
    result.variables = n_x + len(z_owner)
    result.rows = n_rows
    return result


def _choose_courses(
    request: Request,
    needs: list[Need],
    courses: dict[str, Course],
    sessions: list[Session],
    cand: _Candidates,
) -> tuple[set[tuple[int, str]], float, int]:
    """The aggregated model: ``y[p, k]`` = person p takes course k, each course's seats summed
    over its sessions, no clash rows. Any session plan maps onto it with the same value and
    cost, so its dual bound bounds the session plan too. Returns the chosen (person, course)
    pairs, that bound, and the number of columns."""
    seats: dict[str, int] = defaultdict(int)
    pair_index: dict[tuple[int, str], int] = {}
    for p, i in zip(cand.person, cand.session, strict=True):
        code = sessions[i].course
        pair_index.setdefault((p, code), len(pair_index))
    for i in sorted(set(cand.session)):
        seats[sessions[i].course] += sessions[i].seats
    pairs = list(pair_index)
    n_y = len(pairs)
    rows = _Rows()
    cost = np.array([courses[k].cost for _p, k in pairs], dtype=float)
    rows.add(list(range(n_y)), cost.tolist(), -np.inf, float(request.budget))
    by_course: dict[str, list[int]] = defaultdict(list)
    by_person: dict[int, list[int]] = defaultdict(list)
    for j, (p, k) in enumerate(pairs):
        by_course[k].append(j)
        by_person[p].append(j)
        if (needs[p].person, k) in request.pins:
            rows.add([j], [1.0], 1.0, 1.0)
    for k, cols in by_course.items():
        if len(cols) > seats[k]:
            rows.add(cols, [1.0] * len(cols), -np.inf, float(seats[k]))
    z_weight: list[float] = []
    for p, cols in by_person.items():
        need = needs[p]
        for comp, (assessed, required) in sorted(need.gaps.items()):
            for level in range(assessed + 1, required + 1):
                reach = [j for j in cols if courses[pairs[j][1]].raises.get(comp, 0) >= level]
                if reach:
                    z_col = n_y + len(z_weight)
                    z_weight.append(need.weight)
                    rows.add([z_col, *reach], [1.0] + [-1.0] * len(reach), -np.inf, 0.0)
    tie = _tie_break_budget(needs) / (float(cost.sum()) or 1.0)
    objective = np.concatenate([tie * cost, -np.asarray(z_weight, dtype=float)])
    highs = rows.model(
        objective, n_integer=n_y, gap=request.gap_tolerance / 2, limit=0.75 * request.time_limit
    )
    if not request.pins:
        _start_from_nothing(highs, len(objective))
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    if info.primal_solution_status != 2 and status != highspy.HighsModelStatus.kModelEmpty:
        raise SolverFailure(highs.modelStatusToString(status))
    y = np.asarray(highs.getSolution().col_value)[:n_y]
    chosen = {pairs[j] for j in np.flatnonzero(y > 0.5).tolist()}
    return chosen, _upper_bound(highs, needs), n_y + len(z_weight)


def _start_from_nothing(highs: highspy.Highs, n_cols: int) -> None:
    """Without pins, choosing nothing is feasible: give it as the first incumbent, so a run cut
    short by the time limit still ends with a plan (and its proven gap) rather than none."""
    start = highspy.HighsSolution()
    start.col_value = [0.0] * n_cols
    start.value_valid = True
    highs.setSolution(start)


def _upper_bound(highs: highspy.Highs, needs: list[Need]) -> float:
    """The proven bound on the weighted gap closed (the model minimises its negative; the
    tie-break's share is added back). A model presolve emptied is solved: its value is exact."""
    info = highs.getInfo()
    if highs.getModelStatus() == highspy.HighsModelStatus.kModelEmpty:
        return -float(info.objective_function_value) + _tie_break_budget(needs)
    return -float(info.mip_dual_bound) + _tie_break_budget(needs)


class _Rows:
    """Rows of a sparse model, then the HiGHS model (maximisation written as minimisation)."""

    def __init__(self) -> None:
        self.i: list[int] = []
        self.j: list[int] = []
        self.v: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, cols: Sequence[int], coefs: Sequence[float], lo: float, hi: float) -> None:
        r = len(self.lower)
        self.i.extend([r] * len(cols))
        self.j.extend(cols)
        self.v.extend(coefs)
        self.lower.append(lo)
        self.upper.append(hi)

    def model(
        self, objective: np.ndarray, *, n_integer: int, gap: float, limit: float
    ) -> highspy.Highs:
        n_cols = len(objective)
        matrix = sparse.csc_matrix(
            (np.asarray(self.v, dtype=float), (np.asarray(self.i), np.asarray(self.j))),
            shape=(len(self.lower), n_cols),
        )
        highs = _QuietHighs()  # type: ignore[no-untyped-call]
        highs.setOptionValue("mip_rel_gap", float(gap))
        highs.setOptionValue("time_limit", float(limit))
        # HiGHS keeps one thread pool per process, sized by the first model that runs; a model
        # asking for another size then fails. The planner runs every model on one thread, so
        # this does too (a worker process runs both).
        highs.setOptionValue("threads", 1)
        # HiGHS's MIP presolve spent 82 of 85 s on the 50,000 demo's aggregated model (47,000
        # rows, 119,000 columns) and removed a quarter of it; without it the root LP and the
        # heuristics finish in 8 s with the same gap (``mutasi bench --case training``).
        highs.setOptionValue("presolve", "off")
        lp = highspy.HighsLp()
        lp.num_col_ = n_cols
        lp.num_row_ = len(self.lower)
        lp.col_cost_ = objective
        lp.col_lower_ = np.zeros(n_cols)
        lp.col_upper_ = np.ones(n_cols)
        lp.row_lower_ = np.asarray(self.lower, dtype=float)
        lp.row_upper_ = np.asarray(self.upper, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_integer + [
            highspy.HighsVarType.kContinuous
        ] * (n_cols - n_integer)
        highs.passModel(lp)
        return highs


def _course_value(need: Need, course: Course) -> int:
    return sum(
        levels_closed(a, r, course.raises.get(c, 0))
        for c, (a, r) in need.gaps.items()
        if c in course.raises
    )


def _in_window(need: Need, session: Session) -> bool:
    if need.latest_start is not None and session.start > need.latest_start:
        return False
    return not (need.earliest_start is not None and session.start < need.earliest_start)


def _candidates(
    request: Request,
    needs: list[Need],
    courses: dict[str, Course],
    sessions: list[Session],
    by_course: dict[str, list[int]],
) -> _Candidates:
    """Step 1: the (person, session) pairs the model may choose."""
    raising: dict[str, list[Course]] = defaultdict(list)
    for course in courses.values():
        for comp in course.raises:
            raising[comp].append(course)
    pins_of: dict[str, set[str]] = defaultdict(set)
    for person, code in request.pins:
        pins_of[person].add(code)
    # people share windows (one effective date per plan): the sessions in each window, once
    timely_by_window: dict[tuple[Any, Any], dict[str, list[int]]] = {}
    cand = _Candidates()
    for p, need in enumerate(needs):
        window = (need.earliest_start, need.latest_start)
        timely = timely_by_window.get(window)
        if timely is None:
            timely = timely_by_window[window] = {
                code: kept
                for code, idx in by_course.items()
                if (kept := [i for i in idx if _in_window(need, sessions[i])])
            }
        useful: dict[str, int] = {}
        for comp in need.gaps:
            for course in raising.get(comp, ()):
                code = course.code
                if code in useful or code not in timely:
                    continue
                if (need.person, code) in request.exclusions:
                    continue
                value = _course_value(need, course)
                if value > 0:
                    useful[code] = value
        by_value = sorted(useful, key=lambda k: (-useful[k], courses[k].cost, k))
        by_ratio = sorted(
            useful, key=lambda k: (-useful[k] / max(courses[k].cost, 1.0), -useful[k], k)
        )
        keep = set(by_value[: request.max_courses]) | set(by_ratio[: request.max_courses])
        keep |= {k for k in pins_of.get(need.person, ()) if k in timely}
        for code in sorted(keep):
            for i in timely[code]:
                cand.person.append(p)
                cand.session.append(i)
    return cand


def _tie_break_budget(needs: list[Need]) -> float:
    weights = [n.weight for n in needs if n.weight > 0]
    return _TIE_BREAK_SHARE * (min(weights) if weights else 1.0)


def _build(
    request: Request,
    needs: list[Need],
    courses: dict[str, Course],
    sessions: list[Session],
    cand: _Candidates,
) -> tuple[highspy.Highs, int, int, list[tuple[int, str, int]]]:
    """Step 2: the MILP in HiGHS. Returns the model, the number of x columns, rows, and the
    (person, competency, level) of each z column."""
    n_x = len(cand.person)
    xs = cand.session
    cost_x = np.array([courses[sessions[i].course].cost for i in xs], dtype=float)
    rows = _Rows()
    rows.add(list(range(n_x)), cost_x.tolist(), -np.inf, float(request.budget))
    # seats
    by_session: dict[int, list[int]] = defaultdict(list)
    for j, i in enumerate(xs):
        by_session[i].append(j)
    for i, cols in by_session.items():
        if len(cols) > sessions[i].seats:
            rows.add(cols, [1.0] * len(cols), -np.inf, float(sessions[i].seats))
    # per person: each course once (pins exactly once), and no two sessions on the same day
    by_person: dict[int, list[int]] = defaultdict(list)
    for j, p in enumerate(cand.person):
        by_person[p].append(j)
    for p, cols in by_person.items():
        person = needs[p].person
        per_course: dict[str, list[int]] = defaultdict(list)
        for j in cols:
            per_course[sessions[xs[j]].course].append(j)
        for code, group in per_course.items():
            pinned = (person, code) in request.pins
            if pinned or len(group) > 1:
                rows.add(group, [1.0] * len(group), 1.0 if pinned else -np.inf, 1.0)
        if len(per_course) > 1:
            for day in sorted({sessions[xs[j]].start for j in cols}):
                running = [j for j in cols if sessions[xs[j]].start <= day <= sessions[xs[j]].end]
                if len({sessions[xs[j]].course for j in running}) > 1:
                    rows.add(running, [1.0] * len(running), -np.inf, 1.0)
    # z: each missing level is closed by any chosen session whose course reaches it
    z_owner: list[tuple[int, str, int]] = []
    z_weight: list[float] = []
    for p, cols in by_person.items():
        need = needs[p]
        for comp, (assessed, required) in sorted(need.gaps.items()):
            for level in range(assessed + 1, required + 1):
                reach = [
                    j for j in cols if courses[sessions[xs[j]].course].raises.get(comp, 0) >= level
                ]
                if not reach:
                    continue
                z_col = n_x + len(z_owner)
                z_owner.append((p, comp, level))
                z_weight.append(need.weight)
                rows.add([z_col, *reach], [1.0] + [-1.0] * len(reach), -np.inf, 0.0)
    tie = _tie_break_budget(needs) / (float(cost_x.sum()) or 1.0)
    objective = np.concatenate([tie * cost_x, -np.asarray(z_weight, dtype=float)])
    highs = rows.model(
        objective, n_integer=n_x, gap=request.gap_tolerance, limit=request.time_limit
    )
    return highs, n_x, len(rows.lower), z_owner


def _report(
    request: Request,
    needs: list[Need],
    courses: dict[str, Course],
    sessions: list[Session],
    by_course: dict[str, list[int]],
    cand: _Candidates,
    chosen: np.ndarray,
) -> Result:
    """Step 4: what was chosen, what it closes, and what is left open and why."""
    result = Result(status=Status.OPTIMAL)
    picks: dict[int, list[int]] = defaultdict(list)
    for j in chosen.tolist():
        picks[cand.person[j]].append(cand.session[j])
    reached: dict[int, dict[str, int]] = {}
    for p, chosen_sessions in sorted(picks.items()):
        need = needs[p]
        best = {c: a for c, (a, _r) in need.gaps.items()}
        for i in sorted(chosen_sessions, key=lambda i: (sessions[i].start, sessions[i].code)):
            session = sessions[i]
            course = courses[session.course]
            levels: dict[str, int] = {}
            for comp, (_a, required) in need.gaps.items():
                gain = levels_closed(best[comp], required, course.raises.get(comp, 0))
                if gain > 0:
                    levels[comp] = gain
                    best[comp] += gain
            closed = need.weight * sum(levels.values())
            result.assignments.append(
                Assignment(
                    person=need.person,
                    course=course.code,
                    session=session.code,
                    cost=course.cost,
                    jp=course.jp,
                    closed=closed,
                    levels=levels,
                )
            )
            result.closed += closed
            result.cost += course.cost
        reached[p] = best
    chosen_by_person = {p: list(v) for p, v in picks.items()}
    result.unfunded = _unfunded(
        request,
        needs,
        courses,
        sessions,
        by_course,
        [(p, i) for p, v in chosen_by_person.items() for i in v],
        [reached],
        spent=result.cost,
    )
    return result


def _unfunded(
    request: Request,
    needs: list[Need],
    courses: dict[str, Course],
    sessions: list[Session],
    by_course: dict[str, list[int]],
    chosen: list[tuple[int, int]],
    reached_list: list[dict[int, dict[str, int]]],
    *,
    spent: float = 0.0,
) -> list[Unfunded]:
    reached = reached_list[0] if reached_list else {}
    seats_used: dict[int, int] = defaultdict(int)
    mine: dict[int, list[int]] = defaultdict(list)
    for p, i in chosen:
        seats_used[i] += 1
        mine[p].append(i)
    left = request.budget - spent
    raising = _raising(courses)
    out: list[Unfunded] = []
    for p, need in enumerate(needs):
        best = reached.get(p, {})
        for comp, (assessed, required) in sorted(need.gaps.items()):
            level = best.get(comp, assessed)
            if level >= required:
                continue
            out.append(
                Unfunded(
                    need.person,
                    comp,
                    required - level,
                    _reason(
                        request,
                        need,
                        comp,
                        level,
                        raising,
                        sessions,
                        by_course,
                        seats_used,
                        mine[p],
                        left,
                    ),
                )
            )
        for person, code in sorted(request.pins):
            if person != need.person or code not in courses:
                continue
            if not any(_in_window(need, sessions[i]) for i in by_course.get(code, ())):
                out.append(Unfunded(need.person, "", 0, Reason.NO_SESSION, pinned_course=code))
    return out


def _raising(courses: Mapping[str, Course]) -> dict[str, list[tuple[int, Course]]]:
    """competency -> (level reached, course) of every course raising it, highest level first."""
    out: dict[str, list[tuple[int, Course]]] = defaultdict(list)
    for course in courses.values():
        for comp, level in course.raises.items():
            out[comp].append((level, course))
    for items in out.values():
        items.sort(key=lambda item: -item[0])
    return out


def _reason(
    request: Request,
    need: Need,
    comp: str,
    level: int,
    raising: Mapping[str, list[tuple[int, Course]]],
    sessions: list[Session],
    by_course: dict[str, list[int]],
    seats_used: Mapping[int, int],
    mine: list[int],
    budget_left: float,
) -> Reason:
    reaching = itertools.takewhile(lambda item: item[0] > level, raising.get(comp, ()))
    helpful = [course for _reached, course in reaching]
    if not helpful:
        return Reason.NO_COURSE
    allowed = [c for c in helpful if (need.person, c.code) not in request.exclusions]
    if not allowed:
        return Reason.EXCLUDED
    timely = [
        i for c in allowed for i in by_course.get(c.code, ()) if _in_window(need, sessions[i])
    ]
    if not timely:
        return Reason.NO_SESSION
    cost = {c.code: c.cost for c in allowed}
    if min(cost[sessions[i].course] for i in timely) > budget_left + 1e-9:
        return Reason.BUDGET
    open_seats = [i for i in timely if seats_used.get(i, 0) < sessions[i].seats]
    if not open_seats:
        return Reason.SEATS
    free = [
        i
        for i in open_seats
        if not any(
            sessions[i].start <= sessions[k].end and sessions[k].start <= sessions[i].end
            for k in mine
        )
    ]
    if not free:
        return Reason.CLASH
    return Reason.NOT_CHOSEN
