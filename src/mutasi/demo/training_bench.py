"""``mutasi bench --case training``: the training plan (stage 4's MILP) on the demo region's plan.

Built in memory like the planner's cases (no database): the demo region of ``size`` employees
(``regions.demo_problem``), its transfer plan (``--mechanisms``' first, default ``optimal``), each
person's competency gap against the post held after the plan (movers against the new post, and
everyone left below their own post's standard) weighted by the post's criticality as the training
stage weighs it, and a generated course catalogue (``--courses`` courses, ``--sessions`` sessions
over the next 120 days, seeded). Two budgets are tried, as an office would: an ample one
(Rp 600,000 an employee) and a tight one (Rp 60,000 an employee).

Timed: ``optimize.plan_training`` alone (the MILP with its candidate selection), wall and CPU.
The region and its transfer plan are built first and not counted (the plan's seconds are shown).
Peak memory is the process's, region and transfer plan included. Each size runs in a fresh
process. No Django import.
"""

from __future__ import annotations

import datetime
import os
import random
import resource
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Final

from mutasi.core.tables import csv_text, markdown_table, text_table
from mutasi.demo.regions import demo_problem
from mutasi.planner import Policy, Problem, solve
from mutasi.planner.bench import in_fresh_process
from mutasi.planner.competency import competency_gap, criticality
from mutasi.training import optimize

COLUMNS: Final = (
    "case",
    "size",
    "budget",
    "moves",
    "people",
    "courses",
    "sessions",
    "plan_seconds",
    "seconds",
    "cpu_seconds",
    "peak_mb",
    "status",
    "closed",
    "bound",
    "gap_percent",
    "chosen",
    "cost",
    "load",
)
# Budgets per employee of the region (rupiah): ample and tight.
BUDGETS_PER_EMPLOYEE: Final = (600_000, 60_000)
TARGET_SECONDS: Final = {50000: 20.0}
TARGET_GAP_PERCENT: Final = 1.0
WINDOW_DAYS: Final = 90  # the training stage's default: sessions up to 90 days after the move
SESSION_HORIZON_DAYS: Final = 120
# The demo's plans take effect at the start of a cycle; every date here is relative to it.
EFFECTIVE: Final = datetime.date(2027, 1, 4)


