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

import numpy as np

from mutasi.planner.eligibility import (
    Compiled,
    FloatArray,
    IntArray,
    block_specs,
    eligible_posts,
    fit,
    fit_at,
    keep_rows,
    pair_eligible,
    pair_eligible_at,
    pair_score_at,
    row_classes,
)
from mutasi.planner.messages import Message
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
    priority = _Priority(c, person_rank)
    blocked_cross: set[int] = set()
    lists = dict(options)  # a person blocked from leaving the unit keeps the posts within it
    keys = priority.keys(lists)
    heaps: list[list[int]] = [[] for _ in range(c.m)]  # the DA's, emptied after each round
    final = c.emp_pos.copy()
    cap = c.departure_cap()
    surplus = np.maximum(0, c.unit_staff - c.unit_formation)
    n_units = len(c.unit_ids)
    for _round in range(_MAX_UNIT_ROUNDS):
        final = _deferred_acceptance(c, lists, keys, priority.who, heaps)
        moved = final != c.emp_pos
        cross = moved & (c.pos_unit[final] != c.emp_unit)
        out = np.bincount(c.emp_unit[cross], minlength=n_units)
        arrive = np.bincount(c.pos_unit[final[cross]], minlength=n_units)
        excess = np.maximum(out - cap, 0)
        excess = np.maximum(excess, np.where(c.unit_priority, out - arrive - surplus, 0))
        bad = np.flatnonzero(excess > 0)
        if len(bad) == 0:
            break
        blocked: dict[int, list[int]] = {}
        for u in bad.tolist():
            leavers = np.flatnonzero(cross & (c.emp_unit == u))
            pinned = np.isin(leavers, list(c.goto))
            # lowest priority first, pinned people last
            order = leavers[np.lexsort((person_rank[leavers], pinned))]
            for k in order[: int(excess[u])].tolist():
                if k not in blocked_cross:
                    blocked_cross.add(k)
                    blocked[k] = [q for q in options[k] if c.pos_unit[q] == c.emp_unit[k]]
        lists.update(blocked)
        keys.update(priority.keys(blocked))
    final = must_move_sweep(c, final, person_rank)
    for e, q in c.goto.items():
        if final[e] != q and not any(n.employee_id == c.emp_ids[e] for n in notices):
            notices.append(
                Notice(
                    c.emp_ids[e],
                    Rule.PIN,
                    Message("pin_full_or_cap", code=c.problem.positions[q].code),
                )
            )
    return final, notices


def _options(c: Compiled) -> tuple[dict[int, list[int]], list[Notice]]:
    """Step 1: each agent's ordered options (posts other than their own).

    Only what decides a list is computed: the eligibility of the posts a voluntary participant
    ranked above staying, of a pin's post, and, for a person who must move, of every post of
    their family group with the scores of the eligible ones (``_best_posts``)."""
    options: dict[int, list[int]] = {}
    notices: list[Notice] = []
    agents = np.flatnonzero(c.movable & (c.emp_participant | c.must_move))
    goto_agents = np.array(sorted(e for e in c.goto if c.movable[e]), dtype=np.int64)
    emps = np.union1d(agents, goto_agents)
    # the agents in the order of ``iter_blocks`` (by family group; a group without a post that
    # takes anybody has no block, and its people no options)
    emps = emps[np.argsort(c.emp_group[emps], kind="stable")]
    groups = int(max(c.pos_group.max(initial=0), c.emp_group.max(initial=0))) + 1
    open_posts = np.bincount(c.pos_group[c.accepts], minlength=groups) > 0
    emps = emps[open_posts[c.emp_group[emps]]]
    # the pairs whose eligibility decides a voluntary list or a pin: (person, post)
    pair_e: list[int] = []
    pair_q: list[int] = []
    forced: list[int] = []
    for e in emps.tolist():
        if e in c.goto:
            pair_e.append(e)
            pair_q.append(c.goto[e])
        elif c.must_move[e]:
            forced.append(e)
        else:
            ranked = c.prefs.get(e, [-1])
            above = ranked[: ranked.index(-1)]
            pair_e.extend([e] * len(above))
            pair_q.extend(above)
    pairs = np.array(pair_e, dtype=np.int64), np.array(pair_q, dtype=np.int64)
    allowed = set(zip(*(a[pair_eligible_at(c, *pairs)].tolist() for a in pairs), strict=True))
    best = _best_posts(c, np.array(forced, dtype=np.int64))
    for e in emps.tolist():
        if e in c.goto:
            q = c.goto[e]
            options[e] = [q] if (e, q) in allowed else []
        elif c.must_move[e]:
            listed, extra = best[e]
            options[e] = listed + [q for q in extra if q not in listed]
        else:
            ranked = c.prefs.get(e, [-1])
            options[e] = [q for q in ranked[: ranked.index(-1)] if (e, q) in allowed]
    for e, q in c.goto.items():
        if not options.get(e):
            notices.append(Notice(c.emp_ids[e], Rule.PIN, goto_refusal(c, e, q)))
    return options, notices


