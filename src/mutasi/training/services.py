"""Every write of the training stage: one function per verb, one transaction, one audit entry."""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.people.models import Competency, Employee
from mutasi.plans.models import Plan, PlanStatus

from . import optimize, sheets
from .models import (
    Assessment,
    Attendance,
    CompetencyProfile,
    Course,
    CoursePin,
    CoursePinKind,
    CourseSession,
    Enrolment,
    TrainingPlan,
    TrainingStatus,
)
from .selectors import PersonGap, gaps_for_plan

logger = logging.getLogger(__name__)

APPROVED = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)
DEFAULT_WINDOW_DAYS = 90  # sessions may start up to this long after the effective date


class TrainingError(Exception):
    """A refused write; the message is Indonesian and says where the problem is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---- sheets ----------------------------------------------------------------------------------


@dataclass
class SheetImport:
    problems: list[sheets.Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_sheets(tables: dict[str, list[sheets.Row]]) -> tuple[dict[str, Any], SheetImport]:
    """Parse every sheet present, in dependency order, against the database and each other."""
    outcome = SheetImport()
    parsed: dict[str, Any] = {}
    names = {n.lower() for n in Competency.objects.values_list("name", flat=True)}
    if sheets.KOMPETENSI in tables:
        p = sheets.parse_competencies(tables[sheets.KOMPETENSI])
        outcome.problems += p.problems
        parsed[sheets.KOMPETENSI] = p.records
        # every named row counts as known, so a bad cell is reported once, not again downstream
        names |= sheets.keys_of(tables[sheets.KOMPETENSI], "nama", lower=True)
    if sheets.PENILAIAN in tables:
        rows = tables[sheets.PENILAIAN]
        nips = _nips_in(rows)
        p = sheets.parse_assessments(rows, competencies=names, nips=nips)
        outcome.problems += p.problems
        parsed[sheets.PENILAIAN] = p.records
    courses = set(Course.objects.values_list("code", flat=True))
    if sheets.KATALOG in tables:
        p = sheets.parse_courses(tables[sheets.KATALOG], competencies=names)
        outcome.problems += p.problems
        parsed[sheets.KATALOG] = p.records
        courses |= sheets.keys_of(tables[sheets.KATALOG], "kode_diklat")
    if sheets.SESI in tables:
        p = sheets.parse_sessions(tables[sheets.SESI], courses=courses)
        outcome.problems += p.problems
        parsed[sheets.SESI] = p.records
    if not tables:
        outcome.problems.append(
            sheets.Problem(
                "—",
                None,
                "—",
                "",
                _(
                    "tidak ada sheet kompetensi, penilaian_kompetensi, katalog_diklat atau "
                    "sesi_diklat"
                ),
            )
        )
    return parsed, outcome


def _nips_in(rows: list[sheets.Row]) -> set[str]:
    wanted = {str(r.cells.get("nip") or "").strip().replace(" ", "") for r in rows}
    return set(Employee.objects.filter(nip__in=wanted).values_list("nip", flat=True))


@transaction.atomic
def do_import_training_sheets(
    tables: dict[str, list[sheets.Row]], *, label: str, acting_user: Any
) -> SheetImport:
    """Import the stage's sheets all or nothing: any problem in any row changes nothing."""
    parsed, outcome = validate_sheets(tables)
    if not outcome.ok:
        return outcome
    outcome.counts = apply_sheets(parsed)
    record_audit(
        "training.import",
        acting_user=acting_user,
        summary=_("Impor data pelatihan dari %(label)s") % {"label": label},
        after=outcome.counts,
    )
    return outcome


def apply_sheets(parsed: dict[str, Any]) -> dict[str, int]:
    """Write validated records (re-importing the same keys updates in place)."""
    counts: dict[str, int] = {}
    for r in parsed.get(sheets.KOMPETENSI, []):
        comp, _created = Competency.objects.update_or_create(
            name=r["name"], defaults={"description": r["description"]}
        )
        CompetencyProfile.objects.update_or_create(competency=comp, defaults={"kind": r["kind"]})
    counts[sheets.KOMPETENSI] = len(parsed.get(sheets.KOMPETENSI, []))
    rows = parsed.get(sheets.PENILAIAN, [])
    if rows:
        comp_ids = {c.name.lower(): c.pk for c in Competency.objects.all()}
        emp_ids = dict(
            Employee.objects.filter(nip__in={r["nip"] for r in rows}).values_list("nip", "id")
        )
        for r in rows:
            Assessment.objects.update_or_create(
                employee_id=emp_ids[r["nip"]],
                competency_id=comp_ids[r["competency"]],
                assessed_on=r["assessed_on"],
                defaults={"level": r["level"], "source": r["source"]},
            )
    counts[sheets.PENILAIAN] = len(rows)
    for r in parsed.get(sheets.KATALOG, []):
        Course.objects.update_or_create(
            code=r["code"],
            defaults={k: r[k] for k in ("name", "raises", "jp", "cost", "provider", "mode")},
        )
    counts[sheets.KATALOG] = len(parsed.get(sheets.KATALOG, []))
    rows = parsed.get(sheets.SESI, [])
    if rows:
        course_ids = dict(Course.objects.values_list("code", "id"))
        for r in rows:
            CourseSession.objects.update_or_create(
                code=r["code"],
                defaults={
                    "course_id": course_ids[r["course"]],
                    "start": r["start"],
                    "end": r["end"],
                    "place": r["place"],
                    "seats": r["seats"],
                },
            )
    counts[sheets.SESI] = len(rows)
    return {k: v for k, v in counts.items() if v}


