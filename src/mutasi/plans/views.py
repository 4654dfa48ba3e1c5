"""Pages of the planning cycle: thin views that validate, call one service, render or redirect."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutasi.core.bounds import parse_id
from mutasi.core.models import AuditEntry, Role
from mutasi.core.permissions import role_of, role_required
from mutasi.core.redirects import safe_next
from mutasi.people.models import GOLONGAN_CHOICES, Unit

from . import adapter, decree, runs, selectors, services
from .forms import (
    CommentForm,
    CycleForm,
    DecreeForm,
    MoveEditForm,
    PinForm,
    PolicyForm,
    RunForm,
    VersionForm,
)
from .models import Cycle, Move, Pin, PinKind, Plan, PlanComment, PlanStatus

planner_only = role_required(Role.PLANNER)
reviewers = role_required(Role.PLANNER, Role.APPROVER)
staff = role_required(Role.PLANNER, Role.APPROVER, Role.UNIT_HEAD)

MOVES_PER_PAGE = 50
STAYS_SHOWN = 20  # the rest are one click away (moves table, "tetap" filter)
DONE_STATUSES = {s for s in PlanStatus.values if s not in (PlanStatus.QUEUED, PlanStatus.RUNNING)}
DECREE_STATUSES = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)


def _plan(plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("cycle", "created_by", "review", "review__decided_by"),
        pk=plan_id,
    )


def _fail(request: HttpRequest, error: services.PlanActionError) -> None:
    messages.error(request, error.message)


# ---- index and cycles ----------------------------------------------------------------------


@staff
def index(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    plans = selectors.plan_list(Plan.objects.select_related("cycle", "created_by"))
    if role == Role.UNIT_HEAD:
        plans = plans.exclude(status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING, PlanStatus.FAILED])
    return render(
        request,
        "plans/index.html",
        {
            "cycles": Cycle.objects.order_by("-created_at")[:50] if role != Role.UNIT_HEAD else [],
            "plans": plans[:100],
            "role": role,
            "is_planner": role == Role.PLANNER,
        },
    )


def _policy_groups(form: PolicyForm) -> list[tuple[str, list[Any]]]:
    titles = {
        "rules": _("Aturan wajib"),
        "sectors": _("Sektor prioritas"),
        "weights": _("Bobot tujuan"),
        "solver": _("Pemecah dan mekanisme adil"),
    }
    groups: dict[str, list[Any]] = {key: [] for key in titles}
    for spec in form.spec:
        groups[spec["group"]].append((form[spec["name"]], spec))
    return [(titles[key], items) for key, items in groups.items() if items]


@planner_only
def cycle_create(request: HttpRequest) -> HttpResponse:
    return _cycle_form(request, None)


@planner_only
def cycle_edit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _cycle_form(request, get_object_or_404(Cycle, pk=cycle_id))


def _cycle_form(request: HttpRequest, cycle: Cycle | None) -> HttpResponse:
    spec = adapter.policy_fields(cycle.policy if cycle else None)
    if request.method == "POST":
        form = CycleForm(request.POST, instance=cycle)
        policy_form = PolicyForm(request.POST, fields_spec=spec, prefix="p")
        if form.is_valid() and policy_form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            policy = policy_form.policy()
            if cycle is None:
                cycle = services.do_create_cycle(policy=policy, acting_user=request.user, **fields)
                messages.success(request, _("Siklus “%(n)s” dibuat.") % {"n": cycle.name})
            else:
                fields["policy"] = policy
                services.do_update_cycle(cycle, fields=fields, acting_user=request.user)
                messages.success(request, _("Siklus “%(n)s” disimpan.") % {"n": cycle.name})
            return redirect("plans:cycle_detail", cycle.pk)
    else:
        form = CycleForm(instance=cycle)
        policy_form = PolicyForm(fields_spec=spec, prefix="p")
    return render(
        request,
        "plans/cycle_form.html",
        {
            "form": form,
            "policy_form": policy_form,
            "groups": _policy_groups(policy_form),
            "cycle": cycle,
        },
    )


@planner_only
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle.objects.select_related("created_by"), pk=cycle_id)
    pins = (
        Pin.objects.filter(cycle=cycle)
        .select_related("employee", "position__unit", "unit", "created_by")
        .order_by("-created_at")
    )
    return render(
        request,
        "plans/cycle_detail.html",
        {
            "cycle": cycle,
            "policy": adapter.policy_fields(cycle.policy),
            "pins": pins[:200],
            "pin_count": pins.count(),
            "plans": selectors.plan_list(cycle.plans.select_related("created_by")),
            "run_form": RunForm(),
            "pin_form": PinForm(),
        },
    )


@planner_only
@require_POST
def run(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih mekanisme yang dikenal."))
        return redirect("plans:cycle_detail", cycle.pk)
    based_on = None
    based_on_id = parse_id(request.POST.get("based_on"))
    if based_on_id is not None:
        based_on = Plan.objects.filter(pk=based_on_id, cycle=cycle).first()
    try:
        plan = services.do_queue_plan(
            cycle,
            mechanism=form.cleaned_data["mechanism"],
            acting_user=request.user,
            based_on=based_on,
        )
    except services.PlanActionError as error:
        _fail(request, error)
        return redirect("plans:cycle_detail", cycle.pk)
    return redirect("plans:plan_detail", plan.pk)


@planner_only
@require_POST
def pin_add(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    form = PinForm(request.POST)
    back = safe_next(request, reverse("plans:cycle_detail", args=[cycle.pk]))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    try:
        pin = services.do_pin(
            cycle,
            data["employee"],
            kind=data["kind"],
            position=data["position"],
            unit=data["unit"],
            note=data["note"],
            acting_user=request.user,
        )
    except services.PlanActionError as error:
        _fail(request, error)
        return redirect(back)
    messages.success(
        request,
        _("Kunci “%(kind)s” untuk %(nip)s disimpan; berlaku pada perhitungan berikutnya.")
        % {"kind": pin.get_kind_display(), "nip": data["employee"].nip},
    )
    return redirect(back)


@planner_only
@require_POST
def pin_remove(request: HttpRequest, pin_id: int) -> HttpResponse:
    pin = get_object_or_404(Pin.objects.select_related("employee"), pk=pin_id)
    cycle_id = pin.cycle_id
    services.do_unpin(pin, acting_user=request.user)
    messages.success(request, _("Kunci untuk %(nip)s dilepas.") % {"nip": pin.employee.nip})
    return redirect(safe_next(request, reverse("plans:cycle_detail", args=[cycle_id])))


# ---- one plan ------------------------------------------------------------------------------


@reviewers
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    runs.fail_stale_runs()
    plan = _plan(plan_id)
    metrics = plan.metrics or {}
    sector_chart, unit_chart = selectors.before_after_charts(metrics)
    stays = (
        Move.objects.filter(plan=plan, to_position_id=F("from_position_id"))
        .select_related("employee", "from_position__unit")
        .order_by("employee__nip")
    )
    role = role_of(request.user)
    other_plans = (
        Plan.objects.filter(cycle=plan.cycle).exclude(pk=plan.pk).order_by("-created_at")
        if plan.cycle_id
        else Plan.objects.none()
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "metrics": metrics,
            "summary": selectors.summary(plan),
            "sectors": metrics.get("sectors") or [],
            "sector_chart": sector_chart,
            "unit_chart": unit_chart,
            "stays": stays[:STAYS_SHOWN],
            "stay_count": stays.count(),
            "pin_notices": metrics.get("pin_notices") or [],
            "comments": PlanComment.objects.filter(plan=plan)
            .select_related("author", "move__employee", "unit")
            .order_by("-created_at")[:50],
            "is_planner": role == Role.PLANNER,
            "is_approver": role == Role.APPROVER,
            "editable": plan.status in services.EDITABLE,
            "running": plan.status in (PlanStatus.QUEUED, PlanStatus.RUNNING),
            "decree_ready": plan.status in DECREE_STATUSES,
            "other_plans": other_plans,
            "version_form": VersionForm(initial={"version": plan.version}),
            "preference_ranks": sorted(
                (metrics.get("preference_ranks") or {}).items(), key=lambda kv: int(kv[0])
            ),
        },
    )


@reviewers
def plan_status(request: HttpRequest, plan_id: int) -> JsonResponse:
    runs.fail_stale_runs()
    row = Plan.objects.filter(pk=plan_id).values("status", "progress", "error", "version").first()
    if row is None:
        raise Http404
    return JsonResponse(
        {
            **row,
            "status_label": str(PlanStatus(row["status"]).label),
            "done": row["status"] in DONE_STATUSES,
        }
    )


@planner_only
@require_POST
def rerun(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Queue a failed plan again, as it was."""
    plan = _plan(plan_id)
    try:
        runs.do_requeue_plan(plan, acting_user=request.user)
    except services.PlanActionError as error:
        _fail(request, error)
    return redirect("plans:plan_detail", plan.pk)