Best = tuple[list[int], list[int]]  # a must-move person's eligible ranked posts and best posts


def _best_posts(c: Compiled, emps: IntArray) -> dict[int, Best]:
    """For each person who must move: the eligible posts they ranked (in their order), and the
    best ``max(Policy.candidate_arcs, _MUST_MOVE_OPTIONS)`` eligible posts by score, best first.

    The order is that of ``np.argsort(-score)`` over the person's row of the dense block (the
    eligible posts of the family group, -inf elsewhere), as step 1 always took it. The best posts
    are found among the eligible ones only; where two of them, or the last taken and the first
    left, score the same (the sort's tie order then decides), the dense row is sorted as before."""
    k_best = max(c.policy.candidate_arcs, _MUST_MOVE_OPTIONS)
    post_class = _score_classes(c)
    out: dict[int, Best] = {}
    for chunk, posts in block_specs(c, emps):
        out.update(_best_of_block(c, chunk, posts, post_class, k_best))
    return out


def _best_of_block(
    c: Compiled, chunk: IntArray, posts: IntArray, post_class: IntArray, k_best: int
) -> dict[int, Best]:
    """``_best_posts`` of the people ``chunk`` against the posts ``posts`` of their family
    group."""
    out: dict[int, Best] = {}
    column = np.full(c.m, -1, dtype=np.int64)
    ok = pair_eligible(c, chunk, posts)
    rows, cols = np.nonzero(ok)
    keep_rows(c, chunk, posts, rows, cols)  # for the must-move sweep and the reasons of who stays
    column[posts] = np.arange(len(posts))
    score = _pair_scores(c, chunk, posts, rows, cols, post_class, column)
    counts = np.bincount(rows, minlength=len(chunk))
    width = max(k_best + 1, int(counts.max(initial=0)))
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    slot = np.arange(len(rows)) - starts[rows]
    padded = np.full((len(chunk), width), -np.inf)
    padded[rows, slot] = score
    where = np.zeros((len(chunk), width), dtype=np.int64)
    where[rows, slot] = cols
    top = np.argpartition(-padded, k_best, axis=1)[:, : k_best + 1]
    top_score = np.take_along_axis(padded, top, axis=1)
    order = np.argsort(-top_score, axis=1, kind="stable")
    top = np.take_along_axis(top, order, axis=1)
    top_score = np.take_along_axis(top_score, order, axis=1)
    same = (top_score[:, 1:] == top_score[:, :-1]) & np.isfinite(top_score[:, :-1])
    tied = same.any(axis=1)
    tied[rows[np.isnan(score)]] = True
    top_cols = np.take_along_axis(where, top, axis=1)[:, :k_best]
    for row, e in enumerate(chunk.tolist()):
        ranked = c.prefs.get(e, [-1])
        listed = [q for q in ranked if q >= 0 and column[q] >= 0 and ok[row, column[q]]]
        if tied[row]:
            dense = np.full(len(posts), -np.inf)
            lo = starts[row]
            dense[cols[lo : lo + counts[row]]] = score[lo : lo + counts[row]]
            best = np.argsort(-dense)[:k_best]
            extra = posts[best[np.isfinite(dense[best])]].tolist()
        else:
            n_best = min(k_best, int(counts[row]))
            extra = posts[top_cols[row, :n_best]].tolist()
        out[e] = (listed, extra)
    return out


def _score_classes(c: Compiled) -> IntArray:
    """Posts by everything ``pair_score_at`` reads of a post but which post it is: its sector
    weight, requirements (competencies, majors, certificate), job family, and its unit's sector
    and kecamatan. Two posts of one class score alike for anybody, except where the person ranked
    one of them or a reference plan named it (the 50,000-employee demo region: 538 classes for
    the 12,598 posts of its largest family group)."""
    key = np.column_stack(
        [
            c.pos_sector_w,
            c.pos_comp,
            np.packbits(c.pos_majors, 1),
            c.pos_cert,
            c.pos_family,
            c.unit_sector_idx[c.pos_unit],
            c.unit_kec[c.pos_unit],
        ]
    )
    return row_classes(key)[0]


