"""The planner benchmark: regions of 10,000 / 20,000 / 50,000 employees, several structures.

Cases (``--case``): ``synthetic`` (``synthetic.generate``); through ``mutasi bench`` also
``demo`` (the demo generator's kabupaten built in memory) and the demo's structural variants
(``one-person-posts``, ``overdue``, ``tight-caps``, ``many-pins``, ``mutasi.planner.variants``);
``all`` runs every case. The planner imports no app, so the demo region's builder
(``mutasi.demo.regions.build_case``) is handed in by the command (``builder``).

Each case runs in a fresh process (spawn) so its peak memory (ru_maxrss) is its own. For each size
both mechanisms run with the default policy (every hard rule on). Seconds are those of ``solve``
(compile, solve, reasons, metrics and ``check``), wall clock and CPU (all threads; on a shared
machine the CPU figure is the fairer one); building the region is not counted. ``load`` is the
1-minute load average when the case started.

The floor: after ``optimal``, the same arcs (its candidate and priced pairs) go to OR-Tools'
``SimpleMinCostFlow`` without the side rules (departure caps, priority floors, pins): a pure
minimum-cost flow (people, posts, formation room as capacities). Its objective is an upper bound
of the plan's (a relaxation) and its seconds the time a network solver needs on this network;
``floor_ratio`` = the optimal's seconds / the floor's.

At the sizes in ``milp_sizes`` (synthetic case only) the same model is handed whole to HiGHS as a
MILP (every eligible arc a binary variable, all rows, no candidate reduction, no pricing) with a
time limit, and the ratio of the times is reported. Run: ``mutasi bench``.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from mutasi.planner.model import Mechanism

COLUMNS = (
    "case",
    "size",
    "mechanism",
    "seconds",
    "cpu_seconds",
    "peak_mb",
    "objective",
    "bound",
    "gap_percent",
    "moves",
    "violations",
    "floor_objective",
    "floor_seconds",
    "floor_ratio",
    "threads",
    "load",
    "milp_ratio",
)
FLOOR_SCALE = 10_000  # scores to integer costs for the min-cost flow (0.0001 resolution)


Builder = Callable[[str, int, int], Any]  # (case, size, seed) -> Problem


def synthetic_case(case: str, size: int, seed: int) -> Any:
    """The planner's own case: the synthetic instance."""
    from mutasi.planner.synthetic import generate

    if case != "synthetic":
        raise ValueError(f"Kasus tidak dikenal: {case}")
    return generate(size, seed=seed, pins=size // 500)


def _case(
    case: str,
    size: int,
    mechanism: str,
    seed: int,
    time_limit: float,
    threads: int | None = None,
    builder: Builder | None = None,
) -> dict[str, Any]:
    from mutasi.planner import Policy, solve
    from mutasi.planner.eligibility import solver_threads

    if threads:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:threads])
    problem = (builder or synthetic_case)(case, size, seed)
    load = os.getloadavg()[0]
    trace: dict[str, Any] = {}
    started, cpu = time.perf_counter(), time.process_time()
    plan = solve(problem, Policy(time_limit_seconds=time_limit), mechanism=mechanism, trace=trace)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    m = plan.metrics
    row: dict[str, Any] = {
        "case": case,
        "size": size,
        "mechanism": mechanism,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
        "objective": round(m.objective, 2),
        "bound": None if m.bound is None else round(m.bound, 2),
        "gap_percent": None if m.gap_percent is None else round(m.gap_percent, 4),
        "moves": m.moves,
        "violations": m.violations,
        "threads": solver_threads(),
        "load": round(load, 2),
    }
    if trace.get("arcs") is not None:
        value, floor_seconds = min_cost_flow_floor(trace["compiled"], trace["arcs"])
        row.update(
            floor_objective=round(value, 2),
            floor_seconds=round(floor_seconds, 3),
            floor_ratio=round(seconds / max(floor_seconds, 1e-3), 1),
        )
    return row


