"""The must-move sweep (the last step of both mechanisms) only adds moves every rule allows, and
leaves nobody who must move at home beside a post with room (PP 11/2017 Pasal 190)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi.planner import Plan, Policy, check
from mutasi.planner.eligibility import compile_problem
from mutasi.planner.fair import must_move_sweep, priority_values
from mutasi.planner.model import Mechanism
from tests.planner.instances import tiny_problem


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n_employees=st.integers(2, 7), n_posts=st.integers(2, 5))
def test_the_sweep_from_everybody_staying_yields_a_plan_that_passes_check(
    seed: int, n_employees: int, n_posts: int
) -> None:
    problem = tiny_problem(seed, n_employees, n_posts)
    policy = Policy()
    c = compile_problem(problem, policy)
    final = must_move_sweep(c, c.emp_pos.copy(), priority_values(c))
    assignments = {c.emp_ids[e]: c.pos_ids[int(q)] for e, q in enumerate(final)}
    assert check(problem, Plan(Mechanism.OPTIMAL, assignments, (), policy=policy)) == []
