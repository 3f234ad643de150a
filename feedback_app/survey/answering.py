"""Answering a survey, the product's hot path: `answer_survey` is the one use case the survey page (and anything
else that answers a link) calls.

It is split so that SQLite's one write lock is held only for the writes: the link is read from the page's signed
ticket (link_tickets.py) or in a read-only transaction, `prepare_answer` validates and scores outside any
transaction, and `store_answer` is one short transaction that claims the link, inserts the answer, adds it to the
rollups and queues close-the-loop notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import make_dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from feedback_app.common.bounded_input import strip_nul
from feedback_app.common.field_errors import FieldErrors
from feedback_app.insight import rollups
from feedback_app.insight.close_the_loop import queue_low_answer_notifications
from feedback_app.insight.theme_sets import NO_THEMES, ThemeSet, cached_theme_set, score_columns
from feedback_app.models import Question, Response
from feedback_app.storage.database import driver_transaction
from feedback_app.storage.driver_statements import Scope, run, typed_binds
from feedback_app.survey.link_tickets import survey_from_ticket
from feedback_app.survey.links import LinkedInvitation, LinkError, OpenSurvey, claim_link, open_survey, survey_language

RATING_RANGES = {"face": (1, 5), "csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}
MAX_TEXT = 2000


class AnswerError(FieldErrors):
    """The submitted answers are incomplete or out of range: `errors` maps question key -> reason, and `survey`
    (set by answer_survey) is the questionnaire to show again with them."""

    survey: OpenSurvey | None = None


# An answer about to be stored: the response table's columns as a plain record (`id` is set once stored).
# SQLModel's instrumented constructor cost ~0.06 ms per answer, and this row goes to the driver, not the ORM.
NewAnswer = make_dataclass("NewAnswer", [(column.name, Any) for column in Response.__table__.columns], slots=True)


def answer_survey(
    engine: Engine,
    token: str,
    form: Mapping[str, Any],
    now: datetime,
    *,
    ticket: str | None = None,
    secret: str = "",
    lang: str | None = None,
) -> NewAnswer:
    """Store the answers to link `token`, scored and counted, given the page's signed `ticket` and chosen `lang`.
    Raises LinkError (with the invitation when it was read) or AnswerError (with the survey to show again)."""
    survey, themes = _open(engine, token, now, ticket, secret)
    try:
        answer = prepare_answer(survey, form, now, survey_language(lang, survey.invitation.locale), themes)
    except AnswerError as error:
        error.survey = survey
        raise
    return _store(engine, answer, survey.invitation, now)


def _open(engine: Engine, token: str, now: datetime, ticket: str | None, secret: str) -> tuple[OpenSurvey, ThemeSet]:
    """The survey behind the link and its journey's themes. A usable ticket and this process's caches spare any
    read; otherwise one read-only transaction, which never waits for the write lock."""
    survey = survey_from_ticket(ticket, token, secret, now)
    if survey is not None:
        return survey, cached_theme_set(engine, survey.invitation.journey_id)
    with driver_transaction(engine, write=False) as transaction:
        survey = open_survey(transaction, token, now, record_open=False)
        return survey, cached_theme_set(transaction, survey.invitation.journey_id)


def _store(engine: Engine, answer: NewAnswer, invitation: LinkedInvitation, now: datetime) -> NewAnswer:
    """`store_answer` in one write transaction; a link that cannot be answered any more says so with its invitation."""
    try:
        with driver_transaction(engine) as transaction:
            return store_answer(transaction, answer, now)
    except LinkError as error:
        raise LinkError(error.kind, invitation) from error
    except IntegrityError as error:  # a concurrent submit of the same link won
        raise LinkError("answered", invitation) from error


def validate_answers(questions: list[Question], raw: Mapping[str, Any]) -> dict:
    """Clean values per question key from submitted strings (a form) or values. Raises AnswerError mapping each bad
    question to a reason the page words in the customer's language: required, too_long (over MAX_TEXT), out_of_range."""
    clean, errors = {}, {}
    for question in questions:
        value = raw.get(question.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if question.required:
                errors[question.key] = "required"
            continue
        if question.kind == "text":
            # a browser's maxlength counts a line break once; a NUL the customer never meant to type is dropped
            value = strip_nul(str(value)).replace("\r\n", "\n").strip()
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


def prepare_answer(
    survey: OpenSurvey,
    raw_answers: Mapping[str, Any],
    now: datetime,
    locale: str | None = None,
    themes: ThemeSet = NO_THEMES,
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
        anonymised_at=None,
        **scores,
    )


def store_answer(session: Scope, response: NewAnswer, now: datetime) -> NewAnswer:
    """Claim the link, insert the answer, count it on the map and queue close-the-loop notes. Raises LinkError.
    Statements compiled once and run on the driver, not the ORM: this runs under SQLite's write lock, every answer."""
    claim_link(session, response.invitation_id, now)
    row = {name: getattr(response, name) for name in _RESPONSE_COLUMNS}
    response.id = run(session, _INSERT_RESPONSE, row).fetchone()[0]
    rollups.add_response(session, response)
    queue_low_answer_notifications(session, response, now)  # close the loop: the scheduler sends them
    return response


_RESPONSES = Response.__table__
_RESPONSE_COLUMNS = [c.name for c in _RESPONSES.columns if c.name != "id"]
_INSERT_RESPONSE = insert(_RESPONSES).values(typed_binds(_RESPONSES, _RESPONSE_COLUMNS)).returning(_RESPONSES.c.id)
