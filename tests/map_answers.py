"""Stored, already-scored answers for map tests: exact labels and themes, whatever the scorer says today."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from feedback_app.insight.rollups import add_response
from feedback_app.models import Journey, Questionnaire, Response, Stage, Touchpoint
from feedback_app.storage.database import session_scope


def record_answer(
    engine,
    stage: str,
    emotion: float,
    label: str,
    themes=(),
    text: str = "",
    when: datetime = None,
    emotion_label: str = "neutral",
    touchpoint: str | None = None,
    slug: str = "katering-sehat",
) -> int:
    with session_scope(engine) as session:
        journey = session.exec(select(Journey).where(Journey.slug == slug)).one()
        stage_row = session.exec(select(Stage).where(Stage.journey_id == journey.id, Stage.key == stage)).one()
        touchpoint_row = session.exec(
            select(Touchpoint)
            .where(Touchpoint.stage_id == stage_row.id)
            .where(*([Touchpoint.key == touchpoint] if touchpoint else []))
        ).first()
        response = Response(
            journey_id=journey.id,
            stage_id=stage_row.id,
            touchpoint_id=touchpoint_row.id if touchpoint_row else None,
            questionnaire_id=session.exec(select(Questionnaire.id)).first(),
            text=text,
            label=label,
            emotion_score=emotion,
            emotion_label=emotion_label,
            themes=list(themes),
            submitted_at=when or datetime(2026, 3, 10, 3, 0, tzinfo=UTC),
        )
        session.add(response)
        session.flush()
        add_response(session, response)
        return response.id
