"""Admin page for the audit log: append-only, so view-only."""

from __future__ import annotations

from django.contrib import admin

from portal.accounts.admin import ReadOnlyAdmin
from portal.audit.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["id", "at", "actor_label", "action", "object_type", "object_id", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id", "action"]
    date_hierarchy = "at"
