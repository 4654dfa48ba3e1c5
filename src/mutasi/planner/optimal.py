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
1. Candidate arcs (``eligibility.iter_blocks``): for each movable person the eligible posts of the
   family group; keep the top ``Policy.candidate_arcs`` by score, every eligible post they ranked,
   and their GOTO pin; and for each post its ``_POST_ARCS`` best-scoring people. Remember each
   person's best score outside their own top (an upper bound of what is left out).
2. Solve the LP relaxation of the reduced model with HiGHS (dual simplex).
3. Pricing (column generation, Dantzig-Wolfe style): with the LP duals, the reduced cost of every
   arc left out is bounded by (best score left out) - (dual of the person) + (dual of the origin
   post) + (largest priority-floor dual). Where that bound is positive the arcs are priced
   exactly and those with positive reduced cost are added (the best ``candidate_arcs`` a person
   per round: fewer columns keep each warm-started re-solve cheaper); the LP is re-solved (up to
   ``_PRICING_ROUNDS`` times). Raising each person's dual by their largest remaining positive
   reduced cost gives a feasible dual of the *full* model, so
   ``bound = LP value + sum_i max(0, max reduced cost of i's left-out arcs)`` is a proven upper
   bound for every plan obeying the rules (not only those on candidate arcs).
4. Integer plan: the LP solution of this network-with-side-constraints model is almost integral;
   the fractional part (people with a fractional arc, plus everybody who could enter or leave the
   posts those arcs touch, up to ``_REPAIR_PEOPLE``) is re-solved as a small MILP (HiGHS
   branch-and-cut) with everybody else fixed, and, if that finds nothing, the whole reduced model
   as a MILP within the time limit.
5. The objective is recomputed from the final assignment (``outcome.objective``), never taken
   from the solver; gap = (bound - objective) / bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import scipy.sparse as sp

from mutasi.planner.eligibility import Compiled, FloatArray, IntArray, cache_blocks, iter_blocks
from mutasi.planner.model import Notice, Rule

_PRICING_ROUNDS = 20
_PRICE_TOL = 1e-7
_INT_TOL = 1e-6
_REPAIR_PEOPLE = 300  # largest neighbourhood re-solved as a MILP in step 4
_POST_ARCS = 20  # step 1: also each post's best-scoring candidates (see ``candidate_arcs``)


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


def candidate_arcs(c: Compiled) -> tuple[Arcs, FloatArray, list[Notice]]:
    """Step 1. Returns the arcs, each employee's best left-out score (-inf if none), and notices
    for GOTO pins that cannot be followed."""
    k = c.policy.candidate_arcs
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
    for block in iter_blocks(c):
        score = block.score
        rows, cols = score.shape
        keep = np.zeros_like(block.eligible)
        if cols > k:
            top = np.argpartition(-score, k - 1, axis=1)[:, :k]
            np.put_along_axis(keep, top, True, axis=1)
        else:
            keep[:] = True
        keep &= block.eligible
        col_of = {q: j for j, q in enumerate(block.posts.tolist())}
        for row, e in enumerate(block.emps.tolist()):
            target = c.goto.get(e)
            if target is not None:
                keep[row] = False
                j = col_of.get(target)
                if j is not None and block.eligible[row, j]:
                    keep[row, j] = True
                    goto_ok.add(e)
                continue
            for q in c.prefs.get(e, ()):
                j = col_of.get(q, -1) if q >= 0 else -1
                if j >= 0 and block.eligible[row, j]:
                    keep[row, j] = True
        rest = np.where(keep, -np.inf, score)
        left_out[block.emps] = rest.max(axis=1)
        kept_rows, kept_cols = np.nonzero(keep)
        emp_parts.append(block.emps[kept_rows])
        pos_parts.append(block.posts[kept_cols])
        score_parts.append(np.asarray(score[kept_rows, kept_cols], dtype=np.float64))
        if per_post and rows > 0:
            # the post's side: its best-scoring people (not pinned, not already kept). Without
            # them whole regions of posts had no arc, got a zero dual in the first LP and pricing
            # needed many rounds; the scores left out stay an upper bound (``left_out``).
            pinned = np.isin(block.emps, goto_emps)
            free_score = np.where(pinned[:, None] | keep, -np.inf, score)
            r = min(per_post, rows)
            top = np.argpartition(-free_score, r - 1, axis=0)[:r]
            top_s = np.take_along_axis(free_score, top, axis=0)
            ok_r, ok_c = np.nonzero(np.isfinite(top_s))
            col_e.append(block.emps[top[ok_r, ok_c]])
            col_q.append(block.posts[ok_c])
            col_s.append(np.asarray(top_s[ok_r, ok_c], dtype=np.float64))
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
    for e, q in sorted(c.goto.items()):
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
    refused = np.array(sorted(set(c.goto) - goto_ok), dtype=np.int64)
    if len(refused):
        keep_arc = ~np.isin(arcs.emp, refused)
        arcs = Arcs(arcs.emp[keep_arc], arcs.pos[keep_arc], arcs.score[keep_arc])
    return arcs, left_out, notices


def goto_refusal(c: Compiled, e: int, q: int) -> str:
    """Why a GOTO pin of employee ``e`` to post ``q`` cannot be honoured (Indonesian)."""
    from mutasi.planner.check import pair_problems

    code = c.problem.positions[q].code
    if not c.movable[e]:
        return f"Penguncian ke jabatan {code} tidak dapat dipenuhi: {c.immobile_reason[e]}."
    problems = pair_problems(c.problem, c.policy, c.problem.employees[e], c.problem.positions[q])
    if c.formation[q] <= c.current[q]:
        problems.append(
            f"jabatan tujuan tidak punya ruang formasi (formasi {int(c.formation[q])}, "
            f"terisi {int(c.current[q])})"
        )
    if q == c.emp_pos[e]:
        problems.append("jabatan itu adalah jabatannya sekarang")
    text = "; ".join(problems) or "tidak ada ruang dalam batas aturan"
    return f"Penguncian ke jabatan {code} tidak dapat dipenuhi: {text}."


class _Model:
    """The LP of the reduced model, rows and columns kept as index maps for pricing."""

    def __init__(self, c: Compiled, arcs: Arcs) -> None:
        self.c = c
        n, m = c.n, c.m
        n_units = len(c.unit_ids)
        origin = c.emp_pos[arcs.emp]
        o_unit = c.pos_unit[origin]
        d_unit = c.pos_unit[arcs.pos]
        cross = o_unit != d_unit
        # Rows exist for everything an arc could touch, also arcs added later by pricing.
        movers = np.flatnonzero(c.movable)
        row = 0
        self.emp_row = np.full(n, -1)
        people = movers
        self.emp_row[people] = np.arange(len(people))
        row += len(people)
        self.post_row = np.full(m, -1)
        recv = np.flatnonzero(c.accepts)
        self.post_row[recv] = row + np.arange(len(recv))
        row += len(recv)
        self.surplus_row = np.full(m, -1)
        over = np.unique(c.emp_pos[movers][c.overstaffed[c.emp_pos[movers]]])
        self.surplus_row[over] = row + np.arange(len(over))
        row += len(over)
        # unit rows only where more people could leave than the cap (or the floor) allows
        cap = c.departure_cap()
        could_leave = np.bincount(c.emp_unit[movers], minlength=n_units)
        cap_units = np.flatnonzero(could_leave > cap)
        self.cap_row = np.full(n_units, -1)
        self.cap_row[cap_units] = row + np.arange(len(cap_units))
        row += len(cap_units)
        surplus_u = np.maximum(0, c.unit_staff - c.unit_formation)
        floor_units = np.flatnonzero(c.unit_priority & (could_leave > surplus_u))
        self.floor_row = np.full(n_units, -1)
        self.floor_row[floor_units] = row + np.arange(len(floor_units))
        row += len(floor_units)
        self.n_rows = row
        self.over_posts = over
        self.arcs = arcs

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
        cost = np.concatenate([-arcs.score, c.pos_sector_w[over]])  # HiGHS minimises
        self.n_cols = a + n_e
        self.arc_col = np.arange(a)  # HiGHS column of each arc (added arcs come after e_p)
        self.highs = _QuietHighs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("time_limit", float(c.policy.time_limit_seconds))
        # parallel dual simplex (PAMI): the same iterations, spread over the cores (50,000: first
        # LP 27 s -> 18 s wall on 2 cores)
        self.highs.setOptionValue("parallel", "on")
        self.highs.setOptionValue("simplex_strategy", 2)
        lp = highspy.HighsLp()
        lp.num_col_ = a + n_e
        lp.num_row_ = row
        lp.col_cost_ = cost
        lp.col_lower_ = np.zeros(a + n_e)
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

    def prices(self) -> FloatArray:
        """Row duals as non-negative prices of the maximisation (pi = -HiGHS row dual)."""
        return -np.asarray(self.highs.getSolution().row_dual, dtype=np.float64)

    def reduced_costs(
        self, pi: FloatArray, e: IntArray, q: IntArray, score: FloatArray
    ) -> FloatArray:
        """Reduced cost (maximisation) of arcs e -> q with the given scores."""
        c = self.c
        pad = np.append(pi, 0.0)  # row index -1 -> price 0

        def price(rows: IntArray) -> FloatArray:
            return pad[np.where(rows >= 0, rows, len(pi))]

        origin = c.emp_pos[e]
        ou, du = c.pos_unit[origin], c.pos_unit[q]
        cross = ou != du
        rc = score - price(self.emp_row[e]) - price(self.post_row[q])
        rc = rc + price(self.post_row[origin]) - price(self.surplus_row[origin])
        rc = rc - cross * (price(self.cap_row[ou]) + price(self.floor_row[ou]))
        rc = rc + cross * price(self.floor_row[du])
        result: FloatArray = rc
        return result


def solve_optimal(c: Compiled) -> OptimalResult:
    arcs, left_out, notices = candidate_arcs(c)
    pin_notices = list(notices)
    if len(arcs.emp) == 0:
        return OptimalResult(c.emp_pos.copy(), 0.0, 0.0, 0, 0, pin_notices, 0.0, 0)
    started = time.perf_counter()
    model = _Model(c, arcs)
    status = _run(model)
    if status == highspy.HighsModelStatus.kInfeasible and c.goto:
        # GOTO pins make the model infeasible: follow them only where possible, say which not
        for e in c.goto:
            if model.emp_row[e] >= 0:
                model.highs.changeRowBounds(int(model.emp_row[e]), -np.inf, 1.0)
        status = _run(model)
        soft_pins = True
    else:
        soft_pins = False
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(
            f"Perencanaan tidak selesai dalam batas waktu {c.policy.time_limit_seconds:g} detik "
            f"({model.highs.modelStatusToString(status)}); naikkan 'time_limit_seconds'."
        )

    # Step 3: pricing of the arcs left out
    rounds = 0
    in_model = set(zip(arcs.emp.tolist(), arcs.pos.tolist(), strict=True))
    extra_bound = 0.0
    for rounds in range(1, _PRICING_ROUNDS + 1):
        pi = model.prices()
        floor_in = float(pi[model.floor_row[model.floor_row >= 0]].max(initial=0.0))
        pad = np.append(pi, 0.0)
        emp_p = pad[np.where(model.emp_row >= 0, model.emp_row, len(pi))]
        origin_row = model.post_row[c.emp_pos]
        origin_p = pad[np.where(origin_row >= 0, origin_row, len(pi))]
        cheap = left_out - emp_p + origin_p + floor_in
        suspects = np.flatnonzero(cheap > _PRICE_TOL)
        if len(suspects) == 0:
            extra_bound = 0.0
            break
        new_e, new_q, new_s, best = _price_exactly(model, pi, suspects, in_model)
        extra_bound = float(np.maximum(best, 0.0).sum())
        lp_now = -float(model.highs.getInfo().objective_function_value)
        close_enough = extra_bound <= 0.5 * c.policy.gap_tolerance * max(abs(lp_now), 1.0)
        out_of_time = time.perf_counter() - started > 0.5 * c.policy.time_limit_seconds
        if len(new_e) == 0 or rounds == _PRICING_ROUNDS or close_enough or out_of_time:
            break
        starts, idx, val = model.column(new_e, new_q)
        model.highs.addCols(
            len(new_e),
            -new_s,
            np.zeros(len(new_e)),
            np.ones(len(new_e)),
            len(idx),
            starts,
            idx,
            val,
        )
        model.arc_col = np.concatenate([model.arc_col, model.n_cols + np.arange(len(new_e))])
        model.n_cols += len(new_e)
        arcs = Arcs(
            np.concatenate([arcs.emp, new_e]),
            np.concatenate([arcs.pos, new_q]),
            np.concatenate([arcs.score, new_s]),
        )
        model.arcs = arcs
        in_model.update(zip(new_e.tolist(), new_q.tolist(), strict=True))
        status = _run(model)
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"Perencanaan gagal: {model.highs.modelStatusToString(status)}")
    lp_value = -float(model.highs.getInfo().objective_function_value)
    # float32 scores of the cached blocks: each person's arc may be off by one float32 ulp
    rounding = 2 * float(np.abs(arcs.score).max(initial=0.0)) * 2.0**-23 * len(np.unique(arcs.emp))
    bound: float | None = lp_value + extra_bound + rounding
    if soft_pins:
        bound = None  # the pins were relaxed: the bound would not be of the pinned problem
    seconds_lp = time.perf_counter() - started

    # Step 4: integer plan
    x = np.asarray(model.highs.getSolution().col_value)[model.arc_col]
    frac = (x > _INT_TOL) & (x < 1 - _INT_TOL)
    n_frac = int(frac.sum())
    if n_frac:
        x = _integer_repair(model, x, frac)
    chosen = x > 0.5
    final_pos = c.emp_pos.copy()
    final_pos[arcs.emp[chosen]] = arcs.pos[chosen]
    if soft_pins:
        for e, q in c.goto.items():
            if model.emp_row[e] >= 0 and final_pos[e] != q:
                code = c.problem.positions[q].code
                pin_notices.append(
                    Notice(
                        c.emp_ids[e],
                        Rule.PIN,
                        f"Penguncian ke jabatan {code} tidak dapat dipenuhi bersama aturan lain "
                        "(formasi tujuan penuh, batas 25% keberangkatan unit, atau sektor "
                        "prioritas yang tidak boleh berkurang).",
                    )
                )
    return OptimalResult(
        final_pos, bound, lp_value, len(arcs.emp), rounds, pin_notices, seconds_lp, n_frac
    )


