"""Close the loop: an answer below its stage's threshold tells the stage's owner, with the customer's words.

The answer's transaction only writes `notification` rows (the outbox); a scheduler pass sends them, by
e-mail or webhook, with retries and backoff. So a slow mail server never slows a customer's answer, and a
message is sent once: the row, not memory, says whether it went.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlencode

from sqlalchemy import and_, bindparam, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from feedback_app.delivery.webhook import post_signed
from feedback_app.models import Journey, Notification, NotificationStatus, Response, Stage, StageOwner
from feedback_app.storage.database import session_scope
from feedback_app.storage.driver_statements import Scope, first, insert_of, run_many
from feedback_app.triggers.rules import retry_delay

log = logging.getLogger(__name__)

DEFAULT_THRESHOLDS = {"emotion": -0.5, "csat": 2, "ces": 2, "nps": 6}
MAX_ATTEMPTS = 6
LEASE = timedelta(minutes=5)


def set_stage_owner(
    session: Session,
    journey_slug: str,
    stage_key: str,
    email: str | None = None,
    webhook_url: str | None = None,
    **thresholds,
) -> StageOwner:
    """Who hears about low answers on a stage, and below what (emotion_at_most, csat_at_most, …)."""
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


def low_answer_reasons(response: Response, owner: StageOwner) -> list[str]:
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


def queue_low_answer_notifications(session: Scope, response: Response, now: datetime) -> list[dict]:
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


@dataclass
class NotificationPass:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now: datetime):
    return or_(
        and_(Notification.status == NotificationStatus.PENDING, Notification.next_attempt_at <= now),
        and_(Notification.status == NotificationStatus.SENDING, Notification.lease_until < now),
    )


def claim_due_notifications(engine: Engine, now: datetime, limit: int = 100) -> list[int]:
    """Mark due rows as being sent until now + LEASE (SQLite: BEGIN IMMEDIATE; PostgreSQL: SKIP LOCKED)."""
    with session_scope(engine) as session:
        query = select(Notification.id).where(_due(now)).order_by(Notification.next_attempt_at).limit(limit)
        if engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list(session.exec(query))
        if ids:
            session.exec(
                update(Notification)
                .where(Notification.id.in_(ids))
                .values(status=NotificationStatus.SENDING, lease_until=now + LEASE)
            )
    return ids


def send_due_notifications(
    engine: Engine,
    email_sender,
    base_url: str,
    mail_from: str,
    now: datetime,
    max_attempts: int = MAX_ATTEMPTS,
    webhook_secret: str | None = None,
) -> NotificationPass:
    """One pass: send every due notification once, recording each outcome on its row. Webhooks go through the
    webhook channel's POST, signed like invitations when FEEDBACK_WEBHOOK_SECRET is set."""
    result = NotificationPass()
    for notification_id in claim_due_notifications(engine, now):
        result.claimed += 1
        with session_scope(engine) as session:
            notification = session.get(Notification, notification_id)
            context = _context(session, notification, base_url)
        try:
            if notification.channel == "email":
                email_sender.send(build_notification_email(notification, context, mail_from))
            else:
                post_signed(
                    notification.target,
                    json.dumps(context, ensure_ascii=False).encode(),
                    webhook_secret,
                    {"X-Feedback-Notification": str(notification.id)},
                )
        except Exception as exc:  # noqa: BLE001 - every delivery failure is recorded and retried
            _record(engine, notification_id, now, f"{type(exc).__name__}: {exc}", max_attempts, result)
            continue
        _record(engine, notification_id, now, None, max_attempts, result)
    return result


def _context(session: Session, notification: Notification, base_url: str) -> dict:
    response = session.get(Response, notification.response_id)
    stage = session.get(Stage, notification.stage_id)
    journey = session.get(Journey, stage.journey_id)
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
    message = EmailMessage()
    message["Subject"] = f"Low answer at {context['stage']}: {context['reason'].split('; ')[0]}"
    message["From"], message["To"] = mail_from, notification.target
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


def _record(
    engine: Engine, notification_id: int, now: datetime, error: str | None, max_attempts: int, result: NotificationPass
) -> None:
    with session_scope(engine) as session:
        notification = session.get(Notification, notification_id)
        notification.attempts += 1
        notification.lease_until = None
        if error is None:
            notification.status, notification.sent_at = NotificationStatus.SENT, now
            result.sent += 1
            return
        log.warning("notification %s not sent: %s", notification_id, error)
        result.errors.append(error)
        notification.last_error = error[:1000]
        if notification.attempts >= max_attempts:
            notification.status = NotificationStatus.FAILED
            result.failed += 1
        else:
            notification.status = NotificationStatus.PENDING
            notification.next_attempt_at = now + retry_delay(notification.attempts)
            result.retried += 1
