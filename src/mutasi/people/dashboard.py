"""The dashboard: the region's workforce at a glance, for planners, approvers and unit heads.

It lives with the people stage because it shows people data; the site's home page (``/``)
routes here from ``mutasi.urls``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core import inbox
from mutasi.core.models import Instance, Role

from . import selectors


def _bar(labels: list[str], datasets: list[tuple[str, list[int]]], **options: Any) -> dict:
    return {
        "type": "bar",
        "labels": labels,
        "datasets": [{"label": label, "data": data} for label, data in datasets],
        **options,
    }


def dashboard_charts(board: selectors.Dashboard) -> dict[str, dict]:
    """Chart.js specifications (see static/mutasi/charts.js) for the dashboard's four charts."""
    sectors = [row.sector.capitalize() for row in board.sectors]
    return {
        "staff": _bar(
            sectors,
            [
                (_("PNS dan PPPK"), [row.staff for row in board.sectors]),
            ],
            horizontal=True,
        ),
        "formation": _bar(
            sectors,
            [
                (_("Formasi tercatat"), [row.formation for row in board.sectors]),
                (_("Pegawai saat ini"), [row.staff for row in board.sectors]),
            ],
        ),
        "tenure": _bar(
            sectors,
            [
                (_("< 2 tahun"), [row.under_two_years for row in board.sectors]),
                (_("2–5 tahun"), [row.two_to_five_years for row in board.sectors]),
                (_("> 5 tahun"), [row.past_five_years for row in board.sectors]),
            ],
            stacked=True,
        ),
        "retirement": _bar(
            [str(year) for year in board.years],
            [(sector.capitalize(), counts) for sector, counts in board.retirement_rows()],
            stacked=True,
        ),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Planners and approvers see the region, a unit head their unit, each with what waits for
    them on top; employees go to their participation home."""
    if request.user.is_superuser and not Instance.current().is_configured:
        # First run: the office's name, head of region and letterhead before anything else.
        messages.info(
            request,
            _(
                "Selamat datang. Catat dulu instansi Anda: nama daerah, kepala daerah dan kop "
                "surat."
            ),
        )
        return redirect("instance_settings")
    scope = selectors.scope_for(request.user)  # PermissionDenied for a user without a role
    if scope.role == Role.EMPLOYEE:
        url = inbox.landing_for(request.user, Role.EMPLOYEE)
        nip = request.user.profile.employee.nip
        return redirect(url or reverse("people:employee_detail", args=[nip]))
    unit = None
    if scope.role == Role.UNIT_HEAD:
        unit = request.user.profile.unit
    board = selectors.dashboard(timezone.localdate(), unit_ids=scope.unit_ids)
    context = {
        "board": board,
        "inbox": inbox.items_for(request.user, scope.role),
        "role": scope.role,
        "total": board.total,
        "charts": dashboard_charts(board),
        "unit": unit,
        "max_years": selectors.MAX_YEARS_IN_POST,
        "outlook_years": selectors.RETIREMENT_OUTLOOK_YEARS,
    }
    return render(request, "core/dashboard.html", context)
