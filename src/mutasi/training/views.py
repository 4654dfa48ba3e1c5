"""Pages of the training stage, per role: HR (everything), unit head (their unit), employee (their
own plan and history). Thin views: validate, call one service, render or redirect."""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutasi.core.models import Role
from mutasi.core.numbers import number
from mutasi.core.permissions import role_of, role_required
from mutasi.core.redirects import safe_next
from mutasi.people.models import Competency, Employee

from . import exports, forms, selectors, services, sheets
from .models import (
    Course,
    CoursePin,
    CourseSession,
    Enrolment,
    TrainingPlan,
    TrainingStatus,
)
from .optimize import Reason
from .tasks import run_training_plan_task

logger = logging.getLogger(__name__)

planner_only = role_required(Role.PLANNER)
any_role = role_required(Role.PLANNER, Role.UNIT_HEAD, Role.EMPLOYEE)
ROWS_PER_PAGE = 100

REASONS = {
    Reason.NO_COURSE: _("tidak ada diklat di katalog yang menaikkan kompetensi ini cukup tinggi"),
    Reason.EXCLUDED: _("semua diklat yang sesuai dikecualikan HR"),
    Reason.NO_SESSION: _("tidak ada sesi dengan kursi yang dimulai dalam batas waktu"),
    Reason.BUDGET: _("anggaran habis untuk celah yang lebih berbobot"),
    Reason.SEATS: _("semua sesi yang sesuai sudah penuh"),
    Reason.CLASH: _("semua sesi yang sesuai bentrok dengan sesi lain yang dipilih"),
    Reason.NOT_CHOSEN: _("tidak terpilih dalam batas toleransi optimalitas"),
}


def _reason_text(code: str) -> str:
    try:
        return str(REASONS[Reason(code)])
    except ValueError:
        return code


def _rupiah(value: Any) -> str:
    return "Rp " + number(int(value or 0), grouping=True)


# ---- HR ----------------------------------------------------------------------------------------


