"""The full LP of ``optimal`` on its own: how HiGHS spends its first solve, and its options.

    .venv/bin/python benchmarks/full_lp.py CASE SIZE [VARIANT ...] [--analysis]

A VARIANT is a comma-separated list of HiGHS options, e.g. ``simplex_update_limit=400`` or
``simplex_strategy=2,threads=1``; the first row is always HiGHS as ``optimal`` runs it.

Builds the case as ``mutasi bench --case CASE --sizes SIZE`` does (in memory, no database), runs
``optimal``'s network phase (steps 1-3 in ``mutasi.planner.optimal``), and builds the full LP
from the groups' columns with their combined optimal basis, as ``solve_optimal`` starts it. It
then solves that same LP once for the default and once for each variant, in turn, from the same
basis. Each solve is run as ``_first_solve`` runs it: one thread, the dual simplex, stopped at
primal feasibility. Prints one line per solve: the status, the simplex iterations, the seconds,
the objective and the number of primal infeasibilities left. With ``--analysis`` HiGHS also
prints its log (primal infeasibilities every few seconds) and its time per simplex operation
(``highs_analysis_level=8``).
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")
import django  # noqa: E402

django.setup()

import highspy  # noqa: E402

from mutasi.demo.regions import build_case  # noqa: E402
from mutasi.planner import Policy, optimal  # noqa: E402
from mutasi.planner.eligibility import compile_problem  # noqa: E402

AS_OPTIMAL = {"threads": 1, "max_dual_simplex_cleanup_level": 0}


def option_value(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def variant(text: str) -> dict[str, Any]:
    options = {}
    for item in text.split(","):
        name, _sep, value = item.partition("=")
        options[name.strip()] = option_value(value.strip())
    return options


def full_lp(case: str, size: int) -> tuple[Any, Any, float]:
    """The full LP and its starting basis, as ``solve_optimal`` has them after step 3."""
    c = compile_problem(build_case(case, size), Policy(time_limit_seconds=3000))
    started = time.perf_counter()
    arcs, _left_out, _notices, starts = optimal._network_phase(c, started)
    network = time.perf_counter() - started
    model = optimal._Model(c, arcs)
    if not optimal._set_basis(model, *optimal._combined_basis(model, starts)):
        raise SystemExit("HiGHS refused the combined basis")
    return model.highs.getLp(), model.highs.getBasis(), network


def solve(lp: Any, basis: Any, options: dict[str, Any], analysis: bool) -> str:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", analysis)
    for name, value in {**AS_OPTIMAL, **options}.items():
        highs.setOptionValue(name, value)
    if analysis:
        highs.setOptionValue("highs_analysis_level", 8)
    highs.passModel(lp)
    highs.setBasis(basis)
    started = time.perf_counter()
    highs.run()
    seconds = time.perf_counter() - started
    info = highs.getInfo()
    name = ",".join(f"{k}={v}" for k, v in options.items()) or "as optimal runs it"
    return (
        f"{name}: {highs.modelStatusToString(highs.getModelStatus())}, "
        f"{info.simplex_iteration_count} iterations, {seconds:.2f} s, "
        f"objective {-info.objective_function_value:.3f}, "
        f"{info.num_primal_infeasibilities} primal infeasibilities"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case")
    parser.add_argument("size", type=int)
    parser.add_argument("variants", nargs="*", type=variant)
    parser.add_argument("--analysis", action="store_true")
    args = parser.parse_args()
    lp, basis, network = full_lp(args.case, args.size)
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: benchmarks/full_lp.py "
        f"{args.case} {args.size}; full LP {lp.num_row_} rows x {lp.num_col_} columns "
        f"(network phase {network:.1f} s), load {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    for options in [{}, *args.variants]:
        print(solve(lp, basis, options, args.analysis), flush=True)


if __name__ == "__main__":
    main()
