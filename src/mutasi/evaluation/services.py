"""Writes of the evaluation stage: each a named ``do_*`` function that runs in one transaction and
appends to the audit log."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.participation.models import Cycle
from mutasi.people.models import Employee, Unit
from mutasi.plans.models import Move

from . import abuse, questionnaire, selectors, sheets
from .ikm import SurveyDataError, validate_answers
from .models import (
    EmployeeSurveyResponse,
    FlagDecision,
    MonitoringReport,
    PublicResponse,
    Source,
    UnitPopulation,
)

logger = logging.getLogger(__name__)


class EvaluationError(Exception):
    """An expected refusal, with a message for the user (Indonesian)."""


class RateLimited(EvaluationError):
    pass


@dataclass(frozen=True)
class Respondent:
    gender: str = ""
    age: int | None = None
    education: str = ""
    occupation: str = ""
    comment: str = ""


def _answer_kwargs(answers: Sequence[int]) -> dict[str, int]:
    return {f"u{i}": int(a) for i, a in enumerate(answers, start=1)}


def do_submit_public_response(
    unit: Unit,
    *,
    period: str,
    answers: Sequence[int],
    respondent: Respondent,
    client: str,
    honeypot_filled: bool,
    seconds_on_form: float | None,
    now: datetime.datetime | None = None,
) -> PublicResponse:
    """Store one online answer (anonymous, so no acting user). Refuses past the address limit;
    keeps everything else and marks it suspicious with the reasons (``abuse``)."""
    now = now or timezone.now()
    try:
        validate_answers(answers)
    except SurveyDataError:
        raise EvaluationError(
            _("Setiap pertanyaan harus dijawab dengan salah satu pilihan.")
        ) from None
    with transaction.atomic():
        recent = PublicResponse.objects.filter(
            client_key=client, submitted_at__gte=now - abuse.ADDRESS_WINDOW
        ).count()
        if recent >= abuse.ADDRESS_LIMIT:
            raise RateLimited(
                _("Terlalu banyak jawaban dari perangkat ini. Silakan coba lagi nanti.")
            )
        reasons: list[str] = []
        if honeypot_filled:
            reasons.append(abuse.Suspicion.HONEYPOT)
        if seconds_on_form is None:
            reasons.append(abuse.Suspicion.NO_TIMESTAMP)
        elif seconds_on_form < abuse.MIN_SECONDS:
            reasons.append(abuse.Suspicion.TOO_FAST)
        fields = _answer_kwargs(answers)
        if PublicResponse.objects.filter(
            unit=unit, period=period, client_key=client, **fields
        ).exists():
            reasons.append(abuse.Suspicion.DUPLICATE)
        burst = PublicResponse.objects.filter(
            unit=unit, submitted_at__gte=now - abuse.UNIT_BURST_WINDOW
        ).count()
        if burst >= abuse.UNIT_BURST_LIMIT:
            reasons.append(abuse.Suspicion.UNIT_BURST)
        response = PublicResponse.objects.create(
            unit=unit,
            period=period,
            source=Source.ONLINE,
            submitted_at=now,
            client_key=client,
            suspicious=bool(reasons),
            suspicion=[str(r) for r in reasons],
            gender=respondent.gender,
            age=respondent.age,
            education=respondent.education,
            occupation=respondent.occupation,
            comment=respondent.comment,
            **fields,
        )
    if reasons:
        logger.info(
            "SKM answer %s for unit %s marked suspicious: %s", response.pk, unit.code, reasons
        )
    return response


def do_exclude_response(
    response: PublicResponse, *, reason: str, acting_user: Any
) -> PublicResponse:
    """HR leaves one answer out of the IKM, with a reason (audited)."""
    reason = reason.strip()
    if not reason:
        raise EvaluationError(_("Tuliskan alasan pengecualian."))
    with transaction.atomic():
        response = PublicResponse.objects.select_for_update().get(pk=response.pk)
        response.excluded = True
        response.exclusion_reason = reason
        response.excluded_at = timezone.now()
        response.excluded_by = acting_user if acting_user.is_authenticated else None
        response.save(update_fields=["excluded", "exclusion_reason", "excluded_at", "excluded_by"])
        record_audit(
            "evaluation.exclude_response",
            acting_user=acting_user,
            obj=response,
            summary=_("Jawaban SKM #%(pk)s unit %(unit)s dikecualikan: %(reason)s")
            % {"pk": response.pk, "unit": response.unit.code, "reason": reason},
            before={"excluded": False},
            after={"excluded": True, "reason": reason},
        )
    return response


def do_include_response(response: PublicResponse, *, acting_user: Any) -> PublicResponse:
    """Undo an exclusion (audited)."""
    with transaction.atomic():
        response = PublicResponse.objects.select_for_update().get(pk=response.pk)
        before = {"excluded": response.excluded, "reason": response.exclusion_reason}
        response.excluded = False
        response.exclusion_reason = ""
        response.excluded_at = None
        response.excluded_by = None
        response.save(update_fields=["excluded", "exclusion_reason", "excluded_at", "excluded_by"])
        record_audit(
            "evaluation.include_response",
            acting_user=acting_user,
            obj=response,
            summary=_("Jawaban SKM #%(pk)s dihitung kembali") % {"pk": response.pk},
            before=before,
            after={"excluded": False},
        )
    return response


class SheetRejected(EvaluationError):
    def __init__(self, issues: list[sheets.SheetIssue]) -> None:
        super().__init__(_("Lembar survei_skm ditolak: %(n)d masalah") % {"n": len(issues)})
        self.issues = issues


@dataclass(frozen=True)
class ImportCounts:
    new: int
    updated: int
    unchanged: int


def apply_skm_rows(rows: Sequence[sheets.SkmRow]) -> ImportCounts:
    """Upsert parsed rows by (unit, period, respondent). Call inside a transaction."""
    units = {u.code: u for u in Unit.objects.filter(code__in={r.unit_code for r in rows})}
    existing = {
        (r.unit_id, r.period, r.respondent_ref): r
        for r in PublicResponse.objects.filter(
            source=Source.PAPER, unit__in=units.values(), period__in={r.period for r in rows}
        )
    }
    new = updated = unchanged = 0
    for row in rows:
        unit = units[row.unit_code]
        values: dict[str, Any] = {
            **_answer_kwargs(row.answers),
            "gender": row.gender,
            "age": row.age,
            "education": row.education,
            "occupation": row.occupation,
            "comment": row.comment,
        }
        stored = existing.get((unit.pk, row.period, row.respondent))
        if stored is None:
            PublicResponse.objects.create(
                unit=unit,
                period=row.period,
                source=Source.PAPER,
                respondent_ref=row.respondent,
                **values,
            )
            new += 1
        elif any(getattr(stored, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(stored, k, v)
            stored.save(update_fields=list(values))
            updated += 1
        else:
            unchanged += 1
    return ImportCounts(new, updated, unchanged)


def do_import_skm(
    grid: Sequence[Sequence[Any]],
    *,
    acting_user: Any,
    label: str = "",
    today: datetime.date | None = None,
) -> ImportCounts:
    """All or nothing: any problem in the sheet raises ``SheetRejected`` with every issue."""
    today = today or timezone.localdate()
    unit_codes = set(Unit.objects.values_list("code", flat=True))
    parsed = sheets.parse_skm_sheet(grid, unit_codes=unit_codes, today=today)
    if parsed.issues:
        raise SheetRejected(parsed.issues)
    with transaction.atomic():
        counts = apply_skm_rows(parsed.rows)
        record_audit(
            "evaluation.import_skm",
            acting_user=acting_user,
            summary=_("Impor survei_skm %(label)s: %(new)d baru, %(upd)d diperbarui, %(same)d sama")
            % {
                "label": label,
                "new": counts.new,
                "upd": counts.updated,
                "same": counts.unchanged,
            },
            after={"new": counts.new, "updated": counts.updated, "unchanged": counts.unchanged},
        )
    return counts


def do_set_population(unit: Unit, *, period: str, users: int, acting_user: Any) -> UnitPopulation:
    """Record how many people a unit served in a period (the population of the sample table)."""
    with transaction.atomic():
        stored = UnitPopulation.objects.filter(unit=unit, period=period).first()
        before = None if stored is None else {"users": stored.users}
        if stored is None:
            stored = UnitPopulation.objects.create(unit=unit, period=period, users=users)
        else:
            stored.users = users
            stored.save(update_fields=["users"])
        record_audit(
            "evaluation.set_population",
            acting_user=acting_user,
            obj=stored,
            summary=_("Populasi pengguna layanan %(unit)s %(period)s: %(n)d")
            % {"unit": unit.code, "period": period, "n": users},
            before=before,
            after={"users": users},
        )
    return stored


def do_answer_employee_survey(
    employee: Employee,
    *,
    move: Move,
    wave: int,
    scores: dict[str, int],
    comment: str,
    acting_user: Any,
    today: datetime.date | None = None,
) -> EmployeeSurveyResponse:
    """The moved employee's own answer to one open wave (once)."""
    today = today or timezone.localdate()
    due = {(s.move.pk, s.wave): s for s in selectors.open_surveys(employee, today)}
    if (move.pk, wave) not in due or move.employee_id != employee.pk:
        raise EvaluationError(_("Survei ini tidak sedang dibuka untuk Anda."))
    for name in questionnaire.EMPLOYEE_ITEMS:
        value = scores.get(name)
        if not isinstance(value, int) or not 1 <= value <= questionnaire.LIKERT_MAX:
            raise EvaluationError(_("Setiap pernyataan harus dijawab (1–5)."))
    with transaction.atomic():
        response = EmployeeSurveyResponse.objects.create(
            move=move,
            employee=employee,
            unit=move.to_position.unit,
            wave=wave,
            comment=comment.strip(),
            **{name: scores[name] for name in questionnaire.EMPLOYEE_ITEMS},
        )
        # The audit row says that an answer was given, never what it was (confidential).
        record_audit(
            "evaluation.employee_survey",
            acting_user=acting_user,
            obj=response,
            summary=_("Survei pascamutasi bulan ke-%(wave)d dijawab") % {"wave": wave},
        )
    return response


