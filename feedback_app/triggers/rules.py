"""Trigger rules: turn one touchpoint event into an invitation decision. Pure functions of their inputs.

The rules, in the order they are checked (the first that says no is the reason stored on the row):
paused, conditions on the customer, opted out, no address, expired, sampled out, the global fatigue
cap (one invitation per customer per N days across all triggers), then the trigger's own cap.
Quiet hours move a send out of the customer's night instead of suppressing it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from feedback_app.common.clock import to_utc
from feedback_app.common.texts import N_, TextError
from feedback_app.config import Settings
from feedback_app.triggers.conditions import matches

DEFAULT_FATIGUE_DAYS = Settings.fatigue_days  # FEEDBACK_FATIGUE_DAYS's default: one invitation per N days, all triggers
DEFAULT_TIMEZONE = "Asia/Jakarta"


class SuppressionReason:
    FATIGUE = "fatigue"  # the customer was invited (by any trigger) within the global window
    FATIGUE_TRIGGER = "fatigue_trigger"  # this trigger invited the customer within its own window
    SAMPLED_OUT = "sampled_out"  # not in the trigger's sample (N % of matching customers)
    CONDITION_FALSE = "condition_false"  # the customer does not match the trigger's conditions
    EXPIRED = "expired"  # the event is so old that the invitation would already have expired
    OPTED_OUT = "opted_out"
    NO_ADDRESS = "no_address"  # nothing to send it to through this channel
    NO_CONSENT = "no_consent"  # the trigger requires consent and the customer's latest event carried none given
    INACTIVE = "trigger_paused"

    ALL = (INACTIVE, CONDITION_FALSE, OPTED_OUT, NO_CONSENT, NO_ADDRESS, EXPIRED, SAMPLED_OUT, FATIGUE, FATIGUE_TRIGGER)
    UNMATCHED = (INACTIVE, CONDITION_FALSE)  # the funnel's "matched" leaves these out


@dataclass(frozen=True)
class QuietHours:
    """A daily window in the customer's local time when nothing is sent; may span midnight (21:00–08:00)."""

    start: time
    end: time

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> QuietHours | None:
        """ "21:00", "08:00" -> QuietHours; None when either is empty. ValueError on a bad time."""
        if not start or not end:
            return None
        window = cls(time.fromisoformat(start), time.fromisoformat(end))
        if window.start == window.end:
            raise TextError(N_("quiet hours start and end at the same time"))
        return window

    def end_of_window(self, moment: datetime, timezone: str) -> datetime | None:
        """When the window containing `moment` ends (UTC), or None if `moment` is outside it."""
        zone = _zone(timezone)
        local = to_utc(moment).astimezone(zone)
        clock = local.time().replace(tzinfo=None)
        if self.start < self.end:
            inside, day = self.start <= clock < self.end, local.date()
        else:
            inside = clock >= self.start or clock < self.end
            day = local.date() + timedelta(days=1) if clock >= self.start else local.date()
        if not inside:
            return None
        return to_utc(datetime.combine(day, self.end, tzinfo=zone))

    def next_send_time(self, moment: datetime, timezone: str) -> datetime:
        """`moment` itself, or the end of the quiet window it falls in."""
        return self.end_of_window(moment, timezone) or moment

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


def quiet_hours_end(start: str | None, end: str | None, timezone: str, moment: datetime) -> datetime | None:
    """End of the trigger's quiet window that `moment` falls in for this customer, or None: send now."""
    try:
        window = QuietHours.parse(start, end)
    except ValueError:
        return None
    return window.end_of_window(moment, timezone) if window else None


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ValueError, KeyError):
        return ZoneInfo(DEFAULT_TIMEZONE)


@dataclass(frozen=True)
class TriggerRule:
    trigger_id: int
    channel: str
    delay: timedelta
    expiry: timedelta  # measured from the event: no invitation goes out (or is answered) after it
    fatigue: timedelta  # this trigger invites a customer at most once within this window
    active: bool = True
    conditions: dict | None = None
    sample_percent: int = 100
    quiet_hours: QuietHours | None = None
    reminder: timedelta | None = None  # one reminder this long after the send, if unanswered
    global_fatigue: timedelta = timedelta(days=DEFAULT_FATIGUE_DAYS)
    require_consent: bool = False


