"""The audit log, read-only: auditors and platform admins see all, owners their own org's."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from portal.accounts.selectors import is_auditor, is_platform_admin
from portal.audit.models import AuditRecord
from portal.audit.selectors import audit_records_visible_to, may_read_audit
from portal.audit.serializers import AuditRecordSerializer


class MayReadAudit(permissions.IsAuthenticated):
    message = _(
        "Only auditors, platform admins and owners (for their own organization) read the audit log."
    )

    def has_permission(self, request: Request, view: APIView) -> bool:
        return super().has_permission(request, view) and may_read_audit(request.user)


class AuditFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = AuditRecord
        fields = ["action", "object_type", "object_id", "organization_id", "since", "until"]


class AuditRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The hash-chained audit log, oldest first; filter by action, object, time."""

    serializer_class = AuditRecordSerializer
    filterset_class = AuditFilter
    permission_classes = [MayReadAudit]

    def get_queryset(self) -> QuerySet[AuditRecord]:
        return audit_records_visible_to(self.request.user).order_by("id")

    def get_serializer_context(self) -> dict:
        user = self.request.user
        return {
            **super().get_serializer_context(),
            "show_ip": is_auditor(user) or is_platform_admin(user),
        }
