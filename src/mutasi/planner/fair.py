"""The ``fair`` mechanism: voluntary exchange in which no participant ends worse off than staying.

It follows the design Combe, Tercieux & Terrier (Review of Economic Studies 89, 2022) propose for
teacher mobility: every employee holds their post as a guarantee (a "tenure" priority, as existing
tenants in Abdulkadiroğlu & Sönmez 1999), and moves happen only when everyone involved gains by
their own ranking; vacancies go to the eligible person with the highest priority.

Steps:
1. Options. A voluntary participant may ask for the eligible posts they ranked above staying
   (their list from the preference round), then their own post. A person who must move (past
   ``max_years_in_post``) may ask for their ranked eligible posts, then every other eligible post
   by score (the best ``max(Policy.candidate_arcs, 15)``), then their own post as a last resort.
   A GOTO pin is the person's only option besides their post. Everybody else keeps their post.
2. Deferred acceptance with tenure (Gale & Shapley 1962; the "modified DA" of Combe et al.):
   people propose down their options; a post always keeps its own holders who come back, and takes
   newcomers by the policy priority (``Policy.priority_keys``) only while its final staff stays
   within its formation (a post over formation takes none).
3. Unit rows. If a unit would lose more than its departure cap, or a priority-sector unit would
   fall further below its formation, its lowest-priority leavers lose their options outside the
   unit and step 2 runs again (repeated until every unit row holds).
4. Must-move sweep: a person who must move and is still in their post takes, in priority order,
   an eligible post that still has room and that the unit rows allow.

Guarantees. Voluntary participants who are not forced never end worse off than staying (their
options are only posts they ranked above staying, and their own post is always kept for them), and
there is no justified envy among newcomers: nobody loses a post they asked for to a newcomer with
lower priority, except where a unit row blocked the higher-priority person (step 3) or the
must-move sweep filled a vacancy after the exchange (step 4). People forced by the rules (must
move, GOTO pins) can end below staying by their own ranking; the plan counts them separately
(``Metrics.worse_off_forced``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict

import numpy as np

from mutasi.planner.eligibility import Compiled, IntArray, fit, iter_blocks, pair_eligible
from mutasi.planner.model import Notice, Rule
from mutasi.planner.optimal import goto_refusal

_MAX_UNIT_ROUNDS = 50
_MUST_MOVE_OPTIONS = 15  # a must-move person asks for at least this many posts (by score)


def priority_values(c: Compiled) -> np.ndarray:
    """A person-level priority number (higher first) from the policy keys that do not depend on
    the post; "fit" (post-dependent) is applied per proposal in ``_priority``."""
    perf = {"sangat baik": 5, "baik": 4, "butuh perbaikan": 3, "kurang": 2, "sangat kurang": 1}
    cols = []
    for key in c.policy.priority_keys:
        if key == "years_in_post":
            cols.append([e.years_in_post for e in c.problem.employees])
        elif key == "golongan":
            cols.append([float(e.golongan_rank) for e in c.problem.employees])
        elif key == "performance":
            cols.append([float(perf.get(e.performance, 0)) for e in c.problem.employees])
        elif key == "age":
            cols.append([e.age for e in c.problem.employees])
    if not cols:
        return -np.arange(c.n, dtype=float)
    # lexicographic order of the columns as one rank number
    # the last tie-break is the employee's index, lower first, as in ``outcome.priority_key``
    keys = [-np.arange(c.n, dtype=float)] + [np.asarray(col) for col in reversed(cols)]
    order = np.lexsort(tuple(keys))
    ranks = np.empty(c.n)
    ranks[order] = np.arange(c.n)
    return ranks


def solve_fair(c: Compiled) -> tuple[IntArray, list[Notice]]:
    notices: list[Notice] = []
    options, notices = _options(c)
    person_rank = priority_values(c)
    uses_fit = "fit" in c.policy.priority_keys
    blocked_cross: set[int] = set()
    final = c.emp_pos.copy()
    cap = c.departure_cap()
    surplus = np.maximum(0, c.unit_staff - c.unit_formation)
    n_units = len(c.unit_ids)
    for _round in range(_MAX_UNIT_ROUNDS):
        final = _deferred_acceptance(c, options, blocked_cross, person_rank, uses_fit)
        moved = final != c.emp_pos
        cross = moved & (c.pos_unit[final] != c.emp_unit)
        out = np.bincount(c.emp_unit[cross], minlength=n_units)
        arrive = np.bincount(c.pos_unit[final[cross]], minlength=n_units)
        excess = np.maximum(out - cap, 0)
        excess = np.maximum(excess, np.where(c.unit_priority, out - arrive - surplus, 0))
        bad = np.flatnonzero(excess > 0)
        if len(bad) == 0:
            break
        for u in bad.tolist():
            leavers = np.flatnonzero(cross & (c.emp_unit == u))
            pinned = np.isin(leavers, list(c.goto))
            # lowest priority first, pinned people last
            order = leavers[np.lexsort((person_rank[leavers], pinned))]
            for k in order[: int(excess[u])].tolist():
                blocked_cross.add(k)
    final = must_move_sweep(c, final, person_rank)
    for e, q in c.goto.items():
        if final[e] != q and not any(n.employee_id == c.emp_ids[e] for n in notices):
            notices.append(
                Notice(
                    c.emp_ids[e],
                    Rule.PIN,
                    f"Penguncian ke jabatan {c.problem.positions[q].code} tidak dapat dipenuhi: "
                    "jabatan tujuan penuh atau batas keberangkatan unit tercapai.",
                )
            )
    return final, notices


def _options(c: Compiled) -> tuple[dict[int, list[int]], list[Notice]]:
    """Step 1: each agent's ordered options (posts other than their own)."""
    options: dict[int, list[int]] = {}
    notices: list[Notice] = []
    k_best = max(c.policy.candidate_arcs, _MUST_MOVE_OPTIONS)
    agents = np.flatnonzero(c.movable & (c.emp_participant | c.must_move))
    goto_agents = np.array(sorted(e for e in c.goto if c.movable[e]), dtype=np.int64)
    for block in iter_blocks(c, np.union1d(agents, goto_agents)):
        col = {q: j for j, q in enumerate(block.posts.tolist())}
        for row, e in enumerate(block.emps.tolist()):
            ok = block.eligible[row]
            if e in c.goto:
                q = c.goto[e]
                j = col.get(q, -1)
                options[e] = [q] if j >= 0 and ok[j] else []
                continue
            ranked = c.prefs.get(e, [-1])
            stay_at = ranked.index(-1)
            listed = [q for q in ranked if q >= 0 and col.get(q, -1) >= 0 and ok[col[q]]]
            if c.must_move[e]:
                score = np.where(ok, block.score[row], -np.inf)
                best = np.argsort(-score)[:k_best]
                extra = [int(block.posts[j]) for j in best.tolist() if np.isfinite(score[j])]
                options[e] = listed + [q for q in extra if q not in listed]
            else:
                options[e] = [q for q in listed if ranked.index(q) < stay_at]
    for e, q in c.goto.items():
        if not options.get(e):
            notices.append(Notice(c.emp_ids[e], Rule.PIN, goto_refusal(c, e, q)))
    return options, notices


