"""Who may go where, and how much each move is worth: the Problem compiled into numpy arrays.

``compile_problem`` turns the frozen dataclasses into integer-indexed arrays once. Two kinds of rule
apply (both described in docs/domain.md, switched by the Policy):

* per person ("may this person move at all?"): at least ``min_years_in_post`` in post, more than
  ``retirement_buffer_years`` before BUP, no STAY pin, no election freeze on a managerial holder;
* per pair ("may this person take that post?"): golongan within range, education at or above
  the minimum, major accepted, certificate held, same or interchangeable job family, functional
  post only for holders of that functional job, PPPK only inside their unit, not a unit headed
  by the spouse, not a unit the person is pinned away from, no managerial post during an election
  freeze.

``iter_blocks`` yields, for employees grouped by job-family group (no pair across groups can be
eligible), dense blocks of the eligibility mask and the move score, in row chunks so memory stays
bounded. The score of a move is its gain over staying (see ``Compiled`` and ``Policy``); the solver
works with those gains, so "everybody stays" has objective 0.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from mutasi.planner import competency
from mutasi.planner.messages import Message
from mutasi.planner.model import (
    MANAGERIAL_KINDS,
    STAY,
    Employee,
    EmployeeKind,
    PinKind,
    Policy,
    Position,
    Problem,
    Unit,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Fit = weighted mean of three parts in 0..1; a part with no requirement counts as neutral 0.5.
FIT_COMPETENCY, FIT_MAJOR, FIT_CERTIFICATE = 0.6, 0.25, 0.15
NEUTRAL = 0.5
BLOCK_ROWS = 1024  # employees per dense block (memory: rows x posts of the family group)


@dataclass
class Compiled:
    """Integer-indexed view of a Problem under a Policy (employees e, posts p, units u)."""

    problem: Problem
    policy: Policy
    emp_ids: list[str]
    pos_ids: list[str]
    unit_ids: list[str]
    emp_pos: IntArray
    emp_unit: IntArray
    emp_group: IntArray
    emp_gol: IntArray
    emp_edu: IntArray
    emp_major: IntArray  # index in majors vocabulary, -1 none
    emp_certs: BoolArray  # (n, n_certs)
    emp_fj: IntArray  # functional job index, -1 none
    emp_pppk: BoolArray
    emp_spouse_head_unit: IntArray  # unit headed by the spouse, -1 none
    emp_home: IntArray  # kecamatan index, -1 unknown
    emp_comp: FloatArray  # (n, n_comps) levels
    emp_rotation: BoolArray  # 9-box or long tenure asks for a new field
    emp_participant: BoolArray
    movable: BoolArray
    must_move: BoolArray
    immobile_reason: list[str]  # a keyed ``Message`` (Indonesian text), "" when movable
    pos_unit: IntArray
    pos_group: IntArray
    pos_family: IntArray
    pos_gol_min: IntArray
    pos_gol_max: IntArray
    pos_edu_min: IntArray
    pos_majors: BoolArray  # (m, n_majors)
    pos_majors_any: BoolArray
    pos_cert: IntArray  # -1 none
    pos_fj: IntArray  # functional job for fungsional posts, -1 = not functional
    pos_fj_missing: BoolArray  # functional post without a named functional job (takes nobody)
    pos_managerial: BoolArray
    pos_comp: FloatArray  # (m, n_comps) required levels
    pos_comp_total: FloatArray
    emp_comp_steps: npt.NDArray[np.float32]  # (n, 5 K): [level >= t] for t = 1..5
    pos_comp_steps: npt.NDArray[np.float32]
    formation: IntArray
    current: IntArray
    overstaffed: BoolArray  # current > formation: nobody may move in
    accepts: BoolArray  # may receive moves at all
    pos_sector_w: FloatArray  # w_shortage * sector weight
    unit_sector: list[str]
    unit_sector_idx: IntArray
    unit_priority: BoolArray
    unit_staff: IntArray
    unit_formation: IntArray
    unit_kec: IntArray
    kec_dist: FloatArray  # (n_kec, n_kec) km
    emp_family: IntArray
    never_units: dict[int, set[int]]  # employee -> units pinned away
    goto: dict[int, int]  # employee -> post (GOTO pins)
    prefs: dict[int, list[int]]  # employee -> ranked posts (STAY = -1), stay appended if absent
    stay_value: FloatArray  # preference value of staying (0 for non-participants)
    fit_stay: FloatArray  # fit of each employee to the current post
    dist_stay: FloatArray  # km from home to the current unit
    # Blocks of every movable employee, computed once (``cache_blocks``) and then sliced by
    # ``iter_blocks``: candidate generation and pricing read the same scores.
    blocks: Blocks | None = None
    # The posts the ``optimal`` mechanism may move anybody into, where it narrowed them down
    # (``optimal.receiving_posts``): its blocks, candidates and pricing see only these.
    open_posts: BoolArray | None = None
    # A reference plan (``stability.attach_reference``): each employee's post in it (the present
    # post when it kept them, -1 when its post no longer exists) and the weight of keeping it.
    ref_pos: IntArray | None = None
    stability_weight: float = 0.0
    ref_moves: dict[str, str] | None = None  # the reference's moves as given (employee -> post id)
    # Lookup tables of ``pair_score_at`` (built on first use): each post's required
    # competencies, and the preference bonuses keyed by employee * m + post.
    pair_tables: PairTables | None = None
    # What ``pair_eligible`` reads the requirement rules from (built on first use)
    profiles: Profiles | None = None
    # Each person's eligible posts in index order, as far as asked (``eligible_posts``)
    eligible_rows: dict[int, IntArray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.emp_ids)

    @property
    def m(self) -> int:
        return len(self.pos_ids)

    def departure_cap(self) -> IntArray:
        """Largest number of people each unit may lose to other units this cycle."""
        cap: IntArray = np.floor(self.policy.unit_departure_cap * self.unit_staff + 1e-9).astype(
            np.int64
        )
        return cap


def _vocab(values: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        if v and v not in out:
            out[v] = len(out)
    return out


def nine_box(performance: str, potential: float | None, cutoffs: tuple[float, float]) -> int | None:
    """9-box cell (PermenPANRB 3/2020) from performance level and potential score."""
    perf = {"sangat baik": 2, "baik": 1, "butuh perbaikan": 0, "kurang": 0, "sangat kurang": 0}
    if not performance or potential is None or performance not in perf:
        return None
    pot = 0 if potential < cutoffs[0] else (2 if potential >= cutoffs[1] else 1)
    grid = [[1, 3, 6], [2, 5, 8], [4, 7, 9]]
    return grid[perf[performance]][pot]


@dataclass(frozen=True)
class _Vocabularies:
    """Integer ids of the strings the rules compare (families, majors, certificates, ...)."""

    families: dict[str, int]
    group_of_family: dict[str, str]
    groups: dict[str, int]
    majors: dict[str, int]
    certs: dict[str, int]
    fjs: dict[str, int]
    comps: dict[str, int]
    kecs: dict[str, int]


def compile_problem(problem: Problem, policy: Policy) -> Compiled:
    """Index the problem and evaluate every per-person rule (vectorised where it matters).

    Steps: the vocabularies of compared strings; the posts' arrays; the employees' arrays;
    the per-person rules (who may move, who must); preferences; the units' and distances'
    arrays; then the Compiled view, with each employee's fit to and distance from the post held."""
    vocab = _vocabularies(problem, policy)
    posts = _post_arrays(problem, vocab)
    people = _employee_arrays(problem, policy, vocab, posts)
    rules = _person_rules(problem, policy, posts["pos_managerial"], people["emp_pos"])
    prefs, stay_value = _preferences(problem)
    region = _unit_arrays(problem, policy, vocab, posts, people)
    n = len(problem.employees)
    employees, units = problem.employees, problem.units
    pos_fj_missing, pos_comp = posts["pos_fj_missing"], posts["pos_comp"]
    accepts = ~people["overstaffed"] & ~pos_fj_missing
    if policy.in_freeze():
        accepts &= ~posts["pos_managerial"]
    compiled = Compiled(
        problem=problem,
        policy=policy,
        emp_ids=[e.id for e in employees],
        pos_ids=[p.id for p in problem.positions],
        unit_ids=[u.id for u in units],
        **people,
        **rules,
        **posts,
        emp_participant=np.array([bool(e.preferences) for e in employees], dtype=bool),
        pos_comp_total=pos_comp.sum(axis=1),
        emp_comp_steps=_steps(people["emp_comp"]),
        pos_comp_steps=_steps(pos_comp),
        accepts=accepts,
        **region,
        unit_sector=[u.sector for u in units],
        prefs=prefs,
        stay_value=stay_value,
        fit_stay=np.zeros(n),
        dist_stay=np.zeros(n),
    )
    emp_pos, emp_unit = compiled.emp_pos, compiled.emp_unit
    compiled.fit_stay = fit(compiled, np.arange(n), emp_pos[:, None])[:, 0]
    compiled.dist_stay = compiled.kec_dist[compiled.emp_home, compiled.unit_kec[emp_unit]]
    return compiled


