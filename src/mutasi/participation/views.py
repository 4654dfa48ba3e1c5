"""Pages of the participation stage: the employee's own pages and HR's side of them.

Employee pages never take an employee id: they always show the logged-in employee's own data, so
changing an id in a URL or a form cannot reach anyone else's.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mutasi.core.bounds import MAX_INT, parse_id
from mutasi.core.models import Role
from mutasi.core.permissions import is_planner, planner_required, role_required
from mutasi.people.models import Employee, Unit

from . import accounts, outcomes, portal, queries, services
from .forms import (
    ActivationForm,
    AspirationForm,
    ConsultationRecordForm,
    ConsultationRequestForm,
    NipForm,
)
from .models import Aspiration, ConsultationRequest, Cycle, Preference
from .status import (
    Mobility,
    MobilityStatus,
    Rules,
    mobility_status,
    nine_box,
    rules_from_policy,
    tenure_years,
)

employee_required = role_required(Role.EMPLOYEE)
SEARCH_RESULTS_SHOWN = 30


def _own_employee(request: HttpRequest) -> Employee:
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.employee_id is None:
        raise PermissionDenied
    return Employee.objects.select_related("position__unit").get(pk=profile.employee_id)


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- activation (anonymous) -------------------------------------------------------------------


@never_cache
def activate(request: HttpRequest) -> HttpResponse:
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.do_activate_account(
                form.cleaned_data["nip"],
                form.cleaned_data["code"],
                form.cleaned_data["password1"],
                address=get_client_ip_address(request),
            )
        except ValidationError as error:
            about_code = getattr(error, "code", None) in {"wrong", "used", "locked", "expired"}
            field = None if about_code else "password1"
            for message in error.messages:
                form.add_error(field, message)
        else:
            messages.success(
                request, _("Akun Anda aktif. Silakan masuk dengan NIP dan kata sandi baru.")
            )
            return redirect("login")
    return render(request, "participation/activate.html", {"form": form})


# --- the employee's own pages ------------------------------------------------------------------


def _status_of(employee: Employee, rules: Rules) -> MobilityStatus:
    return mobility_status(
        today=timezone.localdate(),
        position_start=employee.position_start,
        birth_date=employee.birth_date,
        retirement_age=employee.position.retirement_age,
        employee_type=employee.employee_type,
        rules=rules,
    )


@role_required(Role.EMPLOYEE, Role.PLANNER)
def index(request: HttpRequest) -> HttpResponse:
    """The menu's "Partisipasi": HR planners get the statistics, employees their own profile."""
    if is_planner(request.user):
        return redirect("participation:hr_statistics")
    return home(request)


