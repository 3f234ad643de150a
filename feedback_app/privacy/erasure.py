"""Erase one customer on request (UU PDP: the right to erasure): their personal data and free texts go from every
table, snapshot and export; the map's counts stay, each answer as an anonymous score. What remains is an
erasure record (when, by whom, how many rows) and an audit entry, neither naming the person."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from feedback_app.models import ErasureRecord, Invitation, Response, TouchpointEvent
from feedback_app.privacy.anonymise import anonymise_answers, anonymise_customers, anonymise_events
from feedback_app.privacy.customers import find_customer
from feedback_app.staff.audit import record_staff_action


def erase_customer(
    session: Session, external_id: str, now: datetime, *, actor: str | None, client: str | None
) -> ErasureRecord:
    """Erase the customer known as `external_id` (CustomerNotFound if none is held) and record it: by `actor`
    (a staff e-mail; None on the command line) from `client` ("cli", "api key <name>", or the page's)."""
    customer = find_customer(session, external_id)
    answers = list(session.exec(select(Response.id).where(Response.customer_id == customer.id)))
    events = list(session.exec(select(TouchpointEvent.id).where(TouchpointEvent.customer_id == customer.id)))
    invitations = len(list(session.exec(select(Invitation.id).where(Invitation.customer_id == customer.id))))
    counts = {
        "answers": anonymise_answers(session, answers, now),
        "events": anonymise_events(session, events, now),
        "invitations": invitations,
        **anonymise_customers(session, [customer.id], now),
    }
    record = ErasureRecord(erased_at=now, erased_by=actor or client or "", reason="request", counts=counts)
    session.add(record)
    session.flush()
    record_staff_action(
        session,
        actor=actor,
        action="customer_erased",
        target=f"customer #{customer.id}",
        details={"erasure_record": record.id, **counts},
        client=client,
        at=now,
    )
    return record


def recent_erasures(session: Session, limit: int = 20) -> list[ErasureRecord]:
    """The latest erasures, newest first, for the admin page."""
    return list(session.exec(select(ErasureRecord).order_by(ErasureRecord.id.desc()).limit(limit)))
