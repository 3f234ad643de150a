"""The trigger rules as a batch applies them: each stored trigger read as a pure TriggerRule, with the rules that
hold across all triggers (FEEDBACK_FATIGUE_DAYS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from feedback_app.config import Settings
from feedback_app.models import Trigger
from feedback_app.triggers.rules import DEFAULT_FATIGUE_DAYS, QuietHours, TriggerRule


@dataclass(frozen=True)
class RuleSettings:
    """Rules that hold across all triggers and events (FEEDBACK_FATIGUE_DAYS, FEEDBACK_KEEP_UNKNOWN_EVENT_FIELDS,
    FEEDBACK_ADDRESS_KEY)."""

    fatigue_days: int = DEFAULT_FATIGUE_DAYS
    keep_unknown_event_fields: bool = False  # only what is needed: fields the product does not read are dropped
    address_key: str = ""  # FEEDBACK_ADDRESS_KEY (derived from the secret key): opt-outs by address are keyed with it

    @classmethod
    def from_settings(cls, settings: Settings) -> RuleSettings:
        """The global rules from the app's settings."""
        return cls(
            fatigue_days=settings.fatigue_days,
            keep_unknown_event_fields=settings.keep_unknown_event_fields,
            address_key=settings.address_key,
        )


def trigger_rule(trigger: Trigger, settings: RuleSettings = RuleSettings()) -> TriggerRule:
    """The pure rule for a stored trigger."""
    try:
        quiet = QuietHours.parse(trigger.quiet_start, trigger.quiet_end)
    except ValueError:
        quiet = None  # the pages never store a bad window; a hand-edited row must not stop ingestion
    return TriggerRule(
        trigger_id=trigger.id,
        channel=trigger.channel,
        delay=timedelta(minutes=trigger.delay_minutes),
        expiry=timedelta(hours=trigger.expiry_hours),
        fatigue=timedelta(days=trigger.fatigue_days),
        active=trigger.active,
        conditions=trigger.conditions or None,
        sample_percent=trigger.sample_percent,
        quiet_hours=quiet,
        reminder=timedelta(days=trigger.reminder_days) if trigger.reminder_days else None,
        global_fatigue=timedelta(days=settings.fatigue_days),
        require_consent=trigger.require_consent,
    )
