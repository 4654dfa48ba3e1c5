"""The ``optimal`` mechanism: the weighted objective maximised under every hard rule, with a bound.

Model (gains over "everybody stays"; x[i, q] = 1 when employee i moves to post q):

    maximise   sum score[i, q] x[i, q]  -  sum_p w_p e_p
    subject to sum_q x[i, q] <= 1                          each person moves at most once
               in_q - out_q <= formation_q - current_q      posts that receive people (not over
                                                            formation at the start)
               out_p - e_p <= current_p - formation_p       posts over formation: leaving beyond
                                                            the surplus loses a filled slot
               leave_u <= floor(cap * staff_u)              unit departure cap (to other units)
               leave_u - arrive_u <= max(0, staff_u - F_u)  priority-sector units never fall
                                                            further below their formation
               x[i, goto] = 1                               GOTO pins (dropped and reported if
                                                            they make the model infeasible)

Stricter than the rule on one point, on purpose: a post that starts above its formation receives
nobody (the rule would allow a newcomer once enough people have left); ``check`` applies the rule
itself. Must-move (past ``max_years_in_post``) is the weight ``w_must_move`` on every move of such a
person, larger than any other term can take away, so a must-move person stays only when no
eligible post has room within the caps.

Algorithm:
1. Candidate arcs (``eligibility.iter_sparse_blocks``): for each movable person the eligible
   posts of the family group that some plan can move anybody into (``receiving_posts``: not a
   full post whose holders all stay or can go nowhere, ``_close_dead_ends``), read pair by pair
   (only the eligible pairs are kept, rows padded to the longest row for top-k: on the demo
   region 5-11% of a group's person x post pairs, and in its health group at 50,000 people 76%);
   keep the top ``Policy.candidate_arcs`` by score,
   their ``_UNIT_ARCS`` best posts in their own unit (where they go when their unit's departure
   cap binds), every eligible post they ranked, and their GOTO pin; and for each post its
   ``_POST_ARCS`` best-scoring people. Remember each person's best score outside their own top
   (an upper bound of what is left out).
2. The network part first (``_network_phase``): without the unit rows the model is a network LP
   (people, posts, surplus rows) that falls apart by family group, since no arc crosses groups.
   Group by group, the one with the most eligible pairs first (``_group_order``), the blocks are
   scored and the candidates chosen on the main thread while the previous group's LP is solved
   and priced (step 3) on a worker: two at a time, HiGHS and numpy release the GIL. The dual
   simplex is 4-5 times faster an iteration on these than on the whole model with its unit rows.
   A group's LP of ``_FLOW_MIN_ROWS`` rows or more whose people are eligible for ``_FLOW_DENSITY``
   of its posts is a minimum-cost circulation (``flow``, ``_circulation``): OR-Tools solves it in a
   fraction of a second, its node potentials (shortest distances in the residual graph) price the
   left-out arcs, and only when that has converged does the simplex see the LP, from the
   circulation's optimal basis (a spanning tree of tight arcs, ``_flow_basis``): a few dozen primal
   iterations, where the dual simplex re-solved the LP after every round of pricing with thousands
   (the 50,000 ``one-person-posts`` region's health group: six re-solves of 25,000-46,000
   iterations, 83 s of network phase, now 28 s, most of it the pricing of that group's pairs).
3. Pricing (column generation, Dantzig-Wolfe style): with the LP duals, the reduced cost of every
   arc left out is bounded by (best score left out) - (dual of the person) + (dual of the origin
   post) + (largest priority-floor dual). Where that bound is positive the arcs are priced
   exactly and those with positive reduced cost are added (the best ``candidate_arcs`` a person
   per round: fewer columns keep each warm-started re-solve cheaper); the LP is re-solved (up to
   ``_PRICING_ROUNDS`` times) by the dual simplex from the last optimal basis. The model's own
   arcs are located in a block by binary search over those arcs (sorted), not over every pair.
   Raising each person's dual
   by their largest remaining positive reduced cost gives a feasible dual of the *full* model, so
   ``bound = LP value + sum_i max(0, max reduced cost of i's left-out arcs)`` is a proven upper
   bound for every plan obeying the rules (not only those on candidate arcs).
4. The full LP (every row, the groups' priced columns) starts from the groups' optimal bases put
   together with the unit rows' slacks basic (``_combined_basis``): dual feasible, and primal
   infeasible only where a cap or floor is broken, which the dual simplex repairs. That first
   solve stops once the LP is primal feasible, before HiGHS cleans up the duals of its cost
   perturbation (``_first_solve``: on the 50,000 ``one-person-posts`` region 20 s instead of
   50 s, the LP value the same to 0.0003; at 10,000 0.1-0.7 s of 2.5-4 s): the plan needs a
   feasible solution. The LP's own bound at those duals, which break a few of its
   columns' reduced costs by a little, is the Lagrangian relaxation of every row but the people's
   at those prices made valid (``_bound_at_stopped_duals``). One round of step 3 on the full LP
   (at feasible duals) gives its bound; the integer plan (step 5) is compared with it. If that
   does not prove the plan within the gap tolerance, the Lagrangian bound
   (``_lagrangian_bound``) is tried: the full LP's prices of the unit rows go into the arcs'
   scores, and the rest falls apart into the groups' network LPs again, each warm-started from
   its step-2 basis and priced over every eligible pair (the large ones by their circulation, their
   part of the bound the dual objective at its prices: ``_flow_bound``). On a large full LP that
   bound begins on the second CPU while the first solves the LP (``_early_bound``): at the duals
   of a copy of the LP stopped once its dual objective settles, long before the simplex's tail
   ends (any prices >= 0 give a bound); only when it does not prove the plan is it computed again
   at the LP's optimal duals. That bound is much tighter
   than the full LP's own (which adds up every person's largest reduced cost under degenerate duals
   of people and posts): on the 10,000 regions 0.006-0.013% above the plan against 0.05-0.08%, and
   on the 50,000 demo 0.046% against 0.89%: the full LP's re-solve, 19 s of that region's 62 s, is
   saved, and the Lagrangian bound takes 10 s, its groups two at a time (``_prove``).
   When it does not prove the plan either, the full LP lacked columns: the arcs the groups' LPs
   priced in and use go into it, it is solved again (the dual simplex: 379 arcs into the 50,000
   demo as the demo command plans it, with its office's unit weights, took 52,900 dual
   iterations in 37 s, 19,000 primal in 70 s), and the plan is made again (on that region
   proven at 0.057%, in 106 s in all against 121 s before). Only if that is not proven either
   is the full LP priced further (to half the tolerance) and the plan made again.
5. Integer plan: the LP solution of this network-with-side-constraints model is almost integral;
   the fractional part (people with a fractional arc, plus everybody who could enter or leave the
   posts those arcs touch, up to ``_REPAIR_PEOPLE``) is re-solved as a small MILP of its own
   (``_sub_milp``: only the rows those people touch, less what everybody else uses) with
   everybody else fixed, and, if that finds nothing, the whole reduced model as a MILP within
   the time limit.
6. The objective is recomputed from the final assignment (``outcome.objective``), never taken
   from the solver; gap = (bound - objective) / bound.

Measured, what did not help (benchmarks/RESULTS.md): the full LP cold (100k iterations), the network
LP of all groups at once and then the unit rows (the in-unit arcs the caps need were missing),
Lagrangian costs for the unit rows in the network phase (the full LP then had to undo them), cap
rows made sparse with one exit column a person (the same 44k iterations), and HiGHS's parallel dual
simplex on the full LP, the primal simplex for the full LP's first solve from the group bases
(32,765 iterations, 45 s CPU, against 5,735 and 0.9 s dual at 10,000), the primal simplex for the
re-solves after pricing (the new columns leave the basis primal feasible): on the demo region at
10,000 half the iterations (31,879 against 63,112), but on the synthetic region 34,102 against
27,294, and on ``one-person-posts`` its duals kept pricing in ~2,500 arcs a round for 31 rounds of
the largest group's LP (8 with the dual simplex) and the full LP took 5.3 s CPU against 3.2 s: it
depends on the region, so the dual simplex stays for re-solves that take in many columns; only those
that take in at most 5% of the LP's columns and at most 10,000 (``_PRIMAL_SHARE``, ``_PRIMAL_MAX``)
run the primal simplex: on the 50,000 demo the teachers' group took in 65 to 210 arcs a round,
21,000 dual iterations each against 66 to 993 primal (the network phase 37.6 → 31.6 s with 2%); at
10,000 on four regions 5% rather than 2% saved 9-18% of the iterations and 0.3-1.3 s; the 50,000
demo's full LP taking in 16,500 columns (3%) did 49,800 dual iterations in 23 s against 11,500
primal in 26 s. Also measured without gain: dropping the group LPs' columns with a reduced cost
below -10 before the full LP (10% fewer columns, the same iterations and seconds: the full LP's time
goes with its rows, not its columns), re-solving from scratch after pricing (1.2-1.4x the
iterations), and each person's best posts in other priority-sector units as candidates (the full
LP's first pricing still took in 15,800 arcs, nearly all into priority-sector units whose floor row
binds: their reduced cost, not their score, makes them pay). Wentges smoothing of the group LPs'
duals in their pricing (on ``one-person-posts`` at 10,000, alpha 0.5: 58,100 iterations against
47,700; 0.8 worse: the Lagrangian bound at the LP's own duals fell every round, the smoothed point's
was higher). The full LP's re-solve with the primal simplex after dropping its columns with a
reduced cost below -0.5 (263,500 of 497,700 at 50,000): 10,100 iterations at 1.9 ms against 11,500
at 2.3 ms, but the dropped arcs priced in again in a third round, 26.7 s CPU in all against 24 s
with the dual simplex. Devex pricing in the dual simplex (7,090 iterations, 1.25 s CPU), and more
priced arcs per person and round (x2, x3, x6) or fewer pricing rounds of the group LPs (10), whose
CPU seconds stayed within the noise of a loaded machine. For the Lagrangian bound's group LPs: the
dual simplex for every re-solve (no primal for few columns: the 50,000 demo 52 s against 44 s,
tight-caps 88 s against 78 s) and starting them by crossover from the full LP's solution (HiGHS's
``crossover`` with a given solution stopped the process on ``one-person-posts``). For the
circulations (the 50,000 demo, each against 42.9 s with the dense groups alone by their
circulation): every group of 2,000 rows or more by its circulation (66.9 s: the full LP lacked
columns, see ``_FLOW_DENSITY``), and with it a further round of the simplex's own pricing after the
circulation's (74.3 s), the circulation priced only to 0.5% and the simplex after it (72.8 s), or
central potentials (the mean of the largest and the smallest) for pricing (78.7 s): none gave the
full LP the columns the simplex's pricing gives it. Every model runs on one thread (on a shared
machine the parallel simplex's threads wait for each other: 202 s wall against 10.7 s serial, and 5x
the CPU).

Time limit: ``Policy.time_limit_seconds`` is wall clock; pricing stops at half of it and the
bound then says how far the plan may be from the best (on a machine loaded 15-20 times over, the
50,000-employee demo region reached half of 300 s with a 63% gap; the benchmark's cases run with
``--time-limit``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import minimum_spanning_tree

from mutasi.planner.eligibility import (
    SPARSE_PAIRS,
    Blocks,
    BoolArray,
    Compiled,
    FloatArray,
    IntArray,
    SparseBlock,
    block_specs,
    cache_blocks,
    iter_sparse_blocks,
    pair_eligible,
    score_blocks,
    solver_threads,
)
from mutasi.planner.flow import FlowError, min_cost_circulation, potentials
from mutasi.planner.messages import Message
from mutasi.planner.model import Notice, Rule, SolveError
from mutasi.planner.outcome import lost_slots

log = logging.getLogger(__name__)

_PRICING_ROUNDS = 20
# a group's network LP re-solves in a second or two: let its pricing run longer (on the demo
# region, whose teachers' group needs 30-40 rounds, the full LP then needs far fewer)
_NETWORK_ROUNDS = 40
_UNIT_ARCS = 3  # step 1: also each person's best posts in their own unit
_PRICE_TOL = 1e-7
_INT_TOL = 1e-6
_REPAIR_PEOPLE = 300  # largest neighbourhood re-solved as a MILP in step 5
# step 5's MILP frees only the arcs the LP prices within this of being used (reduced cost; the
# others stay at 0): on ``one-person-posts`` at 10,000 3,540 columns instead of 6,736, 0.07 s
# instead of 0.21 s, the same plan (and the same on ``overdue`` and ``tight-caps``)
_REPAIR_REDUCED = 0.1
# step 3: a re-solve that takes in at most this share of the LP's columns, and at most
# ``_PRIMAL_MAX`` of them, runs the primal simplex
_PRIMAL_SHARE = 0.05
_PRIMAL_MAX = 10_000
_DUAL, _PRIMAL = 1, 4  # HiGHS's simplex_strategy values
_CLEANUP_LEVEL = 1  # HiGHS's default max_dual_simplex_cleanup_level (see ``_first_solve``)
_FEASIBLE = 2  # HiGHS's primal_solution_status of a feasible solution
# step 2 prices a group's network LP until what is left out is within this share of the gap
# tolerance (of the group's LP value); the Lagrangian bound (step 4) prices it to this share. With
# 2 rather than 0.5 in step 2, the 50,000 demo took 52.2 s against 43.9 s (its full LP lacked
# columns the groups had not yet priced in), synthetic and one-person-posts 2-3% less. 0.6 rather
# than 0.25 for the bound: within 2-4% on three 50,000 cases, with less room left in the gap.
_NETWORK_SHARE = 0.5
_BOUND_SHARE = 0.25
_SAMPLE = 64  # people a group whose eligible posts are counted to order the groups
# scores to integer costs for a group's circulation: 1e-8 resolution (below HiGHS's dual
# tolerance of 1e-7), or coarser where the largest cost would pass 2**40
_FLOW_SCALE = 1e8
_FLOW_COST_MAX = 2.0**40
# a group's network LP with at least this many rows is priced by its circulation (smaller ones
# re-solve in milliseconds by the simplex, and a round of the circulation costs more)
_FLOW_MIN_ROWS = 2_000
# ... and in step 2 only where its people are eligible for this share of its posts or more: the
# dense groups, whose simplex re-solves are slow. On the 50,000 demo the teachers' group (5%) by
# its circulation left the full LP without columns it needed (its plan 0.14% below the
# Lagrangian bound: 42,000 more dual iterations to take them in, 66.9 s in all against 42.9 s)
_FLOW_DENSITY = 0.3
_FLOW = True  # whether such groups go by their circulation (the tests compare with the simplex)
_TIE_STEP = 2.0**-34  # pricing: a pair's hash (16 bits) times this breaks ties of reduced costs
_SEGMENT_CELLS = 1 << 21  # pricing: values in a matrix of ``_top_in_segments`` at a time
# step 4: a copy of the full LP of ``_EARLY_ROWS`` rows or more is solved by parts of this share
# of its rows in iterations, until its dual objective moved by less than ``_EARLY_SETTLED`` (of
# itself) over a part, or for ``_EARLY_PARTS`` parts, and the Lagrangian bound begins at the
# duals of that point (``_early_bound``)
_EARLY_SHARE = 0.05
_EARLY_SETTLED = 1e-4
_EARLY_PARTS = 10
_EARLY_ROWS = 30_000
_POST_ARCS = 10  # step 1: also each post's best-scoring candidates (see ``candidate_arcs``)


class _QuietHighs(highspy.Highs):
    """A Highs that prints nothing, not even its banner.

    highspy 1.16's constructor calls ``enableCallbacks`` before anyone can set ``output_flag``,
    and that first call prints "Running HiGHS …" on stdout (HiGHS issues #1702, #1932): the
    banner would land in CSV output and the demo's log. The option must be set before it.
    """

    def enableCallbacks(self) -> Any:  # noqa: N802 (highspy's name)
        self.setOptionValue("output_flag", False)
        return super().enableCallbacks()  # type: ignore[no-untyped-call]


@dataclass
class Arcs:
    emp: IntArray
    pos: IntArray
    score: FloatArray


@dataclass
class OptimalResult:
    final_pos: IntArray
    bound: float | None
    lp_value: float
    arcs: int
    pricing_rounds: int
    notices: list[Notice]
    seconds_lp: float
    fractional: int
    model_arcs: Arcs | None = None  # every arc of the final LP (candidates and priced)


@dataclass
class _GroupStart:
    """A family group's network LP at its optimum (steps 2-3), kept without its solver: its
    arcs, the status of its arcs, e_p columns and rows in its optimal basis, and its row tables
    (a group's rows depend on the group alone, not on its arcs). Starts the full LP (step 4) and
    the group's LP of the Lagrangian bound."""

    group: int
    arcs: Arcs
    arc_status: IntArray
    e_status: IntArray
    row_status: IntArray
    emp_row: IntArray
    post_row: IntArray
    surplus_row: IntArray
    over_posts: IntArray

    @classmethod
    def of(cls, group: int, model: _Model) -> _GroupStart:
        basis = model.highs.getBasis()
        col = np.array([int(v) for v in basis.col_status], dtype=np.int64)
        row = np.array([int(v) for v in basis.row_status], dtype=np.int64)
        return cls(
            group,
            model.arcs,
            col[model.arc_col],
            col[model.e_col],
            row,
            model.emp_row,
            model.post_row,
            model.surplus_row,
            model.over_posts,
        )


def _set_basis(model: _Model, col: IntArray, row: IntArray) -> bool:
    """Give the model this basis (column and row status); False when HiGHS refuses it."""
    basis = highspy.HighsBasis()
    basis.col_status = [highspy.HighsBasisStatus(v) for v in col.tolist()]
    basis.row_status = [highspy.HighsBasisStatus(v) for v in row.tolist()]
    basis.valid = True
    return bool(model.highs.setBasis(basis) == highspy.HighsStatus.kOk)


def candidate_arcs(
    c: Compiled,
    emps: IntArray | None = None,
    blocks: Blocks | None = None,
    threads: int | None = None,
) -> tuple[Arcs, FloatArray, list[Notice]]:
    """Step 1, for every movable person or for ``emps`` (whole family groups; their blocks from
    ``blocks`` when given), the blocks ``threads`` at a time (all CPUs when None). Returns the
    arcs, each employee's best left-out score (-inf if none), and notices for GOTO pins that
    cannot be followed."""
    k = c.policy.candidate_arcs
    if emps is None and blocks is None:
        cache_blocks(c)
    left_out = np.full(c.n, -np.inf)
    emp_parts: list[IntArray] = []
    pos_parts: list[IntArray] = []
    score_parts: list[FloatArray] = []
    goto_ok: set[int] = set()
    per_post = _POST_ARCS
    goto_emps = np.array(sorted(c.goto), dtype=np.int64)
    col_e: list[IntArray] = []
    col_q: list[IntArray] = []
    col_s: list[FloatArray] = []

    def chosen(block: SparseBlock) -> tuple[FloatArray, Arcs, Arcs | None, set[int]]:
        """One block's part: its people's best left-out scores, their kept arcs, the posts'
        best people among the others, and the pinned people whose pin is eligible."""
        score, cols = block.padded()
        keep = _top_in_rows(c, block, score, cols, k)
        pinned_ok: set[int] = set()
        _pins_and_wishes(c, block, score, cols, keep, pinned_ok)
        left = np.where(keep, -np.inf, score).max(axis=1)
        kept_rows, kept_slots = np.nonzero(keep)
        kept = Arcs(
            block.emps[kept_rows],
            block.posts[cols[kept_rows, kept_slots]],
            np.asarray(score[kept_rows, kept_slots], dtype=np.float64),
        )
        tops = None
        if per_post and len(block.emps) > 0:
            # the post's side: its best-scoring people (not pinned, not already kept). Without
            # them whole regions of posts had no arc, got a zero dual in the first LP and pricing
            # needed many rounds; the scores left out stay an upper bound (``left_out``).
            pinned = np.isin(block.emps, goto_emps)
            free = ~(pinned[:, None] | keep) & np.isfinite(score)
            tops = Arcs(*_top_in_columns(block, score, cols, free, per_post))
        return left, kept, tops, pinned_ok

    # the blocks two at a time (numpy releases the GIL): on the 50,000 synthetic region its
    # largest group's 3 s, while the worker of ``_network_phase`` has no group to solve yet.
    # Only a few blocks in hand at a time: blocks not kept are scored as they are read.
    threads = threads or solver_threads()
    pending: list[tuple[SparseBlock, Future[tuple[FloatArray, Arcs, Arcs | None, set[int]]]]] = []
    done: list[tuple[IntArray, tuple[FloatArray, Arcs, Arcs | None, set[int]]]] = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for block in iter_sparse_blocks(c, emps, blocks, receiving_posts(c)):
            pending.append((block, pool.submit(chosen, block)))
            if len(pending) > threads:
                first, future = pending.pop(0)
                done.append((first.emps, future.result()))
        done += [(block.emps, future.result()) for block, future in pending]
    for people, (left, kept, tops, pinned_ok) in done:
        left_out[people] = left
        emp_parts.append(kept.emp)
        pos_parts.append(kept.pos)
        score_parts.append(kept.score)
        goto_ok |= pinned_ok
        if tops is not None:
            col_e.append(tops.emp)
            col_q.append(tops.pos)
            col_s.append(tops.score)
    if col_e:
        # keep each post's ``per_post`` best over all blocks of its group
        ce, cq, cs = np.concatenate(col_e), np.concatenate(col_q), np.concatenate(col_s)
        order = np.lexsort((-cs, cq))
        ce, cq, cs = ce[order], cq[order], cs[order]
        first = np.r_[0, np.flatnonzero(cq[1:] != cq[:-1]) + 1]
        rank = np.arange(len(cq)) - np.repeat(first, np.diff(np.r_[first, len(cq)]))
        sel = rank < per_post
        emp_parts.append(ce[sel])
        pos_parts.append(cq[sel])
        score_parts.append(cs[sel])
    # A GOTO pin is followed when its post has room now (formation above the current staff,
    # counting other pins to it): then the flow stays feasible whatever else moves.
    room = c.formation - c.current
    notices = []
    pins = sorted(c.goto.items())
    if emps is not None:
        mine = set(emps.tolist())
        pins = [(e, q) for e, q in pins if e in mine]
    for e, q in pins:
        left_out[e] = -np.inf  # a pinned person has exactly one arc: nothing left out to price
        if e in goto_ok and room[q] <= 0:
            goto_ok.discard(e)
        if e in goto_ok:
            room[q] -= 1
        else:
            notices.append(Notice(c.emp_ids[e], Rule.PIN, goto_refusal(c, e, q)))
    arcs = Arcs(
        emp=np.concatenate(emp_parts) if emp_parts else np.zeros(0, np.int64),
        pos=np.concatenate(pos_parts) if pos_parts else np.zeros(0, np.int64),
        score=np.concatenate(score_parts) if score_parts else np.zeros(0),
    )
    refused = np.array(sorted({e for e, _q in pins} - goto_ok), dtype=np.int64)
    if len(refused):
        keep_arc = ~np.isin(arcs.emp, refused)
        arcs = Arcs(arcs.emp[keep_arc], arcs.pos[keep_arc], arcs.score[keep_arc])
    return arcs, left_out, notices


def _top_in_rows(
    c: Compiled,
    block: SparseBlock,
    score: npt.NDArray[np.float32],
    cols: npt.NDArray[np.int32],
    k: int,
) -> BoolArray:
    """Step 1 on a padded block (``SparseBlock.padded``): each person's ``k`` best posts, and
    their ``_UNIT_ARCS`` best in their own unit (where they go when their unit's departure cap
    binds; without these the first LP with unit rows had to find them by pricing)."""
    rows, width = score.shape
    keep = np.zeros((rows, width), dtype=bool)
    if width > k:
        top = np.argpartition(-score, k - 1, axis=1)[:, :k]
        np.put_along_axis(keep, top, True, axis=1)
    else:
        keep[:] = True
    if _UNIT_ARCS:
        same = c.emp_unit[block.emps][:, None] == c.pos_unit[block.posts[cols]]
        inside = np.where(same, score, -np.inf)
        r = min(_UNIT_ARCS, width)
        top = np.argpartition(-inside, r - 1, axis=1)[:, :r]
        np.put_along_axis(keep, top, True, axis=1)
    keep &= np.isfinite(score)
    return keep


def _pins_and_wishes(
    c: Compiled,
    block: SparseBlock,
    score: npt.NDArray[np.float32],
    cols: npt.NDArray[np.int32],
    keep: BoolArray,
    goto_ok: set[int],
) -> None:
    """Step 1: a GOTO-pinned person keeps only the pin's arc (when eligible: then in
    ``goto_ok``); everybody keeps the eligible posts they ranked."""
    special = [(row, e) for row, e in enumerate(block.emps.tolist()) if e in c.goto or e in c.prefs]
    posts = block.posts
    for row, e in special:
        target = c.goto.get(e)
        wanted = [target] if target is not None else [q for q in c.prefs[e] if q >= 0]
        if target is not None:
            keep[row] = False
        for q in wanted:
            j = int(np.searchsorted(posts, q))
            if j >= len(posts) or posts[j] != q:
                continue
            hit = np.flatnonzero((cols[row] == j) & np.isfinite(score[row]))
            if len(hit):
                keep[row, hit[0]] = True
                if target is not None:
                    goto_ok.add(e)


def _pair_hash(rows: npt.NDArray[np.integer[Any]], cols: npt.NDArray[np.integer[Any]]) -> Any:
    """A 16-bit hash of (row, column) pairs: the tie-break of equal scores or reduced costs."""
    mixed = (rows.astype(np.uint64) * 0x9E3779B1 + cols.astype(np.uint64) * 0x85EBCA77) >> 13
    return (mixed & 0xFFFF).astype(np.uint16)


def _top_in_columns(
    block: SparseBlock,
    score: npt.NDArray[np.float32],
    cols: npt.NDArray[np.int32],
    free: BoolArray,
    r: int,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Step 1, the posts' side: each post's ``r`` best-scoring people among the ``free``
    pairs of a padded block, as (people, posts, scores). A heuristic (the bound does not rest on
    it), so scores are compared at 16-bit resolution: stable radix sorts, not a float sort, of
    only the pairs a histogram of the levels leaves."""
    rows_i, slots = np.nonzero(free)
    if len(rows_i) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    vals = score[rows_i, slots]
    j = cols[rows_i, slots]
    lo, hi = float(vals.min()), float(vals.max())
    level = ((hi - vals) * (65535.0 / max(hi - lo, 1e-9))).astype(np.uint16)  # 0 = best
    # only the pairs a post's best can be among go through the sorts below: by a histogram of
    # each post's levels in 256 buckets, those in the buckets up to the one that reaches its
    # r-th pair (the same people come out, in the same order; on the 50,000 synthetic region
    # the sorts of every free pair took 4.5 s of the main thread)
    bucket = (level >> 8).astype(np.uint32)
    width = len(block.posts)
    if width * 256 < 2**32:
        hist = np.bincount(j.astype(np.uint32) * 256 + bucket, minlength=width * 256)
        reached = np.cumsum(hist.reshape(width, 256), axis=1) >= r
        last = np.where(reached[:, -1], np.argmax(reached, axis=1), 255)
        near = bucket <= last[j]
        rows_i, slots, j = rows_i[near], slots[near], j[near]
        vals, level = vals[near], level[near]
    # ties (equal at that resolution) go by a hash of the pair, not by row: else the same few
    # people would be the "best" of every post they tie for, and the posts' arcs would all lead
    # to people who can take only one of them (on ``one-person-posts``: 33 pricing rounds of the
    # largest group's LP instead of 8)
    order = np.argsort(_pair_hash(rows_i, j), kind="stable")
    order = order[np.argsort(level[order], kind="stable")]
    by_post = j[order]
    if len(block.posts) <= 65536:
        by_post = by_post.astype(np.uint16)
    order = order[np.argsort(by_post, kind="stable")]
    js = j[order]
    first = np.r_[0, np.flatnonzero(js[1:] != js[:-1]) + 1]
    rank = np.arange(len(js)) - np.repeat(first, np.diff(np.r_[first, len(js)]))
    sel = order[rank < r]
    return block.emps[rows_i[sel]], block.posts[j[sel]], vals[sel].astype(np.float64)


def receiving_posts(c: Compiled) -> BoolArray:
    """The posts some plan may move somebody into: ``Compiled.open_posts`` where step 1 narrowed
    them down (``_close_dead_ends``), else those that take anybody (``accepts``) and have room now
    or somebody in them who may move. A full post whose holders all stay receives nobody in any
    plan, so its arcs are 0 in every plan: leaving them out of the candidates and of pricing
    changes neither the plan's value nor the bound. The LP solver's presolve removes them too
    (the 50,000 demo region's full LP: 8,163 such posts, 147,893 arcs), but it does not run from
    a given basis; without them that LP took 21,500 dual iterations in 11.0 s instead of 26,900
    in 15.5 s."""
    if c.open_posts is not None:
        return c.open_posts
    room = c.formation - c.current
    leavers = np.bincount(c.emp_pos[c.movable], minlength=c.m)
    open_: BoolArray = c.accepts & ((room > 0) | (leavers > 0))
    return open_


def _close_dead_ends(c: Compiled, emps: IntArray) -> None:
    """Step 1, before a family group's blocks are scored: narrow ``Compiled.open_posts`` for the
    group of ``emps`` (its movable people). A full post whose movable holders are eligible for no
    open post of the group receives nobody either (they cannot leave), and so on until nothing
    changes; holders outside ``emps`` count as leaving. Judged by ``pair_eligible`` alone (a
    tenth of the cost of scoring the pairs) and only for holders of full posts; on the 50,000
    demo region 4,630 posts besides the 3,535 of ``receiving_posts``, nearly all of whose
    holders are eligible for no post at all."""
    open_ = receiving_posts(c).copy()
    room = c.formation - c.current
    inside = np.zeros(c.n, dtype=bool)
    inside[emps] = True
    leavers_outside = np.bincount(c.emp_pos[c.movable & ~inside], minlength=c.m)
    holders = emps[room[c.emp_pos[emps]] <= 0]  # only they can make a post a dead end
    can_leave = np.ones(c.n, dtype=bool)
    while len(holders):
        for chunk, posts in block_specs(c, holders, open_):
            can_leave[chunk] = pair_eligible(c, chunk, posts).any(axis=1)
        leaving = can_leave[holders]
        leavers = np.bincount(c.emp_pos[holders[leaving]], minlength=c.m)
        full = np.unique(c.emp_pos[holders[~leaving]])
        dead = full[open_[full] & (leavers[full] + leavers_outside[full] == 0)]
        if len(dead) == 0:
            break
        open_[dead] = False
        holders = holders[leaving]  # who could leave may not any more
    c.open_posts = open_


def goto_refusal(c: Compiled, e: int, q: int) -> Message:
    """Why a GOTO pin of employee ``e`` to post ``q`` cannot be honoured (a keyed message)."""
    from mutasi.planner.check import pair_problems

    code = c.problem.positions[q].code
    if not c.movable[e]:
        return Message("pin_immobile", code=code, problem=c.immobile_reason[e])
    problems = pair_problems(c.problem, c.policy, c.problem.employees[e], c.problem.positions[q])
    if c.formation[q] <= c.current[q]:
        problems.append(Message("no_room", formation=int(c.formation[q]), filled=int(c.current[q])))
    if q == c.emp_pos[e]:
        problems.append(Message("own_post"))
    return Message("pin_refused", code=code, problems=problems or [Message("no_room_within_rules")])


class _Model:
    """The LP of the reduced model, rows and columns kept as index maps for pricing."""

    def __init__(
        self,
        c: Compiled,
        arcs: Arcs,
        group: int | None = None,
        unit_prices: tuple[FloatArray, FloatArray] | None = None,
    ) -> None:
        """The LP over ``arcs``. With ``group``: only that family group's people and posts and no
        unit rows (the network part of the model, which falls apart by group). With
        ``unit_prices`` (a price of each unit's cap and floor row, >= 0) those rows are not rows
        but priced into the arcs' scores: a group's part of the Lagrangian bound (step 4)."""
        self.c = c
        n, m = c.n, c.m
        n_units = len(c.unit_ids)
        origin = c.emp_pos[arcs.emp]
        o_unit = c.pos_unit[origin]
        d_unit = c.pos_unit[arcs.pos]
        cross = o_unit != d_unit
        # Rows exist for everything an arc could touch, also arcs added later by pricing.
        movers = np.flatnonzero(c.movable)
        recv = np.flatnonzero(c.accepts)
        if group is not None:
            movers = movers[c.emp_group[movers] == group]
            recv = recv[c.pos_group[recv] == group]
        row = 0
        self.emp_row = np.full(n, -1)
        people = movers
        self.emp_row[people] = np.arange(len(people))
        row += len(people)
        self.post_row = np.full(m, -1)
        self.post_row[recv] = row + np.arange(len(recv))
        row += len(recv)
        self.surplus_row = np.full(m, -1)
        over = np.unique(c.emp_pos[movers][c.overstaffed[c.emp_pos[movers]]])
        self.surplus_row[over] = row + np.arange(len(over))
        row += len(over)
        # unit rows only where more people could leave than the cap (or the floor) allows
        cap = c.departure_cap()
        could_leave = np.bincount(c.emp_unit[movers], minlength=n_units)
        cap_units = np.flatnonzero(could_leave > cap) if group is None else np.zeros(0, np.int64)
        self.cap_row = np.full(n_units, -1)
        self.cap_row[cap_units] = row + np.arange(len(cap_units))
        row += len(cap_units)
        surplus_u = np.maximum(0, c.unit_staff - c.unit_formation)
        floor_units = np.flatnonzero(c.unit_priority & (could_leave > surplus_u))
        if group is not None:
            floor_units = floor_units[:0]
        self.floor_row = np.full(n_units, -1)
        self.floor_row[floor_units] = row + np.arange(len(floor_units))
        row += len(floor_units)
        self.n_rows = row
        self.over_posts = over
        self.arcs = arcs
        self.circulation: _Circulation | None = None  # its optimum, where ``_circulation`` ran
        self.is_milp = False  # step 5's last resort made this model a MILP: no duals after it
        # whether the LP's duals are feasible, so that its value and pricing bound every plan:
        # after a solve that ended optimal (``_run``), not after one stopped at primal
        # feasibility (``_first_solve``)
        self.dual_feasible = True

        lower = np.full(row, -np.inf)
        upper = np.zeros(row)
        upper[: len(people)] = 1.0
        has_arc = np.zeros(n, dtype=bool)
        has_arc[arcs.emp] = True
        for e in c.goto:
            if has_arc[e]:
                lower[self.emp_row[e]] = 1.0
        upper[self.post_row[recv]] = c.formation[recv] - c.current[recv]
        upper[self.surplus_row[over]] = c.current[over] - c.formation[over]
        upper[self.cap_row[cap_units]] = cap[cap_units]
        upper[self.floor_row[floor_units]] = surplus_u[floor_units]
        self.row_lower, self.row_upper = lower, upper

        a = len(arcs.emp)
        cols = np.arange(a)
        ent_r = [self.emp_row[arcs.emp], self.post_row[arcs.pos]]
        ent_c = [cols, cols]
        ent_v = [np.ones(a), np.ones(a)]
        r = self.post_row[origin]
        sel = r >= 0
        ent_r.append(r[sel])
        ent_c.append(cols[sel])
        ent_v.append(-np.ones(sel.sum()))
        r = self.surplus_row[origin]
        sel = r >= 0
        ent_r.append(r[sel])
        ent_c.append(cols[sel])
        ent_v.append(np.ones(sel.sum()))
        for table, units, sign in (
            (self.cap_row, o_unit, 1.0),
            (self.floor_row, o_unit, 1.0),
            (self.floor_row, d_unit, -1.0),
        ):
            r = table[units]
            sel = (r >= 0) & cross
            ent_r.append(r[sel])
            ent_c.append(cols[sel])
            ent_v.append(np.full(sel.sum(), sign))
        # e_p columns for posts over formation: coefficient -1 in their surplus row
        n_e = len(over)
        ent_r.append(self.surplus_row[over])
        ent_c.append(a + np.arange(n_e))
        ent_v.append(-np.ones(n_e))
        matrix = sp.csc_matrix(
            (np.concatenate(ent_v), (np.concatenate(ent_r), np.concatenate(ent_c))),
            shape=(row, a + n_e),
        )
        n_units = len(c.unit_ids)
        self.unit_prices = unit_prices or (np.zeros(n_units), np.zeros(n_units))
        # HiGHS minimises
        cost = np.concatenate([-self.priced_scores(arcs), c.pos_sector_w[over]])
        self.n_cols = a + n_e
        self.arc_col = np.arange(a)  # HiGHS column of each arc (added arcs come last)
        self.e_col = a + np.arange(n_e)  # HiGHS column of each e_p (posts ``over_posts``)
        self.highs = _QuietHighs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("time_limit", float(c.policy.time_limit_seconds))
        # One thread a model, the serial dual simplex. HiGHS's parallel dual simplex (PAMI) on
        # the full model made the same iterations 1.5x faster on an idle 2-core machine, but
        # its threads wait for each other: on a shared machine (load 18 on 2 cores) the demo
        # region's full LP took 202 s wall and 5x the CPU against 10.7 s serial.
        self.highs.setOptionValue("threads", 1)
        lp = highspy.HighsLp()
        lp.num_col_ = self.n_cols
        lp.num_row_ = row
        lp.col_cost_ = cost
        lp.col_lower_ = np.zeros(self.n_cols)
        lp.col_upper_ = np.concatenate([np.ones(a), np.full(n_e, np.inf)])
        lp.row_lower_ = lower
        lp.row_upper_ = upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        self.highs.passModel(lp)

    def column(self, e: IntArray, q: IntArray) -> tuple[IntArray, IntArray, FloatArray]:
        """Sparse entries (starts, rows, values) of new arc columns (e[k] -> q[k])."""
        c = self.c
        origin = c.emp_pos[e]
        cross = c.pos_unit[origin] != c.pos_unit[q]
        starts: list[int] = []
        idx: list[int] = []
        val: list[float] = []
        for k in range(len(e)):
            starts.append(len(idx))
            entries = [(self.emp_row[e[k]], 1.0)]
            if self.post_row[q[k]] >= 0:
                entries.append((self.post_row[q[k]], 1.0))
            if self.post_row[origin[k]] >= 0:
                entries.append((self.post_row[origin[k]], -1.0))
            if self.surplus_row[origin[k]] >= 0:
                entries.append((self.surplus_row[origin[k]], 1.0))
            if cross[k]:
                ou, du = c.pos_unit[origin[k]], c.pos_unit[q[k]]
                if self.cap_row[ou] >= 0:
                    entries.append((self.cap_row[ou], 1.0))
                if self.floor_row[ou] >= 0:
                    entries.append((self.floor_row[ou], 1.0))
                if self.floor_row[du] >= 0:
                    entries.append((self.floor_row[du], -1.0))
            for r, v in entries:
                idx.append(int(r))
                val.append(v)
        return (
            np.array(starts, dtype=np.int32),
            np.array(idx, dtype=np.int32),
            np.array(val, dtype=np.float64),
        )

    def priced_scores(self, arcs: Arcs) -> FloatArray:
        """The arcs' scores less the fixed unit prices (``unit_prices``) of the rows they would
        be in: leaving a unit pays its cap and floor prices, arriving earns the floor price."""
        cap, floor = self.unit_prices
        origin_unit = self.c.pos_unit[self.c.emp_pos[arcs.emp]]
        unit = self.c.pos_unit[arcs.pos]
        cross = origin_unit != unit
        change = cap[origin_unit] + floor[origin_unit] - floor[unit]
        scores: FloatArray = arcs.score - np.where(cross, change, 0.0)
        return scores

    def add_arcs(self, e: IntArray, q: IntArray, score: FloatArray) -> None:
        """New arc columns (e[k] -> q[k]) at the end of the LP."""
        starts, idx, val = self.column(e, q)
        cost = -self.priced_scores(Arcs(e, q, score))
        self.highs.addCols(
            len(e), cost, np.zeros(len(e)), np.ones(len(e)), len(idx), starts, idx, val
        )
        self.arc_col = np.concatenate([self.arc_col, self.n_cols + np.arange(len(e))])
        self.n_cols += len(e)
        self.arcs = Arcs(
            np.concatenate([self.arcs.emp, e]),
            np.concatenate([self.arcs.pos, q]),
            np.concatenate([self.arcs.score, score]),
        )

    def prices(self) -> FloatArray:
        """Row duals as non-negative prices of the maximisation: ``_row_prices`` of its LP."""
        return _row_prices(self.highs)

    def unit_terms(self, pi: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Each unit's price of leaving it and of arriving in it (for a cross-unit arc): from
        the unit rows' duals ``pi``, or the fixed ``unit_prices`` of a model without them."""
        cap, floor = self.unit_prices
        leave = pi[self.cap_row] + pi[self.floor_row] + cap + floor
        arrive = pi[self.floor_row] + floor
        return leave, arrive


def _row_prices(highs: highspy.Highs) -> FloatArray:
    """Row duals of a solved LP (of ``_Model``'s rows) as prices of the maximisation (pi = -HiGHS
    row dual), with a 0 appended: indexed by a row table, "no row" (-1) prices at 0."""
    return np.append(-np.asarray(highs.getSolution().row_dual, dtype=np.float64), 0.0)


def solve_optimal(c: Compiled) -> OptimalResult:
    started = time.perf_counter()
    # Steps 1-3 first for the network part alone (no unit rows): it falls apart by family group,
    # the groups' LPs are small, run side by side, and the dual simplex solves them many times
    # faster than the whole. Their columns and bases then start the full LP.
    arcs, left_out, pin_notices, starts = _network_phase(c, started)
    log.debug("network phase: %.2f s, %s arcs", time.perf_counter() - started, len(arcs.emp))
    if len(arcs.emp) == 0:
        return OptimalResult(c.emp_pos.copy(), 0.0, 0.0, 0, 0, pin_notices, 0.0, 0)
    model = _Model(c, arcs)
    if starts:
        _set_basis(model, *_combined_basis(model, starts))
    with ThreadPoolExecutor(max_workers=1) as aside:
        early = _early_bound(model, left_out, started, starts, aside) if starts else None
        return _full_lp(model, left_out, pin_notices, started, starts, early)


def _full_lp(
    model: _Model,
    left_out: FloatArray,
    pin_notices: list[Notice],
    started: float,
    starts: list[_GroupStart],
    early: Future[tuple[float, Arcs]] | None,
) -> OptimalResult:
    """Steps 4-6 from the full LP (its first solve perhaps begun: ``_early_bound``)."""
    c = model.c
    status = _first_solve(model, stop_at_feasible=True)
    if status == highspy.HighsModelStatus.kInfeasible and c.goto:
        # GOTO pins make the model infeasible: follow them only where possible, say which not
        for e in c.goto:
            if model.emp_row[e] >= 0:
                model.highs.changeRowBounds(int(model.emp_row[e]), -np.inf, 1.0)
        status = _first_solve(model, stop_at_feasible=True)
        soft_pins = True
    else:
        soft_pins = False
    if status != highspy.HighsModelStatus.kOptimal:
        seconds, why = c.policy.time_limit_seconds, model.highs.modelStatusToString(status)
        raise SolveError(Message("time_limit", seconds=seconds, status=why))

    # Steps 4-5: the bound and the integer plan, until the plan is proven within the tolerance
    x, n_frac, bound, lp_value, rounds = _prove(model, left_out, started, starts, soft_pins, early)
    log.debug("full LP priced: %.2f s, %s rounds", time.perf_counter() - started, rounds)
    arcs = model.arcs
    seconds_lp = time.perf_counter() - started
    chosen = x > 0.5
    final_pos = c.emp_pos.copy()
    final_pos[arcs.emp[chosen]] = arcs.pos[chosen]
    proven_bound: float | None = bound if np.isfinite(bound) else None
    if soft_pins:
        proven_bound = None  # the pins were relaxed: the bound would not be of the pinned problem
        for e, q in c.goto.items():
            if model.emp_row[e] >= 0 and final_pos[e] != q:
                code = c.problem.positions[q].code
                pin_notices.append(
                    Notice(
                        c.emp_ids[e],
                        Rule.PIN,
                        Message(
                            "pin_with_other_rules",
                            code=code,
                            cap_share=c.policy.unit_departure_cap,
                        ),
                    )
                )
    return OptimalResult(
        final_pos,
        proven_bound,
        lp_value,
        len(arcs.emp),
        rounds,
        pin_notices,
        seconds_lp,
        n_frac,
        arcs,
    )


def _first_solve(model: _Model, stop_at_feasible: bool) -> highspy.HighsModelStatus:
    """The full LP's first solve. With ``stop_at_feasible`` it ends where the dual simplex
    reaches primal feasibility: HiGHS's dual simplex works on perturbed costs, and once it is
    optimal for those it takes the perturbation off and cleans up the duals with the primal
    simplex. On the 50,000 ``one-person-posts``
    region that clean-up took 27 s of the LP's 50 s (39,243 iterations to feasibility in 21 s,
    then 7,405 primal ones) for an LP value that moved by 0.0003 (732,607.6305 to 732,607.6308).
    The plan needs a feasible solution, not optimal duals, and any prices give a bound. Such a
    solve is reported optimal with ``dual_feasible`` False: the LP's own bound is then
    ``_bound_at_stopped_duals``, not its value and pricing, until a later solve makes its duals
    feasible again."""
    highs = model.highs
    if stop_at_feasible:
        highs.setOptionValue("max_dual_simplex_cleanup_level", 0)
    try:
        status = _run(model)
    finally:
        highs.setOptionValue("max_dual_simplex_cleanup_level", _CLEANUP_LEVEL)
    info = highs.getInfo()
    stopped_feasible = (
        stop_at_feasible
        and status == highspy.HighsModelStatus.kUnknown
        and info.primal_solution_status == _FEASIBLE
        and info.num_primal_infeasibilities == 0
    )
    if stopped_feasible:
        log.debug(
            "full LP stopped at primal feasibility: %s dual infeasibilities (largest %.2g)",
            info.num_dual_infeasibilities,
            info.max_dual_infeasibility,
        )
        model.dual_feasible = False
        return highspy.HighsModelStatus.kOptimal
    if stop_at_feasible and status == highspy.HighsModelStatus.kUnknown:
        return _first_solve(model, stop_at_feasible=False)  # not feasible either: to the end
    return status


def _early_bound(
    model: _Model,
    left_out: FloatArray,
    started: float,
    starts: list[_GroupStart],
    aside: ThreadPoolExecutor,
) -> Future[tuple[float, Arcs]] | None:
    """Step 4 on the second CPU while the full LP's first solve runs on the first: a copy of the
    LP from the same basis, solved by parts of ``_EARLY_SHARE`` of its rows in dual simplex
    iterations until its dual objective settles (``_EARLY_SETTLED``; on the 50,000
    ``tight-caps`` region it was still 1.3% above the LP's value after 15% of its rows), and the
    Lagrangian bound at the unit rows' duals of that point (its groups one at a time).
    The dual simplex gets close to the LP's value early and spends most of its iterations on a
    long tail (the 50,000 ``one-person-posts`` region: 8,000 iterations in 1.1 s to within
    0.023% of its value, then 40,000 in 36 s), and the bound needs no optimal duals, any
    prices >= 0 give one: there it was 732,794 at those duals, 733,002 at the optimal ones, for
    a plan of 732,549. A copy, because the solve stopped and resumed lost its edge weights: on
    the 50,000 demo 25,000 iterations in 19 s against 22,100 in 12.7 s. Only for LPs of
    ``_EARLY_ROWS`` rows or more (smaller ones are proven by their own bound); None for others."""
    if model.n_rows < _EARLY_ROWS or solver_threads() < 2:
        return None
    lp, basis = model.highs.getLp(), model.highs.getBasis()
    arcs = model.arcs

    def bound() -> tuple[float, Arcs]:
        copy = _QuietHighs()  # type: ignore[no-untyped-call]
        copy.setOptionValue("threads", 1)
        copy.setOptionValue("time_limit", float(model.c.policy.time_limit_seconds))
        copy.setOptionValue("simplex_iteration_limit", max(1, int(_EARLY_SHARE * model.n_rows)))
        copy.passModel(lp)
        copy.setBasis(basis)
        iterations, value = 0, np.inf
        for _part in range(_EARLY_PARTS):
            copy.run()
            status = copy.getModelStatus()
            iterations += copy.getInfo().simplex_iteration_count
            before, value = value, float(copy.getInfo().objective_function_value)
            if status != highspy.HighsModelStatus.kIterationLimit:
                break
            if abs(value - before) <= _EARLY_SETTLED * max(abs(value), 1.0):
                break
        if status not in (
            highspy.HighsModelStatus.kIterationLimit,
            highspy.HighsModelStatus.kOptimal,
        ):
            # infeasible: GOTO pins the rules do not allow (the full LP then follows them only
            # where it can, and reports no bound)
            return np.inf, Arcs(arcs.emp[:0], arcs.pos[:0], arcs.score[:0])
        pi = np.maximum(_row_prices(copy), 0.0)
        log.debug(
            "copy of the full LP: %s iterations, dual objective %.2f at %.2f s",
            iterations,
            -value,
            time.perf_counter() - started,
        )
        del copy
        return _lagrangian_bound(model, pi, arcs, left_out, started, starts, threads=1)

    return aside.submit(bound)


def _prove(
    model: _Model,
    left_out: FloatArray,
    started: float,
    starts: list[_GroupStart],
    soft_pins: bool,
    early: Future[tuple[float, Arcs]] | None = None,
) -> tuple[FloatArray, int, float, float, int]:
    """Steps 4-5: the full LP's bound from one round of pricing, and the integer plan, and the
    Lagrangian bound ``early`` when it was begun during the LP's first solve. While the
    plan is not proven within the gap tolerance: (1) the Lagrangian bound, which also brings
    the arcs its groups' LPs use that the full LP lacks: they go into the full LP, solved again,
    and the plan is made again; (2) the full LP priced further (to half the tolerance) and the
    plan made again. Returns the plan's arc values, how many arcs of the LP were fractional,
    the bound, the LP value and the pricing rounds."""
    c = model.c
    tolerance = c.policy.gap_tolerance
    if model.dual_feasible:
        rounds, extra_bound = _price(model, left_out, started, max_rounds=1)
    else:  # stopped at primal feasibility (``_first_solve``): its own bound is made otherwise
        rounds, stopped_bound = 1, _bound_at_stopped_duals(model, left_out)
    lagrangian = np.inf
    for attempt in range(3):
        lp_value = -float(model.highs.getInfo().objective_function_value)
        own = lp_value + extra_bound if model.dual_feasible else stopped_bound
        bound = min(own + _rounding(model.arcs), lagrangian)
        x, n_frac = _integer_plan(model)
        value = _plan_value(model, x)
        if early is not None:
            lagrangian = early.result()[0] + _rounding(model.arcs)
            bound = min(bound, lagrangian)
            early = None
        proven = bound - value <= tolerance * max(abs(bound), 1.0)
        out_of_time = time.perf_counter() - started > 0.5 * c.policy.time_limit_seconds
        if attempt == 2 or proven or soft_pins or out_of_time or model.is_milp:
            break
        if attempt == 0:
            pi = np.maximum(model.prices(), 0.0)
            final, used = _lagrangian_bound(model, pi, model.arcs, left_out, started, starts)
            lagrangian = min(lagrangian, final + _rounding(model.arcs))
            bound = min(bound, lagrangian)
            if bound - value <= tolerance * max(abs(bound), 1.0):
                break
            log.debug("plan %.2f against bound %.2f: %s arcs in", value, lagrangian, len(used.emp))
            # the dual simplex, even for a few hundred arcs (see step 4 in the description)
            _solve_with(model, used, _DUAL)
            more, extra_bound = _price(model, left_out, started, max_rounds=1)
        else:
            log.debug("plan %.2f against bound %.2f: pricing further", value, bound)
            more, extra_bound = _price(model, left_out, started)
        rounds += more
    return x, n_frac, bound, lp_value, rounds


def _bound_at_stopped_duals(model: _Model, left_out: FloatArray) -> float:
    """The full LP's own bound of every plan at the duals of a solve stopped at primal
    feasibility (``_first_solve``), where ``value + pricing`` would not hold: those duals break
    a few reduced costs of the LP's own columns, by up to 2e-5 on the 50,000
    ``one-person-posts`` region. The Lagrangian relaxation of every row but the people's, at
    those prices made valid (>= 0; a surplus row's at most its post's weight, so that leaving
    beyond the surplus gains nothing): the rows' prices times their bounds, plus each person's
    best arc at those prices, in the model or left out (priced pair by pair as in step 3), or
    staying (0)."""
    c = model.c
    pi = np.maximum(model.prices(), 0.0)
    pi[model.emp_row[model.emp_row >= 0]] = 0.0  # the people's rows are not relaxed
    over = model.over_posts
    surplus = model.surplus_row[over]
    pi[surplus] = np.minimum(pi[surplus], c.pos_sector_w[over])
    rows = pi[:-1] @ np.where(np.isfinite(model.row_upper), model.row_upper, 0.0)
    # each arc's score less the prices of the rows it is in (its column of ``_Model``)
    arcs = model.arcs
    origin = c.emp_pos[arcs.emp]
    leave, arrive = model.unit_terms(pi)
    ou, du = c.pos_unit[origin], c.pos_unit[arcs.pos]
    value = arcs.score - pi[model.post_row[arcs.pos]] + pi[model.post_row[origin]]
    value -= pi[model.surplus_row[origin]] + (ou != du) * (leave[ou] - arrive[du])
    best = np.zeros(c.n)
    np.maximum.at(best, arcs.emp, value)
    floor_in = float(arrive.max(initial=0.0))
    # what a person's left-out arcs could be worth at most: only where that beats their best
    # arc in the model are they priced
    cheap = left_out + pi[model.post_row[c.emp_pos]] + floor_in
    suspects = np.flatnonzero((cheap > best + _PRICE_TOL) & (model.emp_row >= 0))
    if len(suspects):
        best = np.maximum(best, _price_exactly(model, pi, suspects)[3])
    return float(rows + best.sum())


def _solve_with(model: _Model, arcs: Arcs, strategy: int) -> None:
    """The LP with ``arcs`` added, solved again from its last basis by the simplex ``strategy``
    (``_PRIMAL`` or ``_DUAL``)."""
    model.add_arcs(arcs.emp, arcs.pos, arcs.score)
    model.highs.setOptionValue("simplex_strategy", strategy)
    status = _run(model)
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolveError(Message("solve_failed", status=model.highs.modelStatusToString(status)))


def _rounding(arcs: Arcs) -> float:
    """What float32 scores of the cached blocks may add to the bound: each person's arc may be
    off by one float32 ulp."""
    return 2 * float(np.abs(arcs.score).max(initial=0.0)) * 2.0**-23 * len(np.unique(arcs.emp))


def _integer_plan(model: _Model) -> tuple[FloatArray, int]:
    """Step 5: the arcs' values in an integer plan from the LP solution, and how many arcs of
    the LP solution were fractional."""
    x = np.asarray(model.highs.getSolution().col_value)[model.arc_col]
    frac = (x > _INT_TOL) & (x < 1 - _INT_TOL)
    n_frac = int(frac.sum())
    if n_frac:
        x = _integer_repair(model, x, frac)
    return x, n_frac


def _plan_value(model: _Model, x: FloatArray) -> float:
    """The model's objective of an integer plan (``x`` on the model's arcs): the chosen arcs'
    scores less the filled slots lost at posts above formation."""
    chosen = x > 0.5
    lost = lost_slots(model.c, model.c.emp_pos[model.arcs.emp[chosen]])
    return float(model.arcs.score[chosen].sum()) - lost


def _network_phase(
    c: Compiled, started: float
) -> tuple[Arcs, FloatArray, list[Notice], list[_GroupStart]]:
    """Steps 1-3 for each family group without unit rows, in ``_group_order``: its blocks are
    scored and its candidates chosen, then its LP is solved and priced to convergence on a worker
    thread while the next group is scored (HiGHS and numpy release the GIL). Returns the arcs
    (priced, all groups), each person's best left-out score, the pin notices and the group
    LPs' optimal bases in the order of the arcs (``_GroupStart``; the solvers themselves are
    freed: on ``one-person-posts`` at 50,000 the process grew from 1.9 to 2.4 GB during the full
    LP with them kept); none when a group's LP does not solve (then the arcs are the first
    candidates and the full LP starts cold)."""
    movers = np.flatnonzero(c.movable)
    order = _group_order(c, movers)
    # keep the scored blocks for pricing, only their eligible pairs (candidates and pricing read
    # them pair by pair: 5-11% of a group's pairs on the demo region)
    sparse = c.blocks is None
    kept_pairs = 0
    complete = True
    left_out = np.full(c.n, -np.inf)
    notices: list[Notice] = []
    firsts: list[Arcs] = []
    kept: Blocks = []

    def run(g: int, arcs: Arcs, left: FloatArray, blocks: Blocks | None) -> _GroupStart | None:
        model = _Model(c, arcs, group=g)
        flow = _FLOW and model.n_rows >= _FLOW_MIN_ROWS and _dense(c, g, blocks)
        priced = flow and _flow_start(model, left, blocks, started)
        if _run(model) != highspy.HighsModelStatus.kOptimal:
            return None
        if not priced:
            _price(model, left, started, blocks, _NETWORK_ROUNDS, share=_NETWORK_SHARE)
        return _GroupStart.of(g, model)

    with ThreadPoolExecutor(max_workers=solver_threads()) as pool:
        futures: list[Future[_GroupStart | None]] = []
        for g in order.tolist():
            emps = movers[c.emp_group[movers] == g]
            _close_dead_ends(c, emps)
            blocks = None
            if sparse and kept_pairs <= SPARSE_PAIRS:
                blocks = score_blocks(c, emps, sparse=True, posts_ok=receiving_posts(c))
                kept_pairs += sum(len(b.scores) for b in blocks if isinstance(b, SparseBlock))
            else:
                complete = False
            # the first group's blocks on every CPU (no group's LP is being solved yet), the
            # others' on this thread alone, beside the worker's LPs (on ``one-person-posts`` the
            # health group's LP is the longest path)
            arcs, left, group_notices = candidate_arcs(c, emps, blocks, None if futures else 1)
            left_out = np.maximum(left_out, left)
            notices += group_notices
            kept += blocks or []
            if len(arcs.emp):
                firsts.append(arcs)
                futures.append(pool.submit(run, g, arcs, left, blocks))
        if sparse and complete:
            c.blocks = kept
        models = [future.result() for future in futures]
    # pins of people who may not move at all (no group of movers has them)
    for e, q in c.goto.items():
        if not c.movable[e]:
            notices.append(Notice(c.emp_ids[e], Rule.PIN, goto_refusal(c, e, q)))
    index = {emp_id: k for k, emp_id in enumerate(c.emp_ids)}
    notices.sort(key=lambda notice: index.get(notice.employee_id, -1))
    networks = [start for start in models if start is not None]
    parts = firsts if len(networks) < len(models) else [start.arcs for start in networks]
    arcs = Arcs(
        np.concatenate([a.emp for a in parts]) if parts else np.zeros(0, np.int64),
        np.concatenate([a.pos for a in parts]) if parts else np.zeros(0, np.int64),
        np.concatenate([a.score for a in parts]) if parts else np.zeros(0),
    )
    if parts is firsts:
        networks = []
    return arcs, left_out, notices, networks


@dataclass
class _Circulation:
    """A group's network LP as a minimum-cost circulation (``_circulation``) and its optimum:
    the arcs in the order people (origin -> person), the model's arcs (person -> post), the
    receiving posts' room (post -> outside) and leavers (outside -> post), the surplus posts'
    free leavers and paid ones (outside -> post, the second is the post's e_p column); the flow
    and the node potentials."""

    tail: IntArray
    head: IntArray
    capacity: IntArray
    cost: IntArray
    flow: IntArray
    level: IntArray  # node potentials (shortest distances in the residual graph)
    sizes: tuple[int, int, int, int]  # people, arcs, receiving posts, surplus posts
    scale: float  # costs are the scores times this, rounded
    pinned: BoolArray  # the people pinned (in the order of the people's arcs)

    def part(self, name: str) -> slice:
        """Where the arcs of one kind are: ``_arc_parts``."""
        return _arc_parts(self.sizes)[name]


def _arc_parts(sizes: tuple[int, int, int, int]) -> dict[str, slice]:
    """The slices of a circulation's arcs by kind, from the counts of people, model arcs,
    receiving posts and surplus posts: "people", "arcs", "room", "leavers", "free", "paid"."""
    n_people, n_arcs, n_recv, n_over = sizes
    lengths = (n_people, n_arcs, n_recv, n_recv, n_over, n_over)
    ends = np.cumsum(lengths).tolist()
    names = ("people", "arcs", "room", "leavers", "free", "paid")
    return {
        name: slice(end - length, end)
        for name, length, end in zip(names, lengths, ends, strict=True)
    }


def _circulation(model: _Model) -> _Circulation:
    """Solve a group's network LP (no unit rows) as a minimum-cost circulation (``flow``).
    Nodes: 0 for "outside" (and every post with no row), one for each row. Arcs: a person's
    (origin post -> person, capacity 1), the model's arcs (person -> post, capacity 1, cost
    -score), a receiving post's room (post -> outside, capacity formation - current) and its
    leavers (outside -> post), a surplus post's leavers (outside -> post: the surplus free,
    beyond it at its sector's weight). A pinned person's own arc is taken out and their move made
    by the nodes' supplies (``FlowError`` when there is no room for it). Scores are scaled to
    integers, as finely as the costs' range allows (``_flow_scale``): the potentials must price
    the LP's arcs within its dual tolerance, or its simplex starts from the tree with thousands
    of dual infeasibilities of 1e-5 (with a scale of 10,000)."""
    c = model.c
    arcs = model.arcs
    people = np.flatnonzero(model.emp_row >= 0)
    recv = np.flatnonzero(model.post_row >= 0)
    over = model.over_posts
    node_of_post = np.zeros(c.m, dtype=np.int64)
    node_of_post[recv] = 1 + model.post_row[recv]
    node_of_post[over] = 1 + model.surplus_row[over]
    n_nodes = 1 + model.n_rows
    big = len(people) + 1
    scores = model.priced_scores(arcs)
    scale = _flow_scale(np.r_[scores, c.pos_sector_w[over]])
    cost = -np.round(scores * scale).astype(np.int64)
    pinned = model.row_lower[model.emp_row[people]] >= 1.0
    room = np.maximum(model.row_upper[model.post_row[recv]], 0.0).astype(np.int64)
    surplus = np.maximum(model.row_upper[model.surplus_row[over]], 0.0).astype(np.int64)
    weight = np.round(c.pos_sector_w[over] * scale).astype(np.int64)
    zero_r, zero_o = np.zeros(len(recv), np.int64), np.zeros(len(over), np.int64)
    tail = np.concatenate(
        [node_of_post[c.emp_pos[people]], 1 + model.emp_row[arcs.emp]]
        + [node_of_post[recv], zero_r, zero_o, zero_o]
    )
    head = np.concatenate(
        [1 + model.emp_row[people], node_of_post[arcs.pos], zero_r, node_of_post[recv]]
        + [node_of_post[over], node_of_post[over]]
    )
    capacity = np.concatenate(
        [(~pinned).astype(np.int64), np.ones(len(arcs.emp), np.int64), room]
        + [np.full(len(recv), big), surplus, np.full(len(over), big)]
    )
    costs = np.concatenate([np.zeros(len(people), np.int64), cost, zero_r, zero_r, zero_o, weight])
    supply = np.zeros(n_nodes, dtype=np.int64)
    np.add.at(supply, tail[: len(people)][pinned], -1)
    supply[head[: len(people)][pinned]] += 1
    flow, _value = min_cost_circulation(supply, tail, head, capacity, costs)
    sizes = (len(people), len(arcs.emp), len(recv), len(over))
    parts = _arc_parts(sizes)
    two_way = np.zeros(len(tail), dtype=bool)
    two_way[parts["people"]] = ~pinned
    two_way[parts["free"]] = True
    level = potentials(n_nodes, tail, head, capacity, costs, flow, two_way)
    return _Circulation(tail, head, capacity, costs, flow, level - level[0], sizes, scale, pinned)


def _flow_scale(values: FloatArray) -> float:
    """The factor from scores to integer costs: ``_FLOW_SCALE``, less where the largest cost
    would pass ``_FLOW_COST_MAX`` (the solver's cost scaling multiplies costs by the nodes)."""
    largest = float(np.abs(values).max(initial=1.0))
    return min(_FLOW_SCALE, _FLOW_COST_MAX / max(largest, 1.0))


def _flow_prices(model: _Model, circ: _Circulation | None = None) -> tuple[FloatArray, float]:
    """Row prices of a group's network LP in the form of ``_Model.prices``, and its value, from
    its minimum-cost circulation (``_circulation``, kept as ``model.circulation``) instead of the
    simplex: with the potentials d, a receiving post's price is -d, a surplus post's d, a
    person's max(0, d - d of their origin post); a pinned person prices no other arc."""
    if circ is None:
        circ = _circulation(model)
        model.circulation = circ
    level = circ.level / circ.scale
    pi = np.zeros(model.n_rows + 1)
    recv_node = circ.head[circ.part("leavers")]
    over_node = circ.head[circ.part("paid")]
    pi[recv_node - 1] = -level[recv_node]
    pi[over_node - 1] = level[over_node]
    person = circ.head[circ.part("people")]
    pi[person - 1] = np.maximum(0.0, level[person] - level[circ.tail[circ.part("people")]])
    pi[person[circ.pinned] - 1] = np.inf
    used = circ.flow[circ.part("arcs")] > 0
    value = float(model.priced_scores(model.arcs)[used].sum())  # the LP's own objective
    value -= float(circ.flow[circ.part("paid")] @ model.c.pos_sector_w[model.over_posts])
    return pi, value


def _flow_bound(model: _Model, extra: float) -> float:
    """A bound of a group's network LP over every eligible pair from the prices of its last
    circulation (``model.circulation``): the dual objective at the prices of posts and surplus
    rows (clipped to what the LP's duals may be) and, for each person, the larger of the
    circulation's price and the largest reduced cost of their arcs in the model (a pinned
    person: the latter), plus ``extra``, what pricing at the circulation's prices found left out.
    Computed in floats from the scores: the integer costs' rounding cannot make it invalid."""
    assert model.circulation is not None
    c = model.c
    pi, _value = _flow_prices(model, model.circulation)
    recv = model.post_row[model.post_row >= 0]
    over = model.over_posts
    surplus = model.surplus_row[over]
    pi[recv] = np.maximum(pi[recv], 0.0)
    pi[surplus] = np.clip(pi[surplus], 0.0, c.pos_sector_w[over])
    arcs = model.arcs
    origin = c.emp_pos[arcs.emp]
    rc = model.priced_scores(arcs) - pi[model.post_row[arcs.pos]]
    rc += pi[model.post_row[origin]] - pi[model.surplus_row[origin]]
    best_arc = np.full(model.n_rows + 1, -np.inf)
    np.maximum.at(best_arc, model.emp_row[arcs.emp], rc)
    people = model.emp_row[model.emp_row >= 0]
    pinned = model.row_lower[people] >= 1.0
    price = np.where(pinned, best_arc[people], np.maximum(best_arc[people], pi[people]))
    value = float(price.sum()) + extra
    value += float(pi[recv] @ model.row_upper[recv])
    value += float(pi[surplus] @ model.row_upper[surplus])
    return value


def _flow_used(model: _Model, given: int) -> Arcs:
    """The arcs priced in after the first ``given`` that the last circulation uses."""
    assert model.circulation is not None
    flow = model.circulation.flow[model.circulation.part("arcs")]
    new = given + np.flatnonzero(flow[given:] > 0)
    return Arcs(model.arcs.emp[new], model.arcs.pos[new], model.arcs.score[new])


def _flow_basis(model: _Model, circ: _Circulation) -> bool:
    """Give the group's LP the optimal basis of its circulation (``circ``, on the model's arcs):
    a spanning tree of the network, which holds every row that is not at its upper bound (a
    person who stays, a post with room, a surplus not used up) and every e_p above zero, then as
    many arcs tight under the potentials as fit, then any (minimum spanning tree on those three
    weights). The LP's row of a node is basic when its arc (the person's, the post's room or
    leavers, the surplus's) is in the tree. False when HiGHS refuses it."""
    t, h, flow = circ.tail, circ.head, circ.flow
    tight = circ.cost + circ.level[t] - circ.level[h] == 0
    n_nodes = 1 + model.n_rows
    people, arc_part, room, leavers, free, paid = _arc_parts(circ.sizes).values()
    forced = np.zeros(len(t), dtype=bool)
    forced[people] = (flow[people] == 0) & ~circ.pinned  # who stays: the row is below 1
    net = flow[room] - flow[leavers]
    forced[room] = net < circ.capacity[room]  # the post's row below its room
    forced[free] = flow[free] < circ.capacity[free]
    forced[paid] = flow[paid] > 0
    weight = np.where(forced, 1.0, np.where(tight, 2.0, 3.0))
    # one edge per pair of nodes (a post's room and leavers, a surplus post's two arcs): the
    # lighter one
    weight[leavers] = np.inf
    weight[people][circ.pinned] = np.inf  # a pinned person's row is at its bounds
    keep_paid = weight[paid] < weight[free]
    weight[free] = np.where(keep_paid, np.inf, weight[free])
    weight[paid] = np.where(keep_paid, weight[paid], np.inf)
    use = np.isfinite(weight)
    graph = sp.coo_matrix((weight[use], (t[use], h[use])), shape=(n_nodes, n_nodes)).tocsr()
    tree = minimum_spanning_tree(graph).tocoo()
    if tree.nnz != n_nodes - 1:
        return False
    keys = np.r_[tree.row * n_nodes + tree.col, tree.col * n_nodes + tree.row]
    in_tree = use & np.isin(t * n_nodes + h, keys)
    status = highspy.HighsBasisStatus
    basic, lower, upper = (int(v) for v in (status.kBasic, status.kLower, status.kUpper))
    col = np.full(model.n_cols, lower, dtype=np.int64)
    col[model.arc_col] = np.where(
        in_tree[arc_part], basic, np.where(flow[arc_part] > 0, upper, lower)
    )
    col[model.e_col] = np.where(in_tree[paid], basic, lower)
    row = np.full(model.n_rows, upper, dtype=np.int64)
    row[h[people] - 1] = np.where(in_tree[people], basic, upper)
    row[h[leavers] - 1] = np.where(in_tree[room], basic, upper)
    row[h[free] - 1] = np.where(in_tree[free], basic, upper)
    return _set_basis(model, col, row)


def _dense(c: Compiled, group: int, blocks: Blocks | None) -> bool:
    """Whether the group's people are eligible for ``_FLOW_DENSITY`` of its posts or more (its
    scored blocks tell; without them, no)."""
    if blocks is None:
        return False
    pairs = sum(len(b.scores) for b in blocks if isinstance(b, SparseBlock))
    people = sum(len(b.emps) for b in blocks)
    posts = int(((c.pos_group == group) & receiving_posts(c)).sum())
    return pairs >= _FLOW_DENSITY * people * max(posts, 1)


def _flow_start(model: _Model, left: FloatArray, blocks: Blocks | None, started: float) -> bool:
    """Steps 2-3 of a group's network LP by its circulation: priced to convergence with the
    circulation's prices (``_price`` with ``flow``), then the LP given the circulation's optimal
    basis (``_flow_basis``) for the primal simplex, which then needs a few dozen iterations
    where the dual simplex re-solved thousands after each round of pricing. True when the LP is
    priced (the circulation's pricing converged), False when the simplex must still price it
    (or solve it from no basis: the circulation had no flow, e.g. a pin with no room)."""
    try:
        rounds, _extra = _price(
            model, left, started, blocks, _NETWORK_ROUNDS, _NETWORK_SHARE, flow=True
        )
    except FlowError as error:
        log.debug("no circulation (%s): the simplex alone", error)
        return False
    assert model.circulation is not None
    if not _flow_basis(model, model.circulation):
        return False
    model.highs.setOptionValue("simplex_strategy", _PRIMAL)
    return rounds < _NETWORK_ROUNDS


def _lagrangian_bound(
    model: _Model,
    pi: FloatArray,
    arcs: Arcs,
    left_out: FloatArray,
    started: float,
    starts: list[_GroupStart],
    threads: int | None = None,
) -> tuple[float, Arcs]:
    """A bound of every plan from prices of the full LP's unit rows (``pi`` in the form of
    ``_Model.prices``, >= 0; the LP's arcs were ``arcs`` then: the LP itself may be solved
    further meanwhile, see ``_early_bound``): the unit
    rows leave the model and their prices go into the arcs' scores (``_Model.unit_prices``),
    and what is left falls apart by family group into network LPs, each over the full LP's arcs
    of its group and priced over every eligible pair of the group (step 3), two at a time:
    ``bound = pi_U . b_U + sum over groups (LP value + what pricing leaves out)`` (Lagrangian
    relaxation of the unit rows; valid for any pi_U >= 0). It is often much tighter than the
    full LP's own bound from pricing, which adds up every person's largest reduced cost under
    the full LP's degenerate duals of people and posts: each group's LP here finds its own.
    Infinity when a group's LP does not solve. Also returns the arcs the groups' LPs priced in
    and use (value above zero): the columns the full LP lacked where the bound does not prove
    its plan."""
    c = model.c
    unit_prices = (pi[model.cap_row], pi[model.floor_row])
    rows = np.r_[model.cap_row[model.cap_row >= 0], model.floor_row[model.floor_row >= 0]]
    bound = float(pi[rows] @ model.row_upper[rows])
    arc_group = c.emp_group[arcs.emp]
    groups = np.unique(arc_group)
    groups = groups[np.argsort(-np.bincount(arc_group)[groups], kind="stable")]
    # the model's arcs are the groups' arcs of step 2 in ``starts`` order, then those priced in
    # since: a group's arcs in the model begin with its step-2 arcs, in their order
    start_of = {start.group: start for start in starts}

    def group_value(g: int) -> tuple[float, Arcs]:
        start = start_of.get(g)
        mine = arc_group == g
        part = _Model(c, Arcs(arcs.emp[mine], arcs.pos[mine], arcs.score[mine]), g, unit_prices)
        given = int(mine.sum())
        left = np.where(part.emp_row >= 0, left_out, -np.inf)  # the group's people only
        if _FLOW and part.n_rows >= _FLOW_MIN_ROWS:
            try:
                _rounds, extra = _price(
                    part, left, started, max_rounds=_NETWORK_ROUNDS, share=_BOUND_SHARE, flow=True
                )
                return _flow_bound(part, extra), _flow_used(part, given)
            except FlowError as error:
                log.debug("group %s: no circulation (%s), the simplex alone", g, error)
        if start:
            _warm_start(part, start)
        if _run(part) != highspy.HighsModelStatus.kOptimal:
            return np.inf, Arcs(arcs.emp[:0], arcs.pos[:0], arcs.score[:0])
        _rounds, extra = _price(part, left, started, max_rounds=_NETWORK_ROUNDS, share=_BOUND_SHARE)
        value = np.asarray(part.highs.getSolution().col_value)[part.arc_col[given:]]
        new = given + np.flatnonzero(value > _INT_TOL)
        used = Arcs(part.arcs.emp[new], part.arcs.pos[new], part.arcs.score[new])
        return -float(part.highs.getInfo().objective_function_value) + extra, used

    with ThreadPoolExecutor(max_workers=threads or solver_threads()) as pool:
        results = list(pool.map(group_value, groups.tolist()))
    bound += sum(value for value, _used in results)
    used = Arcs(
        *(np.concatenate([getattr(a, f) for _v, a in results]) for f in ("emp", "pos", "score"))
    )
    log.debug("Lagrangian bound %.2f: %.2f s", bound, time.perf_counter() - started)
    return bound, used


def _warm_start(part: _Model, start: _GroupStart) -> None:
    """A group's LP of the Lagrangian bound starts from its optimal basis of step 2, the arcs
    priced in since at zero: primal feasible (the rows are the same), no longer dual feasible
    (the unit prices changed the scores). Still the dual simplex: on the 50,000 demo's health
    group 17,100 iterations in 5.3 s, against 8,700 primal in 7.7 s and 47,700 dual from no
    basis in 7.1 s."""
    col = np.full(part.n_cols, int(highspy.HighsBasisStatus.kLower), dtype=np.int64)
    col[part.arc_col[: len(start.arc_status)]] = start.arc_status
    col[part.e_col] = start.e_status
    _set_basis(part, col, start.row_status)
    part.highs.setOptionValue("simplex_strategy", _DUAL)


def _group_order(c: Compiled, movers: IntArray) -> IntArray:
    """The family groups of ``movers``, the one with the most eligible pairs first (estimated from
    up to ``_SAMPLE`` of its people): the LPs that take longest start first. Those are the dense
    groups, not the largest: on the demo region the health group (people eligible for 76% of its
    posts) needs 9 pricing rounds, the teachers' group (twice the people, 5%) fewer."""
    sizes = np.bincount(c.emp_group[movers])
    groups = np.flatnonzero(sizes)
    estimate = np.zeros(len(sizes))
    open_ = receiving_posts(c)
    for g in groups.tolist():
        mine = movers[c.emp_group[movers] == g]
        posts = np.flatnonzero((c.pos_group == g) & open_)
        if len(posts) == 0:
            continue
        sample = mine[:: max(1, len(mine) // _SAMPLE)][:_SAMPLE]
        share = float(pair_eligible(c, sample, posts).mean())
        estimate[g] = share * len(mine) * len(posts)
    order: IntArray = groups[np.lexsort((-sizes[groups], -estimate[groups]))]
    return order


def _combined_basis(full: _Model, parts: list[_GroupStart]) -> tuple[IntArray, IntArray]:
    """The basis (column and row status) of the full LP made of the group LPs' optimal bases (in
    ``parts`` order, the order of ``full``'s arcs), with the unit rows' slacks basic: dual
    feasible, and primal infeasible only where a unit's cap or floor is broken, which the dual
    simplex then repairs."""
    col = np.full(full.n_cols, int(highspy.HighsBasisStatus.kLower), dtype=np.int64)
    row = np.full(full.n_rows, int(highspy.HighsBasisStatus.kBasic), dtype=np.int64)
    offset = 0
    for part in parts:
        a = len(part.arcs.emp)
        col[full.arc_col[offset : offset + a]] = part.arc_status
        offset += a
        where = np.searchsorted(full.over_posts, part.over_posts)
        col[full.e_col[where]] = part.e_status
        for full_rows, part_rows in (
            (full.emp_row, part.emp_row),
            (full.post_row, part.post_row),
            (full.surplus_row, part.surplus_row),
        ):
            mine = np.flatnonzero(part_rows >= 0)
            row[full_rows[mine]] = part.row_status[part_rows[mine]]
    return col, row


def _price(
    model: _Model,
    left_out: FloatArray,
    started: float,
    blocks: Blocks | None = None,
    max_rounds: int = _PRICING_ROUNDS,
    share: float = 0.5,
    flow: bool = False,
) -> tuple[int, float]:
    """Step 3: add the left-out arcs that price positive and re-solve, until none does or the
    remaining bound is within ``share`` of the gap tolerance. Returns the rounds and the extra bound
    (sum over people of their largest positive reduced cost left out). With ``flow`` (a group's
    network LP only) the prices come from its minimum-cost circulation (``_flow_prices``) and the
    arcs priced in are only added: the LP itself is not solved."""
    c = model.c
    rounds = 0
    extra_bound = 0.0
    for rounds in range(1, max_rounds + 1):
        if flow:
            pi, lp_now = _flow_prices(model)
        else:
            pi = model.prices()
            lp_now = -float(model.highs.getInfo().objective_function_value)
        floor_in = float(model.unit_terms(pi)[1].max(initial=0.0))
        cheap = left_out - pi[model.emp_row] + pi[model.post_row[c.emp_pos]] + floor_in
        suspects = np.flatnonzero(cheap > _PRICE_TOL)
        if len(suspects) == 0:
            extra_bound = 0.0
            break
        new_e, new_q, new_s, best = _price_exactly(model, pi, suspects, blocks)
        extra_bound = float(np.maximum(best, 0.0).sum())
        log.debug(
            "%s: %s suspects, %s arcs priced in, LP %.2f, extra bound %.2f (%.4f%%)",
            "flow pricing" if flow else "pricing",
            len(suspects),
            len(new_e),
            lp_now,
            extra_bound,
            100 * extra_bound / max(abs(lp_now), 1.0),
        )
        close_enough = extra_bound <= share * c.policy.gap_tolerance * max(abs(lp_now), 1.0)
        out_of_time = time.perf_counter() - started > 0.5 * c.policy.time_limit_seconds
        if len(new_e) == 0 or rounds == max_rounds or close_enough or out_of_time:
            break
        if flow:
            model.add_arcs(new_e, new_q, new_s)
            continue
        # a few new columns: the primal simplex from the last optimal basis, which stays primal
        # feasible (the dual simplex took as many iterations as a first solve to take in 65
        # arcs: the 50,000 demo's teachers' group, 21,000 iterations against 66-993). Not for
        # many: a primal iteration prices every column (the 50,000 demo's full LP taking in
        # 15,900 arcs: 11,500 primal iterations in 26.5 s against 49,800 dual in 24 s)
        few = len(new_e) <= min(_PRIMAL_SHARE * (model.n_cols + len(new_e)), _PRIMAL_MAX)
        _solve_with(model, Arcs(new_e, new_q, new_s), _PRIMAL if few else _DUAL)
    return rounds, extra_bound


def _run(model: _Model) -> highspy.HighsModelStatus:
    started, cpu = time.perf_counter(), time.thread_time()
    model.highs.run()
    log.debug(
        "LP %s rows x %s cols: %.2f s (%.2f s CPU of this thread), %s iterations",
        model.n_rows,
        model.n_cols,
        time.perf_counter() - started,
        time.thread_time() - cpu,
        model.highs.getInfo().simplex_iteration_count,
    )
    status = model.highs.getModelStatus()
    model.dual_feasible = status == highspy.HighsModelStatus.kOptimal
    return status


def _price_exactly(
    model: _Model, pi: FloatArray, suspects: IntArray, blocks: Blocks | None = None
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """Reduced costs of every eligible arc of ``suspects`` not in the model (pair by pair, only
    the eligible pairs). Returns the arcs with positive reduced cost (at most ``candidate_arcs``
    per person) and each person's largest one."""
    c = model.c
    arcs = model.arcs
    best = np.zeros(c.n)
    out_e: list[IntArray] = []
    out_q: list[IntArray] = []
    out_s: list[FloatArray] = []
    per_person = c.policy.candidate_arcs
    in_model = np.zeros(c.n, dtype=bool)
    in_model[arcs.emp] = True
    arc_order = np.argsort(arcs.emp, kind="stable")
    arc_emp, arc_pos = arcs.emp[arc_order], arcs.pos[arc_order]
    unit_leave, unit_arrive = model.unit_terms(pi)
    # a group's network LP has no unit rows (nor fixed unit prices): no unit terms to add
    units = bool(unit_leave.any() or unit_arrive.any())
    for whole in iter_sparse_blocks(c, suspects, blocks, receiving_posts(c)):
        for offset, block in _row_runs(whole, _SEGMENT_CELLS):
            emps, posts = block.emps, block.posts
            if len(block.indices) == 0:
                continue
            counts = np.diff(block.indptr)
            row = block.row_of_entry()
            col = block.indices
            origin = c.emp_pos[emps]
            row_term = -pi[model.emp_row[emps]] + pi[model.post_row[origin]]
            row_term -= pi[model.surplus_row[origin]]
            # a row's term repeated over its stored pairs (a copy, where indexing gathered)
            rc = block.scores + np.repeat(row_term, counts) - pi[model.post_row[posts]][col]
            if units:
                ou, du = c.pos_unit[origin], c.pos_unit[posts]
                leave, arrive = unit_leave[ou], unit_arrive[du]
                cross = np.repeat(ou, counts) != du[col]
                rc += cross * (arrive[col] - np.repeat(leave, counts))
            rc[_model_entries(block, arc_emp, arc_pos, in_model)] = -np.inf  # not "left out"
            filled = counts > 0
            row_best = np.full(len(emps), -np.inf)
            row_best[filled] = np.maximum.reduceat(rc, block.indptr[:-1][filled])
            best[emps] = np.maximum(0.0, row_best)
            good = np.flatnonzero(rc > _PRICE_TOL)
            # equal reduced costs (frequent: degenerate duals) go by a hash of the pair, not by
            # post: else every person would take the same lowest-numbered posts of a tie, and those
            # posts alone would get arcs (on ``one-person-posts``: 4x the simplex iterations)
            key = rc[good] - _pair_hash(row[good] + offset, col[good]) * _TIE_STEP
            counts = np.bincount(row[good], minlength=len(emps))
            chosen = good[_top_in_segments(key, counts, per_person)]
            out_e.append(emps[row[chosen]])
            out_q.append(posts[col[chosen]])
            out_s.append(np.asarray(block.scores[chosen], dtype=np.float64))
    if not out_e:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), best
    return np.concatenate(out_e), np.concatenate(out_q), np.concatenate(out_s), best


def _row_runs(block: SparseBlock, cells: int) -> Iterator[tuple[int, SparseBlock]]:
    """``block`` in runs of whole rows of about ``cells`` stored pairs each (views, no copies),
    each with the block's row where it begins: the pricing's arrays of a dense block's pairs are
    then tens of MB at a time, not hundreds (a block of the 50,000 ``one-person-posts`` health
    group holds about 6 million pairs)."""
    rows = len(block.emps)
    first = 0
    while first < rows:
        start = int(block.indptr[first])
        last = int(np.searchsorted(block.indptr, start + cells, side="right")) - 1
        last = min(rows, max(last, first + 1))
        end = int(block.indptr[last])
        yield (
            first,
            SparseBlock(
                block.emps[first:last],
                block.posts,
                block.indptr[first : last + 1] - start,
                block.indices[start:end],
                block.scores[start:end],
            ),
        )
        first = last


def _top_in_segments(values: FloatArray, counts: IntArray, k: int) -> IntArray:
    """Where the ``k`` largest ``values`` of each segment are (segments of ``counts`` values one
    after the other; ties at the k-th may give a few more). A segment longer than k is laid out
    as a row of a matrix, a few hundred thousand values at a time, and its k-th largest found by
    partition: linear, where sorting every value by (segment, value) took most of the pricing's
    time in dense groups (the 50,000 ``one-person-posts`` health group: millions of positive
    reduced costs a round)."""
    starts = np.cumsum(counts) - counts
    threshold = np.full(len(counts), -np.inf)
    long = np.flatnonzero(counts > k)
    # the longest first, so that a matrix's rows are about as long as its widest (in the order
    # of the people a few long segments made every matrix wide: mostly padding to partition)
    long = long[np.argsort(-counts[long], kind="stable")]
    first = 0
    while first < len(long):
        width = int(counts[long[first]])
        rows = long[first : first + max(1, _SEGMENT_CELLS // width)]
        first += len(rows)
        lengths = counts[rows]
        local = np.repeat(np.arange(len(rows)), lengths)
        slot = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        matrix = np.full((len(rows), width), -np.inf)
        matrix[local, slot] = values[starts[rows][local] + slot]
        threshold[rows] = np.partition(matrix, width - k, axis=1)[:, width - k]
    segment = np.repeat(np.arange(len(counts)), counts)
    found: IntArray = np.flatnonzero(values >= threshold[segment])
    return found


def _model_entries(
    block: SparseBlock, arc_emp: IntArray, arc_pos: IntArray, has_arc: BoolArray
) -> IntArray:
    """Where in ``block``'s stored pairs the model's arcs are (``arc_emp`` sorted, ``has_arc``
    marks who has one). The pairs are stored row by row, columns ascending: each arc is found by
    a binary search within its row, all arcs at once, not by a key for every pair (millions a
    round in a dense group)."""
    with_arcs = np.flatnonzero(has_arc[block.emps])
    emps = block.emps[with_arcs]
    lo = np.searchsorted(arc_emp, emps, side="left")
    hi = np.searchsorted(arc_emp, emps, side="right")
    counts = hi - lo
    take = np.repeat(hi - np.cumsum(counts), counts) + np.arange(counts.sum())
    rows = np.repeat(with_arcs, counts)
    posts = block.posts
    cols = np.searchsorted(posts, arc_pos[take])
    ok = (cols < len(posts)) & (posts[np.minimum(cols, len(posts) - 1)] == arc_pos[take])
    rows, cols = rows[ok], cols[ok]
    stored = block.indices
    if len(stored) == 0 or len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    first, end = block.indptr[rows], block.indptr[rows + 1]
    widest = int((end - first).max(initial=0))
    for _ in range(max(1, widest).bit_length()):  # lower bound of each column in its row
        mid = (first + end) // 2
        more = (first < end) & (stored[np.minimum(mid, len(stored) - 1)] < cols)
        end = np.where((first < end) & ~more, mid, end)
        first = np.where(more, mid + 1, first)
    at = np.minimum(first, len(stored) - 1)
    found: IntArray = at[(first < block.indptr[rows + 1]) & (stored[at] == cols)]
    return found


def _integer_repair(model: _Model, x: FloatArray, frac: np.ndarray) -> FloatArray:
    """Step 5: fix everybody away from the fractional part, solve the rest as a MILP. The free
    part: people with a fractional arc, and everybody who could move into or out of a post such an
    arc touches (their choices are what the rounding trades against)."""
    arcs = model.arcs
    h = model.highs
    a = len(arcs.emp)
    c = model.c
    touched = np.unique(np.concatenate([arcs.pos[frac], c.emp_pos[arcs.emp[frac]]]))
    near = np.isin(arcs.pos, touched) | np.isin(c.emp_pos[arcs.emp], touched)
    people = np.unique(np.concatenate([arcs.emp[frac], arcs.emp[near]]))
    if len(people) > _REPAIR_PEOPLE:  # keep the MILP small: only the fractional people
        people = np.unique(arcs.emp[frac])
    free = np.isin(arcs.emp, people)
    # first only the arcs the LP prices near to being used (the others stay at 0), then all
    reduced = np.asarray(model.highs.getSolution().col_dual)[model.arc_col]
    near_used = free & ((x > _INT_TOL) | (reduced <= _REPAIR_REDUCED))
    sub = _sub_milp(model, x, near_used)
    if sub is not None:
        free = near_used
    else:
        sub = _sub_milp(model, x, free)
    if sub is not None:
        result: FloatArray = np.round(x)
        result[free] = sub
        return result
    # nothing found in time: the whole reduced model as a MILP within the time limit
    cols = model.arc_col.astype(np.int32)
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("time_limit", h.getRunTime() + 0.5 * c.policy.time_limit_seconds)
    h.changeColsIntegrality(a, cols, np.full(a, highspy.HighsVarType.kInteger))
    model.is_milp = True
    h.run()
    if h.getInfo().primal_solution_status != 2:
        raise SolveError(Message("no_integer_plan", seconds=c.policy.time_limit_seconds))
    sol = np.asarray(h.getSolution().col_value)[model.arc_col]
    whole: FloatArray = np.round(sol)
    return whole


def _sub_milp(model: _Model, x: FloatArray, free: np.ndarray) -> FloatArray | None:
    """The MILP of the ``free`` arcs alone, everybody else fixed at ``x``: only the rows those
    arcs touch, their bounds less what the fixed arcs use. A model of its own, so HiGHS does not
    presolve the whole LP again. The values of the free arcs, or None when it finds none."""
    lp = model.highs.getLp()
    n_rows, n_cols = model.n_rows, model.n_cols
    matrix = sp.csc_matrix(
        (
            np.asarray(lp.a_matrix_.value_),
            np.asarray(lp.a_matrix_.index_),
            np.asarray(lp.a_matrix_.start_),
        ),
        shape=(n_rows, n_cols),
    )
    values = np.round(np.asarray(model.highs.getSolution().col_value))  # e_p, y_i as in the LP
    values[model.arc_col] = np.round(x)
    free_col = np.zeros(n_cols, dtype=bool)
    free_col[model.arc_col[free]] = True
    # the other columns (e_p) that touch those rows are free (continuous) there too, and
    # the rows they touch join the sub-model
    in_rows = np.zeros(n_rows, dtype=bool)
    in_rows[matrix[:, free_col].indices] = True
    aux = np.ones(n_cols, dtype=bool)
    aux[model.arc_col] = False
    aux_cols = np.flatnonzero(aux)
    touching = matrix[:, aux_cols].multiply(in_rows[:, None]).tocsc()
    touching.eliminate_zeros()
    free_col[aux_cols[np.diff(touching.indptr) > 0]] = True
    in_rows[matrix[:, free_col].indices] = True
    rows = np.flatnonzero(in_rows)
    used = matrix[:, ~free_col] @ values[~free_col]
    sub = matrix[rows][:, free_col].tocsc()
    cols = np.flatnonzero(free_col)
    integer = np.isin(cols, model.arc_col)
    h = _QuietHighs()  # type: ignore[no-untyped-call]
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("time_limit", max(5.0, 0.05 * model.c.policy.time_limit_seconds))
    sub_lp = highspy.HighsLp()
    sub_lp.num_col_ = len(cols)
    sub_lp.num_row_ = len(rows)
    sub_lp.col_cost_ = np.asarray(lp.col_cost_)[cols]
    sub_lp.col_lower_ = np.asarray(lp.col_lower_)[cols]
    sub_lp.col_upper_ = np.asarray(lp.col_upper_)[cols]
    sub_lp.row_lower_ = np.asarray(lp.row_lower_)[rows] - used[rows]
    sub_lp.row_upper_ = np.asarray(lp.row_upper_)[rows] - used[rows]
    sub_lp.integrality_ = [
        highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
        for flag in integer.tolist()
    ]
    sub_lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    sub_lp.a_matrix_.start_ = sub.indptr
    sub_lp.a_matrix_.index_ = sub.indices
    sub_lp.a_matrix_.value_ = sub.data
    h.passModel(sub_lp)
    started = time.perf_counter()
    h.run()
    log.debug(
        "sub-MILP %s rows x %s cols: %.3f s, %s nodes",
        len(rows),
        len(cols),
        time.perf_counter() - started,
        h.getInfo().mip_node_count,
    )
    if h.getInfo().primal_solution_status != 2:
        return None
    solution = np.asarray(h.getSolution().col_value)
    position = np.full(n_cols, -1)
    position[cols] = np.arange(len(cols))
    result: FloatArray = np.round(solution[position[model.arc_col[free]]])
    return result
