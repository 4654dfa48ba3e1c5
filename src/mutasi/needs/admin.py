"""Admin for the needs data. Workload rows may be corrected here (audited); overrides and the
settings are changed only on the needs pages, where a reason is required, so they are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mutasi.people.admin import AuditedAdmin

from .models import FormationOverride, NeedsSettings, WorkloadTask


@admin.register(WorkloadTask)
class WorkloadTaskAdmin(AuditedAdmin):
    list_display = ["position", "description", "output_unit", "volume_per_year", "minutes_per_unit"]
    list_select_related = ["position"]
    search_fields = ["position__code", "position__name", "description"]
    raw_id_fields = ["position"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FormationOverride)
class FormationOverrideAdmin(ReadOnlyAdmin):
    list_display = ["position", "formation", "reason", "created_by", "created_at"]
    list_select_related = ["position", "created_by"]
    search_fields = ["position__code", "position__name", "reason"]


@admin.register(NeedsSettings)
class NeedsSettingsAdmin(ReadOnlyAdmin):
    list_display = ["effective_minutes_per_year", "rounding", "updated_by", "updated_at"]
