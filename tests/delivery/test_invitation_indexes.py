"""The invitation status indexes are partial: the passes that read them still use them, answered links leave them."""

from datetime import timedelta

import pytest
from helpers import schedule_invitations
from sqlalchemy import text
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.delivery.dispatch import INVITATIONS, claim_due_invitations
from feedback_app.invitations.reminders import queue_due_reminders
from feedback_app.models import Invitation, InvitationStatus


def _plan(engine, statement) -> str:
    compiled = statement.compile(dialect=engine.dialect)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", tuple(compiled.params.values()))
        return " ".join(row[-1] for row in rows)


def test_the_dispatch_pass_finds_due_rows_through_the_partial_index(engine):
    query = select(Invitation.id).where(INVITATIONS.due(utcnow())).order_by(Invitation.next_attempt_at).limit(100)
    assert "USING INDEX ix_invitation_due" in _plan(engine, query)
    assert "SCAN invitation" not in _plan(engine, query)


def test_the_reminder_pass_finds_sent_rows_through_the_partial_index(engine):
    now = utcnow()
    query = (
        select(Invitation.id)
        .where(
            Invitation.status == InvitationStatus.SENT,
            Invitation.reminded_at.is_(None),
            Invitation.reminder_due_at <= now,
            Invitation.expires_at > now - timedelta(1),
        )
        .order_by(Invitation.reminder_due_at)
        .limit(500)
    )
    assert "USING INDEX ix_invitation_reminder" in _plan(engine, query)


def test_the_status_indexes_hold_only_the_rows_their_passes_read(engine):
    with engine.connect() as connection:
        definitions = dict(
            connection.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE name IN ('ix_invitation_due', 'ix_invitation_reminder')"
                )
            ).all()
        )
    assert definitions["ix_invitation_due"].endswith("WHERE status = 'scheduled' OR status = 'sending'")
    assert definitions["ix_invitation_reminder"].endswith("WHERE status = 'sent'")


def _fill_outbox(engine, now, history: int, due: int, reminders: int) -> None:
    """`history` invitations copied from one real one: `due` due now, `reminders` sent with their reminder due,
    the rest answered or not due yet; the statistics gathered, as autovacuum would have."""
    [template] = schedule_invitations(engine, 1, now)
    with engine.begin() as connection:
        connection.execute(
            text("""
            INSERT INTO invitation (token, journey_id, stage_id, touchpoint_id, customer_id, event_id, trigger_id,
                questionnaire_id, channel, locale, status, due_at, next_attempt_at, expires_at, attempts, created_at,
                sent_at, reminder_due_at)
            SELECT 'bulk-' || g, journey_id, stage_id, touchpoint_id, customer_id, event_id, trigger_id,
                questionnaire_id, channel, locale,
                CASE WHEN g <= :due + 2000 THEN 'scheduled' WHEN g <= :due + 52000 THEN 'sent' ELSE 'answered' END,
                due_at, CASE WHEN g <= :due THEN :now ELSE :later END, :later, attempts, created_at, :sent,
                CASE WHEN g > :due + 2000 AND g <= :due + 2000 + :reminders THEN :now
                     WHEN g <= :due + 52000 THEN :later END
            FROM generate_series(1, :history) AS g, invitation WHERE invitation.id = :template"""),
            {
                "due": due,
                "reminders": reminders,
                "history": history,
                "template": template,
                "now": now,
                "later": now + timedelta(days=2),
                "sent": now - timedelta(days=3),
            },
        )
        connection.execute(text("DELETE FROM invitation WHERE id = :template"), {"template": template})
        connection.execute(text("UPDATE trigger SET reminder_days = 2"))
        connection.execute(text("ANALYZE invitation"))


def _generic_plan(engine, statement_part: str, now) -> str:
    """The generic plan of the statement psycopg prepared on the pooled connection (after a query's 5th run):
    the plan PostgreSQL may switch to for good after 5 more runs, when it stops planning for each call's values."""
    values = {
        "timestamp with time zone": f"'{now.isoformat()}'",
        "smallint": "10",
        "integer": "10",
        "character varying": "'sent'",
    }  # any values: a generic plan does not look at them
    with engine.connect() as connection:
        name, types = connection.execute(
            text("SELECT name, parameter_types::text[] FROM pg_prepared_statements WHERE statement LIKE :part"),
            {"part": f"%{statement_part}%"},
        ).one()
        connection.execute(text("SET plan_cache_mode = force_generic_plan"))
        [[plan]] = connection.exec_driver_sql(
            f"EXPLAIN (FORMAT JSON) EXECUTE {name}({', '.join(values[t] for t in types)})"
        ).all()
    nodes = [plan[0]["Plan"]]
    for node in nodes:
        nodes.extend(node.get("Plans", []))
    return " / ".join(f"{n['Node Type']} {n.get('Index Name', n.get('Relation Name', ''))}".strip() for n in nodes)


@pytest.mark.postgres
def test_the_passes_keep_their_partial_indexes_once_postgres_prepares_their_statements(pg):
    """The passes run on one pooled connection, so psycopg prepares their queries; a generic plan can use a partial
    index only if the statuses are written into the statement, not bound as parameters."""
    now = utcnow()
    _fill_outbox(pg, now, history=200_000, due=300, reminders=300)
    claimed = [claim_due_invitations(pg, now, f"pass-{n}", limit=20) for n in range(15)]
    assert sum(map(len, claimed)) == 300 and all(len(ids) == 20 for ids in claimed)
    plan = _generic_plan(pg, "FOR UPDATE SKIP LOCKED", now)
    assert "ix_invitation_due" in plan and "Seq Scan" not in plan, plan
    assert [queue_due_reminders(pg, now, limit=20) for _ in range(15)] == [20] * 15
    plan = _generic_plan(pg, "trigger.reminder_days", now)
    assert "ix_invitation_reminder" in plan and "Seq Scan invitation" not in plan, plan
