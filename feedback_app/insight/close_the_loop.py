"""Close the loop: an answer below its stage's threshold tells the stage's owner, with the customer's words.

The answer's transaction only writes `notification` rows (the outbox); a scheduler pass sends them, by
e-mail or webhook, with retries and backoff. So a slow mail server never slows a customer's answer, and a
message is sent once: the row, not memory, says whether it went.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Protocol
from urllib.parse import urlencode

from sqlalchemy import bindparam
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.common.header_text import one_line
from feedback_app.delivery.email import EmailSender, LogSender
from feedback_app.delivery.outbox import OutboxLimits, OutboxPass, OutboxTable
from feedback_app.delivery.webhook import post_signed
from feedback_app.insight.rollups import ScoredAnswer
from feedback_app.models import Journey, Notification, NotificationStatus, Response, Stage, StageOwner
from feedback_app.storage.driver_statements import Scope, first, insert_of, run_many

log = logging.getLogger(__name__)

DEFAULT_THRESHOLDS = {"emotion": -0.5, "csat": 2, "ces": 2, "nps": 6}


def set_stage_owner(
    session: Session,
    journey_slug: str,
    stage_key: str,
    email: str | None = None,
    webhook_url: str | None = None,
    addresses: AddressPolicy = AddressPolicy(),
    **thresholds,
) -> StageOwner:
    """Who hears about low answers on a stage, and below what (emotion_at_most, csat_at_most, …).
    A webhook address `addresses` refuses (loopback, private, …) raises AddressRefused."""
    if webhook_url:
        addresses.vet(webhook_url)
    stage = session.exec(
        select(Stage)
        .join(Journey, Journey.id == Stage.journey_id)
        .where(Journey.slug == journey_slug, Stage.key == stage_key)
    ).first()
    if stage is None:
        raise LookupError(f"no stage '{stage_key}' in journey '{journey_slug}'")
    owner = session.exec(select(StageOwner).where(StageOwner.stage_id == stage.id)).first() or StageOwner(
        stage_id=stage.id
    )
    owner.email, owner.webhook_url = email or None, webhook_url or None
    for name, value in thresholds.items():
        setattr(owner, name, value)
    session.add(owner)
    session.flush()
    return owner


class QuotedAnswer(ScoredAnswer, Protocol):
    """A scored answer with its words: the owner's notification quotes them."""

    text: str | None


def low_answer_reasons(response: ScoredAnswer, owner: StageOwner) -> list[str]:
    """Why this answer is below the owner's thresholds (empty: it is not)."""
    reasons = []
    emotion_limit = owner.emotion_at_most if owner.emotion_at_most is not None else DEFAULT_THRESHOLDS["emotion"]
    if response.emotion_score <= emotion_limit:
        reasons.append(f"emotion {response.emotion_score:+.2f} (at most {emotion_limit:+.2f})")
    if response.rating_kind in ("csat", "ces", "nps") and response.rating is not None:
        configured = getattr(owner, f"{response.rating_kind}_at_most")
        limit = configured if configured is not None else DEFAULT_THRESHOLDS[response.rating_kind]
        if response.rating <= limit:
            reasons.append(f"{response.rating_kind.upper()} {response.rating} (at most {limit})")
    return reasons


_OWNER_COLUMNS = [column.name for column in StageOwner.__table__.columns]
_STAGE_OWNER = select(*StageOwner.__table__.columns).where(StageOwner.__table__.c.stage_id == bindparam("stage_id"))


def queue_low_answer_notifications(session: Scope, response: QuotedAnswer, now: datetime) -> list[dict]:
    """In the answer's transaction: one outbox row per owner address when the answer is below a threshold.
    Both statements run on the driver: this runs for every answer, under SQLite's write lock."""
    row = first(session, _STAGE_OWNER, {"stage_id": response.stage_id})
    owner = None if row is None else StageOwner(**dict(zip(_OWNER_COLUMNS, row)))
    if owner is None or not (owner.email or owner.webhook_url):
        return []
    reasons = low_answer_reasons(response, owner)
    if not reasons:
        return []
    queued = [
        dict(
            response_id=response.id,
            stage_id=response.stage_id,
            channel=channel,
            target=target,
            reason="; ".join(reasons)[:200],
            quote=response.text,
            next_attempt_at=now,
            created_at=now,
        )
        for channel, target in (("email", owner.email), ("webhook", owner.webhook_url))
        if target
    ]
    run_many(session, _QUEUE_NOTIFICATION, queued)
    return queued


