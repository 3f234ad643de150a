"""What any channel needs to deliver one invitation, as plain values (no rows, no sessions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class OutgoingInvitation:
    invitation_id: int
    to_address: str | None
    customer_name: str
    locale: str
    title: str
    intro: str
    link: str
    expires_at: datetime
    unsubscribe_link: str = ""
    channel: str = "email"
    customer_external_id: str = ""
    customer_attributes: dict = field(default_factory=dict)
    questionnaire_key: str = ""
    webhook_url: str | None = None  # the trigger's own; None: the configured default
    webhook_secret: str | None = None
    reminder: bool = False  # the second (and last) message for this invitation