def _vocabularies(problem: Problem, policy: Policy) -> _Vocabularies:
    units, positions, employees = problem.units, problem.positions, problem.employees
    families = _vocab([p.job_family for p in positions] + [e.job_family for e in employees])
    group_of_family = {f: policy.family_group(f) for f in families}
    groups = _vocab(sorted(set(group_of_family.values())))
    majors = _vocab(
        sorted({mj for p in positions for mj in p.majors} | {e.major.lower() for e in employees})
    )
    certs = _vocab(
        sorted(
            {p.certificate.lower() for p in positions}
            | {c for e in employees for c in e.certificates}
        )
    )
    fjs = _vocab(
        sorted({p.functional_job for p in positions} | {e.functional_job for e in employees})
    )
    comps = _vocab(
        sorted(
            {c for p in positions for c in p.competencies}
            | {c for e in employees for c in e.competencies}
        )
    )
    kecs = _vocab(sorted({u.kecamatan for u in units} | {e.home_kecamatan for e in employees}))
    return _Vocabularies(families, group_of_family, groups, majors, certs, fjs, comps, kecs)


def _post_arrays(problem: Problem, vocab: _Vocabularies) -> dict[str, Any]:
    """The ``pos_*`` fields of Compiled: each post's unit, family group and requirements."""
    positions = problem.positions
    unit_index = {u.id: k for k, u in enumerate(problem.units)}
    m = len(positions)
    families, groups, group_of_family = vocab.families, vocab.groups, vocab.group_of_family
    majors, certs, fjs, comps = vocab.majors, vocab.certs, vocab.fjs, vocab.comps
    pos_unit = np.array([unit_index[p.unit_id] for p in positions], dtype=np.int64)
    pos_family = np.array([families[p.job_family] for p in positions], dtype=np.int64)
    pos_group = np.array([groups[group_of_family[p.job_family]] for p in positions], dtype=np.int64)
    pos_gol_min = np.array([p.gol_min or 0 for p in positions], dtype=np.int64)
    pos_gol_max = np.array([p.gol_max or 99 for p in positions], dtype=np.int64)
    pos_edu_min = np.array([p.education_min or 0 for p in positions], dtype=np.int64)
    pos_majors = np.zeros((m, max(1, len(majors))), dtype=bool)
    for k, p in enumerate(positions):
        for mj in p.majors:
            pos_majors[k, majors[mj]] = True
    pos_majors_any = np.asarray(~pos_majors.any(axis=1), dtype=bool)
    pos_cert = np.array(
        [certs[p.certificate.lower()] if p.certificate else -1 for p in positions], dtype=np.int64
    )
    pos_fj = np.array(
        [fjs.get(p.functional_job, -1) if p.kind == "fungsional" else -1 for p in positions],
        dtype=np.int64,
    )
    # A functional post without a named functional job is reserved for its own job family's holders
    pos_fj_missing = np.array(
        [p.kind == "fungsional" and not p.functional_job for p in positions], dtype=bool
    )
    pos_managerial = np.array([p.kind in MANAGERIAL_KINDS for p in positions], dtype=bool)
    pos_comp = np.zeros((m, max(1, len(comps))))
    for k, p in enumerate(positions):
        for c, lv in p.competencies.items():
            pos_comp[k, comps[c]] = lv
    return {
        "pos_unit": pos_unit,
        "pos_group": pos_group,
        "pos_family": pos_family,
        "pos_gol_min": pos_gol_min,
        "pos_gol_max": pos_gol_max,
        "pos_edu_min": pos_edu_min,
        "pos_majors": pos_majors,
        "pos_majors_any": pos_majors_any,
        "pos_cert": pos_cert,
        "pos_fj": pos_fj,
        "pos_fj_missing": pos_fj_missing,
        "pos_managerial": pos_managerial,
        "pos_comp": pos_comp,
    }


