"""Admin for roles and the audit log. The audit log is read-only: nobody edits or deletes it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "employee"]
    list_filter = ["role"]
    search_fields = ["user__username", "employee__nip", "employee__name", "unit__code"]
    list_select_related = ["user", "unit", "employee"]
    raw_id_fields = ["user", "unit", "employee"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows shown in the admin but never added, changed or deleted there."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_id", "summary", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "summary",
        "before",
        "after",
    ]
