"""``check(problem, plan)``: every hard rule re-derived from the raw Problem, apart from solving.

Nothing here uses the solver's arcs, compiled arrays or scores: it reads the employees, posts, units
and pins as given, the plan's final assignment and the plan's policy, and lists each broken rule
with an Indonesian message naming the person, post or unit (``model.Rule`` has the codes). Each
message is a ``messages.Message``: the Indonesian text carrying its key and parameters, so the web
app can say it in the user's language.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mutasi.planner.messages import Message
from mutasi.planner.model import (
    MANAGERIAL_KINDS,
    Employee,
    EmployeeKind,
    Pin,
    PinKind,
    Plan,
    Policy,
    Position,
    Problem,
    Rule,
    Violation,
)


def _who(e: Employee) -> str:
    return f"{e.name} ({e.nip})"


def person_problems(
    employee: Employee, position: Position, policy: Policy
) -> list[tuple[Rule, str]]:
    """Rules about the person that forbid any move (``position`` = the post held now)."""
    out: list[tuple[Rule, str]] = []
    if employee.years_in_post < policy.min_years_in_post:
        out.append(
            (
                Rule.MIN_YEARS,
                Message(
                    "min_years",
                    # rounded down: "baru 2,0 tahun, minimal 2 tahun" would contradict itself
                    years=math.floor(employee.years_in_post * 10) / 10,
                    min_years=policy.min_years_in_post,
                ),
            )
        )
    if employee.retirement_age - employee.age <= policy.retirement_buffer_years:
        out.append(
            (
                Rule.RETIREMENT,
                Message(
                    "retirement",
                    buffer=policy.retirement_buffer_years,
                    retirement_age=employee.retirement_age,
                ),
            )
        )
    if policy.in_freeze() and position.kind in MANAGERIAL_KINDS:
        out.append(
            (
                Rule.ELECTION_FREEZE,
                Message("freeze_official"),
            )
        )
    return out


def pair_problems(
    problem: Problem, policy: Policy, employee: Employee, position: Position
) -> list[str]:
    """Indonesian reasons why ``employee`` may not take ``position`` (empty = allowed)."""
    return [text for _rule, text in pair_rule_problems(problem, policy, employee, position)]


def pair_rule_problems(
    problem: Problem, policy: Policy, employee: Employee, position: Position
) -> list[tuple[Rule, str]]:
    return [
        (rule, Message(key, **params))
        for rule, key, params in _PairJudge(problem, policy, employee).breaches(position)
    ]


class _PairJudge:
    """The pair rules of one employee against any post: what the person brings is read once, then
    ``breaches`` lists the rules a post breaks as (rule, message key, parameters), lazily, so a
    caller that only asks whether a pair is allowed (``allows``) stops at the first breach and
    writes no message (``_must_move`` asks it of every post with room)."""

    def __init__(
        self,
        problem: Problem,
        policy: Policy,
        employee: Employee,
        groups: dict[str, str] | None = None,
    ) -> None:
        self.policy = policy
        self.employee = employee
        self.units = problem.unit_by_id
        self.groups = groups if groups is not None else {}
        self.current = problem.position_by_id.get(employee.position_id)
        self.family = employee.job_family or (self.current.job_family if self.current else "")
        self.group = self.group_of(self.family)
        self.major = employee.major.lower()
        self.freeze = policy.in_freeze()

    def group_of(self, family: str) -> str:
        group = self.groups.get(family)
        if group is None:
            group = self.groups[family] = self.policy.family_group(family)
        return group

    def allows(self, position: Position) -> bool:
        return next(self.breaches(position), None) is None

    def breaches(self, position: Position) -> Iterator[tuple[Rule, str, dict[str, Any]]]:
        employee, policy = self.employee, self.policy
        if position.gol_min is not None and employee.golongan_rank < position.gol_min:
            yield Rule.GOLONGAN, "golongan_below", {}
        if position.gol_max is not None and employee.golongan_rank > position.gol_max:
            yield Rule.GOLONGAN, "golongan_above", {}
        if position.education_min is not None and employee.education_rank < position.education_min:
            yield Rule.EDUCATION, "education_below", {}
        if position.majors and self.major not in position.majors:
            yield Rule.MAJOR, "major", {"major": employee.major}
        if position.certificate and position.certificate.lower() not in employee.certificates:
            yield Rule.CERTIFICATE, "certificate", {"certificate": position.certificate}
        if self.group != self.group_of(position.job_family):
            yield (
                Rule.JOB_FAMILY,
                "job_family",
                {"family": self.family, "target_family": position.job_family},
            )
        if position.kind == "fungsional" and (
            not position.functional_job or employee.functional_job != position.functional_job
        ):
            yield Rule.FUNCTIONAL, "functional", {}
        if (
            policy.pppk_stay_in_unit
            and employee.kind == EmployeeKind.PPPK
            and self.current is not None
            and self.current.unit_id != position.unit_id
        ):
            yield Rule.PPPK_UNIT, "pppk_unit", {}
        unit = self.units.get(position.unit_id)
        if (
            policy.forbid_spouse_head
            and unit is not None
            and employee.spouse_id
            and unit.head_employee_id == employee.spouse_id
        ):
            yield Rule.SPOUSE_HEAD, "spouse_head", {}
        if self.freeze and position.kind in MANAGERIAL_KINDS:
            yield Rule.ELECTION_FREEZE, "freeze_post", {}


def goto_refusal_message(
    problem: Problem, policy: Policy, employee: Employee, position: Position
) -> Message:
    """Why a pin of ``employee`` to ``position`` cannot be honoured, as a keyed message: the
    person's own rules first, else the post's requirements, room and sameness. The solver writes
    the same sentence (the web app uses this one when both read alike)."""
    here = problem.position_by_id[employee.position_id]
    immobile = person_problems(employee, here, policy)
    if immobile:
        return Message("pin_immobile", code=position.code, problem=immobile[0][1])
    problems: list[str] = [
        text for _rule, text in pair_rule_problems(problem, policy, employee, position)
    ]
    filled = sum(1 for e in problem.employees if e.position_id == position.id)
    formation = position.formation if position.formation is not None else filled
    if formation <= filled:
        problems.append(Message("no_room", formation=formation, filled=filled))
    if position.id == employee.position_id:
        problems.append(Message("own_post"))
    return Message(
        "pin_refused", code=position.code, problems=problems or [Message("no_room_within_rules")]
    )


def check(problem: Problem, plan: Plan) -> list[Violation]:
    """Every hard rule the plan breaks (empty list = the plan obeys them all).

    Steps: each employee's final post (unassigned or unknown posts are violations); per
    employee, the pins and, for a move, the person and pair rules; then per post the formation,
    per unit the departure cap and the priority-sector floor; last, must-move people left in
    place while a fitting post had room."""
    policy = plan.policy
    final, out = _final_posts(problem, plan)
    pins_by_emp = defaultdict(list)
    for pin in problem.pins:
        pins_by_emp[pin.employee_id].append(pin)
    explained = {(n.employee_id, n.rule) for n in plan.pin_notices}
    tally = _Tally(count=Counter(final.values()))
    positions = problem.position_by_id
    for e in problem.employees:
        here = positions[e.position_id]
        there = positions[final[e.id]]
        tally.add(here, there)
        who = _who(e)
        out.extend(_pin_violations(e, who, here, there, pins_by_emp.get(e.id, ()), explained))
        if there.id != here.id:
            out.extend(_move_violations(problem, policy, e, who, here, there))
    current_count: Counter[str] = Counter(e.position_id for e in problem.employees)
    formation = {
        p.id: p.formation if p.formation is not None else current_count[p.id]
        for p in problem.positions
    }
    out.extend(_formation_violations(problem, tally, formation))
    out.extend(_unit_violations(problem, policy, tally, formation))
    out.extend(
        _must_move(
            problem,
            policy,
            final,
            tally.count,
            formation,
            tally.staff_before,
            tally.staff_after,
            tally.left_unit,
        )
    )
    return out


@dataclass
class _Tally:
    """Counts over the final posts: per post how many end there and how many moved in; per
    unit the staff before and after and how many left for another unit."""

    count: Counter[str]
    moved_in: Counter[str] = field(default_factory=Counter)
    staff_before: Counter[str] = field(default_factory=Counter)
    staff_after: Counter[str] = field(default_factory=Counter)
    left_unit: Counter[str] = field(default_factory=Counter)

    def add(self, here: Position, there: Position) -> None:
        self.staff_before[here.unit_id] += 1
        self.staff_after[there.unit_id] += 1
        if there.id != here.id:
            self.moved_in[there.id] += 1
            if there.unit_id != here.unit_id:
                self.left_unit[here.unit_id] += 1


def _final_posts(problem: Problem, plan: Plan) -> tuple[dict[str, str], list[Violation]]:
    """Each employee's post after the plan (their own when the plan gives none or an unknown
    one), and the violations of such gaps and of unknown employees in the plan."""
    positions = problem.position_by_id
    out: list[Violation] = []
    final: dict[str, str] = {}
    for e in problem.employees:
        target = plan.assignments.get(e.id)
        if target is None:
            out.append(Violation(Rule.UNASSIGNED, Message("unassigned", who=_who(e)), e.id))
            target = e.position_id
        elif target not in positions:
            out.append(
                Violation(
                    Rule.UNKNOWN_REFERENCE,
                    Message("unknown_post", who=_who(e), post=target),
                    e.id,
                    target,
                )
            )
            target = e.position_id
        final[e.id] = target
    known = problem.employee_by_id
    for eid in plan.assignments:
        if eid not in known:
            out.append(
                Violation(Rule.UNKNOWN_REFERENCE, Message("unknown_employee", employee=eid), eid)
            )
    return final, out


def _pin_violations(
    e: Employee,
    who: str,
    here: Position,
    there: Position,
    pins: Iterable[Pin],
    explained: set[tuple[str, Rule]],
) -> list[Violation]:
    """The employee's pins that the plan neither honours nor explains."""
    out: list[Violation] = []
    for pin in pins:
        if pin.kind == PinKind.STAY and there.id != here.id:
            out.append(Violation(Rule.PIN, Message("pin_stay_moved", who=who), e.id, there.id))
        elif (
            pin.kind == PinKind.GOTO
            and there.id != pin.position_id
            and (e.id, Rule.PIN) not in explained
        ):
            out.append(
                Violation(
                    Rule.PIN,
                    Message("pin_goto_unexplained", who=who, post=pin.position_id),
                    e.id,
                    pin.position_id,
                )
            )
        elif (
            pin.kind == PinKind.NEVER_UNIT and there.id != here.id and there.unit_id == pin.unit_id
        ):
            out.append(
                Violation(
                    Rule.PIN,
                    Message("pin_never_unit", who=who, unit=pin.unit_id),
                    e.id,
                    there.id,
                    pin.unit_id,
                )
            )
    return out


