"""The posts offered to an employee are exactly those the planner may give them.

Hypothesis builds random employees and posts; for each pair the participation rule
(``participation.eligibility.ineligibility``) must agree with the planner's own per-pair rules
(``planner.eligibility.pair_eligible`` within the employee's job-family group). Formation, spouse
and pin rules are not about the employee's own fit and are left out on both sides.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi import planner
from mutasi.participation.eligibility import Person, Post, ineligibility
from mutasi.participation.status import Rules, rules_from_policy
from mutasi.people import codes
from mutasi.people.codes import functional_job_of
from mutasi.planner.eligibility import compile_problem, pair_eligible

GOLONGAN = ["II/a", "II/c", "III/a", "III/b", "III/d", "IV/a", "V", "IX", "XI"]
EDUCATION = ["SMA", "D3", "S1", "S2"]
MAJORS = ["akuntansi", "hukum", "keperawatan", ""]
CERTS = ["str", "brevet a"]
FAMILIES = ["administrasi", "keuangan", "kesehatan"]
NAMES = {
    "fungsional": ["Perawat Ahli Muda", "Perawat Ahli Pertama", "Bidan Terampil", "Analis"],
    "pelaksana": ["Pengadministrasi Umum", "Pengelola Keuangan"],
    "pengawas": ["Kepala Subbagian Umum"],
}

posts_strategy = st.fixed_dictionaries(
    {
        "unit": st.sampled_from([1, 2]),
        "kind": st.sampled_from(sorted(NAMES)),
        "name_index": st.integers(0, 3),
        "family": st.sampled_from(FAMILIES),
        # Mostly without a requirement, so that many pairs are eligible and each rule is tested.
        "gol_min": st.sampled_from(["", "", "", "II/a", "III/a", "III/c"]),
        "gol_max": st.sampled_from(["", "", "III/b", "IV/e"]),
        "education_min": st.sampled_from(["", "", "", "D3", "S1", "S2"]),
        "majors": st.one_of(
            st.just([]), st.lists(st.sampled_from(MAJORS[:3]), max_size=2, unique=True)
        ),
        "certificate": st.sampled_from(["", "", "", *CERTS]),
    }
)


def _name(spec: dict) -> str:
    names = NAMES[spec["kind"]]
    return names[spec["name_index"] % len(names)]


@settings(max_examples=150, deadline=None)
@given(
    own=posts_strategy,
    others=st.lists(posts_strategy, min_size=1, max_size=6),
    pppk=st.booleans(),
    golongan=st.sampled_from(GOLONGAN),
    education=st.sampled_from(EDUCATION),
    major=st.sampled_from(MAJORS),
    certificates=st.lists(st.sampled_from(CERTS), max_size=2, unique=True),
    interchangeable=st.booleans(),
)
def test_participation_offers_exactly_the_posts_the_planner_may_give(
    own, others, pppk, golongan, education, major, certificates, interchangeable
):
    policy_json = (
        {"interchangeable_families": [["administrasi", "keuangan"]]} if interchangeable else {}
    )
    rules: Rules = rules_from_policy(policy_json)
    specs = [own, *others]
    units = tuple(
        planner.Unit(id=str(u), code=f"U{u}", name=f"Unit {u}", sector="umum") for u in (1, 2)
    )
    positions = tuple(
        planner.Position(
            id=str(k),
            code=f"J{k}",
            name=_name(s),
            unit_id=str(s["unit"]),
            kind=s["kind"],
            job_family=s["family"],
            gol_min=codes.golongan_rank(s["gol_min"]) if s["gol_min"] else None,
            gol_max=codes.golongan_rank(s["gol_max"]) if s["gol_max"] else None,
            education_min=codes.education_rank(s["education_min"]) if s["education_min"] else None,
            majors=frozenset(s["majors"]),
            certificate=s["certificate"],
            formation=99,  # room everywhere: formation is not an eligibility rule here
            functional_job=functional_job_of(s["kind"], _name(s)),
        )
        for k, s in enumerate(specs)
    )
    employee = planner.Employee(
        id="e",
        nip="0" * 18,
        name="E",
        position_id="0",
        golongan_rank=codes.golongan_rank(golongan),
        education_rank=codes.education_rank(education),
        years_in_post=3.0,
        age=40.0,
        kind=planner.EmployeeKind.PPPK if pppk else planner.EmployeeKind.PNS,
        major=major,
        certificates=frozenset(certificates),
        job_family=own["family"],
        functional_job=positions[0].functional_job,
    )
    problem = planner.Problem(units=units, positions=positions, employees=(employee,))
    compiled = compile_problem(problem, planner.Policy.from_dict(policy_json))
    posts = np.arange(len(positions))
    planner_ok = pair_eligible(compiled, np.array([0]), posts)[0] & (
        compiled.pos_group == compiled.emp_group[0]
    )

    person = Person(
        employee_type="PPPK" if pppk else "PNS",
        golongan=golongan,
        education=education,
        major=major,
        certificates=tuple(certificates),
        unit_id=own["unit"],
        position_id=0,
        position_kind=own["kind"],
        position_name=_name(own),
        job_family=own["family"],
        functional_job=positions[0].functional_job,
    )
    for k, spec in enumerate(specs):
        post = Post(
            id=k,
            unit_id=spec["unit"],
            kind=spec["kind"],
            name=_name(spec),
            job_family=spec["family"],
            gol_min=spec["gol_min"],
            gol_max=spec["gol_max"],
            education_min=spec["education_min"],
            majors=tuple(spec["majors"]),
            certificate=spec["certificate"],
            functional_job=positions[k].functional_job,
        )
        ours = not ineligibility(person, post, rules)
        assert ours == bool(planner_ok[k]), (k, spec, ineligibility(person, post, rules))
