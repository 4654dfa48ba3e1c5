"""From a final assignment to a Plan: objective (recomputed), chains, reasons, metrics.

The objective of any assignment is computed here from scratch, for every mechanism and for the
brute-force tests alike: the sum over moves of their terms (``eligibility.move_terms``) plus the
shortage change of posts that started above formation (a departure there loses a filled slot only
once the surplus is gone). "Everybody stays" scores 0.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

from mutasi.planner.check import check
from mutasi.planner.eligibility import Compiled, IntArray, fit, move_terms
from mutasi.planner.model import (
    Mechanism,
    Metrics,
    Move,
    Notice,
    Plan,
    Rule,
    SectorFill,
)

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
    terms = {int(k): move_terms(c, int(k), int(final_pos[k])) for k in movers.tolist()}
    total = sum(sum(t.values()) for t in terms.values())
    # posts above formation at the start: their departures were not charged per move
    out = np.bincount(c.emp_pos[movers], minlength=c.m)
    over = np.flatnonzero(c.overstaffed & (out > 0))
    surplus = c.current[over] - c.formation[over]
    total -= float((c.pos_sector_w[over] * np.maximum(0, out[over] - surplus)).sum())
    return float(total), terms


def chains(c: Compiled, final_pos: IntArray) -> dict[int, tuple[int, str]]:
    """Employee -> (chain id, "cycle" | "chain"): moves linked through the posts they free and fill
    (connected components of the post graph); a component is a cycle when every post in it
    receives as many people as it loses."""
    movers = np.flatnonzero(final_pos != c.emp_pos).tolist()
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for k in movers:
        ra, rb = find(int(c.emp_pos[k])), find(int(final_pos[k]))
        if ra != rb:
            parent[ra] = rb
    balance: Counter[int] = Counter()
    for k in movers:
        balance[int(c.emp_pos[k])] -= 1
        balance[int(final_pos[k])] += 1
    root_ids: dict[int, int] = {}
    unbalanced: set[int] = set()
    for post, b in balance.items():
        if b != 0:
            unbalanced.add(find(post))
    out = {}
    for k in movers:
        root = find(int(c.emp_pos[k]))
        cid = root_ids.setdefault(root, len(root_ids) + 1)
        out[k] = (cid, "chain" if root in unbalanced else "cycle")
    return out


def reason(
    c: Compiled,
    k: int,
    q: int,
    terms: dict[str, float],
    chain: tuple[int, str] | None,
    pinned: bool,
) -> str:
    """An Indonesian sentence or three a person can read and check."""
    pos = c.problem.positions
    origin = int(c.emp_pos[k])
    parts: list[str] = []
    if pinned:
        parts.append("Ditetapkan oleh perencana (penguncian).")
    if c.must_move[k]:
        years = c.problem.employees[k].years_in_post
        parts.append(
            f"Wajib pindah: sudah {years:.1f} tahun di jabatan, lebih dari "
            f"{c.policy.max_years_in_post:g} tahun (PP 11/2017 Pasal 190)."
        )
    ranked = c.prefs.get(k)
    if ranked:
        if q in ranked:
            r = ranked.index(q) + 1
            stay = ranked.index(-1) + 1
            note = "" if r < stay else " (di bawah pilihan tetap)"
            parts.append(f"Pilihan ke-{r} Anda{note}.")
        else:
            parts.append("Jabatan ini tidak ada dalam daftar pilihan Anda.")
    short = int(c.formation[q] - c.current[q])
    sector = c.unit_sector[int(c.pos_unit[q])]
    if short > 0:
        parts.append(
            f"Jabatan {pos[q].code} kekurangan {short} orang (formasi {int(c.formation[q])}, "
            f"terisi {int(c.current[q])}) di sektor {sector}."
        )
    if c.overstaffed[origin]:
        parts.append(
            f"Jabatan asal {pos[origin].code} kelebihan pegawai "
            f"({int(c.current[origin])} untuk formasi {int(c.formation[origin])})."
        )
    f_new = float(fit(c, np.array([k]), np.array([q]))[0, 0])
    f_old = float(c.fit_stay[k])
    if f_new > f_old + 1e-9:
        parts.append(f"Kesesuaian dengan syarat jabatan naik dari {f_old:.0%} ke {f_new:.0%}.")
    if terms.get("career", 0.0) > 0:
        parts.append(
            "Rotasi ke bidang baru sesuai rekomendasi pengembangan karier (9-box/masa kerja)."
        )
    dist = float(c.kec_dist[c.emp_home[k], c.unit_kec[c.pos_unit[q]]])
    if dist != float(c.dist_stay[k]):
        parts.append(
            f"Jarak dari domisili {dist:.0f} km (sebelumnya {float(c.dist_stay[k]):.0f} km)."
        )
    if chain is not None:
        kind = "siklus" if chain[1] == "cycle" else "rantai"
        parts.append(f"Bagian dari {kind} mutasi #{chain[0]}.")
    return " ".join(parts)


def stuck_reason(c: Compiled, k: int, eligible_posts: int) -> str:
    years = c.problem.employees[k].years_in_post
    head = (
        f"Sudah {years:.1f} tahun di jabatan (wajib pindah setelah "
        f"{c.policy.max_years_in_post:g} tahun) tetapi tetap: "
    )
    if eligible_posts == 0:
        return head + "tidak ada jabatan lain yang memenuhi syarat (golongan, pendidikan, jurusan, "
        "sertifikasi, rumpun) dan aturan penempatan."
    return head + (
        f"{eligible_posts} jabatan memenuhi syarat, tetapi semuanya tanpa ruang formasi, atau unit "
        f"asal sudah mencapai batas keberangkatan {c.policy.unit_departure_cap:.0%}, atau unit "
        "sektor prioritas tidak boleh berkurang lagi."
    )


def gini(values: np.ndarray) -> float:
    v = np.sort(np.asarray(values, dtype=float))
    if len(v) == 0 or v.sum() <= 0:
        return 0.0
    n = len(v)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(v) / (n * v.sum()))


def build_plan(
    c: Compiled,
    final_pos: IntArray,
    mechanism: Mechanism,
    *,
    bound: float | None,
    started: float,
    pin_notices: list[Notice],
    eligible_counts: dict[int, int] | None = None,
) -> Plan:
    total, terms = objective(c, final_pos)
    links = chains(c, final_pos)
    goto_honoured = {e for e, q in c.goto.items() if final_pos[e] == q}
    moves = []
    for k, t in sorted(terms.items()):
        q = int(final_pos[k])
        ranked = c.prefs.get(k)
        rank = ranked.index(q) + 1 if ranked and q in ranked else None
        moves.append(
            Move(
                employee_id=c.emp_ids[k],
                from_position_id=c.pos_ids[int(c.emp_pos[k])],
                to_position_id=c.pos_ids[q],
                reason=reason(c, k, q, t, links.get(k), k in goto_honoured),
                # optional terms (e.g. training_gap, when its weight is set) follow the fixed ones
                terms={
                    key: round(t.get(key, 0.0), 6)
                    for key in (*TERM_KEYS, *(t.keys() - set(TERM_KEYS)))
                },
                chain=links[k][0],
                chain_kind=links[k][1],
                forced=bool(c.must_move[k]) or k in goto_honoured,
                preference_rank=rank,
            )
        )
    stuck = np.flatnonzero(c.must_move & (final_pos == c.emp_pos)).tolist()
    counts = eligible_counts or {}
    could_not_move = tuple(
        Notice(c.emp_ids[k], Rule.MUST_MOVE, stuck_reason(c, k, counts.get(k, 0))) for k in stuck
    )
    objective_terms = dict.fromkeys(TERM_KEYS, 0.0)
    for t in terms.values():
        for key, v in t.items():
            objective_terms[key] = objective_terms.get(key, 0.0) + v
    objective_terms["surplus_loss"] = total - sum(objective_terms.values())
    plan = Plan(
        mechanism=mechanism,
        assignments={c.emp_ids[k]: c.pos_ids[int(final_pos[k])] for k in range(c.n)},
        moves=tuple(moves),
        could_not_move=could_not_move,
        pin_notices=tuple(pin_notices),
        objective_terms=objective_terms,
        policy=c.policy,
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
    sectors = []
    for name in sorted(set(c.unit_sector)):
        posts = np.array([c.unit_sector[u] == name for u in c.pos_unit.tolist()], dtype=bool)
        sectors.append(
            SectorFill(
                sector=name,
                formation=int(c.formation[posts].sum()),
                filled_before=int(np.minimum(c.current, c.formation)[posts].sum()),
                filled_after=int(np.minimum(after, c.formation)[posts].sum()),
                staff_before=int(c.current[posts].sum()),
                staff_after=int(after[posts].sum()),
            )
        )
    n_units = len(c.unit_ids)

    def shortage_rates(counts: np.ndarray) -> np.ndarray:
        short = np.bincount(
            c.pos_unit, weights=np.maximum(0, c.formation - counts), minlength=n_units
        )
        return short / np.maximum(1, c.unit_formation)

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
    kinds = Counter(kind for _cid, kind in set(links.values()))
    gap = None
    if bound is not None:
        gap = 100.0 * max(0.0, bound - total) / max(abs(bound), 1e-9) if bound > 1e-9 else 0.0
    return Metrics(
        moves=int(moved.sum()),
        forced_moves=int((moved & c.must_move).sum()),
        chains=kinds.get("chain", 0),
        cycles=kinds.get("cycle", 0),
        sectors=tuple(sectors),
        shortage_inequality_before=gini(shortage_rates(c.current)),
        shortage_inequality_after=gini(shortage_rates(after)),
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


def priority_key(c: Compiled, k: int, q: int) -> tuple[float, ...]:
    """Priority of employee ``k`` at post ``q`` (higher first), by ``Policy.priority_keys``."""
    e = c.problem.employees[k]
    perf = {"sangat baik": 5, "baik": 4, "butuh perbaikan": 3, "kurang": 2, "sangat kurang": 1}
    values = {
        "fit": lambda: round(float(fit(c, np.array([k]), np.array([q]))[0, 0]), 9),
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
    from mutasi.planner.eligibility import pair_eligible

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
    pairs = 0
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
            if not pair_eligible(c, np.array([i]), np.array([q]))[0, 0]:
                continue
            mine = priority_key(c, i, q)
            pairs += sum(1 for j in movers_into[q] if j != i and mine > priority_key(c, j, q))
    return pairs