def _run(model: _Model) -> highspy.HighsModelStatus:
    model.highs.run()
    return model.highs.getModelStatus()


def _price_exactly(
    model: _Model, pi: FloatArray, suspects: IntArray, in_model: set[tuple[int, int]]
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """Reduced costs of every eligible arc of ``suspects`` not in the model. Returns the arcs with
    positive reduced cost (at most ``candidate_arcs`` per person) and each person's largest one."""
    c = model.c
    arcs = model.arcs
    pad = np.append(pi, 0.0)

    def price(rows: IntArray) -> FloatArray:
        result: FloatArray = pad[np.where(rows >= 0, rows, len(pi))]
        return result

    best = np.zeros(c.n)
    out_e: list[IntArray] = []
    out_q: list[IntArray] = []
    out_s: list[FloatArray] = []
    per_person = c.policy.candidate_arcs
    row_of = np.full(c.n, -1)
    for block in iter_blocks(c, suspects):
        emps, posts = block.emps, block.posts
        origin = c.emp_pos[emps]
        ou, du = c.pos_unit[origin], c.pos_unit[posts]
        cross = ou[:, None] != du[None, :]
        rc = block.score - price(model.emp_row[emps])[:, None] - price(model.post_row[posts])
        rc += (price(model.post_row[origin]) - price(model.surplus_row[origin]))[:, None]
        rc -= cross * (price(model.cap_row[ou]) + price(model.floor_row[ou]))[:, None]
        rc += cross * price(model.floor_row[du])[None, :]
        # arcs already in the model are not "left out"
        row_of[emps] = np.arange(len(emps))
        sel = np.flatnonzero(row_of[arcs.emp] >= 0)
        sel = sel[np.isin(arcs.emp[sel], emps)]
        cols = np.searchsorted(posts, arcs.pos[sel])
        ok = (cols < len(posts)) & (posts[np.minimum(cols, len(posts) - 1)] == arcs.pos[sel])
        rc[row_of[arcs.emp[sel[ok]]], cols[ok]] = -np.inf
        row_of[emps] = -1
        best[emps] = np.maximum(0.0, rc.max(axis=1))
        k = min(per_person, rc.shape[1])
        top = np.argpartition(-rc, k - 1, axis=1)[:, :k]
        top_rc = np.take_along_axis(rc, top, axis=1)
        r, j = np.nonzero(top_rc > _PRICE_TOL)
        out_e.append(emps[r])
        out_q.append(posts[top[r, j]])
        out_s.append(np.asarray(block.score[r, top[r, j]], dtype=np.float64))
    del in_model
    if not out_e:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), best
    return np.concatenate(out_e), np.concatenate(out_q), np.concatenate(out_s), best


