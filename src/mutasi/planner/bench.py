"""The planner benchmark: synthetic regions of 1,000 / 10,000 / 50,000 employees.

Each case runs in a fresh process (spawn) so its peak memory (ru_maxrss) is its own. For each size
both mechanisms run with the default policy (every hard rule on); at the sizes in ``milp_sizes``
the same model is handed whole to HiGHS as a MILP (every eligible arc a binary variable, all rows,
no candidate reduction, no pricing) with a time limit, and the ratio of the times is reported.
Seconds are those of ``solve`` (compile, solve, reasons, metrics and ``check``), wall clock and
CPU (all threads; on a shared machine the CPU figure is the fairer one); generating the synthetic
region is not counted. Run: ``python -m mutasi.planner.bench`` or ``mutasi bench``.
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing
import os
import platform
import resource
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

COLUMNS = (
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
    "milp_ratio",
)


def _case(size: int, mechanism: str, seed: int, time_limit: float) -> dict[str, Any]:
    from mutasi.planner import Policy, solve
    from mutasi.planner.synthetic import generate

    problem = generate(size, seed=seed, pins=size // 500)
    started, cpu = time.perf_counter(), time.process_time()
    plan = solve(problem, Policy(time_limit_seconds=time_limit), mechanism=mechanism)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    m = plan.metrics
    return {
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
    }


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


def _in_fresh_process(func: Any, *args: Any) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1, initializer=_quiet_stdout) as pool:
        result: dict[str, Any] = pool.apply(func, args)
    return result


def run(
    sizes: Sequence[int] = (1000, 10000, 50000),
    mechanisms: Sequence[str] = ("optimal", "fair"),
    milp_sizes: Sequence[int] = (1000, 10000),
    milp_time_limit: float = 600.0,
    seed: int = 1,
    time_limit: float = 600.0,
    progress: Any = None,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for size in sizes:
        optimal_seconds = None
        for mechanism in mechanisms:
            row = _in_fresh_process(_case, size, mechanism, seed, time_limit)
            if mechanism == "optimal":
                optimal_seconds = row["seconds"]
            rows.append(row)
            if progress:
                progress(row)
        if size in milp_sizes:
            row = _in_fresh_process(_milp_case, size, seed, milp_time_limit)
            if optimal_seconds:
                row["milp_ratio"] = round(row["seconds"] / optimal_seconds, 1)
            rows.append(row)
            if progress:
                progress(row)
    return rows


def machine() -> str:
    cpus = multiprocessing.cpu_count()
    return f"{platform.platform()}, Python {platform.python_version()}, {cpus} CPU"


def format_table(rows: Sequence[dict[str, Any]], fmt: str = "table") -> str:
    cols = list(COLUMNS) + (["status"] if any("status" in r for r in rows) else [])
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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mutasi planner benchmark")
    add_arguments(parser)
    args = parser.parse_args(argv)
    execute(args, sys.stdout.write)


def add_arguments(parser: Any) -> None:
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--mechanisms", default="optimal,fair")
    parser.add_argument("--milp-sizes", default="1000,10000")
    parser.add_argument("--milp-time-limit", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=["table", "csv"], default="table")


def execute(args: Any, write: Any) -> list[dict[str, Any]]:
    sizes = [int(s) for s in str(args.sizes).split(",") if s]
    milp = [int(s) for s in str(args.milp_sizes).split(",") if s]
    mechanisms = [m for m in str(args.mechanisms).split(",") if m]
    if args.format == "table":
        write(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — {machine()}\n")

    def progress(row: dict[str, Any]) -> None:
        sys.stderr.write(f"selesai: {row}\n")
        sys.stderr.flush()

    rows = run(sizes, mechanisms, milp, args.milp_time_limit, args.seed, progress=progress)
    write(format_table(rows, args.format))
    return rows


if __name__ == "__main__":
    main()
