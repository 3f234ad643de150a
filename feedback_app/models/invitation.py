"""The durable outbox: one row per survey invitation, from scheduled to answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, literal_column, text
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class InvitationStatus:
    SCHEDULED = "scheduled"  # waiting for due_at / next_attempt_at
    SENDING = "sending"  # claimed by a dispatch pass until lease_until
    SENT = "sent"
    ANSWERED = "answered"
    FAILED = "failed"  # gave up after the maximum attempts
    EXPIRED = "expired"  # could not be sent before it expired
    SUPPRESSED = "suppressed"  # a trigger rule decided not to ask (reason says which)


def _only(statuses: str):
    """A partial index's condition (both backends), written as ORs so SQLite sees `status = ?` implies it."""
    condition = text(statuses)
    return {"sqlite_where": condition, "postgresql_where": condition}


# Each status index holds only the rows its reader looks for (the dispatch pass: scheduled and sending; the
# reminder pass: sent), so answering a link, which sets status to answered, rewrites no entry in either.
DUE_STATUSES = "status = 'scheduled' OR status = 'sending'"
REMINDER_STATUSES = "status = 'sent'"


class Invitation(SQLModel, table=True):
    __table_args__ = (
        Index("ix_invitation_due", "status", "next_attempt_at", **_only(DUE_STATUSES)),
        Index("ix_invitation_customer_created", "customer_id", "created_at"),
        Index("ix_invitation_reminder", "status", "reminder_due_at", **_only(REMINDER_STATUSES)),
        Index("ix_invitation_trigger_created", "trigger_id", "created_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(index=True, unique=True, max_length=64)
    journey_id: int = Field(foreign_key="journey.id")
    stage_id: int = Field(foreign_key="stage.id")
    touchpoint_id: int = Field(foreign_key="touchpoint.id")
    customer_id: int = Field(foreign_key="customer.id")
    event_id: int = Field(foreign_key="touchpoint_event.id", index=True)
    trigger_id: int = Field(foreign_key="trigger.id", index=True)
    questionnaire_id: int = Field(foreign_key="questionnaire.id")
    channel: str = Field(default="email", max_length=16)
    locale: str = Field(default="id", max_length=8)
    status: str = Field(default=InvitationStatus.SCHEDULED, max_length=16)
    reason: str | None = Field(default=None, max_length=40)
    due_at: datetime
    next_attempt_at: datetime
    expires_at: datetime
    attempts: int = 0
    last_error: str | None = None
    claimed_by: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = None
    sent_at: datetime | None = None
    opened_at: datetime | None = None
    answered_at: datetime | None = None
    reminder_due_at: datetime | None = None  # one reminder (the same link again) if still unanswered
    reminded_at: datetime | None = None  # when the reminder was queued; never twice
    created_at: datetime = Field(default_factory=utcnow)


def has_status(status: str):
    """`status = '<status>'` written into the SQL, not bound: a prepared statement's generic plan (psycopg prepares a
    query on its 6th run) can use a partial status index only when the statuses are constants it can read."""
    return Invitation.status == literal_column(f"'{status}'")
