"""The planner writes nothing on stdout: `mutasi plan --format csv` and the demo log rely on it."""

from mutasi.planner import solve
from mutasi.planner.synthetic import generate


def test_the_optimal_mechanism_prints_no_solver_banner(capfd):
    solve(generate(60, seed=3), mechanism="optimal")
    out, _err = capfd.readouterr()
    assert out == ""
