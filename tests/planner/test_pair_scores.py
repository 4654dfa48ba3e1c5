"""The scores of eligible pairs alone (``pair_score_at``) are those of the dense ``pair_score``."""

from __future__ import annotations

import numpy as np
import pytest

from mutasi.demo.regions import build_case
from mutasi.planner import Policy
from mutasi.planner.eligibility import (
    _block_specs,
    compile_problem,
    pair_eligible,
    pair_score,
    pair_score_at,
)
from mutasi.planner.stability import attach_reference


@pytest.mark.parametrize(
    ("case", "policy"),
    [
        ("synthetic", Policy()),
        ("demo", Policy()),
        ("many-pins", Policy()),
        ("demo", Policy(w_training_gap=0.7)),
    ],
)
def test_eligible_pairs_score_exactly_as_in_the_dense_block(case, policy):
    problem = build_case(case, 800, seed=4)
    c = compile_problem(problem, policy)
    # a reference plan too: half the people "moved" to some post of their family group
    rng = np.random.default_rng(1)
    reference = {
        e.id: problem.positions[int(q)].id
        for e, q in zip(
            problem.employees[::2], rng.integers(0, len(problem.positions), 400), strict=True
        )
    }
    for with_reference in (False, True):
        if with_reference:
            attach_reference(c, reference)
        compared = 0
        for chunk, posts in _block_specs(c, np.flatnonzero(c.movable)):
            ok = pair_eligible(c, chunk, posts)
            rows, cols = np.nonzero(ok)
            dense = pair_score(c, chunk, posts)[rows, cols]
            sparse = pair_score_at(c, chunk[rows], posts[cols])
            assert np.array_equal(dense, sparse)
            compared += len(rows)
        assert compared > 1000
