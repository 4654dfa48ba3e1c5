"""The demo region as a planner Problem, built in memory (no database), and the benchmark's cases.

``demo_problem(size)`` is the demo generator's Kabupaten Bukitintan (``mutasi.demo.generator``,
plain data) turned into a planner ``Problem`` the way the plans adapter reads it from the
database: formation from the workload (ABK, ``mutasi.needs.abk``) where a post has tasks, else the
workbook's kebutuhan; units headed by their highest managerial holder; BUP from the post; years in
post, age and years in the job family counted to the demo's reference date.

``build_case`` gives the benchmark (``mutasi bench``, whose command lives here because the demo is
the top of the pipeline) each of ``CASES``: the synthetic instance, the demo region, and the demo
region under each structural variant of ``mutasi.planner.variants``. No Django import.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Final

from mutasi.demo.generator import DemoData, generate
from mutasi.needs import abk
from mutasi.people import codes
from mutasi.planner.model import Employee, EmployeeKind, Position, Problem, Unit
from mutasi.planner.synthetic import generate as synthetic
from mutasi.planner.variants import VARIANTS

HEAD_KIND_ORDER: Final = {"jpt": 0, "administrator": 1, "pengawas": 2}
DEMO_SEED: Final = 2027
CASES: Final = ("synthetic", "demo", *VARIANTS)


def _years(start: datetime.date, on: datetime.date) -> float:
    return (on - start).days / 365.25


def demo_problem(size: int, seed: int = DEMO_SEED) -> Problem:
    """The demo region of ``size`` employees as a planner Problem (no database)."""
    data = generate(size, seed)
    positions = _positions(data)
    employees, heads = _employees(data, {p.code: p for p in positions})
    return Problem(units=_units(data, heads), positions=positions, employees=employees)


def _positions(data: DemoData) -> tuple[Position, ...]:
    """Each post, its formation from the workload (ABK) where it has tasks, else the workbook's."""
    workload: dict[str, Decimal] = defaultdict(Decimal)
    for task in data.workload:
        workload[task.position_code] += Decimal(task.volume_per_year) * task.minutes_per_unit
    staff = Counter(e.position_code for e in data.employees)
    positions = []
    for p in data.positions:
        abk_formation = None
        if p.code in workload:
            _needed, abk_formation = abk.abk_formation(workload[p.code])
        formation, _source = abk.effective_formation(
            override=None, abk=abk_formation, imported=p.formation, staff=staff[p.code]
        )
        positions.append(
            Position(
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
                functional_job=codes.functional_job_of(p.kind, p.name),
            )
        )
    return tuple(positions)


def _employees(
    data: DemoData, pos_by_code: dict[str, Position]
) -> tuple[tuple[Employee, ...], dict[str, str]]:
    """Each employee as the planner sees them, and each unit's head (its highest managerial
    holder: JPT before administrator before pengawas, then the highest golongan)."""
    on = data.reference_date
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
                years_in_family=_years(_family_start(e.position_start, pos, past), on),
                preferences=tuple(code for _r, code in sorted(prefs.get(e.nip, ()))),
            )
        )
    return tuple(employees), {unit: key[2] for unit, key in best_head.items()}


def _family_start(
    position_start: datetime.date, pos: Position, past: list[tuple[datetime.date, str]]
) -> datetime.date:
    """When the employee's unbroken run in the post's job family began."""
    start = position_start
    for begun, family in reversed(past):
        if family and family != pos.job_family:
            break
        start = min(start, begun)
    return start


def _units(data: DemoData, heads: dict[str, str]) -> tuple[Unit, ...]:
    return tuple(
        Unit(
            id=u.code,
            code=u.code,
            name=u.name,
            sector=u.sector,
            parent_id=u.parent_code or None,
            kecamatan=u.kecamatan,
            head_employee_id=heads.get(u.code),
        )
        for u in data.units
    )


def build_case(case: str, size: int, seed: int = 1) -> Problem:
    """The benchmark's instance ``case`` of ``size`` employees (``synthetic`` uses ``seed``)."""
    if case == "synthetic":
        return synthetic(size, seed=seed, pins=size // 500)
    base = demo_problem(size)
    if case == "demo":
        return base
    if case not in VARIANTS:
        raise ValueError(f"Kasus tolok ukur tidak dikenal: {case}")
    func, variant_seed = VARIANTS[case]
    return func(base, variant_seed)
