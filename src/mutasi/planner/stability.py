"""Stable re-runs: plan again against a reference plan and say what changed, and why.

A planner who pins two people and runs again wants the same plan with those two pins honoured,
not a new plan that moves hundreds of other people for a gain of a few points. With a reference
(``solve(problem, policy, reference=...)``) the objective gets a stability term: a person's move
to the post the reference gave them earns ``weight``, and a person the reference kept in place
loses ``weight`` by moving. The default weight (``STABILITY_WEIGHT`` = 50) is above what any
ordinary term can gain a person (a formation slot in a priority sector is worth 20, a first choice
4, fit at most 3) and below the must-move term (100): the reference is kept unless a pin, a hard
rule or changed data forces otherwise, and a person past the maximum years in post who was stuck
in the reference moves when a pin frees a slot for them.

The reference is given as its moves: employee id -> the post the reference moved them to (a
``Plan`` is accepted too, its ``moves`` are read); everybody not named stayed. After solving,
``changes`` lists every person whose outcome differs from the reference, each with a cause
(``ChangeCause``: the web translates the key) and a keyed ``Message`` with the particulars:

* ``PIN``: the person is pinned;
* ``RULE``: the reference's move is no longer allowed (the person may not move now, or no longer
  meets the post's requirements), or a rule now requires a move (past the maximum years);
* ``DATA``: the reference's post is gone, no longer takes people, or is already the person's;
* ``KNOCK_ON``: the slot the reference used is now taken by someone else's change (named), or a
  slot freed by someone else's change (named) is now used, or what is left of a unit's departure
  cap or a post's room moved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np

from mutasi.planner.eligibility import Compiled, IntArray
from mutasi.planner.messages import Message
from mutasi.planner.model import Change, ChangeCause, Plan, Rule

STABILITY_WEIGHT: Final = 50.0

Reference = Mapping[str, str] | Plan


def reference_moves(reference: Reference) -> dict[str, str]:
    """Employee id -> post id of the reference's moves (a Plan's moves, or the mapping itself,
    without entries that name the person's own post)."""
    if isinstance(reference, Plan):
        return {
            m.employee_id: m.to_position_id
            for m in reference.moves
            if m.to_position_id != m.from_position_id
        }
    return dict(reference)


def attach_reference(c: Compiled, reference: Reference, weight: float = STABILITY_WEIGHT) -> None:
    """Set ``c.ref_pos`` (each employee's post in the reference; -1 when that post is no longer in
    the data) and the weight; the scores (``eligibility.pair_score``) then carry the term."""
    moves = reference_moves(reference)
    pos_index = {pid: k for k, pid in enumerate(c.pos_ids)}
    ref = c.emp_pos.copy()
    for k, emp_id in enumerate(c.emp_ids):
        target = moves.get(emp_id)
        if target is not None:
            ref[k] = pos_index.get(target, -1)
    c.ref_pos = ref
    c.ref_moves = moves
    c.stability_weight = float(weight)
    c.blocks = None  # scores change with the term


@dataclass(frozen=True)
class _Traffic:
    """Who arrives at and who leaves each post in the new plan, and who differs from the
    reference: what a knock-on cause names."""

    arriving: dict[int, list[int]]
    leaving: dict[int, list[int]]
    differs: frozenset[int]


@dataclass(frozen=True)
class _Cause:
    cause: ChangeCause
    message: Message
    rule: Rule | None = None
    related: int | None = None  # the employee whose change caused this one


def changes(c: Compiled, final_pos: IntArray) -> list[Change]:
    """Every person whose post in ``final_pos`` differs from the reference's, with the cause."""
    ref = c.ref_pos
    if ref is None:
        return []
    moves = c.ref_moves or {}
    differs = np.flatnonzero(final_pos != np.where(ref >= 0, ref, -2)).tolist()
    traffic = _traffic(c, final_pos, differs)
    pinned = {pin.employee_id for pin in c.problem.pins}
    out: list[Change] = []
    for k in differs:
        emp_id = c.emp_ids[k]
        q = int(final_pos[k])
        ref_id = moves.get(emp_id, c.pos_ids[int(c.emp_pos[k])])
        if emp_id in pinned:
            found = _Cause(ChangeCause.PIN, Message("change_pinned"), Rule.PIN)
        else:
            r = int(ref[k])
            found = _direct_cause(c, k, r, ref_id) or _knock_on(c, k, q, r, traffic)
        out.append(
            Change(
                employee_id=emp_id,
                reference_position_id=ref_id,
                position_id=c.pos_ids[q],
                cause=found.cause,
                message=found.message,
                related_employee_id=None if found.related is None else c.emp_ids[found.related],
                rule=found.rule,
            )
        )
    return out


def _traffic(c: Compiled, final_pos: IntArray, differs: list[int]) -> _Traffic:
    arriving: dict[int, list[int]] = {}
    leaving: dict[int, list[int]] = {}
    for k in np.flatnonzero(final_pos != c.emp_pos).tolist():
        arriving.setdefault(int(final_pos[k]), []).append(k)
        leaving.setdefault(int(c.emp_pos[k]), []).append(k)
    return _Traffic(arriving, leaving, frozenset(differs))


def _direct_cause(c: Compiled, k: int, r: int, ref_id: str) -> _Cause | None:
    """The reference's outcome for ``k`` (post ``r`` there) is gone for a reason of ``k``'s
    own (data or a rule), or None when the change is a knock-on of others."""
    from mutasi.planner.check import pair_rule_problems

    kept = r == int(c.emp_pos[k])
    positions = c.problem.positions
    if r < 0:
        return _Cause(ChangeCause.DATA, Message("change_post_gone", post=ref_id))
    if kept:
        if not c.must_move[k]:
            return None
        return _Cause(
            ChangeCause.RULE,
            Message("change_must_move", max_years=c.policy.max_years_in_post),
            Rule.MUST_MOVE,
        )
    if not c.movable[k]:
        return _Cause(
            ChangeCause.RULE,
            Message("change_immobile", problem=c.immobile_reason[k]),
            Rule.MIN_YEARS,
        )
    problems = pair_rule_problems(c.problem, c.policy, c.problem.employees[k], positions[r])
    if problems:
        return _Cause(
            ChangeCause.RULE,
            Message(
                "change_not_qualified",
                code=positions[r].code,
                problems=[text for _rule, text in problems],
            ),
            problems[0][0],
        )
    if not c.accepts[r]:
        return _Cause(
            ChangeCause.DATA,
            Message(
                "change_post_closed",
                code=positions[r].code,
                formation=int(c.formation[r]),
                filled=int(c.current[r]),
            ),
        )
    return None


def _knock_on(c: Compiled, k: int, q: int, r: int, traffic: _Traffic) -> _Cause:
    """Someone else's change took the reference's slot ``r``, or freed the one used now."""
    own = int(c.emp_pos[k])
    positions, employees = c.problem.positions, c.problem.employees
    others = traffic.differs
    if r != own:
        taker = next((j for j in traffic.arriving.get(r, []) if j != k and j in others), None)
        if taker is not None:
            return _Cause(
                ChangeCause.KNOCK_ON,
                Message("change_slot_taken", code=positions[r].code, nip=employees[taker].nip),
                related=taker,
            )
    if q != own:
        freer = next((j for j in traffic.leaving.get(q, []) if j != k and j in others), None)
        if freer is not None:
            return _Cause(
                ChangeCause.KNOCK_ON,
                Message("change_slot_freed", code=positions[q].code, nip=employees[freer].nip),
                related=freer,
            )
    return _Cause(ChangeCause.KNOCK_ON, Message("change_knock_on"))
