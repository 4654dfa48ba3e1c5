"""Admin for the needs data. Workload rows may be corrected here (audited); overrides and the
settings are changed only on the needs pages, where a reason is required, so they are read-only."""

from __future__ import annotations

from django.contrib import admin

from mutasi.core.admin import ReadOnlyAdmin
from mutasi.people.admin import AuditedAdmin

from .models import FormationOverride, NeedsSettings, WorkloadTask


@admin.register(WorkloadTask)
class WorkloadTaskAdmin(AuditedAdmin):
    list_display = ["position", "description", "output_unit", "volume_per_year", "minutes_per_unit"]
    list_select_related = ["position"]
    search_fields = ["position__code", "position__name", "description"]
    raw_id_fields = ["position"]


@admin.register(FormationOverride)
class FormationOverrideAdmin(ReadOnlyAdmin):
    list_display = ["position", "formation", "reason", "created_by", "created_at"]
    list_select_related = ["position", "created_by"]
    search_fields = ["position__code", "position__name", "reason"]


@admin.register(NeedsSettings)
class NeedsSettingsAdmin(ReadOnlyAdmin):
    list_display = ["effective_minutes_per_year", "rounding", "updated_by", "updated_at"]