def catalogue(
    competencies: Sequence[str], courses: int, sessions: int, seed: int
) -> tuple[list[optimize.Course], list[optimize.Session]]:
    """A seeded catalogue: each course raises one competency (sometimes a second) to level 2–5,
    8–40 JP at Rp 50,000–150,000 a JP; sessions spread over the horizon with 20–40 seats."""
    rng = random.Random(seed)
    names = sorted(competencies)
    out_courses = []
    for k in range(courses):
        raises = {names[k % len(names)]: rng.randint(2, 5)}
        if rng.random() < 0.3:
            raises[rng.choice(names)] = rng.randint(2, 4)
        jp = rng.choice([8, 16, 24, 32, 40])
        cost = float(jp * rng.choice([50_000, 75_000, 100_000, 150_000]))
        out_courses.append(optimize.Course(f"DIK-{k:04d}", raises, cost, jp))
    out_sessions = []
    for j in range(sessions):
        course = out_courses[j % len(out_courses)]
        start = EFFECTIVE + datetime.timedelta(days=rng.randint(3, SESSION_HORIZON_DAYS))
        end = start + datetime.timedelta(days=max(1, course.jp // 8) - 1)
        seats = rng.choice([20, 25, 30, 40])
        out_sessions.append(optimize.Session(f"SES-{j:05d}", course.code, start, end, seats))
    return out_courses, out_sessions


def needs_after(problem: Problem, assignments: dict[str, str], policy: Policy) -> list[Any]:
    """Each person's training need against the post held after the plan (none if no gap)."""
    units = problem.unit_by_id
    staff = Counter(e.position_id for e in problem.employees)
    posts = {p.id: p for p in problem.positions}
    weight = {
        p.id: criticality(
            policy.sector_weight(units[p.unit_id].sector), p.formation, staff.get(p.id, 0)
        )
        for p in problem.positions
    }
    latest = EFFECTIVE + datetime.timedelta(days=WINDOW_DAYS)
    needs = []
    for e in problem.employees:
        target = assignments.get(e.id, e.position_id)
        required = dict(posts[target].competencies)
        if not required:
            continue
        known: dict[str, int | None] = {c: e.competencies.get(c) for c in required}
        gap = competency_gap(required, known, weight=weight[target])
        assessed = {c: v for c, v in known.items() if v is not None}
        need = optimize.need_of(
            e.id, gap, assessed, required, earliest_start=EFFECTIVE, latest_start=latest
        )
        if need is not None:
            needs.append(need)
    return needs


def training_rows(
    size: int, seed: int, mechanism: str, time_limit: float, courses: int, sessions: int
) -> list[dict[str, Any]]:
    """One row per budget for the demo region of ``size`` (see the module docstring)."""
    problem = demo_problem(size)
    policy = Policy(time_limit_seconds=time_limit)
    started = time.perf_counter()
    plan = solve(problem, policy, mechanism=mechanism)
    plan_seconds = time.perf_counter() - started
    needs = needs_after(problem, dict(plan.assignments), policy)
    competencies = {c for p in problem.positions for c in p.competencies}
    course_list, session_list = catalogue(sorted(competencies), courses, sessions, seed)
    rows = []
    for per_employee in BUDGETS_PER_EMPLOYEE:
        request = optimize.Request(
            needs=needs,
            courses=course_list,
            sessions=session_list,
            budget=float(per_employee * size),
            time_limit=max(60.0, time_limit),
        )
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        result = optimize.plan_training(request)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        rows.append(
            {
                "case": "training",
                "size": size,
                "budget": int(request.budget),
                "moves": len(plan.moves),
                "people": len(needs),
                "courses": len(course_list),
                "sessions": len(session_list),
                "plan_seconds": round(plan_seconds, 2),
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
                "status": result.status.value,
                "closed": round(result.closed, 1),
                "bound": round(result.bound, 1),
                "gap_percent": round(100 * result.gap, 3),
                "chosen": len(result.assignments),
                "cost": int(result.cost),
                "load": round(load, 2),
            }
        )
    return rows


def targets(rows: Sequence[dict[str, Any]]) -> list[str]:
    """One line per row with a target: ≤ 20 s at 50,000 with a proven gap ≤ 1%."""
    lines = []
    for r in rows:
        limit = TARGET_SECONDS.get(r["size"])
        if limit is None:
            continue
        gap_ok = r["gap_percent"] <= TARGET_GAP_PERCENT
        wall = "met" if gap_ok and r["seconds"] <= limit else "NOT met"
        cpu = "met" if gap_ok and r["cpu_seconds"] <= limit else "NOT met"
        lines.append(
            f"- training {r['size']:,}, budget Rp {r['budget']:,} ≤ {limit:g} s: wall "
            f"{r['seconds']} s {wall}; CPU {r['cpu_seconds']} s {cpu} (gap {r['gap_percent']}%, "
            f"{r['moves']:,} moves, {r['people']:,} people with a gap, load {r['load']})"
        )
    return lines


def run(
    sizes: Sequence[int],
    seed: int,
    mechanism: str,
    time_limit: float,
    courses: int,
    sessions: int,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Every size in a fresh process (spawned: its peak memory is its own)."""
    rows: list[dict[str, Any]] = []
    for size in sizes:
        for row in in_fresh_process(
            training_rows, size, seed, mechanism, time_limit, courses, sessions
        ):
            rows.append(row)
            if progress:
                progress(row)
    return rows


def format_table(rows: Sequence[dict[str, Any]], fmt: str = "table") -> str:
    """The rows as a text table, CSV or Markdown (``core.tables``)."""
    body = [[r.get(k) for k in COLUMNS] for r in rows]
    if fmt == "csv":
        return csv_text(COLUMNS, body)
    if fmt == "markdown":
        return markdown_table(COLUMNS, body)
    return text_table(COLUMNS, body, numeric=[k not in ("case", "status") for k in COLUMNS])
