"""The one bridge between the database and the pure planner.

ORM rows -> ``mutasi.planner.Problem`` (``load_problem``), and a planner ``Plan`` -> ``Move`` rows
and plan metrics (``store_moves``, ``store_metrics``); stored moves -> planner ``Plan`` again for
``check`` (``planner_plan_from_rows``). Everything is read with ``values()`` queries and built in
one pass, so 50,000 employees load in a few seconds. Ids given to the planner are the primary keys
as strings.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mutasi import planner
from mutasi.needs.selectors import formation_by_position
from mutasi.people import codes
from mutasi.people.codes import functional_job_of
from mutasi.people.models import Employee, Position, PositionHistory, Unit

from .models import Cycle, Move, Pin, Plan

# Order of managerial posts when finding a unit's head (highest first).
HEAD_KIND_ORDER = {"jpt": 0, "administrator": 1, "pengawas": 2}


def _years(days: int) -> float:
    return days / 365.25


def _age(birth: datetime.date, on: datetime.date) -> float:
    return _years((on - birth).days)


@dataclasses.dataclass
class LoadedProblem:
    """A planner Problem with the policy it is solved under and what the UI needs to name ids."""

    problem: planner.Problem
    policy: planner.Policy
    plan_date: datetime.date
    load_seconds: float = 0.0
    unit_heads: dict[str, str] = dataclasses.field(default_factory=dict)


def effective_policy(
    cycle: Cycle | None, overrides: Mapping[str, Any] | None = None
) -> planner.Policy:
    """The cycle's policy (or the default), with the cycle's freeze window and effective date."""
    data: dict[str, Any] = dict(cycle.policy if cycle else {})
    if overrides:
        data.update(overrides)
    if cycle is not None:
        if cycle.freeze_start and cycle.freeze_end:
            data["freeze_start"] = cycle.freeze_start.isoformat()
            data["freeze_end"] = cycle.freeze_end.isoformat()
        if cycle.effective_date:
            data["plan_date"] = cycle.effective_date.isoformat()
    return planner.Policy.from_dict(data)


def load_problem(
    cycle: Cycle | None,
    *,
    policy_overrides: Mapping[str, Any] | None = None,
    on: datetime.date | None = None,
) -> LoadedProblem:
    """Read units, posts, employees, history, preferences and the cycle's pins into a Problem."""
    started = time.perf_counter()
    policy = effective_policy(cycle, policy_overrides)
    plan_date = on or policy.plan_date or timezone.localdate()

    # effective formation from the needs analysis: override, else ABK, else imported kebutuhan
    formation = formation_by_position()
    positions_raw = list(
        Position.objects.order_by("id").values(
            "id",
            "code",
            "name",
            "unit_id",
            "kind",
            "job_family",
            "gol_min",
            "gol_max",
            "education_min",
            "majors",
            "certificate",
            "competencies",
            "formation",
        )
    )
    position_kind: dict[int, str] = {}
    position_family: dict[int, str] = {}
    position_functional: dict[int, str] = {}
    position_unit: dict[int, int] = {}
    position_bup: dict[int, int] = {}
    positions = []
    for p in positions_raw:
        pid = p["id"]
        fjob = functional_job_of(p["kind"], p["name"])
        position_kind[pid] = p["kind"]
        position_family[pid] = p["job_family"]
        position_functional[pid] = fjob
        position_unit[pid] = p["unit_id"]
        position_bup[pid] = codes.retirement_age(p["kind"], p["name"])
        form = formation.get(pid, p["formation"])
        positions.append(
            planner.Position(
                id=str(pid),
                code=p["code"],
                name=p["name"],
                unit_id=str(p["unit_id"]),
                kind=p["kind"],
                job_family=p["job_family"],
                gol_min=codes.golongan_rank(p["gol_min"]) if p["gol_min"] else None,
                gol_max=codes.golongan_rank(p["gol_max"]) if p["gol_max"] else None,
                education_min=(
                    codes.education_rank(p["education_min"]) if p["education_min"] else None
                ),
                majors=frozenset(m.lower().strip() for m in (p["majors"] or []) if m.strip()),
                certificate=(p["certificate"] or "").lower().strip(),
                competencies={str(k).lower(): int(v) for k, v in (p["competencies"] or {}).items()},
                formation=form,
                functional_job=fjob,
            )
        )

    # History: job families of earlier posts, oldest first.
    history: dict[int, list[tuple[datetime.date, datetime.date | None, str]]] = defaultdict(list)
    for h in (
        PositionHistory.objects.order_by("employee_id", "start")
        .values_list("employee_id", "start", "end", "job_family", "position__job_family")
        .iterator(chunk_size=20000)
    ):
        history[h[0]].append((h[1], h[2], h[3] or h[4] or ""))

    preferences: dict[int, list[str]] = defaultdict(list)
    from mutasi.participation.models import Preference

    for employee_id, position_id in (
        Preference.objects.order_by("employee_id", "rank")
        .values_list("employee_id", "position_id")
        .iterator(chunk_size=20000)
    ):
        preferences[employee_id].append(str(position_id))

    rows = list(
        Employee.objects.order_by("id").values_list(
            "id",
            "nip",
            "name",
            "position_id",
            "golongan",
            "education",
            "position_start",
            "birth_date",
            "employee_type",
            "major",
            "certificates",
            "competencies",
            "home_kecamatan",
            "performance",
            "potential",
            "spouse_nip",
        )
    )
    id_by_nip = {r[1]: r[0] for r in rows}
    employees = []
    best_head: dict[int, tuple[int, int, str, int]] = {}
    for (
        eid,
        nip,
        name,
        pid,
        golongan,
        education,
        position_start,
        birth_date,
        employee_type,
        major,
        certificates,
        competencies,
        home_kecamatan,
        performance,
        potential,
        spouse_nip,
    ) in rows:
        kind = position_kind[pid]
        family = position_family[pid]
        gol_rank = codes.golongan_rank(golongan)
        if kind in HEAD_KIND_ORDER:
            unit = position_unit[pid]
            key = (HEAD_KIND_ORDER[kind], -gol_rank, nip, eid)
            if unit not in best_head or key < best_head[unit]:
                best_head[unit] = key
        past = history.get(eid, ())
        family_start = position_start
        for start, _end, fam in reversed(past):
            if fam and fam != family:
                break
            family_start = min(family_start, start)
        spouse_id = id_by_nip.get(spouse_nip) if spouse_nip else None
        employees.append(
            planner.Employee(
                id=str(eid),
                nip=nip,
                name=name,
                position_id=str(pid),
                golongan_rank=gol_rank,
                education_rank=codes.education_rank(education),
                years_in_post=_years((plan_date - position_start).days),
                age=_age(birth_date, plan_date),
                retirement_age=position_bup[pid],
                kind=planner.EmployeeKind(employee_type),
                major=(major or "").lower().strip(),
                certificates=frozenset(c.lower().strip() for c in certificates or [] if c),
                competencies={str(k).lower(): int(v) for k, v in (competencies or {}).items()},
                job_family=family,
                functional_job=position_functional[pid],
                home_kecamatan=home_kecamatan or "",
                performance=performance or "",
                potential=potential,
                spouse_id=str(spouse_id) if spouse_id else None,
                family_history=tuple(fam for _s, _e, fam in past if fam),
                years_in_family=_years((plan_date - family_start).days),
                preferences=tuple(preferences.get(eid, ())),
            )
        )

    heads = {unit: key[3] for unit, key in best_head.items()}
    units = [
        planner.Unit(
            id=str(u["id"]),
            code=u["code"],
            name=u["name"],
            sector=u["sector"],
            parent_id=str(u["parent_id"]) if u["parent_id"] else None,
            kecamatan=u["kecamatan"] or "",
            head_employee_id=str(heads[u["id"]]) if u["id"] in heads else None,
        )
        for u in Unit.objects.order_by("id").values(
            "id", "code", "name", "sector", "parent_id", "kecamatan"
        )
    ]
    pins = []
    if cycle is not None:
        for pin in (
            Pin.objects.filter(cycle=cycle)
            .order_by("id")
            .values("kind", "employee_id", "position_id", "unit_id", "note")
        ):
            pins.append(
                planner.Pin(
                    kind=planner.PinKind(pin["kind"]),
                    employee_id=str(pin["employee_id"]),
                    position_id=str(pin["position_id"]) if pin["position_id"] else None,
                    unit_id=str(pin["unit_id"]) if pin["unit_id"] else None,
                    note=pin["note"],
                )
            )
    problem = planner.Problem(
        units=tuple(units),
        positions=tuple(positions),
        employees=tuple(employees),
        pins=tuple(pins),
    )
    return LoadedProblem(
        problem=problem,
        policy=policy,
        plan_date=plan_date,
        load_seconds=time.perf_counter() - started,
        unit_heads={str(k): str(v) for k, v in heads.items()},
    )


