"""A customer opts out of surveys through the link in any invitation; honoured from then on.

The link is the invitation's own unguessable token (`/u/<token>`), so it needs no login and keeps
working after the survey link itself has expired or been answered.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, select

from feedback_app.models import Customer, Invitation, InvitationStatus
from feedback_app.triggers.rules import SuppressionReason


class UnknownOptOutLink(LookupError):
    pass


def customer_for_link(session: Session, token: str) -> tuple[Invitation, Customer]:
    """The invitation and customer behind an opt-out link; UnknownOptOutLink if there is none."""
    if not token or len(token) > 64:
        raise UnknownOptOutLink(token)
    row = session.exec(
        select(Invitation, Customer)
        .join(Customer, Customer.id == Invitation.customer_id)
        .where(Invitation.token == token)
    ).first()
    if row is None:
        raise UnknownOptOutLink(token)
    return row[0], row[1]


def opt_out(session: Session, token: str, now: datetime) -> Customer:
    """Mark the customer opted out (once; the first moment stays) and cancel what is still scheduled.

    An invitation already claimed by a dispatch pass is checked again there, so none goes out afterwards.
    """
    _, customer = customer_for_link(session, token)
    if customer.opted_out_at is None:
        customer.opted_out_at = now
        session.add(customer)
    session.exec(
        update(Invitation)
        .where(Invitation.customer_id == customer.id, Invitation.status == InvitationStatus.SCHEDULED)
        .values(status=InvitationStatus.SUPPRESSED, reason=SuppressionReason.OPTED_OUT)
    )
    return customer
