"""Every write of the planning cycle: one function per verb, one transaction, one audit entry.

Plans are edited under optimistic locking: a form carries the ``Plan.version`` it read, and a write
succeeds only if the version is unchanged (the row is also locked with SELECT … FOR UPDATE where
the database supports it), so two planners editing the same plan never lose an edit silently.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mutasi import planner
from mutasi.core.audit import record_audit
from mutasi.core.errors import UserError
from mutasi.core.models import Role
from mutasi.core.permissions import role_of
from mutasi.needs.selectors import unit_and_descendants
from mutasi.people.models import Employee, Position, Unit

from . import reasons, runs
from .models import Cycle, Mechanism, Move, Pin, PinKind, Plan, PlanComment, PlanReview, PlanStatus

logger = logging.getLogger(__name__)

EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanActionError(Exception):
    """A refused write; the message is Indonesian and says where the problem is."""

    def __init__(self, message: str, *, violations: list[Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.violations = violations or []


class StalePlanError(PlanActionError):
    """The plan changed since the user read it (another planner edited it)."""


# ---- helpers ---------------------------------------------------------------------------------


def _lock_plan(plan: Plan, expected_version: int | None) -> Plan:
    """Lock the plan row and check the version the user read; bump the version."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StalePlanError(
            _(
                "Rencana “%(name)s” telah diubah pengguna lain (versi %(now)s, Anda membaca versi "
                "%(read)s). Muat ulang halaman dan ulangi perubahan Anda."
            )
            % {"name": locked.name, "now": locked.version, "read": expected_version}
        )
    # Conditional update: also safe where SELECT … FOR UPDATE is a no-op (SQLite).
    updated = Plan.objects.filter(pk=locked.pk, version=locked.version).update(
        version=F("version") + 1
    )
    if not updated:
        raise StalePlanError(
            _("Rencana “%(name)s” sedang diubah pengguna lain. Muat ulang halaman.")
            % {"name": locked.name}
        )
    locked.version += 1
    plan.version = locked.version
    return locked


def _require_editable(plan: Plan) -> None:
    if plan.status not in EDITABLE:
        raise PlanActionError(
            _("Rencana “%(name)s” berstatus %(status)s dan tidak dapat diubah.")
            % {"name": plan.name, "status": plan.get_status_display()}
        )


def _move_state(move: Move | None) -> dict[str, Any] | None:
    if move is None:
        return None
    return {
        "employee": move.employee_id,
        "from_position": move.from_position_id,
        "to_position": move.to_position_id,
        "reason": move.reason,
        "edited": move.edited,
    }


def _review(plan: Plan) -> PlanReview:
    review, _created = PlanReview.objects.get_or_create(plan=plan)
    return review


# ---- cycles and pins -------------------------------------------------------------------------


