from __future__ import annotations

from mutasi.planner import bench


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
    table = bench.format_table(rows)
    assert "milp-highs" in table and "gap_percent" in table
    assert bench.format_table(rows, "csv").splitlines()[0].startswith("size,mechanism,seconds")