# ---- solving and checking -----------------------------------------------------------------


def solve(
    data: LoadedProblem, mechanism: str, progress: Callable[[int], None] | None = None
) -> planner.Plan:
    """Run the engine; its progress (0–100) is reported through ``progress``."""
    from mutasi.planner.engine import solve as planner_solve

    return planner_solve(
        data.problem, data.policy, mechanism=planner.Mechanism(mechanism), progress=progress
    )


def check(data: LoadedProblem, result: planner.Plan) -> list[planner.Violation]:
    from mutasi.planner.check import check as planner_check

    return list(planner_check(data.problem, result))


def describe_violation(data: LoadedProblem, violation: planner.Violation) -> str:
    return violation.message


def explain_failure(exc: Exception) -> str | None:
    """An Indonesian message for failures users can act on (bad policy values, missing data)."""
    if isinstance(exc, ValueError) and str(exc)[:8] in ("Kebijaka", "Nilai ke", "Kunci ke"):
        return _("Kebijakan siklus tidak valid: %(detail)s") % {"detail": str(exc)}
    if isinstance(exc, KeyError):
        return _(
            "Data tidak lengkap: kode %(key)s tidak dikenal (periksa golongan, pendidikan dan "
            "jabatan pegawai)."
        ) % {"key": exc.args[0] if exc.args else "?"}
    if isinstance(exc, MemoryError):
        return _("Perhitungan kehabisan memori.")
    return None


