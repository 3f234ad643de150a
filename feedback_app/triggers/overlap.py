"""Triggers that compete for one touchpoint's events: the earliest active one invites, and the fatigue rule (one
invitation per customer per N days across all triggers) then skips every later one for the same customers. A
marketer who adds a second trigger on a touchpoint sees "matched 6, scheduled 0" unless this says why."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from feedback_app.common.texts import N_, Text
from feedback_app.models import Trigger
from feedback_app.triggers.rules import DEFAULT_FATIGUE_DAYS


@dataclass(frozen=True)
class Overlap:
    """The trigger that asks first on the same touchpoint, and why the later one is skipped."""

    first_id: int
    first_name: str

    def note(self, fatigue_days: int = DEFAULT_FATIGUE_DAYS) -> Text:
        return Text(
            N_(
                "“%(first)s” listens to the same touchpoint and asks first. A customer gets at most one invitation "
                "per %(days)d days from all triggers (the fatigue rule), so this trigger skips every customer "
                "“%(first)s” invites (reason: fatigue). Pause one of them, or give them conditions that pick "
                "different customers."
            ),
            first=self.first_name,
            days=fatigue_days,
        )


def _competing(session: Session, touchpoint_ids: set[int]) -> dict[int, list[Trigger]]:
    """Active event triggers (no schedule, not deleted) per touchpoint, in the order events meet them (by id)."""
    rows = session.exec(
        select(Trigger)
        .where(
            Trigger.touchpoint_id.in_(touchpoint_ids),
            Trigger.deleted_at.is_(None),
            Trigger.schedule_cron.is_(None),
            Trigger.active.is_(True),
        )
        .order_by(Trigger.id)
    ).all()
    by_touchpoint: dict[int, list[Trigger]] = {}
    for trigger in rows:
        by_touchpoint.setdefault(trigger.touchpoint_id, []).append(trigger)
    return by_touchpoint


def overlaps(session: Session, triggers: list[Trigger]) -> dict[int, Overlap]:
    """For each of `triggers` that an earlier active trigger on its touchpoint shadows: that earlier trigger."""
    competing = _competing(session, {t.touchpoint_id for t in triggers if t.schedule_cron is None})
    found = {}
    for trigger in triggers:
        first = next(iter(competing.get(trigger.touchpoint_id, [])), None)
        if (
            trigger.schedule_cron is None
            and first is not None
            and first.id != trigger.id
            and first.id < (trigger.id or 1 << 62)
        ):
            found[trigger.id] = Overlap(first.id, first.name)
    return found


def overlap_of(session: Session, trigger: Trigger) -> Overlap | None:
    """The earlier trigger that shadows `trigger` on its touchpoint, or None."""
    return overlaps(session, [trigger]).get(trigger.id)
