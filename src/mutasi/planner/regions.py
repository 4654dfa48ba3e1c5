"""Realistic regions for the benchmark, built in memory: the demo's kabupaten and its variants.

``demo_problem(size)`` is the demo generator's Kabupaten Bukitintan (``mutasi.demo.generator``,
plain data, no database) turned into a planner ``Problem`` the way the plans adapter reads it from
the database: formation from the workload (ABK, ``mutasi.needs.abk``) where a post has tasks, else
the workbook's kebutuhan; units headed by their highest managerial holder; BUP from the post;
years in post, age and years in the job family counted to the demo's reference date.

The structural variants change one feature of that region, each with its own seed, to the level
where it dominates (``CASES``):

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
import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

from mutasi.planner.model import (
    STAY,
    Employee,
    EmployeeKind,
    Pin,
    PinKind,
    Policy,
    Position,
    Problem,
    Unit,
)

HEAD_KIND_ORDER: Final = {"jpt": 0, "administrator": 1, "pengawas": 2}
FUNCTIONAL_LEVEL_WORDS: Final = (
    "ahli utama",
    "ahli madya",
    "ahli muda",
    "ahli pertama",
    "penyelia",
    "mahir",
    "terampil",
    "pemula",
)
SMALL_POST: Final = 2  # "one-person posts": formation at most this
DEMO_SEED: Final = 2027


def _functional_job(kind: str, name: str) -> str:
    if kind != "fungsional":
        return ""
    low = name.lower()
    for words in FUNCTIONAL_LEVEL_WORDS:
        at = low.find(words)
        if at >= 0:
            low = low[:at]
            break
    return " ".join(low.split())


def _years(start: datetime.date, on: datetime.date) -> float:
    return (on - start).days / 365.25


def demo_problem(size: int, seed: int = DEMO_SEED) -> Problem:
    """The demo region of ``size`` employees as a planner Problem (no database)."""
    from mutasi.demo.generator import generate
    from mutasi.needs import abk
    from mutasi.people import codes

    data = generate(size, seed)
    on = data.reference_date
    workload: dict[str, Decimal] = defaultdict(Decimal)
    for task in data.workload:
        workload[task.position_code] += Decimal(task.volume_per_year) * task.minutes_per_unit
    staff = Counter(e.position_code for e in data.employees)
    positions = []
    pos_by_code = {}
    for p in data.positions:
        abk_formation = None
        if p.code in workload:
            _needed, abk_formation = abk.abk_formation(workload[p.code])
        formation, _source = abk.effective_formation(
            override=None, abk=abk_formation, imported=p.formation, staff=staff[p.code]
        )
        pos = Position(
            id=p.code,
            code=p.code,
            name=p.name,
            unit_id=p.unit_code,
            kind=p.kind,
            job_family=p.job_family,
            gol_min=codes.golongan_rank(p.gol_min) if p.gol_min else None,
            gol_max=codes.golongan_rank(p.gol_max) if p.gol_max else None,
            education_min=codes.education_rank(p.education_min) if p.education_min else None,
            majors=frozenset(m.lower().strip() for m in p.majors if m.strip()),
            certificate=p.certificate.lower().strip(),
            competencies={k.lower(): int(v) for k, v in p.competencies.items()},
            formation=formation,
            functional_job=_functional_job(p.kind, p.name),
        )
        positions.append(pos)
        pos_by_code[p.code] = pos
    history: dict[str, list[tuple[datetime.date, str]]] = defaultdict(list)
    for h in data.history:
        history[h.nip].append((h.start, h.job_family))
    prefs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pr in data.preferences:
        prefs[pr.nip].append((pr.rank, pr.position_code))
    best_head: dict[str, tuple[int, int, str]] = {}
    employees = []
    for e in data.employees:
        pos = pos_by_code[e.position_code]
        gol = codes.golongan_rank(e.golongan)
        if pos.kind in HEAD_KIND_ORDER:
            key = (HEAD_KIND_ORDER[pos.kind], -gol, e.nip)
            if pos.unit_id not in best_head or key < best_head[pos.unit_id]:
                best_head[pos.unit_id] = key
        past = sorted(history.get(e.nip, ()))
        family_start = e.position_start
        for start, fam in reversed(past):
            if fam and fam != pos.job_family:
                break
            family_start = min(family_start, start)
        employees.append(
            Employee(
                id=e.nip,
                nip=e.nip,
                name=e.name,
                position_id=pos.id,
                golongan_rank=gol,
                education_rank=codes.education_rank(e.education),
                years_in_post=_years(e.position_start, on),
                age=_years(e.birth_date, on),
                retirement_age=codes.retirement_age(pos.kind, pos.name),
                kind=EmployeeKind(e.employee_type),
                major=(e.major or "").lower().strip(),
                certificates=frozenset(c.lower().strip() for c in e.certificates if c),
                competencies={k.lower(): int(v) for k, v in e.competencies.items()},
                job_family=pos.job_family,
                functional_job=pos.functional_job,
                home_kecamatan=e.home_kecamatan,
                performance=e.performance,
                potential=e.potential,
                spouse_id=e.spouse_nip or None,
                family_history=tuple(fam for _s, fam in past if fam),
                years_in_family=_years(family_start, on),
                preferences=tuple(code for _r, code in sorted(prefs.get(e.nip, ()))),
            )
        )
    units = tuple(
        Unit(
            id=u.code,
            code=u.code,
            name=u.name,
            sector=u.sector,
            parent_id=u.parent_code or None,
            kecamatan=u.kecamatan,
            head_employee_id=best_head[u.code][2] if u.code in best_head else None,
        )
        for u in data.units
    )
    return Problem(units=units, positions=tuple(positions), employees=tuple(employees))


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
CASES: Final = ("synthetic", "demo", *VARIANTS)


def build_case(case: str, size: int, seed: int = 1) -> Problem:
    """The benchmark's instance ``case`` of ``size`` employees (``synthetic`` uses ``seed``)."""
    if case == "synthetic":
        from mutasi.planner.synthetic import generate

        return generate(size, seed=seed, pins=size // 500)
    base = demo_problem(size)
    if case == "demo":
        return base
    if case not in VARIANTS:
        raise ValueError(f"Kasus tolok ukur tidak dikenal: {case}")
    func, variant_seed = VARIANTS[case]
    return func(base, variant_seed)


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