# ---- storing a plan -----------------------------------------------------------------------


def store_moves(plan: Plan, data: LoadedProblem, result: planner.Plan) -> int:
    """Write one Move per change, and one stay row (from = to) per person who had to move but
    could not or whose pin could not be honoured, with the reason."""
    current = {e.id: e.position_id for e in data.problem.employees}
    rows = [
        Move(
            plan=plan,
            employee_id=int(m.employee_id),
            from_position_id=int(m.from_position_id),
            to_position_id=int(m.to_position_id),
            reason=m.reason,
            terms={
                **{k: round(float(v), 6) for k, v in m.terms.items()},
                **({"preference_rank": m.preference_rank} if m.preference_rank else {}),
                **({"chain_kind": m.chain_kind} if m.chain is not None else {}),
                **(
                    {"reason_parts": [p.to_json() for p in m.reason_parts]}
                    if m.reason_parts
                    else {}
                ),
            },
            chain=m.chain,
            forced=m.forced,
        )
        for m in result.moves
    ]
    moved = {m.employee_id for m in result.moves}
    notices: dict[str, list[str]] = defaultdict(list)
    notice_parts: dict[str, list[Any]] = defaultdict(list)
    for notice in (*result.could_not_move, *result.pin_notices):
        if notice.employee_id not in moved and notice.employee_id in current:
            notices[notice.employee_id].append(notice.message)
            notice_parts[notice.employee_id].append(notice)
    for employee_id, messages in notices.items():
        # Translatable parts only when every notice of this person has them (else the text).
        with_parts = all(n.parts for n in notice_parts[employee_id])
        parts = [p.to_json() for n in notice_parts[employee_id] for p in n.parts]
        position = int(current[employee_id])
        rows.append(
            Move(
                plan=plan,
                employee_id=int(employee_id),
                from_position_id=position,
                to_position_id=position,
                reason=" ".join(messages),
                terms={"reason_parts": parts} if with_parts else {},
                forced=True,
            )
        )
    Move.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def store_metrics(plan: Plan, data: LoadedProblem, result: planner.Plan, *, elapsed: float) -> None:
    """Copy the plan's metrics onto ``plan`` (not saved here) with per-unit before/after staff."""
    metrics = result.metrics.to_dict()
    metrics["units"] = unit_figures(data.problem, result.assignments)
    metrics["pin_notices"] = [
        {"employee_id": n.employee_id, "rule": str(n.rule), "message": n.message}
        for n in result.pin_notices
    ]
    metrics["could_not_move"] = [
        {"employee_id": n.employee_id, "rule": str(n.rule), "message": n.message}
        for n in result.could_not_move
    ]
    metrics["objective_terms"] = {k: float(v) for k, v in result.objective_terms.items()}
    metrics["load_seconds"] = round(data.load_seconds, 3)
    metrics["total_seconds"] = round(elapsed, 3)
    metrics["employees"] = len(data.problem.employees)
    plan.metrics = _jsonable(metrics)
    plan.objective = float(result.metrics.objective)
    plan.bound = result.metrics.bound
    plan.gap = result.metrics.gap_percent
    plan.solve_seconds = float(result.metrics.solve_seconds)
    plan.policy = _jsonable(data.policy.to_dict())


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def unit_figures(problem: planner.Problem, assignments: Mapping[str, str]) -> list[dict[str, Any]]:
    """Per unit: formation, staff before and after, and the filled formation before and after."""
    formation: Counter[str] = Counter()
    position_unit = {p.id: p.unit_id for p in problem.positions}
    before: Counter[str] = Counter(e.position_id for e in problem.employees)
    after: Counter[str] = Counter(assignments.get(e.id, e.position_id) for e in problem.employees)
    staff_before: Counter[str] = Counter()
    staff_after: Counter[str] = Counter()
    filled_before: Counter[str] = Counter()
    filled_after: Counter[str] = Counter()
    for p in problem.positions:
        f = p.formation if p.formation is not None else before[p.id]
        formation[p.unit_id] += f
        staff_before[p.unit_id] += before[p.id]
        staff_after[p.unit_id] += after[p.id]
        filled_before[p.unit_id] += min(before[p.id], f)
        filled_after[p.unit_id] += min(after[p.id], f)
    del position_unit
    return [
        {
            "unit_id": u.id,
            "code": u.code,
            "name": u.name,
            "sector": u.sector,
            "formation": formation[u.id],
            "staff_before": staff_before[u.id],
            "staff_after": staff_after[u.id],
            "filled_before": filled_before[u.id],
            "filled_after": filled_after[u.id],
        }
        for u in problem.units
    ]


