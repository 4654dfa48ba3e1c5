"""Pages of the evaluation stage: the public SKM form (anonymous), HR's IKM and monitoring pages,
the employee's survey after a move. Thin views: validate, call one service, render or redirect."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mutasi.core.models import Role
from mutasi.core.permissions import is_planner, role_of, role_required
from mutasi.participation.models import Cycle
from mutasi.people.models import Employee, Unit
from mutasi.plans import policy_defaults
from mutasi.plans.models import Move

from . import abuse, export, questionnaire, selectors, services
from .forms import (
    EmployeeSurveyForm,
    ExcludeForm,
    ImportForm,
    PopulationForm,
    PublicSurveyForm,
)
from .models import MonitoringReport, PublicResponse, ReportStatus
from .periods import PeriodError, parse_period, semester_of

logger = logging.getLogger(__name__)

planner_only = role_required(Role.PLANNER)
readers = role_required(Role.PLANNER, Role.APPROVER)
poster_makers = role_required(Role.PLANNER, Role.UNIT_HEAD)
employee_only = role_required(Role.EMPLOYEE)
RESPONSES_PER_PAGE = 50


# --- the public form (anonymous) -----------------------------------------------------------


def _client_address(request: HttpRequest) -> str:
    # The direct peer. Behind a reverse proxy, configure it to pass the real address as
    # REMOTE_ADDR (e.g. waitress's trusted_proxy), never trust a header from the client.
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def public_form(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    period = semester_of(timezone.localdate())
    status = 200
    if request.method == "POST":
        form = PublicSurveyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.do_submit_public_response(
                    unit,
                    period=period.code,
                    answers=form.answers(),
                    respondent=services.Respondent(
                        gender=data["gender"],
                        age=data["age"],
                        education=data["education"],
                        occupation=data["occupation"],
                        comment=data["comment"],
                    ),
                    client=abuse.client_key(
                        _client_address(request), request.META.get("HTTP_USER_AGENT", "")
                    ),
                    honeypot_filled=bool(data.get(abuse.HONEYPOT_FIELD)),
                    seconds_on_form=abuse.seconds_since_stamp(data.get("stamp") or ""),
                )
            except services.RateLimited as error:
                form.add_error(None, str(error))
                status = 429
            except services.EvaluationError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                return redirect("evaluation:public_thanks", unit.code)
        else:
            status = 400
    else:
        form = PublicSurveyForm(initial={"stamp": abuse.form_stamp()})
    if status != 200:
        form.data = form.data.copy()
        form.data["stamp"] = abuse.form_stamp()
    return render(
        request,
        "evaluation/public_form.html",
        {"unit": unit, "period": period, "form": form, "honeypot": abuse.HONEYPOT_FIELD},
        status=status,
    )


def public_thanks(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    return render(request, "evaluation/public_thanks.html", {"unit": unit})


def _public_url(request: HttpRequest, unit: Unit) -> str:
    return request.build_absolute_uri(reverse("evaluation:public_form", args=[unit.code]))


@poster_makers
def poster(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    profile = getattr(request.user, "profile", None)
    if role_of(request.user) == Role.UNIT_HEAD and (profile is None or profile.unit_id != unit.pk):
        raise PermissionDenied
    url = _public_url(request, unit)
    qr = segno.make(url, error="m")
    svg = io.BytesIO()
    qr.save(svg, kind="svg", scale=8, border=2, xmldecl=False, svgns=True, title=unit.name)
    return render(
        request,
        "evaluation/poster.html",
        {"unit": unit, "url": url, "qr_svg": svg.getvalue().decode()},
    )


# --- HR: monitoring and IKM ----------------------------------------------------------------


@role_required(Role.PLANNER, Role.APPROVER, Role.EMPLOYEE)
def index(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) == Role.EMPLOYEE:
        return my_surveys(request)
    return dashboard(request)


def _latest_by_unit(rows: list[selectors.IkmRow]) -> list[selectors.IkmRow]:
    latest: dict[int, selectors.IkmRow] = {}
    for row in rows:
        latest[row.unit.pk] = row
    return sorted(latest.values(), key=lambda r: r.unit.code)


@readers
def dashboard(request: HttpRequest) -> HttpResponse:
    rows = selectors.ikm_rows()
    periods = selectors.periods_with_data()
    sectors = selectors.sector_series(rows)
    chart = {
        "type": "line",
        "labels": periods,
        "datasets": [
            {
                "label": sector,
                "data": [
                    float(series[p].ikm_rounded)  # type: ignore[arg-type]
                    if p in series and series[p].has_data
                    else None
                    for p in periods
                ],
            }
            for sector, series in sectors.items()
        ],
    }
    chart.update(
        selectors.chart_range(v for d in chart["datasets"] for v in d["data"])  # type: ignore[attr-defined]
    )
    upcoming = selectors.next_cycle()
    steering = policy_defaults.suggestions(upcoming)
    weights = dict((upcoming.policy or {}).get("unit_weights", {})) if upcoming else {}
    cycles = []
    for cycle in selectors.evaluated_cycles()[:5]:
        outcomes = selectors.cycle_outcomes(cycle)
        cycles.append((cycle, outcomes, [o for o in outcomes if o.evaluation.flagged]))
    return render(
        request,
        "evaluation/dashboard.html",
        {
            "latest": _latest_by_unit(rows),
            "sector_chart": chart,
            "sectors": sectors,
            "periods": periods,
            "cycles": cycles,
            "tracking": selectors.tracking(),
            "reports": MonitoringReport.objects.all()[:5],
            "suspicious": selectors.counted().filter(suspicious=True).count(),
            "can_edit": is_planner(request.user),
            "upcoming": upcoming,
            "steering": [
                (s, weights.get(code))
                for s in steering
                for code in s.changes.get("unit_weights", {})
            ],
        },
    )


def _period_param(request: HttpRequest) -> str | None:
    raw = (request.GET.get("period") or "").strip()
    if not raw:
        return None
    try:
        return parse_period(raw).code
    except PeriodError:
        messages.error(request, _("Periode “%(p)s” tidak dikenal.") % {"p": raw})
        return None


@readers
def ikm_table(request: HttpRequest) -> HttpResponse:
    period = _period_param(request)
    return render(
        request,
        "evaluation/ikm_table.html",
        {
            "rows": selectors.ikm_rows(period=period),
            "period": period,
            "periods": selectors.periods_with_data(),
            "elements": questionnaire.ELEMENTS,
        },
    )


@readers
def ikm_xlsx(request: HttpRequest) -> HttpResponse:
    period = _period_param(request)
    data = export.to_xlsx(selectors.ikm_rows(period=period))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"ikm-{period}.xlsx" if period else "ikm.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@readers
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    rows = selectors.ikm_rows(unit_ids=[unit.pk])
    chart = selectors.trend_chart(
        _("IKM"), {r.period: r.ikm2 for r in rows}, [r.period for r in rows]
    )
    responses = PublicResponse.objects.filter(unit=unit).select_related("excluded_by")
    if request.GET.get("suspicious") == "1":
        responses = responses.filter(suspicious=True)
    page = Paginator(responses, RESPONSES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/unit_detail.html",
        {
            "unit": unit,
            "rows": rows,
            "chart": chart,
            "elements": questionnaire.ELEMENTS,
            "page": page,
            "exclude_form": ExcludeForm(),
            "population_form": PopulationForm(
                initial={
                    "period": rows[-1].period if rows else semester_of(timezone.localdate()).code
                }
            ),
            "public_url": _public_url(request, unit),
            "only_suspicious": request.GET.get("suspicious") == "1",
        },
    )


@planner_only
@require_POST
def exclude(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(PublicResponse.objects.select_related("unit"), pk=pk)
    form = ExcludeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan pengecualian."))
    else:
        services.do_exclude_response(
            response, reason=form.cleaned_data["reason"], acting_user=request.user
        )
        messages.success(request, _("Jawaban #%(pk)s tidak dihitung lagi.") % {"pk": pk})
    return redirect("evaluation:unit", response.unit.code)


@planner_only
@require_POST
def include(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(PublicResponse.objects.select_related("unit"), pk=pk)
    services.do_include_response(response, acting_user=request.user)
    messages.success(request, _("Jawaban #%(pk)s dihitung kembali.") % {"pk": pk})
    return redirect("evaluation:unit", response.unit.code)


@planner_only
@require_POST
def population(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    form = PopulationForm(request.POST)
    if form.is_valid():
        try:
            period = parse_period(form.cleaned_data["period"]).code
        except PeriodError:
            messages.error(request, _("Periode tidak dikenal (contoh: 2026-S1)."))
        else:
            services.do_set_population(
                unit, period=period, users=form.cleaned_data["users"], acting_user=request.user
            )
            messages.success(request, _("Jumlah pengguna layanan disimpan."))
    else:
        messages.error(request, _("Isi periode dan jumlah pengguna layanan (bilangan bulat ≥ 0)."))
    return redirect("evaluation:unit", unit.code)


def _read_grid(upload: Any) -> list[list[Any]]:
    """The survei_skm sheet of an .xlsx, or a .csv, as rows of cells."""
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".csv"):
        import csv

        text = data.decode("utf-8-sig")
        return [list(r) for r in csv.reader(io.StringIO(text))]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for sheet in book.worksheets:
        if sheet.title.strip().lower() == "survei_skm":
            return [list(r) for r in sheet.iter_rows(values_only=True)]
    raise services.EvaluationError(_("Berkas tidak memuat lembar survei_skm."))


@planner_only
def import_skm(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    issues: list[Any] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            grid = _read_grid(upload)
            counts = services.do_import_skm(grid, acting_user=request.user, label=upload.name)
        except services.SheetRejected as rejected:
            issues = rejected.issues
            status = 400
        except services.EvaluationError as error:
            form.add_error("file", str(error))
            status = 400
        except Exception:  # an unreadable file: say so, change nothing
            logger.exception("survei_skm upload could not be read")
            form.add_error("file", _("Berkas tidak dapat dibaca sebagai .xlsx atau .csv."))
            status = 400
        else:
            messages.success(
                request,
                _("Impor selesai: %(new)d baru, %(upd)d diperbarui, %(same)d sama.")
                % {"new": counts.new, "upd": counts.updated, "same": counts.unchanged},
            )
            return redirect("evaluation:ikm")
    return render(
        request, "evaluation/import.html", {"form": form, "issues": issues}, status=status
    )


@readers
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    return render(
        request,
        "evaluation/cycle.html",
        {
            "cycle": cycle,
            "plan": selectors.published_plan(cycle),
            "outcomes": selectors.cycle_outcomes(cycle),
            "employee_results": selectors.employee_results(cycle),
            "items": [
                (name, questionnaire.EMPLOYEE_QUESTIONS[name])
                for name in questionnaire.EMPLOYEE_ITEMS
            ],
            "minimum": questionnaire.MIN_ANSWERS_SHOWN,
        },
    )


@planner_only
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    services.do_queue_report(acting_user=request.user)
    messages.success(
        request, _("Laporan sedang dibuat di latar belakang; muat ulang halaman ini sebentar lagi.")
    )
    return redirect("evaluation:index")


@readers
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(MonitoringReport, pk=pk, status=ReportStatus.DONE)
    path = Path(report.file)
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


# --- the employee's own surveys ----------------------------------------------------------


def _own_employee(request: HttpRequest) -> Employee:
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.employee_id is None:
        raise PermissionDenied
    return Employee.objects.get(pk=profile.employee_id)


@employee_only
def my_surveys(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    today = timezone.localdate()
    return render(
        request,
        "evaluation/my_surveys.html",
        {"surveys": selectors.surveys_for(employee, today), "today": today},
    )


@employee_only
def employee_survey(request: HttpRequest, move_id: int, wave: int) -> HttpResponse:
    employee = _own_employee(request)
    # Only the employee's own moves: another id is simply not found.
    move = get_object_or_404(
        Move.objects.select_related("to_position__unit", "plan__cycle"),
        pk=move_id,
        employee=employee,
    )
    due = {(s.move.pk, s.wave) for s in selectors.open_surveys(employee)}
    if (move.pk, wave) not in due:
        messages.info(request, _("Survei ini sudah dijawab atau tidak sedang dibuka."))
        return redirect("evaluation:index")
    form = EmployeeSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_answer_employee_survey(
                employee,
                move=move,
                wave=wave,
                scores={n: form.cleaned_data[n] for n in questionnaire.EMPLOYEE_ITEMS},
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            )
        except services.EvaluationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Terima kasih, jawaban Anda tersimpan."))
            return redirect("evaluation:index")
    return render(
        request,
        "evaluation/employee_survey.html",
        {"form": form, "move": move, "wave": wave},
        status=400 if request.method == "POST" else 200,
    )
