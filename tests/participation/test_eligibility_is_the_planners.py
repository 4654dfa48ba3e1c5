"""The portal has no eligibility rule of its own: it asks the planner's ``pair_rules``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mutasi.participation import eligibility
from mutasi.participation.eligibility import Person, Post, Reason, ineligibility, ineligibility_many
from mutasi.participation.status import Rules
from mutasi.planner import eligibility as planner_eligibility

ANI = Person(
    employee_type="PNS",
    golongan="III/a",
    education="S1",
    major="Akuntansi",
    certificates=(),
    unit_id=1,
    position_id=10,
    position_kind="pelaksana",
    position_name="Pengadministrasi Keuangan",
    job_family="administrasi",
)
OPEN_POST = Post(id=20, unit_id=2, kind="pelaksana", name="Analis", job_family="administrasi")


def test_a_rule_changed_in_the_planner_changes_what_the_portal_says(monkeypatch):
    assert ineligibility(ANI, OPEN_POST, Rules()) == []
    real = planner_eligibility.pair_rules

    def stricter(c, emps, posts):  # type: ignore[no-untyped-def]
        yield from real(c, emps, posts)
        # a new planner rule: nobody may go to a post in unit 2
        outside = [c.unit_ids[u] != "2" for u in c.pos_unit[posts].tolist()]
        yield Reason.EDUCATION, np.array([outside])

    monkeypatch.setattr(planner_eligibility, "pair_rules", stricter)
    assert ineligibility(ANI, OPEN_POST, Rules()) == [Reason.EDUCATION]
    same_unit = Post(id=21, unit_id=1, kind="pelaksana", name="Analis", job_family="administrasi")
    assert ineligibility(ANI, same_unit, Rules()) == []


def test_the_portal_module_holds_no_requirement_of_its_own():
    source = Path(eligibility.__file__).read_text(encoding="utf-8")
    for rule_word in ("golongan_rank(post", "education_rank(post", "pos_", "gol_min <", "emp_unit"):
        assert rule_word not in source
    assert eligibility.Reason is planner_eligibility.PairRule


def test_many_posts_at_once_give_the_same_answers_as_one_by_one():
    posts = [
        OPEN_POST,
        Post(id=22, unit_id=2, kind="pelaksana", name="Analis", job_family="umum"),
        Post(
            id=23,
            unit_id=2,
            kind="pelaksana",
            name="Analis",
            job_family="administrasi",
            gol_min="III/c",
        ),
        Post(
            id=10,
            unit_id=1,
            kind="pelaksana",
            name="Pengadministrasi Keuangan",
            job_family="administrasi",
        ),
    ]
    many = ineligibility_many(ANI, posts, Rules())
    assert many == [ineligibility(ANI, p, Rules()) for p in posts]
    assert many == [[], [Reason.JOB_FAMILY], [Reason.GOLONGAN_LOW], [Reason.OWN_POST]]
