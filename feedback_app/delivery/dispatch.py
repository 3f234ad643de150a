"""One scheduler pass: claim due invitations, deliver each through its channel, record each outcome.

The invitation rows are the truth. A pass claims a batch with a lease (status `sending`, `claimed_by`,
`lease_until`) and loads what the senders need in the same round trip; rows whose claimer died become
claimable again when the lease runs out. Each outcome is committed right after its send (one small
UPDATE), so a crash loses nothing: the message in flight at the moment of the crash may be sent twice,
once by us and once by the pass that takes the row over after the lease.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import select

from feedback_app.delivery.channels import Channels
from feedback_app.delivery.outgoing import OutgoingInvitation
from feedback_app.models import Customer, Invitation, InvitationStatus, Questionnaire, Trigger
from feedback_app.models.invitation import has_status
from feedback_app.storage.database import session_scope
from feedback_app.triggers.rules import SuppressionReason, quiet_hours_end, retry_delay

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
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now: datetime):
    return or_(
        and_(has_status(InvitationStatus.SCHEDULED), Invitation.next_attempt_at <= now),
        and_(has_status(InvitationStatus.SENDING), Invitation.lease_until < now),
    )


def _claim(engine: Engine, now: datetime, claimer: str, limit: int, lease: timedelta) -> list:
    """Claim up to `limit` due rows and load them with their customer, questionnaire and trigger.

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
        session.exec(
            update(Invitation)
            .where(Invitation.id.in_(ids), _due(now))
            .values(status=InvitationStatus.SENDING, claimed_by=claimer, lease_until=now + lease)
        )
    with session_scope(engine) as session:
        mine = (
            select(Invitation, Customer, Questionnaire, Trigger)
            .join(Customer, Customer.id == Invitation.customer_id)
            .join(Questionnaire, Questionnaire.id == Invitation.questionnaire_id)
            .join(Trigger, Trigger.id == Invitation.trigger_id)
            .where(
                Invitation.id.in_(ids), Invitation.claimed_by == claimer, Invitation.status == InvitationStatus.SENDING
            )
            .order_by(Invitation.id)
        )
        return list(session.exec(mine))


def claim_due_invitations(
    engine: Engine, now: datetime, claimer: str, limit: int = 100, lease: timedelta = LEASE
) -> list[int]:
    """Mark up to `limit` due invitations as ours until now + lease; returns their ids."""
    return [row[0].id for row in _claim(engine, now, claimer, limit, lease)]


def dispatch_pass(
    engine: Engine,
    sender,
    base_url: str,
    mail_from: str,
    now: datetime,
    clock: Callable[[], datetime] | None = None,
    batch_size: int = 200,
    max_batches: int = 50,
    max_attempts: int = MAX_ATTEMPTS,
    lease: timedelta = LEASE,
) -> PassResult:
    """Send everything due at `now`, batch by batch; `clock` stamps outcomes (defaults to `now`).

    `sender` is a Channels router, or a bare e-mail sender (then every invitation goes by e-mail).
    """
    channels = sender if isinstance(sender, Channels) else Channels.email_only(sender, mail_from)
    clock = clock or (lambda: now)
    claimer = f"pass-{uuid.uuid4().hex[:12]}"
    result, outcomes = PassResult(), Outcomes(engine, claimer, clock)
    for _ in range(max_batches):
        rows = _claim(engine, now, claimer, batch_size, lease)
        if not rows:
            break
        result.claimed += len(rows)
        renew_at = clock() + lease / 2
        try:
            for position, row in enumerate(rows):
                stamp = clock()
                if stamp >= renew_at:  # a slow channel must not let the lease run out under us
                    renew_at = _renew_lease(engine, [r[0].id for r in rows[position:]], claimer, stamp, lease)
                _deliver_one(outcomes, row, channels, base_url, stamp, max_attempts, result)
        finally:
            outcomes.flush()
        if len(rows) < batch_size:
            break
    return result


def _deliver_one(
    outcomes: Outcomes, row, channels: Channels, base_url: str, now: datetime, max_attempts: int, result: PassResult
) -> None:
    invitation, customer, questionnaire, trigger = row
    if invitation.expires_at <= now:
        outcomes.record(invitation, status=InvitationStatus.EXPIRED)
        result.expired += 1
        return
    if customer.opted_out_at is not None:
        outcomes.record(invitation, status=InvitationStatus.SUPPRESSED, reason=SuppressionReason.OPTED_OUT)
        result.suppressed += 1
        return
    held_until = quiet_hours_end(
        getattr(trigger, "quiet_start", None), getattr(trigger, "quiet_end", None), customer.timezone, now
    )
    if held_until is not None:  # a retry or a late pass must not send in the customer's night
        outcomes.record(invitation, status=InvitationStatus.SCHEDULED, next_attempt_at=held_until)
        return
    try:
        channels.sender_for(invitation.channel).send(
            outgoing_invitation(invitation, customer, questionnaire, trigger, base_url)
        )
    except Exception as exc:  # noqa: BLE001 - any delivery failure is recorded on the row and retried
        _record_failure(outcomes, invitation, f"{type(exc).__name__}: {exc}", now, max_attempts, result)
        return
    outcomes.record(invitation, status=InvitationStatus.SENT, sent_at=now, attempts=invitation.attempts + 1)
    result.sent += 1