def _employee_arrays(
    problem: Problem, policy: Policy, vocab: _Vocabularies, posts: dict[str, Any]
) -> dict[str, Any]:
    """The ``emp_*`` fields of Compiled, and the posts' current staff and formation."""
    units, positions, employees = problem.units, problem.positions, problem.employees
    pos_index = {p.id: k for k, p in enumerate(positions)}
    n, m = len(employees), len(positions)
    families, groups, group_of_family = vocab.families, vocab.groups, vocab.group_of_family
    majors, certs, fjs, comps, kecs = vocab.majors, vocab.certs, vocab.fjs, vocab.comps, vocab.kecs
    pos_unit, pos_family = posts["pos_unit"], posts["pos_family"]
    emp_pos = np.array([pos_index[e.position_id] for e in employees], dtype=np.int64)
    current = np.bincount(emp_pos, minlength=m).astype(np.int64)
    formation = np.array(
        [p.formation if p.formation is not None else -1 for p in positions], dtype=np.int64
    )
    formation = np.where(formation < 0, current, formation)
    overstaffed = current > formation
    emp_unit = pos_unit[emp_pos]
    emp_family = np.array([families[e.job_family] if e.job_family else -1 for e in employees])
    # the job family of an employee is that of the post held when not given
    emp_family = np.where(emp_family < 0, pos_family[emp_pos], emp_family).astype(np.int64)
    fam_names = list(families)
    emp_group = np.array(
        [groups[group_of_family[fam_names[f]]] for f in emp_family.tolist()], dtype=np.int64
    )
    emp_gol = np.array([e.golongan_rank for e in employees], dtype=np.int64)
    emp_edu = np.array([e.education_rank for e in employees], dtype=np.int64)
    emp_major = np.array([majors.get(e.major.lower(), -1) for e in employees], dtype=np.int64)
    emp_certs = np.zeros((n, max(1, len(certs))), dtype=bool)
    for k, e in enumerate(employees):
        for c in e.certificates:
            emp_certs[k, certs[c]] = True
    emp_fj = np.array([fjs.get(e.functional_job, -1) for e in employees], dtype=np.int64)
    emp_pppk = np.array([e.kind == EmployeeKind.PPPK for e in employees], dtype=bool)
    emp_comp = np.zeros((n, max(1, len(comps))))
    for k, e in enumerate(employees):
        for c, lv in e.competencies.items():
            emp_comp[k, comps[c]] = lv
    head_unit: dict[str, int] = {}
    for k, u in enumerate(units):
        if u.head_employee_id:
            head_unit[u.head_employee_id] = k
    emp_spouse_head_unit = np.array(
        [head_unit.get(e.spouse_id, -1) if e.spouse_id else -1 for e in employees], dtype=np.int64
    )
    if not policy.forbid_spouse_head:
        emp_spouse_head_unit[:] = -1
    emp_home = np.array([kecs.get(e.home_kecamatan, -1) for e in employees], dtype=np.int64)
    return {
        "emp_pos": emp_pos,
        "emp_unit": emp_unit,
        "emp_group": emp_group,
        "emp_gol": emp_gol,
        "emp_edu": emp_edu,
        "emp_major": emp_major,
        "emp_certs": emp_certs,
        "emp_fj": emp_fj,
        "emp_pppk": emp_pppk & policy.pppk_stay_in_unit,
        "emp_spouse_head_unit": emp_spouse_head_unit,
        "emp_home": emp_home,
        "emp_comp": emp_comp,
        "emp_rotation": _rotation_wanted(employees, policy),
        "emp_family": emp_family,
        "formation": formation,
        "current": current,
        "overstaffed": overstaffed,
    }


def _rotation_wanted(employees: tuple[Employee, ...], policy: Policy) -> BoolArray:
    """Whom a new field would develop: a 9-box cell that asks for rotation, or long tenure."""
    boxes = [
        e.nine_box
        if e.nine_box is not None
        else nine_box(e.performance, e.potential, policy.potential_cutoffs)
        for e in employees
    ]
    return np.array(
        [
            (b is not None and b in policy.rotation_boxes)
            or e.years_in_family >= policy.long_in_family_years
            for b, e in zip(boxes, employees, strict=True)
        ],
        dtype=bool,
    )


def _person_rules(
    problem: Problem, policy: Policy, pos_managerial: BoolArray, emp_pos: IntArray
) -> dict[str, Any]:
    """Who may move at all (and why not), who must, and the pins' per-person decisions."""
    employees = problem.employees
    unit_index = {u.id: k for k, u in enumerate(problem.units)}
    pos_index = {p.id: k for k, p in enumerate(problem.positions)}
    emp_index = {e.id: k for k, e in enumerate(employees)}
    n = len(employees)
    years = np.array([e.years_in_post for e in employees])
    to_bup = np.array([e.retirement_age - e.age for e in employees])
    pinned_stay = np.zeros(n, dtype=bool)
    never_units: dict[int, set[int]] = {}
    goto: dict[int, int] = {}
    for pin in problem.pins:
        who = emp_index.get(pin.employee_id)
        if who is None:
            continue
        if pin.kind == PinKind.STAY:
            pinned_stay[who] = True
        elif pin.kind == PinKind.NEVER_UNIT and pin.unit_id in unit_index:
            never_units.setdefault(who, set()).add(unit_index[str(pin.unit_id)])
        elif pin.kind == PinKind.GOTO and pin.position_id in pos_index:
            goto[who] = pos_index[str(pin.position_id)]
    frozen = pos_managerial[emp_pos] & policy.in_freeze()
    reasons = [""] * n
    movable = np.ones(n, dtype=bool)
    checks: list[tuple[BoolArray, str]] = [
        (pinned_stay, Message("immobile_pinned")),
        (
            years < policy.min_years_in_post,
            Message("immobile_min_years", min_years=policy.min_years_in_post),
        ),
        (
            to_bup <= policy.retirement_buffer_years,
            Message("immobile_retirement", buffer=policy.retirement_buffer_years),
        ),
        (frozen, Message("immobile_freeze")),
    ]
    for mask, text in checks:
        for k in np.flatnonzero(mask & movable).tolist():
            reasons[k] = text
        movable &= ~mask
    must_move = movable & (years > policy.max_years_in_post) & policy.enforce_must_move
    return {
        "movable": movable,
        "must_move": must_move,
        "immobile_reason": reasons,
        "never_units": never_units,
        "goto": goto,
    }


def _preferences(problem: Problem) -> tuple[dict[int, list[int]], FloatArray]:
    """Each participant's ranked posts (STAY = -1, appended when missing), and the value of
    staying to them (0 for non-participants)."""
    employees = problem.employees
    pos_index = {p.id: k for k, p in enumerate(problem.positions)}
    prefs: dict[int, list[int]] = {}
    stay_value = np.zeros(len(employees))
    for k, e in enumerate(employees):
        if not e.preferences:
            continue
        ranked: list[int] = []
        for pid in e.preferences:
            if pid == STAY or pid == e.position_id:
                if -1 not in ranked:
                    ranked.append(-1)
            elif pid in pos_index and pos_index[pid] not in ranked:
                ranked.append(pos_index[pid])
        if -1 not in ranked:
            ranked.append(-1)
        prefs[k] = ranked
        stay_value[k] = pref_value(ranked.index(-1) + 1, len(ranked))
    return prefs, stay_value


def _unit_arrays(
    problem: Problem,
    policy: Policy,
    vocab: _Vocabularies,
    posts: dict[str, Any],
    people: dict[str, Any],
) -> dict[str, Any]:
    """Per unit: sector, priority, staff, formation, kecamatan; distances; sector weights."""
    units, kecs = problem.units, vocab.kecs
    pos_unit = posts["pos_unit"]
    sector_ids = _vocab([u.sector for u in units])
    unit_staff = np.bincount(people["emp_unit"], minlength=len(units)).astype(np.int64)
    unit_formation = np.bincount(
        pos_unit, weights=people["formation"], minlength=len(units)
    ).astype(np.int64)
    unit_priority = np.array([u.sector in policy.priority_sectors for u in units], dtype=bool)
    unit_kec = np.array([kecs.get(u.kecamatan, -1) for u in units], dtype=np.int64)
    n_kec = max(1, len(kecs))
    kec_dist = np.full((n_kec + 1, n_kec + 1), policy.default_distance_km)
    np.fill_diagonal(kec_dist, 0.0)
    kec_dist[-1, :] = 0.0  # unknown kecamatan (index -1): distance not counted
    kec_dist[:, -1] = 0.0
    for (a, b), km in problem.distances_km.items():
        if a in kecs and b in kecs:
            kec_dist[kecs[a], kecs[b]] = km
            kec_dist[kecs[b], kecs[a]] = km
    pos_sector_w = np.array(
        [
            policy.w_shortage
            * policy.sector_weight(units[u].sector)
            * policy.unit_weight(units[u].code)
            for u in pos_unit.tolist()
        ]
    )
    return {
        "pos_sector_w": pos_sector_w,
        "unit_sector_idx": np.array([sector_ids[u.sector] for u in units], dtype=np.int64),
        "unit_priority": unit_priority & policy.protect_priority_sectors,
        "unit_staff": unit_staff,
        "unit_formation": unit_formation,
        "unit_kec": unit_kec,
        "kec_dist": kec_dist,
    }


