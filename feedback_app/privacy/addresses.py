"""Opt-outs that follow the person: an e-mail address or phone number that opted out is not surveyed again under
any external id. Only a keyed digest of the normalised address is kept: HMAC-SHA256 with the deployment's address
key (FEEDBACK_ADDRESS_KEY, else derived from the secret key), so a copy of the database alone does not tell whether
someone's known address opted out, as a plain SHA-256 of it would. Opt-outs recorded before the key (plain
SHA-256) still match, and take the keyed digest when their address opts out again; those of erased customers stay
as they were, since nothing is left to re-key them with."""

from __future__ import annotations

import hashlib
import hmac
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


KEY_ID_LABEL = b"feedback-app opt-out address key id"


def address_digest(kind: str, address: str, key: str) -> str:
    """The keyed digest an opt-out is recorded under."""
    return hmac.new(key.encode(), _digested(kind, address), hashlib.sha256).hexdigest()


def unkeyed_digest(kind: str, address: str) -> str:
    """The plain SHA-256 opt-outs were recorded under before the address key: still matched."""
    return hashlib.sha256(_digested(kind, address)).hexdigest()


def _digested(kind: str, address: str) -> bytes:
    return f"{kind}:{normalised(kind, address)}".encode()


def key_id(key: str) -> str:
    """Names the key a row was recorded under without revealing it: a changed key is noticed, not silent."""
    return hmac.new(key.encode(), KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def customer_digests(email: str | None, phone: str | None, key: str) -> list[tuple[str, str, str]]:
    """(kind, keyed digest, unkeyed digest) of a customer's addresses, those it has."""
    pairs = [("email", email), ("phone", phone)]
    return [(kind, address_digest(kind, value, key), unkeyed_digest(kind, value)) for kind, value in pairs if value]


def lookup_digests(email: str | None, phone: str | None, key: str) -> set[str]:
    """Every digest an opt-out of these addresses may be stored under."""
    return set(_either(customer_digests(email, phone, key)))


def _either(triples: list[tuple[str, str, str]]) -> list[str]:
    """Both digests of each address: an opt-out is stored under the keyed one, or the unkeyed one from before."""
    return [digest for _, keyed, unkeyed in triples for digest in (keyed, unkeyed)]


def opted_out_digests(session: Session, digests: Iterable[str]) -> set[str]:
    """Which of these address digests opted out (one IN look-up per 500)."""
    wanted, found = sorted(set(digests)), set()
    query = select(OptOutAddress.digest).where(OptOutAddress.digest.in_(bindparam("d", expanding=True)))
    for start in range(0, len(wanted), CHUNK):
        found.update(session.connection().execute(query, {"d": wanted[start : start + CHUNK]}).scalars())
    return found


def opted_out_kinds(session: Session, email: str | None, phone: str | None, key: str) -> list[str]:
    """Which of these addresses ('email', 'phone') opted out."""
    triples = customer_digests(email, phone, key)
    found = opted_out_digests(session, _either(triples))
    return sorted(kind for kind, keyed, unkeyed in triples if keyed in found or unkeyed in found)


def opt_out_addresses(session: Session, customer: Customer, now: datetime, suppressed_reason: str, key: str) -> int:
    """Record the customer's addresses as opted out, mark every customer holding them opted out too, and
    suppress what is still scheduled for all of them. Returns how many customers that covered."""
    triples = customer_digests(customer.email, customer.phone, key)
    known = opted_out_digests(session, _either(triples))
    for kind, keyed, unkeyed in triples:
        if keyed in known:
            continue
        if unkeyed in known:  # recorded before the key: re-keyed, its first moment kept
            session.exec(
                update(OptOutAddress).where(OptOutAddress.digest == unkeyed).values(digest=keyed, key_id=key_id(key))
            )
        else:
            session.add(OptOutAddress(digest=keyed, kind=kind, key_id=key_id(key), opted_out_at=now))
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


def recorded_under_other_keys(session: Session, key: str) -> int:
    """How many opt-outs were recorded under another address key: they no longer match anyone (the key, or the
    secret key it is derived from, changed). `init-db` says so."""
    other = OptOutAddress.key_id.is_not(None) & (OptOutAddress.key_id != key_id(key))
    return session.exec(select(func.count()).select_from(OptOutAddress).where(other)).one()


def stranded_opt_outs(session: Session, key: str) -> str | None:
    """What `init-db` warns with when opt-outs were recorded under another key, else None."""
    stranded = recorded_under_other_keys(session, key)
    if not stranded:
        return None
    return (
        f"{stranded} opt-out(s) by address were recorded under another address key and no longer match: "
        "FEEDBACK_ADDRESS_KEY (or FEEDBACK_SECRET_KEY, which it is derived from when unset) changed. Set "
        "FEEDBACK_ADDRESS_KEY to the old key to honour them (docs/privacy.md)."
    )
