"""Pages of the workforce: employee list and record, units, positions.

Who sees what: planners and approvers everything; a unit head their unit and its sub-units; an
employee only their own record. Everyone else gets 403, anonymous users the login page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutasi.core.bounds import MAX_QUERY_LENGTH
from mutasi.core.permissions import is_planner, planner_required

from . import codes, selectors
from .models import Employee, EmployeeType, Position, PositionHistory, Unit
from .privacy import do_forget_employee

EMPLOYEES_PER_PAGE = 50


def _page(request: HttpRequest, items: Any, per_page: int = EMPLOYEES_PER_PAGE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class EmployeeFilterForm(forms.Form):
    """The filters of the employee list (all optional, read from the query string)."""

    q = forms.CharField(label=_("Cari NIP atau nama"), required=False, max_length=MAX_QUERY_LENGTH)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(label=_("Sektor"), required=False)
    golongan = forms.ChoiceField(label=_("Golongan"), required=False)
    employee_type = forms.ChoiceField(label=_("Jenis pegawai"), required=False)
    past_five_years = forms.BooleanField(label=_("Lebih dari 5 tahun di jabatan"), required=False)
    retiring = forms.BooleanField(label=_("Pensiun dalam 1 tahun"), required=False)
    order = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[("nip", _("NIP")), ("name", _("Nama")), ("tenure", _("Terlama di jabatan"))],
    )

    def __init__(self, data: Any, *, tree: selectors.UnitTree, scope: selectors.Scope) -> None:
        super().__init__(data)
        visible = [
            (node, depth)
            for node, depth in tree.depth_first()
            if scope.sees_everything or scope.can_see_unit(node.id)
        ]
        # Offer the OPD (a unit head: their unit and its sub-units) and the unit asked for; a
        # region has thousands of schools and puskesmas, which are reached from the unit pages.
        asked = str(self.data.get("unit", "")) if self.is_bound else ""
        top = min((depth for _node, depth in visible), default=0)
        widest = top if scope.sees_everything else top + 1
        indent = "\u2003"  # em space: sub-units indented under their parent
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [("", _("Semua unit"))] + [
            (node.id, f"{indent * (depth - top)}{node.code} {node.name}")
            for node, depth in visible
            if depth <= widest or str(node.id) == asked
        ]
        sector_field = self.fields["sector"]
        assert isinstance(sector_field, forms.ChoiceField)
        sector_field.choices = [("", _("Semua sektor"))] + [
            (s, s.capitalize()) for s in sorted({node.sector for node, _depth in visible})
        ]
        golongan_field = self.fields["golongan"]
        assert isinstance(golongan_field, forms.ChoiceField)
        golongan_field.choices = [("", _("Semua golongan"))] + [
            (g.code, g.code) for g in codes.PNS_GOLONGAN + codes.PPPK_GOLONGAN
        ]
        type_field = self.fields["employee_type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [("", _("PNS dan PPPK")), *EmployeeType.choices]
        self.tree = tree

    def filters(self) -> selectors.EmployeeFilters:
        """The cleaned filters; an invalid value is left out (the form shows why)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with every field that is valid
            data = self.cleaned_data
        unit_id = data.get("unit")
        return selectors.EmployeeFilters(
            q=data.get("q", ""),
            unit_ids=frozenset(self.tree.subtree_ids(unit_id)) if unit_id else None,
            sector=data.get("sector", ""),
            golongan=data.get("golongan", ""),
            employee_type=data.get("employee_type", ""),
            past_five_years=bool(data.get("past_five_years")),
            retiring=bool(data.get("retiring")),
            order=data.get("order") or "nip",
        )


def _staff_scope(request: HttpRequest, tree: selectors.UnitTree) -> selectors.Scope:
    """Scope of planners, approvers and unit heads; employees and users without a role get 403."""
    scope = selectors.scope_for(request.user, tree)
    if scope.employee_id is not None:
        raise PermissionDenied
    return scope


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    tree = selectors.load_unit_tree()
    scope = _staff_scope(request, tree)
    form = EmployeeFilterForm(request.GET or None, tree=tree, scope=scope)
    employees = selectors.employee_list(form.filters(), timezone.localdate(), scope)
    page = _page(request, employees)
    return render(
        request,
        "people/employee_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "filtered": bool(request.GET),
            "more_filters": any(
                value and key not in ("q", "page") for key, value in request.GET.items()
            ),
        },
    )


