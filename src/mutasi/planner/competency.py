"""The competency gap of a person against a post's standard (pure: no Django).

A post's standard (Standar Kompetensi Jabatan, PermenPANRB 38/2017) names competencies and the
level 1–5 each requires; a person's assessed level per competency comes from the latest dated
assessment. A competency the person was never assessed on is *unknown*: it is not a level 0 and
yields no gap figure, only the fact that an assessment is missing.

The gap of competency c is ``max(0, required_c − assessed_c)`` levels; the weighted gap multiplies
it by the criticality of the post (how short of staff its service is), so that training for a
post the public is waiting on counts for more. The training stage closes gaps level by level: a
course that raises c to level L closes the levels ``assessed_c + 1 … min(L, required_c)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

MIN_LEVEL = 1
MAX_LEVEL = 5
# Criticality of a post at formation with no shortage, and the most a shortage adds on top
# (a post with no staff at all counts twice as much as a fully staffed one).
BASE_CRITICALITY = 1.0
MAX_SHORTAGE_BONUS = 1.0


@dataclass(frozen=True)
class Gap:
    """The gap of one person against one post's standard.

    ``levels``: competency -> levels missing (> 0 only); ``unknown``: required competencies the
    person was never assessed on; ``weight``: the post's criticality."""

    levels: Mapping[str, int] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()
    weight: float = 1.0

    @property
    def total(self) -> int:
        return sum(self.levels.values())

    @property
    def weighted(self) -> float:
        return self.weight * self.total


def competency_gap(
    required: Mapping[str, int], assessed: Mapping[str, int | None], weight: float = 1.0
) -> Gap:
    """Gap per competency = required − assessed (never negative), and the unknown ones.

    ``assessed`` maps a competency to its latest level; a missing key or ``None`` is unknown.
    """
    levels: dict[str, int] = {}
    unknown: list[str] = []
    for name, need in sorted(required.items()):
        have = assessed.get(name)
        if have is None:
            unknown.append(name)
            continue
        if need > have:
            levels[name] = int(need) - int(have)
    return Gap(levels=levels, unknown=tuple(unknown), weight=weight)


def criticality(sector_weight: float, formation: int | None, staff: int) -> float:
    """How critical a post is: its sector's weight times (1 + its shortage share).

    The shortage share is ``(formation − staff) / formation`` clipped to 0..1 (a post without a
    formation figure has no known shortage)."""
    share = 0.0
    if formation:
        share = min(1.0, max(0.0, (formation - staff) / formation))
    return sector_weight * (BASE_CRITICALITY + MAX_SHORTAGE_BONUS * share)


def levels_closed(assessed: int, required: int, course_level: int) -> int:
    """Levels of a gap that one course raising the competency to ``course_level`` closes."""
    return max(0, min(course_level, required) - assessed)


def gap_by_steps(
    emp_steps: npt.NDArray[np.floating[Any]],
    pos_steps: npt.NDArray[np.floating[Any]],
    pos_total: npt.NDArray[np.floating[Any]],
) -> npt.NDArray[np.floating[Any]]:
    """Total gap in levels of each person against each post, shape (r, k).

    Levels are whole numbers 1..5 encoded as steps ``[level >= t]`` for t = 1..5 per competency
    (shapes (r, 5K) and (k, 5K)), so ``sum min(required, assessed)`` is one matrix product and the
    gap is ``sum required − sum min(required, assessed)``. Unassessed levels count as 0 here: the
    planner's workbook data carries no "unknown". Used by the planner's optional training term."""
    covered = emp_steps @ pos_steps.T
    result: npt.NDArray[np.floating[Any]] = pos_total[None, :] - covered
    return result


def gap_of_own_post(
    emp_steps: npt.NDArray[np.floating[Any]],
    own_steps: npt.NDArray[np.floating[Any]],
    own_total: npt.NDArray[np.floating[Any]],
) -> npt.NDArray[np.floating[Any]]:
    """The same gap, row by row: person i against post i (shape (r,))."""
    result: npt.NDArray[np.floating[Any]] = own_total - (emp_steps * own_steps).sum(axis=1)
    return result
