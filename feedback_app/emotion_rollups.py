"""Emotion-label counts per stage (models/emotions.py), kept beside the stage rollup as answers arrive.

The map names each stage's dominant emotion (joy, anger, …) from these counts instead of grouping responses.
`rollups.add_response` calls `count_emotion`; `rollups.rebuild_rollups` calls `rebuild_emotion_rollups`.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, literal_column
from sqlmodel import Session, select

from .clock import day_start
from .models import EmotionRollup, Response


def count_emotion(session: Session, response: Response, key: dict, sign: int) -> None:
    """Count the answer's emotion label in (sign=1) or out of (sign=-1) its day's row."""
    emotion = response.emotion_label or "neutral"
    row = session.exec(select(EmotionRollup).filter_by(emotion=emotion, **key)).first()
    if row is None:
        row = EmotionRollup(journey_id=response.journey_id, emotion=emotion, **key)
    row.responses += sign
    session.add(row)


def rebuild_emotion_rollups(session: Session, since: datetime | None, day_column) -> None:
    """Recount emotion labels from the responses in one INSERT … SELECT."""
    session.exec(delete(EmotionRollup).where(*([] if since is None else [EmotionRollup.day >= since.date()])))
    dimensions = [Response.journey_id, Response.stage_id, func.coalesce(Response.touchpoint_id, literal_column("0")),
                  func.coalesce(Response.persona_id, literal_column("0")), day_column, Response.emotion_label]
    query = (select(*dimensions, func.count())
             .where(*([] if since is None else [Response.submitted_at >= day_start(since)]))
             .group_by(*dimensions))
    columns = ["journey_id", "stage_id", "touchpoint_id", "persona_id", "day", "emotion", "responses"]
    session.exec(insert(EmotionRollup).from_select(columns, query))