def _move_violations(
    problem: Problem, policy: Policy, e: Employee, who: str, here: Position, there: Position
) -> list[Violation]:
    """A move of someone who may not move, or to a post they do not qualify for."""
    out = [
        Violation(rule, Message("moved_although", who=who, problem=text), e.id, there.id)
        for rule, text in person_problems(e, here, policy)
    ]
    out.extend(
        Violation(
            rule, Message("not_qualified", who=who, code=there.code, problem=text), e.id, there.id
        )
        for rule, text in pair_rule_problems(problem, policy, e, there)
    )
    return out


def _formation_violations(
    problem: Problem, tally: _Tally, formation: dict[str, int]
) -> list[Violation]:
    """Posts that end above their formation because someone moved in."""
    return [
        Violation(
            Rule.FORMATION,
            Message(
                "over_formation",
                code=p.code,
                count=tally.count[p.id],
                formation=formation[p.id],
            ),
            position_id=p.id,
            unit_id=p.unit_id,
        )
        for p in problem.positions
        if tally.moved_in[p.id] and tally.count[p.id] > formation[p.id]
    ]


def _unit_violations(
    problem: Problem, policy: Policy, tally: _Tally, formation: dict[str, int]
) -> list[Violation]:
    """Units that lose more than the departure cap, and priority units that fall further below
    their formation."""
    out: list[Violation] = []
    unit_formation: Counter[str] = Counter()
    for p in problem.positions:
        unit_formation[p.unit_id] += formation[p.id]
    for u in problem.units:
        before, after, left = (
            tally.staff_before[u.id],
            tally.staff_after[u.id],
            tally.left_unit[u.id],
        )
        cap = math.floor(policy.unit_departure_cap * before + 1e-9)
        if left > cap:
            out.append(
                Violation(
                    Rule.DEPARTURE_CAP,
                    Message(
                        "departure_cap",
                        unit=u.name,
                        left=left,
                        staff=before,
                        cap_count=cap,
                        cap_share=policy.unit_departure_cap,
                    ),
                    unit_id=u.id,
                )
            )
        floor = min(before, unit_formation[u.id])
        if (
            policy.protect_priority_sectors
            and u.sector in policy.priority_sectors
            and after < floor
        ):
            out.append(
                Violation(
                    Rule.PRIORITY_SECTOR,
                    Message(
                        "priority_floor",
                        unit=u.name,
                        sector=u.sector,
                        staff=after,
                        formation=unit_formation[u.id],
                    ),
                    unit_id=u.id,
                )
            )
    return out