@transaction.atomic
def do_create_cycle(
    *,
    name: str,
    policy: dict[str, Any],
    acting_user: Any,
    preference_opens: datetime.datetime | None = None,
    preference_closes: datetime.datetime | None = None,
    max_preferences: int = 5,
    freeze_start: datetime.date | None = None,
    freeze_end: datetime.date | None = None,
    effective_date: datetime.date | None = None,
) -> Cycle:
    cycle = Cycle.objects.create(
        name=name,
        policy=policy,
        preference_opens=preference_opens,
        preference_closes=preference_closes,
        max_preferences=max_preferences,
        freeze_start=freeze_start,
        freeze_end=freeze_end,
        effective_date=effective_date,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_audit(
        "cycle.create",
        acting_user=acting_user,
        obj=cycle,
        summary=_("Siklus “%(name)s” dibuat") % {"name": name},
        after=_cycle_state(cycle),
    )
    return cycle


def _cycle_state(cycle: Cycle) -> dict[str, Any]:
    return {
        "name": cycle.name,
        "policy": cycle.policy,
        "preference_opens": cycle.preference_opens.isoformat() if cycle.preference_opens else None,
        "preference_closes": (
            cycle.preference_closes.isoformat() if cycle.preference_closes else None
        ),
        "max_preferences": cycle.max_preferences,
        "freeze_start": cycle.freeze_start.isoformat() if cycle.freeze_start else None,
        "freeze_end": cycle.freeze_end.isoformat() if cycle.freeze_end else None,
        "effective_date": cycle.effective_date.isoformat() if cycle.effective_date else None,
    }


@transaction.atomic
def do_update_cycle(cycle: Cycle, *, fields: dict[str, Any], acting_user: Any) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    before = _cycle_state(cycle)
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.save(update_fields=list(fields))
    record_audit(
        "cycle.update",
        acting_user=acting_user,
        obj=cycle,
        summary=_("Kebijakan siklus “%(name)s” diubah") % {"name": cycle.name},
        before=before,
        after=_cycle_state(cycle),
    )
    return cycle


def _pin_state(pin: Pin) -> dict[str, Any]:
    return {
        "cycle": pin.cycle_id,
        "employee": pin.employee_id,
        "kind": pin.kind,
        "position": pin.position_id,
        "unit": pin.unit_id,
        "note": pin.note,
    }


@transaction.atomic
def do_pin(
    cycle: Cycle,
    employee: Employee,
    *,
    kind: str,
    acting_user: Any,
    position: Position | None = None,
    unit: Unit | None = None,
    note: str = "",
) -> Pin:
    """Fix a decision for the next runs: stays, goes to a post, or never to a unit."""
    if kind == PinKind.GOTO and position is None:
        raise PlanActionError(_("Kunci “pindah ke jabatan” memerlukan jabatan tujuan."))
    if kind == PinKind.NEVER_UNIT and unit is None:
        raise PlanActionError(_("Kunci “tidak ke unit” memerlukan unit."))
    if kind == PinKind.GOTO and position is not None and position.pk == employee.position_id:
        kind = PinKind.STAY
    # A person has at most one stay/goto pin; "never to unit" pins add up.
    if kind in (PinKind.STAY, PinKind.GOTO):
        old = list(
            Pin.objects.filter(
                cycle=cycle, employee=employee, kind__in=[PinKind.STAY, PinKind.GOTO]
            )
        )
        for pin in old:
            record_audit(
                "pin.remove",
                acting_user=acting_user,
                obj=pin,
                summary=_("Kunci %(nip)s diganti") % {"nip": employee.nip},
                before=_pin_state(pin),
            )
            pin.delete()
    pin = Pin.objects.create(
        cycle=cycle,
        employee=employee,
        kind=kind,
        position=position if kind == PinKind.GOTO else None,
        unit=unit if kind == PinKind.NEVER_UNIT else None,
        note=note,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_audit(
        "pin.add",
        acting_user=acting_user,
        obj=pin,
        summary=_("Kunci %(kind)s untuk %(nip)s")
        % {"kind": pin.get_kind_display(), "nip": employee.nip},
        after=_pin_state(pin),
    )
    return pin


@transaction.atomic
def do_unpin(pin: Pin, *, acting_user: Any) -> None:
    before = _pin_state(pin)
    record_audit(
        "pin.remove",
        acting_user=acting_user,
        obj=pin,
        summary=_("Kunci %(kind)s untuk pegawai %(id)s dilepas")
        % {"kind": pin.get_kind_display(), "id": pin.employee_id},
        before=before,
    )
    pin.delete()


# ---- running a plan --------------------------------------------------------------------------


@transaction.atomic
def do_queue_plan(
    cycle: Cycle | None,
    *,
    mechanism: str,
    acting_user: Any,
    name: str = "",
    based_on: Plan | None = None,
    enqueue: bool = True,
) -> Plan:
    """Create a queued plan and hand it to the background worker (django-tasks)."""
    if mechanism not in Mechanism.values:
        raise PlanActionError(_("Mekanisme “%(m)s” tidak dikenal.") % {"m": mechanism})
    count = Plan.objects.filter(cycle=cycle).count() + 1
    plan = Plan.objects.create(
        cycle=cycle,
        name=name
        or _("%(cycle)s — rencana %(n)s (%(mech)s)")
        % {
            "cycle": cycle.name if cycle else _("Kebijakan bawaan"),
            "n": count,
            "mech": mechanism,
        },
        mechanism=mechanism,
        status=PlanStatus.QUEUED,
        policy=dict(cycle.policy) if cycle else {},
        based_on=based_on,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_audit(
        "plan.queue",
        acting_user=acting_user,
        obj=plan,
        summary=_("Rencana “%(name)s” diantrekan") % {"name": plan.name},
        after={"status": plan.status, "mechanism": mechanism, "policy": plan.policy},
    )
    if enqueue:
        from .tasks import enqueue_run

        user_id = acting_user.pk if getattr(acting_user, "is_authenticated", False) else None
        enqueue_run(plan.pk, user_id)
    return plan


def set_progress(plan: Plan, percent: int) -> None:
    """Progress is written outside any transaction so the polling page sees it at once."""
    plan.progress = percent
    Plan.objects.filter(pk=plan.pk).update(progress=percent)


def do_run_plan(
    plan: Plan,
    *,
    acting_user: Any,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Plan the data in the database for ``plan`` (its cycle's policy and pins) and store it.

    Loading and solving happen before the transaction (so progress is visible); the plan's moves,
    metrics and status are written in one transaction with one audit entry. A failure stores an
    Indonesian message in ``Plan.error`` and the status FAILED; so does an interruption (the
    plan's heartbeat, ``mutasi.plans.runs``, covers a process that is killed outright).
    """

    def report(percent: int) -> None:
        if progress is not None:
            progress(percent)
        elif percent != plan.progress:  # one small UPDATE per percent, outside transactions
            set_progress(plan, percent)

    from .runs import do_fail_run, heartbeat, interrupted_message

    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING, progress=1, error="")
    plan.status = PlanStatus.RUNNING
    try:
        with heartbeat(plan.pk):
            return _compute_plan(plan, acting_user=acting_user, report=report)
    except BaseException:
        # Interrupted (Ctrl+C, SIGTERM, a worker told to stop): never leave the plan "running".
        message = interrupted_message()
        if do_fail_run(plan.pk, message=message, acting_user=acting_user):
            plan.status, plan.error = PlanStatus.FAILED, message
        raise


def violation_summary(count: int, first: Any) -> str:
    """What a computed plan that breaks hard rules says above its figures, in the active language
    (``first``: a rule message or its stored form)."""
    return _(
        "Hasil perhitungan melanggar %(n)s aturan wajib (pemeriksaan ulang), misalnya: "
        "%(first)s. Perbaiki dengan mengubah mutasi atau hitung ulang; rencana ini tidak "
        "dapat diajukan sebelum bersih."
    ) % {"n": count, "first": reasons.message_text(first)}


def _compute_plan(plan: Plan, *, acting_user: Any, report: Callable[[int], None]) -> Plan:
    from . import adapter

    try:
        started = time.perf_counter()
        data = adapter.load_problem(plan.cycle, policy_overrides=plan.policy)
        report(25)
        # a re-run (with pins) stays close to the plan it is based on
        reference = adapter.reference_moves(plan.based_on)
        result = adapter.solve(
            data,
            plan.mechanism,
            progress=lambda pct: report(25 + pct * 60 // 100),
            reference=reference,
        )
        violations = adapter.check(data, result)
        report(90)
        with transaction.atomic():
            locked = Plan.objects.select_for_update().get(pk=plan.pk)
            reference_plan = plan.based_on_id if reference is not None else None
            _store_result(locked, data, result, violations, reference_plan, started)
            locked.refresh_from_db()
            record_audit(
                "plan.run",
                acting_user=acting_user,
                obj=locked,
                summary=_("Rencana “%(name)s” dihitung: %(moves)s mutasi")
                % {"name": locked.name, "moves": locked.metrics.get("moves", 0)},
                before={"status": PlanStatus.QUEUED},
                after={
                    "status": locked.status,
                    "objective": locked.objective,
                    "moves": locked.metrics.get("moves"),
                },
            )
        return locked
    except Exception as exc:  # noqa: BLE001 - whatever happened, the run is marked failed
        return _mark_failed(plan, exc, acting_user=acting_user)


def _store_result(
    locked: Plan,
    data: Any,
    result: Any,
    violations: list[Any],
    reference_plan: int | None,
    started: float,
) -> None:
    """Replace the plan's moves and metrics with a computed result and mark it a draft.

    Solver output is never trusted: a plan that breaks a hard rule is kept for review (so the
    planner can see and fix it by hand) but says so in its error, and cannot be submitted."""
    from . import adapter

    problem_text = ""
    if violations:
        problem_text = violation_summary(len(violations), violations[0].message)
    locked.moves.all().delete()
    adapter.store_moves(locked, data, result)
    adapter.store_metrics(locked, data, result, elapsed=time.perf_counter() - started)
    if reference_plan is not None:
        locked.metrics["reference_plan"] = reference_plan
        locked.metrics["reference_changes"] = adapter.change_rows(result)
    locked.metrics["check_violations"] = [
        reasons.stored_message(v.message) for v in violations[:200]
    ]
    locked.metrics["check_violation_count"] = len(violations)
    locked.status = PlanStatus.DRAFT
    locked.progress = 100
    locked.error = problem_text
    locked.version = F("version") + 1
    locked.save(
        update_fields=[
            "status",
            "progress",
            "error",
            "version",
            "objective",
            "bound",
            "gap",
            "metrics",
            "solve_seconds",
            "policy",
        ]
    )


# Where a failed plan keeps the planner's keyed message for its error (``error_text``).
FAILURE_KEY = "failure"


def _mark_failed(plan: Plan, exc: BaseException, *, acting_user: Any) -> Plan:
    """Record a failed run: the plan says why (``failure_message``) and the audit log keeps it;
    a planner's keyed message is kept beside the text, so pages say it in their language."""
    message = failure_message(exc, plan)
    metrics = {k: v for k, v in (plan.metrics or {}).items() if k != FAILURE_KEY}
    if isinstance(exc, planner.SolveError):
        metrics[FAILURE_KEY] = {"error": message, "message": reasons.stored_message(exc.message)}
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.FAILED, error=message, metrics=metrics)
    plan.status, plan.error, plan.metrics = PlanStatus.FAILED, message, metrics
    runs.audit_failure(plan, message, acting_user=acting_user)
    return plan


def failure_message(exc: BaseException, plan: Plan) -> str:
    """What the planner sees for a failed run. Expected failures are typed and speak for
    themselves; anything else is a bug: its traceback is logged and the page gives a reference
    to find it in the log."""
    if isinstance(exc, PlanActionError | UserError):
        logger.info("plan %s failed: %s", plan.pk, exc.message)
        return exc.message
    if isinstance(exc, planner.PolicyError):
        logger.info("plan %s failed: %s", plan.pk, exc.message)
        detail = reasons.message_text(exc.message)
        return _("Kebijakan siklus tidak valid: %(detail)s") % {"detail": detail}
    if isinstance(exc, planner.SolveError):
        logger.warning("plan %s found no plan: %s %s", plan.pk, exc.message.key, exc.message.params)
        return reasons.message_text(exc.message)
    if isinstance(exc, MemoryError):
        logger.error("plan %s ran out of memory", plan.pk)
        return _("Perhitungan kehabisan memori.")
    reference = f"rencana-{plan.pk}-{uuid.uuid4().hex[:8]}"
    logger.error("plan %s failed (%s)", plan.pk, reference, exc_info=exc)
    return _(
        "Perhitungan gagal karena kesalahan dalam program. Laporkan ke pengelola aplikasi dengan "
        "rujukan %(reference)s."
    ) % {"reference": reference}


def error_text(error: str, metrics: Any) -> str:
    """A plan's stored error in the active language: the planner's keyed message when the run
    that failed kept one (``FAILURE_KEY``, only while ``error`` is still that run's), else the
    stored text."""
    failure = metrics.get(FAILURE_KEY) if isinstance(metrics, dict) else None
    if isinstance(failure, dict) and failure.get("error") == error and error:
        return reasons.message_text(failure.get("message"))
    return error


# ---- adjusting a plan ------------------------------------------------------------------------


@transaction.atomic
def do_edit_move(
    plan: Plan,
    employee: Employee,
    to_position: Position,
    *,
    expected_version: int | None,
    acting_user: Any,
    note: str = "",
) -> Move | None:
    """Put ``employee`` in ``to_position`` in this plan (their own post = cancel the move).

    The edited plan is checked at once with ``mutasi.planner.check``; if any hard rule is broken
    the edit is refused with the violations (nothing is saved).
    """
    from . import adapter

    locked = _lock_plan(plan, expected_version)
    _require_editable(locked)
    move = Move.objects.filter(plan=locked, employee=employee).first()
    before = _move_state(move)
    violations = adapter.check_with_edit(
        locked, employee.pk, to_position.pk, committed_version=locked.version - 1
    )
    if violations:
        more = len(violations) - 1
        raise PlanActionError(
            _("Perubahan ditolak: %(name)s tidak dapat ditempatkan di %(post)s karena %(what)s.")
            % {
                "name": employee.name,
                "post": to_position.name,
                "what": reasons.message_text(violations[0]).rstrip("."),
            }
            + (
                " " + _("Ada %(n)s masalah lain; pilih jabatan lain dari daftar.") % {"n": more}
                if more
                else ""
            ),
            violations=violations,
        )
    reason = _("Diubah manual oleh %(user)s") % {"user": acting_user}
    if note:
        reason = f"{reason}: {note}"
    if to_position.pk == employee.position_id:
        # Cancel the move; a stay row (from = to) keeps its reason (must move, pin not honoured).
        if move is not None and move.to_position_id != move.from_position_id:
            move.delete()
        after = None
        result: Move | None = None
    else:
        if move is None:
            move = Move(plan=locked, employee=employee, from_position_id=employee.position_id)
        move.to_position = to_position
        move.reason = reason
        move.edited = True
        move.chain = None
        move.terms = {}
        move.save()
        after = _move_state(move)
        result = move
    adapter.refresh_plan_metrics(locked)
    record_audit(
        "move.edit",
        acting_user=acting_user,
        obj=locked,
        summary=_("Mutasi %(nip)s diubah ke %(code)s")
        % {"nip": employee.nip, "code": to_position.code},
        before=before,
        after=after,
    )
    return result


@transaction.atomic
def do_cancel_move(
    plan: Plan, employee: Employee, *, expected_version: int | None, acting_user: Any
) -> list[Move]:
    """Cancel ``employee``'s move and repair the chain it breaks: the smallest set of moves into
    the posts that would otherwise end above formation (``editor.cancellation``), checked with
    ``check()`` before anything is saved. Returns the cancelled moves (the person's first)."""
    from . import editor

    locked = _lock_plan(plan, expected_version)
    _require_editable(locked)
    found = editor.cancellation(locked, employee.pk)
    if found is None:
        raise PlanActionError(
            _("%(name)s tidak dipindah dalam rencana ini; tidak ada yang dibatalkan.")
            % {"name": employee.name}
        )
    if found.violations:
        raise PlanActionError(
            _(
                "Pembatalan ditolak: sesudah membatalkan mutasi %(name)s dan rantainya, rencana "
                "masih melanggar aturan: %(what)s."
            )
            % {"name": employee.name, "what": found.violations[0].rstrip(".")},
            violations=found.violations,
        )
    before = [_move_state(m) for m in found.moves]
    Move.objects.filter(pk__in=[m.pk for m in found.moves]).delete()
    refresh_plan_metrics(locked)
    record_audit(
        "move.cancel",
        acting_user=acting_user,
        obj=locked,
        summary=_("Mutasi %(nip)s dibatalkan beserta %(n)s mutasi dalam rantainya")
        % {"nip": employee.nip, "n": len(found.moves) - 1},
        before={"moves": before},
        after={"employee": employee.pk, "cancelled": [m.employee_id for m in found.moves]},
    )
    return found.moves


def refresh_plan_metrics(plan: Plan) -> None:
    from . import adapter

    adapter.refresh_plan_metrics(plan)


@transaction.atomic
def do_comment(plan: Plan, *, text: str, acting_user: Any, move: Move | None = None) -> PlanComment:
    """A comment on a plan or one of its moves; a unit head only on their own unit's moves.
    Comments close once a plan is approved (it can no longer change)."""
    if plan.status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        raise PlanActionError(_("Rencana ini sudah disetujui; komentar ditutup."))
    unit = None
    if role_of(acting_user) == Role.UNIT_HEAD:
        unit = acting_user.profile.unit
        if (
            move is None
            or unit is None
            or not ({move.from_position.unit_id, move.to_position.unit_id} & unit_scope(unit))
        ):
            raise PlanActionError(_("Kepala unit hanya dapat mengomentari mutasi unitnya sendiri."))
    elif move is not None:
        unit = move.to_position.unit
    if not text.strip():
        raise PlanActionError(_("Komentar kosong."))
    comment = PlanComment.objects.create(
        plan=plan, move=move, unit=unit, author=acting_user, text=text.strip()
    )
    record_audit(
        "plan.comment",
        acting_user=acting_user,
        obj=plan,
        summary=text.strip()[:200],
        after={"comment": comment.pk, "move": move.pk if move else None, "text": comment.text},
    )
    return comment


def unit_scope(unit: Unit) -> set[int]:
    """A unit and every unit below it (a head of an OPD also sees its sub-units)."""
    return unit_and_descendants(unit.pk)


# ---- approval workflow -----------------------------------------------------------------------


def _transition(
    plan: Plan,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    action: str,
    acting_user: Any,
    expected_version: int | None,
    comment: str = "",
) -> Plan:
    locked = _lock_plan(plan, expected_version)
    if locked.status not in allowed_from:
        raise PlanActionError(
            _("Rencana “%(name)s” berstatus %(status)s; tindakan ini tidak dapat dilakukan.")
            % {"name": locked.name, "status": locked.get_status_display()}
        )
    before = {"status": locked.status}
    locked.status = to
    locked.save(update_fields=["status"])
    plan.status = to
    review = _review(locked)
    now = timezone.now()
    if to == PlanStatus.SUBMITTED:
        review.submitted_at, review.submitted_by = now, acting_user
        review.decision_comment = ""
    elif to in (PlanStatus.APPROVED, PlanStatus.RETURNED):
        review.decided_at, review.decided_by = now, acting_user
        review.decision_comment = comment
    elif to == PlanStatus.PUBLISHED:
        review.published_at = now
    review.save()
    record_audit(
        action,
        acting_user=acting_user,
        obj=locked,
        summary=comment or _("Status rencana: %(s)s") % {"s": locked.get_status_display()},
        before=before,
        after={"status": to, "comment": comment} if comment else {"status": to},
    )
    return locked


def _require_clean(plan: Plan) -> None:
    from . import adapter

    violations = adapter.check_stored_plan(plan)
    if violations:
        raise PlanActionError(
            _("Rencana melanggar %(n)s aturan wajib, misalnya: %(first)s")
            % {"n": len(violations), "first": violations[0]},
            violations=violations,
        )


@transaction.atomic
def do_submit_plan(plan: Plan, *, expected_version: int | None, acting_user: Any) -> Plan:
    if role_of(acting_user) != Role.PLANNER:
        raise PlanActionError(_("Hanya perencana yang dapat mengajukan rencana."))
    _require_clean(plan)
    return _transition(
        plan,
        allowed_from=EDITABLE,
        to=PlanStatus.SUBMITTED,
        action="plan.submit",
        acting_user=acting_user,
        expected_version=expected_version,
    )


@transaction.atomic
def do_approve_plan(
    plan: Plan, *, expected_version: int | None, acting_user: Any, comment: str = ""
) -> Plan:
    if role_of(acting_user) != Role.APPROVER:
        raise PlanActionError(_("Hanya pejabat penyetuju yang dapat menyetujui rencana."))
    _require_clean(plan)
    return _transition(
        plan,
        allowed_from=(PlanStatus.SUBMITTED,),
        to=PlanStatus.APPROVED,
        action="plan.approve",
        acting_user=acting_user,
        expected_version=expected_version,
        comment=comment,
    )


@transaction.atomic
def do_return_plan(
    plan: Plan, *, expected_version: int | None, acting_user: Any, comment: str
) -> Plan:
    if role_of(acting_user) != Role.APPROVER:
        raise PlanActionError(_("Hanya pejabat penyetuju yang dapat mengembalikan rencana."))
    if not comment.strip():
        raise PlanActionError(_("Tuliskan alasan pengembalian rencana."))
    return _transition(
        plan,
        allowed_from=(PlanStatus.SUBMITTED,),
        to=PlanStatus.RETURNED,
        action="plan.return",
        acting_user=acting_user,
        expected_version=expected_version,
        comment=comment.strip(),
    )


@transaction.atomic
def do_publish_plan(
    plan: Plan, *, expected_version: int | None, acting_user: Any, decree_number: str = ""
) -> Plan:
    if role_of(acting_user) != Role.PLANNER:
        raise PlanActionError(_("Hanya perencana yang dapat mengumumkan rencana."))
    cycle = plan.cycle
    now = timezone.now()
    if (
        cycle is not None
        and cycle.preference_opens is not None
        and cycle.preference_closes is not None
        and cycle.preference_opens <= now < cycle.preference_closes
    ):
        raise PlanActionError(
            _(
                "Rencana belum dapat diumumkan: pengisian preferensi siklus “%(cycle)s” masih "
                "dibuka sampai %(closes)s. Umumkan setelah pengisian ditutup."
            )
            % {
                "cycle": cycle.name,
                "closes": formats.date_format(
                    timezone.localtime(cycle.preference_closes), "DATETIME_FORMAT"
                ),
            }
        )
    locked = _transition(
        plan,
        allowed_from=(PlanStatus.APPROVED,),
        to=PlanStatus.PUBLISHED,
        action="plan.publish",
        acting_user=acting_user,
        expected_version=expected_version,
    )
    if decree_number:
        review = _review(locked)
        review.decree_number = decree_number
        review.save(update_fields=["decree_number"])
    return locked