def _steps(levels: FloatArray) -> npt.NDArray[np.float32]:
    """(rows, K) integer levels 0..5 -> (rows, 5 K) indicators [level >= t], t = 1..5."""
    rounded = np.rint(levels)
    return np.concatenate([(rounded >= t) for t in range(1, 6)], axis=1).astype(np.float32)


def pref_value(rank: int, length: int) -> float:
    """Value of getting the post ranked ``rank`` (1 = first) in a list of ``length`` entries."""
    return (length - rank + 1) / length


def fit(c: Compiled, emps: IntArray, posts: IntArray) -> FloatArray:
    """Fit in 0..1 of employees ``emps`` (shape (r,)) to posts ``posts``: shape (k,) gives an
    (r, k) matrix of every pair, shape (r, k) one row of posts per employee."""
    posts = np.asarray(posts)
    if posts.ndim == 1:
        # every employee against the same posts: broadcast rows of post data, no gathers
        # levels are whole numbers 1..5, so min(a, b) = sum over t of [a >= t][b >= t]: one matmul
        total = c.pos_comp_total[posts][None, :]
        covered = c.emp_comp_steps[emps] @ c.pos_comp_steps[posts].T
        majors_any = c.pos_majors_any[posts][None, :]
        major_ok = c.pos_majors[posts][:, np.maximum(c.emp_major[emps], 0)].T
        cert_id = c.pos_cert[posts][None, :]
        held = c.emp_certs[emps][:, np.maximum(c.pos_cert[posts], 0)]
    else:
        total = c.pos_comp_total[posts]
        covered = np.zeros(posts.shape)
        for kk in np.flatnonzero(c.pos_comp[np.unique(posts)].any(axis=0)).tolist():
            covered += np.minimum(c.pos_comp[posts, kk], c.emp_comp[emps, kk][:, None])
        majors_any = c.pos_majors_any[posts]
        major_ok = c.pos_majors[posts, np.maximum(c.emp_major, 0)[emps][:, None]]
        cert_id = c.pos_cert[posts]
        held = c.emp_certs[emps[:, None], np.maximum(cert_id, 0)]
    major_ok = major_ok & (c.emp_major[emps][:, None] >= 0)
    comp = np.where(total > 0, covered / np.maximum(total, 1e-9), NEUTRAL)
    major = np.where(majors_any, NEUTRAL, major_ok)
    cert = np.where(cert_id < 0, NEUTRAL, held)
    result: FloatArray = FIT_COMPETENCY * comp + FIT_MAJOR * major + FIT_CERTIFICATE * cert
    return result


def training_gap_added(c: Compiled, emps: IntArray, posts: IntArray) -> FloatArray:
    """Competency levels of training a move adds over staying: the gap against each post in
    ``posts`` (shape (k,)) minus the gap against the post held now, shape (r, k)."""
    new = competency.gap_by_steps(
        c.emp_comp_steps[emps], c.pos_comp_steps[posts], c.pos_comp_total[posts]
    )
    own = c.emp_pos[emps]
    stay = competency.gap_of_own_post(
        c.emp_comp_steps[emps], c.pos_comp_steps[own], c.pos_comp_total[own]
    )
    result: FloatArray = np.asarray(new - stay[:, None], dtype=np.float64)
    return result


@dataclass
class Block:
    """Employees ``emps`` (movable, one family group) against posts ``posts`` of that group."""

    emps: IntArray
    posts: IntArray
    eligible: BoolArray  # (len(emps), len(posts))
    # gain of the move over staying; -inf where not eligible (float32 in the cache, see
    # ``cache_blocks``; the solver adds the rounding to its bound)
    score: npt.NDArray[np.floating[Any]]


class PairRule(StrEnum):
    """One per-pair rule of ``pair_rules``: a pair that breaks it is not eligible."""

    OWN_POST = "own_post"  # the post already held (staying is not a move)
    GOLONGAN_LOW = "golongan_low"
    GOLONGAN_HIGH = "golongan_high"
    EDUCATION = "education"
    MAJOR = "major"
    CERTIFICATE = "certificate"
    JOB_FAMILY = "job_family"  # not the same (or an interchangeable) job family
    FUNCTIONAL = "functional"  # functional post for someone not holding that functional job
    OTHER_UNIT_PPPK = "other_unit_pppk"
    SPOUSE_HEAD = "spouse_head"  # a unit headed by the spouse
    PINNED_AWAY = "pinned_away"  # a unit the planner pinned the person away from
    CLOSED = "closed"  # the post takes nobody this cycle (overstaffed, election freeze)


# The requirements a person must meet to be offered a post at all: the participation portal shows
# exactly these (capacity, spouse and pins are the planner's business, not a wish's).
QUALIFICATION_RULES = frozenset(
    {
        PairRule.GOLONGAN_LOW,
        PairRule.GOLONGAN_HIGH,
        PairRule.EDUCATION,
        PairRule.MAJOR,
        PairRule.CERTIFICATE,
        PairRule.JOB_FAMILY,
        PairRule.FUNCTIONAL,
        PairRule.OTHER_UNIT_PPPK,
    }
)


def pair_rules(
    c: Compiled, emps: IntArray, posts: IntArray
) -> Iterator[tuple[PairRule, BoolArray]]:
    """Each per-pair rule with its (len(emps), len(posts)) mask, True where the pair meets it.

    Yielded one at a time so that ``pair_eligible`` keeps one mask alive, not twelve. This is the
    rule the solvers and the participation portal (through ``unmet_requirements``) use; ``check``
    re-derives the hard rules from the raw data on its own, by design, to audit the solvers."""
    yield PairRule.OWN_POST, c.emp_pos[emps[:, None]] != posts[None, :]
    yield from _requirement_rules(c, emps, posts)
    yield from _place_rules(c, emps, posts)


