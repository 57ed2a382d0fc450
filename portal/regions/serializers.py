"""API shapes of Kemendagri regions."""

from __future__ import annotations

from rest_framework import serializers

from portal.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent", "postal_code"]
        read_only_fields = fields
