"""Reads of the audit log, through the user."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from portal.accounts.selectors import is_auditor, is_platform_admin, owner_org_ids
from portal.audit.models import AuditRecord

AnyUser = AbstractBaseUser | AnonymousUser


def may_read_audit(user: AnyUser) -> bool:
    """Auditors and platform admins read everything; owners the records about their org."""
    return is_auditor(user) or is_platform_admin(user) or bool(owner_org_ids(user))


def audit_records_visible_to(user: AnyUser) -> QuerySet[AuditRecord]:
    if is_auditor(user) or is_platform_admin(user):
        return AuditRecord.objects.all()
    return AuditRecord.objects.filter(organization_id__in=owner_org_ids(user))
