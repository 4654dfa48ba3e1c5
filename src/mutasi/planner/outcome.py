"""From a final assignment to a Plan: objective (recomputed), chains, reasons, metrics.

The objective of any assignment is computed here from scratch, for every mechanism and for the
brute-force tests alike: the sum over moves of their terms (``eligibility.move_terms``) plus the
shortage change of posts that started above formation (a departure there loses a filled slot only
once the surplus is gone). "Everybody stays" scores 0.
"""

from __future__ import annotations

import math
import time
from collections import Counter

import numpy as np

from mutasi.planner.check import check
from mutasi.planner.eligibility import Compiled, IntArray, fit, fit_at, move_terms
from mutasi.planner.model import (
    Change,
    Mechanism,
    Metrics,
    Move,
    Notice,
    Plan,
    Rule,
    SectorFill,
)
from mutasi.planner.reasons import ReasonPart, render, years_part

TERM_KEYS = (
    "shortage",
    "fit",
    "preference",
    "career",
    "move",
    "distance",
    "worse_off",
    "must_move",
)


def objective(c: Compiled, final_pos: IntArray) -> tuple[float, dict[int, dict[str, float]]]:
    """Objective of an assignment (gain over everybody staying) and the terms of each move."""
    movers = np.flatnonzero(final_pos != c.emp_pos)
    fits = fit_at(c, movers, final_pos[movers]).tolist()
    terms = {
        k: move_terms(c, k, q, fit_new)
        for k, q, fit_new in zip(movers.tolist(), final_pos[movers].tolist(), fits, strict=True)
    }
    total = sum(sum(t.values()) for t in terms.values())
    total -= lost_slots(c, c.emp_pos[movers])
    return float(total), terms


def lost_slots(c: Compiled, origins: IntArray) -> float:
    """What the departures from ``origins`` (one entry a mover) cost at posts above formation at
    the start, which were not charged per move: each departure beyond the post's surplus loses a
    filled slot, at the post's sector weight."""
    out = np.bincount(origins, minlength=c.m)
    over = np.flatnonzero(c.overstaffed & (out > 0))
    surplus = c.current[over] - c.formation[over]
    return float((c.pos_sector_w[over] * np.maximum(0, out[over] - surplus)).sum())


def chains(c: Compiled, final_pos: IntArray) -> dict[int, tuple[int, str]]:
    """Employee -> (chain id, "cycle" | "chain"): the exchange chains of the plan.

    Two moves are linked when one needs the other: B's arrival in post q needed A's departure
    from q because q had no free formation slot left for B. At each post the arrivals first use
    its free slots (formation - current, when positive); each further arrival is linked to one
    departure from that post (in employee order; departures from a post above formation free no
    slot until its surplus is gone, and nobody arrives there). Every move then has at most one
    move it needed and one move that needed it, so the links form paths ("chain": a vacancy, or
    a post above formation, at its start) and closed loops ("cycle": people taking each other's
    posts). A move that needed nobody and that nobody needed is a chain of length 1.
    """
    movers = np.flatnonzero(final_pos != c.emp_pos)
    if len(movers) == 0:
        return {}
    room = np.maximum(0, c.formation - c.current)
    arrivals: dict[int, list[int]] = {}
    departures: dict[int, list[int]] = {}
    for k in movers.tolist():
        arrivals.setdefault(int(final_pos[k]), []).append(k)
        departures.setdefault(int(c.emp_pos[k]), []).append(k)
    needed: dict[int, int] = {}  # arriving mover -> the departing mover whose slot it took
    for q, ins in arrivals.items():
        outs = departures.get(q, [])
        if c.overstaffed[q]:
            outs = outs[int(c.current[q] - c.formation[q]) :]
        linked = ins[int(room[q]) :]
        for b, a in zip(linked, outs, strict=False):
            needed[b] = a
    made_way = {a: b for b, a in needed.items()}
    out: dict[int, tuple[int, str]] = {}
    cid = 0
    for k in movers.tolist():  # paths: start at a move that needed nobody
        if k in out or k in needed:
            continue
        cid += 1
        cur: int | None = k
        while cur is not None:
            out[cur] = (cid, "chain")
            cur = made_way.get(cur)
    for k in movers.tolist():  # what is left lies on closed loops
        if k in out:
            continue
        cid += 1
        cur = k
        while cur is not None and cur not in out:
            out[cur] = (cid, "cycle")
            cur = made_way.get(cur)
    return out


