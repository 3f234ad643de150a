""" "Send now": one scheduled invitation sent at once because a person asked, through the outbox engine.

The row is claimed like a pass claims it (status sending, a lease, a claimer), so the scheduler never sends it
a second time; then it goes through the same delivery step as a pass, except that the trigger's delay and the
customer's quiet hours do not hold it: a marketer chose to send it now. Expired links and opted-out customers
are still never sent to.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine

from feedback_app.common.texts import N_, TextError
from feedback_app.delivery.channels import Channels
from feedback_app.delivery.dispatch import INVITATIONS, PassResult, deliver_invitation
from feedback_app.delivery.outbox import OutboxLimits, OutboxPass
from feedback_app.models import Invitation, InvitationStatus
from feedback_app.storage.database import session_scope

log = logging.getLogger(__name__)


class SendRefused(TextError):
    """Only an invitation still waiting in the outbox can be sent now."""


def send_now(
    engine: Engine,
    invitation_id: int,
    channels: Channels,
    base_url: str,
    now: datetime,
    limits: OutboxLimits = OutboxLimits(),
) -> PassResult:
    """Send scheduled invitation `invitation_id` now; the result says whether it went (sent), expired, was
    suppressed (opted out) or failed and waits for a retry. SendRefused when it is not waiting."""
    claimer = f"send-now-{uuid.uuid4().hex[:12]}"
    with session_scope(engine) as session:
        claimed = session.exec(
            update(Invitation)
            .where(Invitation.id == invitation_id, INVITATIONS.has_status(InvitationStatus.SCHEDULED))
            .values(status=InvitationStatus.SENDING, claimed_by=claimer, lease_until=now + limits.lease)
        )
        if claimed.rowcount != 1:
            raise SendRefused(N_("only a scheduled invitation can be sent now"))
    result = PassResult(claimed=1)
    outbox = OutboxPass(engine, INVITATIONS, limits, lambda: now, result, log, flush_every=1, claimer=claimer)
    with session_scope(engine) as session:
        rows = list(session.exec(INVITATIONS.batch.where(outbox.mine([invitation_id]))))
    with channels:
        for row in rows:
            deliver_invitation(outbox, row, channels, base_url, now, result, hold_for_quiet_hours=False)
    outbox.outcomes.flush()
    return result
