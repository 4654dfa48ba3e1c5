"""Published plans as the employee sees them (registered with ``participation.outcomes``).

Each item agrees with the employee's own receipt: the post's number is the number the receipt
shows beside it (never the planner's internal rank), and the tenure in the reason is today's, the
figure the profile page shows, so two pages never give two figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from mutasi.participation.models import Aspiration, Preference
from mutasi.participation.status import mobility_status, rules_from_policy, tenure_years
from mutasi.people.models import Employee
from mutasi.planner.reasons import ReasonPart, years_part

from . import reasons
from .models import Move, Plan, PlanStatus

# Reason parts the outcome page says in its own words (from the receipt).
OWN_WORDS = ("preference", "preference_below_stay", "not_in_preferences")


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    move: Move | None  # None: the plan leaves the employee where they are, without a note
    reason: str = ""  # the plan's reason as the employee reads it (see employee_reason)
    receipt_code: str = ""  # the receipt of the preferences sent in the plan's cycle, if any
    # The new (or kept) post's number on that receipt (or, without a receipt, in the list the
    # planner read), counted as the receipt lists them; None when the post is not on it.
    receipt_rank: int | None = None
    has_preferences: bool = False


def receipt_rank(ranking: list[dict[str, Any]], position_id: int) -> int | None:
    """The number the receipt shows beside ``position_id`` (1 = first row), or None."""
    for number, row in enumerate(ranking, start=1):
        if row.get("position_id") == position_id:
            return number
    return None


def employee_reason(move: Move | None, years: float, max_years: float) -> str:
    """The plan's reason for the employee: the preference rank is left to the receipt line, and
    tenure is ``years`` (today's), so the outcome and the profile agree."""
    if move is None:
        return ""
    parts = reasons.parts_of(move.terms)
    # a pin the plan could not honour, in the page's language as on the plan's pages
    pins = move.terms.get(reasons.PIN_MESSAGES_KEY) if isinstance(move.terms, dict) else None
    if not parts and not pins:
        return move.reason
    shown = []
    for part in parts:
        if part.key in OWN_WORDS:
            continue
        if part.key in ("must_move", "must_move_at_limit"):
            part = years_part(years, max_years)
        elif "years" in part.params:
            part = ReasonPart(part.key, {**part.params, "years": math.floor(years * 10) / 10})
        shown.append(part)
    sentences = [reasons.render_parts(shown), *(reasons.message_text(m) for m in pins or [])]
    return " ".join(s for s in sentences if s)


def published_outcomes(employee: Employee) -> list[Outcome]:
    """Every published plan with the employee's own row in it, if any, and where the outcome
    stands on the receipt of the preferences they sent for that cycle (four queries).

    A plan stores a row for each move and for each person who had to move but could not; anyone
    else stays where they are, which the page says rather than "no result"."""
    plans = list(
        Plan.objects.filter(status=PlanStatus.PUBLISHED)
        .select_related("cycle")
        .order_by("-created_at")
    )
    if not plans:
        return []
    moves = {
        move.plan_id: move
        for move in Move.objects.filter(employee=employee, plan__in=plans).select_related(
            "from_position__unit", "to_position__unit"
        )
    }
    receipts = {
        a.cycle_id: a
        for a in Aspiration.objects.filter(
            employee=employee, cycle_id__in={p.cycle_id for p in plans if p.cycle_id}
        ).exclude(receipt_code="")
    }
    # Without a receipt (preferences from a paper form), the list the planner read stands in.
    listed = [
        {"position_id": pid}
        for pid in Preference.objects.filter(employee=employee)
        .order_by("rank")
        .values_list("position_id", flat=True)
    ]
    outcomes = []
    for plan in plans:
        rules = rules_from_policy(plan.cycle.policy if plan.cycle_id else None)
        status = mobility_status(
            today=timezone.localdate(),
            position_start=employee.position_start,
            birth_date=employee.birth_date,
            retirement_age=employee.position.retirement_age,
            employee_type=employee.employee_type,
            rules=rules,
        )
        move = moves.get(plan.pk)
        receipt = receipts.get(plan.cycle_id) if plan.cycle_id else None
        target = move.to_position_id if move is not None else employee.position_id
        ranking = receipt.submitted_ranking if receipt else listed
        outcomes.append(
            Outcome(
                plan,
                move,
                reason=employee_reason(move, tenure_years(status), rules.max_years_in_post),
                receipt_code=receipt.receipt_code if receipt else "",
                receipt_rank=receipt_rank(ranking, target) if ranking else None,
                has_preferences=bool(ranking),
            )
        )
    return outcomes
