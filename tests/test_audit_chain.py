"""The audit log is append-only and hash-chained; verify_audit finds tampering."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal.audit.models import AuditRecord
from portal.audit.services import audit_record, audit_verify


@pytest.fixture
def chain(db):
    return [
        audit_record(
            actor=None,
            action=f"test.event{i}",
            object_type="test",
            object_id=str(i),
            data={"n": i, "when": "2026-12-03"},
        )
        for i in range(5)
    ]


def test_an_untouched_chain_verifies(chain, capsys):
    assert audit_verify() is None
    call_command("verify_audit")
    assert "5 records verified" in capsys.readouterr().out


def test_records_link_to_their_predecessor(chain):
    assert chain[0].prev_hash == "0" * 64
    for prev, record in itertools.pairwise(chain):
        assert record.prev_hash == prev.hash


def test_editing_a_row_in_the_database_is_found(chain):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditRecord._meta.db_table} SET action = %s WHERE id = %s",
            ["forged", chain[2].pk],
        )
    broken = audit_verify()
    assert broken is not None and broken.record_id == chain[2].pk
    with pytest.raises(CommandError, match=f"#{chain[2].pk}: content does not match"):
        call_command("verify_audit")


def test_deleting_a_row_in_the_database_is_found(chain):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table} WHERE id = %s", [chain[1].pk])
    broken = audit_verify()
    assert broken is not None and broken.record_id == chain[2].pk
    assert "deleted or inserted" in broken.reason


def test_the_orm_refuses_to_change_or_delete_records(chain):
    record = chain[0]
    record.action = "changed"
    with pytest.raises(RuntimeError, match="append-only"):
        record.save()
    with pytest.raises(RuntimeError, match="append-only"):
        record.delete()


def test_secrets_are_refused_in_audit_data(db):
    with pytest.raises(ValueError, match="password"):
        audit_record(actor=None, action="x", object_type="t", object_id="1", data={"password": "x"})
    assert AuditRecord.objects.count() == 0
