"""The training stage of the demo region: the dictionary's kinds, assessments for most
employees (some never assessed), a catalogue with sessions over the coming months, a budget and
a training plan for the demo's transfer plan. Deterministic for a seed; bulk inserts (fast)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.numbers import number
from mutasi.people.models import Competency, Employee

from .models import (
    Assessment,
    CompetencyKind,
    CompetencyProfile,
    Course,
    CourseSession,
    Mode,
    TrainingPlan,
)

ASSESSED_SHARE = 0.85  # employees with a dated assessment; the rest keep only workbook levels
COURSES_PER_COMPETENCY = 2
SESSIONS_PER_COURSE = 3
# Budget per employee of the region (rupiah): about Rp 60 juta per 100 employees, enough for
# some of the gaps only, so the plan has to choose.
BUDGET_PER_EMPLOYEE = 600_000
PROVIDERS = ["BPSDM Provinsi", "Pusdiklat Kementerian", "LAN RI", "Lembaga Diklat Swasta"]
PLACES = ["Aula BKPSDM", "BPSDM Provinsi", "Hotel Bukitintan", "Daring"]
_MANAGERIAL = {
    "integritas",
    "kerja sama",
    "komunikasi",
    "orientasi pada hasil",
    "pelayanan publik",
    "pengembangan diri dan orang lain",
    "mengelola perubahan",
    "pengambilan keputusan",
}


def demo_budget(employees: int) -> Decimal:
    return Decimal(employees * BUDGET_PER_EMPLOYEE)


@transaction.atomic
def build_training_demo(*, seed: int = 2027, today: datetime.date | None = None) -> dict[str, int]:
    """Replace the catalogue and assessments with the demo's (call after the people data)."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    competencies = list(Competency.objects.order_by("name"))
    CompetencyProfile.objects.all().delete()
    CompetencyProfile.objects.bulk_create(
        CompetencyProfile(competency=c, kind=_kind(c.name)) for c in competencies
    )
    CourseSession.objects.filter(enrolments__isnull=True).delete()
    Course.objects.filter(sessions__isnull=True).delete()
    courses: list[Course] = []
    for c in competencies:
        for k in range(COURSES_PER_COMPETENCY):
            level = 3 + k  # an introductory course to level 3 and an advanced one to level 4
            mode = rng.choice(list(Mode))
            jp = rng.choice([8, 16, 24, 32, 40])
            courses.append(
                Course(
                    code=f"DK-{c.pk:03d}-{k + 1}",
                    name=_("Pelatihan %(name)s tingkat %(level)s")
                    % {"name": c.name, "level": level},
                    raises={c.name.lower(): level},
                    jp=jp,
                    cost=Decimal(jp * rng.choice([75_000, 100_000, 150_000])),
                    provider=rng.choice(PROVIDERS),
                    mode=mode,
                )
            )
    existing = set(Course.objects.values_list("code", flat=True))
    Course.objects.bulk_create([c for c in courses if c.code not in existing], batch_size=2000)
    by_code = dict(Course.objects.values_list("code", "id"))
    taken = set(CourseSession.objects.values_list("code", flat=True))
    sessions = []
    for course in courses:
        for j in range(SESSIONS_PER_COURSE):
            start = today + datetime.timedelta(days=7 + 35 * j + rng.randint(0, 20))
            days = max(1, course.jp // 8)
            code = f"{course.code}-S{j + 1}"
            if code in taken:
                continue
            sessions.append(
                CourseSession(
                    code=code,
                    course_id=by_code[course.code],
                    start=start,
                    end=start + datetime.timedelta(days=days - 1),
                    place="Daring" if course.mode == Mode.ELEARNING else rng.choice(PLACES),
                    seats=rng.choice([20, 25, 30, 40]),
                )
            )
    CourseSession.objects.bulk_create(sessions, batch_size=2000)
    Assessment.objects.all().delete()
    comp_ids = {c.name.lower(): c.pk for c in competencies}
    assessments = []
    for emp_id, levels in Employee.objects.values_list("id", "competencies").order_by("id"):
        if rng.random() >= ASSESSED_SHARE:
            continue
        on = today - datetime.timedelta(days=rng.randint(30, 700))
        for name, level in sorted((levels or {}).items()):
            if name.lower() not in comp_ids:
                continue
            assessed = max(1, min(5, int(level) + rng.choice((-1, 0, 0, 0, 1))))
            assessments.append(
                Assessment(
                    employee_id=emp_id,
                    competency_id=comp_ids[name.lower()],
                    level=assessed,
                    assessed_on=on,
                    source="Assessment center BKPSDM",
                )
            )
    Assessment.objects.bulk_create(assessments, batch_size=5000)
    return {"courses": len(courses), "sessions": len(sessions), "assessments": len(assessments)}


def _kind(name: str) -> str:
    if name.lower() in _MANAGERIAL:
        return CompetencyKind.MANAGERIAL
    if name.lower() == "perekat bangsa":
        return CompetencyKind.SOCIOCULTURAL
    return CompetencyKind.TECHNICAL


def training_step(stdout: TextIO, plan_id: int | None) -> TrainingPlan | None:
    """Build the demo catalogue and plan the training of the demo plan (printed)."""
    from mutasi.plans.models import Plan

    from .services import do_queue_training_plan, do_run_training_plan

    counts = build_training_demo()
    stdout.write(
        _("Katalog diklat demo: %(courses)s diklat, %(sessions)s sesi, %(assessments)s penilaian\n")
        % counts
    )
    plan = Plan.objects.filter(pk=plan_id).first() if plan_id else None
    if plan is None:
        return None
    budget = demo_budget(Employee.objects.count())
    tp = do_queue_training_plan(plan, budget=budget, acting_user=None, require_approved=False)
    tp = do_run_training_plan(tp, acting_user=None)
    stdout.write(
        _(
            "Rencana pelatihan #%(pk)s: %(n)s peserta-sesi, biaya Rp %(cost)s dari Rp %(budget)s, "
            "celah optimalitas %(gap)s%%, %(s)s detik\n"
        )
        % {
            "pk": tp.pk,
            "n": tp.enrolments.count(),
            "cost": number(int(tp.cost or 0), grouping=True),
            "budget": number(int(budget), grouping=True),
            "gap": number(100 * (tp.gap or 0), 2),
            "s": number(tp.solve_seconds or 0, 1),
        }
    )
    return tp
