"""A marketer's rule: this touchpoint -> that questionnaire, after a delay, at most so often,
for the customers its conditions pick; or, with a cron schedule, a recurring survey of a segment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class Trigger(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    touchpoint_id: int = Field(foreign_key="touchpoint.id", index=True)
    questionnaire_id: int = Field(foreign_key="questionnaire.id")
    name: str = Field(max_length=200)
    channel: str = Field(default="email", max_length=16)
    delay_minutes: int = 60
    expiry_hours: int = 72
    fatigue_days: int = 7
    active: bool = True
    # Delivery of the webhook channel (WhatsApp/SMS gateways, CRMs); empty: FEEDBACK_WEBHOOK_URL/SECRET.
    webhook_url: str | None = Field(default=None, max_length=500)
    webhook_secret: str | None = Field(default=None, max_length=200)
    # Who is asked, and when (see triggers.py and conditions.py).
    conditions: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    sample_percent: int = Field(default=100, sa_column_kwargs={"server_default": "100"})
    quiet_start: str | None = Field(default=None, max_length=5)  # "21:00", customer's local time
    quiet_end: str | None = Field(default=None, max_length=5)  # "08:00"; may be before the start
    # Invite only customers whose latest event carried consent given (else suppressed: no_consent).
    require_consent: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    reminder_days: int | None = None  # one reminder this many days after the send, if unanswered
    schedule_cron: str | None = Field(default=None, max_length=100)  # recurring: "0 9 1 * *"
    schedule_timezone: str | None = Field(default=None, max_length=64)
    deleted_at: datetime | None = None  # deleted triggers keep their invitations and answers
    created_at: datetime = Field(default_factory=utcnow)


class RecurringRun(SQLModel, table=True):
    """One fire time of a recurring trigger, claimed once: two schedulers never invite a segment twice."""

    __tablename__ = "recurring_run"
    __table_args__ = (UniqueConstraint("trigger_id", "fire_time"),)
    id: int | None = Field(default=None, primary_key=True)
    trigger_id: int = Field(foreign_key="trigger.id", index=True)
    fire_time: datetime
    invited: int = 0
    suppressed: int = 0
    created_at: datetime = Field(default_factory=utcnow)