_NOTIFICATIONS = Notification.__table__
_QUEUE_NOTIFICATION = insert_of(
    _NOTIFICATIONS, ("response_id", "stage_id", "channel", "target", "reason", "quote", "next_attempt_at", "created_at")
)


NOTIFICATIONS = OutboxTable(
    Notification,
    waiting=NotificationStatus.PENDING,
    sending=NotificationStatus.SENDING,
    sent=NotificationStatus.SENT,
    failed=NotificationStatus.FAILED,
    outcome_columns=("status", "attempts", "sent_at", "last_error", "next_attempt_at"),
    batch=select(Notification, Response, Stage, Journey)  # the answer, stage and journey the message quotes
    .join(Response, Response.id == Notification.response_id)
    .join(Stage, Stage.id == Notification.stage_id)
    .join(Journey, Journey.id == Stage.journey_id)
    .order_by(Notification.next_attempt_at, Notification.id),
)  # no claimer column: the lease alone says a row is being sent
PASS_LIMIT = 100  # notifications one pass claims at most


@dataclass
class NotificationPass:
    """What one notification pass did with the rows it claimed."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def send_due_notifications(
    engine: Engine,
    email_sender: EmailSender | LogSender,
    base_url: str,
    mail_from: str,
    now: datetime,
    limits: OutboxLimits = OutboxLimits(),
    webhook_secret: str | None = None,
    addresses: AddressPolicy = AddressPolicy(),
) -> NotificationPass:
    """One pass through the outbox engine: send due notifications once each, committing each outcome at once.
    Webhooks are signed like invitations when FEEDBACK_WEBHOOK_SECRET is set, and go only where `addresses`
    allows (FEEDBACK_WEBHOOK_ALLOWED_HOSTS)."""
    result = NotificationPass()
    outbox = OutboxPass(engine, NOTIFICATIONS, limits, lambda: now, result, log, flush_every=1)

    def deliver(row: tuple, stamp: datetime) -> None:
        notification, context = row[0], _context(*row, base_url)
        outbox.attempt(
            notification,
            stamp,
            lambda: _send(notification, context, email_sender, mail_from, webhook_secret, addresses),
        )

    outbox.run(now, PASS_LIMIT, 1, deliver)
    return result


def _send(
    notification: Notification,
    context: dict,
    email_sender: EmailSender | LogSender,
    mail_from: str,
    webhook_secret: str | None,
    addresses: AddressPolicy,
) -> None:
    if notification.channel == "email":
        email_sender.send(build_notification_email(notification, context, mail_from))
        return
    post_signed(
        notification.target,
        json.dumps(context, ensure_ascii=False).encode(),
        webhook_secret,
        {"X-Feedback-Notification": str(notification.id)},
        addresses=addresses,
    )


def _context(notification: Notification, response: Response, stage: Stage, journey: Journey, base_url: str) -> dict:
    link = f"{base_url.rstrip('/')}/responses?" + urlencode({"journey": journey.slug, "stage": stage.key})
    return {
        "event": "low_answer",
        "journey": journey.name,
        "journey_slug": journey.slug,
        "stage": stage.name,
        "stage_key": stage.key,
        "reason": notification.reason,
        "quote": notification.quote,
        "response_id": response.id,
        "rating_kind": response.rating_kind,
        "rating": response.rating,
        "emotion_score": response.emotion_score,
        "submitted_at": response.submitted_at.isoformat(),
        "link": link,
    }


def build_notification_email(notification: Notification, context: dict, mail_from: str) -> EmailMessage:
    """The owner's e-mail: the stage, why the answer is low, the customer's words and a link to the stage's answers."""
    message = EmailMessage()
    message["Subject"] = one_line(f"Low answer at {context['stage']}: {context['reason'].split('; ')[0]}")
    message["From"], message["To"] = mail_from, one_line(notification.target)
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = make_msgid(
        idstring=f"notification-{notification.id}", domain=mail_from.rpartition("@")[2] or "localhost"
    )
    message["X-Feedback-Notification"] = str(notification.id)
    quote = f"“{context['quote']}”" if context["quote"] else "(no written comment)"
    message.set_content(
        f"A customer's answer on {context['journey']} · {context['stage']} is below your threshold:\n"
        f"{context['reason']}.\n\n{quote}\n\nAll answers of this stage: {context['link']}\n"
    )
    return message