def outgoing_invitation(
    invitation: Invitation, customer: Customer, questionnaire: Questionnaire, trigger: Trigger | None, base_url: str
) -> OutgoingInvitation:
    """The plain values a channel sends: links, texts in the customer's language, customer fields."""
    locale = invitation.locale if invitation.locale in ("id", "en") else "id"
    base = base_url.rstrip("/")
    return OutgoingInvitation(
        invitation_id=invitation.id,
        to_address=customer.email,
        customer_name=customer.name or "",
        locale=locale,
        title=questionnaire.title.get(locale, ""),
        intro=questionnaire.intro.get(locale, ""),
        link=f"{base}/s/{invitation.token}",
        expires_at=invitation.expires_at,
        unsubscribe_link=f"{base}/u/{invitation.token}",
        channel=invitation.channel,
        customer_external_id=customer.external_id,
        customer_attributes=dict(customer.attributes or {}),
        questionnaire_key=questionnaire.key,
        webhook_url=getattr(trigger, "webhook_url", None),
        webhook_secret=getattr(trigger, "webhook_secret", None),
        reminder=invitation.reminded_at is not None,
    )


class Outcomes:
    """Outcomes of sends, committed together: one transaction per `flush_every` sends or `flush_after`.

    The trade-off, chosen for speed (one commit per message costs as much as the send on PostgreSQL):
    a crash never loses an invitation, but the ones sent since the last flush (at most `flush_every`,
    or `flush_after` worth) are still leased to the dead pass and are sent again after the lease.
    Such a repeat is the same message: e-mails keep their Message-ID (delivery/email.py), which mail
    servers and clients de-duplicate, and every message carries X-Feedback-Invitation for webhooks.
    """

    def __init__(
        self,
        engine: Engine,
        claimer: str,
        clock: Callable[[], datetime],
        flush_every: int = 25,
        flush_after: timedelta = timedelta(milliseconds=250),
    ):
        self.engine, self.claimer, self.clock = engine, claimer, clock
        self.flush_every, self.flush_after = flush_every, flush_after
        self.pending: list[dict] = []
        self.since: datetime | None = None

    def record(self, invitation: Invitation, **values) -> None:
        row = {name: getattr(invitation, name) for name in _OUTCOME_FIELDS}
        self.pending.append({**row, **values, "invitation_id": invitation.id})
        self.since = self.since or self.clock()
        if len(self.pending) >= self.flush_every or self.clock() - self.since >= self.flush_after:
            self.flush()

    def flush(self) -> None:
        """Write every pending outcome and release its claim, where the row is still ours."""
        if not self.pending:
            return
        statement = (
            update(Invitation)
            .where(Invitation.id == bindparam("invitation_id"), Invitation.claimed_by == self.claimer)
            .values(claimed_by=None, lease_until=None, **{name: bindparam(f"new_{name}") for name in _OUTCOME_FIELDS})
        )
        rows = [
            {"invitation_id": row["invitation_id"], **{f"new_{name}": row[name] for name in _OUTCOME_FIELDS}}
            for row in self.pending
        ]
        with self.engine.begin() as connection:
            connection.execute(statement, rows)
        self.pending, self.since = [], None


_OUTCOME_FIELDS = ("status", "reason", "attempts", "sent_at", "last_error", "next_attempt_at")


def _renew_lease(engine: Engine, ids: list[int], claimer: str, now: datetime, lease: timedelta) -> datetime:
    with session_scope(engine) as session:
        session.exec(
            update(Invitation)
            .where(
                Invitation.id.in_(ids), Invitation.claimed_by == claimer, Invitation.status == InvitationStatus.SENDING
            )
            .values(lease_until=now + lease)
        )
    return now + lease / 2


def _record_failure(
    outcomes: Outcomes, invitation: Invitation, error: str, now: datetime, max_attempts: int, result: PassResult
) -> None:
    log.warning("invitation %s not sent: %s", invitation.id, error)
    result.errors.append(error)
    attempts = invitation.attempts + 1
    if attempts >= max_attempts:
        outcomes.record(invitation, status=InvitationStatus.FAILED, attempts=attempts, last_error=error[:1000])
        result.failed += 1
        return
    outcomes.record(
        invitation,
        status=InvitationStatus.SCHEDULED,
        attempts=attempts,
        last_error=error[:1000],
        next_attempt_at=now + retry_delay(attempts),
    )
    result.retried += 1
