"""Running counts of answers per emotion label, so the map can name a stage's dominant emotion without a scan."""
from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class EmotionRollup(SQLModel, table=True):
    """Answers per stage, touchpoint, persona, day and emotion label (joy, anger, …), kept as answers arrive."""

    __tablename__ = "emotion_rollup"
    __table_args__ = (
        Index("ux_emotion_rollup_key", "stage_id", "touchpoint_id", "persona_id", "day", "emotion", unique=True),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    stage_id: int = Field(foreign_key="stage.id")
    touchpoint_id: int = Field(default=0)  # 0: none
    persona_id: int = Field(default=0)  # 0: none
    day: date
    emotion: str = Field(max_length=16)
    responses: int = 0