def _requirement_rules(
    c: Compiled, emps: IntArray, posts: IntArray
) -> Iterator[tuple[PairRule, BoolArray]]:
    """The rules of ``pair_rules`` that read only what ``Profiles`` keys: the person's golongan,
    education, major, certificates, family group and functional job, and the post's
    requirements, family group and functional job."""
    e = emps[:, None]
    p = posts[None, :]
    yield PairRule.GOLONGAN_LOW, c.emp_gol[e] >= c.pos_gol_min[p]
    yield PairRule.GOLONGAN_HIGH, c.emp_gol[e] <= c.pos_gol_max[p]
    yield PairRule.EDUCATION, c.emp_edu[e] >= c.pos_edu_min[p]
    major_ok = c.pos_majors[posts][:, np.maximum(c.emp_major[emps], 0)].T & (c.emp_major[e] >= 0)
    yield PairRule.MAJOR, c.pos_majors_any[p] | major_ok
    cert_id = c.pos_cert[posts]
    held = c.emp_certs[emps][:, np.maximum(cert_id, 0)]
    yield PairRule.CERTIFICATE, (cert_id[None, :] < 0) | held
    yield PairRule.JOB_FAMILY, c.emp_group[e] == c.pos_group[p]
    fj = c.pos_fj[p]
    yield PairRule.FUNCTIONAL, ((fj < 0) | (c.emp_fj[e] == fj)) & ~c.pos_fj_missing[p]


def _place_rules(
    c: Compiled, emps: IntArray, posts: IntArray
) -> Iterator[tuple[PairRule, BoolArray]]:
    """The rules of ``pair_rules`` about the post's unit and whether it takes anybody."""
    e = emps[:, None]
    p = posts[None, :]
    yield PairRule.OTHER_UNIT_PPPK, ~c.emp_pppk[e] | (c.emp_unit[e] == c.pos_unit[p])
    yield PairRule.SPOUSE_HEAD, c.emp_spouse_head_unit[e] != c.pos_unit[p]
    yield PairRule.CLOSED, np.broadcast_to(c.accepts[p], (len(emps), len(posts)))
    pinned = [(row, c.never_units[k]) for row, k in enumerate(emps.tolist()) if k in c.never_units]
    if pinned:  # (a rule that no pair of the block can break is left out)
        away = np.ones((len(emps), len(posts)), dtype=bool)
        for row, banned in pinned:
            away[row] = ~np.isin(c.pos_unit[posts], list(banned))
        yield PairRule.PINNED_AWAY, away


@dataclass
class Profiles:
    """People and posts by what ``_requirement_rules`` reads of them: two people of one profile
    meet the same requirements of every post, and two posts of one profile ask the same of
    everybody (the 50,000-employee demo region has 1,589 people's and 205 posts' profiles).
    ``meets[a, b]``: whether people of profile a meet every requirement of posts of profile b."""

    emp_profile: IntArray
    pos_profile: IntArray
    meets: BoolArray

    @classmethod
    def of(cls, c: Compiled) -> Profiles:
        emp_key = np.column_stack(
            [c.emp_gol, c.emp_edu, c.emp_major, c.emp_group, c.emp_fj, np.packbits(c.emp_certs, 1)]
        )
        pos_key = np.column_stack(
            [
                c.pos_gol_min,
                c.pos_gol_max,
                c.pos_edu_min,
                c.pos_cert,
                c.pos_group,
                c.pos_fj,
                c.pos_fj_missing,
                np.packbits(c.pos_majors, 1),
            ]
        )
        emp_profile, emp_rep = row_classes(emp_key)
        pos_profile, pos_rep = row_classes(pos_key)
        meets = np.ones((len(emp_rep), len(pos_rep)), dtype=bool)
        for _rule, mask in _requirement_rules(c, emp_rep, pos_rep):
            meets &= mask
        return cls(emp_profile, pos_profile, meets)


def row_classes(key: npt.NDArray[Any]) -> tuple[IntArray, IntArray]:
    """Rows of ``key`` with the same bytes in one class: each row's class (numbered by first
    appearance) and the first row of each class. (``np.unique`` over rows sorts them, which
    costs more than hashing them.)"""
    key = np.ascontiguousarray(key)
    rows = key.view(np.dtype((np.void, key.dtype.itemsize * key.shape[1]))).ravel()
    seen: dict[Any, int] = {}
    classes = np.array([seen.setdefault(row, len(seen)) for row in rows.tolist()], dtype=np.int64)
    first = np.zeros(len(seen), dtype=np.int64)
    first[classes[::-1]] = np.arange(len(classes) - 1, -1, -1)
    return classes, first


def pair_eligible(c: Compiled, emps: IntArray, posts: IntArray) -> BoolArray:
    """Per-pair rules (every rule of ``pair_rules``; person rules not applied). The requirement
    rules are read from the people's and posts' profiles (``Profiles``), the others pair by
    pair."""
    if c.profiles is None:
        c.profiles = Profiles.of(c)
    prof = c.profiles
    ok: BoolArray = np.take(prof.meets[prof.emp_profile[emps]], prof.pos_profile[posts], axis=1)
    ok &= c.emp_pos[emps[:, None]] != posts[None, :]
    for _rule, mask in _place_rules(c, emps, posts):
        ok &= mask
    return ok


def pair_eligible_at(c: Compiled, emps: IntArray, posts: IntArray) -> BoolArray:
    """``pair_eligible`` of the pairs (emps[i], posts[i]) only (1-D arrays of one length): each
    run of ``BLOCK_ROWS`` people is judged by ``pair_eligible`` against the posts its pairs
    name."""
    out = np.zeros(len(emps), dtype=bool)
    people, row = np.unique(emps, return_inverse=True)
    for lo in range(0, len(people), BLOCK_ROWS):
        sel = (row >= lo) & (row < lo + BLOCK_ROWS)
        cols, col = np.unique(posts[sel], return_inverse=True)
        ok = pair_eligible(c, people[lo : lo + BLOCK_ROWS], cols)
        out[sel] = ok[row[sel] - lo, col]
    return out


def unmet_requirements(
    employee: Employee,
    positions: Sequence[Position],
    units: Sequence[Unit],
    policy: Policy,
) -> list[list[PairRule]]:
    """For one employee and each of ``positions``, the requirements (``QUALIFICATION_RULES``, and
    OWN_POST for the post held) that the pair breaks, in ``PairRule`` order; [] = may go there.

    The same rules as the planner's, evaluated by the same code: the employee and the posts are
    compiled as a small problem and ``pair_rules`` is read rule by rule. ``positions`` must
    include the post the employee holds; ``units`` every unit they name."""
    problem = Problem(units=tuple(units), positions=tuple(positions), employees=(employee,))
    c = compile_problem(problem, policy)
    posts = np.arange(len(positions))
    unmet: list[list[PairRule]] = [[] for _ in positions]
    for rule, mask in pair_rules(c, np.array([0]), posts):
        if rule in QUALIFICATION_RULES or rule == PairRule.OWN_POST:
            for q in np.flatnonzero(~mask[0]).tolist():
                unmet[q].append(rule)
    own = c.emp_pos[0]
    unmet[own] = [PairRule.OWN_POST]
    return unmet


