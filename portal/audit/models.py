"""The audit log: append-only and hash-chained.

Each record stores the hash of the previous record and its own hash over its content,
so an edited, inserted or deleted row breaks the chain at that point
(`manage.py verify_audit` finds it).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

GENESIS_HASH = "0" * 64


class AuditRecord(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept even if the user is renamed, so the record reads the same forever.
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64, db_index=True)
    # The owner organization the record concerns: owners see records of their own org.
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit records are append-only")

    def compute_hash(self) -> str:
        payload = {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "organization_id": self.organization_id,
            "ip": self.ip,
            "data": self.data,
            "prev_hash": self.prev_hash,
        }
        canonical = json.dumps(
            payload, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode()).hexdigest()