# ---- re-checking stored plans -------------------------------------------------------------

_cache_lock = threading.Lock()
_problem_cache: dict[str, tuple[float, LoadedProblem]] = {}
# The full violations of an edit being saved, for refresh_plan_metrics in the same transaction.
_pending_after: dict[tuple[int, int], list[planner.Violation]] = {}
# Violations of a stored plan at a committed version (the "before" of the next hand edit).
_violation_cache: dict[
    tuple[str, int, int], set[tuple[str, str | None, str | None, str | None]]
] = {}
PROBLEM_CACHE_SECONDS = 300  # a reviewer's edits within 5 minutes reuse the loaded data


def _cache_key(plan: Plan) -> str:
    pins = (
        list(Pin.objects.filter(cycle_id=plan.cycle_id).order_by("id").values_list("id", "kind"))
        if plan.cycle_id
        else []
    )
    raw = json.dumps([plan.cycle_id, plan.policy, pins, Employee.objects.count()], default=str)
    return hashlib.sha1(raw.encode()).hexdigest()


def problem_for_plan(plan: Plan) -> LoadedProblem:
    """The Problem a stored plan is checked against (cached briefly per process)."""
    return _problem_and_key(plan)[0]


def _problem_and_key(plan: Plan) -> tuple[LoadedProblem, str]:
    key = _cache_key(plan)
    now = time.monotonic()
    with _cache_lock:
        hit = _problem_cache.get(key)
        if hit and now - hit[0] < PROBLEM_CACHE_SECONDS:
            return hit[1], key
    stored = {k: v for k, v in (plan.policy or {}).items() if k in _policy_field_names()}
    data = load_problem(plan.cycle, policy_overrides=stored)
    with _cache_lock:
        _problem_cache.clear()
        _violation_cache.clear()
        _pending_after.clear()
        _problem_cache[key] = (now, data)
    return data, key


