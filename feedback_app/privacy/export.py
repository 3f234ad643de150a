"""Export everything held about one customer (UU PDP: the right of access): one JSON document with the customer's
fields, events, invitations with their statuses, answers with texts and scores, consent and opt-out records, and
the notifications that quoted their answers to the business."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from feedback_app.common.clock import iso
from feedback_app.models import (
    Customer,
    Invitation,
    Journey,
    Notification,
    Response,
    Stage,
    Touchpoint,
    TouchpointEvent,
    Trigger,
)
from feedback_app.privacy.addresses import opted_out_kinds
from feedback_app.privacy.consent import consent_history
from feedback_app.privacy.customers import find_customer, find_customers_by_email
from feedback_app.staff.audit import record_staff_action

FORMAT = "feedback-app customer export 1"


def export_customer(
    session: Session,
    external_id: str,
    now: datetime,
    *,
    address_key: str,
    actor: str | None = None,
    client: str | None = None,
) -> dict:
    """The export of the customer known as `external_id` (CustomerNotFound when none is held), audited as done by
    `actor` (a staff e-mail; None on the command line) from `client`; `address_key` reads its opt-outs."""
    customer = find_customer(session, external_id)
    _audit(session, [customer], now, actor, client)
    return {"format": FORMAT, "exported_at": iso(now), **customer_document(session, customer, address_key)}


def export_customers_by_email(
    session: Session,
    email: str,
    now: datetime,
    *,
    address_key: str,
    actor: str | None = None,
    client: str | None = None,
) -> dict:
    """One document for every customer (external id) with this e-mail address; CustomerNotFound when none."""
    customers = find_customers_by_email(session, email)
    _audit(session, customers, now, actor, client)
    return {
        "format": FORMAT,
        "exported_at": iso(now),
        "email": email.strip(),
        "customers": [customer_document(session, customer, address_key) for customer in customers],
    }


def _audit(session: Session, customers: list[Customer], now: datetime, actor: str | None, client: str | None):
    """Who looked at whom: the customer's row number, which holds nothing personal once it is erased."""
    for customer in customers:
        record_staff_action(
            session, actor=actor, action="customer_exported", target=f"customer #{customer.id}", client=client, at=now
        )


def customer_document(session: Session, customer: Customer, address_key: str) -> dict:
    """Everything held about one customer row."""
    return {
        "customer": _fields(customer),
        "events": _events(session, customer.id),
        "invitations": _invitations(session, customer.id),
        "answers": _answers(session, customer.id),
        "consent": consent_history(session, customer.id),
        "opt_out": _opt_out(session, customer, address_key),
        "notifications": _notifications(session, customer.id),
    }


def _fields(c: Customer) -> dict:
    return {
        "external_id": c.external_id,
        "email": c.email,
        "name": c.name,
        "phone": c.phone,
        "locale": c.locale,
        "timezone": c.timezone,
        "attributes": c.attributes,
        "consent_given": c.consent_given,
        "first_seen_at": iso(c.created_at),
    }


def _events(session: Session, customer_id: int) -> list[dict]:
    rows = session.exec(
        select(TouchpointEvent, Journey.slug, Touchpoint.key)
        .join(Journey, Journey.id == TouchpointEvent.journey_id)
        .join(Touchpoint, Touchpoint.id == TouchpointEvent.touchpoint_id)
        .where(TouchpointEvent.customer_id == customer_id)
        .order_by(TouchpointEvent.id)
    )
    return [
        {
            "event_id": e.event_id,
            "journey": journey,
            "touchpoint": touchpoint,
            "occurred_at": iso(e.occurred_at),
            "received_at": iso(e.received_at),
            "payload": e.payload,
        }
        for e, journey, touchpoint in rows
    ]


INVITATION_TIMES = ("created_at", "due_at", "sent_at", "opened_at", "answered_at", "expires_at", "reminded_at")


def _invitations(session: Session, customer_id: int) -> list[dict]:
    rows = session.exec(
        select(Invitation, Trigger.name, Touchpoint.key)
        .join(Trigger, Trigger.id == Invitation.trigger_id)
        .join(Touchpoint, Touchpoint.id == Invitation.touchpoint_id)
        .where(Invitation.customer_id == customer_id)
        .order_by(Invitation.id)
    )
    return [
        {
            "trigger": trigger,
            "touchpoint": touchpoint,
            "channel": inv.channel,
            "status": inv.status,
            "reason": inv.reason,
            **{name: iso(getattr(inv, name)) for name in INVITATION_TIMES},
        }
        for inv, trigger, touchpoint in rows
    ]


def _answers(session: Session, customer_id: int) -> list[dict]:
    rows = session.exec(
        select(Response, Journey.slug, Stage.key)
        .join(Journey, Journey.id == Response.journey_id)
        .join(Stage, Stage.id == Response.stage_id)
        .where(Response.customer_id == customer_id)
        .order_by(Response.id)
    )
    return [
        {
            "journey": journey,
            "stage": stage,
            "submitted_at": iso(r.submitted_at),
            "language": r.language,
            "answers": r.answers,
            "face": r.face,
            "rating": {"kind": r.rating_kind, "value": r.rating} if r.rating_kind else None,
            "text": r.text,
            "scores": {
                "polarity": r.polarity,
                "label": r.label,
                "emotion": {"label": r.emotion_label, "score": r.emotion_score},
                "themes": r.themes,
                "scorer": r.scorer,
            },
        }
        for r, journey, stage in rows
    ]


def _opt_out(session: Session, customer: Customer, address_key: str) -> dict:
    return {
        "opted_out_at": iso(customer.opted_out_at),
        "addresses_opted_out": opted_out_kinds(session, customer.email, customer.phone, address_key),
    }


def _notifications(session: Session, customer_id: int) -> list[dict]:
    """Stage owners told about this customer's answers (close the loop): who, how, and when."""
    rows = session.exec(
        select(Notification)
        .join(Response, Response.id == Notification.response_id)
        .where(Response.customer_id == customer_id)
        .order_by(Notification.id)
    )
    return [
        {
            "channel": n.channel,
            "reason": n.reason,
            "status": n.status,
            "created_at": iso(n.created_at),
            "sent_at": iso(n.sent_at),
        }
        for n in rows
    ]
