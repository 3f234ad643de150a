"""The steps erasure and retention share: answers keep their scores but lose their words and their customer,
events lose their payload, customer rows lose every personal field. Counts and rollups are never touched, so
the map and the dashboards show what they showed before."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, select

from feedback_app.models import ConsentRecord, Customer, Invitation, InvitationStatus, Response, TouchpointEvent
from feedback_app.privacy.scrub import answers_without_words, scrub_notifications, scrub_snapshots

ERASED_PREFIX = "erased-"  # an erased customer's external id: "erased-<random>", so the real one can come again
ERASED_REASON = "erased"  # why an erased customer's pending invitations were suppressed


def anonymise_answers(session: Session, response_ids: list[int], now: datetime) -> int:
    """Empty the answers' texts (also in notifications and map snapshots) and unlink their customer."""
    if not response_ids:
        return 0
    rows = session.exec(
        select(Response.id, Response.text, Response.answers, Response.journey_id).where(Response.id.in_(response_ids))
    ).all()
    texts, journeys = set(), set()
    for response_id, text, answers, journey_id in rows:
        texts.add(text)
        texts.update(value for value in (answers or {}).values() if isinstance(value, str))
        journeys.add(journey_id)
        session.exec(
            update(Response)
            .where(Response.id == response_id)
            .values(text="", answers=answers_without_words(answers or {}), customer_id=None, anonymised_at=now)
        )
    scrub_notifications(session, [row[0] for row in rows])
    scrub_snapshots(session, journeys, texts)
    return len(rows)


def anonymise_events(session: Session, event_ids: list[int], now: datetime) -> int:
    """Empty the events' payloads (the customer as posted, and any other field) and drop their event ids, which
    business systems often build from the customer's own id; a replay of one is then a new event."""
    if not event_ids:
        return 0
    result = session.exec(
        update(TouchpointEvent)
        .where(TouchpointEvent.id.in_(event_ids))
        .values(payload={}, answer={}, event_id=None, anonymised_at=now)
    )
    return result.rowcount or 0


def anonymise_customer(session: Session, customer: Customer, now: datetime) -> dict[str, int]:
    """Every personal field of the customer row gone (a new external id, so a later event starts afresh), its
    consent records deleted, its pending invitations suppressed and its sent links closed."""
    consents = session.exec(delete(ConsentRecord).where(ConsentRecord.customer_id == customer.id)).rowcount or 0
    pending = session.exec(
        update(Invitation)
        .where(Invitation.customer_id == customer.id, Invitation.status == InvitationStatus.SCHEDULED)
        .values(status=InvitationStatus.SUPPRESSED, reason=ERASED_REASON)
    ).rowcount
    session.exec(
        update(Invitation)
        .where(Invitation.customer_id == customer.id, Invitation.expires_at > now)
        .values(expires_at=now, reminder_due_at=None)
    )
    session.exec(update(Invitation).where(Invitation.customer_id == customer.id).values(last_error=None))
    customer.external_id = ERASED_PREFIX + secrets.token_hex(12)
    customer.email = customer.name = customer.phone = None
    customer.attributes, customer.persona_id, customer.consent_given = {}, None, None
    customer.locale, customer.timezone, customer.erased_at = "id", "Asia/Jakarta", now
    session.add(customer)
    return {"consent_records": consents, "pending_invitations_cancelled": pending or 0}