def clear_cache() -> None:
    with _cache_lock:
        _problem_cache.clear()
        _violation_cache.clear()


def _policy_field_names() -> set[str]:
    return {f.name for f in dataclasses.fields(planner.Policy)}


def planner_plan_from_rows(
    plan: Plan, data: LoadedProblem, edit: tuple[int, int] | None = None
) -> planner.Plan:
    """Rebuild the planner's Plan from stored Move rows (and one pending edit) for ``check``."""
    assignments = {e.id: e.position_id for e in data.problem.employees}
    moves = []
    for employee_id, from_id, to_id, reason in Move.objects.filter(plan=plan).values_list(
        "employee_id", "from_position_id", "to_position_id", "reason"
    ):
        if edit is not None and employee_id == edit[0]:
            continue
        if from_id != to_id:
            assignments[str(employee_id)] = str(to_id)
            moves.append(planner.Move(str(employee_id), str(from_id), str(to_id), reason=reason))
    if edit is not None:
        employee = data.problem.employee_by_id.get(str(edit[0]))
        if employee is not None and str(edit[1]) != employee.position_id:
            assignments[employee.id] = str(edit[1])
            moves.append(planner.Move(employee.id, employee.position_id, str(edit[1]), reason=""))
    metrics = plan.metrics or {}

    def notices(key: str) -> tuple[planner.Notice, ...]:
        return tuple(
            planner.Notice(n["employee_id"], planner.Rule(n["rule"]), n["message"])
            for n in metrics.get(key, [])
        )

    return planner.Plan(
        mechanism=planner.Mechanism(plan.mechanism),
        assignments=assignments,
        moves=tuple(moves),
        could_not_move=notices("could_not_move"),
        pin_notices=notices("pin_notices"),
        policy=data.policy,
    )


def _key(v: planner.Violation) -> tuple[str, str | None, str | None, str | None]:
    return (str(v.rule), v.employee_id, v.position_id, v.unit_id)


def check_stored_plan(plan: Plan) -> list[str]:
    """Every hard-rule violation of the stored plan, as Indonesian messages."""
    data = problem_for_plan(plan)
    return [v.message for v in check(data, planner_plan_from_rows(plan, data))]


def check_with_edit(
    plan: Plan, employee_id: int, position_id: int, committed_version: int | None = None
) -> list[str]:
    """Violations that putting ``employee_id`` in ``position_id`` would add to the stored plan."""
    data, problem_key = _problem_and_key(plan)
    if str(position_id) not in data.problem.position_by_id:
        return [_("Jabatan %(id)s tidak ada dalam data.") % {"id": position_id}]
    # ``plan.version`` is already the bumped one inside do_edit_move; the rows are still those
    # of the version before, whose violations are reused from the previous edit when known.
    cache_key = (problem_key, plan.pk, committed_version if committed_version else plan.version)
    with _cache_lock:
        before = _violation_cache.get(cache_key)
    if before is None:
        before = {_key(v) for v in check(data, planner_plan_from_rows(plan, data))}
        with _cache_lock:
            _violation_cache[cache_key] = before
    after = check(data, planner_plan_from_rows(plan, data, edit=(employee_id, position_id)))
    added = [v.message for v in after if _key(v) not in before]
    if not added:
        # The edit will be saved as the next version: its violations are the next edit's
        # "before", remembered only once the transaction commits (a rolled-back edit leaves none).
        next_key = (problem_key, plan.pk, cache_key[2] + 1)
        _pending_after[(plan.pk, cache_key[2] + 1)] = after

        def remember(key: Any = next_key, found: list[planner.Violation] = after) -> None:
            with _cache_lock:
                _violation_cache[key] = {_key(v) for v in found}

        transaction.on_commit(remember)
    return added