@dataclass(frozen=True)
class CustomerFacts:
    email: str | None
    opted_out: bool
    last_invited_at: datetime | None  # due time of the customer's latest live invitation, if any
    key: str = ""  # the business system's id: sampling hashes it
    timezone: str = DEFAULT_TIMEZONE
    profile: dict = field(default_factory=dict)  # locale, timezone, persona, attributes: what conditions read
    recent: tuple = ()  # (trigger_id, due_at) of the customer's live invitations near now
    consent: bool | None = None  # the latest consent an event carried: given, withdrawn, or never said


@dataclass(frozen=True)
class Decision:
    trigger_id: int
    due_at: datetime
    expires_at: datetime
    suppressed: str | None = None
    reminder_at: datetime | None = None

    @property
    def scheduled(self) -> bool:
        return self.suppressed is None


def decide(rule: TriggerRule, occurred_at: datetime, customer: CustomerFacts, now: datetime) -> Decision:
    """When to invite for this event, or why not. An old event is due at once if not yet expired;
    a send that would fall in the customer's quiet hours waits until they end."""
    due_at = max(occurred_at + rule.delay, now)
    if rule.quiet_hours:
        due_at = rule.quiet_hours.next_send_time(due_at, customer.timezone)
    expires_at = occurred_at + rule.expiry
    reason = _suppression(rule, customer, due_at, expires_at, now)
    reminder_at = None
    if reason is None and rule.reminder:
        reminder_at = due_at + rule.reminder
        if rule.quiet_hours:
            reminder_at = rule.quiet_hours.next_send_time(reminder_at, customer.timezone)
        reminder_at = reminder_at if reminder_at < expires_at else None
    return Decision(rule.trigger_id, due_at, expires_at, reason, reminder_at)


def _suppression(
    rule: TriggerRule, customer: CustomerFacts, due_at: datetime, expires_at: datetime, now: datetime
) -> str | None:
    if not rule.active:
        return SuppressionReason.INACTIVE
    if rule.conditions and not matches(rule.conditions, customer.profile):
        return SuppressionReason.CONDITION_FALSE
    if customer.opted_out:
        return SuppressionReason.OPTED_OUT
    if rule.require_consent and customer.consent is not True:
        return SuppressionReason.NO_CONSENT
    if rule.channel == "email" and not customer.email:
        return SuppressionReason.NO_ADDRESS
    if expires_at <= max(now, due_at):
        return SuppressionReason.EXPIRED
    if not sampled_in(rule.trigger_id, customer.key, rule.sample_percent):
        return SuppressionReason.SAMPLED_OUT
    return _fatigue(rule, customer, due_at)


def _fatigue(rule: TriggerRule, customer: CustomerFacts, due_at: datetime) -> str | None:
    everyone = list(customer.recent) + ([(None, customer.last_invited_at)] if customer.last_invited_at else [])
    if any(abs(due_at - when) < rule.global_fatigue for _, when in everyone):
        return SuppressionReason.FATIGUE
    if any(trigger == rule.trigger_id and abs(due_at - when) < rule.fatigue for trigger, when in everyone):
        return SuppressionReason.FATIGUE_TRIGGER
    return None


def sampled_in(trigger_id: int, customer_key: str, percent: int) -> bool:
    """Is this customer in the trigger's N % sample? A hash of trigger and customer decides, so a replay,
    a second scheduler or next month's run decides the same for the same pair."""
    if percent >= 100:
        return True
    if percent <= 0:
        return False
    digest = hashlib.sha256(f"{trigger_id}:{customer_key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 10_000 < percent * 100


def retry_delay(
    attempts: int, base: timedelta = timedelta(seconds=30), cap: timedelta = timedelta(hours=1)
) -> timedelta:
    """Exponential backoff after `attempts` failed sends: 30 s, 1 min, 2 min, … up to an hour."""
    return min(base * (2 ** max(attempts - 1, 0)), cap)


def new_token() -> str:
    """An unguessable one-time link token (192 bits)."""
    return secrets.token_urlsafe(24)
