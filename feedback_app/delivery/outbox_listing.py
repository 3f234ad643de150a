"""The invitations outbox as marketers see it: filter, page through, and retry what failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from feedback_app.common.bounded_input import MAX_ID, MAX_PAGE, BoundedInputError, bounded_int
from feedback_app.common.texts import N_, TextError
from feedback_app.models import Customer, Invitation, InvitationStatus, Trigger

STATUSES = (
    InvitationStatus.SCHEDULED,
    InvitationStatus.SENDING,
    InvitationStatus.SENT,
    InvitationStatus.ANSWERED,
    InvitationStatus.FAILED,
    InvitationStatus.EXPIRED,
    InvitationStatus.SUPPRESSED,
)


class RetryRefused(TextError):
    """Only a failed invitation that has not yet expired can be retried."""


@dataclass(frozen=True)
class OutboxFilters:
    status: str | None = None
    channel: str | None = None
    trigger_id: int | None = None
    page: int = 1
    per_page: int = 50

    @classmethod
    def from_args(cls, args) -> OutboxFilters:
        """Query-string values; anything unknown or malformed is simply not a filter."""

        def number(name: str, high: int) -> int | None:
            try:
                return bounded_int(args.get(name), name, high=high)
            except BoundedInputError:
                return None

        status = args.get("status")
        return cls(
            status=status if status in STATUSES else None,
            channel=args.get("channel") or None,
            trigger_id=number("trigger", MAX_ID),
            page=number("page", MAX_PAGE) or 1,
        )

    def as_params(self, **changes) -> dict:
        values = {"status": self.status, "channel": self.channel, "trigger": self.trigger_id, "page": self.page}
        values.update(changes)
        return {
            key: value
            for key, value in values.items()
            if value not in (None, "") and not (key == "page" and value == 1)
        }


@dataclass
class OutboxRow:
    """One invitation as the outbox lists it. `state` is what it really is now: its status, or `expired` once its
    link has run out and `opted_out` once its customer opted out, even where the row still says sent or scheduled."""

    invitation: Invitation
    trigger_name: str
    customer: str  # the business system's id
    state: str


LIVE = (InvitationStatus.SCHEDULED, InvitationStatus.SENDING, InvitationStatus.SENT)


def row_state(invitation: Invitation, opted_out_at: datetime | None, now: datetime) -> str:
    """The state an outbox row shows: a live invitation whose link expired or whose customer opted out says so."""
    if invitation.status in LIVE and invitation.expires_at <= now:
        return InvitationStatus.EXPIRED
    if invitation.status in LIVE and opted_out_at is not None:
        return "opted_out"
    return invitation.status


@dataclass
class OutboxPage:
    rows: list[OutboxRow]
    total: int
    page: int
    pages: int
    counts: dict[str, int]


def list_invitations(session: Session, filters: OutboxFilters, now: datetime) -> OutboxPage:
    """Newest first, with the trigger and customer each row belongs to, its real state, and counts by status."""
    conditions = []
    if filters.status:
        conditions.append(Invitation.status == filters.status)
    if filters.channel:
        conditions.append(Invitation.channel == filters.channel)
    if filters.trigger_id:
        conditions.append(Invitation.trigger_id == filters.trigger_id)
    total = session.exec(select(func.count()).select_from(Invitation).where(*conditions)).one()
    pages = max((total + filters.per_page - 1) // filters.per_page, 1)
    page = min(filters.page, pages)
    rows = session.exec(
        select(Invitation, Trigger.name, Customer.external_id, Customer.opted_out_at)
        .join(Trigger, Trigger.id == Invitation.trigger_id)
        .join(Customer, Customer.id == Invitation.customer_id)
        .where(*conditions)
        .order_by(Invitation.id.desc())
        .offset((page - 1) * filters.per_page)
        .limit(filters.per_page)
    ).all()
    counts = dict(session.exec(select(Invitation.status, func.count()).group_by(Invitation.status)).all())
    shown = [OutboxRow(inv, name, customer, row_state(inv, opted_out, now)) for inv, name, customer, opted_out in rows]
    return OutboxPage(rows=shown, total=total, page=page, pages=pages, counts=counts)


def filter_choices(session: Session) -> dict:
    """What the filter menus offer: the triggers and the channels in use."""
    triggers = session.exec(select(Trigger.id, Trigger.name).order_by(Trigger.name)).all()
    channels = session.exec(select(Invitation.channel).distinct().order_by(Invitation.channel)).all()
    return {"statuses": STATUSES, "triggers": list(triggers), "channels": list(channels)}


@dataclass
class InvitationsPage:
    """What the invitations page shows: one page of the outbox and what its filter menus offer."""

    outbox: OutboxPage
    choices: dict


def invitations_page(session: Session, filters: OutboxFilters, now: datetime) -> InvitationsPage:
    """The outbox page `filters` ask for, with the filter menus' triggers and channels."""
    return InvitationsPage(list_invitations(session, filters, now), filter_choices(session))


def retry_now(session: Session, invitation_id: int, now: datetime) -> Invitation:
    """Give a failed invitation one more attempt at the next pass; its error stays until it succeeds."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.status != InvitationStatus.FAILED:
        raise RetryRefused(N_("only a failed invitation can be retried"))
    if invitation.expires_at <= now:
        raise RetryRefused(N_("this invitation has expired; it can no longer be answered"))
    invitation.status = InvitationStatus.SCHEDULED
    invitation.next_attempt_at = now
    session.add(invitation)
    return invitation
