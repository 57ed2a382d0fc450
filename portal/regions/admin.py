from django.contrib import admin

from portal.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
