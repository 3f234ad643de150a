"""Opt-outs that follow the person: an e-mail address or phone number that opted out is not surveyed again under
any external id. Only a SHA-256 digest of the normalised address is kept."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, select

from feedback_app.models import Customer, Invitation, InvitationStatus, OptOutAddress

CHUNK = 500


def normalised(kind: str, address: str) -> str:
    """The form two spellings of one address share: e-mail lower-cased; phone digits only (leading 0 -> 62)."""
    if kind == "email":
        return address.strip().lower()
    digits = re.sub(r"\D", "", address)
    return "62" + digits[1:] if digits.startswith("0") else digits


def address_digest(kind: str, address: str) -> str:
    return hashlib.sha256(f"{kind}:{normalised(kind, address)}".encode()).hexdigest()


def customer_digests(email: str | None, phone: str | None) -> list[tuple[str, str]]:
    """(kind, digest) of a customer's addresses, those it has."""
    pairs = [("email", email), ("phone", phone)]
    return [(kind, address_digest(kind, value)) for kind, value in pairs if value]


def opted_out_digests(session: Session, digests: Iterable[str]) -> set[str]:
    """Which of these address digests opted out (one IN look-up per 500)."""
    wanted, found = sorted(set(digests)), set()
    query = select(OptOutAddress.digest).where(OptOutAddress.digest.in_(bindparam("d", expanding=True)))
    for start in range(0, len(wanted), CHUNK):
        found.update(session.connection().execute(query, {"d": wanted[start : start + CHUNK]}).scalars())
    return found


def is_opted_out(session: Session, email: str | None, phone: str | None) -> bool:
    return bool(opted_out_digests(session, [digest for _, digest in customer_digests(email, phone)]))


def opt_out_addresses(session: Session, customer: Customer, now: datetime, suppressed_reason: str) -> int:
    """Record the customer's addresses as opted out, mark every customer holding them opted out too, and
    suppress what is still scheduled for all of them. Returns how many customers that covered."""
    pairs = customer_digests(customer.email, customer.phone)
    known = opted_out_digests(session, [digest for _, digest in pairs])
    for kind, digest in pairs:
        if digest not in known:
            session.add(OptOutAddress(digest=digest, kind=kind, opted_out_at=now))
    ids = {customer.id} | set(_customers_sharing(session, customer))
    session.exec(update(Customer).where(Customer.id.in_(ids), Customer.opted_out_at.is_(None)).values(opted_out_at=now))
    session.exec(
        update(Invitation)
        .where(Invitation.customer_id.in_(ids), Invitation.status == InvitationStatus.SCHEDULED)
        .values(status=InvitationStatus.SUPPRESSED, reason=suppressed_reason)
    )
    return len(ids)


def _customers_sharing(session: Session, customer: Customer) -> list[int]:
    """Other customers with the same e-mail (any case) or the same phone number."""
    found = []
    if customer.email:
        found += session.exec(
            select(Customer.id).where(Customer.email.is_not(None), func.lower(Customer.email) == customer.email.lower())
        ).all()
    if customer.phone:
        wanted = normalised("phone", customer.phone)
        phones = session.exec(select(Customer.id, Customer.phone).where(Customer.phone.is_not(None))).all()
        found += [cid for cid, phone in phones if normalised("phone", phone) == wanted]
    return [cid for cid in found if cid != customer.id]
