"""What the planning cycle puts in each role's inbox (registered in ``PlansConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mutasi.core.inbox import InboxItem, InboxLink
from mutasi.core.models import Role

from .models import Plan, PlanComment, PlanStatus

# The plans a unit head may open: submitted to the approver, approved, or published. A draft (or a
# plan sent back and being reworked) is still the planner's work in progress.
UNIT_HEAD_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED)
# Comments are answered while a plan can still change; once approved they are closed.
OPEN_STATUSES = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED)
SHOWN = 5


def current_plan_for_unit_heads() -> Plan | None:
    """The newest plan a unit head may open (submitted, approved or published)."""
    return Plan.objects.filter(status__in=UNIT_HEAD_STATUSES).order_by("-created_at", "-id").first()


def _plan_links(plans: list[Plan]) -> list[InboxLink]:
    return [
        InboxLink(
            plan.name,
            reverse("plans:plan_detail", args=[plan.pk]),
            plan.cycle.name if plan.cycle_id else "",
        )
        for plan in plans[:SHOWN]
    ]


def inbox(user: Any, role: str) -> list[InboxItem]:
    """This stage's items for ``role`` (see ``mutasi.core.inbox``)."""
    if role == Role.APPROVER:
        return [_submitted_item()]
    if role == Role.PLANNER:
        return [_returned_item(), _comments_item()]
    if role == Role.UNIT_HEAD:
        return _unit_moves_items(user)
    return []


def _submitted_item() -> InboxItem:
    """The approver's plans waiting for a decision, oldest first."""
    return _plans_in(
        PlanStatus.SUBMITTED,
        "created_at",
        "plans-submitted",
        _("Menunggu persetujuan"),
        _("Tinjau"),
    )


def _returned_item() -> InboxItem:
    """The planner's plans the approver sent back, newest first."""
    return _plans_in(
        PlanStatus.RETURNED,
        "-created_at",
        "plans-returned",
        _("Rencana dikembalikan penyetuju"),
        _("Perbaiki"),
    )


def _plans_in(status: str, order_by: str, key: str, title: str, action: str) -> InboxItem:
    """The plans in ``status``, linked from one inbox item."""
    plans = list(
        Plan.objects.filter(status=status)
        .select_related("cycle")
        .defer("metrics")
        .order_by(order_by)
    )
    return InboxItem(
        key=key,
        title=title,
        count=len(plans),
        url=reverse("plans:index") + f"?status={status}",
        action=action,
        links=_plan_links(plans),
        order=10,
    )


def _comments_item() -> InboxItem:
    """Unit heads' comments on plans that can still change, newest first."""
    open_comments = PlanComment.objects.filter(
        plan__status__in=OPEN_STATUSES, author__profile__role=Role.UNIT_HEAD
    )
    comments = list(
        open_comments.select_related("plan", "author", "unit", "move__employee").order_by(
            "-created_at"
        )[:SHOWN]
    )
    return InboxItem(
        key="plans-comments",
        title=_("Komentar kepala unit pada rencana yang belum disetujui"),
        count=open_comments.count(),
        url=reverse("plans:plan_detail", args=[comments[0].plan_id]) + "#comments"
        if comments
        else "",
        action=_("Baca"),
        links=[
            InboxLink(
                f"{c.author.get_full_name() or c.author.get_username()}: {c.text[:80]}",
                reverse("plans:plan_detail", args=[c.plan_id]) + "#comments",
                c.move.employee.name if c.move_id else c.plan.name,
            )
            for c in comments
        ],
        order=20,
    )


def _unit_moves_items(user: Any) -> list[InboxItem]:
    """The unit head's unit's moves in the current plan they may open (none without one)."""
    plan = current_plan_for_unit_heads()
    unit = getattr(getattr(user, "profile", None), "unit", None)
    if plan is None or unit is None:
        return []
    from . import selectors, services

    count = selectors.filtered_moves(plan, {}, services.unit_scope(unit)).count()
    return [
        InboxItem(
            key="unit-moves",
            title=_("Mutasi unit Anda dalam rencana “%(plan)s” (%(status)s)")
            % {"plan": plan.name, "status": plan.get_status_display()},
            count=count,
            url=reverse("plans:unit_moves", args=[plan.pk]),
            action=_("Lihat dan beri komentar") if plan.status in OPEN_STATUSES else _("Lihat"),
            order=10,
        )
    ]


def unit_head_landing(user: Any) -> str | None:
    """A unit head starts at their unit's moves in the current plan, when there is one."""
    plan = current_plan_for_unit_heads()
    if plan is None or getattr(getattr(user, "profile", None), "unit_id", None) is None:
        return None
    return reverse("plans:unit_moves", args=[plan.pk])