def _pair_scores(
    c: Compiled,
    chunk: IntArray,
    posts: IntArray,
    rows: IntArray,
    cols: IntArray,
    post_class: IntArray,
    column: IntArray,
) -> FloatArray:
    """``pair_score_at`` of the pairs (chunk[rows], posts[cols]): scored once per person and
    class of posts (``_score_classes``), and pair by pair where the person ranked the post or the
    reference plan gives it to them (``column``: each post's column in ``posts``, -1 outside)."""
    classes, local = np.unique(post_class[posts], return_index=True)[0:2]
    if len(classes) * 2 > len(posts):  # few alike posts: pair by pair
        return pair_score_at(c, chunk[rows], posts[cols])
    of_class = np.searchsorted(classes, post_class[posts])
    # the pairs whose score also reads which post it is
    named = np.zeros((len(chunk), len(posts)), dtype=bool)
    for row, e in enumerate(chunk.tolist()):
        own = list(c.prefs.get(e, []))
        if c.ref_pos is not None:
            own.append(int(c.ref_pos[e]))
        for q in own:
            if q >= 0 and column[q] >= 0:
                named[row, column[q]] = True
    needed = np.zeros((len(chunk), len(classes)), dtype=bool)
    needed[rows, of_class[cols]] = True
    need_rows, need_classes = np.nonzero(needed)
    table = np.zeros((len(chunk), len(classes)))
    table[need_rows, need_classes] = pair_score_at(c, chunk[need_rows], posts[local[need_classes]])
    # a class scored through a post the person named scores its other posts pair by pair too
    unlike = np.zeros((len(chunk), len(classes)), dtype=bool)
    unlike[need_rows, need_classes] = named[need_rows, local[need_classes]]
    score: FloatArray = table[rows, of_class[cols]]
    exact = np.flatnonzero(named[rows, cols] | unlike[rows, of_class[cols]])
    score[exact] = pair_score_at(c, chunk[rows[exact]], posts[cols[exact]])
    return score


def _deferred_acceptance(
    c: Compiled,
    lists: dict[int, list[int]],
    keys: dict[int, list[int]],
    who: list[int],
    newcomers: list[list[int]],
) -> IntArray:
    """Step 2: employee-proposing DA where holders always get their own post back.

    ``lists[e]``: the posts ``e`` may ask for, in order; ``keys[e][i]``: the priority of ``e`` at
    ``lists[e][i]`` (higher first) as a number that also names ``e``: ``who[key % n]``, for
    every ``e`` whose list is not empty (``_Priority``). ``newcomers``: an empty heap per post
    (lowest priority on top), emptied again on return (new lists would keep the garbage
    collector busy: 20,000 posts a round)."""
    n = c.n
    final = c.emp_pos.copy()
    home = c.emp_pos.tolist()
    accepts = c.accepts.tolist()
    # room for newcomers: the formation less the holders (tentatively) at home; none in a post
    # closed this cycle
    room = np.where(c.accepts, c.formation - c.current, 0).tolist()
    nxt = dict.fromkeys(lists, 0)
    # everyone with options starts "away": their seat at home is released while they propose
    free = [e for e in lists if lists[e]]
    for e in free:
        if accepts[home[e]]:
            room[home[e]] += 1
    heappush, heappushpop, heappop = heapq.heappush, heapq.heappushpop, heapq.heappop
    while free:
        e = free.pop()
        prefs, prio = lists[e], keys[e]
        at = nxt[e]
        while at < len(prefs):
            q, entry = prefs[at], prio[at]
            at += 1
            heap = newcomers[q]
            if len(heap) < room[q]:
                heappush(heap, entry)
                break
            rejected = heappushpop(heap, entry)  # one over the room: the lowest goes
            if rejected != entry:
                free.append(who[rejected % n])
                break
        else:
            # back home: the holder always gets the post back, pushing out newcomers if needed
            p = home[e]
            if accepts[p]:
                room[p] -= 1
            heap = newcomers[p]
            while heap and len(heap) > room[p]:
                free.append(who[heappop(heap) % n])
            continue
        nxt[e] = at
    for q, heap in enumerate(newcomers):
        for key in heap:
            final[who[key % n]] = q
        heap.clear()
    return final