def chain_lengths(links: dict[int, tuple[int, str]]) -> tuple[dict[int, int], dict[int, int]]:
    """(moves in a chain -> number of chains, moves in a cycle -> number of cycles)."""
    sizes = Counter(links.values())
    chain_sizes: Counter[int] = Counter()
    cycle_sizes: Counter[int] = Counter()
    for (_cid, kind), count in sizes.items():
        (cycle_sizes if kind == "cycle" else chain_sizes)[count] += 1
    return dict(sorted(chain_sizes.items())), dict(sorted(cycle_sizes.items()))


def reason_parts(
    c: Compiled,
    k: int,
    q: int,
    terms: dict[str, float],
    chain: tuple[int, str] | None,
    pinned: bool,
    fit_new: float | None = None,
) -> tuple[ReasonPart, ...]:
    """Why person ``k`` takes post ``q``, as message keys (see ``reasons``): sentences a person
    can read and check once rendered. ``fit_new``: ``fit`` of the pair, when the caller has it."""
    origin = int(c.emp_pos[k])
    parts: list[ReasonPart] = []
    if pinned:
        parts.append(ReasonPart("pinned"))
    if c.must_move[k]:
        parts.append(
            years_part(c.problem.employees[k].years_in_post, float(c.policy.max_years_in_post))
        )
    ranked = c.prefs.get(k)
    if ranked:
        if q in ranked:
            r = ranked.index(q) + 1
            below = r > ranked.index(-1) + 1
            parts.append(
                ReasonPart("preference_below_stay" if below else "preference", {"rank": r})
            )
        else:
            parts.append(ReasonPart("not_in_preferences"))
    short = int(c.formation[q] - c.current[q])
    if short > 0:
        parts.append(
            ReasonPart(
                "shortage",
                {
                    "code": c.problem.positions[q].code,
                    "sector": c.unit_sector[int(c.pos_unit[q])],
                    "short": short,
                    "formation": int(c.formation[q]),
                    "filled": int(c.current[q]),
                },
            )
        )
    if c.overstaffed[origin]:
        parts.append(
            ReasonPart(
                "origin_overstaffed",
                {
                    "code": c.problem.positions[origin].code,
                    "filled": int(c.current[origin]),
                    "formation": int(c.formation[origin]),
                },
            )
        )
    f_new = float(fit(c, np.array([k]), np.array([q]))[0, 0]) if fit_new is None else fit_new
    f_old = float(c.fit_stay[k])
    if f_new > f_old + 1e-9:
        parts.append(ReasonPart("fit_up", {"before": round(f_old, 4), "after": round(f_new, 4)}))
    if terms.get("career", 0.0) > 0:
        parts.append(ReasonPart("career"))
    dist = float(c.kec_dist[c.emp_home[k], c.unit_kec[c.pos_unit[q]]])
    if dist != float(c.dist_stay[k]):
        parts.append(
            ReasonPart("distance", {"km": round(dist), "before_km": round(float(c.dist_stay[k]))})
        )
    if chain is not None:
        parts.append(ReasonPart("cycle" if chain[1] == "cycle" else "chain", {"chain": chain[0]}))
    return tuple(parts)


def reason(
    c: Compiled,
    k: int,
    q: int,
    terms: dict[str, float],
    chain: tuple[int, str] | None,
    pinned: bool,
) -> str:
    """The reason in Indonesian (the parts rendered with ``reasons.TEXT``)."""
    return render(reason_parts(c, k, q, terms, chain, pinned))


def stuck_parts(c: Compiled, k: int, eligible_posts: int) -> tuple[ReasonPart, ...]:
    years = math.floor(c.problem.employees[k].years_in_post * 10) / 10
    common = {"years": years, "max_years": float(c.policy.max_years_in_post)}
    if eligible_posts == 0:
        return (ReasonPart("stuck_no_post", common),)
    return (
        ReasonPart(
            "stuck_no_room",
            {**common, "posts": eligible_posts, "cap": float(c.policy.unit_departure_cap)},
        ),
    )


def stuck_reason(c: Compiled, k: int, eligible_posts: int) -> str:
    return render(stuck_parts(c, k, eligible_posts))