# ---- training plans --------------------------------------------------------------------------


@transaction.atomic
def do_queue_training_plan(
    plan: Plan,
    *,
    budget: Decimal,
    window_days: int = DEFAULT_WINDOW_DAYS,
    acting_user: Any,
    require_approved: bool = True,
) -> TrainingPlan:
    """Create a training plan to compute for ``plan`` (approved or published)."""
    if require_approved and plan.status not in APPROVED:
        raise TrainingError(
            _(
                "Rencana “%(name)s” belum disetujui; rencana pelatihan dibuat untuk rencana "
                "yang disetujui."
            )
            % {"name": plan.name}
        )
    if budget < 0:
        raise TrainingError(_("Anggaran tidak boleh negatif."))
    tp = TrainingPlan.objects.create(
        plan=plan,
        budget=budget,
        window_days=window_days,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_audit(
        "training.queue",
        acting_user=acting_user,
        obj=tp,
        summary=_("Rencana pelatihan untuk “%(name)s”, anggaran %(budget)s")
        % {"name": plan.name, "budget": budget},
    )
    return tp


def build_request(
    tp: TrainingPlan, *, today: datetime.date | None = None
) -> tuple[optimize.Request, dict[str, int]]:
    """The optimiser's input for a training plan; also NIP -> employee id."""
    plan = tp.plan
    today = today or timezone.localdate()
    effective = plan.cycle.effective_date if plan.cycle_id and plan.cycle else None
    latest = (effective or today) + datetime.timedelta(days=tp.window_days)
    people = gaps_for_plan(plan)
    needs = [
        need
        for p in people
        if (
            need := optimize.need_of(
                p.nip, p.gap, p.assessed, p.required, earliest_start=today, latest_start=latest
            )
        )
    ]
    courses = [
        optimize.Course(c.code, dict(c.raises), float(c.cost), c.jp) for c in Course.objects.all()
    ]
    sessions = [
        optimize.Session(s.code, s.course.code, s.start, s.end, s.seats)
        for s in CourseSession.objects.select_related("course").filter(start__gte=today)
    ]
    pins: set[tuple[str, str]] = set()
    exclusions: set[tuple[str, str]] = set()
    for nip, code, kind in CoursePin.objects.filter(plan=plan).values_list(
        "employee__nip", "course__code", "kind"
    ):
        (pins if kind == CoursePinKind.PIN else exclusions).add((nip, code))
    request = optimize.Request(
        needs=needs,
        courses=courses,
        sessions=sessions,
        budget=float(tp.budget),
        pins=frozenset(pins),
        exclusions=frozenset(exclusions),
    )
    return request, {p.nip: p for p in people}


def do_run_training_plan(tp: TrainingPlan, *, acting_user: Any) -> TrainingPlan:
    """Compute a queued training plan and store its enrolments; a run that dies is marked
    failed with an Indonesian message (and the error logged)."""
    TrainingPlan.objects.filter(pk=tp.pk).update(status=TrainingStatus.RUNNING)
    started = time.perf_counter()
    try:
        request, people = build_request(tp)
        result = optimize.plan_training(request)
        with transaction.atomic():
            _store(tp, request, result, people, time.perf_counter() - started)
            record_audit(
                "training.run",
                acting_user=acting_user,
                obj=tp,
                summary=_("Rencana pelatihan dihitung: %(n)s peserta-sesi, biaya %(cost)s")
                % {"n": len(result.assignments), "cost": int(result.cost)},
            )
    except Exception:
        logger.exception("training plan %s failed", tp.pk)
        TrainingPlan.objects.filter(pk=tp.pk).update(
            status=TrainingStatus.FAILED,
            error=_("Perhitungan gagal karena kesalahan tak terduga (rujukan: pelatihan #%(pk)s).")
            % {"pk": tp.pk},
        )
    tp.refresh_from_db()
    return tp


def _store(
    tp: TrainingPlan,
    request: optimize.Request,
    result: optimize.Result,
    people: dict[str, PersonGap],
    seconds: float,
) -> None:
    if result.status == optimize.Status.INFEASIBLE:
        tp.status = TrainingStatus.FAILED
        tp.error = _(
            "Diklat yang dikunci HR melebihi anggaran, kursi atau bentrok jadwal. Kurangi "
            "penguncian atau tambah anggaran, lalu jalankan ulang."
        )
        tp.solve_seconds = seconds
        tp.save(update_fields=["status", "error", "solve_seconds"])
        return
    session_ids = dict(CourseSession.objects.values_list("code", "id"))
    tp.enrolments.all().delete()
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                training_plan=tp,
                employee_id=people[a.person].employee_id,
                session_id=session_ids[a.session],
                gap_closed=a.closed,
            )
            for a in result.assignments
        ],
        batch_size=2000,
    )
    tp.unfunded = [
        {
            "nip": u.person,
            "competency": u.competency,
            "levels": u.levels,
            "reason": u.reason.value,
            "course": u.pinned_course,
        }
        for u in result.unfunded
    ]
    by_sector: dict[str, float] = {}
    for a in result.assignments:
        sector = people[a.person].sector
        by_sector[sector] = by_sector.get(sector, 0.0) + a.closed
    tp.by_sector = {k: round(v, 2) for k, v in sorted(by_sector.items())}
    tp.status = TrainingStatus.DONE
    tp.closed = result.closed
    tp.total_gap = result.total_gap
    tp.bound = result.bound
    tp.gap = result.gap
    tp.cost = Decimal(round(result.cost))
    tp.solve_seconds = seconds
    tp.error = ""
    tp.save(
        update_fields=[
            "unfunded",
            "by_sector",
            "status",
            "closed",
            "total_gap",
            "bound",
            "gap",
            "cost",
            "solve_seconds",
            "error",
        ]
    )


