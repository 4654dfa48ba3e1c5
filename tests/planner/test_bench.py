from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from mutasi.demo.regions import CASES, build_case
from mutasi.planner import Policy, bench, solve
from mutasi.planner.eligibility import solver_threads
from mutasi.planner.synthetic import generate
from mutasi.planner.variants import structure
from tests.runtime.conftest import run_mutasi


def test_the_benchmark_runs_both_mechanisms_and_the_milp_on_a_small_region():
    rows = bench.run(sizes=(120,), milp_sizes=(120,), milp_time_limit=60, seed=3)
    by_mechanism = {row["mechanism"]: row for row in rows}
    assert set(by_mechanism) == {"optimal", "fair", "milp-highs"}
    assert by_mechanism["optimal"]["violations"] == 0
    assert by_mechanism["fair"]["violations"] == 0
    assert by_mechanism["optimal"]["gap_percent"] <= 0.1
    assert by_mechanism["milp-highs"]["milp_ratio"] > 0
    # the optimal plan is within its gap of the MILP's own optimum
    milp = by_mechanism["milp-highs"]["objective"]
    assert by_mechanism["optimal"]["bound"] >= milp - 1e-6
    # the floor (min-cost flow without side rules) is a relaxation: never below the LP bound
    optimal = by_mechanism["optimal"]
    assert optimal["floor_objective"] >= optimal["objective"] - 1e-6
    assert optimal["floor_ratio"] > 0 and optimal["threads"] >= 1
    table = bench.format_table(rows)
    assert "milp-highs" in table and "floor_ratio" in table
    assert bench.format_table(rows, "csv").splitlines()[0].startswith("case,size,mechanism,seconds")


def test_the_floor_equals_the_lp_when_no_side_rule_binds():
    """Without departure caps and priority floors the model is the network: the min-cost flow on
    the optimal's arcs reaches the same value as the plan (within the integer scaling)."""
    problem = generate(300, seed=5)
    policy = Policy(unit_departure_cap=1.0, protect_priority_sectors=False)
    trace: dict = {}
    plan = solve(problem, policy, trace=trace)
    value, seconds = bench.min_cost_flow_floor(trace["compiled"], trace["arcs"])
    assert seconds >= 0
    assert value == pytest.approx(plan.metrics.objective, abs=0.01 * 300 / bench.FLOOR_SCALE + 1e-3)


def test_cases_are_parsed_by_name_or_all_and_an_unknown_one_is_named():
    assert bench.parse_cases("all", CASES) == list(CASES)
    assert bench.parse_cases("demo,overdue", CASES) == ["demo", "overdue"]
    with pytest.raises(ValueError, match="kantor"):
        bench.parse_cases("demo,kantor", CASES)
    # the planner alone knows its synthetic instance only
    assert bench.parse_cases("all") == ["synthetic"]


def test_the_command_line_takes_cases_sizes_and_threads():
    parser = load_command_class(get_commands()["bench"], "bench").create_parser("mutasi", "bench")
    args = parser.parse_args(["--case", "all", "--sizes", "10000,50000", "--threads", "1,2"])
    assert args.case == "all" and args.sizes == "10000,50000" and args.threads == "1,2"


@pytest.mark.slow
def test_a_demo_case_runs_in_the_benchmark_with_its_floor():
    rows = bench.run(
        sizes=(600,), mechanisms=("optimal",), cases=("many-pins",), builder=build_case
    )
    (row,) = rows
    assert row["case"] == "many-pins" and row["violations"] == 0
    assert row["gap_percent"] <= 0.1
    assert row["floor_objective"] >= row["objective"] - 1e-6


def test_the_variants_have_the_structure_they_are_named_for():
    base = structure(build_case("demo", 3000))
    one = structure(build_case("one-person-posts", 3000))
    late = structure(build_case("overdue", 3000))
    tight = structure(build_case("tight-caps", 3000))
    pins = structure(build_case("many-pins", 3000))
    assert one["small_post_share"] >= 0.70 > base["small_post_share"]
    assert late["overdue_share"] >= 0.40 > base["overdue_share"]
    assert tight["units_at_cap_share"] > 0.5 > base["units_at_cap_share"]
    assert pins["pinned_share"] >= 0.02 and pins["spouse_share"] >= 0.10
    assert base["pinned_share"] == 0 and base["spouse_share"] < 0.05


