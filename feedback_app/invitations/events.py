"""Touchpoint events in: validate (event_input), store once per event_id, and schedule invitations by the triggers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from feedback_app.common.texts import N_, Text
from feedback_app.invitations.event_input import MAX_BATCH, EventError, EventInput, parse_batch, parse_event
from feedback_app.invitations.planned_event import PlannedEvent
from feedback_app.invitations.planning import paused_gc, store_batch, stored_payload
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import Journey, Touchpoint, Trigger

__all__ = ["MAX_BATCH", "EventError", "EventInput", "ingest_events", "parse_event", "submit_events"]


def ingest_events(session: Session, events: list[EventInput], now: datetime, settings: RuleSettings) -> list[dict]:
    """Store each event (once per event_id) and schedule its invitations; the caller commits."""
    payloads = [
        stored_payload(event, settings.keep_unknown_event_fields) for event in events
    ]  # before the first query takes SQLite's write lock
    resolver = _TouchpointResolver(session)
    planned, errors = [], []
    for index, (event, payload) in enumerate(zip(events, payloads)):
        try:
            planned.append(PlannedEvent(event, resolver.resolve(event.touchpoint, event.journey), payload=payload))
        except EventError as exc:
            errors.append({"index": index, "error": exc.text, "field": exc.errors[0]["field"]})
    if errors:
        summary = (
            errors[0]["error"]
            if len(events) == 1
            else f"{len(errors)} of {len(events)} events are invalid; none was stored"
        )
        raise EventError(summary, errors=errors)
    return store_batch(session, planned, resolver.triggers, now, settings)


class _TouchpointResolver:
    """Finds the touchpoint for a key (and journey slug when the key is ambiguous); caches per call."""

    def __init__(self, session: Session):
        self.session = session
        self._touchpoints: dict = {}
        self._triggers: dict = {}

    def resolve(self, key: str, journey_slug: str | None) -> Touchpoint:
        cache_key = (key, journey_slug)
        if cache_key not in self._touchpoints:
            self._touchpoints[cache_key] = self._lookup(key, journey_slug)
        return self._touchpoints[cache_key]

    def _lookup(self, key: str, journey_slug: str | None) -> Touchpoint:
        query = (
            select(Touchpoint, Journey.slug)
            .join(Journey, Journey.id == Touchpoint.journey_id)
            .where(Touchpoint.key == key)
        )
        if journey_slug:
            query = query.where(Journey.slug == journey_slug)
        rows = list(self.session.exec(query))
        if not rows:
            unknown = (
                Text(N_("unknown touchpoint '%(key)s' in journey '%(journey)s'"), key=key, journey=journey_slug)
                if journey_slug
                else Text(N_("unknown touchpoint '%(key)s'"), key=key)
            )
            raise EventError(unknown, errors=[{"field": "touchpoint"}])
        if len(rows) > 1:
            slugs = ", ".join(sorted(slug for _, slug in rows))
            raise EventError(
                Text(
                    N_("touchpoint '%(key)s' exists in several journeys (%(journeys)s): add 'journey'"),
                    key=key,
                    journeys=slugs,
                ),
                errors=[{"field": "journey"}],
            )
        return rows[0][0]

    def triggers(self, touchpoint_id: int) -> list[Trigger]:
        """The touchpoint's event triggers (paused ones too: they record why nothing was sent)."""
        if touchpoint_id not in self._triggers:
            self._triggers[touchpoint_id] = list(
                self.session.exec(
                    select(Trigger)
                    .where(
                        Trigger.touchpoint_id == touchpoint_id,
                        Trigger.deleted_at.is_(None),
                        Trigger.schedule_cron.is_(None),
                    )
                    .order_by(Trigger.id)
                )
            )
        return self._triggers[touchpoint_id]


def submit_events(
    session_factory, body: Any, now: datetime, settings: RuleSettings, storable: bool = False
) -> tuple[list[dict], bool]:
    """The whole use case: parse, then store in one transaction; retried once if a concurrent call
    stored the same event_id first (the retry then answers as for a replay)."""
    with paused_gc():
        events, single = parse_batch(body, now, storable)
        for attempt in range(2):
            try:
                with session_factory() as session:
                    return ingest_events(session, events, now, settings), single
            except IntegrityError:
                if attempt:
                    raise
    raise AssertionError("unreachable")
