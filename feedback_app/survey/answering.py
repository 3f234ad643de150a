"""A customer's one-time link: open the questionnaire, then submit, score and count the answer.

Submitting is split so that SQLite's one write lock is held only for the writes: `prepare_answer`
(validate and score: pure Python, after a read-only `open_survey`) runs outside it, and `store_answer`
is one short transaction that claims the link, inserts the answer and adds it to the rollups.
"""

from __future__ import annotations

from dataclasses import dataclass, make_dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, literal_column, update
from sqlmodel import select

from feedback_app.common.field_errors import FieldErrors
from feedback_app.insight import rollups
from feedback_app.insight.close_the_loop import queue_low_answer_notifications
from feedback_app.insight.theme_sets import NO_THEMES, ThemeSet, load_theme_set, score_columns
from feedback_app.models import Customer, Invitation, InvitationStatus, Question, Questionnaire, Response
from feedback_app.storage.driver_statements import Scope, all_rows, first, run, typed_binds

RATING_RANGES = {"face": (1, 5), "csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}
MAX_TEXT = 2000
CLOSED = (InvitationStatus.ANSWERED, InvitationStatus.EXPIRED, InvitationStatus.SUPPRESSED)


class LinkError(Exception):
    """The link cannot be answered: `kind` is unknown, expired or answered."""

    def __init__(self, kind: str, invitation: LinkedInvitation | None = None):
        super().__init__(kind)
        self.kind = kind
        self.invitation = invitation


class AnswerError(FieldErrors):
    """The submitted answers are incomplete or out of range; `errors` maps question key -> reason."""


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


# An answer about to be stored: the response table's columns as a plain record (`id` is set once stored).
# SQLModel's instrumented constructor cost ~0.06 ms per answer, and this row goes to the driver, not the ORM.
NewAnswer = make_dataclass("NewAnswer", [(column.name, Any) for column in Response.__table__.columns], slots=True)


@dataclass
class OpenSurvey:
    invitation: LinkedInvitation
    questionnaire: Questionnaire
    questions: list[Question]
    persona_id: int | None


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


# Questionnaire id -> (checksum, questionnaire, questions). A questionnaire's content changes only with its
# file's checksum (questionnaires.store_questionnaires), so one checksum read keeps this cache honest.
_QUESTIONNAIRES: dict[int, tuple[str, Questionnaire, list[Question]]] = {}


def cached_questionnaire(questionnaire_id: int, checksum: str) -> tuple[Questionnaire, list[Question]] | None:
    """This version of the questionnaire and its questions, if this process has read it already."""
    cached = _QUESTIONNAIRES.get(questionnaire_id)
    return (cached[1], cached[2]) if cached is not None and cached[0] == checksum else None


def _questionnaire(session: Scope, questionnaire_id: int, checksum: str) -> tuple[Questionnaire, list[Question]]:
    """The questionnaire and its questions in order, from the per-process cache while its checksum holds.
    They are plain objects, attached to no session: every request of this process shares them."""
    cached = cached_questionnaire(questionnaire_id, checksum)
    if cached is not None:
        return cached
    questionnaire = Questionnaire(**_row(_QUESTIONNAIRE, first(session, _QUESTIONNAIRE, {"id": questionnaire_id})))
    questions = [Question(**_row(_QUESTIONS, row)) for row in all_rows(session, _QUESTIONS, {"id": questionnaire_id})]
    _QUESTIONNAIRES[questionnaire_id] = (questionnaire.checksum, questionnaire, questions)
    return questionnaire, questions


_QUESTIONNAIRE = select(*Questionnaire.__table__.columns).where(Questionnaire.__table__.c.id == bindparam("id"))
_QUESTIONS = (
    select(*Question.__table__.columns)
    .where(Question.__table__.c.questionnaire_id == bindparam("id"))
    .order_by(Question.__table__.c.position)
)


def _row(statement, values: tuple) -> dict:
    return dict(zip(statement.selected_columns.keys(), values))


def validate_answers(questions: list[Question], raw) -> dict:
    """Clean values per question key from a mapping of submitted strings (a form) or values.

    Raises AnswerError mapping each bad question to a reason key the survey page words in the customer's
    language: "required", "too_long" (text over MAX_TEXT characters) or "out_of_range".
    """
    clean, errors = {}, {}
    for question in questions:
        value = raw.get(question.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if question.required:
                errors[question.key] = "required"
            continue
        if question.kind == "text":
            value = str(value).replace("\r\n", "\n").strip()  # a browser's maxlength counts a line break once
            if len(value) > MAX_TEXT:
                errors[question.key] = "too_long"
            else:
                clean[question.key] = value
            continue
        low, high = RATING_RANGES[question.kind]
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not low <= number <= high:
            errors[question.key] = "out_of_range"
            continue
        clean[question.key] = number
    if errors:
        raise AnswerError(errors)
    return clean


def submit_answer(session: Scope, token: str, raw_answers: dict, now: datetime, locale: str | None = None) -> NewAnswer:
    """Store the answer with its scores, close the link, and count it on the map, in one transaction."""
    survey = open_survey(session, token, now, record_open=False)
    themes = load_theme_set(session, survey.invitation.journey_id)
    return store_answer(session, prepare_answer(survey, raw_answers, now, locale, themes), now)


def prepare_answer(
    survey: OpenSurvey, raw_answers, now: datetime, locale: str | None = None, themes: ThemeSet = NO_THEMES
) -> NewAnswer:
    """The validated, scored answer (with the journey's own themes), not stored yet: no database, so it runs
    outside the write lock."""
    answers = validate_answers(survey.questions, raw_answers)
    kinds = {q.key: q.kind for q in survey.questions}
    face = next((answers[k] for k, kind in kinds.items() if kind == "face" and k in answers), None)
    rating_key = next((k for k, kind in kinds.items() if kind in ("csat", "ces", "nps") and k in answers), None)
    text = next((answers[k] for k, kind in kinds.items() if kind == "text" and k in answers), "")
    invitation = survey.invitation
    scores = score_columns(themes.score(text, face))
    return NewAnswer(
        id=None,
        invitation_id=invitation.id,
        journey_id=invitation.journey_id,
        stage_id=invitation.stage_id,
        touchpoint_id=invitation.touchpoint_id,
        customer_id=invitation.customer_id,
        persona_id=survey.persona_id,
        questionnaire_id=invitation.questionnaire_id,
        locale=locale or invitation.locale,
        submitted_at=now,
        answers=answers,
        face=face,
        rating_kind=kinds.get(rating_key),
        rating=answers.get(rating_key),
        text=text,
        **scores,
    )


def store_answer(session: Scope, response: NewAnswer, now: datetime) -> NewAnswer:
    """Claim the link, insert the answer, count it on the map and queue close-the-loop notes. Raises LinkError.

    Statements compiled once and run on the driver (driver_statements.py), not the ORM unit of work: this
    runs under SQLite's one write lock, for every answer.
    """
    _claim_link(session, response.invitation_id, now)
    row = {name: getattr(response, name) for name in _RESPONSE_COLUMNS}
    response.id = run(session, _INSERT_RESPONSE, row).fetchone()[0]
    rollups.add_response(session, response)
    queue_low_answer_notifications(session, response, now)  # close the loop: the scheduler sends them
    return response


_INVITATIONS = Invitation.__table__
_RESPONSES = Response.__table__
_RESPONSE_COLUMNS = [c.name for c in _RESPONSES.columns if c.name != "id"]
_INSERT_RESPONSE = insert(_RESPONSES).values(typed_binds(_RESPONSES, _RESPONSE_COLUMNS)).returning(_RESPONSES.c.id)
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


def _claim_link(session: Scope, invitation_id: int, now: datetime) -> None:
    """Mark the link answered unless it already is (or expired meanwhile): the single-use check.

    On SQLite the write lock serialises claims; on PostgreSQL a second claim waits on the row lock and then
    finds the status changed, so a replay or a double tap never stores two answers.
    """
    if run(session, _CLAIM_LINK, {"invitation_id": invitation_id, "now": now}).rowcount == 1:
        return
    status = first(session, _LINK_STATUS, {"invitation_id": invitation_id})
    raise LinkError(
        "unknown" if status is None else "answered" if status[0] == InvitationStatus.ANSWERED else "expired"
    )
