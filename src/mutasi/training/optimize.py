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
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import highspy
import numpy as np
from scipy import sparse

from mutasi.planner.competency import levels_closed
from mutasi.planner.optimal import _QuietHighs

DEFAULT_MAX_COURSES = 4  # candidate courses per person (plus pins); see step 1
DEFAULT_GAP_TOLERANCE = 0.01  # stop at a proven 1% relative gap
DEFAULT_TIME_LIMIT = 60.0
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

    highs, n_x, n_rows, z_owner = _build(request, needs, courses, sessions, cand)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    if info.primal_solution_status != 2:
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
    result.status = (
        Status.OPTIMAL if status == highspy.HighsModelStatus.kOptimal else Status.TIME_LIMIT
    )
    # The MIP objective carries the tie-break; the bound is read without it, conservatively.
    dual = -float(info.mip_dual_bound)
    result.bound = max(result.closed, dual + _tie_break_budget(needs))
    result.gap = (result.bound - result.closed) / max(result.bound, 1e-9) if result.bound else 0.0
    result.gap = max(0.0, result.gap)
    result.seconds = time.perf_counter() - started
    result.variables = n_x + len(z_owner)
    result.rows = n_rows
    return result


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
    cand = _Candidates()
    for p, need in enumerate(needs):
        useful: dict[str, int] = {}
        for comp in need.gaps:
            for course in raising.get(comp, ()):
                if course.code in useful or (need.person, course.code) in request.exclusions:
                    continue
                if not any(_in_window(need, sessions[i]) for i in by_course.get(course.code, ())):
                    continue
                value = _course_value(need, course)
                if value > 0:
                    useful[course.code] = value
        by_value = sorted(useful, key=lambda k: (-useful[k], courses[k].cost, k))
        by_ratio = sorted(
            useful, key=lambda k: (-useful[k] / max(courses[k].cost, 1.0), -useful[k], k)
        )
        keep = set(by_value[: request.max_courses]) | set(by_ratio[: request.max_courses])
        keep |= {k for k in pins_of.get(need.person, ()) if k in courses}
        for code in sorted(keep):
            for i in by_course.get(code, ()):
                if _in_window(need, sessions[i]):
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
    xs = np.asarray(cand.session)
    cost_x = np.array([courses[sessions[i].course].cost for i in cand.session], dtype=float)
    rows_i: list[int] = []
    cols_j: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def add_row(cols: Sequence[int], coefs: Sequence[float], lo: float, hi: float) -> None:
        r = len(lower)
        rows_i.extend([r] * len(cols))
        cols_j.extend(cols)
        vals.extend(coefs)
        lower.append(lo)
        upper.append(hi)

    # budget
    add_row(list(range(n_x)), cost_x.tolist(), -np.inf, float(request.budget))
    # seats
    by_session: dict[int, list[int]] = defaultdict(list)
    for j, i in enumerate(cand.session):
        by_session[i].append(j)
    for i, cols in by_session.items():
        if len(cols) > sessions[i].seats:
            add_row(cols, [1.0] * len(cols), -np.inf, float(sessions[i].seats))
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
                add_row(group, [1.0] * len(group), 1.0 if pinned else -np.inf, 1.0)
        if len(cols) > 1:
            for day in sorted({sessions[xs[j]].start for j in cols}):
                running = [j for j in cols if sessions[xs[j]].start <= day <= sessions[xs[j]].end]
                if len(running) > 1:
                    add_row(running, [1.0] * len(running), -np.inf, 1.0)
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
                add_row([z_col, *reach], [1.0] + [-1.0] * len(reach), -np.inf, 0.0)
    n_cols = n_x + len(z_owner)
    total_cost = float(cost_x.sum()) or 1.0
    tie = _tie_break_budget(needs) / total_cost
    objective = np.concatenate([tie * cost_x, -np.asarray(z_weight, dtype=float)])
    matrix = sparse.csc_matrix(
        (np.asarray(vals, dtype=float), (np.asarray(rows_i), np.asarray(cols_j))),
        shape=(len(lower), n_cols),
    )
    highs = _QuietHighs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("mip_rel_gap", float(request.gap_tolerance))
    highs.setOptionValue("time_limit", float(request.time_limit))
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = len(lower)
    lp.col_cost_ = objective
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.ones(n_cols)
    lp.row_lower_ = np.asarray(lower, dtype=float)
    lp.row_upper_ = np.asarray(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_x + [
        highspy.HighsVarType.kContinuous
    ] * len(z_owner)
    highs.passModel(lp)
    return highs, n_x, len(lower), z_owner


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
                        courses,
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


def _reason(
    request: Request,
    need: Need,
    comp: str,
    level: int,
    courses: dict[str, Course],
    sessions: list[Session],
    by_course: dict[str, list[int]],
    seats_used: Mapping[int, int],
    mine: list[int],
    budget_left: float,
) -> Reason:
    helpful = [c for c in courses.values() if c.raises.get(comp, 0) > level]
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
    if min(courses[sessions[i].course].cost for i in timely) > budget_left + 1e-9:
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