def pair_score(c: Compiled, emps: IntArray, posts: IntArray) -> FloatArray:
    """Gain over staying of moving each employee to each post (dense, eligibility not applied)."""
    pol = c.policy
    e = emps[:, None]
    p = posts[None, :]
    origin = c.emp_pos[emps]
    # shortage: a filled slot at the destination, minus the one vacated (overstaffed origins lose
    # nothing until their surplus is gone, which the solver's surplus rows account for)
    s = c.pos_sector_w[p] - np.where(c.overstaffed[origin], 0.0, c.pos_sector_w[origin])[:, None]
    s = s + pol.w_fit * (fit(c, emps, posts) - c.fit_stay[emps][:, None])
    if pol.w_training_gap:
        s = s - pol.w_training_gap * training_gap_added(c, emps, posts)
    new_field = (c.pos_family[p] != c.emp_family[e]) | (
        c.unit_sector_idx[c.pos_unit[p]] != c.unit_sector_idx[c.emp_unit[e]]
    )
    s = s + pol.w_career * (new_field & c.emp_rotation[e])
    dist = c.kec_dist[c.emp_home[e], c.unit_kec[c.pos_unit[p]]]
    s = s - pol.w_distance_per_km * (dist - c.dist_stay[emps][:, None])
    s = s - pol.w_move + pol.w_must_move * c.must_move[e]
    # preferences: unlisted posts are worth 0 and, for participants, rank below staying
    worse = c.emp_participant[e] & ~c.must_move[e]
    s = s - pol.w_preference * c.stay_value[e] - pol.w_worse_off * worse
    if c.ref_pos is not None:
        # stability: the reference's own post earns the weight; who it kept loses it by moving
        ref = c.ref_pos[emps]
        kept = ref == c.emp_pos[emps]
        s = s + c.stability_weight * ((p == ref[:, None]).astype(float) - kept[:, None])
    col = {q: j for j, q in enumerate(posts.tolist())}
    for row, k in enumerate(emps.tolist()):
        ranked = c.prefs.get(k)
        if not ranked:
            continue
        length = len(ranked)
        stay_rank = ranked.index(-1) + 1
        for r, q in enumerate(ranked, start=1):
            j = col.get(q, -1) if q >= 0 else -1
            if j < 0:
                continue
            s[row, j] += pol.w_preference * pref_value(r, length)
            if r < stay_rank and not c.must_move[k]:
                s[row, j] += pol.w_worse_off  # listed above staying: not worse off
    result: FloatArray = s
    return result


def move_terms(c: Compiled, k: int, q: int, fit_new: float | None = None) -> dict[str, float]:
    """The objective terms of moving employee ``k`` to post ``q`` (gains over staying);
    ``fit_new``: ``fit`` of the pair when the caller has it already (``fit_at`` of every move)."""
    pol = c.policy
    if fit_new is None:
        fit_new = float(fit(c, np.array([k]), np.array([q]))[0, 0])
    origin = int(c.emp_pos[k])
    terms: dict[str, float] = {}
    terms["shortage"] = float(
        c.pos_sector_w[q] - (0.0 if c.overstaffed[origin] else c.pos_sector_w[origin])
    )
    terms["fit"] = float(pol.w_fit * (fit_new - c.fit_stay[k]))
    if pol.w_training_gap:
        added = training_gap_added(c, np.array([k]), np.array([q]))[0, 0]
        terms["training_gap"] = -float(pol.w_training_gap * added)
    new_field = c.pos_family[q] != c.emp_family[k] or (
        c.unit_sector_idx[c.pos_unit[q]] != c.unit_sector_idx[c.emp_unit[k]]
    )
    terms["career"] = float(pol.w_career) if new_field and c.emp_rotation[k] else 0.0
    dist = c.kec_dist[c.emp_home[k], c.unit_kec[c.pos_unit[q]]]
    terms["distance"] = float(-pol.w_distance_per_km * (dist - c.dist_stay[k]))
    terms["move"] = -float(pol.w_move)
    terms["must_move"] = float(pol.w_must_move) if c.must_move[k] else 0.0
    ranked = c.prefs.get(k)
    pref = 0.0
    worse = bool(c.emp_participant[k] and not c.must_move[k])
    if ranked:
        if q in ranked:
            r = ranked.index(q) + 1
            pref = pref_value(r, len(ranked))
            if r < ranked.index(-1) + 1:
                worse = False
        terms["preference"] = float(pol.w_preference * (pref - c.stay_value[k]))
    else:
        terms["preference"] = 0.0
    terms["worse_off"] = -float(pol.w_worse_off) if worse else 0.0
    if c.ref_pos is not None:
        ref = int(c.ref_pos[k])
        kept = ref == origin
        terms["stability"] = c.stability_weight * (float(q == ref) - float(kept))
    return terms


@dataclass
class PairTables:
    """What ``pair_score_at`` looks up: per post its required competencies (index, level rounded
    to 0..5; padded with level 0), and the listed (employee, post) pairs with their preference
    bonus and, when listed above staying, the worse-off refund."""

    req_index: IntArray  # (m, K) competency index
    req_level: npt.NDArray[np.uint8]  # (m, K)
    emp_level: npt.NDArray[np.uint8]  # (n, n_comps) levels rounded to 0..5
    pref_keys: IntArray  # sorted employee * m + post
    pref_bonus: FloatArray
    pref_refund: FloatArray


def _pair_tables(c: Compiled) -> PairTables:
    if c.pair_tables is not None:
        return c.pair_tables
    levels = np.clip(np.rint(c.pos_comp), 0, 5)
    width = max(1, int((levels > 0).sum(axis=1).max(initial=0)))
    req_index = np.zeros((c.m, width), dtype=np.int64)
    req_level = np.zeros((c.m, width), dtype=np.uint8)
    rows, cols = np.nonzero(levels > 0)
    slot = np.arange(len(rows)) - np.searchsorted(rows, rows)
    req_index[rows, slot] = cols
    req_level[rows, slot] = levels[rows, cols]
    pol = c.policy
    keys: list[int] = []
    bonus: list[float] = []
    refund: list[float] = []
    for k, ranked in c.prefs.items():
        length = len(ranked)
        stay_rank = ranked.index(-1) + 1
        for r, q in enumerate(ranked, start=1):
            if q < 0:
                continue
            keys.append(k * c.m + q)
            bonus.append(pol.w_preference * pref_value(r, length))
            refund.append(pol.w_worse_off if r < stay_rank and not c.must_move[k] else 0.0)
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    c.pair_tables = PairTables(
        req_index=req_index,
        req_level=req_level,
        emp_level=np.clip(np.rint(c.emp_comp), 0, 5).astype(np.uint8),
        pref_keys=np.array(keys, dtype=np.int64)[order],
        pref_bonus=np.array(bonus, dtype=np.float64)[order],
        pref_refund=np.array(refund, dtype=np.float64)[order],
    )
    return c.pair_tables


def _covered_at(c: Compiled, e: IntArray, p: IntArray) -> FloatArray:
    """sum over the post's competencies of min(required, held), levels 0..5, pair by pair."""
    t = _pair_tables(c)
    # whole levels of one byte, summed exactly: the float sum of the same levels, at less cost
    held = t.emp_level.reshape(-1)
    row = e * t.emp_level.shape[1]
    index, level = t.req_index[p], t.req_level[p]
    covered = np.zeros(len(e), dtype=np.int32)
    for k in range(index.shape[1]):
        covered += np.minimum(level[:, k], held[row + index[:, k]])
    result: FloatArray = covered.astype(np.float64)
    return result


