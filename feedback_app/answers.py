"""A customer's one-time link: open the questionnaire, then submit, score and count the answer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from . import rollups
from .notifications import queue_low_answer_notifications
from .models import Customer, Invitation, InvitationStatus, Journey, Question, Questionnaire, Response
from .scoring import score

RATING_RANGES = {"face": (1, 5), "csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}
MAX_TEXT = 2000


class LinkError(Exception):
    """The link cannot be answered: `kind` is unknown, expired or answered."""

    def __init__(self, kind: str, invitation: Invitation | None = None):
        super().__init__(kind)
        self.kind = kind
        self.invitation = invitation


class AnswerError(ValueError):
    """The submitted answers are incomplete or out of range; `errors` maps question key -> reason."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class OpenSurvey:
    invitation: Invitation
    questionnaire: Questionnaire
    questions: list[Question]
    journey: Journey
    customer: Customer


def open_survey(session: Session, token: str, now: datetime, record_open: bool = True) -> OpenSurvey:
    """The questionnaire behind a link; the first open is recorded. Raises LinkError."""
    invitation = _invitation(session, token)
    if invitation.status == InvitationStatus.ANSWERED:
        raise LinkError("answered", invitation)
    if invitation.expires_at <= now or invitation.status in (InvitationStatus.EXPIRED, InvitationStatus.SUPPRESSED):
        raise LinkError("expired", invitation)
    if record_open and invitation.opened_at is None:
        invitation.opened_at = now
        session.add(invitation)
    questionnaire = session.get(Questionnaire, invitation.questionnaire_id)
    questions = list(session.exec(select(Question).where(Question.questionnaire_id == questionnaire.id)
                                  .order_by(Question.position)))
    return OpenSurvey(invitation, questionnaire, questions, session.get(Journey, invitation.journey_id),
                      session.get(Customer, invitation.customer_id))


def _invitation(session: Session, token: str) -> Invitation:
    if not token or len(token) > 64:
        raise LinkError("unknown")
    invitation = session.exec(select(Invitation).where(Invitation.token == token)).first()
    if invitation is None:
        raise LinkError("unknown")
    return invitation


def validate_answers(questions: list[Question], raw: dict) -> dict:
    """Clean values per question key; raises AnswerError with a reason per bad question."""
    clean, errors = {}, {}
    for question in questions:
        value = raw.get(question.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if question.required:
                errors[question.key] = "required"
            continue
        if question.kind == "text":
            clean[question.key] = str(value).strip()[:MAX_TEXT]
            continue
        low, high = RATING_RANGES[question.kind]
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors[question.key] = f"choose a value from {low} to {high}"
            continue
        if not low <= number <= high:
            errors[question.key] = f"choose a value from {low} to {high}"
            continue
        clean[question.key] = number
    if errors:
        raise AnswerError(errors)
    return clean


def submit_answer(session: Session, token: str, raw_answers: dict, now: datetime, locale: str | None = None) -> Response:
    """Store the answer with its scores, close the link, and count it on the map, in one transaction."""
    survey = open_survey(session, token, now, record_open=True)
    answers = validate_answers(survey.questions, raw_answers)
    kinds = {q.key: q.kind for q in survey.questions}
    face = next((answers[k] for k, kind in kinds.items() if kind == "face" and k in answers), None)
    rating_key = next((k for k, kind in kinds.items() if kind in ("csat", "ces", "nps") and k in answers), None)
    text = next((answers[k] for k, kind in kinds.items() if kind == "text" and k in answers), "")
    invitation = survey.invitation
    response = Response(
        invitation_id=invitation.id, journey_id=invitation.journey_id, stage_id=invitation.stage_id,
        touchpoint_id=invitation.touchpoint_id, customer_id=invitation.customer_id,
        persona_id=survey.customer.persona_id if survey.customer else None,
        questionnaire_id=invitation.questionnaire_id, locale=locale or invitation.locale, submitted_at=now,
        answers=answers, face=face, rating_kind=kinds.get(rating_key), rating=answers.get(rating_key), text=text)
    apply_scores(response, score(text, lang=None, face=face))
    session.add(response)
    invitation.status = InvitationStatus.ANSWERED
    invitation.answered_at = now
    session.add(invitation)
    session.flush()
    rollups.add_response(session, response)
    queue_low_answer_notifications(session, response, now)  # close the loop: the scheduler sends them
    return response


def apply_scores(response: Response, scores: dict) -> None:
    """Copy a scorer result (CONTRACT.md "Scores") onto the response's columns."""
    response.polarity = float(scores["polarity"])
    response.label = scores["label"]
    response.language = scores.get("language") or ""
    response.emotion_label = scores["emotion"]["label"]
    response.emotion_score = float(scores["emotion"]["score"])
    response.themes = list(scores.get("themes") or [])
    response.subjectivity = scores.get("subjectivity")
    response.scorer = scores["scorer"]
