"""One reminder per invitation: the same link again, N days after the send, if still unanswered.

A due reminder goes back into the outbox (status `scheduled`), so the dispatch pass sends it through
the invitation's own channel, with its retries, its opt-out check and the quiet hours. `reminded_at`
is set in the same conditional UPDATE that re-queues it, so two schedulers never remind twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import select

from feedback_app.common.clock import to_utc
from feedback_app.models import Invitation, InvitationStatus, Trigger
from feedback_app.models.invitation import has_status
from feedback_app.storage.database import session_scope


def queue_due_reminders(engine: Engine, now: datetime, limit: int = 500) -> int:
    """Re-queue sent, unanswered, unexpired invitations whose reminder is due; returns how many."""
    queued = 0
    with session_scope(engine) as session:
        due = session.exec(
            select(Invitation.id, Invitation.sent_at, Trigger.reminder_days)
            .join(Trigger, Trigger.id == Invitation.trigger_id)
            .where(
                has_status(InvitationStatus.SENT),
                Invitation.reminded_at.is_(None),
                Invitation.reminder_due_at <= now,
                Invitation.expires_at > now,
                Trigger.active.is_(True),
                Trigger.deleted_at.is_(None),
            )
            .order_by(Invitation.reminder_due_at)
            .limit(limit)
        ).all()
        for invitation_id, sent_at, days in due:
            mine = (
                Invitation.id == invitation_id,
                Invitation.status == InvitationStatus.SENT,
                Invitation.reminded_at.is_(None),
            )
            if not days:  # the trigger no longer reminds
                session.exec(update(Invitation).where(*mine).values(reminder_due_at=None))
                continue
            earliest = to_utc(sent_at) + timedelta(days=days) if sent_at else to_utc(now)
            if earliest > to_utc(now):  # the send itself was late (retries, quiet hours): keep the gap
                session.exec(update(Invitation).where(*mine).values(reminder_due_at=earliest))
                continue
            changed = session.exec(
                update(Invitation)
                .where(*mine)
                .values(status=InvitationStatus.SCHEDULED, next_attempt_at=now, reminded_at=now)
            )
            queued += changed.rowcount
    return queued