def fit_at(c: Compiled, e: IntArray, p: IntArray) -> FloatArray:
    """``fit`` of the pairs (e[i], p[i]) only (1-D arrays of one length), the same values."""
    covered = _covered_at(c, e, p)
    total = c.pos_comp_total[p]
    comp = np.where(total > 0, covered / np.maximum(total, 1e-9), NEUTRAL)
    major_ok = c.pos_majors[p, np.maximum(c.emp_major[e], 0)] & (c.emp_major[e] >= 0)
    major = np.where(c.pos_majors_any[p], NEUTRAL, major_ok)
    cert_id = c.pos_cert[p]
    cert = np.where(cert_id < 0, NEUTRAL, c.emp_certs[e, np.maximum(cert_id, 0)])
    result: FloatArray = FIT_COMPETENCY * comp + FIT_MAJOR * major + FIT_CERTIFICATE * cert
    return result


def pair_score_at(c: Compiled, e: IntArray, p: IntArray) -> FloatArray:
    """``pair_score`` of the pairs (e[i], p[i]) only: the same terms in the same order, so the
    same values, at the cost of the pairs asked for (the eligible ones: 5-11% of a family
    group's pairs on the demo region) instead of every pair of a block."""
    pol = c.policy
    origin = c.emp_pos[e]
    s = c.pos_sector_w[p] - np.where(c.overstaffed[origin], 0.0, c.pos_sector_w[origin])
    s = s + pol.w_fit * (fit_at(c, e, p) - c.fit_stay[e])
    if pol.w_training_gap:  # as ``training_gap_added``: the gap there less the gap held now
        own = c.emp_pos[e]
        gap_new = c.pos_comp_total[p] - _covered_at(c, e, p)
        gap_stay = c.pos_comp_total[own] - _covered_at(c, e, own)
        s = s - pol.w_training_gap * (gap_new - gap_stay)
    new_field = (c.pos_family[p] != c.emp_family[e]) | (
        c.unit_sector_idx[c.pos_unit[p]] != c.unit_sector_idx[c.emp_unit[e]]
    )
    s = s + pol.w_career * (new_field & c.emp_rotation[e])
    dist = c.kec_dist[c.emp_home[e], c.unit_kec[c.pos_unit[p]]]
    s = s - pol.w_distance_per_km * (dist - c.dist_stay[e])
    s = s - pol.w_move + pol.w_must_move * c.must_move[e]
    worse = c.emp_participant[e] & ~c.must_move[e]
    s = s - pol.w_preference * c.stay_value[e] - pol.w_worse_off * worse
    if c.ref_pos is not None:
        ref = c.ref_pos[e]
        kept = ref == c.emp_pos[e]
        s = s + c.stability_weight * ((p == ref).astype(float) - kept)
    t = _pair_tables(c)
    if len(t.pref_keys):
        keys = e * c.m + p
        at = np.minimum(np.searchsorted(t.pref_keys, keys), len(t.pref_keys) - 1)
        listed = t.pref_keys[at] == keys
        s[listed] += t.pref_bonus[at[listed]]
        s[listed] += t.pref_refund[at[listed]]
    result: FloatArray = s
    return result


# ``_block``: every pair of a block scored at once (``pair_score``) when at least this share of
# them is eligible. A pair scored on its own costs about 3 times a pair of a whole block (on the
# 50,000 regions: synthetic, 68-87% eligible, 3.5 s against 1.2 s; the health group of
# one-person-posts, 71%, 1.4 s against 0.4 s; groups of 1-6% eligible, 0.1 s against 0.7 s)
_DENSE_SHARE = 0.4
_DENSE_CELLS = 1 << 20  # pairs of a run of rows scored at once (8 MB an array)
CACHE_PAIRS = 120_000_000  # above this many pairs blocks are kept sparse (``SparseBlock``)
SPARSE_PAIRS = 100_000_000  # above this many eligible pairs (800 MB) blocks are recomputed


