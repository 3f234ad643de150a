"""A batch of touchpoint events -> stored events, customers and invitation rows, by the trigger rules.

Built for speed without changing what one event at a time would do: a few bulk reads per batch
(replayed event ids, customers, their recent invitations), the rules in memory in event order (a
customer's second event in a batch sees the first one's changes and invitation), then bulk inserts,
all in the caller's one transaction. Events and recurring surveys both come through here.
On SQLite that transaction holds the single write lock throughout, so it is kept lean: rows go in
through bulk_insert (the driver's executemany), and callers do what needs no stored state (parsing,
payload JSON) before their first query.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlmodel import Session

from feedback_app.common.clock import iso
from feedback_app.invitations.batch_customers import apply_customers
from feedback_app.invitations.batch_rows import column_defaults, in_chunks, insert_all, reserve_ids
from feedback_app.invitations.planned_event import PlannedEvent
from feedback_app.invitations.rule_settings import RuleSettings, trigger_rule
from feedback_app.models import Invitation, InvitationStatus, Persona, TouchpointEvent, Trigger
from feedback_app.privacy.addresses import lookup_digests, opted_out_digests
from feedback_app.privacy.consent import record_consents
from feedback_app.storage.bulk_insert import JSONText, json_text
from feedback_app.triggers.rules import CustomerFacts, decide, new_token


def stored_payload(event, keep_unknown: bool = True) -> JSONText:
    """What a touchpoint_event row keeps of the posted event: the checked customer, and the fields the product
    does not read only when FEEDBACK_KEEP_UNKNOWN_EVENT_FIELDS says so (ingest_events passes it on; recurring
    surveys' own fields are always kept)."""
    return json_text({"customer": event.customer, **(event.extra if keep_unknown else {})})


def store_batch(
    session: Session,
    planned: list[PlannedEvent],
    triggers_for: Callable[[int], list[Trigger]],
    now: datetime,
    settings: RuleSettings,
) -> list[dict]:
    """Store the new events with their invitations; one answer per event, in order (replays as stored)."""
    with paused_gc():
        return _store_batch(session, planned, triggers_for, now, settings)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection during a batch: its tens of thousands of short-lived dicts and tuples
    hold no cycles (reference counting frees them), yet triggered ~20 collections, some of the whole heap,
    per 1,000 events (~15 ms, mostly while SQLite's write lock was held)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _store_batch(
    session: Session, planned: list[PlannedEvent], triggers_for, now: datetime, settings: RuleSettings
) -> list[dict]:
    _mark_replays(session, planned)
    fresh = [p for p in planned if p.replay is None and p.first is None]
    if fresh:
        stored_customers = apply_customers(session, fresh, now)
        _plan_events(session, fresh, now)
        invitations = _schedule(session, fresh, stored_customers, triggers_for, now, settings)
        _record_answers(fresh, invitations)
        insert_all(session, TouchpointEvent, [p.row for p in fresh])
        insert_all(session, Invitation, invitations)
        record_consents(session, _consents(fresh), now)
    return [_answer_of(p) for p in planned]


def _consents(fresh: list[PlannedEvent]) -> list[tuple]:
    return [
        (p.customer["id"], p.row["id"], p.event.customer["consent"], p.event.occurred_at)
        for p in fresh
        if p.event.customer.get("consent")
    ]


def _answer_of(p: PlannedEvent) -> dict:
    if p.replay is not None:
        return {**p.replay, "duplicate": True}
    if p.first is not None:
        return {**p.first.row["answer"], "duplicate": True}
    return {**p.row["answer"], "duplicate": False}


def _mark_replays(session: Session, planned: list[PlannedEvent]) -> None:
    ids = sorted({p.event.event_id for p in planned if p.event.event_id})
    stored = {}
    query = select(TouchpointEvent.event_id, TouchpointEvent.answer).where(
        TouchpointEvent.event_id.in_(bindparam("ids", expanding=True))
    )
    for chunk in in_chunks(ids):
        stored.update(session.connection().execute(query, {"ids": chunk}).all())
    first_seen: dict[str, PlannedEvent] = {}
    for p in planned:
        key = p.event.event_id
        if key in stored:
            p.replay = stored[key]
        elif key and key in first_seen:
            p.first = first_seen[key]
        elif key:
            first_seen[key] = p


def _plan_events(session: Session, fresh: list[PlannedEvent], now: datetime) -> None:
    defaults = column_defaults(TouchpointEvent)
    for p, new_id in zip(fresh, reserve_ids(session, TouchpointEvent, len(fresh))):
        e = p.event
        p.row = {
            **defaults,
            "id": new_id,
            "event_id": e.event_id,
            "journey_id": p.touchpoint.journey_id,
            "touchpoint_id": p.touchpoint.id,
            "customer_id": p.customer["id"],
            "occurred_at": e.occurred_at,
            "received_at": now,
            "payload": p.payload or stored_payload(e),
            "answer": {},
        }


def _recent_invitations(session: Session, customer_ids: list[int], since: datetime) -> dict[int, list]:
    """Live invitations (trigger, due time) per customer that a fatigue window could still see."""
    recent: dict[int, list] = {}
    query = select(Invitation.customer_id, Invitation.trigger_id, Invitation.due_at).where(
        Invitation.customer_id.in_(bindparam("ids", expanding=True)),
        Invitation.status != InvitationStatus.SUPPRESSED,
        Invitation.due_at >= since,
    )
    for chunk in in_chunks(customer_ids):
        for customer_id, trigger_id, due_at in session.connection().execute(query, {"ids": chunk}):
            recent.setdefault(customer_id, []).append((trigger_id, due_at))
    return recent


def _schedule(
    session: Session,
    fresh: list[PlannedEvent],
    stored_customers: list[int],
    triggers_for,
    now: datetime,
    settings: RuleSettings,
) -> list[dict]:
    """One invitation row per event and trigger, scheduled or suppressed, each decided in event order."""
    plans = _trigger_plans(fresh, triggers_for, settings)
    recent, personas, opted_out = _customer_history(session, fresh, plans, stored_customers, now, settings)
    defaults, rows = {**column_defaults(Invitation), "created_at": now}, []
    for p in fresh:
        customer, (place, triggers) = p.customer, plans[id(p.touchpoint)]
        mine = recent.setdefault(customer["id"], [])
        for fields, rule in triggers:
            decision = decide(rule, p.event.occurred_at, _facts(customer, personas, mine, opted_out), now)
            if decision.scheduled:
                mine.append((rule.trigger_id, decision.due_at))
            rows.append(
                {
                    **defaults,
                    **place,
                    **fields,
                    "token": new_token(),
                    "customer_id": customer["id"],
                    "event_id": p.row["id"],
                    "locale": customer["locale"],
                    "due_at": decision.due_at,
                    "next_attempt_at": decision.due_at,
                    "expires_at": decision.expires_at,
                    "reminder_due_at": decision.reminder_at,
                    "reason": decision.suppressed,
                    "status": InvitationStatus.SCHEDULED if decision.scheduled else InvitationStatus.SUPPRESSED,
                    "_event": p,
                }
            )
    for row, new_id in zip(rows, reserve_ids(session, Invitation, len(rows))):
        row["id"] = new_id
    return rows


def _customer_history(
    session: Session,
    fresh: list[PlannedEvent],
    plans: dict[int, tuple],
    stored_customers: list[int],
    now: datetime,
    settings: RuleSettings,
) -> tuple[dict[int, list], dict[int, str], Callable[[dict], bool]]:
    """What the rules need to know of the batch's customers: their live invitations within the longest fatigue
    window, persona keys by id and whether an address of theirs opted out (read only when some trigger may fire)."""
    longest = max([settings.fatigue_days] + [rule.fatigue.days for plan in plans.values() for _, rule in plan[1]])
    # Customers created by this batch have no invitations yet: only the stored ones are looked up.
    recent = _recent_invitations(session, sorted(stored_customers), now - timedelta(days=longest))
    any_trigger = any(triggers for _, triggers in plans.values())
    personas = dict(session.connection().execute(select(Persona.id, Persona.key)).all()) if any_trigger else {}
    return recent, personas, _opted_out_check(session, fresh, plans, settings.address_key)


def _opted_out_check(
    session: Session, fresh: list[PlannedEvent], plans: dict[int, tuple], key: str
) -> Callable[[dict], bool]:
    """Whether a batch customer's e-mail address or phone number opted out under any external id: the digests are
    read once per batch, and only when some trigger may fire."""
    if not any(triggers for _, triggers in plans.values()):
        return lambda customer: False
    wanted = {d for p in fresh for d in lookup_digests(p.customer["email"], p.customer["phone"], key)}
    found = opted_out_digests(session, wanted)
    return lambda customer: bool(found) and bool(lookup_digests(customer["email"], customer["phone"], key) & found)


def _trigger_plans(fresh: list[PlannedEvent], triggers_for, settings: RuleSettings) -> dict[int, tuple]:
    """Per touchpoint: its place in the journey, and each trigger's invitation fields and rule, as plain values
    (read once per batch, not once per event from the ORM objects)."""
    plans = {}
    for p in fresh:
        touchpoint = p.touchpoint
        if id(touchpoint) not in plans:
            place = {
                "journey_id": touchpoint.journey_id,
                "stage_id": touchpoint.stage_id,
                "touchpoint_id": touchpoint.id,
            }
            triggers = [
                (
                    {"trigger_id": t.id, "questionnaire_id": t.questionnaire_id, "channel": t.channel},
                    trigger_rule(t, settings),
                )
                for t in triggers_for(touchpoint.id)
            ]
            plans[id(touchpoint)] = (place, triggers)
    return plans


def _facts(customer: dict, personas: dict, recent: list, opted_out: Callable[[dict], bool]) -> CustomerFacts:
    profile = {
        "locale": customer["locale"],
        "timezone": customer["timezone"],
        "persona": personas.get(customer["persona_id"]),
        "attributes": customer["attributes"] or {},
    }
    return CustomerFacts(
        email=customer["email"],
        opted_out=customer["opted_out_at"] is not None or opted_out(customer),
        consent=customer["consent_given"],
        last_invited_at=None,
        key=customer["external_id"],
        timezone=customer["timezone"],
        profile=profile,
        recent=tuple(recent),
    )


def _record_answers(fresh: list[PlannedEvent], invitations: list[dict]) -> None:
    """What the API answers for each new event, stored on it so a replay answers the same."""
    by_event: dict[int, list] = {}
    for inv in invitations:
        by_event.setdefault(id(inv["_event"]), []).append(
            {
                "id": inv["id"],
                "trigger_id": inv["trigger_id"],
                "status": inv["status"],
                "reason": inv["reason"],
                "channel": inv["channel"],
                "due_at": iso(inv["due_at"]),
            }
        )
    for p in fresh:
        p.row["answer"] = {"id": p.row["id"], "event_id": p.event.event_id, "invitations": by_event.get(id(p), [])}