def do_decide_flag(
    *,
    source_cycle: Cycle,
    target_cycle: Cycle,
    unit: Unit,
    accepted: bool,
    reason: str,
    acting_user: Any,
) -> FlagDecision:
    """HR accepts or drops a flagged unit's higher priority in ``target_cycle`` (audited)."""
    with transaction.atomic():
        decision = FlagDecision.objects.filter(
            source_cycle=source_cycle, target_cycle=target_cycle, unit=unit
        ).first()
        before = None if decision is None else {"accepted": decision.accepted}
        user = acting_user if getattr(acting_user, "is_authenticated", False) else None
        if decision is None:
            decision = FlagDecision.objects.create(
                source_cycle=source_cycle,
                target_cycle=target_cycle,
                unit=unit,
                accepted=accepted,
                decided_by=user,
            )
        else:
            decision.accepted = accepted
            decision.decided_at = timezone.now()
            decision.decided_by = user
            decision.save(update_fields=["accepted", "decided_at", "decided_by"])
        summary = (
            _("Prioritas unit %(unit)s di %(target)s diterima (%(reason)s)")
            if accepted
            else _("Prioritas unit %(unit)s di %(target)s dibatalkan (%(reason)s)")
        )
        record_audit(
            "evaluation.decide_flag",
            acting_user=acting_user,
            obj=decision,
            summary=summary % {"unit": unit.code, "target": target_cycle.name, "reason": reason},
            before=before,
            after={"accepted": accepted, "source_cycle": source_cycle.pk},
        )
    return decision


def do_queue_report(*, acting_user: Any, enqueue: bool = True) -> MonitoringReport:
    """Create a report row and hand its rendering to the background worker."""
    with transaction.atomic():
        report = MonitoringReport.objects.create(
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None
        )
        record_audit(
            "evaluation.queue_report",
            acting_user=acting_user,
            obj=report,
            summary=_("Laporan monitoring #%(pk)s diminta") % {"pk": report.pk},
        )
    if enqueue:
        from .tasks import render_report_task

        transaction.on_commit(lambda: render_report_task.enqueue(report.pk))
    return report
