"""Admin for the reference data. Every change made here is written to the audit log and changes
the data version (``mutasi.core.dataversion``), so cached figures and plan inputs are computed
again from the edited rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest

from mutasi.core.audit import record_audit
from mutasi.core.dataversion import bump_data_version

from .models import Competency, Employee, Position, PositionHistory, Unit


def _snapshot(obj: Any) -> dict[str, Any]:
    """The row as JSON-safe values, for the audit entry's before/after."""
    return {key: str(value) for key, value in model_to_dict(obj).items()}


def _audit_delete(request: HttpRequest, obj: Any) -> None:
    record_audit(
        "admin.delete", acting_user=request.user, obj=obj, summary=str(obj), before=_snapshot(obj)
    )


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes in one transaction with an audit entry (action ``admin.change`` …) and
    a bump of the data version (every model edited through it is data plans are computed from)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change and obj.pk is not None:
                before = _snapshot(type(obj).objects.get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            record_audit(
                "admin.change" if change else "admin.add",
                acting_user=request.user,
                obj=obj,
                summary=str(obj),
                before=before,
                after=_snapshot(obj),
            )
            bump_data_version()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            _audit_delete(request, obj)
            super().delete_model(request, obj)
            bump_data_version()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (an employee's position history) are audited like the main row."""
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                record_audit(
                    "admin.add",
                    acting_user=request.user,
                    obj=obj,
                    summary=str(obj),
                    after=_snapshot(obj),
                )
            for obj, fields in formset.changed_objects:
                record_audit(
                    "admin.change",
                    acting_user=request.user,
                    obj=obj,
                    summary=f"{obj}: {', '.join(fields)}",
                    after=_snapshot(obj),
                )
            for obj in formset.deleted_objects:
                _audit_delete(request, obj)
            if formset.new_objects or formset.changed_objects or formset.deleted_objects:
                bump_data_version()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                _audit_delete(request, obj)
            super().delete_queryset(request, queryset)
            bump_data_version()


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "parent", "sector", "kecamatan"]
    list_filter = ["sector"]
    search_fields = ["code", "name", "kecamatan"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["code", "name", "unit", "kind", "job_family", "formation"]
    list_filter = ["kind", "unit__sector"]
    search_fields = ["code", "name", "job_family", "unit__code", "unit__name"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]


class PositionHistoryInline(admin.TabularInline):
    model = PositionHistory
    extra = 0
    raw_id_fields = ["position"]


@admin.register(Employee)
class EmployeeAdmin(AuditedAdmin):
    list_display = ["nip", "name", "employee_type", "golongan", "position", "position_start"]
    list_filter = ["employee_type", "golongan", "position__unit__sector"]
    search_fields = ["nip", "name"]
    list_select_related = ["position"]
    raw_id_fields = ["position"]
    inlines = [PositionHistoryInline]
    show_full_result_count = False  # a count of 50,000 rows on every page is wasted work


@admin.register(PositionHistory)
class PositionHistoryAdmin(AuditedAdmin):
    list_display = ["employee", "position_name", "job_family", "start", "end"]
    search_fields = ["employee__nip", "employee__name", "position_name"]
    list_select_related = ["employee"]
    raw_id_fields = ["employee", "position"]


@admin.register(Competency)
class CompetencyAdmin(AuditedAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]