def build_plan(
    c: Compiled,
    final_pos: IntArray,
    mechanism: Mechanism,
    *,
    bound: float | None,
    started: float,
    pin_notices: list[Notice],
    eligible_counts: dict[int, int] | None = None,
    changes: list[Change] | None = None,
) -> Plan:
    total, terms = objective(c, final_pos)
    links = chains(c, final_pos)
    size_of = Counter(links.values())
    goto_honoured = {e for e, q in c.goto.items() if final_pos[e] == q}
    keys = TERM_KEYS + (("stability",) if c.ref_pos is not None else ())
    if c.policy.w_training_gap:  # the optional training term, shown only when it is weighed
        keys += ("training_gap",)
    moves = []
    order = np.array(sorted(terms), dtype=np.int64)
    fits = dict(zip(order.tolist(), fit_at(c, order, final_pos[order]).tolist(), strict=True))
    for k, t in sorted(terms.items()):
        q = int(final_pos[k])
        ranked = c.prefs.get(k)
        rank = ranked.index(q) + 1 if ranked and q in ranked else None
        moves.append(
            Move(
                employee_id=c.emp_ids[k],
                from_position_id=c.pos_ids[int(c.emp_pos[k])],
                to_position_id=c.pos_ids[q],
                reason=render(
                    parts := reason_parts(
                        c,
                        k,
                        q,
                        t,
                        links[k] if size_of[links[k]] > 1 else None,
                        k in goto_honoured,
                        fits[k],
                    )
                ),
                reason_parts=parts,
                terms={key: round(t.get(key, 0.0), 6) for key in keys},
                chain=links[k][0],
                chain_kind=links[k][1],
                forced=bool(c.must_move[k]) or k in goto_honoured,
                preference_rank=rank,
            )
        )
    stuck = np.flatnonzero(c.must_move & (final_pos == c.emp_pos)).tolist()
    counts = eligible_counts or {}
    could_not_move = tuple(
        Notice(
            c.emp_ids[k],
            Rule.MUST_MOVE,
            render(parts := stuck_parts(c, k, counts.get(k, 0))),
            parts=parts,
        )
        for k in stuck
    )
    objective_terms = dict.fromkeys(keys, 0.0)
    for t in terms.values():
        for key, v in t.items():
            objective_terms[key] += v
    objective_terms["surplus_loss"] = total - sum(objective_terms.values())
    plan = Plan(
        mechanism=mechanism,
        assignments={c.emp_ids[k]: c.pos_ids[int(final_pos[k])] for k in range(c.n)},
        moves=tuple(moves),
        could_not_move=could_not_move,
        pin_notices=tuple(pin_notices),
        objective_terms=objective_terms,
        policy=c.policy,
        changes=tuple(changes or ()),
    )
    violations = check(c.problem, plan)
    seconds = time.perf_counter() - started
    metrics = _metrics(c, final_pos, links, total, bound, seconds, len(violations))
    return Plan(**{**plan.__dict__, "metrics": metrics})


def _metrics(
    c: Compiled,
    final_pos: IntArray,
    links: dict[int, tuple[int, str]],
    total: float,
    bound: float | None,
    seconds: float,
    violations: int,
) -> Metrics:
    after = np.bincount(final_pos, minlength=c.m)
    moved = final_pos != c.emp_pos
    sectors = sector_fill(c, after)

    ranks: Counter[int] = Counter()
    worse = worse_forced = 0
    for k, ranked in c.prefs.items():
        q = int(final_pos[k])
        stay = ranked.index(-1) + 1
        if q == c.emp_pos[k]:
            ranks[0] += 1
            r = stay
        elif q in ranked:
            r = ranked.index(q) + 1
            ranks[r] += 1
        else:
            r = len(ranked) + 1
            ranks[-1] += 1
        if r > stay:
            worse += 1
            if c.must_move[k] or k in c.goto:
                worse_forced += 1
    chain_sizes, cycle_sizes = chain_lengths(links)
    gap = None
    if bound is not None:
        gap = 100.0 * max(0.0, bound - total) / max(abs(bound), 1e-9) if bound > 1e-9 else 0.0
    return Metrics(
        moves=int(moved.sum()),
        forced_moves=int((moved & c.must_move).sum()),
        chains=sum(n for size, n in chain_sizes.items() if size > 1),
        cycles=sum(cycle_sizes.values()),
        chain_lengths=chain_sizes,
        cycle_lengths=cycle_sizes,
        sectors=tuple(sectors),
        priority_posts_below_before=sum(s.posts_below_before for s in sectors if s.priority),
        priority_posts_below_after=sum(s.posts_below_after for s in sectors if s.priority),
        preference_ranks=dict(ranks),
        participants=len(c.prefs),
        worse_off=worse,
        worse_off_forced=worse_forced,
        justified_envy=justified_envy(c, final_pos),
        violations=violations,
        overstaffed_posts=int((after > c.formation).sum()),
        must_move=int(c.must_move.sum()),
        must_move_stayed=int((c.must_move & ~moved).sum()),
        solve_seconds=round(seconds, 4),
        objective=round(total, 6),
        bound=None if bound is None else round(bound, 6),
        gap_percent=None if gap is None else round(gap, 6),
    )


