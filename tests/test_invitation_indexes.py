"""The invitation status indexes are partial: the passes that read them still use them, answered links leave them."""
from datetime import timedelta

from sqlalchemy import text
from sqlmodel import select

from feedback_app.clock import utcnow
from feedback_app.dispatch import _due
from feedback_app.models import Invitation, InvitationStatus


def _plan(engine, statement) -> str:
    compiled = statement.compile(dialect=engine.dialect)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", tuple(compiled.params.values()))
        return " ".join(row[-1] for row in rows)


def test_the_dispatch_pass_finds_due_rows_through_the_partial_index(engine):
    query = select(Invitation.id).where(_due(utcnow())).order_by(Invitation.next_attempt_at).limit(100)
    assert "USING INDEX ix_invitation_due" in _plan(engine, query)
    assert "SCAN invitation" not in _plan(engine, query)


def test_the_reminder_pass_finds_sent_rows_through_the_partial_index(engine):
    now = utcnow()
    query = (select(Invitation.id).where(Invitation.status == InvitationStatus.SENT, Invitation.reminded_at.is_(None),
                                         Invitation.reminder_due_at <= now, Invitation.expires_at > now - timedelta(1))
             .order_by(Invitation.reminder_due_at).limit(500))
    assert "USING INDEX ix_invitation_reminder" in _plan(engine, query)


def test_the_status_indexes_hold_only_the_rows_their_passes_read(engine):
    with engine.connect() as connection:
        definitions = dict(connection.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE name IN ('ix_invitation_due', 'ix_invitation_reminder')")).all())
    assert definitions["ix_invitation_due"].endswith("WHERE status = 'scheduled' OR status = 'sending'")
    assert definitions["ix_invitation_reminder"].endswith("WHERE status = 'sent'")