def refresh_plan_metrics(plan: Plan) -> None:
    """After a hand edit: recount moves, chains are gone for edited moves; unit figures redone."""
    data = problem_for_plan(plan)
    result = planner_plan_from_rows(plan, data)
    metrics = dict(plan.metrics or {})
    metrics["moves"] = len(result.moves)
    metrics["edited_moves"] = Move.objects.filter(plan=plan, edited=True).count()
    metrics["units"] = unit_figures(data.problem, result.assignments)
    metrics["sectors"] = sector_figures(data.problem, result.assignments)
    fields = ["metrics"]
    if metrics.get("check_violation_count"):
        # The run left violations: see whether the hand edits have cleared them.
        found = _pending_after.pop((plan.pk, plan.version), None)
        if found is None:
            found = check(data, result)
        remaining = [v.message for v in found]
        metrics["check_violations"] = remaining[:200]
        metrics["check_violation_count"] = len(remaining)
        if not remaining:
            plan.error = ""
            fields.append("error")
    plan.metrics = _jsonable(metrics)
    plan.save(update_fields=fields)


def sector_figures(
    problem: planner.Problem, assignments: Mapping[str, str]
) -> list[dict[str, Any]]:
    units = unit_figures(problem, assignments)
    by_sector: dict[str, dict[str, Any]] = {}
    for u in units:
        s = by_sector.setdefault(
            u["sector"],
            {
                "sector": u["sector"],
                "formation": 0,
                "filled_before": 0,
                "filled_after": 0,
                "staff_before": 0,
                "staff_after": 0,
            },
        )
        for key in ("formation", "filled_before", "filled_after", "staff_before", "staff_after"):
            s[key] += u[key]
    return sorted(by_sector.values(), key=lambda s: s["sector"])


# ---- the policy form ------------------------------------------------------------------------

