"""Finding the customer a request is about: by the business system's external id, or by e-mail address (which
several external ids may share). Erased customers are never found: nothing identifies them any more."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from feedback_app.models import Customer

MAX_EXTERNAL_ID = 200


class CustomerNotFound(LookupError):
    """No customer is held under this external id or e-mail: never received, or erased (an erasure keeps no
    identifier, so the two cannot be told apart). `message` says so in words for the CLI, API and page."""

    def __init__(self, what: str, value: str):
        self.message = (
            f"No customer with {what} '{value}' is held: it was never received, or its data has been erased "
            "(an erasure keeps nothing that identifies the person)."
        )
        super().__init__(self.message)


def find_customer(session: Session, external_id: str) -> Customer:
    """The customer with this external id; CustomerNotFound when there is none (or it is blank)."""
    external_id = (external_id or "").strip()
    customer = None
    if external_id and len(external_id) <= MAX_EXTERNAL_ID:
        customer = session.exec(
            select(Customer).where(Customer.external_id == external_id, Customer.erased_at.is_(None))
        ).first()
    if customer is None:
        raise CustomerNotFound("external id", external_id)
    return customer


def find_customers_by_email(session: Session, email: str) -> list[Customer]:
    """Every customer with this e-mail address (any case); CustomerNotFound when there is none."""
    email = (email or "").strip().lower()
    found = []
    if email and len(email) <= 320:
        found = list(
            session.exec(
                select(Customer)
                .where(func.lower(Customer.email) == email, Customer.erased_at.is_(None))
                .order_by(Customer.id)
            )
        )
    if not found:
        raise CustomerNotFound("e-mail", email)
    return found
