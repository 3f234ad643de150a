"""A marketer's rule: this touchpoint -> that questionnaire, after a delay, at most so often."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel

from ..clock import utcnow


class Trigger(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
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
    webhook_url: Optional[str] = Field(default=None, max_length=500)
    webhook_secret: Optional[str] = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
