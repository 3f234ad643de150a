"""Trigger rules: turn one touchpoint event into an invitation decision. Pure functions of their inputs."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional


class SuppressionReason:
    FATIGUE = "fatigue"  # the customer was invited too recently
    EXPIRED = "expired"  # the event is so old that the invitation would already have expired
    OPTED_OUT = "opted_out"
    NO_ADDRESS = "no_address"  # nothing to send it to through this channel
    INACTIVE = "trigger_paused"


@dataclass(frozen=True)
class TriggerRule:
    trigger_id: int
    channel: str
    delay: timedelta
    expiry: timedelta  # measured from the event: no invitation goes out (or is answered) after it
    fatigue: timedelta  # at most one invitation per customer within this window
    active: bool = True


@dataclass(frozen=True)
class CustomerFacts:
    email: Optional[str]
    opted_out: bool
    last_invited_at: Optional[datetime]  # due time of the customer's latest live invitation, if any


@dataclass(frozen=True)
class Decision:
    trigger_id: int
    due_at: datetime
    expires_at: datetime
    suppressed: Optional[str] = None

    @property
    def scheduled(self) -> bool:
        return self.suppressed is None


def decide(rule: TriggerRule, occurred_at: datetime, customer: CustomerFacts, now: datetime) -> Decision:
    """When to invite for this event, or why not. An old event is due at once if not yet expired."""
    due_at = max(occurred_at + rule.delay, now)
    expires_at = occurred_at + rule.expiry
    reason = _suppression(rule, customer, due_at, expires_at, now)
    return Decision(rule.trigger_id, due_at, expires_at, reason)


def _suppression(rule: TriggerRule, customer: CustomerFacts, due_at: datetime, expires_at: datetime,
                 now: datetime) -> Optional[str]:
    if not rule.active:
        return SuppressionReason.INACTIVE
    if customer.opted_out:
        return SuppressionReason.OPTED_OUT
    if rule.channel == "email" and not customer.email:
        return SuppressionReason.NO_ADDRESS
    if expires_at <= max(now, due_at):
        return SuppressionReason.EXPIRED
    if customer.last_invited_at is not None and abs(due_at - customer.last_invited_at) < rule.fatigue:
        return SuppressionReason.FATIGUE
    return None


def retry_delay(attempts: int, base: timedelta = timedelta(seconds=30), cap: timedelta = timedelta(hours=1)) -> timedelta:
    """Exponential backoff after `attempts` failed sends: 30 s, 1 min, 2 min, … up to an hour."""
    return min(base * (2 ** max(attempts - 1, 0)), cap)


def new_token() -> str:
    """An unguessable one-time link token (192 bits)."""
    return secrets.token_urlsafe(24)