def min_cost_flow_floor(c: Any, arcs: Any) -> tuple[float, float]:
    """The network part of the model on ``arcs`` as a min-cost flow (OR-Tools), no side rules.

    Nodes: a source S, a sink T, one per post, one per person with an arc. Person i at post p
    moving to q: p -> i (capacity 1), i -> q (capacity 1, cost -score). A post q that accepts
    people drains into T up to its room (formation - current); every post may be refilled from S
    (what leaves it frees room: in_q - out_q <= room_q); a post above formation gets its surplus
    from S free and the rest at the price of a lost filled slot. S -> T carries what is not used.
    Returns (objective = -cost, seconds of the solve alone)."""
    from ortools.graph.python import min_cost_flow

    emp, pos, score = arcs.emp, arcs.pos, arcs.score
    people = np.unique(emp)
    m = c.m
    s_node, t_node = 0, 1
    post_node = 2 + np.arange(m)
    person_node = np.full(c.n, -1, dtype=np.int64)
    person_node[people] = 2 + m + np.arange(len(people))
    origin = c.emp_pos[people]
    leaving = np.bincount(origin, minlength=m)
    room = np.maximum(0, c.formation - c.current)
    surplus = np.maximum(0, c.current - c.formation)
    tails: list[Any] = []
    heads: list[Any] = []
    caps: list[Any] = []
    costs: list[Any] = []

    def add(t: Any, h: Any, cap: Any, cost: Any) -> None:
        t = np.asarray(t, dtype=np.int64)
        tails.append(t)
        heads.append(np.broadcast_to(np.asarray(h, dtype=np.int64), t.shape))
        caps.append(np.broadcast_to(np.asarray(cap, dtype=np.int64), t.shape))
        costs.append(np.broadcast_to(np.asarray(cost, dtype=np.int64), t.shape))

    add(post_node[origin], person_node[people], 1, 0)
    add(person_node[emp], post_node[pos], 1, -np.rint(score * FLOOR_SCALE).astype(np.int64))
    recv = np.flatnonzero(c.accepts & (room > 0))
    add(post_node[recv], t_node, room[recv], 0)
    normal = np.flatnonzero((leaving > 0) & ~c.overstaffed)
    add(np.full(len(normal), s_node), post_node[normal], leaving[normal], 0)
    over = np.flatnonzero((leaving > 0) & c.overstaffed)
    free = np.minimum(leaving[over], surplus[over])
    add(np.full(len(over), s_node), post_node[over], free, 0)
    paid = leaving[over] - free
    lost = np.rint(c.pos_sector_w[over] * FLOOR_SCALE).astype(np.int64)
    add(np.full(len(over), s_node), post_node[over], paid, lost)
    total = int(len(people))
    add(np.array([s_node]), t_node, total, 0)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails),
        np.concatenate(heads),
        np.concatenate(caps),
        np.concatenate(costs),
    )
    supplies = np.zeros(2 + m + len(people), dtype=np.int64)
    supplies[s_node], supplies[t_node] = total, -total
    flow.set_nodes_supplies(np.arange(len(supplies)), supplies)
    started = time.perf_counter()
    status = flow.solve()
    seconds = time.perf_counter() - started
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow: status {status}")
    return -flow.optimal_cost() / FLOOR_SCALE, seconds