def test_the_demo_region_keeps_everybody_and_every_post():
    problem = build_case("demo", 1000)
    split = build_case("one-person-posts", 1000)
    assert len(problem.employees) == len(split.employees) == 1000
    posts = {p.id for p in split.positions}
    assert all(e.position_id in posts for e in split.employees)
    # every preference still names a post (or staying)
    assert all(q in posts or q == "__stay__" for e in split.employees for q in e.preferences)
    # the same size and seed give the same region
    assert build_case("demo", 1000) == problem


def test_threads_follow_the_cpus_the_process_may_use():
    assert solver_threads() == len(os.sched_getaffinity(0))
    code = (
        "import os; os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:1]); "
        "from mutasi.planner.eligibility import solver_threads; print(solver_threads())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


def test_the_benchmark_runs_a_case_on_one_cpu_by_the_affinity_mask():
    rows = bench.run(sizes=(200,), mechanisms=("optimal",), cases=("synthetic",), threads=(1,))
    (row,) = rows
    assert row["threads"] == 1 and row["violations"] == 0 and row["gap_percent"] <= 0.1


def _mutasi(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, on its own data folder (two commands preparing one new
    folder at once, as parallel tests would, race to migrate it)."""
    return run_mutasi(data_dir, *args, timeout=600)


@pytest.mark.slow
def test_mutasi_bench_prints_the_cases_with_the_command_and_the_targets(tmp_path):
    done = _mutasi(
        tmp_path,
        "bench", "--case", "demo,overdue", "--sizes", "300", "--mechanisms", "optimal",
        "--format", "markdown",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "`mutasi bench --case demo,overdue --sizes 300 --mechanisms optimal" in out
    assert "load average" in out and "| case | size | mechanism |" in out
    lines = [line for line in out.splitlines() if line.startswith("| demo") or "| overdue" in line]
    assert len(lines) == 2 and all("| optimal |" in line for line in lines)
    # progress on stderr, a line a finished row, in the table's words (no Python dict)
    progress = [line for line in done.stderr.splitlines() if line.startswith("selesai: ")]
    assert len(progress) == 2
    assert progress[0].startswith("selesai: case=demo size=300 mechanism=optimal seconds=")
    assert not any("{" in line or "'" in line for line in progress)


def test_mutasi_bench_names_an_unknown_case_and_runs_nothing(tmp_path):
    done = _mutasi(tmp_path, "bench", "--case", "kota", "--sizes", "300")
    assert done.returncode != 0
    assert "Kasus tidak dikenal: kota" in done.stderr
    assert "|" not in done.stdout


def test_the_targets_are_judged_on_wall_and_cpu_seconds_gap_memory_and_violations():
    row = {
        "case": "demo", "size": 10000, "mechanism": "optimal", "seconds": 4.0,
        "cpu_seconds": 2.5, "gap_percent": 0.05, "peak_mb": 300, "violations": 0, "load": 9.0,
    }  # fmt: skip
    (line,) = bench.targets([row])
    assert "wall 4.0 s NOT met" in line and "CPU 2.5 s met" in line
    (line,) = bench.targets([{**row, "gap_percent": 0.2}])
    assert "CPU 2.5 s NOT met" in line
    assert bench.targets([{**row, "size": 20000}]) == []


def test_number_lists_and_mechanisms_are_checked_and_the_wrong_one_is_named():
    assert bench.integers("10000, 50000", "--sizes") == [10000, 50000]
    assert bench.integers("", "--threads") == []
    for text in ("x", "1,x", "0", "-2"):
        with pytest.raises(bench.NotIntegers) as caught:
            bench.integers(text, "--sizes")
        assert (caught.value.option, caught.value.text) == ("--sizes", text)
    assert bench.mechanisms("optimal, fair") == ["optimal", "fair"]
    with pytest.raises(bench.UnknownMechanisms) as wrong:
        bench.mechanisms("optimal,foo")
    assert wrong.value.unknown == ["foo"] and wrong.value.known == ["optimal", "fair"]
