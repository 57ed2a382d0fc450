"""`manage.py verify_audit`: check the audit hash chain and report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from portal.audit.models import AuditRecord
from portal.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exits non-zero at the first broken link."

    def handle(self, *args, **options) -> None:
        broken = audit_verify()
        if broken is not None:
            raise CommandError(f"Audit chain broken at record #{broken.record_id}: {broken.reason}")
        self.stdout.write(f"Audit chain intact: {AuditRecord.objects.count()} records verified.")
