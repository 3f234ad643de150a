"""One scheduler pass: claim due invitations, deliver them, record each outcome.

The invitation rows are the truth. A pass claims rows with a lease (status `sending`, `lease_until`);
rows whose claimer died become claimable again when the lease runs out. Each outcome is committed
right after its send, so a crash loses at most the one message in flight.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import select

from .db import session_scope
from .delivery import OutgoingInvitation, build_invitation_email
from .models import Customer, Invitation, InvitationStatus, Questionnaire
from .triggers import retry_delay

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)


@dataclass
class PassResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    expired: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now: datetime):
    return or_(
        and_(Invitation.status == InvitationStatus.SCHEDULED, Invitation.next_attempt_at <= now),
        and_(Invitation.status == InvitationStatus.SENDING, Invitation.lease_until < now),
    )


def claim_due_invitations(engine: Engine, now: datetime, claimer: str, limit: int = 100,
                          lease: timedelta = LEASE) -> list[int]:
    """Mark up to `limit` due invitations as ours until now + lease; returns their ids.

    PostgreSQL: concurrent claimers skip each other's locked rows (FOR UPDATE SKIP LOCKED).
    SQLite: the transaction holds the write lock from its start (BEGIN IMMEDIATE), so claims serialise.
    """
    with session_scope(engine) as session:
        candidates = select(Invitation.id).where(_due(now)).order_by(Invitation.next_attempt_at).limit(limit)
        if engine.dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        ids = list(session.exec(candidates))
        if not ids:
            return []
        session.exec(update(Invitation).where(Invitation.id.in_(ids), _due(now))
                     .values(status=InvitationStatus.SENDING, claimed_by=claimer, lease_until=now + lease))
    with session_scope(engine) as session:
        mine = select(Invitation.id).where(Invitation.id.in_(ids), Invitation.claimed_by == claimer,
                                           Invitation.status == InvitationStatus.SENDING)
        return sorted(session.exec(mine))


def dispatch_pass(engine: Engine, sender, base_url: str, mail_from: str, now: datetime,
                  clock: Callable[[], datetime] | None = None, batch_size: int = 200,
                  max_batches: int = 50, max_attempts: int = MAX_ATTEMPTS) -> PassResult:
    """Send everything due at `now`, batch by batch; `clock` stamps outcomes (defaults to `now`)."""
    claimer = f"pass-{uuid.uuid4().hex[:12]}"
    result = PassResult()
    for _ in range(max_batches):
        ids = claim_due_invitations(engine, now, claimer, batch_size)
        if not ids:
            break
        result.claimed += len(ids)
        for invitation_id in ids:
            _deliver_one(engine, invitation_id, claimer, sender, base_url, mail_from,
                         (clock or (lambda: now))(), max_attempts, result)
        if len(ids) < batch_size:
            break
    return result


def _deliver_one(engine: Engine, invitation_id: int, claimer: str, sender, base_url: str, mail_from: str,
                 now: datetime, max_attempts: int, result: PassResult) -> None:
    with session_scope(engine) as session:
        invitation = session.get(Invitation, invitation_id)
        if invitation is None or invitation.claimed_by != claimer or invitation.status != InvitationStatus.SENDING:
            return
        if invitation.expires_at <= now:
            _finish(invitation, InvitationStatus.EXPIRED, now)
            result.expired += 1
            return
        customer = session.get(Customer, invitation.customer_id)
        questionnaire = session.get(Questionnaire, invitation.questionnaire_id)
        outgoing = _outgoing(invitation, customer, questionnaire, base_url)
    try:
        if outgoing is None:
            raise ValueError("the customer has no e-mail address")
        sender.send(build_invitation_email(outgoing, mail_from))
    except Exception as exc:  # noqa: BLE001 - any delivery failure is recorded on the row and retried
        _record_failure(engine, invitation_id, claimer, f"{type(exc).__name__}: {exc}", now, max_attempts, result)
        return
    with session_scope(engine) as session:
        invitation = session.get(Invitation, invitation_id)
        invitation.attempts += 1
        invitation.sent_at = now
        _finish(invitation, InvitationStatus.SENT, now)
    result.sent += 1


def _outgoing(invitation: Invitation, customer: Customer, questionnaire: Questionnaire,
              base_url: str) -> OutgoingInvitation | None:
    if not customer or not customer.email:
        return None
    locale = invitation.locale if invitation.locale in ("id", "en") else "id"
    return OutgoingInvitation(
        invitation_id=invitation.id, to_address=customer.email, customer_name=customer.name or "",
        locale=locale, title=questionnaire.title.get(locale, ""), intro=questionnaire.intro.get(locale, ""),
        link=f"{base_url.rstrip('/')}/s/{invitation.token}", expires_at=invitation.expires_at)


def _finish(invitation: Invitation, status: str, now: datetime) -> None:
    invitation.status = status
    invitation.claimed_by = None
    invitation.lease_until = None


def _record_failure(engine: Engine, invitation_id: int, claimer: str, error: str, now: datetime,
                    max_attempts: int, result: PassResult) -> None:
    log.warning("invitation %s not sent: %s", invitation_id, error)
    result.errors.append(error)
    with session_scope(engine) as session:
        invitation = session.get(Invitation, invitation_id)
        if invitation is None or invitation.claimed_by != claimer:
            return
        invitation.attempts += 1
        invitation.last_error = error[:1000]
        if invitation.attempts >= max_attempts:
            _finish(invitation, InvitationStatus.FAILED, now)
            result.failed += 1
            return
        invitation.next_attempt_at = now + retry_delay(invitation.attempts)
        _finish(invitation, InvitationStatus.SCHEDULED, now)
        result.retried += 1