class _Priority:
    """Each agent's priority at the posts of their list: fit to the post (when the policy ranks
    by it), then ``person_rank``, then the index (the order of the heap entries
    ``((fit, rank), index)`` the DA once compared). Written as one whole number, fit in
    billionths times n plus the person's place in the order of (rank, index), so that the heaps
    compare numbers and the key names its person (``who[key % n]``). Computed once per list (a
    list changes only when its owner is blocked from leaving the unit)."""

    def __init__(self, c: Compiled, person_rank: np.ndarray):
        self.c = c
        order = np.lexsort((np.arange(c.n), person_rank))
        place = np.empty(c.n, dtype=np.int64)
        place[order] = np.arange(c.n)
        self.place = place.tolist()
        self.who: list[int] = order.tolist()
        self.uses_fit = "fit" in c.policy.priority_keys

    def keys(self, lists: dict[int, list[int]]) -> dict[int, list[int]]:
        """The keys of every non-empty list of ``lists``."""
        wanted = {e: posts for e, posts in lists.items() if posts}
        fits = self._fits(wanted)
        n = self.c.n
        out: dict[int, list[int]] = {}
        for e, posts in wanted.items():
            place = self.place[e]
            row = fits[e] if self.uses_fit else [0.0] * len(posts)
            # a fit rounded to 9 decimals is a whole number of billionths (exactly, once rounded)
            out[e] = [round(f * 1e9) * n + place for f in row]
        return out

    def _fits(self, lists: dict[int, list[int]]) -> dict[int, list[float]]:
        """Fit of each person to each post of their list, rounded so that ties between
        applicants are ties: the first ``_FIRST_FITS`` posts by ``fit`` with one row of posts per
        person, the others pair by pair (``fit_at``: the same values as ``fit`` of one person
        against a row of posts, as the lists' later posts were once priced)."""
        out: dict[int, list[float]] = {}
        if not lists or not self.uses_fit:
            return out
        c = self.c
        emps = np.fromiter(lists, dtype=np.int64, count=len(lists))
        posts = np.empty((len(emps), _FIRST_FITS), dtype=np.int64)
        later_e: list[int] = []
        later_q: list[int] = []
        for row, e in enumerate(emps.tolist()):
            first = lists[e][:_FIRST_FITS]
            posts[row, :] = first[-1]  # short lists repeat their last post
            posts[row, : len(first)] = first
            rest = lists[e][_FIRST_FITS:]
            later_e.extend([e] * len(rest))
            later_q.extend(rest)
        values = fit(c, emps, posts).tolist()
        later = fit_at(c, np.array(later_e, dtype=np.int64), np.array(later_q, dtype=np.int64))
        later_values = [round(v, 9) for v in later.tolist()]
        at = 0
        for row, e in enumerate(emps.tolist()):
            size = len(lists[e])
            head = [round(v, 9) for v in values[row][: min(size, _FIRST_FITS)]]
            tail = later_values[at : at + size - len(head)]
            at += len(tail)
            out[e] = head + tail
        return out


_FIRST_FITS = 4  # posts of every list whose fit is computed by ``fit`` with a row per person


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
    eligible = eligible_posts(c, stuck)
    changed = True
    while changed:  # a move can free room or unit capacity for someone considered earlier
        changed = False
        still = []
        for e in stuck.tolist():
            if _place(c, e, eligible[e], final, count, out, staff_after, cap, floor):
                changed = True
            else:
                still.append(e)
        stuck = np.array(still, dtype=np.int64)
    return final


def _place(
    c: Compiled,
    e: int,
    eligible: IntArray,
    final: IntArray,
    count: IntArray,
    out: IntArray,
    staff_after: IntArray,
    cap: IntArray,
    floor: IntArray,
) -> bool:
    """Move ``e`` to the first post of ``eligible`` (its eligible posts, in index order) with
    room, within the unit rows; False when there is none."""
    room = eligible[count[eligible] < c.formation[eligible]]
    u = int(c.emp_unit[e])
    can_leave = out[u] < cap[u] and not (c.unit_priority[u] and staff_after[u] - 1 < floor[u])
    if not can_leave:
        room = room[c.pos_unit[room] == u]
    if len(room) == 0:
        return False
    q = int(room[0])
    final[e] = q
    count[q] += 1
    count[c.emp_pos[e]] -= 1
    if c.pos_unit[q] != u:
        out[u] += 1
        staff_after[u] -= 1
        staff_after[c.pos_unit[q]] += 1
    return True