def _integer_repair(model: _Model, x: FloatArray, frac: np.ndarray) -> FloatArray:
    """Step 4: fix everybody away from the fractional part, solve the rest as a MILP. The free
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
    fixed = np.flatnonzero(~free)
    values = np.round(x[fixed])
    cols = model.arc_col.astype(np.int32)
    h.changeColsBounds(len(fixed), cols[fixed], values, values)
    free_idx = cols[np.flatnonzero(free)]
    h.changeColsIntegrality(
        len(free_idx), free_idx, np.full(len(free_idx), highspy.HighsVarType.kInteger)
    )
    h.setOptionValue("mip_rel_gap", 1e-6)
    # its own time: a few seconds beyond what the LP used (HiGHS counts time per instance)
    h.setOptionValue("time_limit", h.getRunTime() + max(5.0, 0.05 * c.policy.time_limit_seconds))
    h.run()
    ok = h.getInfo().primal_solution_status == 2
    if not ok:
        # release everybody: the whole reduced model as a MILP within the time limit
        h.setOptionValue("time_limit", h.getRunTime() + 0.5 * c.policy.time_limit_seconds)
        h.changeColsBounds(a, cols, np.zeros(a), np.ones(a))
        h.changeColsIntegrality(a, cols, np.full(a, highspy.HighsVarType.kInteger))
        h.run()
    if h.getInfo().primal_solution_status != 2:
        raise RuntimeError(
            "Perencanaan tidak menemukan rencana bulat dalam batas waktu; "
            "naikkan 'time_limit_seconds'."
        )
    sol = np.asarray(h.getSolution().col_value)[model.arc_col]
    result: FloatArray = np.round(sol)
    return result
