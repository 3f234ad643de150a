"""Recurring relationship surveys: a trigger with a cron schedule invites a segment at each fire time.

The schedule is APScheduler's CronTrigger (crontab syntax, in the trigger's time zone). Each fire time
is claimed once with a `recurring_run` row (unique per trigger and fire time) in the same transaction
that stores the invitations, so two schedulers never invite a segment twice, and a crash stores none.
A scheduler that was down fires only the latest missed time, not every one it missed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from feedback_app.common.clock import to_utc
from feedback_app.invitations.events import EventInput
from feedback_app.invitations.planned_event import PlannedEvent
from feedback_app.invitations.planning import store_batch
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import Customer, Persona, RecurringRun, Touchpoint, Trigger
from feedback_app.storage.database import session_scope
from feedback_app.triggers.conditions import matches
from feedback_app.triggers.cron import due_fire_time

BATCH = 1000


def run_recurring_triggers(engine: Engine, now: datetime, settings: RuleSettings) -> list[RecurringRun]:
    """Invite the segment of every recurring trigger whose fire time has come; one transaction each."""
    with session_scope(engine) as session:
        ids = list(
            session.exec(
                select(Trigger.id).where(
                    Trigger.schedule_cron.is_not(None), Trigger.active.is_(True), Trigger.deleted_at.is_(None)
                )
            )
        )
    runs = []
    for trigger_id in ids:
        try:
            with session_scope(engine) as session:
                run = _run_one(session, session.get(Trigger, trigger_id), now, settings)
        except IntegrityError:  # another scheduler claimed this fire time first
            continue
        if run is not None:
            runs.append(run)
    return runs


def _run_one(session: Session, trigger: Trigger, now: datetime, settings: RuleSettings) -> RecurringRun | None:
    last = session.exec(select(func.max(RecurringRun.fire_time)).where(RecurringRun.trigger_id == trigger.id)).one()
    fire = due_fire_time(trigger.schedule_cron, trigger.schedule_timezone, last or trigger.created_at, now)
    if fire is None:
        return None
    run = RecurringRun(trigger_id=trigger.id, fire_time=fire, created_at=now)
    session.add(run)
    session.flush()  # the claim: a second scheduler fails here, or waits and then fails
    answers = invite_segment(session, trigger, fire, now, settings)
    statuses = [inv["status"] for answer in answers for inv in answer["invitations"]]
    run.invited = statuses.count("scheduled")
    run.suppressed = len(statuses) - run.invited
    session.add(run)
    return run


def segment(session: Session, conditions: dict | None) -> list[Customer]:
    """The customers that match a trigger's conditions (everyone when it has none)."""
    personas = dict(session.exec(select(Persona.id, Persona.key)).all())
    chosen = []
    for customer in session.exec(select(Customer).where(Customer.erased_at.is_(None)).order_by(Customer.id)):
        profile = {
            "locale": customer.locale,
            "timezone": customer.timezone,
            "persona": personas.get(customer.persona_id),
            "attributes": customer.attributes or {},
        }
        if matches(conditions, profile):
            chosen.append(customer)
    return chosen


def invite_segment(
    session: Session, trigger: Trigger, fire: datetime, now: datetime, settings: RuleSettings
) -> list[dict]:
    """One invitation decision per customer of the segment, stored like an event's (same rules)."""
    touchpoint = session.get(Touchpoint, trigger.touchpoint_id)
    stamp = f"{to_utc(fire):%Y%m%dT%H%M%SZ}"
    planned = [
        PlannedEvent(
            EventInput(
                touchpoint=touchpoint.key,
                external_id=customer.external_id,
                customer={"external_id": customer.external_id},
                event_id=f"recurring-{trigger.id}-{stamp}-{customer.id}",
                occurred_at=fire,
                journey=None,
                extra={"recurring_trigger": trigger.id},
            ),
            touchpoint,
        )
        for customer in segment(session, trigger.conditions)
    ]
    answers = []
    for start in range(0, len(planned), BATCH):
        answers += store_batch(session, planned[start : start + BATCH], lambda _: [trigger], now, settings)
    return answers