# Label and source of each Policy setting shown on the cycle form (Indonesian).
POLICY_TEXT: dict[str, tuple[Any, Any]] = {
    "min_years_in_post": (
        _lazy("Masa minimal dalam jabatan (tahun)"),
        _lazy("PP 11/2017 Pasal 190; Peraturan BKN 5/2019 Pasal 2(3)"),
    ),
    "max_years_in_post": (
        _lazy("Masa maksimal dalam jabatan (tahun)"),
        _lazy("PP 11/2017 Pasal 190; Peraturan BKN 5/2019 Pasal 2(3)"),
    ),
    "enforce_must_move": (
        _lazy("Wajib pindah setelah masa maksimal (bila ada jabatan yang sesuai)"),
        _lazy("PP 11/2017 Pasal 190"),
    ),
    "retirement_buffer_years": (
        _lazy("Tidak dipindah bila sisa masa kerja sampai BUP kurang dari (tahun)"),
        _lazy("UU 20/2023 Pasal 55 (BUP); batas 1 tahun: kebijakan instansi"),
    ),
    "pppk_stay_in_unit": (
        _lazy("PPPK tetap di unitnya"),
        _lazy(
            "Bawaan yang perlu dikonfirmasi instansi: aturan mobilitas PPPK antarunit belum tegas"
        ),
    ),
    "unit_departure_cap": (
        _lazy("Bagian pegawai unit yang boleh keluar dalam satu siklus (0–1)"),
        _lazy("Kebijakan instansi (bawaan 25%)"),
    ),
    "protect_priority_sectors": (
        _lazy("Unit sektor prioritas tidak boleh makin kurang dari formasinya"),
        _lazy("Kebijakan instansi"),
    ),
    "forbid_spouse_head": (
        _lazy("Larang penempatan di unit yang dipimpin suami/istri"),
        _lazy("PP 11/2017 Pasal 190 (tidak ada konflik kepentingan)"),
    ),
    "interchangeable_families": (
        _lazy("Rumpun jabatan yang dapat saling menggantikan (kelompok dipisah ';', anggota ',')"),
        _lazy("Kebijakan instansi"),
    ),
    "priority_sectors": (_lazy("Sektor prioritas (dipisah ';')"), _lazy("Kebijakan instansi")),
    "sector_weights": (
        _lazy("Bobot sektor (sektor=bobot, dipisah ';')"),
        _lazy("Kebijakan instansi; sektor lain berbobot 1"),
    ),
    "w_shortage": (_lazy("Bobot pemenuhan kekurangan formasi"), _lazy("Kebijakan instansi")),
    "w_fit": (_lazy("Bobot kesesuaian kompetensi"), _lazy("Peraturan BKN 5/2019 Pasal 2(3)")),
    "w_preference": (
        _lazy("Bobot preferensi pegawai"),
        _lazy("PP 11/2017 Pasal 190 (atas permintaan)"),
    ),
    "w_career": (_lazy("Bobot pengembangan karier (rotasi)"), _lazy("PermenPANRB 3/2020 (9-box)")),
    "w_move": (_lazy("Biaya setiap mutasi (gangguan)"), _lazy("Bobot tujuan")),
    "w_distance_per_km": (_lazy("Biaya jarak tempuh per km"), _lazy("Bobot tujuan")),
    "w_worse_off": (
        _lazy("Penalti memindahkan peserta ke pilihan di bawah 'tetap'"),
        _lazy("Bobot tujuan"),
    ),
    "w_must_move": (_lazy("Penalti bila wajib pindah tetapi tetap"), _lazy("PP 11/2017 Pasal 190")),
    "default_distance_km": (
        _lazy("Jarak bawaan antar-kecamatan (km)"),
        _lazy("Perkiraan bila jarak tidak ada"),
    ),
    "long_in_family_years": (
        _lazy("Dianggap terlalu lama di satu bidang setelah (tahun)"),
        _lazy("Kebijakan instansi"),
    ),
    "rotation_boxes": (
        _lazy("Kotak 9-box yang menyarankan rotasi (dipisah ';')"),
        _lazy("PermenPANRB 3/2020"),
    ),
    "potential_cutoffs": (
        _lazy("Batas potensi rendah; tinggi (0–100)"),
        _lazy("PermenPANRB 3/2020 (pengaturan instansi)"),
    ),
    "priority_keys": (
        _lazy("Urutan prioritas mekanisme adil (fit; years_in_post; golongan; performance; age)"),
        _lazy("Combe, Tercieux & Terrier (2022); kebijakan instansi"),
    ),
    "candidate_arcs": (_lazy("Jumlah kandidat jabatan per pegawai"), _lazy("Pengaturan pemecah")),
    "time_limit_seconds": (_lazy("Batas waktu hitung (detik)"), _lazy("Pengaturan pemecah")),
    "show_nine_box_to_employees": (
        _lazy("Tampilkan kotak talenta (9-box) kepada pegawai di halaman profilnya"),
        _lazy("PermenPANRB 3/2020; kebijakan instansi"),
    ),
    "gap_tolerance": (
        _lazy("Toleransi celah optimalitas (0,001 = 0,1%)"),
        _lazy("Pengaturan pemecah"),
    ),
}
# Set on the cycle itself, not on the policy form.
CYCLE_FIELDS = {"plan_date", "freeze_start", "freeze_end"}


def _field_type(name: str, default: Any) -> str:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, Mapping):
        return "mapping"
    if name == "interchangeable_families":
        return "groups"
    return "list"


def _format_value(kind: str, value: Any) -> Any:
    if kind == "bool":
        return value
    if kind == "mapping":
        return "; ".join(f"{k}={v:g}" for k, v in value.items())
    if kind == "groups":
        return "; ".join(", ".join(g) for g in value)
    if kind == "list":
        return "; ".join(str(v) for v in value)
    return value