def _deferred_acceptance(
    c: Compiled,
    options: dict[int, list[int]],
    blocked_cross: set[int],
    person_rank: np.ndarray,
    uses_fit: bool,
) -> IntArray:
    """Step 2: employee-proposing DA where holders always get their own post back."""
    final = c.emp_pos.copy()
    home_count = c.current.copy()  # holders not (tentatively) placed elsewhere
    newcomers: dict[int, list[tuple[tuple[float, float], int]]] = {}
    nxt = dict.fromkeys(options, 0)
    lists = {
        e: [q for q in opts if not (e in blocked_cross and c.pos_unit[q] != c.emp_unit[e])]
        for e, opts in options.items()
    }
    # everyone with options starts "away": their seat at home is released while they propose
    free = [e for e in lists if lists[e]]
    for e in free:
        home_count[c.emp_pos[e]] -= 1
    # fit to the posts proposed to; everyone's first posts in one call
    fits = _first_fits(c, {e: lists[e] for e in free}) if uses_fit else defaultdict(dict)

    def key(e: int, at: int) -> tuple[float, float]:
        """Priority of ``e`` at the post ``lists[e][at]``: fit (when the policy ranks by it),
        then rank. Fits are computed for the next ``_FIT_CHUNK`` posts of the list at once."""
        f = 0.0
        if uses_fit:
            q, row = lists[e][at], fits[e]
            if q not in row:
                row.update(_fits(c, e, lists[e][at : at + _FIT_CHUNK]))
            f = row[q]
        return (f, float(person_rank[e]))

    def room(q: int) -> int:
        if not c.accepts[q]:
            return 0
        return int(c.formation[q] - home_count[q])

    while free:
        e = free.pop()
        prefs = lists[e]
        placed = False
        while nxt[e] < len(prefs):
            at = nxt[e]
            q = prefs[at]
            nxt[e] += 1
            heap = newcomers.setdefault(q, [])
            heapq.heappush(heap, (key(e, at), e))  # lowest priority on top
            if len(heap) > room(q):
                _k, rejected = heapq.heappop(heap)
                if rejected != e:
                    free.append(rejected)
                    placed = True
                    break
                continue
            placed = True
            break
        if not placed:
            # back home: the holder always gets the post back, pushing out newcomers if needed
            p = int(c.emp_pos[e])
            home_count[p] += 1
            heap = newcomers.get(p, [])
            while heap and len(heap) > room(p):
                _k, rejected = heapq.heappop(heap)
                free.append(rejected)
    for q, heap in newcomers.items():
        for _k, e in heap:
            final[e] = q
    return final


