"""The audit log: hash chain, tamper detection, and the database refusing edits."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tests.support.factories import OrganizationFactory, UserFactory
from tutela.audit.models import GENESIS_HASH, AuditEvent
from tutela.audit.services import audit_record
from tutela.audit.verification import verify_chain

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    user = UserFactory()
    organization = OrganizationFactory()
    return [
        audit_record(
            actor=user,
            action="organization.update",
            target=organization,
            changes={"name": ["Old", "New"]},
        ),
        audit_record(actor=None, action="reference_data.load", object_type="reference"),
        audit_record(actor=user, action="organization.read", target=organization),
    ]


def test_events_chain_each_to_the_one_before() -> None:
    first, second, third = _three_events()
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert verify_chain().intact
    assert verify_chain().checked == 3


def _without_triggers(statement: str, params: list[object]) -> None:
    """Tamper as someone with direct database access would: drop the guard, then edit."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        cursor.execute(statement, params)


def test_verify_names_an_edited_event() -> None:
    _, second, _ = _three_events()
    _without_triggers(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["nothing.happened", second.id]
    )
    report = verify_chain()
    assert report.broken_at == second.id
    assert "edited" in report.reason
    with pytest.raises(CommandError, match=f"broken at event {second.id}"):
        call_command("audit_verify")


def test_verify_names_the_event_after_a_deleted_one() -> None:
    _, second, third = _three_events()
    _without_triggers("DELETE FROM audit_auditevent WHERE id = %s", [second.id])
    assert verify_chain().broken_at == third.id


def test_verify_command_reports_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    _three_events()
    call_command("audit_verify")
    assert "Audit chain intact: 3 events." in capsys.readouterr().out


def test_the_database_refuses_update() -> None:
    event = _three_events()[0]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.id])


def test_the_database_refuses_delete() -> None:
    event = _three_events()[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_orm_cannot_save_an_existing_event() -> None:
    event = _three_events()[0]
    event.action = "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