def _milp_case(size: int, seed: int, time_limit: float) -> dict[str, Any]:
    """The same model as ``optimal`` given whole to HiGHS branch-and-cut."""
    import highspy

    from mutasi.planner import Mechanism, Plan, Policy, check
    from mutasi.planner.eligibility import compile_problem
    from mutasi.planner.optimal import _Model, candidate_arcs
    from mutasi.planner.outcome import objective
    from mutasi.planner.synthetic import generate

    problem = generate(size, seed=seed, pins=size // 500)
    started, cpu = time.perf_counter(), time.process_time()
    policy = Policy(candidate_arcs=10**9, time_limit_seconds=time_limit)
    c = compile_problem(problem, policy)
    arcs, _left_out, notices = candidate_arcs(c)  # every eligible arc
    model = _Model(c, arcs)
    h = model.highs
    cols = model.arc_col.astype(np.int32)
    h.changeColsIntegrality(len(cols), cols, np.full(len(cols), highspy.HighsVarType.kInteger))
    h.setOptionValue("mip_rel_gap", policy.gap_tolerance)
    h.setOptionValue("time_limit", float(time_limit))
    h.run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    info = h.getInfo()
    row: dict[str, Any] = {
        "case": "synthetic",
        "size": size,
        "mechanism": "milp-highs",
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
        "objective": None,
        "bound": round(-float(info.mip_dual_bound), 2)
        if np.isfinite(info.mip_dual_bound)
        else None,
        "gap_percent": None,
        "moves": None,
        "violations": None,
        "status": h.modelStatusToString(h.getModelStatus()),
    }
    if info.primal_solution_status == 2:  # a feasible solution exists
        x = np.asarray(h.getSolution().col_value)[model.arc_col] > 0.5
        final = c.emp_pos.copy()
        final[arcs.emp[x]] = arcs.pos[x]
        value, _terms = objective(c, final)
        plan = Plan(
            Mechanism.OPTIMAL,
            {c.emp_ids[k]: c.pos_ids[int(final[k])] for k in range(c.n)},
            (),
            pin_notices=tuple(notices),
            policy=policy,
        )
        bound = row["bound"]
        gap = None if bound is None else round(100 * (bound - value) / max(abs(bound), 1e-9), 4)
        row.update(
            objective=round(value, 2),
            gap_percent=gap,
            moves=int((final != c.emp_pos).sum()),
            violations=len(check(problem, plan)),
        )
    return row


def _quiet_stdout() -> None:
    """In the worker: solver banners go to stderr, so the table (or CSV) on stdout stays clean."""
    os.dup2(2, 1)


def in_fresh_process(func: Any, *args: Any) -> Any:
    """``func(*args)`` in a spawned process (its peak memory its own), its stdout sent to stderr."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1, initializer=_quiet_stdout) as pool:
        return pool.apply(func, args)


def run(
    sizes: Sequence[int] = (10000, 20000, 50000),
    mechanisms: Sequence[str] = ("optimal", "fair"),
    milp_sizes: Sequence[int] = (),
    milp_time_limit: float = 600.0,
    seed: int = 1,
    time_limit: float = 600.0,
    progress: Any = None,
    cases: Sequence[str] = ("synthetic",),
    threads: Sequence[int | None] = (None,),
    builder: Builder | None = None,
) -> list[dict[str, Any]]:
    """Every case x size x mechanism (x thread count: ``None`` = the CPUs the process may use,
    a number = the affinity mask cut to that many CPUs), each in a fresh process."""
    rows: list[dict[str, Any]] = []
    for case in cases:
        for size in sizes:
            rows += _run_size(
                case,
                size,
                mechanisms,
                milp_sizes,
                milp_time_limit,
                seed,
                time_limit,
                threads,
                progress,
                builder,
            )
    return rows


def _run_size(
    case: str,
    size: int,
    mechanisms: Sequence[str],
    milp_sizes: Sequence[int],
    milp_time_limit: float,
    seed: int,
    time_limit: float,
    threads: Sequence[int | None],
    progress: Any = None,
    builder: Builder | None = None,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    optimal_seconds = None
    for mechanism in mechanisms:
        for count in threads:
            row: dict[str, Any] = in_fresh_process(
                _case, case, size, mechanism, seed, time_limit, count, builder
            )
            if mechanism == "optimal" and optimal_seconds is None:
                optimal_seconds = row["seconds"]
            rows.append(row)
            if progress:
                progress(row)
    if case == "synthetic" and size in milp_sizes:
        row = in_fresh_process(_milp_case, size, seed, milp_time_limit)
        if optimal_seconds:
            row["milp_ratio"] = round(row["seconds"] / optimal_seconds, 1)
        rows.append(row)
        if progress:
            progress(row)
    return rows


def machine() -> str:
    cpus = multiprocessing.cpu_count()
    allowed = len(os.sched_getaffinity(0))
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return (
        f"{platform.platform()}, Python {platform.python_version()}, {cpus} CPU "
        f"({allowed} allowed), load average {load}"
    )


# The time targets for ``optimal`` (seconds by size, every case) and ``fair`` at 50,000
OPTIMAL_TARGETS = {10000: 3.0, 50000: 30.0}
FAIR_TARGETS = {50000: 15.0}
GAP_TARGET, PEAK_TARGET_MB = 0.1, 2048


def targets(rows: Sequence[dict[str, Any]]) -> list[str]:
    """One line per row that has a target: met or not, by wall clock and by CPU seconds."""
    lines = []
    for r in rows:
        goal = {"optimal": OPTIMAL_TARGETS, "fair": FAIR_TARGETS}.get(r["mechanism"], {})
        limit = goal.get(r["size"])
        if limit is None:
            continue
        gap_ok = r["mechanism"] != "optimal" or (
            r.get("gap_percent") is not None and r["gap_percent"] <= GAP_TARGET
        )
        rest_ok = gap_ok and r["peak_mb"] <= PEAK_TARGET_MB and r["violations"] == 0
        wall = "met" if rest_ok and r["seconds"] <= limit else "NOT met"
        cpu = "met" if rest_ok and r["cpu_seconds"] <= limit else "NOT met"
        lines.append(
            f"- {r['case']} {r['size']:,} {r['mechanism']} ≤ {limit:g} s: wall {r['seconds']} s "
            f"{wall}; CPU {r['cpu_seconds']} s {cpu} (gap {_cell(r.get('gap_percent'))}%, "
            f"peak {r['peak_mb']:g} MiB, violations {r['violations']}, load {r.get('load')})"
        )
    return lines


def format_table(rows: Sequence[dict[str, Any]], fmt: str = "table") -> str:
    cols = list(COLUMNS) + (["status"] if any("status" in r for r in rows) else [])
    if fmt == "markdown":
        out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        out += ["| " + " | ".join(_cell(r.get(k)) for k in cols) + " |" for r in rows]
        return "\n".join(out) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: r.get(k) for k in cols})
        return buf.getvalue()
    cells = [[_cell(r.get(k)) for k in cols] for r in rows]
    widths = [max(len(k), *(len(row[i]) for row in cells)) for i, k in enumerate(cols)]
    lines = ["  ".join(k.rjust(w) for k, w in zip(cols, widths, strict=True))]
    lines += ["  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    return "—" if value is None else str(value)


class UnknownCases(ValueError):
    """Cases asked for that the bench cannot build (``unknown``; none: nothing was asked)."""

    def __init__(self, unknown: list[str], known: Sequence[str]) -> None:
        self.unknown, self.known = unknown, list(known)
        super().__init__(
            f"Kasus tidak dikenal: {', '.join(unknown) or '(kosong)'}; pilih dari "
            f"{', '.join(known)} atau all"
        )


class UnknownMechanisms(ValueError):
    """Mechanisms asked for that the planner does not have (``unknown``)."""

    def __init__(self, unknown: list[str]) -> None:
        self.unknown, self.known = unknown, [str(m) for m in Mechanism]
        super().__init__(
            f"Mekanisme tidak dikenal: {', '.join(unknown)}; pilih dari {', '.join(self.known)}"
        )


class NotIntegers(ValueError):
    """An option's comma list that is not whole numbers (``option``, ``text``)."""

    def __init__(self, option: str, text: str) -> None:
        self.option, self.text = option, text
        super().__init__(f"{option} harus bilangan bulat dipisah koma, mis. 10000,50000: {text}")


def parse_cases(text: str, cases: Sequence[str] = ("synthetic",)) -> list[str]:
    """``all`` or a comma list of known cases; ``UnknownCases`` naming an unknown one."""
    wanted = [c.strip() for c in str(text).split(",") if c.strip()]
    if wanted == ["all"]:
        return list(cases)
    unknown = [c for c in wanted if c not in cases]
    if unknown or not wanted:
        raise UnknownCases(unknown, cases)
    return wanted


def mechanisms(text: Any) -> list[str]:
    """A comma list of the planner's mechanisms; ``UnknownMechanisms`` naming an unknown one."""
    wanted = [part.strip() for part in str(text or "").split(",") if part.strip()]
    unknown = [m for m in wanted if m not in {str(k) for k in Mechanism}]
    if unknown:
        raise UnknownMechanisms(unknown)
    return wanted


def integers(text: Any, option: str) -> list[int]:
    """A comma list of whole numbers >= 1 (sizes, threads); ``NotIntegers`` naming the option."""
    try:
        values = [int(part) for part in str(text or "").split(",") if part.strip()]
    except ValueError:
        raise NotIntegers(option, str(text)) from None
    if any(value < 1 for value in values):
        raise NotIntegers(option, str(text))
    return values


def execute(
    args: Any,
    write: Any,
    builder: Builder | None = None,
    known: Sequence[str] = ("synthetic",),
) -> list[dict[str, Any]]:
    """Run what ``args`` asks (the options of ``mutasi bench``: case, sizes, mechanisms, threads,
    time_limit, milp_sizes, milp_time_limit, seed, format) and write the table; ``builder`` and
    ``known``:
    the cases the caller can build (the planner alone: the synthetic instance)."""
    cases = parse_cases(getattr(args, "case", "synthetic"), known)
    sizes = integers(args.sizes, "--sizes")
    milp = integers(args.milp_sizes, "--milp-sizes")
    chosen = mechanisms(args.mechanisms)
    threads: list[int | None] = [*integers(getattr(args, "threads", ""), "--threads")] or [None]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    if args.format == "table":
        write(f"# {started} — {machine()}\n")
    if args.format == "markdown":
        command = command_of(args)
        write(f"## {started}: `{command.strip()}`\n\nMachine at the start: {machine()}.\n\n")

    def progress(row: dict[str, Any]) -> None:
        # each row as it finishes, the table's columns as name=value (not a Python dict)
        fields = " ".join(f"{k}={_cell(row[k])}" for k in COLUMNS if k in row)
        sys.stderr.write(f"selesai: {fields}\n")
        sys.stderr.flush()

    rows = run(
        sizes,
        chosen,
        milp,
        args.milp_time_limit,
        args.seed,
        time_limit=getattr(args, "time_limit", 600.0),
        progress=progress,
        cases=cases,
        threads=threads,
        builder=builder,
    )
    write(format_table(rows, args.format))
    if args.format == "markdown":
        write(f"\nMachine at the end: {machine()}.\n\nTargets:\n\n")
        write("\n".join(targets(rows)) + "\n")
    return rows


def command_of(args: Any) -> str:
    """The command line that reproduces this run."""
    parts = [f"mutasi bench --case {args.case} --sizes {args.sizes}"]
    if args.mechanisms != "optimal,fair":
        parts.append(f"--mechanisms {args.mechanisms}")
    if getattr(args, "threads", ""):
        parts.append(f"--threads {args.threads}")
    if getattr(args, "time_limit", 600.0) != 600.0:
        parts.append(f"--time-limit {args.time_limit:g}")
    if args.milp_sizes:
        parts.append(f"--milp-sizes {args.milp_sizes} --milp-time-limit {args.milp_time_limit:g}")
    return " ".join(parts) + " --format markdown"