def solver_threads() -> int:
    """How many blocks are scored, and group LPs solved, at a time: the CPUs this process may
    run on (its affinity mask, as a container or ``taskset`` sets it), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return max(1, os.cpu_count() or 1)


def cacheable(c: Compiled) -> bool:
    """Whether the blocks of all movable employees fit in ``CACHE_PAIRS`` pairs."""
    movable = np.flatnonzero(c.movable)
    groups = int(max(c.pos_group.max(initial=0), c.emp_group.max(initial=0))) + 1
    per_group = np.bincount(c.pos_group[c.accepts], minlength=groups)
    return int(per_group[c.emp_group[movable]].sum()) <= CACHE_PAIRS


@dataclass
class SparseBlock:
    """A cached block that keeps only its eligible pairs (row-wise, like CSR): 6 bytes an eligible
    pair (its score as float32, its column as uint16 when the block has at most 65,536 posts,
    as they all have on the demo regions; else 8 bytes). For regions whose groups are large but
    sparse (the 50,000-employee demo region: 203 million pairs, 11% eligible: 131 MB instead of
    811 MB dense). On ``one-person-posts`` at 50,000 the kept blocks are most of the peak memory:
    uint16 rather than int32 columns took its peak from 2,151 to 1,864 MB (the same plan)."""

    emps: IntArray
    posts: IntArray
    indptr: IntArray
    indices: npt.NDArray[np.uint16] | npt.NDArray[np.int32]
    scores: npt.NDArray[np.float32]

    @classmethod
    def of(cls, block: Block) -> SparseBlock:
        # (a cached dense block keeps no mask: eligible exactly where the score is finite)
        mask = block.eligible if block.eligible.size else np.isfinite(block.score)
        rows, cols = np.nonzero(mask)
        indptr = np.searchsorted(rows, np.arange(len(block.emps) + 1))
        scores = block.score[rows, cols].astype(np.float32)
        small = len(block.posts) <= 65_536
        index = cols.astype(np.uint16) if small else cols.astype(np.int32)
        return cls(block.emps, block.posts, indptr, index, scores)

    def dense(self, sel: BoolArray | None = None) -> npt.NDArray[np.float32]:
        """The score matrix (-inf where not eligible), of the rows ``sel`` when given."""
        rows = np.arange(len(self.emps)) if sel is None else np.flatnonzero(sel)
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        counts = ends - starts
        at = np.repeat(ends - np.cumsum(counts), counts) + np.arange(counts.sum())
        score = np.full((len(rows), len(self.posts)), -np.inf, dtype=np.float32)
        score[np.repeat(np.arange(len(rows)), counts), self.indices[at]] = self.scores[at]
        return score

    def rows(self, sel: BoolArray) -> SparseBlock:
        """The block of the rows ``sel`` only (still sparse)."""
        rows = np.flatnonzero(sel)
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        counts = ends - starts
        at = np.repeat(ends - np.cumsum(counts), counts) + np.arange(counts.sum())
        indptr = np.r_[0, np.cumsum(counts)].astype(np.int64)
        return SparseBlock(self.emps[rows], self.posts, indptr, self.indices[at], self.scores[at])

    def row_of_entry(self) -> IntArray:
        """The row of each stored pair."""
        rows: IntArray = np.repeat(np.arange(len(self.emps)), np.diff(self.indptr))
        return rows

    def padded(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int32]]:
        """(scores, columns) as (rows, longest row) matrices, rows left-aligned: -inf (and
        column 0) after a row's pairs. Top-k along a row then costs the longest row, not every
        post of the group (the eligible posts are 5-11% of a group's on the demo region)."""
        counts = np.diff(self.indptr)
        width = max(1, int(counts.max(initial=0)))
        rows = self.row_of_entry()
        slot = np.arange(len(self.indices)) - self.indptr[rows]
        scores = np.full((len(self.emps), width), -np.inf, dtype=np.float32)
        scores[rows, slot] = self.scores
        cols = np.zeros((len(self.emps), width), dtype=np.int32)
        cols[rows, slot] = self.indices
        return scores, cols


Blocks = list[Block | SparseBlock]


def score_blocks(
    c: Compiled, emps: IntArray, *, sparse: bool = False, posts_ok: BoolArray | None = None
) -> Blocks:
    """The blocks of movable ``emps``, scores as float32 (4 bytes a pair) and no mask: a pair is
    eligible exactly where its score is finite; only the eligible pairs when ``sparse``. Scored
    two blocks at a time (numpy releases the GIL). ``posts_ok``: see ``block_specs``."""

    def scored(spec: tuple[IntArray, IntArray]) -> Block | SparseBlock:
        b = _block(c, *spec)
        if sparse:
            return SparseBlock.of(b)
        return Block(b.emps, b.posts, np.zeros((0, 0), dtype=bool), b.score.astype(np.float32))

    with ThreadPoolExecutor(max_workers=solver_threads()) as pool:
        return list(pool.map(scored, block_specs(c, emps, posts_ok)))


def cache_blocks(c: Compiled) -> None:
    """Compute the blocks of all movable employees once; ``iter_blocks`` then slices them.
    Skipped above ``CACHE_PAIRS``."""
    if c.blocks is None and cacheable(c):
        c.blocks = score_blocks(c, np.flatnonzero(c.movable))


def iter_sparse_blocks(
    c: Compiled,
    emps: IntArray | None = None,
    blocks: Blocks | None = None,
    posts_ok: BoolArray | None = None,
) -> Iterator[SparseBlock]:
    """``iter_blocks`` with only the eligible pairs of each block (``SparseBlock``); blocks
    scored here (none given or cached) have the posts ``posts_ok`` (see ``block_specs``)."""
    blocks = blocks if blocks is not None else c.blocks
    if blocks is not None and (emps is None or c.movable[emps].all()):
        wanted = _wanted(c, emps)
        for block in blocks:
            sparse = block if isinstance(block, SparseBlock) else SparseBlock.of(block)
            if wanted is None:
                yield sparse
                continue
            sel = wanted[block.emps]
            if sel.all():
                yield sparse
            elif sel.any():
                yield sparse.rows(sel)
        return
    if emps is None:
        emps = np.flatnonzero(c.movable)
    for spec in block_specs(c, emps, posts_ok):
        yield SparseBlock.of(_block(c, *spec))


def iter_blocks(
    c: Compiled, emps: IntArray | None = None, blocks: Blocks | None = None
) -> Iterator[Block]:
    """Dense blocks over movable employees (or ``emps``) and the posts of their family group.
    Sliced from ``blocks`` (``score_blocks``, covering ``emps``) or the cache when given."""
    blocks = blocks if blocks is not None else c.blocks
    if blocks is not None and (emps is None or c.movable[emps].all()):
        wanted = _wanted(c, emps)
        for block in blocks:
            sel = None if wanted is None else wanted[block.emps]
            if sel is not None and not sel.any():
                continue
            if isinstance(block, SparseBlock):
                score = block.dense(sel)
            else:
                score = block.score if sel is None else block.score[sel]
            chosen = block.emps if sel is None else block.emps[sel]
            yield Block(chosen, block.posts, np.isfinite(score), score)
        return
    if emps is None:
        emps = np.flatnonzero(c.movable)
    for spec in block_specs(c, emps):
        yield _block(c, *spec)


def eligible_posts(c: Compiled, emps: IntArray) -> dict[int, IntArray]:
    """The posts each of ``emps`` is eligible for (``pair_eligible`` against the posts of the
    family group that take anybody), in index order; kept in ``Compiled.eligible_rows``."""
    known = c.eligible_rows
    missing = np.array([e for e in emps.tolist() if e not in known], dtype=np.int64)
    for e in missing.tolist():
        known[e] = np.zeros(0, dtype=np.int64)  # (a group without such posts has no block)
    for chunk, posts in block_specs(c, missing):
        keep_rows(c, chunk, posts, *np.nonzero(pair_eligible(c, chunk, posts)))
    return {e: known[e] for e in emps.tolist()}


def keep_rows(
    c: Compiled, chunk: IntArray, posts: IntArray, rows: IntArray, cols: IntArray
) -> None:
    """Keep the eligible posts of each person of a block (its eligible pairs (rows, cols), in
    row order, as ``np.nonzero`` gives them) for ``eligible_posts``."""
    ends = np.searchsorted(rows, np.arange(1, len(chunk)))
    for e, row in zip(chunk.tolist(), np.split(posts[cols], ends), strict=True):
        c.eligible_rows[e] = row


def _wanted(c: Compiled, emps: IntArray | None) -> BoolArray | None:
    """A mask of ``emps`` over all employees (None: everybody)."""
    if emps is None:
        return None
    wanted = np.zeros(c.n, dtype=bool)
    wanted[emps] = True
    return wanted


def _block(c: Compiled, chunk: IntArray, posts: IntArray) -> Block:
    """The eligibility mask first, then the scores of the eligible pairs only: pair by pair
    (``pair_score_at``), or, where ``_DENSE_SHARE`` of the pairs or more are eligible, every
    pair of a run of rows at once (``pair_score``, the same values; ``_DENSE_CELLS`` pairs at a
    time) and the others set to -inf."""
    ok = pair_eligible(c, chunk, posts)
    rows, cols = np.nonzero(ok)
    if len(rows) < _DENSE_SHARE * ok.size:
        score = np.full(ok.shape, -np.inf)
        score[rows, cols] = pair_score_at(c, chunk[rows], posts[cols])
        return Block(chunk, posts, ok, score)
    score = np.empty(ok.shape)
    run = max(1, _DENSE_CELLS // max(len(posts), 1))
    for first in range(0, len(chunk), run):
        score[first : first + run] = pair_score(c, chunk[first : first + run], posts)
    score[~ok] = -np.inf
    return Block(chunk, posts, ok, score)


def block_specs(
    c: Compiled, emps: IntArray, posts_ok: BoolArray | None = None
) -> Iterator[tuple[IntArray, IntArray]]:
    """(people, posts) of each block: ``emps`` by family group, in chunks of ``BLOCK_ROWS``; the
    posts of the group that take anybody (``accepts``), or those of ``posts_ok`` (a subset of
    them: the ``optimal`` mechanism leaves out the posts no plan can move anybody into)."""
    if len(emps) == 0:
        return
    order = emps[np.argsort(c.emp_group[emps], kind="stable")]
    groups = c.emp_group[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    ends = np.r_[starts[1:], len(order)]
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        g = groups[a]
        posts = np.flatnonzero((c.pos_group == g) & (c.accepts if posts_ok is None else posts_ok))
        if len(posts) == 0:
            continue
        for lo in range(a, b, BLOCK_ROWS):
            yield order[lo : min(b, lo + BLOCK_ROWS)], posts
