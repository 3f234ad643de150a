"""Close the loop: who owns a stage, and the outbox of notifications about low answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class StageOwner(SQLModel, table=True):
    """The person (e-mail) or system (webhook) told when an answer on this stage is below a threshold.

    Thresholds left empty use the defaults in `notifications.DEFAULT_THRESHOLDS`.
    """

    __tablename__ = "stage_owner"
    id: int | None = Field(default=None, primary_key=True)
    stage_id: int = Field(foreign_key="stage.id", unique=True)
    email: str | None = Field(default=None, max_length=254)
    webhook_url: str | None = Field(default=None, max_length=500)
    emotion_at_most: float | None = None
    csat_at_most: int | None = None
    ces_at_most: int | None = None
    nps_at_most: int | None = None


class NotificationStatus:
    PENDING = "pending"  # waiting for next_attempt_at
    SENDING = "sending"  # claimed by a pass until lease_until
    SENT = "sent"
    FAILED = "failed"  # gave up after the maximum attempts


class Notification(SQLModel, table=True):
    """One message to a stage owner about one answer; written in the answer's transaction, sent by the scheduler."""

    __table_args__ = (
        UniqueConstraint("response_id", "channel", "target"),
        Index("ix_notification_due", "status", "next_attempt_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id")
    stage_id: int = Field(foreign_key="stage.id")
    channel: str = Field(max_length=16)  # email | webhook
    target: str = Field(max_length=500)
    reason: str = Field(max_length=200)
    quote: str = ""
    status: str = Field(default=NotificationStatus.PENDING, max_length=16)
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime = Field(default_factory=utcnow)
    lease_until: datetime | None = None
    sent_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
