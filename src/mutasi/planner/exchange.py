"""Classical matching mechanisms as plain functions over hashable ids.

* ``yrmh_igyt`` — house allocation with existing tenants, "you request my house, I get your turn"
  (Abdulkadiroğlu & Sönmez, Journal of Economic Theory 88, 1999), in its top-trading-cycles form.
* ``top_trading_cycles`` — school choice TTC (Abdulkadiroğlu & Sönmez, American Economic Review 93,
  2003).
* ``deferred_acceptance`` — proposer-optimal stable matching (Gale & Shapley, American Mathematical
  Monthly 69, 1962), many-to-one with capacities as in the college admissions problem and the
  NRMP (Roth, Journal of Political Economy 92, 1984).

Preferences are lists, most preferred first; anything not listed is unacceptable. Agents left
without an acceptable object are absent from the returned dict. Ties are not allowed.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

A = TypeVar("A", bound=Hashable)
H = TypeVar("H", bound=Hashable)


def yrmh_igyt(
    preferences: Mapping[A, Sequence[H]],
    tenants: Mapping[H, A | None],
    order: Sequence[A],
) -> dict[A, H]:
    """House allocation with existing tenants (Abdulkadiroğlu & Sönmez 1999).

    ``tenants`` maps every house to its current tenant or None (vacant); ``order`` is the priority
    ordering of all agents (the paper's f). An existing tenant whose own house is missing from
    their list gets it appended at the end: nobody can lose their house (individual rationality).

    Steps (the top-trading-cycles form, equivalent to the paper's queue form, its Theorem 1):
    1. Every remaining agent points to their most preferred remaining house; an agent with none
       left leaves unassigned.
    2. Every remaining house points to its tenant if the tenant is still there; otherwise (vacant,
       or the tenant already left with another house) to the first remaining agent in ``order``.
    3. There is at least one cycle; every agent in a cycle gets the house they point to, and the
       agents and houses of the cycle leave. Repeat from 1.
    The outcome is Pareto efficient, individually rational for tenants and strategy-proof.
    """
    houses = list(tenants)
    house_set = set(houses)
    lists: dict[A, list[H]] = {
        a: [h for h in preferences.get(a, ()) if h in house_set] for a in order
    }
    for h, t in tenants.items():
        if t is not None and t in lists and h not in lists[t]:
            lists[t].append(h)
    occupant = {h: t for h, t in tenants.items() if t is not None and t in lists}
    return _trading_cycles(lists, dict.fromkeys(houses, 1), order, occupant, None)


def top_trading_cycles(
    preferences: Mapping[A, Sequence[H]],
    priorities: Mapping[H, Sequence[A]],
    capacities: Mapping[H, int],
) -> dict[A, H]:
    """School-choice top trading cycles (Abdulkadiroğlu & Sönmez 2003, Section 5.2).

    Steps:
    1. Every remaining student points to their most preferred school with seats left; a student
       with none left leaves unassigned.
    2. Every school points to the student with the highest priority among those remaining.
    3. Every student in a cycle gets the school they point to; each such school loses a seat and
       leaves when it has none. Repeat from 1.
    The outcome is Pareto efficient and strategy-proof for students.
    """
    students = list(preferences)
    lists = {s: [h for h in preferences[s] if capacities.get(h, 0) > 0] for s in students}
    return _trading_cycles(lists, dict(capacities), students, {}, priorities)


def _trading_cycles(
    lists: dict[A, list[H]],
    seats: dict[H, int],
    order: Sequence[A],
    occupant: dict[H, A],
    priorities: Mapping[H, Sequence[A]] | None,
) -> dict[A, H]:
    remaining = [a for a in order if a in lists]
    alive = set(remaining)
    cursor = dict.fromkeys(remaining, 0)
    prio_cursor: dict[H, int] = dict.fromkeys(seats, 0)
    result: dict[A, H] = {}

    def top_house(a: A) -> H | None:
        prefs = lists[a]
        k = cursor[a]
        while k < len(prefs) and seats.get(prefs[k], 0) <= 0:
            k += 1
        cursor[a] = k
        return prefs[k] if k < len(prefs) else None

    def house_points(h: H) -> A | None:
        tenant = occupant.get(h)
        if tenant is not None and tenant in alive:
            return tenant
        if priorities is not None:
            ranked = priorities.get(h, ())
            k = prio_cursor[h]
            while k < len(ranked) and ranked[k] not in alive:
                k += 1
            prio_cursor[h] = k
            return ranked[k] if k < len(ranked) else None
        for a in remaining:  # first remaining agent in the order
            if a in alive:
                return a
        return None

    while alive:
        points: dict[A, H] = {}
        for a in [a for a in remaining if a in alive]:
            h = top_house(a)
            if h is None:
                alive.discard(a)
            else:
                points[a] = h
        if not alive:
            break
        # follow agent -> house -> agent until a node repeats; that closes a cycle
        done: set[A] = set()
        cycles: list[list[A]] = []
        for start in [a for a in remaining if a in alive]:
            if start in done:
                continue
            path: list[A] = []
            index: dict[A, int] = {}
            cur: A | None = start
            while cur is not None and cur not in done and cur not in index:
                index[cur] = len(path)
                path.append(cur)
                nxt = house_points(points[cur])
                cur = nxt if nxt is not None and nxt in points else None
            if cur is not None and cur in index:
                cycles.append(path[index[cur] :])
            done.update(path)
        if not cycles:  # cannot happen with strict lists; guards against a malformed input
            break
        for cycle in cycles:
            for a in cycle:
                h = points[a]
                result[a] = h
                seats[h] -= 1
            for a in cycle:
                alive.discard(a)
        remaining = [a for a in remaining if a in alive]
    return result


def deferred_acceptance(
    proposer_prefs: Mapping[A, Sequence[H]],
    receiver_prefs: Mapping[H, Sequence[A]],
    capacities: Mapping[H, int],
) -> dict[A, H]:
    """Proposer-optimal stable matching (Gale & Shapley 1962; many-to-one as in Roth 1984).

    Steps:
    1. Every free proposer proposes to the most preferred receiver not yet tried.
    2. Each receiver keeps, among those holding its seats and the new proposers it finds
       acceptable, the best up to its capacity, and rejects the rest.
    3. Repeat until no free proposer has a receiver left to try. Held proposals become final.
    The result is stable, the best stable matching for every proposer, and strategy-proof for
    proposers.
    """
    rank = {h: {a: r for r, a in enumerate(prefs)} for h, prefs in receiver_prefs.items()}
    held: dict[H, list[tuple[int, int, A]]] = {h: [] for h in receiver_prefs}
    nxt = dict.fromkeys(proposer_prefs, 0)
    free = list(proposer_prefs)
    seq = 0
    while free:
        a = free.pop()
        prefs = proposer_prefs[a]
        while nxt[a] < len(prefs):
            h = prefs[nxt[a]]
            nxt[a] += 1
            r = rank.get(h, {}).get(a)
            cap = capacities.get(h, 0)
            if r is None or cap <= 0:
                continue
            heap = held[h]
            seq += 1
            heapq.heappush(heap, (-r, seq, a))  # worst held on top
            if len(heap) > cap:
                _r, _s, rejected = heapq.heappop(heap)
                if rejected != a:
                    free.append(rejected)
                    break
                continue
            break
    return {a: h for h, heap in held.items() for _r, _s, a in heap}
