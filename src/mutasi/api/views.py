"""The integration API: read units, posts, employees, needs, approved plans and plan runs;
post an import workbook. Token authentication (``mutasi drf_create_token USER``) and the same
roles as the pages: planners and approvers read everything, a unit head their own units, an
employee their own record; only planners import.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mutasi.core.models import Role
from mutasi.needs.selectors import compute_needs
from mutasi.people import selectors
from mutasi.people.models import Employee, Position, Unit
from mutasi.people.services import do_import_workbook, preview_workbook
from mutasi.plans.models import Plan, PlanStatus

from . import serializers
from .permissions import REVIEWERS, STAFF, roles

PUBLISHED_STATUSES = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)


def _unit_ids(request: Request) -> frozenset[int] | None:
    """None for planners and approvers (every unit), a unit head's units otherwise."""
    scope = selectors.scope_for(request.user)
    return None if scope.sees_everything else (scope.unit_ids or frozenset())


class UnitList(generics.ListAPIView):
    """Units (OPD and sub-units)."""

    serializer_class = serializers.UnitSerializer
    permission_classes = [roles(*STAFF)]

    def get_queryset(self) -> QuerySet[Unit]:
        units = Unit.objects.select_related("parent").order_by("code")
        ids = _unit_ids(self.request)
        return units if ids is None else units.filter(pk__in=ids)


class PositionList(generics.ListAPIView):
    """Posts (jabatan) with their requirements and formation."""

    serializer_class = serializers.PositionSerializer
    permission_classes = [roles(*STAFF)]

    def get_queryset(self) -> QuerySet[Position]:
        posts = Position.objects.select_related("unit").order_by("code")
        ids = _unit_ids(self.request)
        return posts if ids is None else posts.filter(unit_id__in=ids)


class EmployeeList(generics.ListAPIView):
    """Employees; an employee's token reads only their own record."""

    serializer_class = serializers.EmployeeSerializer
    permission_classes = [roles(*STAFF, Role.EMPLOYEE)]

    def get_queryset(self) -> QuerySet[Employee]:
        employees = Employee.objects.select_related("position__unit").order_by("nip")
        scope = selectors.scope_for(self.request.user)
        if scope.role == Role.EMPLOYEE:
            return employees.filter(pk=scope.employee_id)
        ids = _unit_ids(self.request)
        return employees if ids is None else employees.filter(position__unit_id__in=ids)


class NeedsList(APIView):
    """The needs of every post in scope (ABK): formation in force, staff, shortage, surplus."""

    permission_classes = [roles(*STAFF)]

    @extend_schema(responses=serializers.NeedsSerializer(many=True))
    def get(self, request: Request) -> Response:
        analysis = compute_needs(unit_ids=_unit_ids(request))
        rows = [
            {
                "code": post.code,
                "name": post.name,
                "unit_code": post.unit_code,
                "sector": post.sector,
                "staff": post.staff,
                "formation": post.formation,
                "abk_formation": post.abk_formation,
                "source": str(post.source),
                "shortage": post.shortage,
                "surplus": post.surplus,
            }
            for post in analysis.posts
        ]
        return Response(serializers.NeedsSerializer(rows, many=True).data)


class PlanList(generics.ListAPIView):
    """Approved and published plans."""

    serializer_class = serializers.PlanSerializer
    permission_classes = [roles(*REVIEWERS)]

    def get_queryset(self) -> QuerySet[Plan]:
        return (
            Plan.objects.filter(status__in=PUBLISHED_STATUSES)
            .select_related("cycle")
            .order_by("-created_at", "-id")
        )


class PlanDetail(generics.RetrieveAPIView):
    """One approved or published plan with its moves (the employees who change post)."""

    serializer_class = serializers.PlanWithMovesSerializer
    permission_classes = [roles(*REVIEWERS)]
    lookup_url_kwarg = "plan_id"

    def get_queryset(self) -> QuerySet[Plan]:
        return Plan.objects.filter(status__in=PUBLISHED_STATUSES).select_related("cycle")


class RunStatus(APIView):
    """A plan run's status and progress (any plan, as the plan page polls it)."""

    permission_classes = [roles(*REVIEWERS)]

    @extend_schema(responses=serializers.RunStatusSerializer)
    def get(self, request: Request, plan_id: int) -> Response:
        from mutasi.plans.runs import fail_stale_runs

        fail_stale_runs()
        plan = get_object_or_404(Plan, pk=plan_id)
        return Response(serializers.RunStatusSerializer(plan).data)


def _report_data(report: Any, *, confirmed: bool) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "confirmed": confirmed and report.ok,
        "errors": [issue.__dict__ for issue in report.errors],
        "warnings": [issue.__dict__ for issue in report.warnings],
        "counts": {sheet: c.as_dict() for sheet, c in report.counts.items()},
    }


class ImportWorkbook(APIView):
    """Check (``confirm=false``) or import (``confirm=true``) a workbook, all or nothing.

    The same checks as ``mutasi import``: every problem comes back located by sheet, row and
    column; a file with any problem changes nothing (HTTP 422).
    """

    permission_classes = [roles(Role.PLANNER)]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": serializers.ImportUploadSerializer},
        responses={
            200: serializers.ImportReportSerializer,
            422: serializers.ImportReportSerializer,
        },
        parameters=[OpenApiParameter("confirm", bool, required=False, location="query")],
    )
    def post(self, request: Request) -> Response:
        upload = serializers.ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        confirm = upload.validated_data["confirm"] or request.query_params.get("confirm") in (
            "1",
            "true",
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "workbook.xlsx"
            with path.open("wb") as out:
                for chunk in upload.validated_data["file"].chunks():
                    out.write(chunk)
            if confirm:
                report = do_import_workbook(path, acting_user=request.user)
            else:
                report = preview_workbook(path)
        data = _report_data(report, confirmed=confirm)
        return Response(data, status=status.HTTP_200_OK if report.ok else 422)


def not_found(request: Any, *args: Any, **kwargs: Any) -> JsonResponse:
    return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