def policy_fields(current: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every Policy setting: name, type, label, source, default and the current value."""
    defaults = planner.Policy()
    try:
        chosen = planner.Policy.from_dict(
            {k: v for k, v in (current or {}).items() if k not in CYCLE_FIELDS}
        )
    except ValueError:
        chosen = defaults
    out = []
    for f in dataclasses.fields(planner.Policy):
        if f.name in CYCLE_FIELDS:
            continue
        default = getattr(defaults, f.name)
        kind = _field_type(f.name, default)
        label, source = POLICY_TEXT.get(f.name, (f.name, ""))
        shown_default = _format_value(kind, default)
        if kind == "bool":
            shown_default = _("ya") if default else _("tidak")
        out.append(
            {
                "name": f.name,
                "type": kind,
                "label": label,
                "source": source,
                "default": shown_default,
                "initial": _format_value(kind, getattr(chosen, f.name)),
                "changed": getattr(chosen, f.name) != default,
                "help": _("Bawaan: %(default)s. Sumber: %(source)s")
                % {"default": shown_default if shown_default != "" else "—", "source": source},
                "group": _field_group(f.name),
            }
        )
    return out


def _field_group(name: str) -> str:
    if name.startswith("w_") or name in ("default_distance_km", "long_in_family_years"):
        return "weights"
    if name in ("priority_sectors", "sector_weights"):
        return "sectors"
    if name in ("candidate_arcs", "time_limit_seconds", "gap_tolerance", "priority_keys"):
        return "solver"
    if name in ("rotation_boxes", "potential_cutoffs"):
        return "weights"
    return "rules"


def _parse_value(kind: str, raw: Any) -> Any:
    if kind in ("bool", "int", "float"):
        return raw
    text = (raw or "").strip()
    if kind == "mapping":
        out: dict[str, float] = {}
        for part in text.split(";"):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep:
                raise ValueError(_("“%(part)s” bukan format sektor=bobot") % {"part": part.strip()})
            try:
                out[key.strip()] = float(value.replace(",", ".").strip())
            except ValueError:
                raise ValueError(_("bobot “%(v)s” bukan angka") % {"v": value.strip()}) from None
        return out
    if kind == "groups":
        groups = codes.split_list(text)
        return [[m.strip() for m in group.split(",") if m.strip()] for group in groups]
    return codes.split_list(text)


def policy_from_form(spec: list[dict[str, Any]], cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Form values -> Policy JSON, keeping only the settings that differ from the defaults."""
    defaults = planner.Policy().to_dict()
    data: dict[str, Any] = {}
    for s in spec:
        raw = cleaned.get(s["name"])
        if raw is None and s["type"] != "bool":
            continue
        value = _parse_value(s["type"], raw if raw is not None else False)
        if s["name"] == "rotation_boxes":
            value = [int(v) for v in value]
        if s["name"] == "potential_cutoffs":
            value = [float(str(v).replace(",", ".")) for v in value]
        data[s["name"]] = value
    policy = planner.Policy.from_dict(data)
    chosen = policy.to_dict()
    return {k: v for k, v in chosen.items() if k in data and v != defaults.get(k)}


def policy_form_errors(spec: list[dict[str, Any]], cleaned: Mapping[str, Any]) -> dict[str, str]:
    """Indonesian errors per field; a wrong value is named with the setting it belongs to."""
    errors: dict[str, str] = {}
    names = {s["name"] for s in spec}
    for s in spec:
        try:
            value = _parse_value(s["type"], cleaned.get(s["name"]))
            if s["name"] == "rotation_boxes":
                [int(v) for v in value]
            if s["name"] == "potential_cutoffs":
                if len(value) != 2:
                    raise ValueError(_("isi dua angka: batas rendah; batas tinggi"))
                [float(str(v).replace(",", ".")) for v in value]
        except (ValueError, TypeError) as exc:
            errors[s["name"]] = str(exc) or _("nilai tidak valid")
    if not errors:
        try:
            policy_from_form(spec, cleaned)
        except ValueError as exc:
            message = str(exc)
            target = next((n for n in names if f"'{n}'" in message), None)
            errors[target or spec[0]["name"]] = message
    return errors


def real_moves(plan: Plan) -> Any:
    """Moves that change a post (not the stay rows kept for their reasons)."""
    return Move.objects.filter(plan=plan).exclude(to_position_id=F("from_position_id"))
