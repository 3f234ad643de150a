"""A customer's one-time survey link: the invitation behind it, the questionnaire it opens, its first open and
the claim that answers it once. All of it runs on the driver (driver_statements.py): it is on every answer's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, literal_column, update
from sqlmodel import select

from feedback_app.models import Customer, Invitation, InvitationStatus, Question, Questionnaire
from feedback_app.storage.driver_statements import Scope, all_rows, first, run
from feedback_app.survey.questionnaire_cache import cached_questionnaire, keep_questionnaire
from feedback_app.survey.questionnaires import LANGUAGES

CLOSED = (InvitationStatus.ANSWERED, InvitationStatus.EXPIRED, InvitationStatus.SUPPRESSED)


@dataclass(slots=True)
class LinkedInvitation:
    """The invitation behind a link, as the survey page needs it: a plain record, read on the driver."""

    id: int
    token: str
    status: str
    locale: str
    expires_at: datetime
    opened_at: datetime | None
    journey_id: int
    stage_id: int
    touchpoint_id: int
    customer_id: int
    questionnaire_id: int


class LinkError(Exception):
    """The link cannot be answered: `kind` is unknown, expired or answered; `invitation` when it was read."""

    def __init__(self, kind: str, invitation: LinkedInvitation | None = None):
        super().__init__(kind)
        self.kind = kind
        self.invitation = invitation


@dataclass
class OpenSurvey:
    """A link that may be answered: its invitation, the questionnaire version it shows and the customer's persona."""

    invitation: LinkedInvitation
    questionnaire: Questionnaire
    questions: list[Question]
    persona_id: int | None


def survey_language(requested: str | None, invitation_locale: str) -> str:
    """The language a survey page speaks: the one the customer switched to, else the invitation's, else Indonesian."""
    if requested in LANGUAGES:
        return requested
    return invitation_locale if invitation_locale in LANGUAGES else "id"


def open_survey(session: Scope, token: str, now: datetime, record_open: bool = True) -> OpenSurvey:
    """The questionnaire behind a link; the first open is recorded. Raises LinkError."""
    invitation, persona_id, checksum = _invitation(session, token)
    if invitation.status == InvitationStatus.ANSWERED:
        raise LinkError("answered", invitation)
    if invitation.expires_at <= now or invitation.status in (InvitationStatus.EXPIRED, InvitationStatus.SUPPRESSED):
        raise LinkError("expired", invitation)
    if record_open:
        record_first_open(session, invitation, now)
    questionnaire, questions = _questionnaire(session, invitation.questionnaire_id, checksum)
    return OpenSurvey(invitation, questionnaire, questions, persona_id)


def record_first_open(session: Scope, invitation: LinkedInvitation, now: datetime) -> None:
    """Note when the customer first opened the link (the funnel's "opened")."""
    if invitation.opened_at is None:
        run(session, _RECORD_OPEN, {"invitation_id": invitation.id, "now": now})
        invitation.opened_at = now


_LINK_COLUMNS = [getattr(Invitation, name) for name in LinkedInvitation.__slots__]
_LINK = (
    select(*_LINK_COLUMNS, Customer.persona_id, Questionnaire.checksum)
    .outerjoin(Customer, Customer.id == Invitation.customer_id)
    .join(Questionnaire, Questionnaire.id == Invitation.questionnaire_id)
    .where(Invitation.token == bindparam("token"))
)


def _invitation(session: Scope, token: str) -> tuple[LinkedInvitation, int | None, str]:
    """The link's invitation, its customer's persona and its questionnaire's checksum, in one query."""
    if not token or len(token) > 64:
        raise LinkError("unknown")
    row = first(session, _LINK, {"token": token})
    if row is None:
        raise LinkError("unknown")
    return LinkedInvitation(*row[:-2]), row[-2], row[-1]


def _questionnaire(session: Scope, questionnaire_id: int, checksum: str) -> tuple[Questionnaire, list[Question]]:
    """The questionnaire and its questions in order, from this process's cache while its checksum holds."""
    cached = cached_questionnaire(questionnaire_id, checksum)
    if cached is not None:
        return cached
    questionnaire = Questionnaire(**_row(_QUESTIONNAIRE, first(session, _QUESTIONNAIRE, {"id": questionnaire_id})))
    questions = [Question(**_row(_QUESTIONS, row)) for row in all_rows(session, _QUESTIONS, {"id": questionnaire_id})]
    keep_questionnaire(questionnaire, questions)
    return questionnaire, questions


_QUESTIONNAIRE = select(*Questionnaire.__table__.columns).where(Questionnaire.__table__.c.id == bindparam("id"))
_QUESTIONS = (
    select(*Question.__table__.columns)
    .where(Question.__table__.c.questionnaire_id == bindparam("id"))
    .order_by(Question.__table__.c.position)
)


def _row(statement, values: tuple) -> dict:
    return dict(zip(statement.selected_columns.keys(), values))


_INVITATIONS = Invitation.__table__
_NOW = bindparam("now", type_=_INVITATIONS.c.answered_at.type)
_CLAIM_LINK = (
    update(_INVITATIONS)
    .where(
        _INVITATIONS.c.id == bindparam("invitation_id"),
        _INVITATIONS.c.status.not_in([literal_column(f"'{status}'") for status in CLOSED]),
        _INVITATIONS.c.expires_at > _NOW,
    )
    .values(status=InvitationStatus.ANSWERED, answered_at=_NOW, opened_at=func.coalesce(_INVITATIONS.c.opened_at, _NOW))
)
_RECORD_OPEN = (
    update(_INVITATIONS)
    .where(_INVITATIONS.c.id == bindparam("invitation_id"), _INVITATIONS.c.opened_at.is_(None))
    .values(opened_at=_NOW)
)
_LINK_STATUS = select(_INVITATIONS.c.status).where(_INVITATIONS.c.id == bindparam("invitation_id"))


def claim_link(session: Scope, invitation_id: int, now: datetime) -> None:
    """Mark the link answered unless it already is (or expired meanwhile): the single-use check. Raises LinkError.
    SQLite's write lock serialises claims; on PostgreSQL a second one waits on the row lock, then finds it answered."""
    if run(session, _CLAIM_LINK, {"invitation_id": invitation_id, "now": now}).rowcount == 1:
        return
    status = first(session, _LINK_STATUS, {"invitation_id": invitation_id})
    raise LinkError(
        "unknown" if status is None else "answered" if status[0] == InvitationStatus.ANSWERED else "expired"
    )
