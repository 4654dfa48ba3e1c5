"""The planner's optional training term (``Policy.w_training_gap``, off by default): with a
weight, of two posts that fit equally, the one that needs less training wins."""

from __future__ import annotations

from mutasi.planner import Employee, Policy, Position, Problem, Unit, check, solve


def _problem() -> Problem:
    unit = Unit("U0", "UK0", "Dinas Kominfo", "umum", kecamatan="A")
    old = Position("P0", "J0", "Pengadministrasi", "U0", "pelaksana", "administrasi", formation=0)
    # Both posts fit her 0.5 on competencies (2 of 4 levels covered), but A lacks two levels on
    # two competencies (gap 4) and B two on one (gap 2).
    a = Position(
        "PA", "JA", "Pranata Komputer A", "U0", "pelaksana", "administrasi", formation=1,
        competencies={"jaringan": 4, "keamanan": 4},
    )  # fmt: skip
    b = Position(
        "PB", "JB", "Pranata Komputer B", "U0", "pelaksana", "administrasi", formation=1,
        competencies={"jaringan": 4},
    )  # fmt: skip
    ani = Employee(
        id="E0",
        nip="198501012010012001",
        name="Ani",
        position_id="P0",
        golongan_rank=9,
        education_rank=6,
        years_in_post=6.0,  # past the maximum: she must move
        age=40.0,
        retirement_age=58,
        competencies={"jaringan": 2, "keamanan": 2},
        job_family="administrasi",
        home_kecamatan="A",
    )
    return Problem(units=(unit,), positions=(old, a, b), employees=(ani,))


def test_the_training_weight_is_off_by_default() -> None:
    assert Policy().w_training_gap == 0.0
    plan = solve(_problem(), Policy())
    assert all("training_gap" not in m.terms for m in plan.moves)


def test_with_a_training_weight_the_post_needing_less_training_wins() -> None:
    problem = _problem()
    plan = solve(problem, Policy(w_training_gap=1.0))
    assert check(problem, plan) == []
    [move] = [m for m in plan.moves if m.employee_id == "E0"]
    assert move.to_position_id == "PB"
    assert move.terms["training_gap"] == -2.0  # two levels more than in her current post (0)


def test_the_planner_still_solves_after_a_training_plan_ran_in_the_same_process() -> None:
    # HiGHS sizes one thread pool per process by the first model; both use one thread.
    import datetime

    from mutasi.training.optimize import Course, Need, Request, Session, plan_training

    day = datetime.date(2027, 1, 4)
    plan_training(
        Request(
            [Need("x", {"a": (1, 2)})],
            [Course("K", {"a": 2}, 1.0)],
            [Session("S", "K", day, day, 1)],
            budget=5.0,
        )
    )
    problem = _problem()
    plan = solve(problem, Policy(w_training_gap=1.0))
    assert check(problem, plan) == []
    assert [m.to_position_id for m in plan.moves] == ["PB"]