@employee_required
def home(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    now = timezone.now()
    cycle = queries.current_cycle(now)
    rules = rules_from_policy(cycle.policy if cycle else None)
    status = _status_of(employee, rules)
    aspiration = (
        Aspiration.objects.filter(employee=employee, cycle=cycle).first() if cycle else None
    )
    return render(
        request,
        "participation/home.html",
        {
            "employee": employee,
            "cards": portal.cards_for(employee),
            "cycle": cycle,
            "window": queries.window_state(cycle, now),
            "status": status,
            "tenure_years": tenure_years(status),
            "rules": rules,
            "nine_box": nine_box(employee.performance, employee.potential, rules.potential_cutoffs)
            if rules.show_nine_box
            else None,
            "aspiration": aspiration,
            "has_outcome": bool(outcomes.published_outcomes(employee)),
        },
    )


def _render_preferences(
    request: HttpRequest, employee: Employee, aspiration_form: AspirationForm | None = None
) -> HttpResponse:
    now = timezone.now()
    cycle = queries.current_cycle(now)
    window = queries.window_state(cycle, now)
    aspiration = (
        Aspiration.objects.filter(employee=employee, cycle=cycle).first() if cycle else None
    )
    ranking = list(aspiration.draft_ranking) if aspiration else []
    status = _status_of(employee, rules_from_policy(cycle.policy if cycle else None))
    context = {
        "blocked": status.mobility == Mobility.BLOCKED,
        "employee": employee,
        "cycle": cycle,
        "window": window,
        "is_open": window == queries.Window.OPEN,
        "aspiration": aspiration,
        "ranked": queries.ranked_items(employee, ranking),
        "has_stay": employee.position_id in ranking,
        "pppk_unit_only": status.unit_only,
    }
    if cycle is not None and window == queries.Window.OPEN:
        query = request.GET.get("q", "").strip()[:100]
        options = queries.post_options(
            employee,
            rules_from_policy(cycle.policy),
            query,
            exclude=ranking,
            shown=SEARCH_RESULTS_SHOWN,
        )
        context.update(
            {
                "query": query,
                "eligible": options.eligible,
                "eligible_count": options.eligible_count,
                "other": options.other,
                "other_count": options.other_count,
                "limit": cycle.max_preferences,
                "full": len([p for p in ranking if p != employee.position_id])
                >= cycle.max_preferences,
                "aspiration_form": aspiration_form
                or AspirationForm(
                    initial={
                        "fields_of_interest": aspiration.fields_of_interest,
                        "career_aspiration": aspiration.career_aspiration,
                        "consent": aspiration.circumstances_consent,
                    }
                    if aspiration
                    else None
                ),
            }
        )
    return render(request, "participation/preferences.html", context)


@employee_required
def preferences(request: HttpRequest) -> HttpResponse:
    return _render_preferences(request, _own_employee(request))


def _open_cycle_or_404() -> Cycle:
    cycle = queries.current_cycle(timezone.now())
    if cycle is None:
        raise Http404(_("Belum ada siklus mutasi."))
    return cycle


@require_POST
@employee_required
def ranking(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    cycle = _open_cycle_or_404()
    action = request.POST.get("action", "")
    try:
        position_id = (
            employee.position_id if action == "stay" else int(request.POST.get("position", ""))
        )
        if not 0 < position_id <= MAX_INT:
            raise ValueError(position_id)
    except ValueError:
        messages.error(request, _("Jabatan yang dipilih tidak dikenal."))
        return redirect("participation:preferences")
    # The page's script moves rows up and down in the background (see participation/ranking.js).
    in_background = request.headers.get("X-Requested-With") == "fetch"
    try:
        services.do_edit_ranking(
            employee,
            cycle,
            action="add" if action == "stay" else action,
            position_id=position_id,
            acting_user=request.user,
        )
    except ValidationError as error:
        if in_background:
            return JsonResponse({"ok": False, "errors": error.messages}, status=400)
        _error_messages(request, error)
    else:
        if in_background:
            return JsonResponse({"ok": True, "message": _("Urutan pilihan disimpan.")})
    query = request.POST.get("q", "")
    url = reverse("participation:preferences")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@require_POST
@employee_required
def aspiration(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    cycle = _open_cycle_or_404()
    form = AspirationForm(request.POST)
    if form.is_valid():
        try:
            services.do_save_aspiration(
                employee,
                cycle,
                fields_of_interest=form.cleaned_data["fields_of_interest"],
                career_aspiration=form.cleaned_data["career_aspiration"],
                personal_circumstances=form.cleaned_data["personal_circumstances"],
                consent=form.cleaned_data["consent"],
                acting_user=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                _error_messages(request, error)
                return redirect("participation:preferences")
        else:
            if request.POST.get("action") == "submit":
                return _submit(request, employee, cycle)
            messages.success(request, _("Draf aspirasi Anda tersimpan."))
            return redirect("participation:preferences")
    return _render_preferences(request, employee, form)


def _submit(request: HttpRequest, employee: Employee, cycle: Cycle) -> HttpResponse:
    try:
        services.do_submit_preferences(employee, cycle, acting_user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect("participation:preferences")
    messages.success(request, _("Preferensi Anda terkirim."))
    return redirect("participation:receipt")


@require_POST
@employee_required
def submit(request: HttpRequest) -> HttpResponse:
    """Submit the saved draft as it is (the aspiration form's own submit button also saves it)."""
    return _submit(request, _own_employee(request), _open_cycle_or_404())


@employee_required
def receipt(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    cycle = _open_cycle_or_404()
    aspiration = Aspiration.objects.filter(employee=employee, cycle=cycle).first()
    if aspiration is None or not aspiration.receipt_code:
        raise Http404(_("Anda belum mengirim preferensi pada siklus ini."))
    return render(
        request,
        "participation/receipt.html",
        {"employee": employee, "cycle": cycle, "aspiration": aspiration},
    )


@employee_required
def consultations(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    form = ConsultationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.do_request_consultation(
            employee,
            cycle=queries.current_cycle(timezone.now()),
            acting_user=request.user,
            **form.cleaned_data,
        )
        messages.success(request, _("Permintaan konsultasi Anda terkirim ke BKPSDM."))
        return redirect("participation:consultations")
    items = ConsultationRequest.objects.filter(employee=employee).prefetch_related("notes")
    return render(
        request,
        "participation/consultations.html",
        {"employee": employee, "form": form, "items": items},
    )


@role_required(Role.EMPLOYEE, Role.PLANNER)
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultation: its employee sees it, HR planners see it and record notes."""
    item = get_object_or_404(
        ConsultationRequest.objects.select_related("employee__position__unit", "cycle"), pk=pk
    )
    planner = is_planner(request.user)
    if not planner and item.employee_id != _own_employee(request).pk:
        raise Http404
    form = None
    if planner:
        form = ConsultationRecordForm(
            request.POST or None,
            initial={
                "status": item.status,
                "scheduled_for": item.scheduled_for,
                "outcome": item.outcome,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.do_record_consultation(item, acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                messages.success(request, _("Catatan konsultasi tersimpan."))
                return redirect("participation:consultation", pk=item.pk)
    elif request.method == "POST":
        raise PermissionDenied
    notes = item.notes.select_related("author")
    return render(
        request,
        "participation/consultation.html",
        {"item": item, "notes": notes, "form": form, "planner": planner},
    )


@employee_required
def outcome(request: HttpRequest) -> HttpResponse:
    """Published plans as they concern the employee (each later stage registers its items, see
    ``outcomes``); the tenure is today's, the figure the profile page shows."""
    employee = _own_employee(request)
    return render(
        request,
        "participation/outcome.html",
        {
            "employee": employee,
            "outcomes": outcomes.published_outcomes(employee),
            "tenure_years": tenure_years(_status_of(employee, rules_from_policy(None))),
        },
    )


# --- HR planners ---------------------------------------------------------------------------------


@planner_required
def hr_accounts(request: HttpRequest) -> HttpResponse:
    cycle = queries.current_cycle(timezone.now())
    return render(
        request,
        "participation/hr_accounts.html",
        {"rows": queries.participation_by_unit(cycle), "reset_form": NipForm()},
    )


@never_cache
@require_POST
@planner_required
def hr_issue_codes(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_id)
    employees = Employee.objects.filter(position__unit=unit).select_related("position__unit")
    try:
        issued = accounts.do_issue_activation_codes(employees, acting_user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect("participation:hr_accounts")
    return render(
        request,
        "participation/codes_print.html",
        {"unit": unit, "issued": issued, "activate_url": _activate_url(request)},
    )


@never_cache
@require_POST
@planner_required
def hr_reset_account(request: HttpRequest) -> HttpResponse:
    form = NipForm(request.POST)
    employee = None
    if form.is_valid():
        employee = (
            Employee.objects.filter(nip=form.cleaned_data["nip"].strip())
            .select_related("position__unit")
            .first()
        )
    if employee is None:
        messages.error(request, _("Pegawai dengan NIP tersebut tidak ditemukan."))
        return redirect("participation:hr_accounts")
    try:
        issued = accounts.do_reset_account(employee, acting_user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect("participation:hr_accounts")
    return render(
        request,
        "participation/codes_print.html",
        {
            "unit": employee.position.unit,
            "issued": [issued],
            "activate_url": _activate_url(request),
        },
    )


def _activate_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("participation:activate"))


@planner_required
def hr_statistics(request: HttpRequest) -> HttpResponse:
    cycle = queries.current_cycle(timezone.now())
    rows = queries.participation_by_unit(cycle)
    totals = {
        key: sum(getattr(row, key) for row in rows)
        for key in ("employees", "accounts", "activated", "submitted", "on_paper", "want_to_stay")
    }
    return render(
        request,
        "participation/hr_statistics.html",
        {"cycle": cycle, "rows": rows, "totals": totals},
    )


@planner_required
def hr_consultations(request: HttpRequest) -> HttpResponse:
    items = ConsultationRequest.objects.select_related("employee__position__unit").order_by(
        "status", "-created_at"
    )
    status = request.GET.get("status", "")
    if status:
        items = items.filter(status=status)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "participation/hr_consultations.html", {"page": page, "status": status})


@planner_required
def hr_aspirations(request: HttpRequest) -> HttpResponse:
    """Who submitted in the current cycle (optionally in one unit), with their first choice."""
    cycle = queries.current_cycle(timezone.now())
    items = (
        Aspiration.objects.filter(cycle=cycle)
        .select_related("employee__position__unit")
        .order_by("employee__position__unit__name", "employee__name")
    )
    unit = None
    unit_id = parse_id(request.GET.get("unit"))
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id).first()
        items = items.filter(employee__position__unit=unit)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/hr_aspirations.html",
        {"cycle": cycle, "page": page, "unit": unit},
    )


@planner_required
def hr_employee(request: HttpRequest, employee_id: int) -> HttpResponse:
    """Everything an employee said, including personal circumstances (HR planners only)."""
    employee = get_object_or_404(
        Employee.objects.select_related("position__unit", "profile__user"), pk=employee_id
    )
    aspirations = Aspiration.objects.filter(employee=employee).select_related("cycle")
    preferences = Preference.objects.filter(employee=employee).select_related("position__unit")
    return render(
        request,
        "participation/hr_employee.html",
        {
            "employee": employee,
            "aspirations": aspirations,
            "preferences": preferences,
            "consultations": ConsultationRequest.objects.filter(employee=employee),
            "account": getattr(getattr(employee, "profile", None), "user", None),
        },
    )
