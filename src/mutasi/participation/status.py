"""What the transfer rules say about one employee: may they move, must they, and their 9-box.

Pure functions over plain values (no database). The numbers come from the planner's ``Policy``
(PP 11/2017 Pasal 190: 2 to 5 years in a post; 1 year before BUP; PPPK stay in their unit; see
docs/domain.md), read from a cycle's ``policy`` JSON by ``rules_from_policy``.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mutasi.planner import Policy
from mutasi.planner.eligibility import nine_box  # noqa: F401  (the planner's 9-box, re-exported)

# The planner's defaults, so that the two never drift apart: PP 11/2017 Pasal 190 (2 to 5 years in
# a post), docs/domain.md (nobody within 1 year of BUP; 9-box cut-offs are the instance's settings).
_PLANNER_DEFAULTS = Policy()
DEFAULT_MIN_YEARS_IN_POST = _PLANNER_DEFAULTS.min_years_in_post
DEFAULT_MAX_YEARS_IN_POST = _PLANNER_DEFAULTS.max_years_in_post
DEFAULT_RETIREMENT_BUFFER_YEARS = _PLANNER_DEFAULTS.retirement_buffer_years
DEFAULT_POTENTIAL_CUTOFFS = tuple(_PLANNER_DEFAULTS.potential_cutoffs)
YEAR_DAYS = 365.25  # the planner's year (mutasi.plans.adapter)


@dataclass(frozen=True)
class Rules:
    min_years_in_post: float = DEFAULT_MIN_YEARS_IN_POST
    max_years_in_post: float = DEFAULT_MAX_YEARS_IN_POST
    enforce_must_move: bool = True
    retirement_buffer_years: float = DEFAULT_RETIREMENT_BUFFER_YEARS
    pppk_stay_in_unit: bool = True
    show_nine_box: bool = False
    potential_cutoffs: tuple[float, float] = DEFAULT_POTENTIAL_CUTOFFS
    interchangeable_families: frozenset[frozenset[str]] = field(default_factory=frozenset)


def rules_from_policy(policy: dict[str, Any] | None) -> Rules:
    """The rules of a cycle's policy JSON, read through the planner's own ``Policy`` so that both
    use the same keys and defaults. A policy the planner would reject falls back to the defaults
    (the cycle form reports that error; an employee's page should still open)."""
    try:
        planner_policy = Policy.from_dict(policy or {})
    except ValueError:
        planner_policy = Policy()
    return Rules(
        min_years_in_post=planner_policy.min_years_in_post,
        max_years_in_post=planner_policy.max_years_in_post,
        enforce_must_move=planner_policy.enforce_must_move,
        retirement_buffer_years=planner_policy.retirement_buffer_years,
        pppk_stay_in_unit=planner_policy.pppk_stay_in_unit,
        show_nine_box=planner_policy.show_nine_box_to_employees,
        potential_cutoffs=tuple(planner_policy.potential_cutoffs),  # type: ignore[arg-type]
        # As the planner compares them: job family names exactly as written.
        interchangeable_families=frozenset(
            frozenset(group) for group in planner_policy.interchangeable_families
        ),
    )


class Mobility(StrEnum):
    BLOCKED = "blocked"  # the rules keep this person where they are
    FREE = "free"  # may move, need not
    DUE = "due"  # past the maximum time in post: should move if a fitting post has room


class Block(StrEnum):
    TOO_SOON = "too_soon"
    NEAR_RETIREMENT = "near_retirement"


@dataclass(frozen=True)
class MobilityStatus:
    mobility: Mobility
    years_in_post: float
    retirement_date: datetime.date
    blocks: tuple[Block, ...]
    # True for PPPK when the policy keeps them in their unit: they may only move inside it.
    unit_only: bool
    # When the minimum time in post is reached (None if already reached).
    free_from: datetime.date | None


def add_years(day: datetime.date, years: float) -> datetime.date:
    """``day`` plus whole and fractional years (29 February falls back to 28 February)."""
    whole = int(years)
    try:
        shifted = day.replace(year=day.year + whole)
    except ValueError:
        shifted = day.replace(year=day.year + whole, day=28)
    return shifted + datetime.timedelta(days=round((years - whole) * 365.25))


def mobility_status(
    *,
    today: datetime.date,
    position_start: datetime.date,
    birth_date: datetime.date,
    retirement_age: int,
    employee_type: str,
    rules: Rules,
) -> MobilityStatus:
    """Blocked (too soon in post, or near BUP), due (past the maximum), or free to move.

    Years are counted as the planner counts them (days / 365.25), so that the page and the plan
    never disagree about a person on the boundary."""
    years = (today - position_start).days / YEAR_DAYS
    age = (today - birth_date).days / YEAR_DAYS
    retirement = add_years(birth_date, retirement_age)
    blocks: list[Block] = []
    free_from = None
    if years < rules.min_years_in_post:
        blocks.append(Block.TOO_SOON)
        free_from = position_start + datetime.timedelta(
            days=math.ceil(rules.min_years_in_post * YEAR_DAYS)
        )
    if retirement_age - age <= rules.retirement_buffer_years:
        blocks.append(Block.NEAR_RETIREMENT)
    if blocks:
        mobility = Mobility.BLOCKED
    elif years > rules.max_years_in_post and rules.enforce_must_move:
        mobility = Mobility.DUE
    else:
        mobility = Mobility.FREE
    return MobilityStatus(
        mobility=mobility,
        years_in_post=years,
        retirement_date=retirement,
        blocks=tuple(blocks),
        unit_only=employee_type == "PPPK" and rules.pppk_stay_in_unit,
        free_from=free_from,
    )


def tenure_years(status: MobilityStatus) -> float:
    """Years in the current post as every employee page shows them: one decimal, rounded down
    (so 4.98 years never reads as "5,0 tahun" beside "belum 5 tahun")."""
    return math.floor(status.years_in_post * 10) / 10