# Fits computed at once when a person proposes past what is known: most are placed within their
# first few posts, and a vectorised call costs about the same for 1 post as for 32.
_FIT_CHUNK = 32


_FIRST_FITS = 4  # posts of every list whose fit is computed before anyone proposes


def _first_fits(c: Compiled, lists: dict[int, list[int]]) -> defaultdict[int, dict[int, float]]:
    """Fit of every person to the first ``_FIRST_FITS`` posts of their list, in one call (a
    person's first proposals are where most are placed)."""
    out: defaultdict[int, dict[int, float]] = defaultdict(dict)
    if not lists:
        return out
    emps = np.fromiter(lists, dtype=np.int64, count=len(lists))
    posts = np.empty((len(emps), _FIRST_FITS), dtype=np.int64)
    for row, e in enumerate(emps.tolist()):
        first = lists[e][:_FIRST_FITS]
        posts[row, :] = first[-1]  # short lists repeat their last post
        posts[row, : len(first)] = first
    values = fit(c, emps, posts).tolist()
    for row, e in enumerate(emps.tolist()):
        out[e] = {q: round(v, 9) for q, v in zip(posts[row].tolist(), values[row], strict=True)}
    return out


def _fits(c: Compiled, e: int, posts: list[int]) -> dict[int, float]:
    """Fit of person ``e`` to each of ``posts`` (one vectorised call), rounded so that ties
    between applicants are ties."""
    values = fit(c, np.array([e]), np.asarray(posts, dtype=np.int64))[0]
    return {q: round(float(v), 9) for q, v in zip(posts, values.tolist(), strict=True)}


def must_move_sweep(c: Compiled, final: IntArray, person_rank: np.ndarray) -> IntArray:
    """Step 4: must-move people still at home take an eligible post with room, within the rows.

    Also the last step of ``optimal``: its integer repair works on a neighbourhood under a time
    limit, and a large instance can leave a must-move person at home next to a post with room,
    which ``check`` rejects (PP 11/2017 Pasal 190). The sweep only adds moves that every hard rule
    allows, so the plan stays feasible and its objective can only rise (the stay penalty goes)."""
    final = final.copy()
    count = np.bincount(final, minlength=c.m)
    n_units = len(c.unit_ids)
    moved = final != c.emp_pos
    cross = moved & (c.pos_unit[final] != c.emp_unit)
    out = np.bincount(c.emp_unit[cross], minlength=n_units)
    staff_after = np.bincount(c.pos_unit[final], minlength=n_units)
    cap = c.departure_cap()
    floor = np.minimum(c.unit_staff, c.unit_formation)
    stuck = np.flatnonzero(c.must_move & ~moved & ~np.isin(np.arange(c.n), list(c.goto)))
    stuck = stuck[np.argsort(-person_rank[stuck], kind="stable")]
    changed = True
    while changed:  # a move can free room or unit capacity for someone considered earlier
        changed = False
        still = []
        for e in stuck.tolist():
            if _place(c, e, final, count, out, staff_after, cap, floor):
                changed = True
            else:
                still.append(e)
        stuck = np.array(still, dtype=np.int64)
    return final


def _place(
    c: Compiled,
    e: int,
    final: IntArray,
    count: IntArray,
    out: IntArray,
    staff_after: IntArray,
    cap: IntArray,
    floor: IntArray,
) -> bool:
    room = np.flatnonzero(c.accepts & (count < c.formation) & (c.pos_group == c.emp_group[e]))
    u = int(c.emp_unit[e])
    can_leave = out[u] < cap[u] and not (c.unit_priority[u] and staff_after[u] - 1 < floor[u])
    if not can_leave:
        room = room[c.pos_unit[room] == u]
    if len(room) == 0:
        return False
    ok = pair_eligible(c, np.array([e]), room)[0]
    if not ok.any():
        return False
    q = int(room[np.flatnonzero(ok)[0]])
    final[e] = q
    count[q] += 1
    count[c.emp_pos[e]] -= 1
    if c.pos_unit[q] != u:
        out[u] += 1
        staff_after[u] -= 1
        staff_after[c.pos_unit[q]] += 1
    return True
