"""Writing and verifying the audit chain."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from portal.audit.models import GENESIS_HASH, AuditRecord

# Any constant: the advisory lock that serializes appends to the chain on PostgreSQL.
_CHAIN_LOCK_ID = 0x50414E54  # "PANT"
_SECRET_KEYS = {"password", "secret", "token", "credentials", "publish_secret", "source_url"}


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


def _scrub(data: Mapping[str, Any]) -> dict[str, Any]:
    """Refuse to store anything that looks like a secret, wherever a caller put it."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key.lower() in _SECRET_KEYS:
            raise ValueError(f"audit data must not contain the secret field {key!r}")
        clean[key] = _scrub(value) if isinstance(value, Mapping) else value
    return clean


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    organization_id: int | None = None,
    ip: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditRecord:
    """Append one record to the chain, inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        _lock_chain()
        last = AuditRecord.objects.order_by("-id").only("hash").first()
        record = AuditRecord(
            at=timezone.now(),
            actor=user,
            actor_label=user.get_username() if user else "",
            action=action,
            object_type=object_type,
            object_id=object_id,
            organization_id=organization_id,
            ip=ip,
            # Round-trip through JSON so the hash covers exactly what the database returns.
            data=json.loads(json.dumps(_scrub(data or {}), cls=DjangoJSONEncoder)),
            prev_hash=last.hash if last else GENESIS_HASH,
        )
        record.hash = record.compute_hash()
        record.save()
    return record


@dataclass(frozen=True)
class ChainBreak:
    record_id: int
    reason: str


def audit_verify(*, batch_size: int = 2000) -> ChainBreak | None:
    """Walk the chain in id order; return the first broken link, or None if intact."""
    prev_hash = GENESIS_HASH
    for record in _iterate(batch_size):
        if record.prev_hash != prev_hash:
            return ChainBreak(
                record.pk, "previous-hash link does not match (row deleted or inserted)"
            )
        if record.compute_hash() != record.hash:
            return ChainBreak(record.pk, "content does not match its hash (row edited)")
        prev_hash = record.hash
    return None


def _iterate(batch_size: int) -> Iterator[AuditRecord]:
    last_id = 0
    while True:
        batch = list(AuditRecord.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return
        yield from batch
        last_id = batch[-1].pk
