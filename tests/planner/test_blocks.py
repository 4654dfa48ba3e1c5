"""The score cache: dense or sparse (only eligible pairs), the planner sees the same blocks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi.planner import Policy, solve
from mutasi.planner import optimal as optimal_module
from mutasi.planner.eligibility import SparseBlock, compile_problem, iter_blocks, score_blocks
from mutasi.planner.synthetic import generate


def test_a_sparse_block_gives_back_the_scores_of_every_eligible_pair_and_nothing_else():
    c = compile_problem(generate(400, seed=5), Policy())
    movers = np.flatnonzero(c.movable)
    fresh = list(iter_blocks(c, movers))
    sparse = score_blocks(c, movers, sparse=True)
    assert len(fresh) == len(sparse)
    for block, kept in zip(fresh, sparse, strict=True):
        assert isinstance(kept, SparseBlock)
        assert len(kept.scores) == int(block.eligible.sum())
        np.testing.assert_array_equal(np.isfinite(kept.dense()), block.eligible)
        np.testing.assert_allclose(
            kept.dense()[block.eligible], block.score[block.eligible], rtol=1e-6
        )
        rows = np.arange(len(block.emps)) % 3 == 1
        np.testing.assert_array_equal(kept.dense(rows), kept.dense()[rows])


@pytest.mark.parametrize("size", [300, 900])
def test_optimal_makes_the_same_plan_whether_the_scores_are_kept_or_computed_again(
    size, monkeypatch
):
    problem = generate(size, seed=7, pins=size // 150)
    kept = solve(problem, mechanism="optimal")
    # above SPARSE_PAIRS nothing is kept: candidates and pricing score their blocks afresh
    monkeypatch.setattr(optimal_module, "SPARSE_PAIRS", -1)
    fresh = solve(problem, mechanism="optimal")
    assert fresh.metrics.violations == 0
    assert fresh.metrics.objective == pytest.approx(kept.metrics.objective, rel=1e-9)
    assert sorted((m.employee_id, m.to_position_id) for m in fresh.moves) == sorted(
        (m.employee_id, m.to_position_id) for m in kept.moves
    )


def test_when_the_repair_milp_finds_nothing_the_whole_reduced_model_is_solved_as_a_milp(
    monkeypatch,
):
    problem = generate(800, seed=3, pins=4)  # its LP has 19 fractional arcs
    expected = solve(problem, mechanism="optimal")
    calls = []

    def nothing(*args):
        calls.append(args)
        return None

    monkeypatch.setattr(optimal_module, "_sub_milp", nothing)
    plan = solve(problem, mechanism="optimal")
    assert calls, "the LP came out integral: this instance no longer tests the fallback"
    assert plan.metrics.violations == 0
    assert plan.metrics.objective >= expected.metrics.objective - 1e-6 * abs(
        expected.metrics.objective
    )


def test_a_sparse_block_cut_to_some_rows_and_padded_keeps_each_rows_eligible_pairs():
    c = compile_problem(generate(400, seed=5), Policy())
    for block in score_blocks(c, np.flatnonzero(c.movable), sparse=True):
        rows = np.arange(len(block.emps)) % 2 == 0
        cut = block.rows(rows)
        np.testing.assert_array_equal(cut.emps, block.emps[rows])
        np.testing.assert_array_equal(cut.dense(), block.dense(rows))
        scores, cols = cut.padded()
        dense = cut.dense()
        for r in range(len(cut.emps)):
            filled = np.isfinite(scores[r])
            assert filled.sum() == np.isfinite(dense[r]).sum()
            np.testing.assert_array_equal(scores[r][filled], dense[r][cols[r][filled]])


def test_when_every_pair_ties_each_post_gets_its_best_from_different_people():
    """A post's best-scoring people are a warm start for its dual; when scores tie, taking the
    first rows for every post would give all posts the same few people (who can move once)."""
    people, posts = 200, 50
    indptr = np.arange(people + 1, dtype=np.int64) * posts
    block = SparseBlock(
        np.arange(people, dtype=np.int64),
        np.arange(posts, dtype=np.int64),
        indptr,
        np.tile(np.arange(posts, dtype=np.int32), people),
        np.ones(people * posts, dtype=np.float32),
    )
    scores, cols = block.padded()
    emps, chosen_posts, _scores = optimal_module._top_in_columns(
        block, scores, cols, np.isfinite(scores), 4
    )
    assert np.bincount(chosen_posts, minlength=posts).tolist() == [4] * posts
    assert len(np.unique(emps)) > 100  # 200 arcs, not the same 4 people 50 times


def _top_in_columns_by_sorting(block, score, cols, free, r):
    """The plain definition ``_top_in_columns`` must keep: every free pair sorted by post, then
    16-bit score level (best first), then the pair's hash, then its place; each post's first r."""
    rows_i, slots = np.nonzero(free)
    vals = score[rows_i, slots]
    j = cols[rows_i, slots]
    lo, hi = float(vals.min()), float(vals.max())
    level = ((hi - vals) * (65535.0 / max(hi - lo, 1e-9))).astype(np.uint16)
    tie = optimal_module._pair_hash(rows_i, j)
    order = np.lexsort((np.arange(len(j)), tie, level, j))
    js = j[order]
    first = np.r_[0, np.flatnonzero(js[1:] != js[:-1]) + 1]
    rank = np.arange(len(js)) - np.repeat(first, np.diff(np.r_[first, len(js)]))
    sel = order[rank < r]
    return block.emps[rows_i[sel]], block.posts[j[sel]], vals[sel].astype(np.float64)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 60),
    st.integers(1, 40),
    st.integers(1, 12),
    st.sampled_from([0.05, 0.3, 1.0]),
    st.sampled_from([3, 40, 100_000]),  # few distinct scores (ties) to nearly all distinct
    st.integers(0, 2**32 - 1),
)
def test_each_posts_best_are_those_of_sorting_every_free_pair(
    people, posts, r, density, distinct, seed
):
    """``_top_in_columns`` sorts only the pairs a histogram of each post's score levels says
    can be among its best: the same people, in the same order, as sorting them all."""
    rng = np.random.default_rng(seed)
    keep = rng.random((people, posts)) < density
    keep[:, 0] |= ~keep.any(axis=1)  # every person eligible somewhere
    counts = keep.sum(axis=1)
    indptr = np.r_[0, np.cumsum(counts)].astype(np.int64)
    indices = np.nonzero(keep)[1].astype(np.int32)
    values = (rng.integers(0, distinct, len(indices)) * 0.37 - 5.0).astype(np.float32)
    block = SparseBlock(
        np.arange(people, dtype=np.int64) * 3,
        np.arange(posts, dtype=np.int64) * 7,
        indptr,
        indices,
        values,
    )
    score, cols = block.padded()
    free = np.isfinite(score) & (rng.random(score.shape) < 0.9)
    if not free.any():
        return
    got = optimal_module._top_in_columns(block, score, cols, free, r)
    want = _top_in_columns_by_sorting(block, score, cols, free, r)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("case_size", "policy"),
    [(900, Policy()), (900, Policy(w_training_gap=0.7)), (2500, Policy())],
)
def test_a_block_scored_whole_gives_the_scores_of_scoring_its_eligible_pairs_one_by_one(
    case_size, policy, monkeypatch
):
    """``_block`` scores a block where most pairs are eligible all at once (``pair_score``, in
    runs of rows): the same values, -inf on exactly the pairs that are not eligible."""
    from mutasi.planner import eligibility

    c = compile_problem(generate(case_size, seed=11, pins=4), policy)
    specs = list(eligibility.block_specs(c, np.flatnonzero(c.movable)))
    monkeypatch.setattr(eligibility, "_DENSE_CELLS", 700)  # several runs of rows a block
    compared = 0
    for chunk, posts in specs:
        monkeypatch.setattr(eligibility, "_DENSE_SHARE", 0.0)
        whole = eligibility._block(c, chunk, posts)
        monkeypatch.setattr(eligibility, "_DENSE_SHARE", 2.0)
        pairs = eligibility._block(c, chunk, posts)
        np.testing.assert_array_equal(whole.eligible, pairs.eligible)
        np.testing.assert_array_equal(whole.score, pairs.score)
        assert np.isneginf(whole.score[~whole.eligible]).all()
        compared += int(whole.eligible.sum())
    assert compared > 1000


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(1, 12),
    width=st.integers(1, 9),
    density=st.floats(0.0, 1.0),
    cells=st.integers(1, 40),
    seed=st.integers(0, 10_000),
)
def test_the_models_arcs_are_found_among_a_blocks_pairs_in_runs_of_rows(
    rows, width, density, cells, seed
):
    """Pricing leaves out the pairs that are already arcs of the model (``_model_entries``),
    found by a binary search in each row, run of rows by run of rows (``_row_runs``): exactly
    those, whatever the rows hold, as a set of every pair would say."""
    rng = np.random.default_rng(seed)
    eligible = rng.random((rows, width)) < density
    emps = np.sort(rng.choice(100, rows, replace=False)).astype(np.int64)
    posts = np.sort(rng.choice(50, width, replace=False)).astype(np.int64)
    r, q = np.nonzero(eligible)
    block = SparseBlock(
        emps,
        posts,
        np.searchsorted(r, np.arange(rows + 1)).astype(np.int64),
        q.astype(np.uint16),
        rng.random(len(r)).astype(np.float32),
    )
    # the model's arcs: some eligible pairs, some pairs the block does not hold, other people
    arc_e = np.r_[emps[r], rng.choice(100, 5)].astype(np.int64)
    arc_q = np.r_[posts[q], rng.choice(50, 5)].astype(np.int64)
    pick = rng.random(len(arc_e)) < 0.5
    arc_e, arc_q = arc_e[pick], arc_q[pick]
    order = np.argsort(arc_e, kind="stable")
    has_arc = np.zeros(100, dtype=bool)
    has_arc[arc_e] = True
    arcs = set(zip(arc_e.tolist(), arc_q.tolist(), strict=True))
    seen = []
    for offset, run in optimal_module._row_runs(block, cells):
        found = optimal_module._model_entries(run, arc_e[order], arc_q[order], has_arc)
        run_rows = np.repeat(np.arange(len(run.emps)), np.diff(run.indptr))
        expected = [
            i
            for i, (row, col) in enumerate(zip(run_rows, run.indices.tolist(), strict=True))
            if (int(run.emps[row]), int(posts[col])) in arcs
        ]
        assert sorted(found.tolist()) == expected
        np.testing.assert_array_equal(run.emps, emps[offset : offset + len(run.emps)])
        pairs = zip(run_rows.tolist(), run.indices.tolist(), strict=True)
        seen += [(int(run.emps[row]), int(posts[col])) for row, col in pairs]
    assert seen == list(zip(emps[r].tolist(), posts[q].tolist(), strict=True))


def test_the_candidates_are_the_same_whether_the_blocks_are_chosen_from_on_one_thread_or_two(
    monkeypatch,
):
    c = compile_problem(generate(3000, seed=2, pins=6), Policy())
    chosen = {}
    for threads in (1, 2):
        monkeypatch.setattr(optimal_module, "solver_threads", lambda n=threads: n)
        c.blocks = None
        arcs, left_out, notices = optimal_module.candidate_arcs(c)
        chosen[threads] = (arcs, left_out, notices)
    (a1, l1, n1), (a2, l2, n2) = chosen[1], chosen[2]
    np.testing.assert_array_equal(a1.emp, a2.emp)
    np.testing.assert_array_equal(a1.pos, a2.pos)
    np.testing.assert_array_equal(a1.score, a2.score)
    np.testing.assert_array_equal(l1, l2)
    assert n1 == n2
    assert len(a1.emp) > 3000