_Rooms = dict[tuple[str, ...], list[tuple[int, Position]]]


def _posts_with_room(
    problem: Problem, policy: Policy, count: Counter[str], formation: dict[str, int]
) -> tuple[_Rooms, _Rooms]:
    """Posts with room for one more, by (family group, who may enter) and by (family group, who
    may enter, unit): a functional post only holders of its functional job (the rule of
    ``pair_rule_problems``), any other post anyone. The second is for people whose unit may not
    lose anybody more. Each list keeps the order of ``problem.positions``."""
    current_count: Counter[str] = Counter(e.position_id for e in problem.employees)
    rooms: _Rooms = defaultdict(list)
    rooms_in_unit: _Rooms = defaultdict(list)
    for order, p in enumerate(problem.positions):
        # room for one more, and not a post that started above formation (nobody may enter it
        # unless enough people left; a newcomer would then only be allowed, not required)
        if count[p.id] < formation[p.id] and current_count[p.id] <= formation[p.id]:
            entrants = ""  # anyone
            if p.kind == "fungsional":
                if not p.functional_job:
                    continue  # a functional post of no functional job takes nobody
                entrants = "f" + p.functional_job
            key = (policy.family_group(p.job_family), entrants)
            rooms[key].append((order, p))
            rooms_in_unit[(*key, p.unit_id)].append((order, p))
    return rooms, rooms_in_unit


