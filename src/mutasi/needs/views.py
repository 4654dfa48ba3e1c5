"""Pages of the needs analysis. Thin: read a ``NeedsAnalysis``, slice it, render or export.

Planners and approvers see everything; a unit head sees their own unit (and the units under it)
and gets 403 elsewhere; only planners write (override a formation, change the settings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutasi.core.models import AuditEntry, Role
from mutasi.core.numbers import number
from mutasi.core.permissions import role_of, role_required
from mutasi.people import codes
from mutasi.people.models import Employee, Position, Unit

from . import abk, services, tables
from .forms import OverrideForm, SettingsForm, TableQuery, WorkloadTaskForm
from .models import FormationOverride, RoundingRule, WorkloadTask
from .selectors import (
    GroupNeeds,
    NeedsAnalysis,
    compute_needs,
    get_settings,
    unit_and_descendants,
    workload_tasks,
)

CENT = Decimal("0.01")
PER_PAGE = 50
RED, ORANGE = "#c0392b", "#e07b39"  # shortage, surplus (the palette of mutasi/charts.js)
HEATMAP_UNITS_PER_PAGE = 40
READERS = (Role.PLANNER, Role.APPROVER)
ALL_STAFF = (Role.PLANNER, Role.APPROVER, Role.UNIT_HEAD)


def _unit_scope(request: HttpRequest) -> set[int] | None:
    """None: the user sees every unit. A unit head: their unit and the units under it."""
    if role_of(request.user) != Role.UNIT_HEAD:
        return None
    unit_id = request.user.profile.unit_id  # type: ignore[union-attr]
    if unit_id is None:
        raise PermissionDenied
    return unit_and_descendants(unit_id)


def _check_unit(request: HttpRequest, unit_id: int) -> set[int] | None:
    scope = _unit_scope(request)
    if scope is not None and unit_id not in scope:
        raise PermissionDenied
    return scope


def _query(request: HttpRequest) -> dict[str, Any]:
    form = TableQuery(request.GET)
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}


def _link(request: HttpRequest, **changes: Any) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()


def _pager(request: HttpRequest, page: Any) -> dict[str, str]:
    previous = page.previous_page_number() if page.has_previous() else None
    following = page.next_page_number() if page.has_next() else None
    return {
        "prev_url": _link(request, page=previous) if previous else "",
        "next_url": _link(request, page=following) if following else "",
    }


def _xlsx_response(
    filename: str, columns: Sequence[tables.Column], rows: Sequence[Any]
) -> HttpResponse:
    response = HttpResponse(
        tables.to_xlsx(filename, columns, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _cell_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    if hasattr(value, "quantize"):  # Decimal: two places, in the reader's locale
        return number(value, 2, grouping=True)
    return str(value)


def _table(
    request: HttpRequest,
    *,
    columns: Sequence[tables.Column],
    rows: Sequence[Any],
    filename: str,
    link: Callable[[Any], str | None],
    per_page: int = PER_PAGE,
) -> dict[str, Any] | HttpResponse:
    """Sort, export (``?format=xlsx``) or paginate a table; the context for ``_table.html``."""
    query = _query(request)
    by_key = {c.key: c for c in columns}
    sort_key = query.get("sort")
    descending = query.get("dir") == "desc"
    if sort_key in by_key:
        rows = tables.sort_rows(rows, by_key[sort_key], descending)
    if request.GET.get("format") == "xlsx":
        return _xlsx_response(filename, columns, rows)
    page = Paginator(rows, per_page).get_page(query.get("page"))
    headers = []
    for column in columns:
        active = column.key == sort_key
        next_dir = "asc" if active and descending else "desc" if active else "asc"
        if not active and column.numeric:
            next_dir = "desc"
        headers.append(
            {
                "column": column,
                "url": _link(request, sort=column.key, dir=next_dir, page=None),
                "active": active,
                "descending": descending,
            }
        )
    body = []
    for row in page.object_list:
        cells = []
        for i, column in enumerate(columns):
            value = column.value(row)
            css = (
                "num" if column.numeric else "" if column.key.startswith("nama") else "text-nowrap"
            )
            if column.key.startswith("selisih") and isinstance(value, int):
                css += " diff-neg" if value < 0 else " diff-pos" if value > 0 else ""
            cells.append(
                {
                    "text": _cell_text(value),
                    "css": css,
                    "url": link(row) if i == 0 else None,
                    "wide": column.key.startswith("nama"),
                }
            )
        body.append(cells)
    return {
        "headers": headers,
        "body": body,
        "page": page,
        **_pager(request, page),
        "xlsx_url": _link(request, format="xlsx", page=None),
        "total_rows": len(rows),
    }


def _post_link(post: Any) -> str:
    return reverse("needs:position", args=[post.code])


def _unit_link(group: GroupNeeds) -> str:
    return reverse("needs:unit", args=[group.key])


def _sector_link(group: GroupNeeds) -> str:
    return reverse("needs:positions") + "?" + urlencode({"sector": group.key})


def _charts(analysis: NeedsAnalysis, sectors: list[GroupNeeds]) -> dict[str, Any]:
    retirements = analysis.retirements_per_year()
    return {
        "sector_chart": {
            "type": "bar",
            "horizontal": True,
            "labels": [g.key for g in sectors],
            "datasets": [
                {"label": _("Kekurangan"), "data": [g.shortage for g in sectors], "color": RED},
                {"label": _("Kelebihan"), "data": [g.surplus for g in sectors], "color": ORANGE},
            ],
        },
        "retirement_chart": {
            "type": "bar",
            "labels": [str(y) for y in retirements],
            "datasets": [{"label": _("Pegawai mencapai BUP"), "data": list(retirements.values())}],
        },
        "projection_chart": {
            "type": "line",
            "labels": [str(analysis.today.year), *map(str, analysis.years)],
            "datasets": [
                {
                    "label": _("Kekurangan (Σ per jabatan)"),
                    "data": [sum(g.shortage for g in sectors)]
                    + [
                        sum(g.future_shortage[i] for g in sectors)
                        for i in range(len(analysis.years))
                    ],
                    "color": RED,
                }
            ],
        },
    }


def _common(analysis: NeedsAnalysis) -> dict[str, Any]:
    return {
        "settings": analysis.settings,
        "rounding_label": RoundingRule(analysis.settings.rounding.value).label,
        "grade_source": abk.EJ_GRADE_SOURCE,
        "today": analysis.today,
        "years": analysis.years,
    }


@role_required(*ALL_STAFF)
def index(request: HttpRequest) -> HttpResponse:
    """Overview: totals, shortage by sector, retirements per year, units most short."""
    if role_of(request.user) == Role.UNIT_HEAD:
        unit = request.user.profile.unit  # type: ignore[union-attr]
        if unit is None:
            raise PermissionDenied
        return redirect("needs:unit", unit.code)
    analysis = compute_needs()
    sectors = analysis.by_sector()
    units = analysis.by_unit()
    context = {
        **_common(analysis),
        "total": analysis.total(),
        "sectors": sectors,
        "top_units": units[:10],
        "unit_count": len(units),
        "post_count": len(analysis.posts),
        "recorded_formation": recorded_formation(analysis),
        "retirements": analysis.retirements_per_year(),
        "sources": _source_counts(analysis),
        **_charts(analysis, sectors),
    }
    return render(request, "needs/index.html", context)


def recorded_formation(analysis: NeedsAnalysis) -> int:
    """The formation as imported (the workbook's kebutuhan column, posts that have one): the
    figure the dashboard shows as "formasi tercatat". The needs figure differs by the posts whose
    formation comes from ABK, a planner's override or the present staff."""
    return sum(
        post.imported_formation for post in analysis.posts if post.imported_formation is not None
    )


def _source_counts(analysis: NeedsAnalysis) -> list[tuple[str, int]]:
    def count() -> dict[abk.FormationSource, int]:
        counts = dict.fromkeys(abk.FormationSource, 0)
        for post in analysis.posts:
            counts[post.source] += 1
        return counts

    counts = analysis.memoized("sources", count)
    return [(str(tables.SOURCE_LABELS[s.value]), n) for s, n in counts.items()]


@role_required(*ALL_STAFF)
def positions(request: HttpRequest) -> HttpResponse:
    """Every post's needs; filters by unit, sector and text. A unit head sees their units."""
    query = _query(request)
    scope = _unit_scope(request)
    unit_ids: set[int] | None = scope
    unit: Unit | None = None
    if "unit" in query:
        unit = get_object_or_404(Unit, code=query["unit"])
        if scope is not None and unit.pk not in scope:
            raise PermissionDenied
        unit_ids = {unit.pk}
    analysis = compute_needs(unit_ids=unit_ids)
    rows = analysis.posts
    if "sector" in query:
        rows = [p for p in rows if p.sector == query["sector"]]
    if "q" in query:
        needle = query["q"].lower()
        rows = [p for p in rows if needle in p.code.lower() or needle in p.name.lower()]
    table = _table(
        request,
        columns=tables.post_columns(analysis),
        rows=rows,
        filename="kebutuhan_per_jabatan",
        link=_post_link,
    )
    if isinstance(table, HttpResponse):
        return table
    return render(
        request,
        "needs/positions.html",
        {
            **_common(analysis),
            "table": table,
            "query": query,
            "unit": unit,
            "limited": scope is not None,
        },
    )


@role_required(*READERS)
def units(request: HttpRequest) -> HttpResponse:
    """Units ranked by shortage."""
    analysis = compute_needs()
    rows = analysis.by_unit()
    query = _query(request)
    if "sector" in query:
        rows = [g for g in rows if g.sector == query["sector"]]
    if "q" in query:
        needle = query["q"].lower()
        rows = [g for g in rows if needle in g.key.lower() or needle in g.label.lower()]
    table = _table(
        request,
        columns=tables.unit_columns(analysis),
        rows=rows,
        filename="kebutuhan_per_unit",
        link=_unit_link,
    )
    if isinstance(table, HttpResponse):
        return table
    return render(
        request, "needs/units.html", {**_common(analysis), "table": table, "query": query}
    )


@role_required(*READERS)
def sectors(request: HttpRequest) -> HttpResponse:
    """Sectors ranked by shortage, with the chart."""
    analysis = compute_needs()
    rows = analysis.by_sector()
    table = _table(
        request,
        columns=tables.sector_columns(analysis),
        rows=rows,
        filename="kebutuhan_per_sektor",
        link=_sector_link,
    )
    if isinstance(table, HttpResponse):
        return table
    return render(
        request,
        "needs/sectors.html",
        {**_common(analysis), "table": table, **_charts(analysis, rows)},
    )


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _heat_style(cell: GroupNeeds | None) -> str:
    """Red for a shortage, blue for a surplus; stronger the larger the gap against formation.
    The colour is mixed with white here and the text is black or white, whichever contrasts more
    (at least 4.5:1 for every shade, WCAG 2.1 AA)."""
    if cell is None:
        return ""
    gap = cell.difference
    if gap == 0:
        return "background-color: rgb(226, 240, 231)"
    strength = min(abs(gap) / max(cell.formation, cell.staff, 1), 1.0)
    alpha = 0.15 + 0.7 * strength
    base = (192, 57, 43) if gap < 0 else (31, 78, 121)
    rgb = tuple(round(255 + (c - 255) * alpha) for c in base)
    lum = _luminance(rgb)  # type: ignore[arg-type]
    white = 1.05 / (lum + 0.05)
    black = (lum + 0.05) / 0.05
    text = "#fff" if white >= black else "#000"
    return f"background-color: rgb{rgb}; color: {text}"


@role_required(*READERS)
def heatmap(request: HttpRequest) -> HttpResponse:
    """Unit × job family: the difference (bezetting − kebutuhan) coloured by its size."""
    analysis = compute_needs()
    families, rows = analysis.heatmap()
    query = _query(request)
    if "sector" in query:
        rows = [r for r in rows if r[0].sector == query["sector"]]
    if request.GET.get("format") == "xlsx":
        return _xlsx_response("peta_unit_rumpun", tables.heatmap_columns(families), rows)
    page = Paginator(rows, HEATMAP_UNITS_PER_PAGE).get_page(query.get("page"))
    body = [
        {
            "unit": unit,
            "url": _unit_link(unit),
            "cells": [
                {
                    "cell": cell,
                    "style": _heat_style(cell),
                    "title": _("bezetting %(staff)s, kebutuhan %(formation)s")
                    % {"staff": cell.staff, "formation": cell.formation}
                    if cell
                    else "",
                }
                for cell in cells
            ],
        }
        for unit, cells in page.object_list
    ]
    sector_names = sorted({p.sector for p in analysis.posts})
    return render(
        request,
        "needs/heatmap.html",
        {
            **_common(analysis),
            "families": families,
            "body": body,
            "page": page,
            **_pager(request, page),
            "xlsx_url": _link(request, format="xlsx", page=None),
            "sector_names": sector_names,
            "query": query,
        },
    )


@role_required(*ALL_STAFF)
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One unit with the units under it (an OPD with its puskesmas, schools, bidang): figures,
    the posts or the sub-units ranked by shortage (``?view=unit``), retirements ahead."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    scope = _check_unit(request, unit.pk)
    subtree = unit_and_descendants(unit.pk)
    analysis = compute_needs(unit_ids=subtree)
    units = analysis.by_unit()
    show_units = request.GET.get("view") == "unit" and len(subtree) > 1
    if show_units:
        table = _table(
            request,
            columns=tables.unit_columns(analysis),
            rows=units,
            filename=f"kebutuhan_{unit.code}_per_unit",
            link=_unit_link,
        )
    else:
        table = _table(
            request,
            columns=tables.post_columns(analysis),
            rows=analysis.posts,
            filename=f"kebutuhan_{unit.code}",
            link=_post_link,
        )
    if isinstance(table, HttpResponse):
        return table
    retirements = analysis.retirements_per_year()
    return render(
        request,
        "needs/unit_detail.html",
        {
            **_common(analysis),
            "unit": unit,
            "limited": scope is not None,
            "summary": analysis.total(),
            "own": next((g for g in units if g.unit_id == unit.pk), None),
            "sub_units": len(subtree) - 1,
            "show_units": show_units,
            "posts_url": _link(request, view=None, page=None, sort=None, dir=None),
            "units_url": _link(request, view="unit", page=None, sort=None, dir=None),
            "table": table,
            "retirements": retirements,
            "retirement_chart": {
                "type": "bar",
                "labels": [str(y) for y in retirements],
                "datasets": [
                    {"label": _("Pegawai mencapai BUP"), "data": list(retirements.values())}
                ],
            },
        },
    )


def _position_context(request: HttpRequest, position: Position) -> dict[str, Any]:
    analysis = compute_needs(unit_ids=[position.unit_id])
    post = next(p for p in analysis.posts if p.position_id == position.pk)
    bup = codes.retirement_age(position.kind, position.name)
    staff = [
        {"employee": e, "retires": abk.retirement_year(e.birth_date, bup)}
        for e in Employee.objects.filter(position=position).only("nip", "name", "birth_date")
    ]
    override = (
        FormationOverride.objects.select_related("created_by").filter(position=position).first()
    )
    history = AuditEntry.objects.filter(
        object_type="people.position", object_id=str(position.pk), action__startswith="needs."
    ).select_related("actor")[:20]
    return {
        **_common(analysis),
        "position": position,
        "post": post,
        "bup": bup,
        "staff_rows": staff,
        "tasks": workload_tasks(position),
        "override": override,
        "history": history,
        "can_edit": role_of(request.user) == Role.PLANNER,
        "source_label": tables.SOURCE_LABELS[post.source.value],
    }


@role_required(*ALL_STAFF)
def position_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One post: its tasks and the ABK worked out, EJ, who retires when, and the override form."""
    position = get_object_or_404(Position.objects.select_related("unit"), code=code)
    scope = _check_unit(request, position.unit_id)
    context = _position_context(request, position)
    context["limited"] = scope is not None
    initial = {"formation": context["post"].formation}
    if context["override"] is not None:
        initial["reason"] = context["override"].reason
    context["form"] = OverrideForm(initial=initial)
    context["task_form"] = WorkloadTaskForm()
    return render(request, "needs/position_detail.html", context)


@require_POST
@role_required(Role.PLANNER)
def override(request: HttpRequest, code: str) -> HttpResponse:
    position = get_object_or_404(Position.objects.select_related("unit"), code=code)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.do_override_formation(
                position,
                form.cleaned_data["formation"],
                form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Kebutuhan jabatan %(code)s ditetapkan %(formation)s.")
                % {"code": position.code, "formation": form.cleaned_data["formation"]},
            )
            return redirect("needs:position", position.code)
    context = _position_context(request, position)
    context["form"] = form
    context["task_form"] = WorkloadTaskForm()
    return render(request, "needs/position_detail.html", context, status=400)


@require_POST
@role_required(Role.PLANNER)
def clear_override(request: HttpRequest, code: str) -> HttpResponse:
    position = get_object_or_404(Position, code=code)
    if services.do_clear_override(position, acting_user=request.user):
        messages.success(
            request,
            _("Penetapan kebutuhan jabatan %(code)s dihapus; kembali ke ABK / data impor.")
            % {"code": position.code},
        )
    return redirect("needs:position", position.code)


@require_POST
@role_required(Role.PLANNER)
def add_task(request: HttpRequest, code: str) -> HttpResponse:
    """Add or replace one workload task of a post by hand (the form beside the sheet import)."""
    position = get_object_or_404(Position.objects.select_related("unit"), code=code)
    form = WorkloadTaskForm(request.POST)
    if form.is_valid():
        try:
            services.do_add_workload_task(position, **form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Beban kerja disimpan."))
            return redirect("needs:position", position.code)
    context = _position_context(request, position)
    initial = {"formation": context["post"].formation}
    context["form"] = OverrideForm(initial=initial)
    context["task_form"] = form
    return render(request, "needs/position_detail.html", context, status=400)


@require_POST
@role_required(Role.PLANNER)
def remove_task(request: HttpRequest, code: str, task_id: int) -> HttpResponse:
    task = get_object_or_404(
        WorkloadTask.objects.select_related("position"), pk=task_id, position__code=code
    )
    services.do_remove_workload_task(task, acting_user=request.user)
    messages.success(request, _("Tugas dihapus dari beban kerja."))
    return redirect("needs:position", code)


@role_required(*READERS)
def settings_view(request: HttpRequest) -> HttpResponse:
    """The ABK settings: effective minutes per year and the rounding rule (planners change)."""
    current = get_settings()
    can_edit = role_of(request.user) == Role.PLANNER
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = SettingsForm(request.POST)
        if form.is_valid():
            services.do_update_settings(
                form.cleaned_data["effective_minutes_per_year"],
                form.cleaned_data["rounding"],
                acting_user=request.user,
            )
            messages.success(request, _("Pengaturan ABK disimpan."))
            return redirect("needs:settings")
    else:
        form = SettingsForm(
            initial={
                "effective_minutes_per_year": current.effective_minutes,
                "rounding": current.rounding.value,
            }
        )
    return render(
        request,
        "needs/settings.html",
        {
            "form": form,
            "can_edit": can_edit,
            "current": current,
            "rounding_label": RoundingRule(current.rounding.value).label,
            "default_minutes": abk.EFFECTIVE_MINUTES_PER_YEAR,
            "grades": [
                ("A", f"EJ > {abk.EJ_GRADE_A_ABOVE}"),
                ("B", f"{abk.EJ_GRADE_B_FROM} – {abk.EJ_GRADE_A_ABOVE}"),
                ("C", f"{abk.EJ_GRADE_C_FROM} – {abk.EJ_GRADE_B_FROM - CENT}"),
                ("D", f"{abk.EJ_GRADE_D_FROM} – {abk.EJ_GRADE_C_FROM - CENT}"),
                ("E", f"EJ < {abk.EJ_GRADE_D_FROM}"),
            ],
            "grade_source": abk.EJ_GRADE_SOURCE,
        },
    )
