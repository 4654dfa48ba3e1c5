"""Pages of the planning cycle: thin views that validate, call one service, render or redirect."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutasi.core.bounds import parse_id, parse_whole
from mutasi.core.models import AuditEntry, Role
from mutasi.core.permissions import role_of, role_required
from mutasi.core.redirects import safe_next
from mutasi.people.models import GOLONGAN_CHOICES, Employee, Unit

from . import (
    adapter,
    audit_text,
    decree,
    documents,
    editor,
    inbox,
    policy_defaults,
    runs,
    selectors,
    services,
)
from . import reasons as plan_reasons
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
from .models import (
    Cycle,
    DecreeDocument,
    DocumentKind,
    DocumentStatus,
    Move,
    Pin,
    PinKind,
    Plan,
    PlanComment,
    PlanStatus,
)

planner_only = role_required(Role.PLANNER)
reviewers = role_required(Role.PLANNER, Role.APPROVER)
staff = role_required(Role.PLANNER, Role.APPROVER, Role.UNIT_HEAD)

MOVES_PER_PAGE = 50
STAYS_SHOWN = 20  # the rest are one click away (moves table, "stays" filter)
DONE_STATUSES = {s for s in PlanStatus.values if s not in (PlanStatus.QUEUED, PlanStatus.RUNNING)}
DECREE_STATUSES = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)


def _plan(plan_id: int, *, with_metrics: bool = True) -> Plan:
    """The plan; without its metrics for pages that do not show them (a large region's plan
    carries megabytes of them: the people who could not move, every unit's figures)."""
    plans = Plan.objects.select_related("cycle", "created_by", "review", "review__decided_by")
    if not with_metrics:
        plans = plans.defer("metrics")
    return get_object_or_404(plans, pk=plan_id)


def _fail(request: HttpRequest, error: services.PlanActionError) -> None:
    messages.error(request, error.message)


# ---- index and cycles ----------------------------------------------------------------------


@staff
def index(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    plans = selectors.plan_list(Plan.objects.select_related("cycle", "created_by"))
    if role == Role.UNIT_HEAD:
        # Only what a unit head may open: plans submitted, approved or published (never a draft).
        plans = plans.filter(status__in=inbox.UNIT_HEAD_STATUSES)
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    else:
        status = ""
    return render(
        request,
        "plans/index.html",
        {
            "cycles": Cycle.objects.order_by("-created_at")[:50] if role == Role.PLANNER else [],
            "plans": plans[:100],
            "role": role,
            "is_planner": role == Role.PLANNER,
            "status": status,
            "status_label": PlanStatus(status).label if status else "",
        },
    )


def _policy_groups(form: PolicyForm) -> list[tuple[str, str, list[Any]]]:
    titles = {
        "rules": _("Aturan wajib"),
        "sectors": _("Sektor prioritas"),
        "weights": _("Bobot tujuan"),
        "solver": _("Pemecah dan mekanisme adil"),
    }
    groups: dict[str, list[Any]] = {key: [] for key in titles}
    for spec in form.spec:
        groups[spec["group"]].append((form[spec["name"]], spec))
    return [(key, titles[key], items) for key, items in groups.items() if items]


@planner_only
def cycle_create(request: HttpRequest) -> HttpResponse:
    return _cycle_form(request, None)


@planner_only
def cycle_edit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _cycle_form(request, get_object_or_404(Cycle, pk=cycle_id))


def _suggestion_choices(
    data: Any, offered: list[policy_defaults.PolicySuggestion]
) -> dict[str, bool]:
    """HR's accept (1) / drop (0) per suggestion; a suggestion without an answer keeps its state."""
    chosen: dict[str, bool] = {}
    for s in offered:
        answer = data.get(f"s-{s.key}")
        if answer in ("1", "0"):
            chosen[s.key] = answer == "1"
    return chosen


def _cycle_form(request: HttpRequest, cycle: Cycle | None) -> HttpResponse:
    offered = policy_defaults.suggestions(cycle)
    spec = adapter.policy_fields(cycle.policy if cycle else policy_defaults.default_policy(None))
    if request.method == "POST":
        form = CycleForm(request.POST, instance=cycle)
        policy_form = PolicyForm(request.POST, fields_spec=spec, prefix="p")
        if form.is_valid() and policy_form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            chosen = _suggestion_choices(request.POST, offered)
            policy = policy_defaults.settle(policy_form.policy(), chosen, offered)
            with transaction.atomic():
                if cycle is None:
                    cycle = services.do_create_cycle(
                        policy=policy, acting_user=request.user, **fields
                    )
                    messages.success(request, _("Siklus “%(n)s” dibuat.") % {"n": cycle.name})
                else:
                    fields["policy"] = policy
                    services.do_update_cycle(cycle, fields=fields, acting_user=request.user)
                    messages.success(request, _("Siklus “%(n)s” disimpan.") % {"n": cycle.name})
                policy_defaults.record_decisions(cycle, chosen, offered, acting_user=request.user)
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
            # The solver's settings stay folded unless one of them is wrong or changed.
            "advanced_open": any(
                item["group"] == "solver"
                and (item["changed"] or policy_form.errors.get(item["name"]))
                for item in spec
            ),
            "suggestions": offered,
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


def _violations_context(plan: Plan, metrics: dict[str, Any]) -> dict[str, Any]:
    """The hard rules a computed plan breaks, in the page's language (a plan stored before rule
    messages had keys shows its stored text)."""
    stored = metrics.get("check_violations") or []
    summary = plan.error
    if stored and isinstance(stored[0], dict) and plan.status != PlanStatus.FAILED and plan.error:
        count = metrics.get("check_violation_count") or len(stored)
        summary = services.violation_summary(count, stored[0])
    return {
        "violation_summary": summary,
        "check_violations": [plan_reasons.message_text(v) for v in stored],
        "error_text": services.error_text(plan.error, metrics),
    }


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
            "rerun": selectors.rerun_changes(plan),
            "pin_count": Pin.objects.filter(cycle_id=plan.cycle_id).count() if plan.cycle_id else 0,
            "sectors": metrics.get("sectors") or [],
            "sector_chart": sector_chart,
            "unit_chart": unit_chart,
            "stays": stays[:STAYS_SHOWN],
            "stay_count": stays.count(),
            "pin_notices": metrics.get("pin_notices") or [],
            **_violations_context(plan, metrics),
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
    failure = f"metrics__{services.FAILURE_KEY}"  # only that key of a large JSON
    row = (
        Plan.objects.filter(pk=plan_id)
        .values("status", "progress", "error", "version", failure)
        .first()
    )
    if row is None:
        raise Http404
    metrics = {services.FAILURE_KEY: row.pop(failure)}
    return JsonResponse(
        {
            **row,
            "error": services.error_text(row["error"], metrics),
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
    plan = _plan(plan_id, with_metrics=False)
    queryset = selectors.filtered_moves(plan, request.GET)
    page = Paginator(queryset, MOVES_PER_PAGE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    edit_initial = {"version": plan.version, "nip": request.GET.get("edit", "")}
    role = role_of(request.user)
    editing = _editor_context(request, plan) if role == Role.PLANNER else {}
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
            "query": urlencode({k: v for k, v in query.items() if k != "sort"}),
            "sort_query": urlencode(query),
            "params": request.GET,
            "unit_options": selectors.unit_filter_options(request.GET.get("unit", "")),
            "sectors": Unit.objects.order_by("sector").values_list("sector", flat=True).distinct(),
            "golongan": GOLONGAN_CHOICES,
            "reasons": [(key, label) for key, (label, _q) in selectors.REASONS.items()],
            "edit_form": MoveEditForm(initial=edit_initial),
            "editable": plan.status in services.EDITABLE and role == Role.PLANNER,
            "is_planner": role == Role.PLANNER,
            "pinned": pinned,
            **editing,
        },
    )


def _editor_context(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    """The hand editor of one person (``?edit=NIP``, searched with ``find``) with the posts they
    may take, and the proposed repair when a move is cancelled (``?cancel=NIP``)."""
    if plan.status not in services.EDITABLE:
        return {}
    out: dict[str, Any] = {}
    nip = request.GET.get("edit", "").strip()
    if nip:
        person = Employee.objects.select_related("position__unit").filter(nip=nip).first()
        if person is not None:
            query = request.GET.get("find", "").strip()[:100]
            draft = request.session.pop(f"plan-{plan.pk}-edit-draft", None) or {}
            out.update(
                {
                    "editing": person,
                    "editing_move": Move.objects.filter(plan=plan, employee=person)
                    .select_related("to_position__unit")
                    .first(),
                    "picker": editor.post_picker(plan, person.pk, query),
                    "picker_query": query,
                    "draft_position": str(draft.get("position", "")),
                    "draft_note": draft.get("note", ""),
                }
            )
    cancel_nip = request.GET.get("cancel", "").strip()
    if cancel_nip:
        person = Employee.objects.filter(nip=cancel_nip).first()
        found = editor.cancellation(plan, person.pk) if person is not None else None
        if found is not None:
            out.update({"cancelling": person, "cancellation": found})
    return out


@planner_only
@require_POST
def move_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    form = MoveEditForm(request.POST)
    back = reverse("plans:moves", args=[plan.pk])
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        nip = request.POST.get("nip", "").strip()
        return redirect(f"{back}?{urlencode({'edit': nip})}#edit-move" if nip else back)
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
        # The planner's choice and note are kept for the form shown again.
        request.session[f"plan-{plan.pk}-edit-draft"] = {
            "position": data["position"].pk,
            "note": data["note"],
        }
        return redirect(f"{back}?{urlencode({'edit': data['employee'].nip})}#edit-move")
    messages.success(
        request,
        _("%(name)s ditempatkan di %(post)s; rencana lolos pemeriksaan aturan.")
        % {"name": data["employee"].name, "post": data["position"].name},
    )
    return redirect(f"{back}?{urlencode({'q': data['employee'].nip})}")


@planner_only
@require_POST
def move_cancel(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Cancel one person's move together with the smallest repair of its chain."""
    plan = _plan(plan_id)
    back = reverse("plans:moves", args=[plan.pk])
    person = Employee.objects.filter(nip=request.POST.get("nip", "").strip()).first()
    version = parse_whole(request.POST.get("version"))
    if person is None or version is None:
        messages.error(request, _("Formulir tidak lengkap; muat ulang halaman."))
        return redirect(back)
    try:
        cancelled = services.do_cancel_move(
            plan, person, expected_version=version, acting_user=request.user
        )
    except services.PlanActionError as error:
        _fail(request, error)
        return redirect(back)
    others = [m.employee.name for m in cancelled[1:]]
    if others:
        messages.success(
            request,
            _(
                "Mutasi %(name)s dibatalkan. Agar rantainya tetap sah, mutasi %(others)s juga "
                "dibatalkan; rencana lolos pemeriksaan aturan."
            )
            % {"name": person.name, "others": ", ".join(others)},
        )
    else:
        messages.success(
            request,
            _("Mutasi %(name)s dibatalkan; rencana lolos pemeriksaan aturan.")
            % {"name": person.name},
        )
    return redirect(back)


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
    rows = audit_text.sentences(list(page.object_list))
    return render(
        request, "plans/audit.html", {"plan": plan, "page": page, "rows": rows, "query": ""}
    )


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


FORMATS = {
    "pdf": DocumentKind.DECREE_PDF,
    "docx": DocumentKind.DECREE_DOCX,
    "xlsx": DocumentKind.ATTACHMENT_XLSX,
}


def _serve(document: DecreeDocument) -> FileResponse:
    path = documents.file_path(document)
    assert path is not None
    extension = path.suffix.lstrip(".")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=documents.download_name(document),
        content_type=documents.MIME_TYPES[extension],
    )


@reviewers
def decree_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _decree_plan(plan_id)
    documents.fail_stale_documents()
    header = _header(plan, request.GET)
    form = DecreeForm(initial={k: getattr(header, k) for k in DecreeForm.base_fields})
    rows = decree.decree_rows(plan)
    docs = list(DecreeDocument.objects.filter(plan=plan).select_related("move__employee")[:30])
    pending = [d for d in docs if d.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING)]
    return render(
        request,
        "plans/decree.html",
        {
            "plan": plan,
            "form": form,
            "rows": rows[:100],
            "count": len(rows),
            "documents": [(d, documents.is_ready(d)) for d in docs],
            "pending": pending,
            "pending_progress": min((d.progress for d in pending), default=100),
            "is_planner": role_of(request.user) == Role.PLANNER,
        },
    )


@reviewers
def decree_status(request: HttpRequest, plan_id: int) -> JsonResponse:
    plan = _decree_plan(plan_id)
    documents.fail_stale_documents()
    pending = DecreeDocument.objects.filter(
        plan=plan, status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]
    ).values_list("progress", flat=True)
    progress = list(pending)
    return JsonResponse(
        {
            "progress": min(progress, default=100),
            "status_label": str(
                DocumentStatus.RUNNING.label if progress else DocumentStatus.DONE.label
            ),
            "done": not progress,
        }
    )


def _document_or_queue(
    request: HttpRequest, plan: Plan, kind: str, move: Move | None = None
) -> HttpResponse:
    """The file if it is ready; otherwise queue it and show its progress on the decree page."""
    header = _header(plan, request.GET)
    document = documents.request_document(plan, kind, header, acting_user=request.user, move=move)
    document.refresh_from_db()
    if documents.is_ready(document):
        return _serve(document)
    messages.info(
        request,
        _("%(what)s sedang disiapkan di latar belakang; tautan unduhnya muncul di bawah bila siap.")
        % {"what": document.get_kind_display()},
    )
    return redirect(f"{reverse('plans:decree', args=[plan.pk])}?{request.GET.urlencode()}")


@reviewers
def decree_download(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = _decree_plan(plan_id)
    if fmt not in FORMATS:
        raise Http404
    return _document_or_queue(request, plan, FORMATS[fmt])


@reviewers
def petikan(request: HttpRequest, plan_id: int, move_id: int) -> HttpResponse:
    plan = _decree_plan(plan_id)
    move = get_object_or_404(Move.objects.select_related("employee"), plan=plan, pk=move_id)
    return _document_or_queue(request, plan, DocumentKind.PETIKAN_PDF, move)


@reviewers
def decree_document(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    plan = _decree_plan(plan_id)
    document = get_object_or_404(
        DecreeDocument.objects.select_related("move__employee"), plan=plan, pk=document_id
    )
    if not documents.is_ready(document):
        messages.error(
            request, _("Dokumen ini belum siap atau sudah dihapus dari simpanan; minta lagi.")
        )
        return redirect("plans:decree", plan.pk)
    return _serve(document)


TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


@planner_only
def decree_template(request: HttpRequest) -> HttpResponse:
    """Upload the office's own SK template (.docx), download the one in use, or go back to the
    shipped default."""
    from mutasi.core.models import Instance
    from mutasi.people.instance import do_update_instance

    if request.method == "GET" and request.GET.get("download"):
        source = decree.template_source()
        return FileResponse(
            source.open("rb"), as_attachment=True, filename="templat-sk-mutasi.docx"
        )
    error = ""
    if request.method == "POST":
        if request.POST.get("reset"):
            do_update_instance(values={}, clear_decree_template=True, acting_user=request.user)
            messages.success(request, _("Templat SK kembali ke templat bawaan."))
            return redirect("plans:decree_template")
        upload = request.FILES.get("template")
        if upload is None:
            error = _("Pilih berkas .docx.")
        elif upload.size > TEMPLATE_MAX_BYTES:
            error = _("Templat SK terlalu besar (paling besar 5 MB).")
        else:
            content = upload.read()
            try:
                decree.validate_template(content)
            except decree.DecreeTemplateError as exc:
                error = str(exc)
            else:
                do_update_instance(values={}, decree_template=content, acting_user=request.user)
                messages.success(request, _("Templat SK baru dipakai untuk dokumen berikutnya."))
                return redirect("plans:decree_template")
    instance = Instance.current()
    return render(
        request,
        "plans/decree_template.html",
        {
            "error": error,
            "custom": bool(instance.decree_template),
            "fields": decree.TEMPLATE_FIELDS,
        },
    )


# ---- unit heads ----------------------------------------------------------------------------


def _unit_scope(user: Any) -> tuple[Unit, set[int]]:
    unit = getattr(getattr(user, "profile", None), "unit", None)
    if unit is None:
        raise PermissionDenied(_("Akun kepala unit ini belum dikaitkan dengan unit."))
    return unit, services.unit_scope(unit)


@role_required(Role.UNIT_HEAD)
def unit_moves(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A unit head sees the moves into and out of their own unit (and its sub-units) only."""
    plan = _plan(plan_id, with_metrics=False)
    if plan.status not in inbox.UNIT_HEAD_STATUSES:
        raise Http404  # a draft is the planner's work in progress, not the unit head's to see
    unit, unit_ids = _unit_scope(request.user)
    comments_open = plan.status in inbox.OPEN_STATUSES
    if request.method == "POST":
        form = CommentForm(request.POST)
        if not comments_open:
            messages.error(request, _("Rencana ini sudah disetujui; komentar ditutup."))
        elif form.is_valid():
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
            "comments_open": comments_open,
        },
    )
