"""Admin pages for sites, cameras and verifications (view-only; see accounts.admin).

Camera credentials and the publish secret's hash are never displayed.
"""

from __future__ import annotations

from django.contrib import admin

from portal.accounts.admin import ReadOnlyAdmin
from portal.cameras.models import Camera, Site, Verification


@admin.register(Site)
class SiteAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "desa", "latitude", "longitude"]
    search_fields = ["name", "address", "organization__name"]
    list_select_related = ["organization", "desa"]


@admin.register(Camera)
class CameraAdmin(ReadOnlyAdmin):
    list_display = ["name", "site", "mode", "review_state", "created_at"]
    list_filter = ["mode", "review_state"]
    search_fields = ["name", "site__name", "site__organization__name"]
    list_select_related = ["site"]
    exclude = ["credentials", "publish_secret_hash"]


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    list_display = ["camera", "trigger", "status", "width", "height", "created_at"]
    list_filter = ["status", "trigger"]
    list_select_related = ["camera"]
