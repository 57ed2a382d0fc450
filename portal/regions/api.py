"""Regions, read-only and open to anonymous users: the sign-up form needs them."""

from __future__ import annotations

from rest_framework import permissions, viewsets

from portal.regions.models import Region
from portal.regions.serializers import RegionSerializer


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Kecamatan and desa/kelurahan of Kabupaten Badung; filter by `level` and `parent`."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["level", "parent"]
    lookup_value_regex = r"[0-9.]+"  # Kemendagri codes contain dots: 51.03.01