@reviewers
def moves(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    queryset = selectors.filtered_moves(plan, request.GET)
    page = Paginator(queryset, MOVES_PER_PAGE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    edit_initial = {"version": plan.version, "nip": request.GET.get("ubah", "")}
    role = role_of(request.user)
    pinned = set()
    if plan.cycle_id:
        pinned = set(
            Pin.objects.filter(
                cycle_id=plan.cycle_id,
                employee_id__in=[m.employee_id for m in page.object_list],
            ).values_list("employee_id", flat=True)
        )
    return render(
        request,
        "plans/moves.html",
        {
            "plan": plan,
            "page": page,
            "rows": [(m, selectors.move_terms(m)) for m in page.object_list],
            "query": urlencode({k: v for k, v in query.items() if k != "urut"}),
            "sort_query": urlencode(query),
            "params": request.GET,
            "units": Unit.objects.order_by("code").values_list("code", "name"),
            "sectors": Unit.objects.order_by("sector").values_list("sector", flat=True).distinct(),
            "golongan": GOLONGAN_CHOICES,
            "reasons": [(key, label) for key, (label, _q) in selectors.REASONS.items()],
            "edit_form": MoveEditForm(initial=edit_initial),
            "editable": plan.status in services.EDITABLE and role == Role.PLANNER,
            "is_planner": role == Role.PLANNER,
            "pinned": pinned,
            "violations": request.session.pop(f"plan-{plan.pk}-violations", None),
        },
    )


@planner_only
@require_POST
def move_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    form = MoveEditForm(request.POST)
    back = reverse("plans:moves", args=[plan.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    try:
        services.do_edit_move(
            plan,
            data["employee"],
            data["position"],
            expected_version=data["version"],
            note=data["note"],
            acting_user=request.user,
        )
    except services.PlanActionError as error:
        _fail(request, error)
        if error.violations:
            request.session[f"plan-{plan.pk}-violations"] = [str(v) for v in error.violations]
        return redirect(f"{back}?{urlencode({'ubah': data['employee'].nip})}")
    messages.success(
        request,
        _("Mutasi %(nip)s ke %(code)s disimpan dan lolos pemeriksaan aturan.")
        % {"nip": data["employee"].nip, "code": data["position"].code},
    )
    return redirect(f"{back}?{urlencode({'q': data['employee'].nip})}")


@planner_only
@require_POST
def move_pin(request: HttpRequest, plan_id: int, move_id: int) -> HttpResponse:
    """Pin one move of a plan for the next run: keep this move, or keep the person in place."""
    plan = _plan(plan_id)
    move = get_object_or_404(
        Move.objects.select_related("employee", "to_position"), pk=move_id, plan=plan
    )
    if plan.cycle is None:
        messages.error(request, _("Rencana tanpa siklus tidak dapat dikunci."))
        return redirect("plans:moves", plan.pk)
    kind = PinKind.STAY if request.POST.get("kind") == PinKind.STAY else PinKind.GOTO
    services.do_pin(
        plan.cycle,
        move.employee,
        kind=kind,
        position=move.to_position if kind == PinKind.GOTO else None,
        acting_user=request.user,
        note=_("Dikunci dari rencana “%(plan)s”") % {"plan": plan.name},
    )
    messages.success(
        request,
        _("%(nip)s dikunci (%(kind)s); jalankan ulang untuk menerapkan.")
        % {"nip": move.employee.nip, "kind": PinKind(kind).label},
    )
    return redirect(safe_next(request, reverse("plans:moves", args=[plan.pk])))


# ---- workflow ------------------------------------------------------------------------------


def _workflow(request: HttpRequest, plan_id: int, action: str) -> HttpResponse:
    plan = _plan(plan_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Formulir tidak lengkap; muat ulang halaman."))
        return redirect("plans:plan_detail", plan.pk)
    version, comment = form.cleaned_data["version"], form.cleaned_data["comment"] or ""
    try:
        if action == "submit":
            services.do_submit_plan(plan, expected_version=version, acting_user=request.user)
            messages.success(request, _("Rencana diajukan untuk persetujuan."))
        elif action == "approve":
            services.do_approve_plan(
                plan, expected_version=version, acting_user=request.user, comment=comment
            )
            messages.success(request, _("Rencana disetujui dan dibekukan."))
        elif action == "return":
            services.do_return_plan(
                plan, expected_version=version, acting_user=request.user, comment=comment
            )
            messages.success(request, _("Rencana dikembalikan kepada perencana."))
        elif action == "publish":
            services.do_publish_plan(plan, expected_version=version, acting_user=request.user)
            messages.success(request, _("Rencana diumumkan kepada pegawai."))
    except services.PlanActionError as error:
        _fail(request, error)
    return redirect("plans:plan_detail", plan.pk)


@planner_only
@require_POST
def submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _workflow(request, plan_id, "submit")


@role_required(Role.APPROVER)
@require_POST
def approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _workflow(request, plan_id, "approve")


@role_required(Role.APPROVER)
@require_POST
def return_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _workflow(request, plan_id, "return")


@planner_only
@require_POST
def publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _workflow(request, plan_id, "publish")


@reviewers
def audit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    # The plan's own steps, and the pins and policy changes of its cycle (they shape re-runs).
    scope = Q(object_type="plans.plan", object_id=str(plan.pk))
    if plan.cycle_id:
        # Cycles were audited as "plans.cycle" before the model moved to participation.
        cycle_types = ("plans.cycle", Cycle._meta.label_lower)
        scope |= Q(object_type__in=cycle_types, object_id=str(plan.cycle_id))
        scope |= Q(object_type="plans.pin", after__cycle=plan.cycle_id)
        scope |= Q(object_type="plans.pin", before__cycle=plan.cycle_id)
    entries = AuditEntry.objects.filter(scope).select_related("actor")
    page = Paginator(entries.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "plans/audit.html", {"plan": plan, "page": page, "query": ""})


@reviewers
def compare(request: HttpRequest) -> HttpResponse:
    a, b = parse_id(request.GET.get("a")), parse_id(request.GET.get("b"))
    if a is None or b is None:
        raise Http404
    first, second = _plan(a), _plan(b)
    context = selectors.compare_plans(first, second)
    return render(request, "plans/compare.html", {"a": first, "b": second, **context})


# ---- decree --------------------------------------------------------------------------------


def _decree_plan(plan_id: int) -> Plan:
    plan = _plan(plan_id)
    if plan.status not in DECREE_STATUSES:
        raise PermissionDenied(_("SK hanya untuk rencana yang sudah disetujui."))
    return plan


def _header(plan: Plan, params: Any) -> decree.DecreeHeader:
    header = decree.default_header(plan)
    form = DecreeForm(params)
    if form.is_valid():
        for name, value in form.cleaned_data.items():
            if value:
                setattr(header, name, value)
    return header


@reviewers
def decree_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _decree_plan(plan_id)
    header = _header(plan, request.GET)
    form = DecreeForm(initial={k: getattr(header, k) for k in DecreeForm.base_fields})
    rows = decree.decree_rows(plan)
    pdf_ready = decree.cached_pdf_path(plan, header, rows).exists()
    return render(
        request,
        "plans/decree.html",
        {
            "plan": plan,
            "form": form,
            "rows": rows[:100],
            "count": len(rows),
            "pdf_ready": pdf_ready,
            "pdf_in_background": len(rows) > decree.SYNC_PDF_ROWS,
        },
    )


@reviewers
def decree_download(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = _decree_plan(plan_id)
    header = _header(plan, request.GET)
    rows = decree.decree_rows(plan)
    stem = f"sk-mutasi-{slugify(plan.name)[:60] or plan.pk}"
    if fmt == "docx":
        content = decree.render_docx(plan, header, rows)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "pdf":
        target = decree.cached_pdf_path(plan, header, rows)
        if not target.exists() and len(rows) > decree.SYNC_PDF_ROWS:
            # Thousands of rows: the worker renders it; the decree page links it when ready.
            from .tasks import render_decree_pdf_task

            render_decree_pdf_task.enqueue(plan.pk, decree.header_to_json(header))
            messages.info(
                request,
                _(
                    "SK PDF dengan %(n)s baris lampiran sedang disiapkan di latar belakang. "
                    "Muat ulang halaman ini dalam beberapa menit dan unduh lagi dengan isian yang "
                    "sama."
                )
                % {"n": len(rows)},
            )
            return redirect(f"{reverse('plans:decree', args=[plan.pk])}?{request.GET.urlencode()}")
        content = decree.cached_pdf(plan, header, rows)
        mime = "application/pdf"
    elif fmt == "xlsx":
        content = decree.render_attachment_xlsx(plan, header, rows)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        stem = stem.replace("sk-mutasi", "lampiran-sk-mutasi")
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@reviewers
def petikan(request: HttpRequest, plan_id: int, move_id: int) -> HttpResponse:
    plan = _decree_plan(plan_id)
    rows = decree.decree_rows(plan, Move.objects.filter(plan=plan, pk=move_id))
    if not rows:
        raise Http404
    header = _header(plan, request.GET)
    content = decree.render_petikan_pdf(plan, header, rows[0])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="petikan-{rows[0]["nip"]}.pdf"'
    return response


# ---- unit heads ----------------------------------------------------------------------------


def _unit_scope(user: Any) -> tuple[Unit, set[int]]:
    unit = getattr(getattr(user, "profile", None), "unit", None)
    if unit is None:
        raise PermissionDenied(_("Akun kepala unit ini belum dikaitkan dengan unit."))
    return unit, services.unit_scope(unit)


@role_required(Role.UNIT_HEAD)
def unit_moves(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A unit head sees the moves into and out of their own unit (and its sub-units) only."""
    plan = _plan(plan_id)
    if plan.status in (PlanStatus.QUEUED, PlanStatus.RUNNING, PlanStatus.FAILED):
        raise Http404
    unit, unit_ids = _unit_scope(request.user)
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            move = None
            if form.cleaned_data.get("move"):
                move = (
                    Move.objects.filter(plan=plan, pk=form.cleaned_data["move"])
                    .select_related("from_position", "to_position")
                    .first()
                )
            if move is None or not (
                {move.from_position.unit_id, move.to_position.unit_id} & unit_ids
            ):
                raise PermissionDenied
            try:
                services.do_comment(
                    plan, text=form.cleaned_data["text"], move=move, acting_user=request.user
                )
                messages.success(request, _("Komentar disimpan."))
            except services.PlanActionError as error:
                _fail(request, error)
        return redirect("plans:unit_moves", plan.pk)
    queryset = selectors.filtered_moves(plan, {"q": request.GET.get("q", "")}, unit_ids)
    page = Paginator(queryset, MOVES_PER_PAGE).get_page(request.GET.get("page"))
    comments = PlanComment.objects.filter(
        plan=plan, move__in=list(page.object_list)
    ).select_related("author")
    by_move: dict[int, list[PlanComment]] = {}
    for c in comments:
        by_move.setdefault(c.move_id or 0, []).append(c)
    return render(
        request,
        "plans/unit_moves.html",
        {
            "plan": plan,
            "unit": unit,
            "page": page,
            "rows": [(m, by_move.get(m.pk, [])) for m in page.object_list],
            "query": urlencode({"q": request.GET.get("q", "")}) if request.GET.get("q") else "",
            "today": datetime.date.today(),
        },
    )
