"""A trigger's funnel: matched -> scheduled -> sent -> opened -> answered, and why the rest were not asked.

Counted from the invitation rows (suppressed ones included, with their reason) created in a window;
one GROUP BY for any number of triggers, so the list page and the trigger page read the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from feedback_app.common.texts import N_, Text
from feedback_app.models import Invitation, InvitationStatus
from feedback_app.triggers.rules import SuppressionReason

REASON_LABELS = {
    SuppressionReason.INACTIVE: Text(N_("trigger paused")),
    SuppressionReason.CONDITION_FALSE: Text(N_("conditions not met")),
    SuppressionReason.OPTED_OUT: Text(N_("opted out")),
    SuppressionReason.NO_CONSENT: Text(N_("no consent")),
    SuppressionReason.NO_ADDRESS: Text(N_("no address")),
    SuppressionReason.EXPIRED: Text(N_("expired before it could be sent")),
    SuppressionReason.SAMPLED_OUT: Text(N_("sampled out")),
    SuppressionReason.FATIGUE: Text(N_("fatigue cap (all triggers)")),
    SuppressionReason.FATIGUE_TRIGGER: Text(N_("fatigue cap (this trigger)")),
}
UNKNOWN_REASON = Text(N_("unknown"))
STEP_LABELS = {
    "matched": Text(N_("matched")),
    "scheduled": Text(N_("scheduled")),
    "sent": Text(N_("sent")),
    "opened": Text(N_("opened")),
    "answered": Text(N_("answered")),
}


@dataclass
class Funnel:
    events: int = 0  # every decision the trigger made: one row per event (or fire time) and customer
    matched: int = 0
    scheduled: int = 0
    sent: int = 0
    opened: int = 0
    answered: int = 0
    reminded: int = 0
    failed: int = 0
    expired_unsent: int = 0
    suppressions: dict = field(default_factory=dict)  # reason -> count

    def steps(self) -> list[tuple[str, int]]:
        return [
            ("matched", self.matched),
            ("scheduled", self.scheduled),
            ("sent", self.sent),
            ("opened", self.opened),
            ("answered", self.answered),
        ]

    def suppressed_by_reason(self) -> list[tuple[str, str, int]]:
        """(reason, label, count), largest first; the label is a Text for the page to translate."""
        return sorted(
            ((r, REASON_LABELS.get(r, r or UNKNOWN_REASON), n) for r, n in self.suppressions.items()),
            key=lambda item: -item[2],
        )


def trigger_funnels(
    session: Session, since: datetime, until: datetime, trigger_ids: Iterable[int] | None = None
) -> dict[int, Funnel]:
    """Funnels of invitations created in [since, until), per trigger."""
    query = (
        select(
            Invitation.trigger_id,
            Invitation.status,
            Invitation.reason,
            func.count(),
            func.count(Invitation.sent_at),
            func.count(Invitation.opened_at),
            func.count(Invitation.answered_at),
            func.count(Invitation.reminded_at),
        )
        .where(Invitation.created_at >= since, Invitation.created_at < until)
        .group_by(Invitation.trigger_id, Invitation.status, Invitation.reason)
    )
    if trigger_ids is not None:
        query = query.where(Invitation.trigger_id.in_(list(trigger_ids)))
    funnels: dict[int, Funnel] = {}
    for trigger_id, status, reason, rows, sent, opened, answered, reminded in session.exec(query):
        funnel = funnels.setdefault(trigger_id, Funnel())
        funnel.events += rows
        if status == InvitationStatus.SUPPRESSED:
            funnel.suppressions[reason] = funnel.suppressions.get(reason, 0) + rows
            funnel.matched += 0 if reason in SuppressionReason.UNMATCHED else rows
            continue
        funnel.matched += rows
        funnel.scheduled += rows
        funnel.sent, funnel.opened = funnel.sent + sent, funnel.opened + opened
        funnel.answered, funnel.reminded = funnel.answered + answered, funnel.reminded + reminded
        funnel.failed += rows if status == InvitationStatus.FAILED else 0
        funnel.expired_unsent += rows if status == InvitationStatus.EXPIRED else 0
    return funnels


def trigger_funnel(session: Session, trigger_id: int, since: datetime, until: datetime) -> Funnel:
    """One trigger's funnel for invitations created in [since, until)."""
    return trigger_funnels(session, since, until, [trigger_id]).get(trigger_id, Funnel())
