"""This process's copy of each questionnaire version the survey pages have read, so a page or an answer need not
read it again. A questionnaire's content changes only with its file's checksum (questionnaires.store_questionnaires),
so a version is looked up by id and checksum: the checksum the link's read (or its signed ticket) names keeps it honest.
"""

from __future__ import annotations

from feedback_app.models import Question, Questionnaire

# Questionnaire id -> (checksum, questionnaire, questions): plain objects attached to no session, shared by every
# request of this process.
_QUESTIONNAIRES: dict[int, tuple[str, Questionnaire, list[Question]]] = {}


def cached_questionnaire(questionnaire_id: int, checksum: str) -> tuple[Questionnaire, list[Question]] | None:
    """This version of the questionnaire and its questions, if this process has read it already."""
    cached = _QUESTIONNAIRES.get(questionnaire_id)
    return (cached[1], cached[2]) if cached is not None and cached[0] == checksum else None


def keep_questionnaire(questionnaire: Questionnaire, questions: list[Question]) -> None:
    """Remember a questionnaire version just read, in place of any older version of it."""
    _QUESTIONNAIRES[questionnaire.id] = (questionnaire.checksum, questionnaire, questions)


def forget_questionnaires() -> None:
    """Drop every version held, as a fresh worker starts (the next read of each link fills it again)."""
    _QUESTIONNAIRES.clear()