def _must_move(
    problem: Problem,
    policy: Policy,
    final: dict[str, str],
    count: Counter[str],
    formation: dict[str, int],
    staff_before: Counter[str],
    staff_after: Counter[str],
    left_unit: Counter[str],
) -> list[Violation]:
    """A person past ``max_years_in_post`` who stays although some eligible post still has room
    and moving there would break no cap: the plan should have moved them (PP 11/2017 Pasal 190)."""
    if not policy.enforce_must_move:
        return []
    positions = problem.position_by_id
    units = problem.unit_by_id
    pinned = {pin.employee_id for pin in problem.pins if pin.kind in (PinKind.STAY, PinKind.GOTO)}
    never: dict[str, set[str]] = defaultdict(set)
    for pin in problem.pins:
        if pin.kind == PinKind.NEVER_UNIT and pin.unit_id:
            never[pin.employee_id].add(pin.unit_id)
    rooms, rooms_in_unit = _posts_with_room(problem, policy, count, formation)
    unit_formation: Counter[str] = Counter()
    for p in problem.positions:
        unit_formation[p.unit_id] += formation[p.id]
    out = []
    groups: dict[str, str] = {}  # family -> family group, shared by the employees' judges
    for e in problem.employees:
        if e.years_in_post <= policy.max_years_in_post or final[e.id] != e.position_id:
            continue
        here = positions[e.position_id]
        if e.id in pinned or person_problems(e, here, policy):
            continue
        family = e.job_family or here.job_family
        u = here.unit_id
        cap = math.floor(policy.unit_departure_cap * staff_before[u] + 1e-9)
        can_leave_unit = left_unit[u] < cap
        if (
            policy.protect_priority_sectors
            and units[u].sector in policy.priority_sectors
            and staff_after[u] - 1 < min(staff_before[u], unit_formation[u])
        ):
            can_leave_unit = False
        group = policy.family_group(family)
        keys = [(group, "")] + ([(group, "f" + e.functional_job)] if e.functional_job else [])
        if can_leave_unit:
            lists = [rooms.get(k, []) for k in keys]
        else:
            lists = [rooms_in_unit.get((*k, u), []) for k in keys]
        judge = _PairJudge(problem, policy, e, groups)
        for _order, p in heapq.merge(*lists, key=lambda item: item[0]):
            if p.id == here.id or p.unit_id in never.get(e.id, ()):
                continue
            if not judge.allows(p):
                continue
            out.append(
                Violation(
                    Rule.MUST_MOVE,
                    Message("must_move_room", who=_who(e), years=e.years_in_post, code=p.code),
                    e.id,
                    p.id,
                )
            )
            break
    return out
