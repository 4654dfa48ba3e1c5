"""The training case of ``mutasi bench``: needs read off a transfer plan, a seeded catalogue,
and the command's table."""

from __future__ import annotations

import datetime

import pytest

from mutasi.demo import training_bench
from mutasi.planner import Employee, Policy, Position, Problem, Unit
from mutasi.planner.competency import criticality
from tests.runtime.conftest import run_mutasi


def _problem() -> Problem:
    units = (Unit("u1", "U1", "Dinas Kominfo", "umum"), Unit("u2", "U2", "Puskesmas", "kesehatan"))
    positions = (
        Position("it", "IT", "Pranata Komputer", "u1", "fungsional", "it",
                 competencies={"jaringan": 3, "basis data": 2}, formation=2),
        Position("ns", "NS", "Perawat", "u2", "fungsional", "kesehatan",
                 competencies={"asuhan": 2}, formation=1),
        Position("adm", "ADM", "Pengadministrasi", "u1", "pelaksana", "umum"),
    )  # fmt: skip
    base = {"golongan_rank": 9, "education_rank": 5, "years_in_post": 3.0, "age": 40.0}
    employees = (
        Employee("a", "1", "Ani", "adm", competencies={"jaringan": 1}, **base),
        Employee("b", "2", "Budi", "ns", competencies={"asuhan": 2}, **base),
        Employee("c", "3", "Citra", "ns", competencies={"asuhan": 1}, **base),
    )
    return Problem(units, positions, employees)


def test_a_mover_is_measured_against_the_new_post_and_an_unassessed_competency_from_level_1():
    problem = _problem()
    needs = {n.person: n for n in training_bench.needs_after(problem, {"a": "it"}, Policy())}
    ani = needs["a"]
    # jaringan assessed 1 of 3; basis data never assessed: planned as a beginner (1 of 2)
    assert dict(ani.gaps) == {"jaringan": (1, 3), "basis data": (1, 2)}
    # the IT post (formation 2) has no holder before the plan: as short as a post can be
    assert ani.weight == pytest.approx(criticality(1.0, 2, 0))
    assert ani.earliest_start == training_bench.EFFECTIVE
    assert ani.latest_start == training_bench.EFFECTIVE + datetime.timedelta(days=90)


def test_stayers_below_their_own_standard_need_training_and_those_at_it_do_not():
    needs = {n.person: n for n in training_bench.needs_after(_problem(), {}, Policy())}
    assert set(needs) == {"c"}  # Ani's post has no standard; Budi meets his
    assert dict(needs["c"].gaps) == {"asuhan": (1, 2)}
    # the nurse post is full (1 of 1): criticality of its sector with no shortage
    health = Policy().sector_weight("kesehatan")
    assert needs["c"].weight == pytest.approx(criticality(health, 1, 2))


def test_the_catalogue_is_seeded_and_every_session_is_a_real_date_range_with_seats():
    first = training_bench.catalogue(["asuhan", "jaringan"], 10, 40, seed=3)
    assert first == training_bench.catalogue(["asuhan", "jaringan"], 10, 40, seed=3)
    courses, sessions = first
    assert len(courses) == 10 and len(sessions) == 40
    codes = {c.code for c in courses}
    for s in sessions:
        assert s.course in codes and s.seats > 0 and s.end >= s.start
        assert s.start > training_bench.EFFECTIVE
    assert all(c.cost > 0 and set(c.raises) <= {"asuhan", "jaringan"} for c in courses)


@pytest.mark.slow
def test_mutasi_bench_training_prints_a_plan_within_budget_with_a_proven_gap(tmp_path):
    args = ["bench", "--case", "training", "--sizes", "400", "--courses", "30", "--sessions",
            "90", "--format", "csv"]  # fmt: skip
    done = run_mutasi(tmp_path, *args, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("training,")]
    assert len(lines) == 2  # an ample and a tight budget
    header = next(x for x in done.stdout.splitlines() if x.startswith("case,")).split(",")
    for line in lines:
        row = dict(zip(header, line.split(","), strict=True))
        assert row["status"] == "optimal"
        assert int(row["cost"]) <= int(row["budget"])
        assert float(row["gap_percent"]) <= 1.0
        assert float(row["closed"]) <= float(row["bound"]) + 1e-6
        assert int(row["chosen"]) > 0 and int(row["people"]) > 0


def test_mutasi_bench_names_an_unknown_case_before_running_the_training_case(tmp_path):
    done = run_mutasi(tmp_path, "bench", "--case", "training,kota", "--sizes", "300", timeout=120)
    assert done.returncode != 0
    assert "Kasus tidak dikenal: kota" in done.stderr
    assert "training" not in done.stdout
