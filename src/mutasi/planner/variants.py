"""Structural variants of a region for the benchmark: each changes one feature of a Problem, with
its own seed, to the level where it dominates (``VARIANTS``; the benchmark applies them to the
demo region, ``mutasi.demo.regions``):

* ``one-person-posts``: posts split until at least 70% of the staff sit in posts of formation
  ≤ 2 (small schools and puskesmas, where each post holds one or two people);
* ``overdue``: at least 40% of the staff past the 5-year limit (so they must move);
* ``tight-caps``: in most units more people must move out than the 25% departure cap allows;
* ``many-pins``: 2% of the staff pinned (stay, go to a post, never to a unit), 10% in spouse
  pairs.

``structure(problem)`` measures these features, for tests and for the benchmark's table.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any, Final

from mutasi.planner.model import (
    STAY,
    Employee,
    Pin,
    PinKind,
    Policy,
    Position,
    Problem,
)

SMALL_POST: Final = 2  # "one-person posts": formation at most this


# ---- structural variants ------------------------------------------------------------------


def one_person_posts(problem: Problem, seed: int, share: float = 0.7) -> Problem:
    """Split the largest posts (largest first) into posts of formation and staff ≤ ``SMALL_POST``
    until at least ``share`` of the staff sit in such posts: the region of small schools and
    puskesmas. The pieces keep the post's requirements; holders are dealt out in turn."""
    rng = random.Random(seed)
    holders: dict[str, list[Employee]] = defaultdict(list)
    for e in problem.employees:
        holders[e.position_id].append(e)
    n = len(problem.employees)

    def capacity(p: Position) -> int:
        return max(p.formation or 0, len(holders[p.id]))

    small = sum(len(holders[p.id]) for p in problem.positions if capacity(p) <= SMALL_POST)
    order = sorted(problem.positions, key=lambda p: (-len(holders[p.id]), p.id))
    new_positions: list[Position] = []
    moved_to: dict[str, str] = {}
    split: set[str] = set()
    for p in order:
        if small >= share * n or capacity(p) <= SMALL_POST:
            break
        people = holders[p.id]
        rng.shuffle(people)
        cap = capacity(p)
        pieces = -(-cap // SMALL_POST)
        formation = p.formation if p.formation is not None else len(people)
        for k in range(pieces):
            form_k = formation // pieces + (1 if k < formation % pieces else 0)
            piece = dataclasses.replace(p, id=f"{p.id}~{k + 1}", code=f"{p.code}~{k + 1}")
            new_positions.append(dataclasses.replace(piece, formation=min(SMALL_POST, form_k)))
            for e in people[k::pieces]:
                moved_to[e.id] = piece.id
        split.add(p.id)
        small += len(people)
    positions = tuple(p for p in problem.positions if p.id not in split) + tuple(new_positions)
    # preferences naming a split post name its first piece (one's own old post: staying)
    first = {p.id: f"{p.id}~1" for p in problem.positions if p.id in split}

    def moved(e: Employee) -> Employee:
        prefs = tuple(STAY if q == e.position_id else first.get(q, q) for q in e.preferences)
        return dataclasses.replace(
            e, position_id=moved_to.get(e.id, e.position_id), preferences=prefs
        )

    employees = tuple(
        moved(e) if e.id in moved_to or any(q in first for q in e.preferences) else e
        for e in problem.employees
    )
    return dataclasses.replace(problem, positions=positions, employees=employees)


def overdue(problem: Problem, seed: int, share: float = 0.4, limit: float = 5.0) -> Problem:
    """Set the tenure of randomly chosen people past ``limit`` years until ``share`` of the staff
    are past it (5 to 12 years)."""
    rng = random.Random(seed)
    n = len(problem.employees)
    past = sum(e.years_in_post > limit for e in problem.employees)
    wanted = max(0, int(share * n + 0.999) - past)
    young = [k for k, e in enumerate(problem.employees) if e.years_in_post <= limit]
    chosen = set(rng.sample(young, min(wanted, len(young))))
    employees = tuple(
        dataclasses.replace(e, years_in_post=rng.uniform(limit + 0.1, 12.0)) if k in chosen else e
        for k, e in enumerate(problem.employees)
    )
    return dataclasses.replace(problem, employees=employees)


def tight_caps(problem: Problem, seed: int, share: float = 0.75, cap: float = 0.25) -> Problem:
    """In ``share`` of the units with at least 4 staff, make more people overdue (past 5 years,
    movable: 2+ years before BUP) than the unit's departure cap lets leave."""
    rng = random.Random(seed)
    by_unit: dict[str, list[int]] = defaultdict(list)
    unit_of = {p.id: p.unit_id for p in problem.positions}
    for k, e in enumerate(problem.employees):
        by_unit[unit_of[e.position_id]].append(k)
    units = sorted(u for u, people in by_unit.items() if len(people) >= 4)
    chosen_units = rng.sample(units, int(share * len(units) + 0.999))
    years = {k: e.years_in_post for k, e in enumerate(problem.employees)}
    for u in chosen_units:
        people = by_unit[u]
        limit = int(cap * len(people) + 1e-9)
        overdue_now = {k for k in people if years[k] > 5.0 and _movable_age(problem.employees[k])}
        rest = [k for k in people if k not in overdue_now]
        rng.shuffle(rest)
        need = max(0, 2 * limit + 1 - len(overdue_now))
        for k in rest[:need]:
            years[k] = rng.uniform(5.1, 10.0)
    employees = tuple(
        dataclasses.replace(e, years_in_post=years[k], age=min(e.age, e.retirement_age - 3.0))
        if years[k] != e.years_in_post
        else e
        for k, e in enumerate(problem.employees)
    )
    return dataclasses.replace(problem, employees=employees)


def _movable_age(e: Employee) -> bool:
    return e.retirement_age - e.age > 2.0


def many_pins(problem: Problem, seed: int, pinned: float = 0.02, spouses: float = 0.10) -> Problem:
    """Pin ``pinned`` of the staff (a third each: stay, go to a post of their family with room,
    never to another unit of their sector) and pair people until ``spouses`` of the staff have
    a spouse in the data set (pairs in the same kecamatan where possible)."""
    rng = random.Random(seed)
    emps = list(problem.employees)
    n = len(emps)
    unit_of = {p.id: p.unit_id for p in problem.positions}
    units = problem.unit_by_id
    holders = Counter(e.position_id for e in emps)
    room_by_family: dict[str, list[Position]] = defaultdict(list)
    for p in problem.positions:
        if (p.formation or 0) > holders[p.id]:
            room_by_family[p.job_family].append(p)
    units_by_sector: dict[str, list[str]] = defaultdict(list)
    for u in problem.units:
        units_by_sector[u.sector].append(u.id)
    pins: list[Pin] = list(problem.pins)
    already = {p.employee_id for p in pins}
    order = [k for k in rng.sample(range(n), n) if emps[k].id not in already]
    for i, k in enumerate(order[: int(pinned * n + 0.999)]):
        e = emps[k]
        kind = i % 3
        if kind == 1 and room_by_family[e.job_family]:
            target = rng.choice(room_by_family[e.job_family])
            pins.append(Pin(PinKind.GOTO, e.id, position_id=target.id, note="bench"))
        elif kind == 2:
            sector = units[unit_of[e.position_id]].sector
            others = [u for u in units_by_sector[sector] if u != unit_of[e.position_id]]
            if others:
                pins.append(Pin(PinKind.NEVER_UNIT, e.id, unit_id=rng.choice(others), note="bench"))
        else:
            pins.append(Pin(PinKind.STAY, e.id, note="bench"))
    spouse = {k: e.spouse_id for k, e in enumerate(emps) if e.spouse_id}
    single = [k for k in rng.sample(range(n), n) if k not in spouse]
    wanted = int(spouses * n + 0.999) - len(spouse)
    for a, b in zip(single[0::2], single[1::2], strict=False):
        if wanted <= 0:
            break
        spouse[a], spouse[b] = emps[b].id, emps[a].id
        wanted -= 2
    new = [
        dataclasses.replace(e, spouse_id=spouse.get(k)) if spouse.get(k) != e.spouse_id else e
        for k, e in enumerate(emps)
    ]
    return dataclasses.replace(problem, employees=tuple(new), pins=tuple(pins))


Variant = Callable[[Problem, int], Problem]
VARIANTS: Final[dict[str, tuple[Variant, int]]] = {
    "one-person-posts": (one_person_posts, 101),
    "overdue": (overdue, 102),
    "tight-caps": (tight_caps, 103),
    "many-pins": (many_pins, 104),
}


def structure(problem: Problem, policy: Policy | None = None) -> dict[str, Any]:
    """The features the variants change, measured: share of staff in posts of formation ≤ 2,
    share past ``max_years_in_post``, share of units (≥ 4 staff) where more people must move
    than the departure cap lets leave, share pinned and share with a spouse in the data set."""
    policy = policy or Policy()
    n = max(1, len(problem.employees))
    holders = Counter(e.position_id for e in problem.employees)
    small = {p.id for p in problem.positions if max(p.formation or 0, holders[p.id]) <= SMALL_POST}
    unit_of = {p.id: p.unit_id for p in problem.positions}
    staff: Counter[str] = Counter()
    must: Counter[str] = Counter()
    for e in problem.employees:
        u = unit_of[e.position_id]
        staff[u] += 1
        if (
            e.years_in_post > policy.max_years_in_post
            and e.retirement_age - e.age > policy.retirement_buffer_years
        ):
            must[u] += 1
    big = [u for u, s in staff.items() if s >= 4]
    at_cap = [u for u in big if must[u] > int(policy.unit_departure_cap * staff[u] + 1e-9)]
    return {
        "small_post_share": sum(e.position_id in small for e in problem.employees) / n,
        "overdue_share": sum(e.years_in_post > policy.max_years_in_post for e in problem.employees)
        / n,
        "units_at_cap_share": len(at_cap) / max(1, len(big)),
        "pinned_share": len({p.employee_id for p in problem.pins}) / n,
        "spouse_share": sum(e.spouse_id is not None for e in problem.employees) / n,
    }
