"""Admin pages for templates, agreements and grants (view-only; see accounts.admin)."""

from __future__ import annotations

from django.contrib import admin

from portal.accounts.admin import ReadOnlyAdmin
from portal.agreements.models import Agreement, AgreementGroupObjectPermission, AgreementTemplate


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(ReadOnlyAdmin):
    list_display = ["version", "title_en", "is_current", "sha256", "created_at"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["id", "organization", "access_level", "state", "valid_from", "valid_until"]
    list_filter = ["state", "access_level"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]


@admin.register(AgreementGroupObjectPermission)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["content_object", "group", "permission"]
    list_select_related = ["content_object", "group", "permission"]
