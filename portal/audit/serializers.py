"""API shape of audit records."""

from __future__ import annotations

from rest_framework import serializers

from portal.audit.models import AuditRecord


class AuditRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditRecord
        fields = [
            "id",
            "at",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "organization_id",
            "ip",
            "data",
            "hash",
            "prev_hash",
        ]
        read_only_fields = fields

    def to_representation(self, instance: AuditRecord) -> dict:
        data = super().to_representation(instance)
        # Owners read who did what with their cameras, not the reviewers' and police's addresses.
        if not self.context.get("show_ip", False):
            data.pop("ip")
        return data
