"""A customer opts out of surveys through the link in any invitation; honoured from then on, for their e-mail
address and phone number under any external id (privacy.addresses).

The link is the invitation's own unguessable token (`/u/<token>`), so it needs no login and keeps
working after the survey link itself has expired or been answered.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from feedback_app.models import Customer, Invitation
from feedback_app.privacy.addresses import opt_out_addresses
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


def opt_out(session: Session, token: str, now: datetime, address_key: str) -> Customer:
    """Mark the customer, and every customer with the same e-mail address or phone number, opted out (once; the
    first moment stays) and cancel what is still scheduled for them; later events with that address are not
    invited under any external id (their addresses are kept as digests keyed with `address_key`).

    An invitation already claimed by a dispatch pass is checked again there, so none goes out afterwards.
    """
    _, customer = customer_for_link(session, token)
    opt_out_addresses(session, customer, now, SuppressionReason.OPTED_OUT, address_key)
    session.refresh(customer)
    return customer
