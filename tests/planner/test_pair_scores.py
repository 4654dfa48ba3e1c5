"""The scores of eligible pairs alone (``pair_score_at``) are those of the dense ``pair_score``;
the eligibility read from profiles is that of every rule; the best posts of people who must move
are those of the dense sort."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from mutasi.demo.regions import build_case
from mutasi.planner import Policy
from mutasi.planner.eligibility import (
    block_specs,
    compile_problem,
    iter_blocks,
    pair_eligible,
    pair_rules,
    pair_score,
    pair_score_at,
)
from mutasi.planner.fair import _best_posts, _pair_scores, _score_classes
from mutasi.planner.stability import attach_reference


def _half_moved(problem):
    """A reference plan: every other person "moved" to a random post (seeded)."""
    rng = np.random.default_rng(1)
    people = problem.employees[::2]
    posts = rng.integers(0, len(problem.positions), len(people))
    return {e.id: problem.positions[int(q)].id for e, q in zip(people, posts, strict=True)}


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
    reference = _half_moved(problem)
    for with_reference in (False, True):
        if with_reference:
            attach_reference(c, reference)
        compared = 0
        for chunk, posts in block_specs(c, np.flatnonzero(c.movable)):
            ok = pair_eligible(c, chunk, posts)
            rows, cols = np.nonzero(ok)
            dense = pair_score(c, chunk, posts)[rows, cols]
            sparse = pair_score_at(c, chunk[rows], posts[cols])
            assert np.array_equal(dense, sparse)
            compared += len(rows)
        assert compared > 1000


@pytest.mark.parametrize(
    ("case", "policy"),
    [
        ("synthetic", Policy()),
        ("many-pins", Policy()),
        ("one-person-posts", Policy()),
        (
            "demo",
            Policy(
                plan_date=date(2024, 6, 1),
                freeze_start=date(2024, 1, 1),
                freeze_end=date(2024, 12, 31),
                pppk_stay_in_unit=False,
            ),
        ),
    ],
)
def test_pair_eligible_is_every_rule_of_pair_rules(case, policy):
    """``pair_eligible`` reads the requirement rules from the profiles of people and posts; the
    result is the conjunction of ``pair_rules``, for anybody against any post."""
    problem = build_case(case, 800, seed=4)
    c = compile_problem(problem, policy)
    rng = np.random.default_rng(2)
    for emps in (np.arange(c.n), rng.choice(c.n, 300, replace=False)):
        posts = rng.permutation(c.m)
        expected = np.ones((len(emps), len(posts)), dtype=bool)
        for _rule, mask in pair_rules(c, emps, posts):
            expected &= mask
        assert np.array_equal(pair_eligible(c, emps, posts), expected)
        assert expected.any() and not expected.all()


@pytest.mark.parametrize("case", ["demo", "one-person-posts", "overdue"])
def test_best_posts_of_must_move_people_are_those_of_the_dense_sort(case):
    """``fair._best_posts`` takes the best posts among the eligible ones; they are those the sort
    of each dense block row gives, ties included."""
    problem = build_case(case, 800, seed=4)
    c = compile_problem(problem, Policy())
    forced = np.flatnonzero(c.must_move)
    best = _best_posts(c, forced)
    k_best = max(c.policy.candidate_arcs, 15)
    checked = 0
    for block in iter_blocks(c, forced):
        for row, e in enumerate(block.emps.tolist()):
            score = np.where(block.eligible[row], block.score[row], -np.inf)
            order = np.argsort(-score)[:k_best]
            extra = [int(block.posts[j]) for j in order.tolist() if np.isfinite(score[j])]
            assert best[e][1] == extra
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    ("case", "policy"),
    [
        ("one-person-posts", Policy()),
        ("synthetic", Policy()),
        ("demo", Policy(w_training_gap=0.7)),
    ],
)
def test_scores_by_class_of_posts_are_those_pair_by_pair(case, policy):
    """``fair._pair_scores`` scores a person once per class of alike posts; every pair's score
    is that of ``pair_score_at``, ranked posts and a reference plan's posts included."""
    problem = build_case(case, 800, seed=4)
    c = compile_problem(problem, policy)
    reference = _half_moved(problem)
    post_class = _score_classes(c)
    column = np.full(c.m, -1, dtype=np.int64)
    for with_reference in (False, True):
        if with_reference:
            attach_reference(c, reference)
        compared = 0
        for chunk, posts in block_specs(c, np.flatnonzero(c.movable)):
            rows, cols = np.nonzero(pair_eligible(c, chunk, posts))
            column[posts] = np.arange(len(posts))
            by_class = _pair_scores(c, chunk, posts, rows, cols, post_class, column)
            column[posts] = -1
            assert np.array_equal(by_class, pair_score_at(c, chunk[rows], posts[cols]))
            compared += len(rows)
        assert compared > 1000
