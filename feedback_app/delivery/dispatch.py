"""One scheduler pass over the invitations outbox: claim due invitations, deliver each through its channel.

The invitation rows are the truth; the outbox engine (delivery/outbox.py) claims them in batches under a lease
and records each outcome. Here: which rows those are (`INVITATIONS`), what a batch loads in the same round
trip (customer, questionnaire, trigger), and what happens to each invitation before it is sent (expired,
opted out, held for quiet hours).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from feedback_app.delivery.channels import Channels
from feedback_app.delivery.email import EmailSender, LogSender
from feedback_app.delivery.outbox import OutboxLimits, OutboxPass, OutboxTable
from feedback_app.delivery.outgoing import OutgoingInvitation
from feedback_app.models import Customer, Invitation, InvitationStatus, Questionnaire, Trigger
from feedback_app.triggers.rules import SuppressionReason, quiet_hours_end

log = logging.getLogger(__name__)

INVITATIONS = OutboxTable(
    Invitation,
    waiting=InvitationStatus.SCHEDULED,
    sending=InvitationStatus.SENDING,
    sent=InvitationStatus.SENT,
    failed=InvitationStatus.FAILED,
    outcome_columns=("status", "reason", "attempts", "sent_at", "last_error", "next_attempt_at"),
    batch=select(Invitation, Customer, Questionnaire, Trigger)  # what the senders need, in the claim's round trip
    .join(Customer, Customer.id == Invitation.customer_id)
    .join(Questionnaire, Questionnaire.id == Invitation.questionnaire_id)
    .join(Trigger, Trigger.id == Invitation.trigger_id)
    .order_by(Invitation.id),
    claimer_column="claimed_by",
)


@dataclass
class PassResult:
    """What one dispatch pass did with the invitations it claimed."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    expired: int = 0
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)


def claim_due_invitations(
    engine: Engine, now: datetime, claimer: str, limit: int = 100, lease: timedelta = OutboxLimits.lease
) -> list[int]:
    """Mark up to `limit` due invitations as ours until now + lease; returns their ids."""
    outbox = OutboxPass(engine, INVITATIONS, OutboxLimits(lease=lease), lambda: now, PassResult(), claimer=claimer)
    return [row[0].id for row in outbox.claim(now, limit)]


def dispatch_pass(
    engine: Engine,
    sender: Channels | EmailSender | LogSender,
    base_url: str,
    mail_from: str,
    now: datetime,
    clock: Callable[[], datetime] | None = None,
    batch_size: int = 200,
    max_batches: int = 50,
    limits: OutboxLimits = OutboxLimits(),
) -> PassResult:
    """Send everything due at `now`, batch by batch; `clock` stamps outcomes (defaults to `now`).

    `sender` is a Channels router, or a bare e-mail sender (then every invitation goes by e-mail).
    """
    channels = sender if isinstance(sender, Channels) else Channels.email_only(sender, mail_from)
    result = PassResult()
    outbox = OutboxPass(engine, INVITATIONS, limits, clock or (lambda: now), result, log)

    def deliver(row: tuple, stamp: datetime) -> None:
        deliver_invitation(outbox, row, channels, base_url, stamp, result)

    outbox.run(now, batch_size, max_batches, deliver)
    return result


def deliver_invitation(
    outbox: OutboxPass,
    row: tuple,
    channels: Channels,
    base_url: str,
    now: datetime,
    result: PassResult,
    hold_for_quiet_hours: bool = True,
) -> None:
    """One claimed invitation: expired, suppressed (opted out), held for quiet hours, or sent through its channel."""
    invitation, customer, questionnaire, trigger = row
    if invitation.expires_at <= now:
        outbox.record(invitation, status=InvitationStatus.EXPIRED)
        result.expired += 1
        return
    if customer.opted_out_at is not None:
        outbox.record(invitation, status=InvitationStatus.SUPPRESSED, reason=SuppressionReason.OPTED_OUT)
        result.suppressed += 1
        return
    held_until = quiet_hours_end(
        getattr(trigger, "quiet_start", None), getattr(trigger, "quiet_end", None), customer.timezone, now
    )
    if held_until is not None and hold_for_quiet_hours:  # a retry or a late pass must not send in the customer's night
        outbox.record(invitation, status=InvitationStatus.SCHEDULED, next_attempt_at=held_until)
        return
    outbox.attempt(
        invitation,
        now,
        lambda: channels.sender_for(invitation.channel).send(
            outgoing_invitation(invitation, customer, questionnaire, trigger, base_url)
        ),
    )


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