@transaction.atomic
def do_set_course_pin(
    plan: Plan, employee: Employee, course: Course, kind: str, *, acting_user: Any
) -> CoursePin:
    pin, _created = CoursePin.objects.update_or_create(
        plan=plan,
        employee=employee,
        course=course,
        defaults={
            "kind": kind,
            "created_by": acting_user if getattr(acting_user, "is_authenticated", False) else None,
        },
    )
    record_audit(
        "training.pin",
        acting_user=acting_user,
        obj=pin,
        summary=f"{employee.nip} {course.code} {kind}",
    )
    return pin


@transaction.atomic
def do_remove_course_pin(pin: CoursePin, *, acting_user: Any) -> None:
    record_audit(
        "training.unpin",
        acting_user=acting_user,
        obj=pin,
        summary=f"{pin.employee_id} {pin.course_id} {pin.kind}",
    )
    pin.delete()


# ---- tracking --------------------------------------------------------------------------------


@transaction.atomic
def do_record_attendance(
    enrolment: Enrolment,
    *,
    attendance: str,
    completed_on: datetime.date | None,
    certificate: str,
    acting_user: Any,
) -> Enrolment:
    if completed_on is not None and completed_on < enrolment.session.start:
        raise TrainingError(
            _("Tanggal selesai %(done)s sebelum sesi %(code)s dimulai (%(start)s).")
            % {
                "done": completed_on.isoformat(),
                "code": enrolment.session.code,
                "start": enrolment.session.start.isoformat(),
            }
        )
    if completed_on is not None and attendance != Attendance.ATTENDED:
        raise TrainingError(_("Peserta yang tidak hadir tidak dapat dinyatakan selesai."))
    before = {
        "attendance": enrolment.attendance,
        "completed_on": enrolment.completed_on.isoformat() if enrolment.completed_on else None,
        "certificate": enrolment.certificate,
    }
    enrolment.attendance = attendance
    enrolment.completed_on = completed_on
    enrolment.certificate = certificate
    enrolment.save(update_fields=["attendance", "completed_on", "certificate"])
    record_audit(
        "training.attendance",
        acting_user=acting_user,
        obj=enrolment,
        before=before,
        after={
            "attendance": attendance,
            "completed_on": completed_on.isoformat() if completed_on else None,
            "certificate": certificate,
        },
    )
    return enrolment


@transaction.atomic
def do_import_completions(rows: list[sheets.Row], *, label: str, acting_user: Any) -> SheetImport:
    """Completion records from an e-learning export, all or nothing. A completion marks every
    enrolment of that person in that session completed (or records one outside any plan)."""
    outcome = SheetImport()
    session_starts = dict(CourseSession.objects.values_list("code", "start"))
    parsed = sheets.parse_completions(rows, nips=_nips_in(rows), sessions=session_starts)
    outcome.problems = parsed.problems
    if not outcome.ok:
        return outcome
    emp_ids = dict(
        Employee.objects.filter(nip__in={r["nip"] for r in parsed.records}).values_list("nip", "id")
    )
    session_ids = dict(CourseSession.objects.values_list("code", "id"))
    for r in parsed.records:
        emp, session = emp_ids[r["nip"]], session_ids[r["session"]]
        updated = Enrolment.objects.filter(employee_id=emp, session_id=session).update(
            attendance=Attendance.ATTENDED,
            completed_on=r["completed_on"],
            certificate=r["certificate"],
        )
        if not updated:
            Enrolment.objects.create(
                employee_id=emp,
                session_id=session,
                attendance=Attendance.ATTENDED,
                completed_on=r["completed_on"],
                certificate=r["certificate"],
            )
    outcome.counts = {sheets.PENYELESAIAN: len(parsed.records)}
    record_audit(
        "training.completions",
        acting_user=acting_user,
        summary=_("Impor penyelesaian diklat dari %(label)s") % {"label": label},
        after=outcome.counts,
    )
    return outcome