@any_role
def index(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    if role == Role.EMPLOYEE:
        return redirect("training:mine")
    if role == Role.UNIT_HEAD:
        return redirect("training:unit")
    return _hr_index(request, forms.TrainingPlanForm())


def _hr_index(request: HttpRequest, form: forms.TrainingPlanForm) -> HttpResponse:
    plans = list(TrainingPlan.objects.select_related("plan").order_by("-created_at", "-id")[:50])
    current = selectors.current_training_plans()
    by_sector: dict[str, float] = dict(current[0].by_sector) if current else {}
    budget_used = {"used": 0.0, "left": 0.0}
    if current:
        spent = float(current[0].cost or 0)
        budget_used = {"used": spent, "left": float(current[0].budget) - spent}
    year = timezone.localdate().year
    jp_rows = selectors.jp_per_employee(year)
    histogram = _jp_histogram(jp_rows)
    return render(
        request,
        "training/index.html",
        {
            "form": form,
            "training_plans": plans,
            "current": current[0] if current else None,
            "courses": Course.objects.count(),
            "sessions": CourseSession.objects.count(),
            "competencies": Competency.objects.count(),
            "year": year,
            "below": sum(1 for r in jp_rows if r.below),
            "employees": len(jp_rows),
            "min_jp": selectors.MIN_JP_PER_YEAR,
            "sector_chart": {
                "type": "bar",
                "labels": sorted(by_sector),
                "datasets": [
                    {
                        "label": _("Celah tertutup (terbobot)"),
                        "data": [round(by_sector[k], 1) for k in sorted(by_sector)],
                    }
                ],
            },
            "budget_chart": {
                "type": "doughnut",
                "labels": [_("Terpakai"), _("Sisa")],
                "datasets": [
                    {
                        "label": _("Anggaran"),
                        "data": [budget_used["used"], max(0.0, budget_used["left"])],
                    }
                ],
            },
            "jp_chart": histogram,
            "completion_form": forms.CompletionUploadForm(),
        },
    )


def _jp_histogram(rows: list[selectors.JpRow]) -> dict[str, Any]:
    edges = [0, 1, 10, 20, 40]
    labels = ["0", "1–9", "10–19", "20–39", "≥ 40"]
    counts = Counter()
    for r in rows:
        bucket = max(i for i, edge in enumerate(edges) if r.jp >= edge)
        counts[bucket] += 1
    return {
        "type": "bar",
        "labels": labels,
        "datasets": [
            {"label": _("Pegawai"), "data": [counts.get(i, 0) for i in range(len(labels))]}
        ],
    }


@planner_only
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    form = forms.TrainingPlanForm(request.POST)
    if not form.is_valid():
        return _hr_index(request, form)
    try:
        tp = services.do_queue_training_plan(
            form.cleaned_data["plan"],
            budget=form.cleaned_data["budget"],
            window_days=form.cleaned_data["window_days"],
            acting_user=request.user,
        )
    except services.TrainingError as exc:
        messages.error(request, exc.message)
        return redirect("training:index")
    run_training_plan_task.enqueue(tp.pk, request.user.pk)
    messages.success(request, _("Rencana pelatihan sedang dihitung."))
    return redirect("training:detail", tp.pk)


@planner_only
def detail(request: HttpRequest, tp_id: int) -> HttpResponse:
    tp = get_object_or_404(TrainingPlan.objects.select_related("plan__cycle"), pk=tp_id)
    enrolments = tp.enrolments.select_related("employee", "session__course").order_by(
        "employee__nip", "session__start"
    )
    page = Paginator(enrolments, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    names = dict(
        Employee.objects.filter(nip__in={u["nip"] for u in tp.unfunded[:500]}).values_list(
            "nip", "name"
        )
    )
    unfunded = [
        {**u, "name": names.get(u["nip"], ""), "reason_text": _reason_text(u["reason"])}
        for u in tp.unfunded[:500]
    ]
    reasons = Counter(u["reason"] for u in tp.unfunded)
    sessions = (
        CourseSession.objects.filter(enrolments__training_plan=tp)
        .annotate(n=Count("enrolments"))
        .select_related("course")
        .order_by("start", "code")
    )
    return render(
        request,
        "training/detail.html",
        {
            "tp": tp,
            "page": page,
            "unfunded": unfunded,
            "unfunded_total": len(tp.unfunded),
            "reasons": [(_reason_text(k), n) for k, n in reasons.most_common()],
            "sessions": sessions[:200],
            "pins": CoursePin.objects.filter(plan=tp.plan).select_related("employee", "course"),
            "pin_form": forms.CoursePinForm(),
            "rerun_form": forms.RerunForm(
                initial={"budget": tp.budget, "window_days": tp.window_days}
            ),
            "running": tp.status in (TrainingStatus.QUEUED, TrainingStatus.RUNNING),
            "counts": selectors.enrolment_counts(tp),
            "budget": _rupiah(tp.budget),
            "cost": _rupiah(tp.cost),
        },
    )


@planner_only
@require_POST
def rerun(request: HttpRequest, tp_id: int) -> HttpResponse:
    old = get_object_or_404(TrainingPlan, pk=tp_id)
    form = forms.RerunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Anggaran dan batas hari harus angka yang sah."))
        return redirect("training:detail", old.pk)
    try:
        tp = services.do_queue_training_plan(
            old.plan,
            budget=form.cleaned_data["budget"],
            window_days=form.cleaned_data["window_days"],
            acting_user=request.user,
        )
    except services.TrainingError as exc:
        messages.error(request, exc.message)
        return redirect("training:detail", old.pk)
    run_training_plan_task.enqueue(tp.pk, request.user.pk)
    return redirect("training:detail", tp.pk)


@planner_only
@require_POST
def pin(request: HttpRequest, tp_id: int) -> HttpResponse:
    tp = get_object_or_404(TrainingPlan, pk=tp_id)
    form = forms.CoursePinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi NIP, kode diklat dan keputusannya."))
        return redirect("training:detail", tp.pk)
    employee = Employee.objects.filter(nip=form.cleaned_data["nip"].strip()).first()
    course = Course.objects.filter(code=form.cleaned_data["course"].strip()).first()
    if employee is None:
        messages.error(request, _("NIP “%(v)s” tidak dikenal.") % {"v": form.cleaned_data["nip"]})
    elif course is None:
        messages.error(
            request,
            _("Kode diklat “%(v)s” tidak ada di katalog.") % {"v": form.cleaned_data["course"]},
        )
    else:
        services.do_set_course_pin(
            tp.plan, employee, course, form.cleaned_data["kind"], acting_user=request.user
        )
        messages.success(request, _("Disimpan. Jalankan ulang agar keputusan ini dipakai."))
    return redirect("training:detail", tp.pk)


@planner_only
@require_POST
def unpin(request: HttpRequest, tp_id: int, pin_id: int) -> HttpResponse:
    tp = get_object_or_404(TrainingPlan, pk=tp_id)
    course_pin = get_object_or_404(CoursePin, pk=pin_id, plan=tp.plan)
    services.do_remove_course_pin(course_pin, acting_user=request.user)
    return redirect("training:detail", tp.pk)


def _unfunded_rows(tp: TrainingPlan) -> list[tuple[Any, ...]]:
    return [
        (u["nip"], u["competency"] or u["course"], u["levels"], _reason_text(u["reason"]))
        for u in tp.unfunded
    ]


@planner_only
def download_xlsx(request: HttpRequest, tp_id: int) -> HttpResponse:
    tp = get_object_or_404(TrainingPlan, pk=tp_id, status=TrainingStatus.DONE)
    response = HttpResponse(
        exports.plan_xlsx(tp, _unfunded_rows(tp)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="rencana-pelatihan-{tp.pk}.xlsx"'
    return response


@planner_only
def download_ics(request: HttpRequest, tp_id: int) -> HttpResponse:
    tp = get_object_or_404(TrainingPlan, pk=tp_id, status=TrainingStatus.DONE)
    sessions = (
        CourseSession.objects.filter(enrolments__training_plan=tp)
        .distinct()
        .select_related("course")
        .order_by("start", "code")
    )
    body = exports.calendar(sessions, name=_("Jadwal diklat — %(plan)s") % {"plan": tp.plan.name})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jadwal-diklat-{tp.pk}.ics"'
    return response


# ---- sessions and tracking -------------------------------------------------------------------


@planner_only
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=session_id)
    enrolments = (
        Enrolment.objects.filter(session=session)
        .select_related("employee__position__unit", "training_plan")
        .order_by("employee__nip")
    )
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "enrolments": enrolments,
            "form": forms.AttendanceForm(),
        },
    )


@planner_only
@require_POST
def attendance(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("session"), pk=enrolment_id)
    form = forms.AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kehadiran atau tanggal tidak sah."))
    else:
        try:
            services.do_record_attendance(
                enrolment,
                attendance=form.cleaned_data["attendance"],
                completed_on=form.cleaned_data["completed_on"],
                certificate=form.cleaned_data["certificate"],
                acting_user=request.user,
            )
            messages.success(request, _("Kehadiran disimpan."))
        except services.TrainingError as exc:
            messages.error(request, exc.message)
    return redirect("training:session", enrolment.session_id)


@planner_only
def participants_xlsx(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=session_id)
    body = exports.to_xlsx(
        [("peserta", exports.PARTICIPANT_COLUMNS, exports.participant_rows(session))]
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="peserta-{session.code}.xlsx"'
    return response


@planner_only
@require_POST
def completions(request: HttpRequest) -> HttpResponse:
    form = forms.CompletionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih file CSV ekspor e-learning."))
        return redirect("training:index")
    try:
        tables = sheets.read_upload(form.cleaned_data["file"], sheets.PENYELESAIAN)
    except sheets.UnreadableSheet as exc:
        messages.error(request, str(exc))
        return redirect("training:index")
    outcome = services.do_import_completions(
        tables.get(sheets.PENYELESAIAN, []),
        label=form.cleaned_data["file"].name,
        acting_user=request.user,
    )
    _report(request, outcome)
    return redirect("training:index")


def _report(request: HttpRequest, outcome: services.SheetImport) -> None:
    if outcome.ok:
        messages.success(
            request,
            _("Tersimpan: %(counts)s")
            % {"counts": ", ".join(f"{k} {v}" for k, v in outcome.counts.items()) or "0"},
        )
        return
    messages.error(
        request,
        _("Tidak ada yang diubah; perbaiki dulu %(n)s masalah berikut: %(list)s")
        % {"n": len(outcome.problems), "list": "; ".join(str(p) for p in outcome.problems[:20])},
    )


# ---- catalogue and competencies --------------------------------------------------------------


@planner_only
def catalog(request: HttpRequest) -> HttpResponse:
    course_form, session_form, saved = _row_forms(
        request, ("course", forms.CourseForm, "diklat"), (forms.SessionForm, "sesi")
    )
    if saved:
        return redirect("training:catalog")
    courses = Course.objects.annotate(n_sessions=Count("sessions")).order_by("code")
    page = Paginator(courses, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    upcoming = CourseSession.objects.select_related("course").filter(
        start__gte=timezone.localdate()
    )[:ROWS_PER_PAGE]
    return render(
        request,
        "training/catalog.html",
        {
            "page": page,
            "sessions": upcoming,
            "course_form": course_form,
            "session_form": session_form,
            "upload_form": forms.UploadForm(initial={"sheet": sheets.KATALOG}),
        },
    )


@planner_only
def competencies(request: HttpRequest) -> HttpResponse:
    competency_form, assessment_form, saved = _row_forms(
        request, ("competency", forms.CompetencyForm, "kamus"), (forms.AssessmentForm, "nilai")
    )
    if saved:
        return redirect("training:competencies")
    dictionary = Competency.objects.select_related("training_profile").order_by("name")
    return render(
        request,
        "training/competencies.html",
        {
            "dictionary": dictionary,
            "competency_form": competency_form,
            "assessment_form": assessment_form,
            "upload_form": forms.UploadForm(initial={"sheet": sheets.PENILAIAN}),
        },
    )


def _row_forms(
    request: HttpRequest,
    first: tuple[str, type[forms.RowForm], str],
    second: tuple[type[forms.RowForm], str],
) -> tuple[forms.RowForm, forms.RowForm, bool]:
    """A page with two add-a-row forms: ``first`` is (the posted ``form`` value that names it,
    its class, its prefix), ``second`` takes every other post. Returns the two forms to show (the
    posted one with its errors) and whether the posted row was saved."""
    kind, first_class, first_prefix = first
    second_class, second_prefix = second
    first_form, second_form = first_class(prefix=first_prefix), second_class(prefix=second_prefix)
    if request.method != "POST":
        return first_form, second_form, False
    posted_first = request.POST.get("form") == kind
    form = (
        first_class(request.POST, prefix=first_prefix)
        if posted_first
        else second_class(request.POST, prefix=second_prefix)
    )
    if form.is_valid() and _save_row(request, form):
        return first_form, second_form, True
    return (form, second_form, False) if posted_first else (first_form, form, False)


def _save_row(request: HttpRequest, form: forms.RowForm) -> bool:
    """Save one row through the sheet import; put its problems on the form's fields."""
    outcome = services.do_import_training_sheets(
        {form.sheet: [form.as_row()]}, label=_("formulir"), acting_user=request.user
    )
    if outcome.ok:
        messages.success(request, _("Tersimpan."))
        return True
    for problem in outcome.problems:
        field = problem.column if problem.column in form.fields else None
        form.add_error(field, problem.message)
    return False


@planner_only
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    form = forms.UploadForm(request.POST, request.FILES)
    back = safe_next(request, reverse("training:catalog"))
    if not back.startswith("/"):
        back = reverse("training:catalog")
    if not form.is_valid():
        messages.error(request, _("Pilih file dan isinya."))
        return redirect(back)
    try:
        tables = sheets.read_upload(form.cleaned_data["file"], form.cleaned_data["sheet"])
    except sheets.UnreadableSheet as exc:
        messages.error(request, str(exc))
        return redirect(back)
    outcome = services.do_import_training_sheets(
        tables, label=form.cleaned_data["file"].name, acting_user=request.user
    )
    _report(request, outcome)
    return redirect(back)


# ---- JP --------------------------------------------------------------------------------------


@role_required(Role.PLANNER, Role.UNIT_HEAD)
def jp(request: HttpRequest) -> HttpResponse:
    form = forms.YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    unit_ids = _unit_scope(request)
    rows = selectors.jp_per_employee(year, unit_ids=unit_ids)
    below = [r for r in rows if r.below]
    if request.GET.get("format") == "csv":
        body = exports.to_csv(
            exports.JP_COLUMNS,
            (
                (
                    r.nip,
                    r.name,
                    r.unit,
                    r.jp,
                    selectors.MIN_JP_PER_YEAR,
                    "ya" if r.below else "tidak",
                )
                for r in rows
            ),
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="jp-{year}.csv"'
        return response
    page = Paginator(below, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/jp.html",
        {
            "form": form if form.is_bound else forms.YearForm(initial={"year": year}),
            "year": year,
            "page": page,
            "below": len(below),
            "employees": len(rows),
            "min_jp": selectors.MIN_JP_PER_YEAR,
            "jp_chart": _jp_histogram(rows),
        },
    )


def _unit_scope(request: HttpRequest) -> set[int] | None:
    if role_of(request.user) != Role.UNIT_HEAD:
        return None
    from mutasi.needs.selectors import unit_and_descendants

    profile = getattr(request.user, "profile", None)
    if profile is None or profile.unit_id is None:
        raise PermissionDenied
    return unit_and_descendants(profile.unit_id)


# ---- unit head and employee ------------------------------------------------------------------


@role_required(Role.UNIT_HEAD)
def unit(request: HttpRequest) -> HttpResponse:
    unit_ids = _unit_scope(request) or set()
    current = selectors.current_training_plans()
    people = []
    for tp in current[:1]:
        sessions: dict[int, list[Enrolment]] = defaultdict(list)
        for e in tp.enrolments.select_related("session__course"):
            sessions[e.employee_id].append(e)
        for person in selectors.gaps_for_plan(tp.plan, employee_ids=_unit_people(tp, unit_ids)):
            if person.unit_id in unit_ids:
                people.append(
                    {"person": person, "enrolments": sessions.get(person.employee_id, [])}
                )
    return render(
        request,
        "training/unit.html",
        {"people": people, "tp": current[0] if current else None},
    )


def _unit_people(tp: TrainingPlan, unit_ids: set[int]) -> set[int]:
    """Employees in the unit now or moving into it."""
    here = set(Employee.objects.filter(position__unit_id__in=unit_ids).values_list("id", flat=True))
    coming = set(
        tp.plan.moves.filter(to_position__unit_id__in=unit_ids).values_list(
            "employee_id", flat=True
        )
    )
    return here | coming


@role_required(Role.EMPLOYEE)
def mine(request: HttpRequest) -> HttpResponse:
    profile = getattr(request.user, "profile", None)
    employee = getattr(profile, "employee", None)
    if employee is None:
        raise Http404
    planned = []
    gaps = None
    for tp in selectors.current_training_plans():
        found = selectors.gaps_for_plan(tp.plan, employee_ids={employee.pk})
        if found and gaps is None:
            gaps = found[0]
        planned += list(
            tp.enrolments.filter(employee=employee, completed_on__isnull=True)
            .select_related("session__course")
            .order_by("session__start")
        )
    history = [r for r in selectors.training_received(employee.pk) if r.completed_on]
    year = timezone.localdate().year
    jp_this_year = sum(r.jp for r in history if r.completed_on and r.completed_on.year == year)
    rows = []
    if gaps is not None:
        for name, required in sorted(gaps.required.items()):
            rows.append(
                {
                    "name": name,
                    "required": required,
                    "assessed": gaps.assessed.get(name),
                    "gap": gaps.gap.levels.get(name, 0),
                }
            )
    return render(
        request,
        "training/mine.html",
        {
            "employee": employee,
            "gaps": gaps,
            "rows": rows,
            "planned": planned,
            "history": history,
            "jp_this_year": jp_this_year,
            "min_jp": selectors.MIN_JP_PER_YEAR,
            "year": year,
            "today": datetime.date.today(),
        },
    )
