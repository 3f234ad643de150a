"""A customer's answer with its scores, the themes it names, and the rollups the map reads."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class Response(SQLModel, table=True):
    __table_args__ = (Index("ix_response_stage_submitted", "stage_id", "submitted_at"),)
    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int | None = Field(default=None, foreign_key="invitation.id", unique=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    stage_id: int = Field(foreign_key="stage.id")
    touchpoint_id: int | None = Field(default=None, foreign_key="touchpoint.id")
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    persona_id: int | None = Field(default=None, foreign_key="persona.id")
    questionnaire_id: int = Field(foreign_key="questionnaire.id")
    locale: str = Field(default="id", max_length=8)
    submitted_at: datetime = Field(default_factory=utcnow)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    face: int | None = None
    rating_kind: str | None = Field(default=None, max_length=8)
    rating: int | None = None
    text: str = ""
    # Scores (the score fields, docs/scoring.md); recomputed by `rescore`.
    polarity: float = 0.0
    subjectivity: float | None = None
    label: str = Field(default="neutral", max_length=8)
    language: str = Field(default="", max_length=8)
    emotion_label: str = Field(default="neutral", max_length=16)
    emotion_score: float = 0.0
    themes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    scorer: str = Field(default="", max_length=64)
    # The text's own reading beside the label the face anchors, and whether the two clearly disagree
    # (the response browser shows and filters those); None until the answer is scored by a scorer that keeps it.
    text_polarity: float | None = None
    text_label: str | None = Field(default=None, max_length=8)
    text_contradicts_face: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # Erased or past retention: text and customer gone, scores kept as they were (rescoring leaves it alone).
    anonymised_at: datetime | None = None


class ResponseTheme(SQLModel, table=True):
    """One row per (response, theme): lets the map count themes and fetch quotes without a scan."""

    __tablename__ = "response_theme"
    __table_args__ = (Index("ix_response_theme_stage", "stage_id", "theme", "submitted_at"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    stage_id: int = Field(foreign_key="stage.id")
    theme: str = Field(max_length=80)
    label: str = Field(max_length=8)
    submitted_at: datetime


EMOTION_LABELS = ("joy", "love", "surprise", "sadness", "anger", "fear", "disgust", "neutral")


class StageRollup(SQLModel, table=True):
    """Running totals per stage, touchpoint, persona and day, kept as answers arrive."""

    __tablename__ = "stage_rollup"
    __table_args__ = (Index("ux_stage_rollup_key", "stage_id", "touchpoint_id", "persona_id", "day", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    stage_id: int = Field(foreign_key="stage.id")
    touchpoint_id: int = Field(default=0)  # 0: none
    persona_id: int = Field(default=0)  # 0: none
    day: date
    responses: int = 0
    emotion_sum: float = 0.0
    emotion_sq_sum: float = 0.0
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    # Answers per emotion label (the contract's set), so the map names a stage's dominant emotion
    # from the same few rows it already reads.
    emo_joy: int = 0
    emo_love: int = 0
    emo_surprise: int = 0
    emo_sadness: int = 0
    emo_anger: int = 0
    emo_fear: int = 0
    emo_disgust: int = 0
    emo_neutral: int = 0
    # Answers whose text clearly disagrees with the face (the response browser's flagged ones), so the map can say so.
    flagged: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    updated_at: datetime = Field(default_factory=utcnow)