@login_required
def employee_detail(request: HttpRequest, nip: str) -> HttpResponse:
    employee = get_object_or_404(Employee.objects.select_related("position__unit__parent"), nip=nip)
    scope = selectors.scope_for(request.user)
    if not scope.can_see_employee(employee):
        # The same answer as a NIP that does not exist: a NIP encodes a birth date and gender,
        # so "exists but not yours" must not be told apart from "no such NIP".
        raise Http404
    today = timezone.localdate()
    history = [
        entry
        for entry in PositionHistory.objects.filter(employee=employee).order_by("-start")
        # The current post is shown from the employee record; skip its copy in the history.
        if not (entry.end is None and entry.start == employee.position_start)
    ]
    required = employee.position.competencies or {}
    own = employee.competencies or {}
    competencies = [
        {
            "name": name,
            "required": required.get(name),
            "level": own.get(name),
            "gap": (required[name] - own.get(name, 0)) if name in required else None,
        }
        for name in sorted(set(required) | set(own))
    ]
    years_in_post = employee.years_in_post(today)
    retirement = selectors.retirement_date(employee)
    return render(
        request,
        "people/employee_detail.html",
        {
            "employee": employee,
            "position": employee.position,
            "history": history,
            "competencies": competencies,
            "years_in_post": years_in_post,
            "past_five_years": years_in_post >= selectors.MAX_YEARS_IN_POST,
            "under_two_years": years_in_post < selectors.MIN_YEARS_IN_POST,
            "age": employee.age_on(today),
            "retirement_date": retirement,
            "retiring_soon": retirement
            <= selectors.add_years(today, selectors.RETIREMENT_WINDOW_YEARS),
            "retirement_age": employee.position.retirement_age,
            "can_browse": scope.employee_id is None,
            "can_forget": is_planner(request.user),
        },
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """OPD with their totals; a search, a sector or "show all" opens the sub-units too."""
    tree = selectors.load_unit_tree()
    scope = _staff_scope(request, tree)
    # A unit head's own unit is the root of what they see, with its sub-units listed.
    profile = getattr(request.user, "profile", None)
    roots = None if scope.sees_everything or profile is None else [profile.unit_id]
    sector = request.GET.get("sector", "")
    query = request.GET.get("q", "").strip().lower()[:MAX_QUERY_LENGTH]
    show_all = bool(request.GET.get("all") or query or sector)
    max_depth = None if show_all else (0 if roots is None else 1)
    figures = selectors.figures_per_unit()
    totals = selectors.rolled_up_figures(tree, figures)
    rows = []
    in_scope_sectors = set()
    for node, depth in tree.depth_first(roots):
        in_scope_sectors.add(node.sector)
        if max_depth is not None and depth > max_depth:
            continue
        if sector and node.sector != sector:
            continue
        if query and not any(
            query in text.lower() for text in (node.code, node.name, node.kecamatan)
        ):
            continue
        rows.append(
            {
                "unit": node,
                "depth": depth,
                "own": figures.get(node.id, selectors.UnitFigures()),
                "total": totals[node.id],
                "children": len(tree.children.get(node.id, [])),
            }
        )
    return render(
        request,
        "people/unit_list.html",
        {
            "rows": rows,
            "sectors": sorted(in_scope_sectors),
            "sector": sector,
            "q": request.GET.get("q", ""),
            "show_all": show_all,
        },
    )


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    tree = selectors.load_unit_tree()
    scope = _staff_scope(request, tree)
    if not scope.can_see_unit(unit.pk):
        raise PermissionDenied
    figures = selectors.figures_per_unit()
    totals = selectors.rolled_up_figures(tree, figures)
    children = [
        {"unit": tree.nodes[child_id], "total": totals[child_id]}
        for child_id in sorted(tree.children.get(unit.pk, []), key=lambda i: tree.nodes[i].code)
    ]
    positions = list(selectors.positions_with_staff(unit))
    employees = Employee.objects.filter(position__unit=unit).select_related("position")
    page = _page(request, employees.order_by("position__name", "name"))
    ancestors = [node for node in tree.ancestors(unit.pk) if scope.can_see_unit(node.id)]
    return render(
        request,
        "people/unit_detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "own": figures.get(unit.pk, selectors.UnitFigures()),
            "total": totals[unit.pk],
            "children": children,
            "positions": positions,
            "page": page,
            "query": _query_without_page(request),
        },
    )


@login_required
def position_detail(request: HttpRequest, code: str) -> HttpResponse:
    position = get_object_or_404(Position.objects.select_related("unit"), code=code)
    tree = selectors.load_unit_tree()
    scope = _staff_scope(request, tree)
    if not scope.can_see_unit(position.unit_id):
        raise PermissionDenied
    holders = Employee.objects.filter(position=position).order_by("name")
    page = _page(request, holders)
    staff = page.paginator.count
    return render(
        request,
        "people/position_detail.html",
        {
            "position": position,
            "ancestors": [
                node for node in tree.ancestors(position.unit_id) if scope.can_see_unit(node.id)
            ],
            "page": page,
            "staff": staff,
            "difference": staff - position.formation if position.formation is not None else None,
            "competencies": sorted((position.competencies or {}).items()),
            "query": _query_without_page(request),
        },
    )


@planner_required
def forget_employee(request: HttpRequest, nip: str) -> HttpResponse:
    """Remove one person's personal data (UU 27/2022): a confirmation page, then a POST."""
    employee = get_object_or_404(Employee.objects.select_related("position__unit"), nip=nip)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm_nip", "").strip() == employee.nip:
            scrubbed = do_forget_employee(employee, acting_user=request.user)
            messages.success(
                request,
                _("Data pribadi pegawai dihapus; %(n)s entri audit dianonimkan.") % {"n": scrubbed},
            )
            return redirect("people:employee_list")
        error = _("NIP yang diketik tidak sama; tidak ada yang diubah.")
    return render(request, "people/forget_employee.html", {"employee": employee, "error": error})
