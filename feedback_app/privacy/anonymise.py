"""The steps erasure and retention share: answers keep their scores but lose their words and their customer,
events lose their payload, customer rows lose every personal field. Counts and rollups are never touched, so
the map and the dashboards show what they showed before."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import bindparam, delete, update
from sqlmodel import Session, select

from feedback_app.models import ConsentRecord, Customer, Invitation, InvitationStatus, Response, TouchpointEvent
from feedback_app.privacy.scrub import answers_without_words, scrub_notifications, scrub_snapshots

ERASED_PREFIX = "erased-"  # an erased customer's external id: "erased-<random>", so the real one can come again
ERASED_REASON = "erased"  # why an erased customer's pending invitations were suppressed
ANONYMOUS_CUSTOMER = {
    "email": None,
    "name": None,
    "phone": None,
    "attributes": {},
    "persona_id": None,
    "consent_given": None,
    "locale": "id",
    "timezone": "Asia/Jakarta",
}


def anonymise_answers(session: Session, response_ids: list[int], now: datetime) -> int:
    """Empty the answers' texts (also in notifications and map snapshots) and unlink their customer."""
    if not response_ids:
        return 0
    rows = session.exec(
        select(Response.id, Response.text, Response.answers, Response.journey_id).where(Response.id.in_(response_ids))
    ).all()
    texts, journeys, changes = set(), set(), []
    for response_id, text, answers, journey_id in rows:
        texts.add(text)
        texts.update(value for value in (answers or {}).values() if isinstance(value, str))
        journeys.add(journey_id)
        changes.append({"row_id": response_id, "new_answers": answers_without_words(answers or {})})
    table = Response.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(text="", answers=bindparam("new_answers"), customer_id=None, anonymised_at=now)
    )
    session.connection().execute(statement, changes)
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


def anonymise_customers(session: Session, customer_ids: list[int], now: datetime) -> dict[str, int]:
    """Every personal field of these customer rows gone (each a new external id, so a later event starts afresh),
    their consent records deleted, their pending invitations suppressed and their sent links closed: a few
    set-based statements for any number of customers."""
    if not customer_ids:
        return {"customers": 0, "consent_records": 0, "pending_invitations_cancelled": 0}
    mine = Invitation.customer_id.in_(customer_ids)
    consents = session.exec(delete(ConsentRecord).where(ConsentRecord.customer_id.in_(customer_ids))).rowcount
    pending = session.exec(
        update(Invitation)
        .where(mine, Invitation.status == InvitationStatus.SCHEDULED)
        .values(status=InvitationStatus.SUPPRESSED, reason=ERASED_REASON)
    ).rowcount
    session.exec(
        update(Invitation).where(mine, Invitation.expires_at > now).values(expires_at=now, reminder_due_at=None)
    )
    session.exec(update(Invitation).where(mine, Invitation.last_error.is_not(None)).values(last_error=None))
    table = Customer.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(external_id=bindparam("new_external_id"), **ANONYMOUS_CUSTOMER, erased_at=now)
    )
    session.connection().execute(
        statement, [{"row_id": cid, "new_external_id": ERASED_PREFIX + secrets.token_hex(12)} for cid in customer_ids]
    )
    return {
        "customers": len(customer_ids),
        "consent_records": consents or 0,
        "pending_invitations_cancelled": pending or 0,
    }