def sector_fill(c: Compiled, after: IntArray) -> list[SectorFill]:
    """Per sector: formation, filled slots (sum over posts of min(holders, formation)), staff,
    and posts below their formation, before and after; whether the policy makes it a priority."""
    sectors = []
    pos_sector = np.array([c.unit_sector[u] for u in c.pos_unit.tolist()], dtype=object)
    priority = set(c.policy.priority_sectors)
    for name in sorted(set(c.unit_sector)):
        posts = pos_sector == name
        sectors.append(
            SectorFill(
                sector=name,
                formation=int(c.formation[posts].sum()),
                filled_before=int(np.minimum(c.current, c.formation)[posts].sum()),
                filled_after=int(np.minimum(after, c.formation)[posts].sum()),
                staff_before=int(c.current[posts].sum()),
                staff_after=int(after[posts].sum()),
                posts_below_before=int((c.current < c.formation)[posts].sum()),
                posts_below_after=int((after < c.formation)[posts].sum()),
                priority=name in priority,
            )
        )
    return sectors


def priority_key(c: Compiled, k: int, q: int, fit_value: float | None = None) -> tuple[float, ...]:
    """Priority of employee ``k`` at post ``q`` (higher first), by ``Policy.priority_keys``;
    ``fit_value``: ``fit`` of the pair, when the caller has it."""
    e = c.problem.employees[k]
    perf = {"sangat baik": 5, "baik": 4, "butuh perbaikan": 3, "kurang": 2, "sangat kurang": 1}
    if fit_value is None and "fit" in c.policy.priority_keys:
        fit_value = float(fit(c, np.array([k]), np.array([q]))[0, 0])
    values = {
        "fit": lambda: round(float(fit_value or 0.0), 9),
        "years_in_post": lambda: float(e.years_in_post),
        "golongan": lambda: float(e.golongan_rank),
        "performance": lambda: float(perf.get(e.performance, 0)),
        "age": lambda: float(e.age),
    }
    return tuple(values[key]() for key in c.policy.priority_keys) + (-float(k),)


def justified_envy(c: Compiled, final_pos: IntArray) -> int:
    """Pairs (i, j): participant i ranks j's new post q above i's own outcome, i may move and is
    eligible for q (a unit that has reached its departure cap or priority floor lets nobody else
    leave), and i has higher priority at q than j, who moved into q. People who kept their
    own post are not envied (they hold it, as tenants in Abdulkadiroğlu & Sönmez 1999)."""
    from mutasi.planner.eligibility import pair_eligible_at

    movers_into: dict[int, list[int]] = {}
    for j in np.flatnonzero(final_pos != c.emp_pos).tolist():
        movers_into.setdefault(int(final_pos[j]), []).append(j)
    # a unit at its departure cap, or a priority unit at its floor, lets nobody more leave: envy
    # across units from such a unit is not justified (a hard rule, not priority, decided it)
    n_units = len(c.unit_ids)
    moved = final_pos != c.emp_pos
    cross = moved & (c.pos_unit[final_pos] != c.emp_unit)
    out = np.bincount(c.emp_unit[cross], minlength=n_units)
    staff_after = np.bincount(c.pos_unit[final_pos], minlength=n_units)
    floor = np.minimum(c.unit_staff, c.unit_formation)
    closed = (out >= c.departure_cap()) | (c.unit_priority & (staff_after - 1 < floor))
    wished: list[tuple[int, int]] = []  # (i, q) that pass the rules checked here
    for i, ranked in c.prefs.items():
        if not c.movable[i]:
            continue
        own = int(final_pos[i])
        own_rank = (
            ranked.index(-1 if own == c.emp_pos[i] else own)
            if (own == c.emp_pos[i] or own in ranked)
            else len(ranked)
        )
        for q in ranked[:own_rank]:
            if q < 0 or q not in movers_into or c.pos_group[q] != c.emp_group[i]:
                continue
            if c.pos_unit[q] != c.emp_unit[i] and closed[c.emp_unit[i]] and not moved[i]:
                continue
            wished.append((i, q))
    if not wished:
        return 0
    # the pair rules and the fits, of every pair at once (the same values pair by pair)
    e_arr, q_arr = (np.array(a, dtype=np.int64) for a in zip(*wished, strict=True))
    ok = pair_eligible_at(c, e_arr, q_arr)
    wished = [w for w, keep in zip(wished, ok.tolist(), strict=True) if keep]
    asked = sorted({(j, q) for _i, q in wished for j in movers_into[q]} | set(wished))
    fits: dict[tuple[int, int], float] = {}
    if asked and "fit" in c.policy.priority_keys:
        a_e, a_q = (np.array(a, dtype=np.int64) for a in zip(*asked, strict=True))
        fits = dict(zip(asked, fit_at(c, a_e, a_q).tolist(), strict=True))
    keys = {(k, q): priority_key(c, k, q, fits.get((k, q))) for k, q in asked}
    return sum(
        1 for i, q in wished for j in movers_into[q] if j != i and keys[(i, q)] > keys[(j, q)]
    )
